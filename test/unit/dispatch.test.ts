// The workflow's callback tasks: recording an arming (recordDispatch), what a freshly armed
// task must do (dispatchAction), which tasks must be armed again (tasksToRearm), and the
// plan of what the workflow waits on (reviewPlan).
//
// Expected instants are derived by hand. Asia/Shanghai is UTC+8 (no DST): the end of local
// day D is D T15:59:59.999Z (`endOf(D)`). Working days in March 2026 (no holiday):
// 2–6, 9–13, 16–20, 23–27, 30–31; 2 March is a Monday.
import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import { applyCalendar, wakeAt } from '#core/case/deadlines.ts';
import type { CaseAggregate } from '#core/case/model.ts';
import { withdrawCase } from '#core/case/outcome.ts';
import { decideReview, extendReview } from '#core/case/review-actions.ts';
import { dispatchAction, recordDispatch, reviewPlan, tasksToRearm } from '#core/case/workflow.ts';
import { MAX_WAIT_SECONDS } from '#core/clock.ts';
import {
  applyChange,
  arm,
  CAL,
  calendarWith,
  done,
  endOf,
  local,
  openedCase,
  plusMs,
  reviewOf as review,
  SHOP_AT,
  shopCase,
  SUBMITTED_AT,
} from '../support/fixtures.ts';
import { decided } from '../support/fixtures.ts';

describe('recordDispatch', () => {
  const t0 = '2026-01-05T02:00:01.000Z';
  const t1 = '2026-01-05T02:10:00.000Z';
  const fireDue = '2026-01-05T02:00:30.000Z';
  const task = (taskToken: string, dispatchedAt: string, armedFor = fireDue) => ({ taskToken, dispatchedAt, armedFor });

  it('the first dispatch records the token, when it was armed and the instant it was armed for; nothing else changes', () => {
    const before = review(openedCase(), 'fire');
    const r = recordDispatch(before, task('token-1', t0));
    assert.ok(r);
    assert.deepEqual(r, { ...before, taskToken: 'token-1', dispatchedAt: t0, armedFor: fireDue });
    // the status does not change by being dispatched
    assert.equal(r.status, 'PENDING');
  });

  it('a later dispatch replaces the token and armedFor', () => {
    const first = recordDispatch(review(openedCase(), 'fire'), task('token-1', t0))!;
    const r = recordDispatch(first, task('token-2', t1, '2026-01-05T02:20:00.000Z'));
    assert.ok(r);
    assert.equal(r.taskToken, 'token-2');
    assert.equal(r.dispatchedAt, t1);
    assert.equal(r.armedFor, '2026-01-05T02:20:00.000Z');
  });

  it('an older dispatch never replaces a newer token (null)', () => {
    const newer = recordDispatch(review(openedCase(), 'fire'), task('token-2', t1))!;
    assert.equal(recordDispatch(newer, task('token-1', t0)), null);
  });

  it('the newest dispatch wins by instant, not by string: a later instant that sorts first as a string replaces', () => {
    // 10:05+08:00 is 02:05Z: earlier than 02:10Z, though it sorts after it as a string
    const first = recordDispatch(review(openedCase(), 'fire'), task('token-1', '2026-01-05T10:05:00+08:00'))!;
    assert.equal(recordDispatch(first, task('token-2', '2026-01-05T02:10:00.000Z'))?.taskToken, 'token-2');
  });

  it('the newest dispatch wins by instant, not by string: an earlier instant that sorts last as a string does not replace', () => {
    const first = recordDispatch(review(openedCase(), 'fire'), task('token-2', '2026-01-05T02:10:00.000Z'))!;
    assert.equal(recordDispatch(first, task('token-1', '2026-01-05T10:05:00+08:00')), null);
  });

  it('the same token twice changes nothing', () => {
    const once = recordDispatch(review(openedCase(), 'fire'), task('token-1', t0))!;
    assert.equal(recordDispatch(once, task('token-1', t0)), null);
  });

  it('a dispatch for one department leaves the others without a token', () => {
    const after = arm(openedCase(), 'fire', task('token-1', t0));
    assert.equal(review(after, 'fire').taskToken, 'token-1');
    assert.equal(review(after, 'planning').taskToken, undefined);
    assert.equal(review(after, 'planning').armedFor, undefined);
  });
});

