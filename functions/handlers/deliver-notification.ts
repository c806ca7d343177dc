// Notification queue consumer: resolve the recipient's addresses and deliver through the
// configured channel, once per notification id. A channel that is idempotent by itself (the
// outbox: one conditional write per id) needs nothing more; e-mail is sent under a
// Powertools idempotency record, so a redelivered message is not sent twice.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { getCaseRecord } from '#adapters/case-store.ts';
import { channel } from '#adapters/channels.ts';
import { CaseTableIdempotency, oncePerId } from '#adapters/idempotency.ts';
import { knownContacts } from '#adapters/notification-store.ts';
import type { DepartmentContacts, NotificationChannel } from '#app/ports.ts';
import type { CaseRecord } from '#core/case/model.ts';
import type { Notification } from '#core/notifications.ts';

/** What delivering needs. */
export interface Delivery {
  /** The configured channel. */
  channel: () => NotificationChannel;
  /** A department's contacts. */
  contacts: (department: string) => Promise<DepartmentContacts | undefined>;
  /** The case item alone: the applicant's address for a notification from before events carried it. */
  caseRecord: (caseId: string) => Promise<Pick<CaseRecord, 'applicant'> | undefined>;
  /** Where a channel that is not idempotent by itself records each id it delivered (made on the first batch). */
  deliveries: () => BasePersistenceLayer;
}

/** The queue consumer; a message that fails is reported for the queue to deliver again. */
export function notificationDelivery(deps: Delivery) {
  async function addresses(n: Notification): Promise<string[]> {
    if (n.recipient.kind === 'applicant') {
      // known from the event; an event from before events carried it: read the case
      const email = n.to ? n.to.at(0) : (await deps.caseRecord(n.caseId))?.applicant.email;
      return email ? [email] : [];
    }
    const contacts = await deps.contacts(n.recipient.department);
    return (n.recipient.kind === 'department' ? contacts?.emails : contacts?.adminEmails) ?? [];
  }

  async function deliver(n: Notification) {
    await deps.channel().deliver(n, await addresses(n));
    return { delivered: n.id };
  }

  let deliverOnce: ReturnType<typeof oncePerId<Notification, { delivered: string }>> | undefined;
  const processor = new BatchProcessor(EventType.SQS);

  return async (event: SQSEvent, context: Context) => {
    deliverOnce ??= oncePerId(deliver, undefined, deps.deliveries());
    deliverOnce.config.registerLambdaContext(context);
    const send = deps.channel().idempotent ? deliver : deliverOnce.run;
    return processPartialResponse(event, (record: SQSRecord) => send(JSON.parse(record.body) as Notification), processor, { context });
  };
}

export const handler = notificationDelivery({
  channel,
  contacts: knownContacts,
  caseRecord: getCaseRecord,
  deliveries: () => new CaseTableIdempotency(),
});
