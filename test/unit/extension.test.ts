// A department extends its limit (extendReview): once, before it expires, giving reasons.
//
// Expected instants are derived by hand. Asia/Shanghai is UTC+8 (no DST): the end of local
// day D is D T15:59:59.999Z (`endOf(D)`). Working days in March 2026 (no holiday):
// 2–6, 9–13, 16–20, 23–27, 30–31; 2 March is a Monday.
import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import { settleByDeadline } from '#core/case/deadlines.ts';
import { decideReview, extendReview } from '#core/case/review-actions.ts';
import {
  applyChange,
  assertDomainError,
  CAL,
  done,
  endOf,
  local,
  openedCase,
  plusMs,
  reviewOf as review,
  shopCase,
  SUBMITTED_AT,
} from '../support/fixtures.ts';
import { decided } from '../support/fixtures.ts';

describe('extendReview', () => {
  // food shop: fire has 10 working days from Mon 2 March → due end of Mon 16 March
  const extendAt = local('2026-03-10 10:00');
  const input = { workingDays: 5, reason: '需组织专家现场核查' };

  it('extends the limit by the working days, records who, why and when, and moves dueBy', () => {
    const aggregate = shopCase();
    assert.equal(review(aggregate, 'fire').dueBy, endOf('2026-03-16'));
    const { change, review: r } = done(
      extendReview({ aggregate, department: 'fire', extension: input, reviewer: 'reviewer-li', now: extendAt, calendar: CAL }),
    );
    // 15 working days from Mon 2 March: … 16 (10), 17, 18, 19, 20, 23 (15)
    assert.equal(r.dueBy, endOf('2026-03-23'));
    assert.equal(r.status, 'PENDING');
    assert.equal(r.clock.extensionDays, 5);
    assert.deepEqual(r.extension, { workingDays: 5, reason: '需组织专家现场核查', at: extendAt.toISOString(), by: 'reviewer-li' });
    assert.equal(r.calendarVersion, CAL.version);
    assert.deepEqual(change.reviews, [r]);
    assert.equal(change.events.length, 1);
    const [e] = change.events;
    assert.equal(e.type, 'REVIEW_EXTENDED');
    assert.equal(e.actor, 'reviewer:reviewer-li');
    assert.equal(e.department, 'fire');
    assert.equal(e.at, extendAt.toISOString());
    assert.deepEqual(e.detail, { workingDays: 5, reason: '需组织专家现场核查', from: endOf('2026-03-16'), dueBy: endOf('2026-03-23') });
  });

  it('the extended review is not deemed approved at its old due time, and can be decided after it', () => {
    const aggregate = shopCase();
    const extended = applyChange(
      aggregate,
      done(extendReview({ aggregate, department: 'fire', extension: input, reviewer: 'reviewer-li', now: extendAt, calendar: CAL })).change,
    );
    const afterOldDue = local('2026-03-17 10:00');
    const timer = settleByDeadline(extended, 'fire', afterOldDue, CAL);
    assert.equal(timer.kind, 'notDue');
    const action = decideReview({
      aggregate: extended,
      department: 'fire',
      decision: { decision: 'APPROVE' },
      reviewer: 'reviewer-li',
      now: afterOldDue,
      calendar: CAL,
    });
    assert.equal(action.kind, 'done');
    assert.equal(action.review.status, 'APPROVED');
  });

  it('only once: a second extension is CONFLICT', () => {
    const aggregate = shopCase();
    const extended = applyChange(
      aggregate,
      done(extendReview({ aggregate, department: 'fire', extension: input, reviewer: 'reviewer-li', now: extendAt, calendar: CAL })).change,
    );
    const err = assertDomainError(
      () =>
        extendReview({
          aggregate: extended,
          department: 'fire',
          extension: { workingDays: 1, reason: '再延一天' },
          reviewer: 'reviewer-li',
          now: plusMs(extendAt, 1000),
          calendar: CAL,
        }),
      'CONFLICT',
    );
    assert.deepEqual(err.details?.extension, review(extended, 'fire').extension);
  });

  it("another department's extension is its own", () => {
    const aggregate = shopCase();
    const extended = applyChange(
      aggregate,
      done(extendReview({ aggregate, department: 'fire', extension: input, reviewer: 'reviewer-li', now: extendAt, calendar: CAL })).change,
    );
    const other = done(
      extendReview({
        aggregate: extended,
        department: 'health',
        extension: { workingDays: 2, reason: '材料较多' },
        reviewer: 'reviewer-wu',
        now: extendAt,
        calendar: CAL,
      }),
    );
    // health: 15 + 2 = 17 working days from Mon 2 March: … 23 (15), 24, 25 (17)
    assert.equal(other.review.dueBy, endOf('2026-03-25'));
  });

  it("after dueBy it is 'late': the review is deemed approved, no extension recorded", () => {
    const aggregate = shopCase();
    const now = local('2026-03-17 09:00');
    const action = extendReview({ aggregate, department: 'fire', extension: input, reviewer: 'reviewer-li', now, calendar: CAL });
    assert.equal(action.kind, 'late');
    assert.equal(action.review.status, 'DEEMED_APPROVED');
    assert.equal(action.review.extension, undefined);
    assert.equal(action.review.dueBy, endOf('2026-03-16'));
    assert.deepEqual(
      action.change.events.map((e) => e.type),
      ['REVIEW_DEEMED_APPROVED'],
    );
  });

  it('a wall-clock limit extended by working days ends at the end of the n-th working day after it would have ended', () => {
    const aggregate = openedCase();
    const { review: r } = done(
      extendReview({
        aggregate,
        department: 'fire',
        extension: { workingDays: 2, reason: '需现场核查' },
        reviewer: 'reviewer-li',
        now: plusMs(SUBMITTED_AT, 10_000),
        calendar: CAL,
      }),
    );
    // PT30S from Monday 5 Jan 10:00 would end that Monday; 2 working days later is Wednesday 7 Jan
    assert.equal(r.dueBy, endOf('2026-01-07'));
  });

  it('a settled review cannot be extended: REVIEW_ALREADY_SETTLED', () => {
    const aggregate = decided(shopCase(), 'fire', 'APPROVE', extendAt);
    assertDomainError(
      () => extendReview({ aggregate, department: 'fire', extension: input, reviewer: 'reviewer-li', now: extendAt, calendar: CAL }),
      'REVIEW_ALREADY_SETTLED',
      {
        settledAs: 'APPROVED',
        settledAt: extendAt.toISOString(),
      },
    );
  });
});
