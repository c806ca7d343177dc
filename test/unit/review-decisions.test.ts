// A department's decision on its review (decideReview): approval with conditions, rejection,
// and a decision that comes after the due time, when the silence came first. A request for
// correction is in correction.test.ts.
//
// Expected instants are derived by hand. Asia/Shanghai is UTC+8 (no DST): the end of local
// day D is D T15:59:59.999Z (`endOf(D)`). Working days in March 2026 (no holiday):
// 2–6, 9–13, 16–20, 23–27, 30–31; 2 March is a Monday.
import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import { DEADLINE_ACTOR } from '#core/case/model.ts';
import { withdrawCase } from '#core/case/outcome.ts';
import { decideReview } from '#core/case/review-actions.ts';
import { applyChange, assertDomainError, CAL, done, openedCase, plusMs, reviewOf as review, SUBMITTED_AT } from '../support/fixtures.ts';
import { decided } from '../support/fixtures.ts';

describe('decideReview', () => {
  const at = plusMs(SUBMITTED_AT, 10_000);

  it('APPROVE settles the review as APPROVED with the decider, time and conditions', () => {
    const aggregate = openedCase();
    const action = decideReview({
      aggregate,
      department: 'fire',
      decision: { decision: 'APPROVE', conditions: ['安装喷淋系统'] },
      reviewer: 'reviewer-li',
      now: at,
      calendar: CAL,
    });
    assert.equal(action.kind, 'done');
    const { change, review: r } = action;
    assert.equal(r.status, 'APPROVED');
    assert.equal(r.decidedBy, 'reviewer-li');
    assert.equal(r.decidedAt, at.toISOString());
    assert.deepEqual(r.conditions, ['安装喷淋系统']);
    assert.deepEqual(change.reviews, [r]);
    assert.equal(change.events.length, 1);
    assert.equal(change.events[0].type, 'REVIEW_APPROVED');
    assert.equal(change.events[0].department, 'fire');
    assert.equal(change.events[0].actor, 'reviewer:reviewer-li');
    // the case itself is not concluded by one decision
    assert.equal(change.record.status, 'IN_REVIEW');
  });

  it('REJECT settles the review as REJECTED with its comment, and the event names the department', () => {
    const aggregate = openedCase();
    const { change, review: r } = done(
      decideReview({
        aggregate,
        department: 'planning',
        decision: { decision: 'REJECT', comment: '容积率超标' },
        reviewer: 'reviewer-wang',
        now: at,
        calendar: CAL,
      }),
    );
    assert.equal(r.status, 'REJECTED');
    assert.equal(r.comment, '容积率超标');
    assert.equal(change.events[0].type, 'REVIEW_REJECTED');
    assert.equal(change.events[0].department, 'planning');
    assert.deepEqual(change.events[0].detail, { comment: '容积率超标', conditions: undefined });
  });

  it('leaves the other reviews alone', () => {
    const aggregate = decided(openedCase(), 'fire', 'APPROVE', at);
    assert.equal(review(aggregate, 'fire').status, 'APPROVED');
    assert.equal(review(aggregate, 'planning').status, 'PENDING');
    assert.equal(review(aggregate, 'environment').status, 'PENDING');
  });

  it('a second decision on a settled review throws REVIEW_ALREADY_SETTLED with { settledAs, settledAt }', () => {
    const aggregate = decided(openedCase(), 'fire', 'APPROVE', at);
    assertDomainError(
      () =>
        decideReview({
          aggregate,
          department: 'fire',
          decision: { decision: 'REJECT', comment: 'late' },
          reviewer: 'reviewer-zhao',
          now: plusMs(at, 5000),
          calendar: CAL,
        }),
      'REVIEW_ALREADY_SETTLED',
      { settledAs: 'APPROVED', settledAt: at.toISOString() },
    );
  });

  it('deciding on a WITHDRAWN case throws REVIEW_ALREADY_SETTLED', () => {
    const aggregate = openedCase();
    const withdrawnAt = plusMs(SUBMITTED_AT, 5000);
    const withdrawn = applyChange(aggregate, withdrawCase(aggregate, withdrawnAt));
    assertDomainError(
      () =>
        decideReview({
          aggregate: withdrawn,
          department: 'planning',
          decision: { decision: 'APPROVE' },
          reviewer: 'reviewer-wang',
          now: at,
          calendar: CAL,
        }),
      'REVIEW_ALREADY_SETTLED',
      {
        settledAs: 'WITHDRAWN',
        settledAt: withdrawnAt.toISOString(),
      },
    );
  });

  it('deciding for a department that does not review the case is NOT_FOUND', () => {
    const aggregate = openedCase({ form: { floorArea: 100 } });
    assertDomainError(
      () =>
        decideReview({ aggregate, department: 'fire', decision: { decision: 'APPROVE' }, reviewer: 'reviewer-li', now: at, calendar: CAL }),
      'NOT_FOUND',
    );
  });

  describe('after the due time: the silence came first', () => {
    const fireDue = new Date('2026-01-05T02:00:30.000Z');

    it('one millisecond before dueBy the decision takes effect', () => {
      const action = decideReview({
        aggregate: openedCase(),
        department: 'fire',
        decision: { decision: 'REJECT', comment: '不符合规范' },
        reviewer: 'reviewer-li',
        now: plusMs(fireDue, -1),
        calendar: CAL,
      });
      assert.equal(action.kind, 'done');
      assert.equal(action.review.status, 'REJECTED');
    });

    for (const [label, now] of [
      ['exactly at dueBy', fireDue],
      ['a day after dueBy', plusMs(fireDue, 86_400_000)],
    ] as const) {
      it(`${label}: a rejection is 'late' and the review is settled DEEMED_APPROVED instead`, () => {
        const aggregate = openedCase();
        const action = decideReview({
          aggregate,
          department: 'fire',
          decision: { decision: 'REJECT', comment: '不符合规范' },
          reviewer: 'reviewer-li',
          now,
          calendar: CAL,
        });
        assert.equal(action.kind, 'late');
        assert.equal(action.review.status, 'DEEMED_APPROVED');
        assert.equal(action.review.decidedBy, DEADLINE_ACTOR);
        assert.equal(action.review.decidedAt, now.toISOString());
        assert.equal(action.review.comment, undefined);
        // this review alone: another review due too settles by its own timer, without contention
        assert.deepEqual(action.change.reviews, [action.review]);
        assert.deepEqual(
          action.change.events.map((e) => [e.type, e.actor, e.department]),
          [['REVIEW_DEEMED_APPROVED', 'system:deadline', 'fire']],
        );
        assert.equal(action.change.events[0].detail?.defaultedBy, 'fire');
        assert.equal(action.change.events[0].detail?.dueBy, fireDue.toISOString());
        assert.equal(action.change.record.status, 'IN_REVIEW');
      });
    }

    it('a late approval is deemed approved too, without its conditions', () => {
      const action = decideReview({
        aggregate: openedCase(),
        department: 'fire',
        decision: { decision: 'APPROVE', conditions: ['安装喷淋系统'] },
        reviewer: 'reviewer-li',
        now: plusMs(fireDue, 1),
        calendar: CAL,
      });
      assert.equal(action.kind, 'late');
      assert.equal(action.review.status, 'DEEMED_APPROVED');
      assert.equal(action.review.conditions, undefined);
    });

    it('a late action on one review does not touch the others', () => {
      const aggregate = openedCase();
      const action = decideReview({
        aggregate,
        department: 'fire',
        decision: { decision: 'APPROVE' },
        reviewer: 'reviewer-li',
        now: plusMs(fireDue, 1),
        calendar: CAL,
      });
      const after = applyChange(aggregate, action.change);
      assert.equal(review(after, 'planning').status, 'PENDING');
      assert.equal(review(after, 'environment').status, 'PENDING');
    });
  });
});
