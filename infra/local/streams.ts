// The table's stream, polled as Lambda's event source mapping does: records in order per
// shard, filtered to the item kinds a consumer asked for, batches retried from the first
// record that failed. Reading starts at the oldest record kept, so after a restart records
// are handed over again: consumers are idempotent.
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse } from 'aws-lambda';
import type { LocalFunction } from './lambda.ts';
import { localClientConfig } from './net.ts';

export interface StreamConsumer {
  fn: LocalFunction;
  batchSize: number;
  kinds: string[];
}

export function pollStream(endpoint: string, streamArn: string, consumers: StreamConsumer[], onError: (err: unknown) => void) {
  const client = new DynamoDBStreamsClient(localClientConfig(endpoint));
  const iterators = new Map<string, string | undefined>();
  const closed = new Set<string>();
  let stopped = false;

  const deliver = async (records: _Record[]): Promise<string | undefined> => {
    for (const consumer of consumers) {
      const wanted = records.filter((r) => r.eventName === 'INSERT' && consumer.kinds.includes(String(r.dynamodb?.NewImage?.kind?.S)));
      for (let i = 0; i < wanted.length; i += consumer.batchSize) {
        const batch = wanted.slice(i, i + consumer.batchSize).map((r) => ({ ...r, eventSourceARN: streamArn, awsRegion: 'us-east-1' }));
        let failedAt: string | undefined;
        try {
          const response = (await consumer.fn.invoke({ Records: batch })) as DynamoDBBatchResponse | undefined;
          failedAt = response?.batchItemFailures?.[0]?.itemIdentifier;
        } catch (err) {
          onError(err);
          failedAt = batch[0].dynamodb?.SequenceNumber;
        }
        if (failedAt) return failedAt;
      }
    }
    return undefined;
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
          if (!iterator) continue;
          const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
          const records = page.Records ?? [];
          const failedAt = records.length ? await deliver(records) : undefined;
          if (failedAt) {
            const retry = await client.send(
              new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: id, ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: failedAt }),
            );
            iterators.set(id, retry.ShardIterator);
          } else if (page.NextShardIterator) iterators.set(id, page.NextShardIterator);
          else {
            iterators.delete(id);
            closed.add(id);
          }
        }
      } catch (err) {
        if (!stopped) onError(err);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    client.destroy();
  };
}
