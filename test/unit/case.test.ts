import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  concludeCase,
  DEADLINE_ACTOR,
  decideReview,
  openCase,
  outcomeOf,
  recordDispatch,
  reviewPlan,
  settleByDeadline,
  withdrawCase,
  type CaseAggregate,
  type ReviewRecord,
} from '#core/case.ts';
import { DomainError } from '#core/errors.ts';
import type { ReviewStatus } from '#core/schemas.ts';
import { APPLICANT, application, applyChange, buildingService, openedCase, plusMs, SUBMITTED_AT } from './fixtures.ts';

const review = (agg: CaseAggregate, department: string): ReviewRecord => {
  const r = agg.reviews.find((x) => x.department === department);
  assert.ok(r, `no ${department} review`);
  return r;
};

/** Approve (or reject) a review and commit it. */
function decided(agg: CaseAggregate, department: string, decision: 'APPROVE' | 'REJECT', at: Date, extra: { conditions?: string[] } = {}) {
  const input = decision === 'REJECT' ? { decision, comment: '不符合消防规范' } : { decision, ...extra };
  return applyChange(agg, decideReview(agg, department, input, `reviewer-${department}`, at).change);
}

function assertDomainError(fn: () => unknown, code: string, details?: Record<string, unknown>) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof DomainError, `expected a DomainError, got ${String(err)}`);
    assert.equal(err.code, code);
    if (details) assert.deepEqual(err.details, details);
    return true;
  });
}

describe('openCase', () => {
  const change = openCase({ caseId: 'C1', service: buildingService(), input: application(), applicantSub: APPLICANT, now: SUBMITTED_AT });

  it('accepts the case into review, submitted and accepted now, version 0', () => {
    assert.equal(change.record.status, 'IN_REVIEW');
    assert.equal(change.record.caseId, 'C1');
    assert.equal(change.record.serviceCode, 'building-permit');
    assert.equal(change.record.serviceName, '建设工程施工许可');
    assert.equal(change.record.applicantSub, APPLICANT);
    assert.equal(change.record.submittedAt, SUBMITTED_AT.toISOString());
    assert.equal(change.record.acceptedAt, SUBMITTED_AT.toISOString());
    assert.equal(change.record.outcome, undefined);
    assert.equal(change.record.version, 0);
  });

  it('opens one PENDING review per routed department, each with its own dueBy', () => {
    assert.deepEqual(
      change.reviews.map((r) => [r.department, r.status, r.dueBy]),
      [
        ['planning', 'PENDING', '2026-01-05T04:00:00.000Z'], // PT2H
        ['fire', 'PENDING', '2026-01-05T02:00:30.000Z'], // PT30S
        ['environment', 'PENDING', '2026-01-08T15:59:59.999Z'], // 3 working days from Monday: end of Thursday local
      ],
    );
    for (const r of change.reviews) {
      assert.equal(r.caseId, 'C1');
      assert.equal(r.applicantName, '张三');
      assert.equal(r.acceptedAt, SUBMITTED_AT.toISOString());
      assert.equal(r.taskToken, undefined);
      assert.equal(r.decidedAt, undefined);
    }
  });

  it('does not open a review for a department whose rule does not hold', () => {
    const small = openCase({ caseId: 'C2', service: buildingService(), input: application({ floorArea: 200 }), applicantSub: APPLICANT, now: SUBMITTED_AT });
    assert.deepEqual(small.reviews.map((r) => r.department), ['planning', 'environment']);
  });

  it('records SUBMITTED by the applicant and ACCEPTED listing every department and due date', () => {
    assert.deepEqual(change.events.map((e) => e.type), ['SUBMITTED', 'ACCEPTED']);
    assert.equal(change.events[0].actor, 'applicant');
    assert.deepEqual(change.events[1].detail, {
      departments: change.reviews.map((r) => ({ department: r.department, dueBy: r.dueBy })),
    });
  });
});

