// The table's stream, polled as Lambda's event source mapping does: records in order per
// shard, filtered to the new items a consumer asked for, images as real DynamoDB writes
// them. A failing batch is handled as the stack's mapping configures it (infra/stack.ts):
// bisected, each record retried a bounded number of times (`retryAttempts` in the
// manifest), then reported to the consumer's failure queue (the on-failure destination)
// and passed over, so one bad record never holds up the records after it. Reading starts
// at the oldest record kept, so after a restart records are handed over again: consumers
// are idempotent.
import { randomUUID } from 'node:crypto';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
  type StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBBatchResponse } from 'aws-lambda';
import { lambdaContext, type LocalFunction } from './lambda.ts';
import { localClientConfig } from './net.ts';

export interface StreamConsumer {
  fn: LocalFunction;
  batchSize: number;
  /** The mapping's filter: new items whose string attributes have one of these values. */
  newImage: Record<string, readonly string[]>;
  /** The mapping's MaximumRetryAttempts: retries of a failing record before it is reported and passed over. */
  retryAttempts: number;
  /** The mapping's on-failure destination. */
  failureQueueUrl: string;
}

/** A stream record as Lambda hands it to a function. */
type LambdaStreamRecord = Omit<_Record, 'dynamodb'> & {
  dynamodb: Omit<StreamRecord, 'ApproximateCreationDateTime'> & { ApproximateCreationDateTime?: number };
  eventSourceARN: string;
};

type Attribute = Record<string, unknown>;

/**
 * DynamoDB Local writes an empty map as `{}` in stream images, where DynamoDB writes
 * `{"M":{}}` (and `unmarshall` throws on `{}`). Returns the value as DynamoDB writes it,
 * looking into maps and lists; other values are returned as they are.
 */
export function repairAttributeValue(value: Attribute): Attribute {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  if (Object.keys(value).length === 0) return { M: {} };
  if ('M' in value && value.M && typeof value.M === 'object') return { ...value, M: repairImage(value.M as Record<string, Attribute>) };
  if ('L' in value && Array.isArray(value.L)) return { ...value, L: (value.L as Attribute[]).map(repairAttributeValue) };
  return value;
}

/** An item image (or key) with every attribute value repaired. */
export function repairImage<T extends Record<string, any> | undefined>(image: T): T {
  if (!image) return image;
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, repairAttributeValue(value)])) as T;
}

/** A stream record's Keys, NewImage and OldImage as DynamoDB writes them. */
export function repairStreamRecord<
  T extends { Keys?: Record<string, any>; NewImage?: Record<string, any>; OldImage?: Record<string, any> },
>(record: T): T {
  const repaired = { ...record };
  for (const key of ['Keys', 'NewImage', 'OldImage'] as const) if (record[key]) repaired[key] = repairImage(record[key]);
  return repaired;
}

/** Creates (or finds) a consumer's on-failure destination queue; returns its URL. */
export async function createFailureQueue(sqsEndpoint: string, consumerName: string): Promise<string> {
  const client = new SQSClient(localClientConfig(sqsEndpoint));
  try {
    const { QueueUrl } = await client.send(
      new CreateQueueCommand({ QueueName: `${consumerName}-failures`, Attributes: { MessageRetentionPeriod: '1209600' } }),
    );
    // A queue kept from an earlier run keeps the URL of that run's port: name it by this one.
    return `${sqsEndpoint}${new URL(QueueUrl!).pathname}`;
  } finally {
    client.destroy();
  }
}

/** Pause between retries of a failing batch: brief, growing, capped (a poison record must not spin the CPU). */
export const retryDelayMs = (retry: number) => Math.min(100 * 2 ** Math.max(0, retry - 1), 500);

interface Failure {
  /** The records still to be retried: from the first failed one to the end of the batch. */
  rest: LambdaStreamRecord[];
  /** The invocation threw (Lambda's "Unhandled" function error), rather than reporting item failures. */
  error?: unknown;
}

