// The case's outcome: any rejection rejects at once and closes the reviews still open, else
// approval once every review is settled (outcomeOf, concludeCase), and the applicant's
// withdrawal (withdrawCase).
//
// Expected instants are derived by hand. Asia/Shanghai is UTC+8 (no DST): the end of local
// day D is D T15:59:59.999Z (`endOf(D)`). Working days in March 2026 (no holiday):
// 2–6, 9–13, 16–20, 23–27, 30–31; 2 March is a Monday.
import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import { settleByDeadline } from '#core/case/deadlines.ts';
import { concludeCase, outcomeOf, withdrawCase } from '#core/case/outcome.ts';
import { decideReview } from '#core/case/review-actions.ts';
import { submitCase } from '#core/case/submission.ts';
import type { ReviewStatus } from '#core/schemas.ts';
import {
  APPLICANT,
  application,
  applyChange,
  assertDomainError,
  buildingService,
  CAL,
  done,
  local,
  openedCase,
  plusMs,
  reviewOf as review,
  shopCase,
  SUBMITTED_AT,
} from '../support/fixtures.ts';
import { decided } from '../support/fixtures.ts';

describe('outcomeOf', () => {
  const of = (...statuses: ReviewStatus[]) => outcomeOf(statuses.map((status) => ({ status })));
  it('any REJECTED rejects, once every review is settled', () => {
    assert.equal(of('APPROVED', 'REJECTED', 'DEEMED_APPROVED'), 'REJECTED');
    assert.equal(of('REJECTED'), 'REJECTED');
  });
  it('all approved or deemed approved approves', () => {
    assert.equal(of('APPROVED', 'DEEMED_APPROVED'), 'APPROVED');
    assert.equal(of('DEEMED_APPROVED', 'DEEMED_APPROVED'), 'APPROVED');
  });
  it('has no outcome while any review is open and none rejected', () => {
    assert.equal(of('APPROVED', 'PENDING'), undefined);
    assert.equal(of('APPROVED', 'CORRECTION_REQUESTED'), undefined);
  });
  it('a rejection is the outcome at once, even with reviews still open (most severe wins)', () => {
    assert.equal(of('REJECTED', 'PENDING'), 'REJECTED');
    assert.equal(of('PENDING', 'CORRECTION_REQUESTED', 'REJECTED'), 'REJECTED');
  });
});