describe('decideReview', () => {
  const at = plusMs(SUBMITTED_AT, 10_000);

  it('APPROVE settles the review as APPROVED with the decider, time and conditions', () => {
    const agg = openedCase();
    const { change, review: r } = decideReview(agg, 'fire', { decision: 'APPROVE', conditions: ['安装喷淋系统'] }, 'reviewer-li', at);
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
    const agg = openedCase();
    const { change, review: r } = decideReview(agg, 'planning', { decision: 'REJECT', comment: '容积率超标' }, 'reviewer-wang', at);
    assert.equal(r.status, 'REJECTED');
    assert.equal(r.comment, '容积率超标');
    assert.equal(change.events[0].type, 'REVIEW_REJECTED');
    assert.equal(change.events[0].department, 'planning');
    assert.deepEqual(change.events[0].detail, { comment: '容积率超标', conditions: undefined });
  });

  it('leaves the other reviews alone', () => {
    const agg = decided(openedCase(), 'fire', 'APPROVE', at);
    assert.equal(review(agg, 'fire').status, 'APPROVED');
    assert.equal(review(agg, 'planning').status, 'PENDING');
    assert.equal(review(agg, 'environment').status, 'PENDING');
  });

  it('a second decision on a settled review throws REVIEW_ALREADY_SETTLED with { settledAs, settledAt }', () => {
    const agg = decided(openedCase(), 'fire', 'APPROVE', at);
    assertDomainError(
      () => decideReview(agg, 'fire', { decision: 'REJECT', comment: 'late' }, 'reviewer-zhao', plusMs(at, 5000)),
      'REVIEW_ALREADY_SETTLED',
      { settledAs: 'APPROVED', settledAt: at.toISOString() },
    );
  });

  it('deciding on a WITHDRAWN case throws REVIEW_ALREADY_SETTLED', () => {
    const agg = openedCase();
    const withdrawnAt = plusMs(SUBMITTED_AT, 5000);
    const withdrawn = applyChange(agg, withdrawCase(agg, withdrawnAt));
    assertDomainError(() => decideReview(withdrawn, 'planning', { decision: 'APPROVE' }, 'reviewer-wang', at), 'REVIEW_ALREADY_SETTLED', {
      settledAs: 'WITHDRAWN',
      settledAt: withdrawnAt.toISOString(),
    });
  });

  it('deciding for a department that does not review the case is NOT_FOUND', () => {
    const agg = openedCase({ form: { floorArea: 100 } });
    assertDomainError(() => decideReview(agg, 'fire', { decision: 'APPROVE' }, 'reviewer-li', at), 'NOT_FOUND');
  });

  it('REQUEST_CORRECTION is refused with CONFLICT for now, and changes nothing', () => {
    const agg = openedCase();
    assertDomainError(
      () => decideReview(agg, 'fire', { decision: 'REQUEST_CORRECTION', requested: [{ id: 'site-plan', reason: '比例尺不清' }] }, 'reviewer-li', at),
      'CONFLICT',
    );
    assert.equal(review(agg, 'fire').status, 'PENDING');
  });
});

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
  it('has no outcome while any review is open, even if one already rejected', () => {
    assert.equal(of('APPROVED', 'PENDING'), undefined);
    assert.equal(of('REJECTED', 'PENDING'), undefined);
    assert.equal(of('APPROVED', 'CORRECTION_REQUESTED'), undefined);
  });
});

describe('settleByDeadline', () => {
  const fireDue = new Date('2026-01-05T02:00:30.000Z');

  it('before dueBy: notDue, with the seconds still to wait', () => {
    const agg = openedCase();
    const result = settleByDeadline(agg, 'fire', plusMs(fireDue, -10_500));
    assert.deepEqual(result, { kind: 'notDue', waitSeconds: 11 });
  });

  it('one millisecond before dueBy is still notDue', () => {
    const result = settleByDeadline(openedCase(), 'fire', plusMs(fireDue, -1));
    assert.equal(result.kind, 'notDue');
  });

  for (const [label, now] of [
    ['exactly at dueBy', fireDue],
    ['after dueBy', plusMs(fireDue, 60_000)],
  ] as const) {
    it(`${label}: the silent department is deemed to approve, recorded against it`, () => {
      const agg = openedCase();
      const result = settleByDeadline(agg, 'fire', now);
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
    });
  }

  it('on a review already decided: already, with the review as decided', () => {
    const agg = decided(openedCase(), 'fire', 'REJECT', plusMs(SUBMITTED_AT, 1000));
    const result = settleByDeadline(agg, 'fire', plusMs(fireDue, 1000));
    assert.equal(result.kind, 'already');
    assert.equal(result.review.status, 'REJECTED');
  });

  it('on a withdrawn case: already', () => {
    const agg = openedCase();
    const withdrawn = applyChange(agg, withdrawCase(agg, plusMs(SUBMITTED_AT, 1000)));
    assert.equal(settleByDeadline(withdrawn, 'fire', plusMs(fireDue, 1000)).kind, 'already');
  });

  describe('settle once: whichever of decision and deadline is applied first wins', () => {
    it('decision first: the deadline learns it is already settled and keeps the decision', () => {
      const decidedAt = plusMs(fireDue, -1000);
      const agg = decided(openedCase(), 'fire', 'REJECT', decidedAt);
      const late = settleByDeadline(agg, 'fire', plusMs(fireDue, 1));
      assert.equal(late.kind, 'already');
      assert.ok(late.kind === 'already');
      assert.equal(late.review.status, 'REJECTED');
      assert.equal(late.review.decidedAt, decidedAt.toISOString());
    });

    it('deadline first: the decision is refused with REVIEW_ALREADY_SETTLED as DEEMED_APPROVED', () => {
      const agg = openedCase();
      const result = settleByDeadline(agg, 'fire', fireDue);
      assert.ok(result.kind === 'settled');
      const after = applyChange(agg, result.change);
      assertDomainError(
        () => decideReview(after, 'fire', { decision: 'REJECT', comment: '太晚了' }, 'reviewer-li', plusMs(fireDue, 2000)),
        'REVIEW_ALREADY_SETTLED',
        { settledAs: 'DEEMED_APPROVED', settledAt: fireDue.toISOString() },
      );
    });

    it('both computed on the same read: applying one, then recomputing the other on the new state, refuses it', () => {
      // the store retries a losing writer on the fresh aggregate; the retry must not settle twice
      const agg = openedCase();
      const byDeadline = settleByDeadline(agg, 'fire', fireDue);
      assert.ok(byDeadline.kind === 'settled');
      decideReview(agg, 'fire', { decision: 'APPROVE' }, 'reviewer-li', fireDue); // would also succeed on the stale read
      const after = applyChange(agg, byDeadline.change);
      assert.throws(() => decideReview(after, 'fire', { decision: 'APPROVE' }, 'reviewer-li', fireDue), DomainError);
      assert.equal(settleByDeadline(after, 'fire', fireDue).kind, 'already');
    });
  });
});

