// Powertools idempotency records in the case table (functions/adapters/idempotency.ts),
// against DynamoDB Local: a repeated call runs once, and every record has a partition key
// of its own (no hot key), which the table's TTL expires.
import assert from 'node:assert/strict';
import { beforeAll, it } from 'vitest';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { lambdaContext } from '../../infra/local/lambda.ts';
import { localClientConfig } from '../../infra/local/net.ts';
import { TABLE_NAME } from '../../infra/local/stack.ts';
import { useLocalStack, type Client } from '../support/local-stack.ts';

const stack = useLocalStack({ timers: false });
let api: Client;
beforeAll(async () => {
  api = await stack();
});

it('a repeated call runs once; each record sits under its own partition key', async () => {
  const { oncePerId, IDEMPOTENCY_SK } = await import('#adapters/idempotency.ts');
  const sent: string[] = [];
  const once = oncePerId(async (n: { id: string }) => {
    sent.push(n.id);
    return { sent: n.id };
  }, 3600);
  once.config.registerLambdaContext(lambdaContext({ name: 'DeliverNotification', entry: '' }));
  const sendOnce = once.run;
  const ids = ['case-1#3#applicant', 'case-1#3#department:fire', 'case-2#4#applicant'];
  for (const id of [...ids, ...ids]) assert.deepEqual(await sendOnce({ id }), { sent: id });
  await Promise.all(ids.map((id) => sendOnce({ id })));
  assert.deepEqual(sent, ids, 'each ran once');

  const ddb = new DynamoDBClient(localClientConfig(api.stack.dynamodbEndpoint));
  const { Items = [] } = await ddb.send(
    new ScanCommand({ TableName: TABLE_NAME, FilterExpression: 'SK = :sk', ExpressionAttributeValues: { ':sk': { S: IDEMPOTENCY_SK } } }),
  );
  ddb.destroy();
  const records = Items.map((i) => unmarshall(i));
  assert.equal(records.length, ids.length);
  assert.equal(new Set(records.map((r) => r.PK)).size, ids.length, 'a partition key per record');
  for (const r of records) {
    assert.match(r.PK, /^IDEMPOTENCY#/);
    assert.equal(r.status, 'COMPLETED');
    assert.ok(r.expiration > Date.now() / 1000, 'expires through the table TTL attribute');
  }
});
