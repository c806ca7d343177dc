// workflows/case-review.asl.json run by the local engine with the real handlers: parallel
// callback reviews, deemed approval on timeout, a moved due instant, replay safety.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { SendMessageCommand, SQSClient, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { defaultCalendar } from '#core/calendar.ts';
import type { Service } from '#core/schemas.ts';
import { STATE_MACHINE_ARN } from '../../infra/local/stack.ts';
import { eventually, useLocalStack, type Client } from '../support/local-stack.ts';

const stack = useLocalStack();
let api: Client;
let store: typeof import('#adapters/case-store.ts');
let core: typeof import('#core/case.ts');
let sfn: SFNClient;

before(async () => {
  api = await stack();
  // Adapters are imported once the environment points at the local stand-ins.
  store = await import('#adapters/case-store.ts');
  core = await import('#core/case.ts');
  sfn = new SFNClient({});
});

let counter = 0;
function service(limits: string[], rules: Partial<Service> = {}): Service {
  return {
    code: 'wf',
    name: 'Workflow test service',
    materials: [],
    form: { fields: [] },
    departments: limits.map((duration, i) => ({ code: `d${i}`, name: `Department ${i}`, timeLimit: { duration } })),
    ...rules,
  };
}

/** A case accepted now (written straight to the table), its workflow not yet started. */
async function openCase(limits: string[], rules: Partial<Service> = {}): Promise<string> {
  const caseId = `WF${String(++counter).padStart(4, '0')}${Date.now()}`;
  const change = core.submitCase({
    caseId,
    service: service(limits, rules),
    input: { serviceCode: 'wf', applicant: { name: '测试', idNumber: 'X1' }, form: {}, materials: [] },
    applicantSub: 'tester',
    now: new Date(),
    calendar: defaultCalendar,
  });
  await store.commitChange(undefined, change);
  return caseId;
}

const reviewer = (department: string) => api.token(`r-${department}`, [`reviewers-${department}`]);

const start = (caseId: string, name = caseId) =>
  sfn.send(new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, name, input: JSON.stringify({ caseId }) }));

const load = async (caseId: string) => (await store.loadCase(caseId))!;

const finished = (name: string) =>
  eventually(async () => {
    const e = api.stack.stepFunctions.executions.get(name);
    return e && e.status !== 'RUNNING' && e;
  }, `execution ${name} to finish`, 20_000);

const allDispatched = (caseId: string) =>
  eventually(async () => {
    const agg = await load(caseId);
    return agg.reviews.every((r) => r.taskToken) && agg;
  }, 'every review dispatched');