describe('recordDispatch', () => {
  const t0 = '2026-01-05T02:00:01.000Z';
  const t1 = '2026-01-05T02:10:00.000Z';
  const now = plusMs(SUBMITTED_AT, 1000);

  it('the first dispatch records the token and a REVIEW_DISPATCHED event', () => {
    const agg = openedCase();
    const { change, review: r } = recordDispatch(agg, 'fire', 'token-1', t0, now);
    assert.ok(change);
    assert.equal(r.taskToken, 'token-1');
    assert.equal(r.dispatchedAt, t0);
    assert.deepEqual(change.reviews, [r]);
    assert.equal(change.events.length, 1);
    assert.equal(change.events[0].type, 'REVIEW_DISPATCHED');
    assert.equal(change.events[0].department, 'fire');
    assert.deepEqual(change.events[0].detail, { dueBy: review(agg, 'fire').dueBy });
    // the status does not change by being dispatched
    assert.equal(r.status, 'PENDING');
  });

  it('a later dispatch replaces the token without another event', () => {
    const agg = openedCase();
    const first = applyChange(agg, recordDispatch(agg, 'fire', 'token-1', t0, now).change!);
    const { change, review: r } = recordDispatch(first, 'fire', 'token-2', t1, plusMs(now, 600_000));
    assert.ok(change);
    assert.equal(r.taskToken, 'token-2');
    assert.equal(r.dispatchedAt, t1);
    assert.deepEqual(change.events, []);
  });

  it('an older dispatch never replaces a newer token (change null)', () => {
    const agg = openedCase();
    const newer = applyChange(agg, recordDispatch(agg, 'fire', 'token-2', t1, now).change!);
    const { change, review: r } = recordDispatch(newer, 'fire', 'token-1', t0, plusMs(now, 1000));
    assert.equal(change, null);
    assert.equal(r.taskToken, 'token-2');
    assert.equal(r.dispatchedAt, t1);
  });

  it('the same token twice changes nothing', () => {
    const agg = openedCase();
    const once = applyChange(agg, recordDispatch(agg, 'fire', 'token-1', t0, now).change!);
    const again = recordDispatch(once, 'fire', 'token-1', t0, plusMs(now, 1000));
    assert.equal(again.change, null);
    assert.equal(again.review.taskToken, 'token-1');
  });

  it('a dispatch for one department leaves the others without a token', () => {
    const agg = openedCase();
    const after = applyChange(agg, recordDispatch(agg, 'fire', 'token-1', t0, now).change!);
    assert.equal(review(after, 'planning').taskToken, undefined);
  });
});

