// The workflow's steps (arming a review's task, a timer that ran out), the watchdog and the
// re-dating of open reviews after a calendar change, against the in-memory case store.
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { withdrawCase } from '#core/case/outcome.ts';
import { decideReview } from '#core/case/review-actions.ts';
import { submitCase } from '#core/case/submission.ts';
import { DEFAULT_WATCHDOG } from '#core/watchdog.ts';
import { redateOpenReviews } from '../../../functions/handlers/calendar-change.ts';
import { watchdog } from '../../../functions/handlers/deadline-watchdog.ts';
import { dispatchReview } from '../../../functions/handlers/dispatch-review.ts';
import { DeadlineMoved, settleDeadline } from '../../../functions/handlers/settle-deadline.ts';
import { memoryRuntime } from '../../support/memory-runtime.ts';
import { APPLICANT, CAL, SUBMITTED_AT, application, buildingService, calendarWith, plusMs } from '../../support/fixtures.ts';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
const CASE_ID = 'CASE-STEPS';

async function setUp(at: Date) {
  const env = memoryRuntime({ now: at, calendar: CAL });
  await env.seed(
    submitCase({
      caseId: CASE_ID,
      service: buildingService(),
      input: application(),
      applicantSub: APPLICANT,
      now: SUBMITTED_AT,
      calendar: CAL,
    }),
  );
  const review = async (department: string) => {
    const r = (await env.store.load(CASE_ID))?.reviews.find((x) => x.department === department);
    assert.ok(r);
    return r;
  };
  return { ...env, review };
}

describe('SettleDeadline', () => {
  it('deems a silent department to approve once its time is up, and counts and logs it', async () => {
    const t = await setUp(plusMs(SUBMITTED_AT, 31_000));
    const result = await settleDeadline(t.runtime)({ caseId: CASE_ID, department: 'fire' });
    assert.deepEqual(result, { department: 'fire', status: 'DEEMED_APPROVED' });
    assert.equal((await t.review('fire')).decidedBy, 'system:deadline');
    assert.deepEqual(t.recorded.counted, { DeemedApprovals: 1 });
    assert.deepEqual(
      t.recorded.logged.map((l) => l.message),
      ['deemed approval recorded'],
    );
    assert.deepEqual(t.recorded.woken, [], 'its own task has ended; no other review changed');
  });

  it('reviews due together settle in one change, made by the first in department order', async () => {
    // three hours on, fire (30 s) and planning (2 h) are both due; environment (3 working days) is not
    const t = await setUp(plusMs(SUBMITTED_AT, 3 * 3_600_000));
    const commit = t.store.commit.bind(t.store);
    let commits = 0;
    t.store.commit = (...args) => {
      commits += 1;
      return commit(...args);
    };
    const [planning, fire] = await Promise.all(
      ['planning', 'fire'].map((department) => settleDeadline(t.runtime)({ caseId: CASE_ID, department })),
    );
    assert.deepEqual(
      [planning, fire],
      [
        { department: 'planning', status: 'DEEMED_APPROVED' },
        { department: 'fire', status: 'DEEMED_APPROVED' },
      ],
    );
    const agg = await t.store.load(CASE_ID);
    const deemed = agg!.timeline.filter((e) => e.type === 'REVIEW_DEEMED_APPROVED');
    assert.deepEqual(deemed.map((e) => e.department).sort(), ['fire', 'planning']);
    assert.equal(commits, 1, 'one change');
    assert.equal(t.recorded.retries, 0, 'planning waited for fire: no conflict');
    assert.deepEqual(t.recorded.counted, { DeemedApprovals: 2 });
    assert.deepEqual(t.recorded.woken, [], 'both timers are up: no task is woken');
    assert.equal((await t.review('environment')).status, 'PENDING');
  });

  it('a due review whose first co-due review never settles settles both itself, after waiting a moment', async () => {
    const t = await setUp(plusMs(SUBMITTED_AT, 3 * 3_600_000));
    const started = performance.now();
    assert.deepEqual(await settleDeadline(t.runtime)({ caseId: CASE_ID, department: 'planning' }), {
      department: 'planning',
      status: 'DEEMED_APPROVED',
    });
    assert.ok(performance.now() - started >= 3 * 300 - 10, 'it gave fire three rounds');
    assert.equal((await t.review('fire')).status, 'DEEMED_APPROVED');
    assert.deepEqual(t.recorded.counted, { DeemedApprovals: 2 });
  });

  it('fails with DeadlineMoved while the time is not up, and changes nothing', async () => {
    const t = await setUp(plusMs(SUBMITTED_AT, 10_000));
    await assert.rejects(settleDeadline(t.runtime)({ caseId: CASE_ID, department: 'fire' }), DeadlineMoved);
    assert.equal((await t.review('fire')).status, 'PENDING');
  });

  it('a review settled meanwhile stays as it is', async () => {
    const t = await setUp(plusMs(SUBMITTED_AT, 31_000));
    const agg = await t.store.load(CASE_ID);
    assert.ok(agg);
    await t.store.commit(
      agg,
      decideReview({
        aggregate: agg,
        department: 'fire',
        decision: { decision: 'APPROVE' },
        reviewer: 'fei',
        now: plusMs(SUBMITTED_AT, 5_000),
        calendar: CAL,
      }).change,
      CAL,
    );
    const result = await settleDeadline(t.runtime)({ caseId: CASE_ID, department: 'fire' });
    assert.deepEqual(result, { department: 'fire', status: 'APPROVED' });
    assert.deepEqual(t.recorded.counted, {});
  });

  it('the last settlement concludes the case', async () => {
    const t = await setUp(plusMs(SUBMITTED_AT, 7_300_000)); // planning's 2 h are up too
    for (const department of ['environment']) {
      const agg = await t.store.load(CASE_ID);
      assert.ok(agg);
      await t.store.commit(
        agg,
        decideReview({
          aggregate: agg,
          department: department,
          decision: { decision: 'APPROVE' },
          reviewer: 'e',
          now: SUBMITTED_AT,
          calendar: CAL,
        }).change,
        CAL,
      );
    }
    await settleDeadline(t.runtime)({ caseId: CASE_ID, department: 'fire' });
    await settleDeadline(t.runtime)({ caseId: CASE_ID, department: 'planning' });
    assert.equal((await t.store.load(CASE_ID))?.record.status, 'APPROVED');
  });

  it('fails on a case that does not exist', async () => {
    const t = await setUp(plusMs(SUBMITTED_AT, 31_000));
    await assert.rejects(settleDeadline(t.runtime)({ caseId: 'NONE', department: 'fire' }), /case NONE not found/);
  });
});

