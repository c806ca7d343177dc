// Table stream consumer: every approved case issues its permit. The document is built from
// the case alone and signed (KMS Sign over its digest); the permit and its PERMIT_ISSUED event
// are written with the case in one transaction, only if the case has no permit yet. A
// retried record, a redelivered one or two racing consumers therefore issue one permit; a
// record that keeps failing (the key unreachable) is retried by the stream, then kept on the
// consumer's failure queue.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { caseIdOf } from '#adapters/case-keys.ts';
import { kmsPermitSigner } from '#adapters/permit-key.ts';
import { awsRuntime } from '#app/aws.ts';
import type { PermitSigner } from '#app/ports.ts';
import { type CaseCommand, runCommand, type Runtime } from '#app/run.ts';
import { existingCase } from '#core/access.ts';
import { DomainError } from '#core/errors.ts';
import { issuePermit, type PermitDocument, type PermitSignature, permitDigest, permitDocument, SIGNING_ALGORITHM } from '#core/permit.ts';

type Signed = { document: PermitDocument; signature: PermitSignature } | undefined;

/** Issue the case's permit: signed before the decision, recorded only if there is none yet. */
export const issueCommand = (signer: PermitSigner): CaseCommand<{ caseId: string }, string | undefined, 'system', Signed> => ({
  caseId: (input) => input.caseId,
  access: () => existingCase,
  prepare: async (found) => {
    if (found.record.permit || found.record.status !== 'APPROVED') return undefined;
    const document = permitDocument(found);
    const { keyId, signature } = await signer.sign(permitDigest(document));
    return { document, signature: { algorithm: SIGNING_ALGORITHM, keyId, value: Buffer.from(signature).toString('base64') } };
  },
  decide: ({ case: agg, prepared }) => {
    const change = prepared ? issuePermit(agg, prepared.document, prepared.signature) : null;
    return { change, outcome: (after) => ({ reply: after.record.permit?.number }) };
  },
});

/** The stream consumer: a record that fails is reported for the stream to retry. */
export function permitIssuer(rt: Runtime, signer: PermitSigner) {
  const command = issueCommand(signer);
  async function issue(record: DynamoDBRecord) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) return;
    const item = unmarshall(image as never) as { PK?: string; kind?: string; type?: string };
    if (item.kind !== 'event' || item.type !== 'CASE_APPROVED' || !item.PK) return;
    // a case erased since (its retention ended) has nothing left to issue
    await runCommand(rt, command, 'system', { caseId: caseIdOf(item.PK) }).catch((err) => {
      if (!(err instanceof DomainError && err.code === 'NOT_FOUND')) throw err;
    });
  }
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  return async (event: DynamoDBStreamEvent, context: Context) => processPartialResponse(event, issue, processor, { context });
}

export const handler = permitIssuer(awsRuntime(), kmsPermitSigner);
