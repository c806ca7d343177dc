// The table stream on the local stack treats a failing record as the stack's event source
// mapping does: retried a bounded number of times, then reported once to the consumer's
// failure queue and passed over, so the events after it are still published, more than a
// batch of them. Stream images with empty maps (which DynamoDB Local writes as `{}`) are
// published normally.
import assert from 'node:assert/strict';
import { beforeAll, describe, it } from 'vitest';
import { BatchWriteItemCommand, DescribeTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { caseFacts, notificationsFor } from '#core/notifications.ts';
import { streamConsumers } from '../../infra/manifest.ts';
import { localClientConfig } from '../../infra/local/net.ts';
import { TABLE_NAME } from '../../infra/local/stack.ts';
import { buildingServiceDefinition, applicationBody } from '../support/fixtures.ts';
import { eventually, tasksOpen, useLocalStack, type Client } from '../support/local-stack.ts';

const logged: string[] = [];
const stack = useLocalStack({ log: (line) => logged.push(line) });
let api: Client;
let admin: string, alice: string, planning: string, environment: string;

const consumer = streamConsumers.find((c) => c.name === 'PublishNotifications')!;
const POISON_CASE = 'POISON0000000000000000000A';
const FILLER_CASE = 'FILLER0000000000000000000A';

/** Ids of the notifications a case's timeline calls for, once its view satisfies `ready`. */
async function expectedNotifications(caseId: string, ready: (c: any) => boolean): Promise<string[]> {
  const c = await eventually(async () => {
    const x = (await api.call('GET', `/applications/${caseId}`, { token: admin })).body;
    return ready(x) && x;
  }, `case ${caseId} to be ready`);
  return c.timeline.flatMap((e: any) => notificationsFor(caseFacts(c), e).map((n) => n.id)).sort();
}

const delivered = (ids: string[], what: string) =>
  eventually(
    async () => {
      const outbox = new Set((await api.call('GET', '/local/outbox')).body.items.map((m: any) => m.id));
      return ids.every((id) => outbox.has(id));
    },
    `${what}: notifications ${ids.join(', ')} in the outbox`,
    90_000,
  );

/** Every message on a queue, each received once and deleted. */
async function drain(queueUrl: string): Promise<any[]> {
  const sqs = new SQSClient(localClientConfig(new URL(queueUrl).origin));
  const bodies: any[] = [];
  try {
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 300 }),
      );
      if (!Messages.length) return bodies;
      for (const m of Messages) {
        bodies.push(JSON.parse(m.Body!));
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle! }));
      }
    }
  } finally {
    sqs.destroy();
  }
}

beforeAll(async () => {
  api = await stack();
  admin = await api.token('ada', ['admins']);
  alice = await api.token('alice', ['applicants']);
  planning = await api.token('pat', ['reviewers-planning']);
  environment = await api.token('eve', ['reviewers-environment']);
  // planning and environment review (no fire below 200 m²), each with a minute: nothing is deemed here
  const r = await api.call('PUT', '/services/stream-check', { token: admin, body: buildingServiceDefinition() });
  assert.equal(r.status, 200, JSON.stringify(r.body));
});

