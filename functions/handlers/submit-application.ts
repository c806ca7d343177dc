import { setTimeout as sleep } from 'node:timers/promises';
import { caseWorkflow } from '#adapters/workflow.ts';
import { awsRuntime } from '#app/aws.ts';
import { publishedService } from '#adapters/catalogue-store.ts';
import type { Runtime } from '#app/run.ts';
import { submitCase } from '#core/case/submission.ts';
import { VersionConflict } from '#core/case-store.ts';
import { conflict, DomainError, notFound } from '#core/errors.ts';
import { asSubmitted, caseIdFor, requestHash, submissionReplay } from '#core/ids.ts';
import type { ApplicationInput } from '#core/schemas.ts';
import { receipt } from '#core/views.ts';
import { HttpError, httpRoute } from '#http/api.ts';
import { contract } from '#http/routes/submit-application.ts';

/** Attempts at a keyed submission that conflicts with one not yet committed. */
const ATTEMPTS = 3;

/**
 * Make the case, or with an Idempotency-Key find the one this key already made: the case id
 * is derived from (applicant, key) and the case is written only if absent, so of concurrent
 * attempts one writer wins and the others answer what it made. The case keeps the request's
 * hash: the same request gets the first answer again, another one is refused (409).
 */
export async function submit(rt: Runtime, applicantSub: string, key: string | undefined, request: ApplicationInput) {
  const [service, calendar] = await Promise.all([rt.service(request.serviceCode), rt.calendar()]);
  if (!service) throw notFound(`service ${request.serviceCode}`);
  const caseId = caseIdFor(applicantSub, key && `${applicantSub}#${key}`);
  const hash = key === undefined ? undefined : requestHash(request);
  const change = submitCase({ caseId, service, input: request, applicantSub, now: rt.now(), calendar });
  const made = { ...change, record: { ...change.record, requestHash: hash } };
  for (let attempt = 1; ; attempt++) {
    try {
      const saved = await rt.store.commit(undefined, made, calendar);
      if (saved.record.status === 'IN_REVIEW') {
        await rt.workflow.start(saved);
        rt.count('CasesAccepted');
      }
      return receipt(saved);
    } catch (err) {
      if (!(err instanceof VersionConflict) || hash === undefined) throw err;
    }
    const existing = await rt.store.load(caseId);
    if (existing) {
      if (submissionReplay(existing.record, applicantSub, hash) === 'key-reused')
        throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used with a different request');
      // The first attempt may have stopped before starting the workflow: starting it again is harmless.
      if (existing.record.status === 'IN_REVIEW') await rt.workflow.start(existing);
      return receipt(asSubmitted(existing));
    }
    // The attempt this one conflicted with has not committed (or was cancelled too): again.
    if (attempt === ATTEMPTS) throw conflict('a request with this Idempotency-Key is still being processed; retry shortly');
    await sleep(25 * attempt);
  }
}

export const route = contract['POST /applications'];

export const submitRoute = (rt: Runtime) =>
  httpRoute(route, async ({ principal, body, event }) => {
    const key = event.headers['idempotency-key']?.trim();
    if (key !== undefined && (key.length === 0 || key.length > 255))
      throw new HttpError(400, 'VALIDATION_FAILED', 'the Idempotency-Key header is not valid', {
        issues: [{ path: 'headers.idempotency-key', message: 'must be 1 to 255 characters' }],
      });
    return { status: 202, body: await submit(rt, principal.sub, key, body) };
  });

export const handler = submitRoute(awsRuntime({ workflow: caseWorkflow, service: publishedService }));