describe('dispatchAction', () => {
  const t0 = '2026-01-05T02:00:01.000Z';
  const at = new Date(t0);

  it('a review still open waits when its task is armed for its due time or earlier', () => {
    const aggregate = openedCase();
    const due = review(aggregate, 'fire').dueBy;
    const armed = arm(aggregate, 'fire', { taskToken: 't', dispatchedAt: t0, armedFor: due });
    assert.equal(dispatchAction(undefined, review(armed, 'fire'), at), 'wait');
    assert.equal(dispatchAction(armed.record, review(armed, 'fire'), at), 'wait');
  });

  it('a task armed past the due time (an execution restarted from its input) is re-armed', () => {
    const aggregate = openedCase();
    const late = new Date(Date.parse(review(aggregate, 'fire').dueBy) + 60_000).toISOString();
    const armed = arm(aggregate, 'fire', { taskToken: 't', dispatchedAt: t0, armedFor: late });
    assert.equal(dispatchAction(undefined, review(armed, 'fire'), at), 'rearm');
  });

  it('a review already due waits: a task for the shortest wait (1 s) is as early as a new one could be', () => {
    const aggregate = openedCase();
    const due = Date.parse(review(aggregate, 'fire').dueBy);
    // restarted a minute after the due time: the plan gives the shortest wait
    const now = new Date(due + 60_000);
    const armed = arm(aggregate, 'fire', {
      taskToken: 't',
      dispatchedAt: now.toISOString(),
      armedFor: new Date(now.getTime() + 1_000).toISOString(),
    });
    assert.equal(dispatchAction(undefined, review(armed, 'fire'), now), 'wait');
    // but a task of the stale plan's full limit is re-armed
    const stale = arm(aggregate, 'fire', {
      taskToken: 't',
      dispatchedAt: now.toISOString(),
      armedFor: new Date(now.getTime() + 30_000).toISOString(),
    });
    assert.equal(dispatchAction(undefined, review(stale, 'fire'), now), 'rearm');
  });

  it('a settled review, or one of a final case, completes its task at once', () => {
    const aggregate = openedCase();
    const approved = decided(aggregate, 'fire', 'APPROVE', plusMs(SUBMITTED_AT, 1000));
    assert.equal(dispatchAction(undefined, review(approved, 'fire'), at), 'complete');
    const withdrawn = applyChange(aggregate, withdrawCase(aggregate, plusMs(SUBMITTED_AT, 1000)));
    assert.equal(dispatchAction(withdrawn.record, review(withdrawn, 'planning'), at), 'complete');
  });

  it("a stopped clock waits on the case's correction round: re-armed when the round closes earlier", () => {
    const aggregate = shopCase();
    const stopped = applyChange(
      aggregate,
      done(
        decideReview({
          aggregate,
          department: 'fire',
          decision: { decision: 'REQUEST_CORRECTION', requested: [{ id: 'floor-plan', reason: '未标注疏散通道' }] },
          reviewer: 'reviewer-li',
          now: local('2026-03-05 11:00'),
          calendar: CAL,
        }),
      ).change,
    );
    const now = local('2026-03-05 11:01');
    const armed = arm(stopped, 'fire', { taskToken: 't', dispatchedAt: now.toISOString(), armedFor: endOf('2026-03-16') });
    assert.equal(dispatchAction(armed.record, review(armed, 'fire'), now), 'rearm');
    const onTime = arm(stopped, 'fire', { taskToken: 't', dispatchedAt: now.toISOString(), armedFor: endOf('2026-03-06') });
    assert.equal(dispatchAction(onTime.record, review(onTime, 'fire'), now), 'wait');
  });
});