describe('concludeCase', () => {
  const at = plusMs(SUBMITTED_AT, 60_000);

  it('is null while any review is open', () => {
    let agg = openedCase();
    assert.equal(concludeCase(agg, at), null);
    agg = decided(agg, 'fire', 'APPROVE', at);
    agg = decided(agg, 'planning', 'APPROVE', at);
    assert.equal(concludeCase(agg, at), null);
  });

  it('is null while a rejection is known but another review is still open', () => {
    const agg = decided(openedCase(), 'fire', 'REJECT', at);
    assert.equal(concludeCase(agg, at), null);
  });

  it('APPROVED when all approve or are deemed to, with the conditions collected per department', () => {
    let agg = openedCase();
    agg = decided(agg, 'fire', 'APPROVE', at, { conditions: ['安装喷淋系统', '设置疏散通道'] });
    agg = decided(agg, 'planning', 'APPROVE', at);
    const deemed = settleByDeadline(agg, 'environment', new Date('2026-01-09T00:00:00Z'));
    assert.ok(deemed.kind === 'settled');
    agg = applyChange(agg, deemed.change);
    const concludedAt = new Date('2026-01-09T00:00:01Z');
    const change = concludeCase(agg, concludedAt);
    assert.ok(change);
    assert.equal(change.record.status, 'APPROVED');
    assert.equal(change.record.outcome, 'APPROVED');
    assert.equal(change.record.decidedAt, concludedAt.toISOString());
    assert.deepEqual(change.reviews, []);
    assert.equal(change.events.length, 1);
    assert.equal(change.events[0].type, 'CASE_APPROVED');
    assert.deepEqual(change.events[0].detail, { conditions: [{ department: 'fire', conditions: ['安装喷淋系统', '设置疏散通道'] }] });
  });

  it('REJECTED naming every department that rejected', () => {
    let agg = openedCase();
    agg = decided(agg, 'fire', 'REJECT', at);
    agg = decided(agg, 'planning', 'APPROVE', at);
    agg = decided(agg, 'environment', 'REJECT', at);
    const change = concludeCase(agg, at);
    assert.ok(change);
    assert.equal(change.record.status, 'REJECTED');
    assert.equal(change.record.outcome, 'REJECTED');
    assert.equal(change.events[0].type, 'CASE_REJECTED');
    assert.deepEqual(change.events[0].detail, { rejectedBy: ['fire', 'environment'] });
  });

  it('is null on a case that is not IN_REVIEW (concluded already, or withdrawn)', () => {
    let agg = openedCase();
    for (const d of ['fire', 'planning', 'environment']) agg = decided(agg, d, 'APPROVE', at);
    const concluded = applyChange(agg, concludeCase(agg, at)!);
    assert.equal(concluded.record.status, 'APPROVED');
    assert.equal(concludeCase(concluded, at), null);

    const fresh = openedCase();
    const withdrawn = applyChange(fresh, withdrawCase(fresh, at));
    assert.equal(concludeCase(withdrawn, at), null);
  });
});

describe('withdrawCase', () => {
  const at = plusMs(SUBMITTED_AT, 30_000);

  it('withdraws the case; open reviews become WITHDRAWN, settled ones are not touched', () => {
    const approvedAt = plusMs(SUBMITTED_AT, 5000);
    const agg = decided(openedCase(), 'fire', 'APPROVE', approvedAt);
    const change = withdrawCase(agg, at);
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
    const after = applyChange(agg, change);
    assert.equal(review(after, 'fire').status, 'APPROVED');
    assert.equal(review(after, 'fire').decidedAt, approvedAt.toISOString());
    assert.deepEqual(change.events.map((e) => [e.type, e.actor]), [['CASE_WITHDRAWN', 'applicant']]);
  });

  for (const outcome of ['APPROVED', 'REJECTED'] as const) {
    it(`on a case already ${outcome} throws CONFLICT`, () => {
      let agg = openedCase();
      for (const d of ['fire', 'planning', 'environment']) agg = decided(agg, d, outcome === 'APPROVED' ? 'APPROVE' : 'REJECT', at);
      const final = applyChange(agg, concludeCase(agg, at)!);
      assertDomainError(() => withdrawCase(final, at), 'CONFLICT', { status: outcome });
    });
  }

  it('twice throws CONFLICT the second time', () => {
    const agg = openedCase();
    const withdrawn = applyChange(agg, withdrawCase(agg, at));
    assertDomainError(() => withdrawCase(withdrawn, at), 'CONFLICT', { status: 'WITHDRAWN' });
  });
});

describe('reviewPlan', () => {
  it('gives every review of the case with the seconds to wait for it', () => {
    const agg = openedCase({ caseId: 'CASE-PLAN' });
    const now = plusMs(SUBMITTED_AT, 10_000);
    assert.deepEqual(reviewPlan(agg, now), [
      { caseId: 'CASE-PLAN', department: 'planning', timeoutSeconds: 2 * 3600 - 10 },
      { caseId: 'CASE-PLAN', department: 'fire', timeoutSeconds: 20 },
      // due Thursday 23:59:59.999 local, now Monday 10:00:10 local: 3 d 13:59:49.999, rounded up
      { caseId: 'CASE-PLAN', department: 'environment', timeoutSeconds: 3 * 86_400 + 13 * 3600 + 59 * 60 + 50 },
    ]);
  });

  it('a review already past due waits at least 1 second', () => {
    const agg = openedCase();
    const plan = reviewPlan(agg, new Date('2026-02-01T00:00:00Z'));
    assert.ok(plan.every((p) => p.timeoutSeconds >= 1));
    assert.equal(plan.find((p) => p.department === 'fire')?.timeoutSeconds, 1);
  });
});
