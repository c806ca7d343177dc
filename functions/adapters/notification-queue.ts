// The notification queue in SQS: the publisher sends each event's notifications there, ten
// to a request, and the delivery function consumes them.
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { NotificationQueue } from '#app/ports.ts';
import { requiredEnv } from './clients.ts';

const sqs = new SQSClient({});

export const notificationQueue: NotificationQueue = {
  async send(batch) {
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: requiredEnv('NOTIFICATIONS_QUEUE_URL'),
        Entries: batch.map((n, j) => ({ Id: String(j), MessageBody: JSON.stringify(n) })),
      }),
    );
    return { failed: result.Failed?.length ?? 0 };
  },
};