describe('a stream record the consumer cannot handle', () => {
  it('is reported once to the failure queue and does not hold up later events, whose notifications arrive', async () => {
    const { CASE_SK, casePk, eventSk } = await import('#adapters/case-keys.ts');
    const failureQueueUrl = api.stack.streamFailureQueueUrls.PublishNotifications;
    assert.ok(failureQueueUrl, 'the local stack names PublishNotifications’ failure queue');

    // A timeline event without what its notifications say of its case: PublishNotifications refuses it every time.
    const ddb = new DynamoDBClient(localClientConfig(api.stack.dynamodbEndpoint));
    await ddb.send(
      new PutItemCommand({
        TableName: TABLE_NAME,
        Item: {
          PK: { S: casePk(POISON_CASE) },
          SK: { S: eventSk({ seq: 1 }) },
          kind: { S: 'event' },
          seq: { N: '1' },
          at: { S: new Date().toISOString() },
          type: { S: 'CASE_APPROVED' },
          actor: { S: 'system:workflow' },
          detail: { M: { conditions: { L: [] } } },
        },
      }),
    );
    // Then more than a batch of events that are handled without trouble (reminders that
    // name no department, so nobody is told): the poison's batch is full, the next one waits.
    await ddb.send(
      new PutItemCommand({
        TableName: TABLE_NAME,
        Item: { PK: { S: casePk(FILLER_CASE) }, SK: { S: CASE_SK }, kind: { S: 'case' }, caseId: { S: FILLER_CASE } },
      }),
    );
    const fillers = Array.from({ length: 2 * consumer.batchSize }, (_, i) => ({
      PutRequest: {
        Item: {
          PK: { S: casePk(FILLER_CASE) },
          SK: { S: eventSk({ seq: i + 1 }) },
          kind: { S: 'event' },
          seq: { N: String(i + 1) },
          at: { S: new Date().toISOString() },
          type: { S: 'REVIEW_REMINDER' },
          actor: { S: 'system:watchdog' },
          detail: { M: { dueBy: { S: new Date().toISOString() } } },
          facts: { M: { caseId: { S: FILLER_CASE }, serviceName: { S: 'filler' }, applicantName: { S: 'filler' } } },
        },
      },
    }));
    for (let i = 0; i < fillers.length; i += 25) {
      const { UnprocessedItems } = await ddb.send(new BatchWriteItemCommand({ RequestItems: { [TABLE_NAME]: fillers.slice(i, i + 25) } }));
      assert.equal(Object.keys(UnprocessedItems ?? {}).length, 0);
    }

    // Written after it: a whole case, approved by departments that give no comment or
    // conditions (their REVIEW_APPROVED events carry an empty map).
    const submitted = await api.call('POST', '/applications', {
      token: alice,
      body: applicationBody('stream-check', { projectName: '小店', floorArea: 120 }),
    });
    assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
    const caseId: string = submitted.body.caseId;
    const getCase = async () => (await api.call('GET', `/applications/${caseId}`, { token: admin })).body;
    await tasksOpen(api, caseId, 2);
    for (const [department, token] of [
      ['planning', planning],
      ['environment', environment],
    ] as const) {
      const d = await api.call('POST', `/applications/${caseId}/reviews/${department}/decision`, { token, body: { decision: 'APPROVE' } });
      assert.equal(d.status, 200, JSON.stringify(d.body));
    }
    const c = await eventually(async () => {
      const x = await getCase();
      return x.outcome && x;
    }, 'the outcome');
    assert.equal(c.outcome, 'APPROVED');
    const approvals = c.timeline.filter((e: any) => e.type === 'REVIEW_APPROVED');
    assert.equal(approvals.length, 2);
    for (const e of approvals) assert.deepEqual(e.detail ?? {}, {}, 'a REVIEW_APPROVED event with an empty detail map');

    // Every notification the case's timeline calls for reaches the outbox, the outcome's among them.
    const expected = await expectedNotifications(caseId, (x) => x.outcome);
    const outcomeEvent = c.timeline.find((e: any) => e.type === 'CASE_APPROVED');
    assert.ok(expected.includes(`${caseId}#${outcomeEvent.seq}#applicant`), 'the applicant is told of the outcome');
    await delivered(expected, 'the approved case');

    // A case submitted now: the stream hands its events over only after every earlier record
    // has been handled, the failing ones retried to the end.
    const later = await api.call('POST', '/applications', {
      token: alice,
      body: applicationBody('stream-check', { projectName: '后来', floorArea: 80 }),
    });
    assert.equal(later.status, 202, JSON.stringify(later.body));
    await delivered(
      await expectedNotifications(later.body.caseId, (x) => x.timeline.some((e: any) => e.type === 'ACCEPTED')),
      'the later case',
    );

    // The poison alone was retried as configured, then reported with the batch it was in.
    const reported = await drain(failureQueueUrl);
    assert.equal(reported.length, 1, JSON.stringify(reported));
    const [failure] = reported;
    assert.equal(failure.version, '1.0');
    assert.equal(failure.requestContext.condition, 'RetryAttemptsExhausted');
    assert.match(failure.requestContext.functionArn, /:function:PublishNotifications$/);
    assert.equal(failure.requestContext.approximateInvokeCount, consumer.retryAttempts + 1);
    assert.equal(failure.responseContext.functionError, 'Unhandled');
    const info = failure.DDBStreamBatchInfo;
    assert.equal(info.batchSize, 1);
    assert.equal(info.startSequenceNumber, info.endSequenceNumber);
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: TABLE_NAME }));
    ddb.destroy();
    assert.equal(info.streamArn, Table!.LatestStreamArn);
    assert.match(info.approximateArrivalOfFirstRecord, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // the reported sequence number is the poison's record
    const streams = new DynamoDBStreamsClient(localClientConfig(api.stack.dynamodbEndpoint));
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: info.streamArn,
        ShardId: info.shardId,
        ShardIteratorType: 'AT_SEQUENCE_NUMBER',
        SequenceNumber: info.startSequenceNumber,
      }),
    );
    const { Records = [] } = await streams.send(new GetRecordsCommand({ ShardIterator, Limit: 1 }));
    streams.destroy();
    assert.equal(Records[0]?.dynamodb?.Keys?.PK?.S, casePk(POISON_CASE));

    // Logged once; nothing else failed.
    const errors = logged.filter((l) => l.startsWith('[error]'));
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /PublishNotifications: stream records (\d+)\.\.\1 failed 11 times; sent to the failure queue/);
    assert.match(errors[0], /ZodError[\s\S]*facts/);
  });
});
