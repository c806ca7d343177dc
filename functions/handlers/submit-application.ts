import { IdempotencyConfig, IdempotencyValidationError, IdempotencyAlreadyInProgressError, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { getCalendar } from '#adapters/calendar-store.ts';
import { loadCase, commitChange, VersionConflict } from '#adapters/case-store.ts';
import { getService } from '#adapters/catalogue-store.ts';
import { requiredEnv } from '#adapters/clients.ts';
import { count } from '#adapters/powertools.ts';
import { startCaseWorkflow } from '#adapters/workflow.ts';
import { isApplicant, type Principal } from '#core/access.ts';
import { submitCase } from '#core/case.ts';
import { conflict, DomainError, notFound } from '#core/errors.ts';
import { caseIdFor } from '#core/ids.ts';
import type { ApplicationInput } from '#core/schemas.ts';
import { receipt } from '#core/views.ts';
import { HttpError, httpRoute } from '#http/api.ts';
import { contract } from '#http/routes/submit-application.ts';

interface Submission {
  key?: string;
  applicantSub: string;
  request: ApplicationInput;
}

async function submit({ key, applicantSub, request }: Submission) {
  const [service, calendar] = await Promise.all([getService(request.serviceCode), getCalendar()]);
  if (!service) throw notFound(`service ${request.serviceCode}`);
  const caseId = caseIdFor(applicantSub, key);
  const change = submitCase({ caseId, service, input: request, applicantSub, now: new Date(), calendar });
  let saved;
  try {
    saved = await commitChange(undefined, change);
  } catch (err) {
    if (!(err instanceof VersionConflict)) throw err;
    // A retry of a submission whose first attempt wrote the case and then failed.
    saved = await loadCase(caseId);
    if (!saved || saved.record.applicantSub !== applicantSub) throw conflict('this Idempotency-Key was used for another case');
  }
  if (saved.record.status === 'IN_REVIEW') {
    await startCaseWorkflow(saved);
    count('CasesAccepted');
  }
  return receipt(saved);
}

const idempotency = new IdempotencyConfig({
  eventKeyJmesPath: 'key',
  payloadValidationJmesPath: 'request',
  expiresAfterSeconds: 24 * 3600,
});
const submitOnce = makeIdempotent(submit, {
  persistenceStore: new DynamoDBPersistenceLayer({
    tableName: requiredEnv('TABLE_NAME'),
    keyAttr: 'PK',
    sortKeyAttr: 'SK',
    staticPkValue: 'IDEMPOTENCY',
  }),
  config: idempotency,
});

const applicants = { who: 'applicants', test: (p: Principal) => isApplicant(p) };

export const handler = httpRoute({ ...contract['POST /applications'], allow: applicants }, async ({ principal, body, event, context }) => {
  const key = event.headers['idempotency-key']?.trim();
  if (key !== undefined && (key.length === 0 || key.length > 255))
    throw new HttpError(400, 'VALIDATION_FAILED', 'the Idempotency-Key header is not valid', {
      issues: [{ path: 'headers.idempotency-key', message: 'must be 1 to 255 characters' }],
    });
  const submission: Submission = { key: key && `${principal.sub}#${key}`, applicantSub: principal.sub, request: body };
  try {
    if (!submission.key) return { status: 202, body: await submit(submission) };
    idempotency.registerLambdaContext(context);
    return { status: 202, body: await submitOnce(submission) };
  } catch (err) {
    if (err instanceof IdempotencyValidationError)
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used with a different request');
    if (err instanceof IdempotencyAlreadyInProgressError)
      throw conflict('a request with this Idempotency-Key is still being processed; retry shortly');
    throw err;
  }
});