export function pollStream(
  endpoint: string,
  streamArn: string,
  consumers: StreamConsumer[],
  sqsEndpoint: string,
  onError: (err: unknown) => void,
  /** Hand every batch to its consumer twice (Lambda retries a batch whole): the second time must change nothing. */
  redeliver = false,
) {
  const client = new DynamoDBStreamsClient(localClientConfig(endpoint));
  const sqs = new SQSClient(localClientConfig(sqsEndpoint));
  const iterators = new Map<string, string | undefined>();
  const closed = new Set<string>();
  let stopped = false;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const lambdaRecord = (r: _Record): LambdaStreamRecord => {
    const { ApproximateCreationDateTime: created, ...rest } = r.dynamodb ?? {};
    return {
      ...r,
      eventSourceARN: streamArn,
      awsRegion: process.env.AWS_REGION ?? 'us-east-1',
      // Lambda sends epoch seconds, where the SDK reads a Date
      dynamodb: {
        ...repairStreamRecord(rest),
        ...(created ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
      },
    };
  };

  /** One invocation; what is left to retry when it did not fully succeed. */
  const invoke = async (consumer: StreamConsumer, batch: LambdaStreamRecord[]): Promise<Failure | undefined> => {
    let response: DynamoDBBatchResponse | undefined;
    try {
      if (redeliver) await consumer.fn.invoke({ Records: batch });
      response = (await consumer.fn.invoke({ Records: batch })) as DynamoDBBatchResponse | undefined;
    } catch (error) {
      return { rest: batch, error };
    }
    const failures = response?.batchItemFailures ?? [];
    if (!failures.length) return undefined;
    // Lambda checkpoints at the lowest failed sequence number and retries from there; an
    // identifier that names no record of the batch fails the whole batch.
    const positions = failures.map((f) => batch.findIndex((r) => f.itemIdentifier && r.dynamodb.SequenceNumber === f.itemIdentifier));
    const from = positions.includes(-1) ? 0 : Math.min(...positions);
    return { rest: batch.slice(from) };
  };

  /** The on-failure destination's invocation record for a stream batch, as Lambda writes it. */
  const report = async (consumer: StreamConsumer, shardId: string, batch: LambdaStreamRecord[], invokeCount: number, failure: Failure) => {
    const arrival = (r: LambdaStreamRecord) =>
      new Date((r.dynamodb.ApproximateCreationDateTime ?? Date.now() / 1000) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    const first = batch[0];
    const last = batch[batch.length - 1];
    const message = {
      requestContext: {
        requestId: randomUUID(),
        functionArn: lambdaContext(consumer.fn.spec).invokedFunctionArn,
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: invokeCount,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', ...(failure.error ? { functionError: 'Unhandled' } : {}) },
      version: '1.0',
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId,
        startSequenceNumber: first.dynamodb.SequenceNumber,
        endSequenceNumber: last.dynamodb.SequenceNumber,
        approximateArrivalOfFirstRecord: arrival(first),
        approximateArrivalOfLastRecord: arrival(last),
        batchSize: batch.length,
        streamArn,
      },
    };
    const cause = failure.error as { recordErrors?: { stack?: string }[]; stack?: string } | undefined;
    const detail = cause ? `: ${cause.recordErrors?.[0]?.stack ?? cause.stack ?? cause}` : ' (the function reported the record as failed)';
    onError(
      new Error(
        `${consumer.fn.spec.name}: stream records ${message.DDBStreamBatchInfo.startSequenceNumber}..${message.DDBStreamBatchInfo.endSequenceNumber} failed ${invokeCount} times; sent to the failure queue and passed over${detail}`,
      ),
    );
    for (let attempt = 1; ; attempt++) {
      try {
        await sqs.send(new SendMessageCommand({ QueueUrl: consumer.failureQueueUrl, MessageBody: JSON.stringify(message) }));
        return;
      } catch (err) {
        if (attempt >= 3 || stopped) return onError(err);
        await sleep(retryDelayMs(attempt));
      }
    }
  };

  /**
   * Hands a batch to the consumer until it succeeds, as the mapping does with bisection: a
   * failing batch of several records is split in two at the first failure and the halves
   * handled in order (splitting spends no retry); a failing single record is retried up to
   * `retryAttempts` times, then reported and passed over.
   */
  const handle = async (consumer: StreamConsumer, shardId: string, batch: LambdaStreamRecord[]): Promise<void> => {
    for (let retries = 0; !stopped; retries++) {
      const failure = await invoke(consumer, batch);
      if (!failure) return;
      if (failure.rest.length > 1) {
        const half = Math.ceil(failure.rest.length / 2);
        await sleep(retryDelayMs(1));
        await handle(consumer, shardId, failure.rest.slice(0, half));
        await handle(consumer, shardId, failure.rest.slice(half));
        return;
      }
      batch = failure.rest;
      if (retries >= consumer.retryAttempts) return report(consumer, shardId, batch, retries + 1, failure);
      await sleep(retryDelayMs(retries + 1));
    }
  };

  const deliver = async (shardId: string, records: _Record[]) => {
    for (const consumer of consumers) {
      // the mapping's filter: new items whose attributes match the consumer's
      const matches = (r: _Record) =>
        Object.entries(consumer.newImage).every(([name, values]) => values.includes(String(r.dynamodb?.NewImage?.[name]?.S)));
      const wanted = records.filter((r) => r.eventName === 'INSERT' && matches(r)).map(lambdaRecord);
      for (let i = 0; i < wanted.length && !stopped; i += consumer.batchSize)
        await handle(consumer, shardId, wanted.slice(i, i + consumer.batchSize));
    }
  };

  const loop = (async () => {
    while (!stopped) {
      try {
        const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
        for (const shard of StreamDescription?.Shards ?? []) {
          const id = shard.ShardId!;
          if (closed.has(id) || iterators.has(id)) continue;
          const { ShardIterator } = await client.send(
            new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: id, ShardIteratorType: 'TRIM_HORIZON' }),
          );
          iterators.set(id, ShardIterator);
        }
        for (const [id, iterator] of iterators) {
          if (!iterator || stopped) continue;
          const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
          const records = page.Records ?? [];
          if (records.length) await deliver(id, records);
          if (stopped) break;
          if (page.NextShardIterator) iterators.set(id, page.NextShardIterator);
          else {
            iterators.delete(id);
            closed.add(id);
          }
        }
      } catch (err) {
        if (!stopped) onError(err);
      }
      await sleep(200);
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    client.destroy();
    sqs.destroy();
  };
}
