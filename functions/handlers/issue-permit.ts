// Table stream consumer: every approved case issues its permit, and a post-check that fails
// after approval revokes it. The document is built from the case alone and signed (KMS Sign
// over its digest); the permit and its PERMIT_ISSUED event are written with the case in one
// transaction, only if the case has no permit yet. A retried record, a redelivered one or two
// racing consumers therefore issue one permit and revoke it once. A post-check that failed
// before the permit was issued revokes it as it is issued. A record that keeps failing (the
// key unreachable) is retried by the stream, then kept on the consumer's failure queue.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { caseIdOf } from '#adapters/case-keys.ts';
import { kmsPermitSigner } from '#adapters/permit-key.ts';
import { awsRuntime } from '#app/aws.ts';
import { getPermit } from '#adapters/case-store.ts';
import type { Permits, PermitSigner } from '#app/ports.ts';
import { type CaseCommand, runCommand, type Runtime } from '#app/run.ts';
import { existingCase } from '#core/access.ts';
import { DomainError } from '#core/errors.ts';
import {
  issuePermit,
  type PermitDocument,
  type PermitRecord,
  type PermitSignature,
  permitDigest,
  PERMIT_EVENTS,
  permitDocument,
  revokeForFailedPostCheck,
  SIGNING_ALGORITHM,
} from '#core/permit.ts';

type Prepared = { issue: { document: PermitDocument; signature: PermitSignature } } | { revoke: PermitRecord | undefined } | undefined;

/**
 * Issue the case's permit (signed before the decision, recorded only if there is none yet),
 * or revoke it after a failed post-check (read before the decision, revoked once).
 */
export const issueCommand = (
  signer: PermitSigner,
  permits: Permits,
): CaseCommand<{ caseId: string }, string | undefined, 'system', Prepared> => ({
  caseId: (input) => input.caseId,
  access: () => existingCase,
  prepare: async (found) => {
    const { record } = found;
    if (record.status !== 'APPROVED') return undefined;
    if (record.permit)
      return record.postCheckFailed && !record.permit.revokedAt ? { revoke: await permits.getPermit(record.permit.number) } : undefined;
    const document = permitDocument(found);
    const { keyId, signature } = await signer.sign(permitDigest(document));
    return { issue: { document, signature: { algorithm: SIGNING_ALGORITHM, keyId, value: Buffer.from(signature).toString('base64') } } };
  },
  decide: ({ case: agg, prepared, now }) => {
    const change = !prepared
      ? null
      : 'issue' in prepared
        ? issuePermit(agg, prepared.issue.document, prepared.issue.signature, now)
        : revokeForFailedPostCheck(agg, prepared.revoke, now);
    return { change, outcome: (after) => ({ reply: after.record.permit?.number }) };
  },
});

/** The stream consumer: a record that fails is reported for the stream to retry. */
export function permitIssuer(rt: Runtime, signer: PermitSigner, permits: Permits) {
  const command = issueCommand(signer, permits);
  async function issue(record: DynamoDBRecord) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) return;
    const item = unmarshall(image as never) as { PK?: string; kind?: string; type?: string };
    if (item.kind !== 'event' || !item.type || !(PERMIT_EVENTS as readonly string[]).includes(item.type) || !item.PK) return;
    // a case erased since (its retention ended) has nothing left to issue
    await runCommand(rt, command, 'system', { caseId: caseIdOf(item.PK) }).catch((err) => {
      if (!(err instanceof DomainError && err.code === 'NOT_FOUND')) throw err;
    });
  }
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  return async (event: DynamoDBStreamEvent, context: Context) => processPartialResponse(event, issue, processor, { context });
}

export const handler = permitIssuer(awsRuntime(), kmsPermitSigner, { getPermit });