describe('concludeCase: the settlement that decides the case concludes it', () => {
  const at = plusMs(SUBMITTED_AT, 60_000);

  it('no outcome while any review is open and none rejected', () => {
    let aggregate = openedCase();
    assert.equal(concludeCase(aggregate, at), null);
    aggregate = decided(aggregate, 'fire', 'APPROVE', plusMs(SUBMITTED_AT, 10_000));
    aggregate = decided(aggregate, 'planning', 'APPROVE', at);
    assert.equal(aggregate.record.status, 'IN_REVIEW');
    assert.equal(concludeCase(aggregate, at), null);
  });

  it('the last settlement (a deemed approval) carries the outcome: APPROVED with the conditions collected per department', () => {
    let aggregate = openedCase();
    aggregate = decided(aggregate, 'fire', 'APPROVE', plusMs(SUBMITTED_AT, 10_000), { conditions: ['安装喷淋系统', '设置疏散通道'] });
    aggregate = decided(aggregate, 'planning', 'APPROVE', at);
    const settledAt = new Date('2026-01-09T00:00:00Z');
    const deemed = settleByDeadline(aggregate, 'environment', settledAt, CAL);
    assert.ok(deemed.kind === 'settled');
    const change = deemed.change;
    assert.equal(change.record.status, 'APPROVED');
    assert.equal(change.record.outcome, 'APPROVED');
    assert.equal(change.record.decidedAt, settledAt.toISOString());
    assert.deepEqual(
      change.reviews.map((r) => [r.department, r.status]),
      [['environment', 'DEEMED_APPROVED']],
    );
    assert.deepEqual(
      change.events.map((e) => e.type),
      ['REVIEW_DEEMED_APPROVED', 'CASE_APPROVED'],
    );
    assert.deepEqual(change.events[1].detail, { conditions: [{ department: 'fire', conditions: ['安装喷淋系统', '设置疏散通道'] }] });
    assert.equal(concludeCase(applyChange(aggregate, change), settledAt), null, 'concluded once');
  });

  it('the last decision carries the outcome too', () => {
    let aggregate = openedCase();
    for (const d of ['fire', 'planning']) aggregate = decided(aggregate, d, 'APPROVE', plusMs(SUBMITTED_AT, 10_000));
    const last = done(
      decideReview({
        aggregate,
        department: 'environment',
        decision: { decision: 'APPROVE' },
        reviewer: 'reviewer-environment',
        now: at,
        calendar: CAL,
      }),
    ).change;
    assert.equal(last.record.status, 'APPROVED');
    assert.deepEqual(
      last.events.map((e) => e.type),
      ['REVIEW_APPROVED', 'CASE_APPROVED'],
    );
  });

  it('a rejection rejects the case at once: the open reviews are CLOSED (no default), the outcome names who rejected', () => {
    let aggregate = openedCase();
    aggregate = decided(aggregate, 'planning', 'APPROVE', plusMs(SUBMITTED_AT, 5_000));
    // within fire's 30 s
    const at = plusMs(SUBMITTED_AT, 10_000);
    const change = done(
      decideReview({
        aggregate,
        department: 'fire',
        decision: { decision: 'REJECT', comment: '不符合消防规范' },
        reviewer: 'reviewer-fire',
        now: at,
        calendar: CAL,
      }),
    ).change;
    assert.equal(change.record.status, 'REJECTED');
    assert.equal(change.record.outcome, 'REJECTED');
    assert.equal(change.record.decidedAt, at.toISOString());
    assert.deepEqual(
      change.reviews.map((r) => [r.department, r.status, r.decidedBy]),
      [
        ['fire', 'REJECTED', 'reviewer-fire'],
        ['environment', 'CLOSED', 'system:workflow'],
      ],
    );
    assert.deepEqual(
      change.events.map((e) => [e.type, e.department]),
      [
        ['REVIEW_REJECTED', 'fire'],
        ['CASE_REJECTED', undefined],
      ],
    );
    assert.deepEqual(change.events[1].detail, { rejectedBy: ['fire'], closed: ['environment'] });
    // nothing is recorded against the closed department
    assert.ok(!change.events.some((e) => e.type === 'REVIEW_DEEMED_APPROVED'));
    const rejected = applyChange(aggregate, change);
    // the closed department can no longer act: 409 with what won
    assertDomainError(
      () =>
        decideReview({
          aggregate: rejected,
          department: 'environment',
          decision: { decision: 'APPROVE' },
          reviewer: 'reviewer-environment',
          now: plusMs(at, 1000),
          calendar: CAL,
        }),
      'REVIEW_ALREADY_SETTLED',
      { settledAs: 'CLOSED', settledAt: at.toISOString() },
    );
    // and its deadline settles nothing
    assert.equal(settleByDeadline(rejected, 'environment', new Date('2026-02-01T00:00:00Z'), CAL).kind, 'alreadySettled');
  });

  it('a review waiting on the applicant is closed by a rejection too', () => {
    const aggregate = shopCase();
    const stopped = applyChange(
      aggregate,
      done(
        decideReview({
          aggregate,
          department: 'fire',
          decision: { decision: 'REQUEST_CORRECTION', requested: [{ id: 'floor-plan', reason: '不清晰' }] },
          reviewer: 'reviewer-li',
          now: local('2026-03-03 11:00'),
          calendar: CAL,
        }),
      ).change,
    );
    const change = done(
      decideReview({
        aggregate: stopped,
        department: 'market',
        decision: { decision: 'REJECT', comment: '经营范围不符' },
        reviewer: 'reviewer-ma',
        now: local('2026-03-04 10:00'),
        calendar: CAL,
      }),
    ).change;
    assert.equal(change.record.status, 'REJECTED');
    assert.deepEqual(change.reviews.map((r) => [r.department, r.status]).sort(), [
      ['fire', 'CLOSED'],
      ['health', 'CLOSED'],
      ['market', 'REJECTED'],
    ]);
  });

  it('is null on a case that is not IN_REVIEW (concluded already, withdrawn, or incomplete)', () => {
    let aggregate = openedCase();
    for (const d of ['fire', 'planning', 'environment']) aggregate = decided(aggregate, d, 'APPROVE', plusMs(SUBMITTED_AT, 10_000));
    assert.equal(aggregate.record.status, 'APPROVED');
    assert.equal(concludeCase(aggregate, at), null);

    const fresh = openedCase();
    const withdrawn = applyChange(fresh, withdrawCase(fresh, at));
    assert.equal(concludeCase(withdrawn, at), null);

    const incomplete = applyChange(
      undefined,
      submitCase({
        caseId: 'X',
        service: buildingService(),
        input: application({}),
        applicantSub: APPLICANT,
        now: SUBMITTED_AT,
        calendar: CAL,
      }),
    );
    assert.equal(concludeCase(incomplete, at), null);
  });
});