describe('DispatchReview', () => {
  const task = (token: string, at: Date, timeoutSeconds: number) => ({
    caseId: CASE_ID,
    department: 'fire',
    timeoutSeconds,
    taskToken: token,
    dispatchedAt: at.toISOString(),
  });

  it('records the task token on the review and lets the task wait', async () => {
    const t = await setUp(plusMs(SUBMITTED_AT, 1_000));
    assert.deepEqual(await dispatchReview(t.runtime)(task('t1', plusMs(SUBMITTED_AT, 1_000), 29)), { armed: true, action: 'wait' });
    assert.equal((await t.review('fire')).taskToken, 't1');
    assert.deepEqual(t.recorded.completed, []);
  });

  it('an older arming does not replace a newer one', async () => {
    const t = await setUp(plusMs(SUBMITTED_AT, 2_000));
    await dispatchReview(t.runtime)(task('t2', plusMs(SUBMITTED_AT, 2_000), 28));
    assert.deepEqual(await dispatchReview(t.runtime)(task('t1', plusMs(SUBMITTED_AT, 1_000), 29)), { armed: false });
    assert.equal((await t.review('fire')).taskToken, 't2');
  });

  it('completes at once the task of a review already settled', async () => {
    const t = await setUp(plusMs(SUBMITTED_AT, 6_000));
    const agg = await t.store.load(CASE_ID);
    assert.ok(agg);
    await t.store.commit(
      agg,
      decideReview({
        aggregate: agg,
        department: 'fire',
        decision: { decision: 'APPROVE' },
        reviewer: 'fei',
        now: plusMs(SUBMITTED_AT, 5_000),
        calendar: CAL,
      }).change,
      CAL,
    );
    const res = await dispatchReview(t.runtime)(task('t3', plusMs(SUBMITTED_AT, 6_000), 24));
    assert.deepEqual(res, { armed: true, action: 'complete' });
    assert.deepEqual(t.recorded.completed, [{ taskToken: 't3', output: { department: 'fire', status: 'APPROVED' } }]);
  });

  it('re-arms a task armed for much later than the review must be looked at', async () => {
    const t = await setUp(plusMs(SUBMITTED_AT, 1_000));
    const res = await dispatchReview(t.runtime)(task('t4', plusMs(SUBMITTED_AT, 1_000), 600));
    assert.deepEqual(res, { armed: true, action: 'rearm' });
    assert.deepEqual(t.recorded.rearmed, ['t4']);
  });
});

