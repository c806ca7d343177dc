// Table stream consumer: every new timeline event becomes the notifications it calls for,
// sent to the notification queue. The events are the outbox: nothing is notified that is not
// on a case's timeline, and a retried batch sends the same notification ids again.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documents, requiredEnv } from '#adapters/clients.ts';
import type { CaseRecord, TimelineEvent } from '#core/case.ts';
import { notificationsFor } from '#core/notifications.ts';

const sqs = new SQSClient({});

async function publish(record: DynamoDBRecord) {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image) return;
  const item = unmarshall(image as never) as TimelineEvent & { PK: string; kind: string };
  if (item.kind !== 'event') return;
  const caseId = item.PK.replace(/^CASE#/, '');
  const { Item } = await documents.send(new GetCommand({ TableName: requiredEnv('TABLE_NAME'), Key: { PK: item.PK, SK: 'CASE' } }));
  if (!Item) throw new Error(`case ${caseId} not found for event ${item.seq}`);
  const notifications = notificationsFor(Item as CaseRecord, item);
  for (let i = 0; i < notifications.length; i += 10) {
    const batch = notifications.slice(i, i + 10);
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: requiredEnv('NOTIFICATIONS_QUEUE_URL'),
        Entries: batch.map((n, j) => ({ Id: String(j), MessageBody: JSON.stringify(n) })),
      }),
    );
    if (result.Failed?.length) throw new Error(`${result.Failed.length} notifications not queued for ${caseId}#${item.seq}`);
  }
}

const processor = new BatchProcessor(EventType.DynamoDBStreams);

export const handler = async (event: DynamoDBStreamEvent, context: Context) =>
  processPartialResponse(event, publish, processor, { context });
