// The SQS stand-in's poller, as the event source mapping: a batch handed to the consumer and
// deleted once handled; in redelivery mode (`npm run chaos`) every batch handed over twice,
// each time in another order, before it is deleted.
import assert from 'node:assert/strict';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { localClientConfig } from '../../infra/local/net.ts';
import { type LocalQueues, pollQueue, startQueues } from '../../infra/local/sqs.ts';
import { eventually } from '../support/local-stack.ts';

let queues: LocalQueues;
beforeAll(async () => {
  queues = await startQueues('us-east-1');
});
afterAll(async () => {
  await queues?.stop();
});

async function deliveredBodies(redeliver: boolean, bodies: string[]) {
  const url = queues.urls.notifications;
  const client = new SQSClient(localClientConfig(queues.endpoint));
  await client.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: bodies.map((b, i) => ({ Id: String(i), MessageBody: b })) }));
  client.destroy();
  const batches: string[][] = [];
  const consumer = {
    spec: { name: 'Consumer' } as never,
    invoke: async (event: unknown) => {
      batches.push((event as SQSEvent).Records.map((r) => r.body));
      return { batchItemFailures: [] };
    },
  };
  const stop = pollQueue(queues.endpoint, url, 10, consumer, (err) => assert.fail(String(err)), 1, redeliver);
  await eventually(
    async () => batches.flat().filter((b) => bodies.includes(b)).length >= bodies.length * (redeliver ? 2 : 1),
    'deliveries',
  );
  await new Promise((r) => setTimeout(r, 1_500)); // nothing comes after: deleted once handled
  await stop();
  // a long poll the stopped poller left open may still take messages: let it end first
  await new Promise((r) => setTimeout(r, 1_500));
  return batches.flat().filter((b) => bodies.includes(b));
}

describe('local SQS poller', () => {
  it('hands each message over once and deletes it', async () => {
    const bodies = ['a1', 'a2', 'a3', 'a4', 'a5'];
    assert.deepEqual((await deliveredBodies(false, bodies)).sort(), bodies);
  });

  it('in redelivery mode, hands each message over twice, then deletes it', async () => {
    const bodies = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7', 'b8'];
    const seen = await deliveredBodies(true, bodies);
    assert.deepEqual(seen.sort(), bodies.flatMap((b) => [b, b]).sort());
  });
});