describe('DeadlineWatchdog', () => {
  const only = (caseId: string) =>
    async function* () {
      yield caseId;
    };

  it('settles a review the workflow left open past its grace, wakes its task and counts the safety net', async () => {
    const t = await setUp(plusMs(SUBMITTED_AT, 30_000 + DEFAULT_WATCHDOG.graceMs + 1_000));
    const totals = await watchdog(t.runtime, only(CASE_ID))();
    assert.equal(totals.safetyNet, 1);
    assert.equal((await t.review('fire')).status, 'DEEMED_APPROVED');
    assert.deepEqual(t.recorded.woken, [{ caseId: CASE_ID, departments: ['fire'] }]);
    assert.equal(t.recorded.counted.SafetyNetSettlements, 1);
    assert.equal(t.recorded.counted.DeemedApprovals, 1);
    assert.ok(t.recorded.logged.some((l) => l.level === 'error' && l.message.startsWith('safety net')));
  });

  it('starts the workflow again of an accepted case none of whose reviews was armed', async () => {
    const t = await setUp(plusMs(SUBMITTED_AT, DEFAULT_WATCHDOG.redriveAfterMs + 1_000));
    const totals = await watchdog(t.runtime, only(CASE_ID))();
    assert.equal(totals.redriven, 1);
    assert.deepEqual(t.recorded.started, [CASE_ID]);
    assert.equal((await t.store.load(CASE_ID))?.timeline.filter((e) => e.type === 'WORKFLOW_REDRIVEN').length, 1);
    const again = await watchdog(t.runtime, only(CASE_ID))();
    assert.equal(again.redriven, 0, 'each point is handled once');
  });

  it('erases a case whose retention has ended, with its reviews and timeline, once', async () => {
    const t = await setUp(plusMs(SUBMITTED_AT, 60_000));
    const read = await t.store.load(CASE_ID);
    assert.ok(read);
    await t.store.commit(read, withdrawCase(read, t.clock.now), CAL);
    t.clock.now = plusMs(t.clock.now, DEFAULT_WATCHDOG.retentionMs - 1);
    assert.equal((await watchdog(t.runtime, only(CASE_ID))()).erased, 0, 'not a moment before');
    t.clock.now = plusMs(t.clock.now, 1);
    const totals = await watchdog(t.runtime, only(CASE_ID))();
    assert.equal(totals.erased, 1);
    assert.equal(await t.store.load(CASE_ID), undefined);
    assert.equal(t.store.alerts.size, 0, 'nothing of it left in the index');
    assert.ok([...t.store.stats.keys()].length > 0, 'the statistics it counted stay');
    assert.ok(t.recorded.logged.some((l) => l.message === 'retention ended: case erased'));
    assert.equal((await watchdog(t.runtime, only(CASE_ID))()).erased, 0);
  });

  it('passes over a case that is not there', async () => {
    const t = await setUp(plusMs(SUBMITTED_AT, 1_000));
    const totals = await watchdog(t.runtime, only('NONE'))();
    assert.deepEqual(totals, { examined: 1, cases: 1, events: 0, safetyNet: 0, redriven: 0, erased: 0 });
  });
});

describe('re-dating open reviews', () => {
  it('moves a working-day review a new holiday falls in, and wakes its task', async () => {
    const t = await setUp(plusMs(SUBMITTED_AT, 60_000));
    const before = await t.review('environment');
    t.clock.calendar = calendarWith(['2026-01-06']);
    const listed = async function* () {
      yield { caseId: CASE_ID, department: 'environment', dueBy: before.dueBy };
    };
    const moved = await redateOpenReviews(undefined, t.runtime, listed);
    assert.equal(moved, 1);
    const after = await t.review('environment');
    assert.ok(after.dueBy > before.dueBy);
    assert.equal(after.calendarVersion, 2);
    assert.deepEqual(t.recorded.woken, [{ caseId: CASE_ID, departments: ['environment'] }]);
    assert.equal(await redateOpenReviews(undefined, t.runtime, listed), 0, 'already on the new calendar');
  });

  it('counts every review moved, over cases re-dated side by side', async () => {
    const t = await setUp(plusMs(SUBMITTED_AT, 60_000));
    const others = ['CASE-STEPS-2', 'CASE-STEPS-3'];
    for (const caseId of others)
      await t.seed(
        submitCase({ caseId, service: buildingService(), input: application(), applicantSub: APPLICANT, now: SUBMITTED_AT, calendar: CAL }),
      );
    t.clock.calendar = calendarWith(['2026-01-06']);
    const listed = async function* () {
      for (const caseId of [CASE_ID, ...others]) yield { caseId, department: 'environment', dueBy: '' };
    };
    assert.equal(await redateOpenReviews(undefined, t.runtime, listed), 3);
    assert.equal(t.recorded.woken.length, 3);
  });
});