describe('tasksToRearm', () => {
  /** Arm every review's task as the workflow does: from reviewPlan, entered `latencyMs` later. */
  function armAll(aggregate: CaseAggregate, at: Date, latencyMs = 0): CaseAggregate {
    for (const p of reviewPlan(aggregate, at)) {
      const entered = plusMs(at, latencyMs).toISOString();
      aggregate = arm(aggregate, p.department, {
        taskToken: `token-${p.department}-${entered}`,
        dispatchedAt: entered,
        armedFor: p.armedFor,
      });
    }
    return aggregate;
  }
  const stopFire = (aggregate: CaseAggregate, at: Date) =>
    applyChange(
      aggregate,
      done(
        decideReview({
          aggregate,
          department: 'fire',
          decision: { decision: 'REQUEST_CORRECTION', requested: [{ id: 'floor-plan', reason: '未标注疏散通道' }] },
          reviewer: 'reviewer-li',
          now: at,
          calendar: CAL,
        }),
      ).change,
    );

  it('none right after the workflow armed every review for its wake-up time', () => {
    for (const latencyMs of [0, 250]) {
      const aggregate = armAll(shopCase(), SHOP_AT, latencyMs);
      assert.equal(review(aggregate, 'fire').armedFor, endOf('2026-03-16'));
      assert.deepEqual(tasksToRearm(aggregate, SHOP_AT), [], `dispatch latency ${latencyMs} ms`);
    }
  });

  it('a review whose wake-up moved earlier than its task was armed for is listed; the others are not', () => {
    const armed = armAll(shopCase(), SHOP_AT);
    // a correction request: fire now wakes when the collection window closes (end of Fri 6 March)
    const stopped = stopFire(armed, local('2026-03-05 11:00'));
    assert.equal(wakeAt(stopped.record, review(stopped, 'fire')), endOf('2026-03-06'));
    assert.deepEqual(
      tasksToRearm(stopped, local('2026-03-05 11:00')).map((r) => r.department),
      ['fire'],
    );
  });

  it('a wake-up that moved later is not listed (the task wakes, finds it not due, and waits again)', () => {
    const armed = armAll(shopCase(), SHOP_AT);
    const extended = applyChange(
      armed,
      done(
        extendReview({
          aggregate: armed,
          department: 'fire',
          extension: { workingDays: 3, reason: '需现场核查' },
          reviewer: 'reviewer-li',
          now: local('2026-03-04 10:00'),
          calendar: CAL,
        }),
      ).change,
    );
    assert.deepEqual(tasksToRearm(extended, local('2026-03-04 10:00')), []);
  });

  it('a settled review is never listed, even with a task armed for a later instant', () => {
    const armed = armAll(shopCase(), SHOP_AT);
    const approved = decided(armed, 'fire', 'APPROVE', local('2026-03-03 10:00'));
    assert.ok(review(approved, 'fire').taskToken);
    assert.deepEqual(tasksToRearm(approved, local('2026-03-03 10:00')), []);
    const withdrawn = applyChange(armed, withdrawCase(armed, local('2026-03-03 10:00')));
    assert.deepEqual(tasksToRearm(withdrawn, local('2026-03-03 10:00')), []);
  });

  it('a review never dispatched is not listed', () => {
    const stopped = stopFire(shopCase(), local('2026-03-05 11:00'));
    assert.deepEqual(tasksToRearm(stopped, local('2026-03-05 11:00')), []);
  });

  it('a calendar change that brings due dates earlier lists those reviews', () => {
    // accepted on a calendar with Wed 11 March off: fire due Tue 17, health Tue 24, market
    // Tue 31; the holiday is then cancelled and each moves a working day earlier
    const withHoliday = calendarWith(['2026-03-11'], 1);
    const armed = armAll(shopCase({ calendar: withHoliday }), SHOP_AT);
    assert.equal(review(armed, 'fire').dueBy, endOf('2026-03-17'));
    const cancelled = { ...CAL, version: 2 };
    const moved = applyChange(armed, applyCalendar(armed, cancelled, local('2026-03-04 10:00'))!);
    assert.equal(review(moved, 'fire').dueBy, endOf('2026-03-16'));
    assert.deepEqual(
      tasksToRearm(moved, local('2026-03-04 10:00')).map((r) => r.department),
      ['market', 'health', 'fire'],
    );
  });
});