/** A reviewer's decision through the real handler. */
async function decide(caseId: string, department: string, decision: 'APPROVE' | 'REJECT' | 'REQUEST_CORRECTION') {
  const body =
    decision === 'REQUEST_CORRECTION'
      ? { decision, requested: [{ id: 'site-plan', reason: '比例尺不清楚' }] }
      : { decision, comment: 'reasons' };
  const r = await api.call('POST', `/applications/${caseId}/reviews/${department}/decision`, { token: await reviewer(department), body });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

describe('case review workflow', () => {
  it('arms one callback task per department in parallel and concludes from the table', async () => {
    const caseId = await openCase(['PT60S', 'PT60S', 'PT60S', 'PT60S']);
    await start(caseId);
    const dispatched = await allDispatched(caseId);
    assert.equal(new Set(dispatched.reviews.map((r) => r.taskToken)).size, 4, 'a token per review');
    // Parallel: every review is armed before any is decided.
    for (const r of dispatched.reviews) assert.equal(r.status, 'PENDING');
    await decide(caseId, 'd0', 'APPROVE');
    await decide(caseId, 'd1', 'APPROVE');
    await decide(caseId, 'd3', 'APPROVE');
    await decide(caseId, 'd2', 'REJECT');
    const execution = await finished(caseId);
    assert.equal(execution.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(execution.output!), { caseId, status: 'REJECTED', outcome: 'REJECTED' });
    assert.equal(execution.transitions, 4 + 3, 'n + 3 state transitions when every department decides');
    const agg = await load(caseId);
    assert.equal(agg.record.outcome, 'REJECTED');
  });

  it('a department silent until its deadline is deemed to approve, by the timeout path', async () => {
    const caseId = await openCase(['PT2S', 'PT2S']);
    const startedAt = Date.now();
    await start(caseId);
    const execution = await finished(caseId);
    assert.equal(execution.status, 'SUCCEEDED');
    assert.equal(execution.transitions, 2 * 2 + 3, '2n + 3 state transitions when every department is silent');
    const agg = await load(caseId);
    assert.equal(agg.record.outcome, 'APPROVED');
    for (const r of agg.reviews) {
      assert.equal(r.status, 'DEEMED_APPROVED');
      assert.equal(r.decidedBy, 'system:deadline');
      assert.ok(Date.parse(r.decidedAt!) >= Date.parse(r.dueBy));
    }
    assert.ok(Date.now() - startedAt >= 2000);
    assert.equal(agg.timeline.filter((e) => e.type === 'REVIEW_DEEMED_APPROVED').length, 2);
  });

  it('a due instant moved while the task waits is waited for again, never settled early', async () => {
    const caseId = await openCase(['PT2S']);
    await start(caseId);
    await allDispatched(caseId);
    const movedTo = new Date(Date.now() + 4_000).toISOString();
    await store.mutateCase(caseId, (agg) => ({
      change: { record: agg!.record, reviews: [{ ...agg!.reviews[0], dueBy: movedTo }], events: [] },
      result: () => undefined,
    }));
    const execution = await finished(caseId);
    assert.equal(execution.status, 'SUCCEEDED');
    const review = (await load(caseId)).reviews[0];
    assert.equal(review.status, 'DEEMED_APPROVED');
    assert.ok(Date.parse(review.decidedAt!) >= Date.parse(movedTo), `settled at ${review.decidedAt}, due ${movedTo}`);
    // Plan, Map, Await, Deadline (moved), WaitAgain, Await, Deadline, Conclude
    assert.equal(execution.transitions, 8);
  });

  it('starting a case twice is one execution; a re-run of a settled case changes nothing', async () => {
    const caseId = await openCase(['PT60S']);
    const first = await start(caseId);
    const second = await start(caseId);
    assert.equal(second.executionArn, first.executionArn);
    await allDispatched(caseId);
    await decide(caseId, 'd0', 'APPROVE');
    await finished(caseId);
    const before = await load(caseId);
    // A redrive, or a restart of the local stack, runs the workflow again from its input.
    await start(caseId, `${caseId}-rerun`);
    const rerun = await finished(`${caseId}-rerun`);
    assert.equal(rerun.status, 'SUCCEEDED');
    const after = await load(caseId);
    assert.deepEqual(after.timeline, before.timeline, 'no event is added twice');
    assert.equal(after.record.version, before.record.version, 'nothing is written');
  });

  it('a duplicate dispatch message for a settled review is consumed without a trace', async () => {
    const caseId = await openCase(['PT60S']);
    await start(caseId);
    const dispatched = await allDispatched(caseId);
    const stale = dispatched.reviews[0];
    await decide(caseId, 'd0', 'APPROVE');
    await finished(caseId);
    const before = await load(caseId);
    const sqs = new SQSClient({});
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: api.stack.queueUrls.reviewDispatch,
        MessageBody: JSON.stringify({ caseId, department: 'd0', taskToken: stale.taskToken, dispatchedAt: stale.dispatchedAt, armedFor: stale.armedFor, timeoutSeconds: 60 }),
      }),
    );
    await eventually(async () => {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: api.stack.queueUrls.reviewDispatch, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
      );
      return Attributes!.ApproximateNumberOfMessages === '0' && Attributes!.ApproximateNumberOfMessagesNotVisible === '0';
    }, 'the duplicate to be consumed');
    const { Attributes: dlq } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: api.stack.dlqUrls.reviewDispatch, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    assert.equal(dlq!.ApproximateNumberOfMessages, '0');
    assert.deepEqual((await load(caseId)).timeline, before.timeline);
    sqs.destroy();
  });
});
