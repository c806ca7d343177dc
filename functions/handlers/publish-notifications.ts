// Table stream consumer: every new timeline event that notifies anyone (the stream's filter
// passes only those) becomes the notifications it calls for, sent to the notification
// queue. The events are the outbox: nothing is notified that is not on a case's timeline,
// and a retried batch sends the same notification ids again. The event carries what the
// notifications say of the case, so nothing is read here.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import * as z from '#core/zod.ts';
import { requiredEnv } from '#adapters/clients.ts';
import { notificationsFor } from '#core/notifications.ts';

const sqs = new SQSClient({});

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

async function publish(record: DynamoDBRecord) {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image) return;
  const { facts, ...event } = eventImage.parse(unmarshall(image as never));
  const notifications = notificationsFor(facts, event);
  for (let i = 0; i < notifications.length; i += 10) {
    const batch = notifications.slice(i, i + 10);
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: requiredEnv('NOTIFICATIONS_QUEUE_URL'),
        Entries: batch.map((n, j) => ({ Id: String(j), MessageBody: JSON.stringify(n) })),
      }),
    );
    if (result.Failed?.length) throw new Error(`${result.Failed.length} notifications not queued for ${facts.caseId}#${event.seq}`);
  }
}

const processor = new BatchProcessor(EventType.DynamoDBStreams);

export const handler = async (event: DynamoDBStreamEvent, context: Context) =>
  processPartialResponse(event, publish, processor, { context });
