// Table stream consumer: every new timeline event that notifies anyone (the stream's filter
// passes only those) becomes the notifications it calls for, sent to the notification
// queue. The events are the outbox: nothing is notified that is not on a case's timeline,
// and a retried batch sends the same notification ids again. The event carries what the
// notifications say of the case, so nothing is read here.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { notificationQueue } from '#adapters/notification-queue.ts';
import type { NotificationQueue } from '#app/ports.ts';
import * as z from '#core/zod.ts';
import { notificationsFor } from '#core/notifications.ts';

/** A timeline event item as the stream shows it (NEW_IMAGE). */
const eventImage = z.object({
  kind: z.literal('event'),
  seq: z.number().check(z.int(), z.minimum(1)),
  at: z.string().check(z.minLength(1)),
  type: z.string().check(z.minLength(1)),
  actor: z.string().check(z.minLength(1)),
  department: z.optional(z.string()),
  detail: z.optional(z.record(z.string(), z.unknown())),
  facts: z.object({
    caseId: z.string().check(z.minLength(1)),
    serviceName: z.string(),
    applicantName: z.string(),
    applicantIdMasked: z.optional(z.string()),
    applicantEmail: z.optional(z.string()),
  }),
});

/** The stream consumer, queueing on `queue`; a record that fails is reported for the stream to retry. */
export function notificationPublisher(queue: NotificationQueue) {
  async function publish(record: DynamoDBRecord) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) return;
    const { facts, ...event } = eventImage.parse(unmarshall(image as never));
    const notifications = notificationsFor(facts, event);
    for (let i = 0; i < notifications.length; i += 10) {
      const { failed } = await queue.send(notifications.slice(i, i + 10));
      if (failed) throw new Error(`${failed} notifications not queued for ${facts.caseId}#${event.seq}`);
    }
  }

  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  return async (event: DynamoDBStreamEvent, context: Context) => processPartialResponse(event, publish, processor, { context });
}

export const handler = notificationPublisher(notificationQueue);
