// The opinion of a department deemed to approve: until when it may be filed (deemApproved's
// opinionBy) and filing it (fileOpinion), the outcome unchanged.
//
// Instants are derived by hand; the food-shop case's due dates and reminder instants, and how
// they are derived, are in test/support/watchdog.ts.
import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import { deemApproved, settleByDeadline } from '#core/case/deadlines.ts';
import { DEADLINE_ACTOR, DEFAULT_OPINION_LIMIT, rulesOf, type CaseAggregate } from '#core/case/model.ts';
import { decideReview, fileOpinion } from '#core/case/review-actions.ts';
import { applyChange, assertDomainError, CAL, done, endOf, local, plusMs, reviewOf, shopCase, shopService } from '../support/fixtures.ts';
import { base, caseOf } from '../support/watchdog.ts';

// ------------------------------------------------------------------ opinions

describe('deemApproved: opinionBy', () => {
  const fireOf = (aggregate: CaseAggregate) => reviewOf(aggregate, 'fire');

  it('the default opinion limit is 1 working day', () => {
    assert.deepEqual(DEFAULT_OPINION_LIMIT, { workingDays: 1 });
    assert.deepEqual(rulesOf(shopService()).opinionLimit, { workingDays: 1 });
    assert.deepEqual(rulesOf({ ...shopService(), opinionLimit: { workingDays: 3 } }).opinionLimit, { workingDays: 3 });
  });

  it('settled Tue 17 March 00:00 (just after the due day): until the end of Wed 18', () => {
    const aggregate = base();
    const { review, change } = deemApproved(aggregate, fireOf(aggregate), new Date('2026-03-16T16:00:00.000Z'), CAL);
    assert.equal(review.opinionBy, endOf('2026-03-18'));
    assert.equal(review.status, 'DEEMED_APPROVED');
    assert.equal(review.decidedBy, DEADLINE_ACTOR);
    assert.equal(change.events[0].detail?.opinionBy, endOf('2026-03-18'));
  });

  it('settled Fri 3 April 10:00: until the end of Tue 7 April (清明 4–6 off)', () => {
    const aggregate = shopCase({ now: local('2026-03-23 10:00') });
    assert.equal(deemApproved(aggregate, fireOf(aggregate), local('2026-04-03 10:00'), CAL).review.opinionBy, endOf('2026-04-07'));
  });

  it('settled after office hours on Friday: counted from Monday, until the end of Tuesday', () => {
    const aggregate = base();
    assert.equal(deemApproved(aggregate, fireOf(aggregate), local('2026-03-13 17:30'), CAL).review.opinionBy, endOf('2026-03-17'));
  });

  it("the service's opinion limit: 3 working days, or a duration", () => {
    const three = caseOf({ ...shopService(), opinionLimit: { workingDays: 3 } });
    assert.equal(deemApproved(three, fireOf(three), new Date('2026-03-16T16:00:00.000Z'), CAL).review.opinionBy, endOf('2026-03-20'));
    const hours = caseOf({ ...shopService(), opinionLimit: { duration: 'PT4H' } });
    assert.equal(
      deemApproved(hours, fireOf(hours), new Date('2026-03-16T16:00:00.000Z'), CAL).review.opinionBy,
      '2026-03-16T20:00:00.000Z',
    );
  });

  it('a case stored without an opinion limit gets the default', () => {
    const aggregate = base();
    const { opinionLimit: _o, ...rules } = aggregate.record.rules;
    const old = { ...aggregate, record: { ...aggregate.record, rules } };
    assert.equal(deemApproved(old, fireOf(old), new Date('2026-03-16T16:00:00.000Z'), CAL).review.opinionBy, endOf('2026-03-18'));
  });
});

