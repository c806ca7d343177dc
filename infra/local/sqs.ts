// SQS on fauxqs (real wire protocol), the manifest's queues each with a dead-letter queue,
// and event-source pollers that hand batches to consumer functions as Lambda's SQS
// integration does: partial batch failures are left on the queue to be retried.
import { mkdirSync } from 'node:fs';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { interceptLocalhostDns, startFauxqs } from 'fauxqs';
import { queues, type QueueKey } from '../manifest.ts';
import type { LocalFunction } from './lambda.ts';
import { meteringProxy } from './meter.ts';
import { localClientConfig } from './net.ts';

export interface LocalQueues {
  endpoint: string;
  urls: Record<QueueKey, string>;
  dlqUrls: Record<QueueKey, string>;
  stop(): Promise<void>;
}

/** With `metered`, every SQS request goes through a counting proxy (queue URLs name it). */
export async function startQueues(region: string, dataDir?: string, metered = false): Promise<LocalQueues> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // Queue URLs name hosts like sqs.us-east-1.localhost, as AWS's name the region; the SDK
  // sends to the queue URL's host, so those names must resolve to this machine.
  const restoreDns = interceptLocalhostDns();
  const server = await startFauxqs({ port: 0, logger: false, ...(dataDir ? { dataDir } : {}) });
  const proxy = metered ? await meteringProxy(`http://127.0.0.1:${server.port}`, 'sqs') : undefined;
  // The endpoint has the queue URLs' origin, so the SDK sends to the same place either way.
  const endpoint = `http://sqs.${region}.localhost:${proxy?.port ?? server.port}`;
  const client = new SQSClient({ ...localClientConfig(endpoint), region });
  const urls = {} as Record<QueueKey, string>;
  const dlqUrls = {} as Record<QueueKey, string>;
  for (const [key, spec] of Object.entries(queues) as [QueueKey, (typeof queues)[QueueKey]][]) {
    const dlq = await client.send(new CreateQueueCommand({ QueueName: `${key}-dlq`, Attributes: { MessageRetentionPeriod: '1209600' } }));
    const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }));
    const main = await client.send(
      new CreateQueueCommand({
        QueueName: key,
        Attributes: {
          VisibilityTimeout: String(spec.visibilityTimeoutSeconds),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn, maxReceiveCount: String(spec.maxReceiveCount) }),
        },
      }),
    );
    // A queue kept from an earlier run keeps the URL of that run's port: name it by this one.
    const here = (url: string) => `${endpoint}${new URL(url).pathname}`;
    urls[key] = here(main.QueueUrl!);
    dlqUrls[key] = here(dlq.QueueUrl!);
  }
  client.destroy();
  return {
    endpoint,
    urls,
    dlqUrls,
    stop: async () => {
      await proxy?.close();
      await server.stop();
      restoreDns();
    },
  };
}

function sqsEvent(messages: Message[], queueArn: string): SQSEvent {
  return {
    Records: messages.map((m) => ({
      messageId: m.MessageId!,
      receiptHandle: m.ReceiptHandle!,
      body: m.Body ?? '',
      attributes: {
        ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
        SentTimestamp: m.Attributes?.SentTimestamp ?? String(Date.now()),
        SenderId: m.Attributes?.SenderId ?? 'local',
        ApproximateFirstReceiveTimestamp: m.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: process.env.AWS_REGION ?? 'us-east-1',
    })),
  };
}

/** A copy in random order. */
const shuffled = <T>(items: T[]) => {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
};

/** Polls a queue and invokes the consumer until stopped. Returns the stop function. */
export function pollQueue(
  endpoint: string,
  queueUrl: string,
  batchSize: number,
  consumer: LocalFunction,
  onError: (err: unknown) => void,
  /** As the event source's batching window: gather until a full batch or this long after the first message. */
  batchWindowSeconds = 0,
  /**
   * Deliver every batch twice, each time in another order (SQS standard queues deliver at
   * least once and in no set order): what a consumer does must not change when it does.
   */
  redeliver = false,
) {
  const client = new SQSClient(localClientConfig(endpoint));
  const abort = new AbortController();
  const queueArn = `arn:aws:sqs:${process.env.AWS_REGION}:000000000000:${queueUrl.split('/').pop()}`;
  const loop = (async () => {
    while (!abort.signal.aborted) {
      try {
        const receive = async (max: number, wait: number) =>
          (
            await client.send(
              new ReceiveMessageCommand({
                QueueUrl: queueUrl,
                MaxNumberOfMessages: max,
                WaitTimeSeconds: wait,
                MessageSystemAttributeNames: ['All'],
              }),
              { abortSignal: abort.signal },
            )
          ).Messages ?? [];
        const Messages = await receive(batchSize, 1);
        if (!Messages.length) continue;
        const until = Date.now() + batchWindowSeconds * 1000;
        while (Messages.length < batchSize && Date.now() < until) {
          const more = await receive(batchSize - Messages.length, 0);
          if (more.length) Messages.push(...more);
          else await new Promise((r) => setTimeout(r, Math.min(100, Math.max(0, until - Date.now()))));
        }
        let failed = new Set<string>(Messages.map((m) => m.MessageId!));
        for (const batch of redeliver ? [shuffled(Messages), shuffled(Messages)] : [Messages])
          try {
            const response = (await consumer.invoke(sqsEvent(batch, queueArn))) as SQSBatchResponse | undefined;
            failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
          } catch (err) {
            failed = new Set(Messages.map((m) => m.MessageId!));
            onError(err);
          }
        const done = Messages.filter((m) => !failed.has(m.MessageId!));
        if (done.length)
          await client.send(
            new DeleteMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
            }),
          );
      } catch (err) {
        if (abort.signal.aborted) break;
        onError(err);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  })();
  return async () => {
    abort.abort();
    await loop;
    client.destroy();
  };
}
