// workflows/case-review.asl.json run by the local engine with the real handlers: parallel
// callback reviews, deemed approval on timeout, a moved due instant, replay safety.
import assert from 'node:assert/strict';
import { beforeAll, describe, it } from 'vitest';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mutate } from '#app/mutate.ts';
import { defaultCalendar } from '#core/calendar.ts';
import type { Service } from '#core/schemas.ts';
import { STATE_MACHINE_ARN } from '../../infra/local/stack.ts';
import { eventually, useLocalStack, type Client } from '../support/local-stack.ts';

const stack = useLocalStack();
let api: Client;
let store: typeof import('#adapters/case-store.ts');
let core: typeof import('#core/case/submission.ts');
let sfn: SFNClient;

beforeAll(async () => {
  api = await stack();
  // Adapters are imported once the environment points at the local stand-ins.
  store = await import('#adapters/case-store.ts');
  core = await import('#core/case/submission.ts');
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
async function openCase(limits: string[], rules: Partial<Service> = {}, signed = false): Promise<string> {
  const caseId = `WF${String(++counter).padStart(4, '0')}${Date.now()}`;
  const { currentCalendar } = await import('#adapters/calendar-store.ts');
  const calendar = await currentCalendar();
  const change = core.submitCase({
    caseId,
    service: service(limits, rules),
    input: {
      serviceCode: 'wf',
      applicant: { name: '测试', idNumber: '110105194910010015' },
      form: {},
      materials: [],
      ...(signed ? { commitment: { accepted: true as const } } : {}),
    },
    applicantSub: 'tester',
    now: new Date(),
    calendar,
  });
  await store.commitChange(undefined, change, calendar);
  return caseId;
}

const reviewer = (department: string) => api.token(`r-${department}`, [`reviewers-${department}`]);

/** Start the case's workflow as the handlers do: the plan in the input (or the given input again). */
const start = async (caseId: string, name = caseId, input?: string) => {
  const { workflowInput } = await import('#adapters/workflow.ts');
  const body = input ?? JSON.stringify(workflowInput(await load(caseId), new Date()));
  return { input: body, ...(await sfn.send(new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, name, input: body }))) };
};

const load = async (caseId: string) => (await store.loadCase(caseId))!;

const finished = (name: string) =>
  eventually(async () => {
    const e = api.stack.stepFunctions.executions.get(name);
    return e && e.status !== 'RUNNING' && e;
  }, `execution ${name} to finish`);