describe('fileOpinion', () => {
  /** Fire deemed approved Tue 17 March 00:00 by the workflow; opinion due by the end of Wed 18. */
  function deemed(): CaseAggregate {
    const aggregate = base();
    const result = settleByDeadline(aggregate, 'fire', new Date('2026-03-16T16:00:00.000Z'), CAL);
    assert.ok(result.kind === 'settled');
    return applyChange(aggregate, result.change);
  }
  const OPINION_BY = endOf('2026-03-18');

  it('on a deemed approval: the opinion on the review and a REVIEW_OPINION event, the outcome unchanged', () => {
    const aggregate = deemed();
    const now = local('2026-03-18 10:00');
    const { change, review } = fileOpinion({ aggregate, department: 'fire', comment: '同意，建议加装喷淋', reviewer: 'rev-fire', now });
    assert.equal(review.status, 'DEEMED_APPROVED');
    assert.deepEqual(review.opinion, { comment: '同意，建议加装喷淋', at: now.toISOString(), by: 'rev-fire' });
    assert.deepEqual(change.reviews, [review]);
    assert.deepEqual(change.record, aggregate.record);
    assert.deepEqual(change.events, [
      {
        at: now.toISOString(),
        type: 'REVIEW_OPINION',
        actor: 'reviewer:rev-fire',
        department: 'fire',
        detail: { comment: '同意，建议加装喷淋', outcomeUnchanged: true },
      },
    ]);
  });

  it('once: a second opinion is a CONFLICT', () => {
    const aggregate = deemed();
    const filed = applyChange(
      aggregate,
      fileOpinion({ aggregate, department: 'fire', comment: '同意', reviewer: 'rev-fire', now: local('2026-03-18 10:00') }).change,
    );
    assertDomainError(
      () =>
        fileOpinion({ aggregate: filed, department: 'fire', comment: '补充意见', reviewer: 'rev-fire', now: local('2026-03-18 11:00') }),
      'CONFLICT',
      {
        opinion: reviewOf(filed, 'fire').opinion,
      },
    );
  });

  it('until opinionBy: at it accepted, a millisecond after it a CONFLICT', () => {
    const aggregate = deemed();
    assert.equal(
      fileOpinion({ aggregate, department: 'fire', comment: '同意', reviewer: 'rev-fire', now: new Date(OPINION_BY) }).review.opinion?.at,
      OPINION_BY,
    );
    assertDomainError(
      () => fileOpinion({ aggregate, department: 'fire', comment: '同意', reviewer: 'rev-fire', now: plusMs(new Date(OPINION_BY), 1) }),
      'CONFLICT',
      {
        opinionBy: OPINION_BY,
      },
    );
  });

  it('only on a deemed approval: PENDING, APPROVED, CORRECTION_REQUESTED are a CONFLICT; an unknown department NOT_FOUND', () => {
    const aggregate = base();
    const at = local('2026-03-05 11:00');
    assertDomainError(() => fileOpinion({ aggregate, department: 'fire', comment: 'x', reviewer: 'rev-fire', now: at }), 'CONFLICT', {
      status: 'PENDING',
    });
    const approved = applyChange(
      aggregate,
      done(decideReview({ aggregate, department: 'fire', decision: { decision: 'APPROVE' }, reviewer: 'rev-fire', now: at, calendar: CAL }))
        .change,
    );
    assertDomainError(
      () => fileOpinion({ aggregate: approved, department: 'fire', comment: 'x', reviewer: 'rev-fire', now: at }),
      'CONFLICT',
      { status: 'APPROVED' },
    );
    const asked = applyChange(
      aggregate,
      done(
        decideReview({
          aggregate,
          department: 'health',
          decision: { decision: 'REQUEST_CORRECTION', requested: [{ id: 'health-certs', reason: '缺' }] },
          reviewer: 'rev-h',
          now: at,
          calendar: CAL,
        }),
      ).change,
    );
    assertDomainError(() => fileOpinion({ aggregate: asked, department: 'health', comment: 'x', reviewer: 'rev-h', now: at }), 'CONFLICT', {
      status: 'CORRECTION_REQUESTED',
    });
    assertDomainError(() => fileOpinion({ aggregate, department: 'police', comment: 'x', reviewer: 'rev-p', now: at }), 'NOT_FOUND');
  });

  it('a deemed approval without an opinionBy (from before opinions) takes no opinion', () => {
    const aggregate = deemed();
    const { opinionBy: _o, ...fire } = reviewOf(aggregate, 'fire');
    const old = { ...aggregate, reviews: aggregate.reviews.map((r) => (r.department === 'fire' ? fire : r)) };
    assertDomainError(
      () => fileOpinion({ aggregate: old, department: 'fire', comment: 'x', reviewer: 'rev-fire', now: local('2026-03-18 10:00') }),
      'CONFLICT',
      {
        status: 'DEEMED_APPROVED',
      },
    );
  });

  it('after the case concluded: still accepted, the case unchanged', () => {
    let aggregate = deemed();
    for (const d of ['market', 'health'])
      aggregate = applyChange(
        aggregate,
        done(
          decideReview({
            aggregate,
            department: d,
            decision: { decision: 'APPROVE' },
            reviewer: `rev-${d}`,
            now: local('2026-03-17 10:00'),
            calendar: CAL,
          }),
        ).change,
      );
    assert.equal(aggregate.record.status, 'APPROVED');
    const { change } = fileOpinion({
      aggregate,
      department: 'fire',
      comment: '同意',
      reviewer: 'rev-fire',
      now: local('2026-03-18 10:00'),
    });
    assert.deepEqual(change.record, aggregate.record);
    assert.equal(applyChange(aggregate, change).record.outcome, 'APPROVED');
  });
});
