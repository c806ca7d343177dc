// A review's time runs out (settleByDeadline): a silent department is deemed to approve, a
// review settled meanwhile stays as it is, and whichever of decision and deadline comes
// first wins; wakeAt says when the workflow must look next.
//
// Expected instants are derived by hand. Asia/Shanghai is UTC+8 (no DST): the end of local
// day D is D T15:59:59.999Z (`endOf(D)`). Working days in March 2026 (no holiday):
// 2–6, 9–13, 16–20, 23–27, 30–31; 2 March is a Monday.
import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import { settleByDeadline, wakeAt } from '#core/case/deadlines.ts';
import { DEADLINE_ACTOR } from '#core/case/model.ts';
import { withdrawCase } from '#core/case/outcome.ts';
import { decideReview } from '#core/case/review-actions.ts';
import { MAX_WAIT_SECONDS } from '#core/clock.ts';
import { DomainError } from '#core/errors.ts';
import {
  applyChange,
  assertDomainError,
  CAL,
  endOf,
  openedCase,
  plusMs,
  reviewOf as review,
  SHOP_AT,
  shopCase,
  SUBMITTED_AT,
} from '../support/fixtures.ts';
import { decided } from '../support/fixtures.ts';

describe('settleByDeadline', () => {
  const fireDue = new Date('2026-01-05T02:00:30.000Z');

  it('before dueBy: notDue, with the seconds still to wait and nothing to write', () => {
    const aggregate = openedCase();
    const result = settleByDeadline(aggregate, 'fire', plusMs(fireDue, -10_500), CAL);
    assert.deepEqual(result, { kind: 'notDue', waitSeconds: 11, change: null });
  });

  it('one millisecond before dueBy is still notDue', () => {
    const result = settleByDeadline(openedCase(), 'fire', plusMs(fireDue, -1), CAL);
    assert.equal(result.kind, 'notDue');
  });

  it('a far due time is waited for in segments of at most MAX_WAIT_SECONDS', () => {
    const aggregate = shopCase();
    // market is due at the end of Monday 30 March, 28 days away
    const result = settleByDeadline(aggregate, 'market', SHOP_AT, CAL);
    assert.deepEqual(result, { kind: 'notDue', waitSeconds: MAX_WAIT_SECONDS, change: null });
  });

  for (const [label, now] of [
    ['exactly at dueBy', fireDue],
    ['after dueBy', plusMs(fireDue, 60_000)],
  ] as const) {
    it(`${label}: the silent department is deemed to approve, recorded against it`, () => {
      const aggregate = openedCase();
      const result = settleByDeadline(aggregate, 'fire', now, CAL);
      assert.equal(result.kind, 'settled');
      assert.ok(result.kind === 'settled');
      assert.equal(result.review.status, 'DEEMED_APPROVED');
      assert.equal(result.review.decidedBy, DEADLINE_ACTOR);
      assert.equal(result.review.decidedBy, 'system:deadline');
      assert.equal(result.review.decidedAt, now.toISOString());
      assert.deepEqual(result.change.reviews, [result.review]);
      assert.equal(result.change.events.length, 1);
      const [event] = result.change.events;
      assert.equal(event.type, 'REVIEW_DEEMED_APPROVED');
      assert.equal(event.department, 'fire');
      assert.equal(event.actor, 'system:deadline');
      assert.equal(event.detail?.defaultedBy, 'fire');
      assert.equal(event.detail?.dueBy, fireDue.toISOString());
      assert.equal(event.detail?.settledAt, now.toISOString());
    });
  }

  it('a working-day review is deemed approved at the end of its last working day, not before', () => {
    const aggregate = shopCase();
    assert.equal(settleByDeadline(aggregate, 'fire', new Date('2026-03-16T15:59:59.998Z'), CAL).kind, 'notDue');
    assert.equal(settleByDeadline(aggregate, 'fire', new Date('2026-03-16T15:59:59.999Z'), CAL).kind, 'settled');
  });

  it('on a review already decided: already, with the review as decided', () => {
    const aggregate = decided(openedCase(), 'fire', 'REJECT', plusMs(SUBMITTED_AT, 1000));
    const result = settleByDeadline(aggregate, 'fire', plusMs(fireDue, 1000), CAL);
    assert.equal(result.kind, 'alreadySettled');
    assert.equal(result.review.status, 'REJECTED');
  });

  it('on a withdrawn case: already settled', () => {
    const aggregate = openedCase();
    const withdrawn = applyChange(aggregate, withdrawCase(aggregate, plusMs(SUBMITTED_AT, 1000)));
    assert.equal(settleByDeadline(withdrawn, 'fire', plusMs(fireDue, 1000), CAL).kind, 'alreadySettled');
  });

  it('for a department that does not review the case: NOT_FOUND', () => {
    assertDomainError(() => settleByDeadline(openedCase({ form: { floorArea: 10 } }), 'fire', fireDue, CAL), 'NOT_FOUND');
  });

  describe('settle once: whichever of decision and deadline is applied first wins', () => {
    it('decision first: the deadline learns it is already settled and keeps the decision', () => {
      const decidedAt = plusMs(fireDue, -1000);
      const aggregate = decided(openedCase(), 'fire', 'REJECT', decidedAt);
      const late = settleByDeadline(aggregate, 'fire', plusMs(fireDue, 1), CAL);
      assert.equal(late.kind, 'alreadySettled');
      assert.ok(late.kind === 'alreadySettled');
      assert.equal(late.review.status, 'REJECTED');
      assert.equal(late.review.decidedAt, decidedAt.toISOString());
    });

    it('deadline first: the decision is refused with REVIEW_ALREADY_SETTLED as DEEMED_APPROVED', () => {
      const aggregate = openedCase();
      const result = settleByDeadline(aggregate, 'fire', fireDue, CAL);
      assert.ok(result.kind === 'settled');
      const after = applyChange(aggregate, result.change);
      assertDomainError(
        () =>
          decideReview({
            aggregate: after,
            department: 'fire',
            decision: { decision: 'REJECT', comment: '太晚了' },
            reviewer: 'reviewer-li',
            now: plusMs(fireDue, 2000),
            calendar: CAL,
          }),
        'REVIEW_ALREADY_SETTLED',
        { settledAs: 'DEEMED_APPROVED', settledAt: fireDue.toISOString() },
      );
    });

    it('both computed on the same read: applying one, then recomputing the other on the new state, refuses it', () => {
      // the store retries a losing writer on the fresh aggregate; the retry must not settle twice
      const aggregate = openedCase();
      const byDeadline = settleByDeadline(aggregate, 'fire', fireDue, CAL);
      assert.ok(byDeadline.kind === 'settled');
      const stale = decideReview({
        aggregate,
        department: 'fire',
        decision: { decision: 'APPROVE' },
        reviewer: 'reviewer-li',
        now: plusMs(fireDue, -1),
        calendar: CAL,
      });
      assert.equal(stale.kind, 'done'); // would succeed on the stale read
      const after = applyChange(aggregate, byDeadline.change);
      assert.throws(
        () =>
          decideReview({
            aggregate: after,
            department: 'fire',
            decision: { decision: 'APPROVE' },
            reviewer: 'reviewer-li',
            now: plusMs(fireDue, -1),
            calendar: CAL,
          }),
        DomainError,
      );
      assert.equal(settleByDeadline(after, 'fire', fireDue, CAL).kind, 'alreadySettled');
    });

    it("a decision that arrives late and the timer agree: both settle as the department's default", () => {
      const aggregate = openedCase();
      const byTimer = settleByDeadline(aggregate, 'fire', plusMs(fireDue, 5), CAL);
      const byDecision = decideReview({
        aggregate,
        department: 'fire',
        decision: { decision: 'REJECT', comment: '不符合规范' },
        reviewer: 'reviewer-li',
        now: plusMs(fireDue, 5),
        calendar: CAL,
      });
      assert.ok(byTimer.kind === 'settled');
      assert.equal(byDecision.kind, 'late');
      assert.deepEqual(byDecision.review, byTimer.review);
    });
  });
});

describe('wakeAt', () => {
  it('a PENDING review wakes at its dueBy; a settled one or one of a final case never', () => {
    const aggregate = openedCase();
    assert.equal(wakeAt(aggregate.record, review(aggregate, 'environment')), endOf('2026-01-08'));
    const approved = decided(aggregate, 'fire', 'APPROVE', plusMs(SUBMITTED_AT, 1000));
    assert.equal(wakeAt(approved.record, review(approved, 'fire')), undefined);
    const withdrawn = applyChange(aggregate, withdrawCase(aggregate, plusMs(SUBMITTED_AT, 1000)));
    assert.equal(wakeAt(withdrawn.record, review(withdrawn, 'environment')), undefined);
    // the case is final even if a review record were left open
    assert.equal(wakeAt(withdrawn.record, review(aggregate, 'environment')), undefined);
  });
});