const allDispatched = (caseId: string) =>
  eventually(async () => {
    const aggregate = await load(caseId);
    return aggregate.reviews.every((r) => r.taskToken) && aggregate;
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

/** d0 and d1 review; d2 approves on the applicant's commitment and checks within an hour. */
const onCommitment = (): Partial<Service> => ({
  commitment: { text: '承诺' },
  departments: service(['PT60S', 'PT60S', 'PT60S']).departments.map((d) =>
    d.code === 'd2' ? { ...d, commitment: { postCheckLimit: { duration: 'PT1H' } } } : d,
  ),
});

/** The case once its approval's permit is issued (from the table's stream): still from then on. */
async function withPermit(caseId: string) {
  return eventually(async () => {
    const agg = await load(caseId);
    return agg.record.permit && agg;
  }, 'the permit');
}

describe('case review workflow', () => {
  it('waits only on the departments not approved on commitment', async () => {
    const caseId = await openCase(['PT60S', 'PT60S', 'PT60S'], onCommitment(), true);
    await start(caseId);
    await eventually(async () => {
      const agg = await load(caseId);
      return agg.reviews.filter((r) => r.taskToken).length === 2 && agg;
    }, 'd0 and d1 dispatched');
    await decide(caseId, 'd0', 'APPROVE');
    await decide(caseId, 'd1', 'APPROVE');
    const execution = await finished(caseId);
    assert.equal(execution.status, 'SUCCEEDED');
    assert.equal(execution.transitions, 2 + 1, 'n + 1 for the n departments it waits on');
    const aggregate = await load(caseId);
    assert.equal(aggregate.record.outcome, 'APPROVED');
    const d2 = aggregate.reviews.find((r) => r.department === 'd2')!;
    assert.equal(d2.status, 'APPROVED_ON_COMMITMENT');
    assert.equal(d2.taskToken, undefined, 'never armed');
  });

  it('a failed post-check while in review rejects the case and ends the tasks it waits on', async () => {
    const caseId = await openCase(['PT60S', 'PT60S', 'PT60S'], onCommitment(), true);
    await start(caseId);
    await eventually(async () => (await load(caseId)).reviews.filter((r) => r.taskToken).length === 2, 'd0 and d1 dispatched');
    const r = await api.call('POST', `/applications/${caseId}/reviews/d2/post-check`, {
      token: await reviewer('d2'),
      body: { result: 'FAILED', reasons: ['承诺不实'] },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const execution = await finished(caseId);
    assert.equal(execution.status, 'SUCCEEDED');
    const aggregate = await load(caseId);
    assert.equal(aggregate.record.outcome, 'REJECTED');
    assert.deepEqual(aggregate.reviews.map((x) => [x.department, x.status]).sort(), [
      ['d0', 'CLOSED'],
      ['d1', 'CLOSED'],
      ['d2', 'REJECTED'],
    ]);
  });

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
    await decide(caseId, 'd2', 'APPROVE');
    const execution = await finished(caseId);
    assert.equal(execution.status, 'SUCCEEDED');
    assert.equal(execution.transitions, 4 + 1, 'n + 1 state transitions when every department decides');
    const aggregate = await load(caseId);
    assert.equal(aggregate.record.outcome, 'APPROVED');
    assert.equal(aggregate.timeline.filter((e) => e.type === 'CASE_APPROVED').length, 1, 'the last decision concluded the case, once');
  });

  it('departments deciding at the same moment do not contend: no change is decided twice, the case concludes once', async () => {
    const departments = ['PT60S', 'PT60S', 'PT60S', 'PT60S', 'PT60S', 'PT60S', 'PT60S', 'PT60S'];
    const caseId = await openCase(departments);
    await start(caseId);
    const armed = await allDispatched(caseId);
    // arming the reviews wrote the review items alone, not the case
    assert.equal(armed.record.version, 0);
    const retriesBefore = store.commitRetries.count;
    // all but the last at once; then the last, whose settlement decides the case
    await Promise.all(departments.slice(0, -1).map((_, i) => decide(caseId, `d${i}`, 'APPROVE')));
    assert.equal(store.commitRetries.count - retriesBefore, 0, 'settlements of different departments never conflict');
    await decide(caseId, `d${departments.length - 1}`, 'APPROVE');
    const execution = await finished(caseId);
    assert.equal(execution.transitions, departments.length + 1);
    const aggregate = await load(caseId);
    assert.equal(aggregate.record.outcome, 'APPROVED');
    // the case item was written twice: at acceptance and at its outcome
    assert.equal(aggregate.record.version, 1);
    assert.equal(aggregate.timeline.filter((e) => e.type === 'CASE_APPROVED').length, 1);
    assert.ok(
      aggregate.reviews.every((r) => r.rev === 1),
      'each review written once after it was created',
    );
  });

  it('decisions racing the arming of their tasks still end the workflow at once (no task left to time out)', async () => {
    const caseId = await openCase(['PT60S', 'PT60S', 'PT60S']);
    await Promise.all([start(caseId), ...['d0', 'd1', 'd2'].map((d) => decide(caseId, d, 'APPROVE'))]);
    const execution = await finished(caseId);
    assert.equal(execution.status, 'SUCCEEDED');
    assert.equal(execution.transitions, 3 + 1, 'every task completed, none timed out');
    const aggregate = await load(caseId);
    assert.equal(aggregate.record.outcome, 'APPROVED');
    assert.ok(
      aggregate.reviews.every((r) => r.taskToken),
      'each arming recorded',
    );
  });

  it('the last settlements racing each other conclude the case exactly once', async () => {
    const caseId = await openCase(['PT60S', 'PT60S', 'PT60S']);
    await start(caseId);
    await allDispatched(caseId);
    await Promise.all(['d0', 'd1', 'd2'].map((d) => decide(caseId, d, 'APPROVE')));
    await finished(caseId);
    const aggregate = await load(caseId);
    assert.equal(aggregate.record.outcome, 'APPROVED');
    assert.equal(aggregate.timeline.filter((e) => e.type === 'CASE_APPROVED').length, 1);
    const { verifyChain } = await import('#core/audit.ts');
    assert.equal(verifyChain(caseId, aggregate.timeline).valid, true);
  });

  it('a rejection rejects the case at once: the other reviews are CLOSED and their tasks end', async () => {
    const caseId = await openCase(['PT60S', 'PT60S', 'PT60S', 'PT60S']);
    await start(caseId);
    await allDispatched(caseId);
    await decide(caseId, 'd0', 'APPROVE');
    await decide(caseId, 'd2', 'REJECT');
    const execution = await finished(caseId);
    assert.equal(execution.status, 'SUCCEEDED');
    assert.equal(execution.transitions, 4 + 1, 'no deadline path runs for the closed reviews');
    const aggregate = await load(caseId);
    assert.equal(aggregate.record.status, 'REJECTED');
    assert.deepEqual(
      aggregate.reviews.map((r) => [r.department, r.status]),
      [
        ['d0', 'APPROVED'],
        ['d1', 'CLOSED'],
        ['d2', 'REJECTED'],
        ['d3', 'CLOSED'],
      ],
    );
    const last = aggregate.timeline.at(-1)!;
    assert.equal(last.type, 'CASE_REJECTED');
    assert.deepEqual(last.detail, { rejectedBy: ['d2'], closed: ['d1', 'd3'] });
    assert.equal(aggregate.timeline.filter((e) => e.type === 'REVIEW_DEEMED_APPROVED').length, 0, 'no default recorded');
  });

  it('a department silent until its deadline is deemed to approve, by the timeout path', async () => {
    const caseId = await openCase(['PT2S', 'PT3S']);
    const startedAt = Date.now();
    await start(caseId);
    const execution = await finished(caseId);
    assert.equal(execution.status, 'SUCCEEDED');
    assert.equal(execution.transitions, 2 + 1 + 2, 'n + 1 + m state transitions when m departments are silent');
    const aggregate = await load(caseId);
    assert.equal(aggregate.record.outcome, 'APPROVED');
    for (const r of aggregate.reviews) {
      assert.equal(r.status, 'DEEMED_APPROVED');
      assert.equal(r.decidedBy, 'system:deadline');
      assert.ok(Date.parse(r.decidedAt!) >= Date.parse(r.dueBy));
    }
    assert.ok(Date.now() - startedAt >= 2000);
    assert.equal(aggregate.timeline.filter((e) => e.type === 'REVIEW_DEEMED_APPROVED').length, 2);
  });

  it('a due instant moved while the task waits is waited for again, never settled early', async () => {
    const caseId = await openCase(['PT2S']);
    await start(caseId);
    await allDispatched(caseId);
    const movedTo = new Date(Date.now() + 4_000).toISOString();
    await mutate(store.tableCases, caseId, (aggregate) => ({
      change: { record: aggregate!.record, reviews: [{ ...aggregate!.reviews[0], dueBy: movedTo }], events: [] },
      result: () => undefined,
    }));
    const execution = await finished(caseId);
    assert.equal(execution.status, 'SUCCEEDED');
    const review = (await load(caseId)).reviews[0];
    assert.equal(review.status, 'DEEMED_APPROVED');
    assert.ok(Date.parse(review.decidedAt!) >= Date.parse(movedTo), `settled at ${review.decidedAt}, due ${movedTo}`);
    // Map, Await, Deadline (moved), WaitAgain, Await, Deadline
    assert.equal(execution.transitions, 6);
  });

  it('starting a case twice is one execution; a re-run of a settled case changes nothing', async () => {
    const caseId = await openCase(['PT60S']);
    const first = await start(caseId);
    const second = await start(caseId, caseId, first.input);
    assert.equal(second.executionArn, first.executionArn);
    await allDispatched(caseId);
    await decide(caseId, 'd0', 'APPROVE');
    await finished(caseId);
    const before = await withPermit(caseId);
    // A redrive, or a restart of the local stack, runs the workflow again from its input.
    await start(caseId, `${caseId}-rerun`);
    const rerun = await finished(`${caseId}-rerun`);
    assert.equal(rerun.status, 'SUCCEEDED');
    const after = await load(caseId);
    assert.deepEqual(after.timeline, before.timeline, 'no event is added twice');
    assert.equal(after.record.version, before.record.version, 'nothing is written');
  });

  it('reviews due at the same instant settle together in one change, without contention, and conclude once', async () => {
    const caseId = await openCase(['PT2S', 'PT2S', 'PT2S']);
    const retriesBefore = store.commitRetries.count;
    await start(caseId);
    const execution = await finished(caseId);
    assert.equal(execution.status, 'SUCCEEDED');
    assert.equal(execution.transitions, 3 + 1 + 3, 'n + 1 + m');
    const aggregate = await load(caseId);
    assert.equal(aggregate.record.outcome, 'APPROVED');
    const deemed = aggregate.timeline.filter((e) => e.type === 'REVIEW_DEEMED_APPROVED');
    assert.deepEqual(deemed.map((e) => e.department).sort(), ['d0', 'd1', 'd2']);
    const approved = aggregate.timeline.filter((e) => e.type === 'CASE_APPROVED');
    assert.equal(approved.length, 1);
    // one change, made by the first due review's timer (d0): the others found it made
    assert.deepEqual(new Set([...deemed, ...approved].map((e) => e.at)).size, 1, 'settled and concluded at one instant');
    // a timer that waited too long for the first may race it: at most one change decided twice
    assert.ok(store.commitRetries.count - retriesBefore <= 1, `${store.commitRetries.count - retriesBefore} retries`);
  });

  it('a stale plan (an execution restarted after the due time) is re-armed once, then the deadline settles it', async () => {
    const caseId = await openCase(['PT1S']);
    // due for a few seconds already
    await new Promise((r) => setTimeout(r, 3_500));
    // the input as it was planned at acceptance, long before now
    const stale = JSON.stringify({ caseId, reviews: [{ caseId, department: 'd0', timeoutSeconds: 30 }] });
    await start(caseId, caseId, stale);
    const execution = await finished(caseId);
    assert.equal(execution.status, 'SUCCEEDED');
    // Map, Await (re-armed), WaitAgain, Await (the shortest wait), DeadlineReached
    assert.equal(execution.transitions, 5);
    assert.equal((await load(caseId)).reviews[0].status, 'DEEMED_APPROVED');
  });

  it('a repeated or stale dispatch of a settled review changes nothing', async () => {
    const caseId = await openCase(['PT60S']);
    await start(caseId);
    const armed = (await allDispatched(caseId)).reviews[0];
    await decide(caseId, 'd0', 'APPROVE');
    await finished(caseId);
    const before = await withPermit(caseId);
    const { handler } = await import('../../functions/handlers/dispatch-review.ts');
    const task = { caseId, department: 'd0', taskToken: armed.taskToken!, dispatchedAt: armed.dispatchedAt!, timeoutSeconds: 60 };
    // the same invocation again (a retry): its task is over, nothing changes
    assert.deepEqual(await handler(task), { armed: true, action: 'complete' });
    // an older arming than the one recorded: ignored
    assert.deepEqual(
      await handler({ ...task, taskToken: 'older', dispatchedAt: new Date(Date.parse(armed.dispatchedAt!) - 1000).toISOString() }),
      { armed: false },
    );
    const after = await load(caseId);
    assert.deepEqual(after.timeline, before.timeline);
    assert.deepEqual(after.reviews, before.reviews);
    assert.equal(after.record.version, before.record.version);
  });
});

describe('the legal clock in the workflow', () => {
  const correctionRules = { correctionWindow: { duration: 'PT1S' }, correctionLimit: { duration: 'PT30S' } };

  async function correct(caseId: string) {
    const { code, ...published } = service(['PT60S']);
    const admin = await api.token('ada', ['admins']);
    assert.equal((await api.call('PUT', `/services/${code}`, { token: admin, body: published })).status, 200);
    const r = await api.call('POST', `/applications/${caseId}/corrections`, {
      token: await api.token('tester', ['applicants']),
      body: { materials: [{ id: 'site-plan', name: '总平面图（修订）' }] },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  }

  it('a correction request stops the clock; the correction restarts it with the remaining time', async () => {
    const caseId = await openCase(['PT4S', 'PT60S'], correctionRules);
    await start(caseId);
    await allDispatched(caseId);
    const requestedAt = Date.now();
    await decide(caseId, 'd0', 'REQUEST_CORRECTION');
    await decide(caseId, 'd1', 'APPROVE');
    // The merged notice goes out when the collection window closes.
    await eventually(async () => (await load(caseId)).record.correction?.noticeAt, 'the correction notice');
    // Stopped past its original due time: never deemed approved while waiting on the applicant.
    const original = Date.parse((await load(caseId)).reviews.find((r) => r.department === 'd0')!.dueBy);
    await new Promise((r) => setTimeout(r, Math.max(0, original - Date.now() + 1500)));
    const stopped = await load(caseId);
    assert.equal(stopped.reviews.find((r) => r.department === 'd0')!.status, 'CORRECTION_REQUESTED');
    const usedMs = stopped.reviews.find((r) => r.department === 'd0')!.clock.used;
    assert.ok(usedMs < 4000 && usedMs >= requestedAt - Date.parse(stopped.record.acceptedAt!) - 50);
    const correctedAt = Date.now();
    await correct(caseId);
    const execution = await finished(caseId);
    assert.equal(execution.status, 'SUCCEEDED');
    const d0 = (await load(caseId)).reviews.find((r) => r.department === 'd0')!;
    assert.equal(d0.status, 'DEEMED_APPROVED');
    const remaining = 4000 - usedMs;
    assert.ok(Date.parse(d0.decidedAt!) >= correctedAt + remaining - 50, 'the remaining time was preserved');
    const types = (await load(caseId)).timeline.map((e) => e.type);
    assert.deepEqual(
      types.filter((t) =>
        ['REVIEW_CORRECTION_REQUESTED', 'CORRECTION_NOTICE', 'CORRECTED', 'REVIEW_DEEMED_APPROVED', 'CASE_APPROVED'].includes(t),
      ),
      ['REVIEW_CORRECTION_REQUESTED', 'CORRECTION_NOTICE', 'CORRECTED', 'REVIEW_DEEMED_APPROVED', 'CASE_APPROVED'],
    );
  });

  it('an unanswered correction lapses the case when its limit passes', async () => {
    const caseId = await openCase(['PT60S'], { correctionWindow: { duration: 'PT1S' }, correctionLimit: { duration: 'PT2S' } });
    await start(caseId);
    await allDispatched(caseId);
    await decide(caseId, 'd0', 'REQUEST_CORRECTION');
    const execution = await finished(caseId);
    assert.equal(execution.status, 'SUCCEEDED');
    const aggregate = await load(caseId);
    assert.equal(aggregate.record.status, 'LAPSED');
    assert.equal(aggregate.reviews[0].status, 'LAPSED');
    const lapse = aggregate.timeline.find((e) => e.type === 'CASE_LAPSED')!;
    assert.match(String(lapse.detail!.reason), /did not answer/);
    assert.ok(Date.parse(lapse.at) >= Date.parse(aggregate.record.correction!.lapseBy!));
    assert.equal(aggregate.timeline.filter((e) => e.type === 'REVIEW_DEEMED_APPROVED').length, 0);
  });

  it('an extension made while the review waits postpones the deemed approval', async () => {
    const caseId = await openCase(['PT3S']);
    await start(caseId);
    await allDispatched(caseId);
    const r = await api.call('POST', `/applications/${caseId}/reviews/d0/extension`, {
      token: await reviewer('d0'),
      body: { workingDays: 2, reason: '需要现场核查' },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    await new Promise((resolve) => setTimeout(resolve, 4500));
    const aggregate = await load(caseId);
    assert.equal(aggregate.reviews[0].status, 'PENDING', 'not deemed approved at the original due time');
    assert.ok(Date.parse(aggregate.reviews[0].dueBy) > Date.now() + 86_400_000);
    assert.equal(api.stack.stepFunctions.executions.get(caseId)!.status, 'RUNNING');
    await api.call('POST', `/applications/${caseId}/withdraw`, { token: await api.token('tester', ['applicants']) });
  });

  it('a calendar change made while a review waits postpones its deemed approval', async () => {
    // A working-day review in the last seconds of its limit: its stored due time is 2 s
    // away, as on the last evening of a limit. A new calendar version recomputes the due
    // time from the clock (days away): the timer that fires at the old time must not settle.
    const caseId = await openCase(['PT60S']);
    const { startClock, clockDue } = await import('#core/clock.ts');
    const clock = startClock({ workingDays: 3 }, new Date());
    await mutate(store.tableCases, caseId, (aggregate) => ({
      change: {
        record: aggregate!.record,
        reviews: [
          {
            ...aggregate!.reviews[0],
            timeLimit: clock.limit,
            clock,
            dueBy: new Date(Date.now() + 2_000).toISOString(),
            calendarVersion: -1,
          },
        ],
        events: [],
      },
      result: () => undefined,
    }));
    await start(caseId);
    await allDispatched(caseId);
    const admin = await api.token('ada', ['admins']);
    const r = await api.call('PUT', '/calendar', { token: admin, body: { officeHours: { start: '09:00', end: '17:30' } } });
    assert.equal(r.status, 200);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const aggregate = await load(caseId);
    const review = aggregate.reviews[0];
    assert.equal(review.status, 'PENDING', 'not deemed approved at the old due time');
    assert.equal(review.dueBy, clockDue(clock, { ...defaultCalendar, ...r.body }).toISOString());
    assert.equal(aggregate.timeline.filter((e) => e.type === 'DUE_DATE_MOVED').length, 1);
    assert.equal(api.stack.stepFunctions.executions.get(caseId)!.status, 'RUNNING');
    await api.call('POST', `/applications/${caseId}/withdraw`, { token: await api.token('tester', ['applicants']) });
  });

  it('a due instant moved earlier wakes the waiting task, which waits only for the new time', async () => {
    const caseId = await openCase(['PT60S']);
    await start(caseId);
    await allDispatched(caseId);
    const movedTo = new Date(Date.now() + 2_000).toISOString();
    const { after } = await mutate(store.tableCases, caseId, (aggregate) => {
      const change = { record: aggregate!.record, reviews: [{ ...aggregate!.reviews[0], dueBy: movedTo }], events: [] };
      return { change, result: (a) => ({ after: a! }) };
    });
    const { wakeTasks } = await import('#adapters/workflow.ts');
    await wakeTasks(after, ['d0']);
    const execution = await finished(caseId);
    const review = (await load(caseId)).reviews[0];
    assert.equal(review.status, 'DEEMED_APPROVED');
    assert.ok(Date.parse(review.decidedAt!) >= Date.parse(movedTo));
    assert.ok(Date.parse(review.decidedAt!) < Date.parse(movedTo) + 3_000, 'settled soon after the new, earlier due time');
    assert.equal(execution.status, 'SUCCEEDED');
  });
});