describe('reviewPlan', () => {
  it('gives every review of the case with the seconds to wait for it', () => {
    const aggregate = openedCase({ caseId: 'CASE-PLAN' });
    const now = plusMs(SUBMITTED_AT, 10_000);
    assert.deepEqual(reviewPlan(aggregate, now), [
      { caseId: 'CASE-PLAN', department: 'planning', armedFor: '2026-01-05T04:00:00.000Z', timeoutSeconds: 2 * 3600 - 10 },
      { caseId: 'CASE-PLAN', department: 'fire', armedFor: '2026-01-05T02:00:30.000Z', timeoutSeconds: 20 },
      // due Thursday 23:59:59.999 local, now Monday 10:00:10 local: 3 d 13:59:49.999, rounded up
      {
        caseId: 'CASE-PLAN',
        department: 'environment',
        armedFor: endOf('2026-01-08'),
        timeoutSeconds: 3 * 86_400 + 13 * 3600 + 59 * 60 + 50,
      },
    ]);
  });

  it('a review already past due waits at least 1 second', () => {
    const aggregate = openedCase();
    const plan = reviewPlan(aggregate, new Date('2026-02-01T00:00:00Z'));
    assert.ok(plan.every((p) => p.timeoutSeconds >= 1));
    assert.equal(plan.find((p) => p.department === 'fire')?.timeoutSeconds, 1);
  });

  it('a settled review waits 1 second (the workflow finds it settled); a far one at most MAX_WAIT_SECONDS', () => {
    const aggregate = decided(shopCase(), 'fire', 'APPROVE', local('2026-03-03 10:00'));
    const plan = reviewPlan(aggregate, local('2026-03-03 10:00'));
    assert.deepEqual(
      plan.find((p) => p.department === 'fire'),
      { caseId: 'CASE-SHOP', department: 'fire', armedFor: local('2026-03-03 10:00').toISOString(), timeoutSeconds: 1 },
    );
    // market is due at the end of Monday 30 March: armed for that, waiting at most MAX_WAIT_SECONDS
    assert.deepEqual(
      plan.find((p) => p.department === 'market'),
      { caseId: 'CASE-SHOP', department: 'market', armedFor: endOf('2026-03-30'), timeoutSeconds: MAX_WAIT_SECONDS },
    );
  });

  it('a review waiting for a correction waits until its correction round needs attention', () => {
    const aggregate = shopCase();
    const stopped = applyChange(
      aggregate,
      done(
        decideReview({
          aggregate,
          department: 'fire',
          decision: { decision: 'REQUEST_CORRECTION', requested: [{ id: 'floor-plan', reason: '不清晰' }] },
          reviewer: 'reviewer-li',
          now: local('2026-03-05 11:00'),
          calendar: CAL,
        }),
      ).change,
    );
    const now = local('2026-03-06 10:00');
    // the collection window closes at the end of Friday 6 March: 14 h minus 1 ms from 10:00, rounded up
    assert.deepEqual(
      reviewPlan(stopped, now).find((p) => p.department === 'fire'),
      {
        caseId: 'CASE-SHOP',
        department: 'fire',
        armedFor: endOf('2026-03-06'),
        timeoutSeconds: 14 * 3600,
      },
    );
  });
});
