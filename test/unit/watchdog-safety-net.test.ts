// The watchdog's safety net (watchdogStep): a review still open past its due time and grace
// is settled as deemed approved, once, with the outcome when that decides the case.
//
// Instants are derived by hand; the food-shop case's due dates and reminder instants, and how
// they are derived, are in test/support/watchdog.ts.
import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import { settleByDeadline } from '#core/case/deadlines.ts';
import { DEADLINE_ACTOR } from '#core/case/model.ts';
import { decideReview } from '#core/case/review-actions.ts';
import { applyChange, CAL, done, endOf, local } from '../support/fixtures.ts';
import { FIRE_DUE, MARKET_DUE, NET_AT, WATCHDOG, base, changed, escalated, step } from '../support/watchdog.ts';

describe('watchdogStep: the safety net', () => {
  it('past dueBy + grace with the review still PENDING: deemed approved by system:deadline, marked safetyNet, its task woken', () => {
    const aggregate = escalated();
    const s = step(aggregate, NET_AT);
    assert.ok(s.change);
    const at = NET_AT.toISOString();
    const opinionBy = endOf('2026-03-18'); // settled Tue 17: 1 working day → end of Wed 18
    assert.deepEqual(s.change.events, [
      { at, type: 'REVIEW_REMINDER', actor: WATCHDOG, department: 'market', detail: { point: '50% of the time used', dueBy: MARKET_DUE } },
      {
        at,
        type: 'REVIEW_DEEMED_APPROVED',
        actor: DEADLINE_ACTOR,
        department: 'fire',
        detail: { defaultedBy: 'fire', dueBy: FIRE_DUE, settledAt: at, opinionBy, safetyNet: true },
      },
    ]);
    const fire = changed(s.change, 'fire');
    assert.ok(fire);
    assert.equal(fire.status, 'DEEMED_APPROVED');
    assert.equal(fire.decidedBy, 'system:deadline');
    assert.equal(fire.decidedAt, at);
    assert.equal(fire.opinionBy, opinionBy);
    assert.deepEqual(fire.alertsDone, [`USED_50@${FIRE_DUE}`, `LEFT_1@${FIRE_DUE}`, `ESCALATE@${FIRE_DUE}`, `OVERDUE@${FIRE_DUE}`]);
    assert.deepEqual(s.wake, ['fire']);
    assert.deepEqual(s.safetyNet, ['fire']);
    assert.equal(s.redrive, false);
    // The watchdog settles the review; concluding the case is the woken workflow's job.
    assert.equal(s.change.record.status, 'IN_REVIEW');
    assert.equal(step(applyChange(aggregate, s.change), NET_AT).change, null);
  });

  it('exactly at dueBy + grace it acts; a millisecond before it does not', () => {
    const aggregate = escalated();
    const exact = step(aggregate, new Date('2026-03-16T16:04:59.999Z'));
    assert.deepEqual(exact.safetyNet, ['fire']);
    const before = step(aggregate, new Date('2026-03-16T16:04:59.998Z'));
    assert.deepEqual(before.safetyNet, []);
    assert.equal(changed(before.change, 'fire'), undefined);
  });

  it('a review the workflow already settled at its due time gets no safety-net action', () => {
    const aggregate = escalated();
    const settled = settleByDeadline(aggregate, 'fire', new Date('2026-03-16T16:00:00.000Z'), CAL);
    assert.equal(settled.kind, 'settled');
    const after = applyChange(aggregate, settled.kind === 'settled' ? settled.change : (null as never));
    const s = step(after, NET_AT);
    assert.deepEqual(s.safetyNet, []);
    assert.deepEqual(s.wake, []);
    assert.equal(changed(s.change, 'fire'), undefined);
    assert.deepEqual(
      s.change?.events.map((e) => [e.type, e.department]),
      [['REVIEW_REMINDER', 'market']],
    );
  });

  it('a review its department decided before the due time gets no safety-net action', () => {
    const aggregate = escalated();
    const after = applyChange(
      aggregate,
      done(
        decideReview({
          aggregate,
          department: 'fire',
          decision: { decision: 'APPROVE' },
          reviewer: 'rev-fire',
          now: local('2026-03-16 15:00'),
          calendar: CAL,
        }),
      ).change,
    );
    const s = step(after, NET_AT);
    assert.deepEqual(s.safetyNet, []);
    assert.equal(changed(s.change, 'fire'), undefined);
  });

  it("a review waiting for the applicant's correction is not settled by the safety net", () => {
    const aggregate = base();
    const asked = applyChange(
      aggregate,
      done(
        decideReview({
          aggregate,
          department: 'fire',
          decision: { decision: 'REQUEST_CORRECTION', requested: [{ id: 'floor-plan', reason: '未标注疏散通道' }] },
          reviewer: 'rev-fire',
          now: local('2026-03-05 11:00'),
          calendar: CAL,
        }),
      ).change,
    );
    const s = step(asked, NET_AT);
    assert.deepEqual(s.safetyNet, []);
    assert.equal(changed(s.change, 'fire'), undefined);
    assert.ok(!s.change?.events.some((e) => e.department === 'fire'));
  });
});