describe('withdrawCase', () => {
  const at = plusMs(SUBMITTED_AT, 30_000);

  it('withdraws the case; open reviews become WITHDRAWN, settled ones are not touched', () => {
    const approvedAt = plusMs(SUBMITTED_AT, 5000);
    const aggregate = decided(openedCase(), 'fire', 'APPROVE', approvedAt);
    const change = withdrawCase(aggregate, at);
    assert.equal(change.record.status, 'WITHDRAWN');
    assert.equal(change.record.decidedAt, at.toISOString());
    assert.deepEqual(change.reviews.map((r) => [r.department, r.status]).sort(), [
      ['environment', 'WITHDRAWN'],
      ['planning', 'WITHDRAWN'],
    ]);
    for (const r of change.reviews) {
      assert.equal(r.decidedAt, at.toISOString());
      assert.equal(r.decidedBy, 'applicant');
    }
    const after = applyChange(aggregate, change);
    assert.equal(review(after, 'fire').status, 'APPROVED');
    assert.equal(review(after, 'fire').decidedAt, approvedAt.toISOString());
    assert.deepEqual(
      change.events.map((e) => [e.type, e.actor]),
      [['CASE_WITHDRAWN', 'applicant']],
    );
  });

  it('an INCOMPLETE case can be withdrawn', () => {
    const incomplete = applyChange(
      undefined,
      submitCase({
        caseId: 'X',
        service: buildingService(),
        input: application({}),
        applicantSub: APPLICANT,
        now: SUBMITTED_AT,
        calendar: CAL,
      }),
    );
    const change = withdrawCase(incomplete, at);
    assert.equal(change.record.status, 'WITHDRAWN');
    assert.deepEqual(change.reviews, []);
  });

  it('a review waiting for a correction is withdrawn too', () => {
    const aggregate = shopCase();
    const stopped = applyChange(
      aggregate,
      done(
        decideReview({
          aggregate,
          department: 'fire',
          decision: { decision: 'REQUEST_CORRECTION', requested: [{ id: 'floor-plan', reason: '不清晰' }] },
          reviewer: 'reviewer-li',
          now: local('2026-03-03 11:00'),
          calendar: CAL,
        }),
      ).change,
    );
    const change = withdrawCase(stopped, local('2026-03-04 10:00'));
    assert.deepEqual(
      change.reviews.map((r) => [r.department, r.status]),
      [
        ['market', 'WITHDRAWN'],
        ['health', 'WITHDRAWN'],
        ['fire', 'WITHDRAWN'],
      ],
    );
  });

  for (const outcome of ['APPROVED', 'REJECTED'] as const) {
    it(`on a case already ${outcome} throws CONFLICT`, () => {
      let final = openedCase();
      if (outcome === 'REJECTED') final = decided(final, 'fire', 'REJECT', plusMs(SUBMITTED_AT, 10_000));
      else for (const d of ['fire', 'planning', 'environment']) final = decided(final, d, 'APPROVE', plusMs(SUBMITTED_AT, 10_000));
      assert.equal(final.record.status, outcome);
      assertDomainError(() => withdrawCase(final, at), 'CONFLICT', { status: outcome });
    });
  }

  it('twice throws CONFLICT the second time', () => {
    const aggregate = openedCase();
    const withdrawn = applyChange(aggregate, withdrawCase(aggregate, at));
    assertDomainError(() => withdrawCase(withdrawn, at), 'CONFLICT', { status: 'WITHDRAWN' });
  });
});
