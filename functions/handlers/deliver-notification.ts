// Notification queue consumer: resolve the recipient's addresses and deliver through the
// configured channel, once per notification id. A channel that is idempotent by itself (the
// outbox: one conditional write per id) needs nothing more; e-mail is sent under a
// Powertools idempotency record, so a redelivered message is not sent twice.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { getCaseRecord } from '#adapters/case-store.ts';
import { channel } from '#adapters/channels.ts';
import { oncePerId } from '#adapters/idempotency.ts';
import { knownContacts } from '#adapters/notification-store.ts';
import type { Notification } from '#core/notifications.ts';

async function addresses(n: Notification): Promise<string[]> {
  if (n.recipient.kind === 'applicant') {
    // known from the event; an event from before events carried it: read the case
    const email = n.to ? n.to.at(0) : (await getCaseRecord(n.caseId))?.applicant.email;
    return email ? [email] : [];
  }
  const contacts = await knownContacts(n.recipient.department);
  return (n.recipient.kind === 'department' ? contacts?.emails : contacts?.adminEmails) ?? [];
}

async function deliver(n: Notification) {
  await channel().deliver(n, await addresses(n));
  return { delivered: n.id };
}

const deliverOnce = oncePerId(deliver);

const processor = new BatchProcessor(EventType.SQS);

export const handler = async (event: SQSEvent, context: Context) => {
  deliverOnce.config.registerLambdaContext(context);
  const send = channel().idempotent ? deliver : deliverOnce.run;
  return processPartialResponse(event, (record: SQSRecord) => send(JSON.parse(record.body) as Notification), processor, { context });
};
