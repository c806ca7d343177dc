// The correction round (functions/core/case/): a department stops its clock once to ask the
// applicant for a correction; requests within the collection window reach the applicant as
// one notice; unanswered within the correction limit the case lapses; answered, every stopped
// clock restarts where it stopped.
//
// The food-shop case is accepted Monday 2 March 2026 10:00 Shanghai time. March 2026 has no
// holiday, so its working days are 2–6, 9–13, 16–20, 23–27, 30–31. Due dates: fire (10
// working days) end of Mon 16, health (15) end of Mon 23, market (20) end of Mon 30. The
// service's collection window is the default 1 working day, its correction limit 5 working
// days. `endOf(D)` is the last millisecond of local day D (D T15:59:59.999Z).
import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import { lapseIfDue, settleByDeadline, wakeAt, type DeadlineResult } from '#core/case/deadlines.ts';
import type { CaseAggregate } from '#core/case/model.ts';
import { concludeCase, withdrawCase } from '#core/case/outcome.ts';
import { decideReview, extendReview } from '#core/case/review-actions.ts';
import { correctCase, submitCase } from '#core/case/submission.ts';
import { reviewPlan } from '#core/case/workflow.ts';
import {
  APPLICANT,
  applyChange,
  assertDomainError,
  CAL,
  done,
  endOf,
  local,
  plusMs,
  reviewOf as review,
  SHOP_AT,
  shopApplication,
  shopCase,
  shopService,
} from '../support/fixtures.ts';

const service = shopService();
const FIRE_ASKS = {
  decision: 'REQUEST_CORRECTION' as const,
  requested: [{ id: 'floor-plan', reason: '未标注疏散通道' }],
  comment: '请补充平面图',
};
const HEALTH_ASKS = { decision: 'REQUEST_CORRECTION' as const, requested: [{ id: 'health-certs', reason: '缺少从业人员健康证明' }] };
const FIRE_AT = local('2026-03-05 11:00'); // Thursday
const HEALTH_AT = local('2026-03-06 16:00'); // Friday, within the window
const MARKET_ASKS = { decision: 'REQUEST_CORRECTION' as const, requested: [{ id: 'business-licence', reason: '营业执照已过期' }] };

function ask(
  aggregate: CaseAggregate,
  department: string,
  input: typeof FIRE_ASKS | typeof HEALTH_ASKS | typeof MARKET_ASKS,
  at: Date,
): CaseAggregate {
  return applyChange(
    aggregate,
    done(decideReview({ aggregate, department, decision: input, reviewer: `reviewer-${department}`, now: at, calendar: CAL })).change,
  );
}

/** Fire asks Thursday, health joins Friday: one round collecting until the end of Friday 6 March. */
function twoAsked(): CaseAggregate {
  return ask(ask(shopCase(), 'fire', FIRE_ASKS, FIRE_AT), 'health', HEALTH_ASKS, HEALTH_AT);
}

function noticed(result: DeadlineResult) {
  assert.equal(result.kind, 'notDue');
  assert.ok(result.kind === 'notDue' && result.change, 'expected the notice to be sent');
  return result.change;
}

/** twoAsked, with the merged notice sent when the window closed (end of Friday 6 March). */
function twoNoticed(): CaseAggregate {
  const aggregate = twoAsked();
  return applyChange(aggregate, noticed(settleByDeadline(aggregate, 'fire', new Date(endOf('2026-03-06')), CAL)));
}

describe('REQUEST_CORRECTION', () => {
  it("stops the department's clock and waits for the applicant", () => {
    const aggregate = shopCase();
    const action = decideReview({
      aggregate,
      department: 'fire',
      decision: FIRE_ASKS,
      reviewer: 'reviewer-li',
      now: FIRE_AT,
      calendar: CAL,
    });
    assert.equal(action.kind, 'done');
    const r = action.review;
    assert.equal(r.status, 'CORRECTION_REQUESTED');
    assert.equal(r.clock.stoppedAt, FIRE_AT.toISOString());
    assert.equal(r.clock.used, 3); // Tue 3, Wed 4 and Thu 5 (the stop day, partly used); Mon 2 (acceptance) is not counted
    assert.deepEqual(r.requested, FIRE_ASKS.requested);
    assert.equal(r.comment, '请补充平面图');
    assert.equal(r.correctionRequestedAt, FIRE_AT.toISOString());
    assert.equal(r.decidedAt, undefined);
    assert.equal(r.decidedBy, undefined);
    // dueBy stays as it stood when the clock stopped
    assert.equal(r.dueBy, endOf('2026-03-16'));
    assert.deepEqual(action.change.reviews, [r]);
    assert.equal(action.change.record.status, 'IN_REVIEW');
  });

  it('opens a correction round collecting requests for one working day', () => {
    const { change } = done(
      decideReview({
        aggregate: shopCase(),
        department: 'fire',
        decision: FIRE_ASKS,
        reviewer: 'reviewer-li',
        now: FIRE_AT,
        calendar: CAL,
      }),
    );
    // Thursday 5 March (not counted) + 1 working day → end of Friday 6 March
    assert.deepEqual(change.record.correction, {
      openedAt: FIRE_AT.toISOString(),
      collectUntil: endOf('2026-03-06'),
      requests: [
        {
          department: 'fire',
          departmentName: '消防救援支队',
          requested: FIRE_ASKS.requested,
          comment: '请补充平面图',
          at: FIRE_AT.toISOString(),
        },
      ],
    });
    assert.deepEqual(change.events, [
      {
        at: FIRE_AT.toISOString(),
        type: 'REVIEW_CORRECTION_REQUESTED',
        actor: 'reviewer:reviewer-li',
        department: 'fire',
        detail: { requested: FIRE_ASKS.requested, comment: '请补充平面图', clockStopped: true, collectUntil: endOf('2026-03-06') },
      },
    ]);
  });

  it('a request after office hours counts its window from the next working day', () => {
    const { change } = done(
      decideReview({
        aggregate: shopCase(),
        department: 'fire',
        decision: FIRE_ASKS,
        reviewer: 'reviewer-li',
        now: local('2026-03-06 18:00'),
        calendar: CAL,
      }),
    );
    // Friday 18:00 counts as Monday 9 March: 1 working day → end of Tuesday 10 March
    assert.equal(change.record.correction?.collectUntil, endOf('2026-03-10'));
  });

  it("the collection window is the service's own, as it was at submission", () => {
    const custom = { ...shopService(), correctionWindow: { duration: 'PT4H' } };
    const aggregate = applyChange(
      undefined,
      submitCase({ caseId: 'C-W', service: custom, input: shopApplication(), applicantSub: APPLICANT, now: SHOP_AT, calendar: CAL }),
    );
    const { change } = done(
      decideReview({ aggregate, department: 'fire', decision: FIRE_ASKS, reviewer: 'reviewer-li', now: FIRE_AT, calendar: CAL }),
    );
    assert.equal(change.record.correction?.collectUntil, '2026-03-05T07:00:00.000Z'); // 11:00 + 4 h local
  });

  it('leaves the other reviews running', () => {
    const aggregate = ask(shopCase(), 'fire', FIRE_ASKS, FIRE_AT);
    assert.equal(review(aggregate, 'health').status, 'PENDING');
    assert.equal(review(aggregate, 'market').status, 'PENDING');
    assert.equal(review(aggregate, 'health').clock.stoppedAt, undefined);
  });

  it('a department waiting for the correction cannot approve or reject meanwhile: CONFLICT', () => {
    const aggregate = ask(shopCase(), 'fire', FIRE_ASKS, FIRE_AT);
    assertDomainError(
      () =>
        decideReview({
          aggregate,
          department: 'fire',
          decision: { decision: 'APPROVE' },
          reviewer: 'reviewer-li',
          now: plusMs(FIRE_AT, 60_000),
          calendar: CAL,
        }),
      'CONFLICT',
      {
        status: 'CORRECTION_REQUESTED',
      },
    );
  });

  it('only once per department: a second request is CONFLICT, while waiting and after the answer', () => {
    const aggregate = ask(shopCase(), 'fire', FIRE_ASKS, FIRE_AT);
    assertDomainError(
      () =>
        decideReview({
          aggregate,
          department: 'fire',
          decision: FIRE_ASKS,
          reviewer: 'reviewer-li',
          now: plusMs(FIRE_AT, 60_000),
          calendar: CAL,
        }),
      'CONFLICT',
      {
        correctionRequestedAt: FIRE_AT.toISOString(),
      },
    );
    const answered = applyChange(
      aggregate,
      correctCase(aggregate, service, { materials: [{ id: 'floor-plan', name: '平面图-2.pdf' }] }, local('2026-03-06 10:00'), CAL),
    );
    assert.equal(review(answered, 'fire').status, 'PENDING');
    assertDomainError(
      () =>
        decideReview({
          aggregate: answered,
          department: 'fire',
          decision: FIRE_ASKS,
          reviewer: 'reviewer-li',
          now: local('2026-03-09 10:00'),
          calendar: CAL,
        }),
      'CONFLICT',
      {
        correctionRequestedAt: FIRE_AT.toISOString(),
      },
    );
  });

  it('two departments within the window join one round, and one notice', () => {
    const aggregate = twoAsked();
    const round = aggregate.record.correction;
    assert.ok(round);
    assert.equal(round.openedAt, FIRE_AT.toISOString());
    assert.equal(round.collectUntil, endOf('2026-03-06'));
    assert.deepEqual(
      round.requests.map((r) => [r.department, r.at]),
      [
        ['fire', FIRE_AT.toISOString()],
        ['health', HEALTH_AT.toISOString()],
      ],
    );
    assert.deepEqual(round.requests[1], {
      department: 'health',
      departmentName: '卫生健康委员会',
      requested: HEALTH_ASKS.requested,
      comment: undefined,
      at: HEALTH_AT.toISOString(),
    });
    assert.equal(round.noticeAt, undefined);
    assert.equal(review(aggregate, 'health').status, 'CORRECTION_REQUESTED');
    assert.equal(review(aggregate, 'health').clock.used, 4); // Tue 3, Wed 4, Thu 5, Fri 6 (stopped Fri 16:00, in office hours)
    assert.equal(aggregate.timeline.at(-1)?.detail?.collectUntil, endOf('2026-03-06'));
  });

  it("after dueBy a correction request is 'late': deemed approved, no round opened", () => {
    const aggregate = shopCase();
    const action = decideReview({
      aggregate,
      department: 'fire',
      decision: FIRE_ASKS,
      reviewer: 'reviewer-li',
      now: local('2026-03-17 09:00'),
      calendar: CAL,
    });
    assert.equal(action.kind, 'late');
    assert.equal(action.review.status, 'DEEMED_APPROVED');
    assert.equal(action.review.decidedBy, 'system:deadline');
    assert.equal(action.review.clock.stoppedAt, undefined);
    assert.equal(action.change.record.correction, undefined);
    assert.deepEqual(
      action.change.events.map((e) => e.type),
      ['REVIEW_DEEMED_APPROVED'],
    );
  });

  it('on a settled review: REVIEW_ALREADY_SETTLED', () => {
    const aggregate = shopCase();
    const approvedAt = local('2026-03-03 10:00');
    const approved = applyChange(
      aggregate,
      done(
        decideReview({
          aggregate,
          department: 'fire',
          decision: { decision: 'APPROVE' },
          reviewer: 'reviewer-li',
          now: approvedAt,
          calendar: CAL,
        }),
      ).change,
    );
    assertDomainError(
      () =>
        decideReview({
          aggregate: approved,
          department: 'fire',
          decision: FIRE_ASKS,
          reviewer: 'reviewer-li',
          now: FIRE_AT,
          calendar: CAL,
        }),
      'REVIEW_ALREADY_SETTLED',
      {
        settledAs: 'APPROVED',
        settledAt: approvedAt.toISOString(),
      },
    );
  });
});

describe('a stopped clock is never deemed approved', () => {
  // Fire asks late in its clock, Monday 16 March 16:00 (due at the end of that day). The
  // window closes at the end of Tuesday 17; the notice then gives until the end of Wednesday
  // 25 March (counted from Wed 18: 19, 20, 23, 24, 25).
  const askedAt = local('2026-03-16 16:00');
  const asked = () => ask(shopCase(), 'fire', FIRE_ASKS, askedAt);

  it('after its old dueBy, before the window closes: notDue, nothing written', () => {
    const aggregate = asked();
    assert.equal(aggregate.record.correction?.collectUntil, endOf('2026-03-17'));
    const now = local('2026-03-17 09:00');
    // until 23:59:59.999: 15 h minus 1 ms, rounded up
    assert.deepEqual(settleByDeadline(aggregate, 'fire', now, CAL), { kind: 'notDue', waitSeconds: 15 * 3600, change: null });
    assert.equal(review(aggregate, 'fire').status, 'CORRECTION_REQUESTED');
  });

  it('after the notice, before lapseBy: notDue, nothing written', () => {
    const aggregate = asked();
    const sent = applyChange(aggregate, noticed(settleByDeadline(aggregate, 'fire', new Date(endOf('2026-03-17')), CAL)));
    assert.equal(sent.record.correction?.lapseBy, endOf('2026-03-25'));
    const now = local('2026-03-23 10:00');
    // until Wed 25 23:59:59.999: 2 days 13:59:59.999, rounded up
    assert.deepEqual(settleByDeadline(sent, 'fire', now, CAL), { kind: 'notDue', waitSeconds: 2 * 86_400 + 14 * 3600, change: null });
  });

  it("meanwhile the other departments' clocks run: health is deemed approved at its own due time", () => {
    const aggregate = asked();
    const result = settleByDeadline(aggregate, 'health', new Date(endOf('2026-03-23')), CAL);
    assert.equal(result.kind, 'settled');
    assert.equal(result.review.status, 'DEEMED_APPROVED');
  });
});

describe('the merged notice', () => {
  it('when the window closes, the timer sends one notice listing every request, with lapseBy = the correction limit after it', () => {
    const aggregate = twoAsked();
    const closedAt = new Date(endOf('2026-03-06'));
    const result = settleByDeadline(aggregate, 'fire', closedAt, CAL);
    const change = noticed(result);
    // the notice goes at Friday 23:59:59.999, after office hours: counted from Monday 9 March,
    // 5 working days are 10, 11, 12, 13, 16 → end of Monday 16 March
    assert.deepEqual(change.record.correction, {
      ...aggregate.record.correction,
      noticeAt: closedAt.toISOString(),
      lapseBy: endOf('2026-03-16'),
    });
    assert.deepEqual(change.reviews, []);
    assert.deepEqual(change.events, [
      {
        at: closedAt.toISOString(),
        type: 'CORRECTION_NOTICE',
        actor: 'system:workflow',
        detail: { requests: aggregate.record.correction!.requests, lapseBy: endOf('2026-03-16') },
      },
    ]);
    assert.deepEqual(
      (change.events[0].detail!.requests as { department: string }[]).map((r) => r.department),
      ['fire', 'health'],
    );
    assert.ok(result.kind === 'notDue');
    assert.equal(result.waitSeconds, 10 * 86_400); // until lapseBy, exactly 10 days later
  });

  it('one millisecond before the window closes: nothing yet', () => {
    const aggregate = twoAsked();
    assert.deepEqual(settleByDeadline(aggregate, 'fire', new Date('2026-03-06T15:59:59.998Z'), CAL), {
      kind: 'notDue',
      waitSeconds: 1,
      change: null,
    });
  });

  it('a timer that fires later sends it then; lapseBy counts from the notice', () => {
    const aggregate = twoAsked();
    const change = noticed(settleByDeadline(aggregate, 'health', local('2026-03-09 10:00'), CAL));
    // Monday 9 March (not counted) + 5 working days → end of Monday 16 March
    assert.equal(change.record.correction?.noticeAt, local('2026-03-09 10:00').toISOString());
    assert.equal(change.record.correction?.lapseBy, endOf('2026-03-16'));
    const later = noticed(settleByDeadline(aggregate, 'health', local('2026-03-10 10:00'), CAL));
    assert.equal(later.record.correction?.lapseBy, endOf('2026-03-17'));
  });

  it("the service's correction limit applies (the default is 10 working days)", () => {
    const plain = { ...shopService(), correctionLimit: undefined };
    let aggregate = applyChange(
      undefined,
      submitCase({ caseId: 'C-L', service: plain, input: shopApplication(), applicantSub: APPLICANT, now: SHOP_AT, calendar: CAL }),
    );
    aggregate = ask(aggregate, 'fire', FIRE_ASKS, FIRE_AT);
    const change = noticed(settleByDeadline(aggregate, 'fire', new Date(endOf('2026-03-06')), CAL));
    // from Monday 9 March: 10, 11, 12, 13, 16, 17, 18, 19, 20, 23 → end of Monday 23 March
    assert.equal(change.record.correction?.lapseBy, endOf('2026-03-23'));
  });

  it('is sent once: the other stopped review then waits for lapseBy', () => {
    const aggregate = twoNoticed();
    assert.equal(wakeAt(aggregate.record, review(aggregate, 'fire')), endOf('2026-03-16'));
    assert.equal(wakeAt(aggregate.record, review(aggregate, 'health')), endOf('2026-03-16'));
    const now = local('2026-03-07 10:00');
    const again = settleByDeadline(aggregate, 'health', now, CAL);
    assert.equal(again.kind, 'notDue');
    assert.ok(again.kind === 'notDue');
    assert.equal(again.change, null);
  });

  it('before the notice, a stopped review wakes when the window closes', () => {
    const aggregate = twoAsked();
    assert.equal(wakeAt(aggregate.record, review(aggregate, 'fire')), endOf('2026-03-06'));
    assert.equal(wakeAt(aggregate.record, review(aggregate, 'market')), endOf('2026-03-30'));
    assert.equal(reviewPlan(aggregate, HEALTH_AT).find((p) => p.department === 'health')?.armedFor, endOf('2026-03-06'));
  });
});

describe('the lapse', () => {
  const lapseBy = new Date(endOf('2026-03-16'));

  it('unanswered at lapseBy: the case LAPSES, every open review LAPSES, with CASE_LAPSED and its reason', () => {
    const aggregate = twoNoticed();
    const result = settleByDeadline(aggregate, 'health', lapseBy, CAL);
    assert.equal(result.kind, 'lapsed');
    assert.ok(result.kind === 'lapsed');
    const { change } = result;
    assert.equal(change.record.status, 'LAPSED');
    assert.equal(change.record.decidedAt, lapseBy.toISOString());
    assert.equal(change.record.outcome, undefined);
    // market was still PENDING (due 30 March): it lapses with the case
    assert.deepEqual(
      change.reviews.map((r) => [r.department, r.status, r.decidedAt, r.decidedBy]),
      [
        ['market', 'LAPSED', lapseBy.toISOString(), 'system:deadline'],
        ['health', 'LAPSED', lapseBy.toISOString(), 'system:deadline'],
        ['fire', 'LAPSED', lapseBy.toISOString(), 'system:deadline'],
      ],
    );
    assert.equal(result.review.department, 'health');
    assert.equal(result.review.status, 'LAPSED');
    assert.equal(change.events.length, 1);
    const [e] = change.events;
    assert.equal(e.type, 'CASE_LAPSED');
    assert.equal(e.actor, 'system:deadline');
    assert.equal(e.at, lapseBy.toISOString());
    assert.equal(typeof e.detail?.reason, 'string');
    assert.ok((e.detail!.reason as string).length > 0);
    assert.equal(e.detail?.noticeAt, endOf('2026-03-06'));
    assert.equal(e.detail?.lapseBy, endOf('2026-03-16'));
  });

  it('one millisecond before lapseBy: notDue, nothing written', () => {
    assert.deepEqual(settleByDeadline(twoNoticed(), 'fire', plusMs(lapseBy, -1), CAL), { kind: 'notDue', waitSeconds: 1, change: null });
  });

  it('a review settled before the lapse keeps its decision', () => {
    const aggregate = twoNoticed();
    const approvedAt = local('2026-03-10 10:00');
    const approved = applyChange(
      aggregate,
      done(
        decideReview({
          aggregate,
          department: 'market',
          decision: { decision: 'APPROVE' },
          reviewer: 'reviewer-zhou',
          now: approvedAt,
          calendar: CAL,
        }),
      ).change,
    );
    const result = settleByDeadline(approved, 'fire', lapseBy, CAL);
    assert.ok(result.kind === 'lapsed');
    assert.deepEqual(
      result.change.reviews.map((r) => r.department),
      ['health', 'fire'],
    );
    const after = applyChange(approved, result.change);
    assert.equal(review(after, 'market').status, 'APPROVED');
    assert.equal(review(after, 'market').decidedAt, approvedAt.toISOString());
  });

  it('a lapsed case is final: no decision, correction, withdrawal or outcome; the other timers find it settled', () => {
    const aggregate = twoNoticed();
    const result = settleByDeadline(aggregate, 'health', lapseBy, CAL);
    assert.ok(result.kind === 'lapsed');
    const lapsed = applyChange(aggregate, result.change);
    const later = plusMs(lapseBy, 60_000);
    assertDomainError(
      () =>
        decideReview({
          aggregate: lapsed,
          department: 'market',
          decision: { decision: 'APPROVE' },
          reviewer: 'reviewer-zhou',
          now: later,
          calendar: CAL,
        }),
      'REVIEW_ALREADY_SETTLED',
      {
        settledAs: 'LAPSED',
        settledAt: lapseBy.toISOString(),
      },
    );
    assertDomainError(
      () => correctCase(lapsed, service, { materials: [{ id: 'floor-plan', name: '平面图-2.pdf' }] }, later, CAL),
      'CONFLICT',
      { status: 'LAPSED' },
    );
    assertDomainError(() => withdrawCase(lapsed, later), 'CONFLICT', { status: 'LAPSED' });
    assert.equal(concludeCase(lapsed, later), null);
    assert.equal(settleByDeadline(lapsed, 'fire', later, CAL).kind, 'alreadySettled');
    assert.equal(settleByDeadline(lapsed, 'market', later, CAL).kind, 'alreadySettled');
  });
});

describe("the applicant's answer to the round", () => {
  const answerAt = local('2026-03-11 10:00'); // Wednesday, before lapseBy (end of Mon 16)
  const patch = { form: { staff: 6 }, materials: [{ id: 'floor-plan', name: '平面图-修改.pdf' }] };

  it('restarts every stopped clock where it stopped, clears the round and keeps the correction', () => {
    const aggregate = twoNoticed();
    const change = correctCase(aggregate, service, patch, answerAt, CAL);
    assert.equal(change.record.status, 'IN_REVIEW');
    assert.equal(change.record.correction, undefined);
    assert.equal(change.record.form.staff, 6);
    assert.equal(change.record.form.shopName, '老王面馆');
    assert.deepEqual(change.record.materials, [
      { id: 'business-licence', name: '营业执照.pdf' },
      { id: 'floor-plan', name: '平面图-修改.pdf' },
    ]);
    assert.deepEqual(
      change.reviews.map((r) => [r.department, r.status, r.clock.stoppedAt, r.clock.segmentStart, r.clock.used, r.calendarVersion]),
      [
        ['health', 'PENDING', undefined, answerAt.toISOString(), 4, CAL.version], // Tue 3 – Fri 6
        ['fire', 'PENDING', undefined, answerAt.toISOString(), 3, CAL.version], // Tue 3 – Thu 5
      ],
    );
    assert.deepEqual(
      change.events.map((e) => [e.type, e.actor, e.at]),
      [['CORRECTED', 'applicant', answerAt.toISOString()]],
    );
    assert.deepEqual(change.events[0].detail, {
      fields: ['staff'],
      materials: ['floor-plan'],
      restarted: change.reviews.map((r) => ({ department: r.department, dueBy: r.dueBy })),
    });
    // the restarted reviews are running again: decisions are possible, the timer waits for dueBy
    const after = applyChange(aggregate, change);
    assert.equal(wakeAt(after.record, review(after, 'fire')), review(after, 'fire').dueBy);
    assert.equal(
      done(
        decideReview({
          aggregate: after,
          department: 'fire',
          decision: { decision: 'APPROVE' },
          reviewer: 'reviewer-li',
          now: plusMs(answerAt, 60_000),
          calendar: CAL,
        }),
      ).review.status,
      'APPROVED',
    );
    assert.equal(review(after, 'market').clock.segmentStart, SHOP_AT.toISOString()); // never stopped, untouched
  });

  it('each restarted working-day clock keeps the working days it had left', () => {
    const change = correctCase(twoNoticed(), service, patch, answerAt, CAL);
    // The stop days (fire Thu 5, health Fri 6) were counted as used; the restart day (Wed 11),
    // like the day of acceptance, is not counted:
    // fire: 10 − 3 used = 7 left after Wednesday 11 March: 12, 13, 16, 17, 18, 19, 20 → end of Friday 20 March
    // health: 15 − 4 used = 11 left: 12, 13, 16, 17, 18, 19, 20, 23, 24, 25, 26 → end of Thursday 26 March
    assert.deepEqual(
      change.reviews.map((r) => [r.department, r.dueBy]),
      [
        ['health', endOf('2026-03-26')],
        ['fire', endOf('2026-03-20')],
      ],
    );
  });

  it('a restarted wall-clock limit keeps the time it had left', () => {
    // a canteen also needs hygiene (PT60S): it asks 20 s in; the applicant answers the next day
    let aggregate = shopCase({ form: { ...shopApplication().form, category: 'canteen' } });
    assert.equal(review(aggregate, 'hygiene').dueBy, '2026-03-02T02:01:00.000Z');
    aggregate = ask(aggregate, 'hygiene', HEALTH_ASKS, new Date('2026-03-02T02:00:20.000Z'));
    assert.equal(review(aggregate, 'hygiene').clock.used, 20_000);
    const at = local('2026-03-03 10:00');
    const change = correctCase(aggregate, service, { materials: [{ id: 'health-certs', name: '健康证.pdf' }] }, at, CAL);
    assert.equal(review(change, 'hygiene').dueBy, '2026-03-03T02:00:40.000Z');
  });

  it('the round can be answered before the notice went out', () => {
    const aggregate = twoAsked();
    const change = correctCase(aggregate, service, patch, local('2026-03-06 17:30'), CAL);
    assert.equal(change.record.correction, undefined);
    assert.deepEqual(
      change.reviews.map((r) => r.status),
      ['PENDING', 'PENDING'],
    );
  });

  it('refuses a corrected form that is not complete: VALIDATION_FAILED with every issue', () => {
    const aggregate = twoNoticed();
    const err = assertDomainError(
      () => correctCase(aggregate, service, { form: { area: 0, category: 'bar' } }, answerAt, CAL),
      'VALIDATION_FAILED',
    );
    const issues = err.details?.issues as { path: string; message: string }[];
    assert.deepEqual(issues.map((i) => i.path).sort(), ['form.area', 'form.category']);
  });

  it('a blanked required field is missing', () => {
    const err = assertDomainError(() => correctCase(twoNoticed(), service, { form: { shopName: '' } }, answerAt, CAL), 'VALIDATION_FAILED');
    assert.deepEqual(
      (err.details!.issues as { path: string }[]).map((i) => i.path),
      ['form.shopName'],
    );
  });

  it('once answered there is nothing left to correct: CONFLICT', () => {
    const aggregate = twoNoticed();
    const answered = applyChange(aggregate, correctCase(aggregate, service, patch, answerAt, CAL));
    assertDomainError(() => correctCase(answered, service, patch, plusMs(answerAt, 1000), CAL), 'CONFLICT', { status: 'IN_REVIEW' });
  });

  it('after the answer, the lapse timer finds nothing to lapse: the restarted reviews wait for their dueBy', () => {
    const aggregate = twoNoticed();
    const answered = applyChange(aggregate, correctCase(aggregate, service, patch, answerAt, CAL));
    const result = settleByDeadline(answered, 'fire', new Date(endOf('2026-03-16')), CAL);
    assert.equal(result.kind, 'notDue');
    assert.equal(answered.record.status, 'IN_REVIEW');
  });
});

describe('a request after the notice went out', () => {
  // twoNoticed: fire (Thu 5) and health (Fri 6) asked; the notice went at the end of Fri 6
  // with lapseBy = end of Mon 16. Market (20 working days, due end of Mon 30) asks on Tue 10
  // March 10:00, after the notice: the same round opens a new collection window of 1 working
  // day counted from Tue 10 (not counted) → end of Wed 11 March; noticeAt and lapseBy are
  // cleared until the new notice.
  const MARKET_AT = local('2026-03-10 10:00');
  const reopened = () => ask(twoNoticed(), 'market', MARKET_ASKS, MARKET_AT);
  /** reopened, with the new notice sent when the new window closed (end of Wed 11 March). */
  const renoticed = () => {
    const aggregate = reopened();
    return applyChange(aggregate, noticed(settleByDeadline(aggregate, 'market', new Date(endOf('2026-03-11')), CAL)));
  };

  it('opens a new collection window on the same round: collectUntil from the new request, noticeAt and lapseBy cleared, every request kept', () => {
    const before = twoNoticed();
    assert.equal(before.record.correction?.noticeAt, endOf('2026-03-06'));
    assert.equal(before.record.correction?.lapseBy, endOf('2026-03-16'));
    const aggregate = reopened();
    const round = aggregate.record.correction;
    assert.ok(round);
    assert.equal(round.openedAt, FIRE_AT.toISOString()); // the same round
    assert.equal(round.collectUntil, endOf('2026-03-11'));
    assert.equal(round.noticeAt, undefined);
    assert.equal(round.lapseBy, undefined);
    assert.deepEqual(round.requests, [
      ...before.record.correction!.requests,
      {
        department: 'market',
        departmentName: '市场监督管理局',
        requested: MARKET_ASKS.requested,
        comment: undefined,
        at: MARKET_AT.toISOString(),
      },
    ]);
    assert.deepEqual(aggregate.timeline.at(-1)?.detail, {
      requested: MARKET_ASKS.requested,
      comment: undefined,
      clockStopped: true,
      collectUntil: endOf('2026-03-11'),
    });
  });

  it("stops market's clock like any request: 6 days used (Tue 3 – Tue 10), its dueBy as it stood", () => {
    const r = review(reopened(), 'market');
    assert.equal(r.status, 'CORRECTION_REQUESTED');
    assert.equal(r.clock.used, 6); // 3, 4, 5, 6, 9, 10 (the stop day)
    assert.equal(r.dueBy, endOf('2026-03-30'));
  });

  it('every stopped review now wakes when the new window closes, not at the old lapseBy', () => {
    const aggregate = reopened();
    for (const d of ['fire', 'health', 'market']) assert.equal(wakeAt(aggregate.record, review(aggregate, d)), endOf('2026-03-11'), d);
  });

  it('the old lapseBy no longer lapses the case', () => {
    const aggregate = reopened();
    const oldLapseBy = new Date(endOf('2026-03-16'));
    assert.equal(lapseIfDue(aggregate, oldLapseBy), null);
    // the timer at the old lapseBy finds the new window closed and sends the new notice instead
    const result = settleByDeadline(aggregate, 'fire', oldLapseBy, CAL);
    assert.equal(result.kind, 'notDue');
    assert.equal(noticed(result).events[0].type, 'CORRECTION_NOTICE');
  });

  it('when the new window closes, a new CORRECTION_NOTICE lists every request, with a new lapseBy', () => {
    const aggregate = reopened();
    const closedAt = new Date(endOf('2026-03-11'));
    // one millisecond before: nothing yet
    assert.deepEqual(settleByDeadline(aggregate, 'market', plusMs(closedAt, -1), CAL), { kind: 'notDue', waitSeconds: 1, change: null });
    const result = settleByDeadline(aggregate, 'market', closedAt, CAL);
    const change = noticed(result);
    // sent Wed 11 at 23:59:59.999, after office hours: counted from Thu 12 (not counted),
    // 5 working days are 13, 16, 17, 18, 19 → end of Thursday 19 March
    assert.deepEqual(change.record.correction, {
      ...aggregate.record.correction,
      noticeAt: closedAt.toISOString(),
      lapseBy: endOf('2026-03-19'),
    });
    assert.deepEqual(change.reviews, []);
    assert.deepEqual(change.events, [
      {
        at: closedAt.toISOString(),
        type: 'CORRECTION_NOTICE',
        actor: 'system:workflow',
        detail: { requests: aggregate.record.correction!.requests, lapseBy: endOf('2026-03-19') },
      },
    ]);
    assert.deepEqual(
      (change.events[0].detail!.requests as { department: string }[]).map((r) => r.department),
      ['fire', 'health', 'market'],
    );
    assert.ok(result.kind === 'notDue');
    assert.equal(result.waitSeconds, 8 * 86_400); // end of Wed 11 → end of Thu 19
  });

  it('the case then lapses at the new lapseBy, not before', () => {
    const aggregate = renoticed();
    const lapseBy = new Date(endOf('2026-03-19'));
    assert.deepEqual(settleByDeadline(aggregate, 'fire', plusMs(lapseBy, -1), CAL), { kind: 'notDue', waitSeconds: 1, change: null });
    assert.equal(lapseIfDue(aggregate, plusMs(lapseBy, -1)), null);
    const result = settleByDeadline(aggregate, 'fire', lapseBy, CAL);
    assert.ok(result.kind === 'lapsed');
    assert.deepEqual(
      result.change.reviews.map((r) => [r.department, r.status]),
      [
        ['market', 'LAPSED'],
        ['health', 'LAPSED'],
        ['fire', 'LAPSED'],
      ],
    );
    assert.deepEqual(result.change.events[0].detail, {
      reason: result.change.events[0].detail?.reason,
      noticeAt: endOf('2026-03-11'),
      lapseBy: endOf('2026-03-19'),
    });
  });

  it('answered after the new notice, all three clocks restart where they stopped', () => {
    const at = local('2026-03-18 10:00'); // Wednesday, before the new lapseBy
    const change = correctCase(renoticed(), service, { materials: [{ id: 'business-licence', name: '营业执照-新.pdf' }] }, at, CAL);
    assert.equal(change.record.correction, undefined);
    // counted after Wed 18 (not counted):
    // market 20 − 6 = 14: 19, 20, 23–27, 30, 31, 4/1, 4/2, 4/3, (清明 4–6 off) 4/7, 4/8 → Wed 8 April
    // health 15 − 4 = 11: 19, 20, 23–27, 30, 31, 4/1, 4/2 → Thu 2 April
    // fire   10 − 3 = 7:  19, 20, 23–27 → Fri 27 March
    assert.deepEqual(
      change.reviews.map((r) => [r.department, r.status, r.dueBy]),
      [
        ['market', 'PENDING', endOf('2026-04-08')],
        ['health', 'PENDING', endOf('2026-04-02')],
        ['fire', 'PENDING', endOf('2026-03-27')],
      ],
    );
  });
});

describe('a request before the notice went out', () => {
  it('joins the round; its collectUntil stays, even when the window has closed and the timer is late', () => {
    // twoAsked: window until the end of Fri 6. Market asks Mon 9 10:00, after the window closed
    // but before any timer sent the notice: it joins, collectUntil stays the end of Fri 6.
    const aggregate = ask(twoAsked(), 'market', MARKET_ASKS, local('2026-03-09 10:00'));
    const round = aggregate.record.correction!;
    assert.equal(round.collectUntil, endOf('2026-03-06'));
    assert.equal(round.noticeAt, undefined);
    assert.deepEqual(
      round.requests.map((r) => r.department),
      ['fire', 'health', 'market'],
    );
    assert.equal(aggregate.timeline.at(-1)?.detail?.collectUntil, endOf('2026-03-06'));
    // the next timer sends one notice with all three at once
    const change = noticed(settleByDeadline(aggregate, 'market', local('2026-03-09 10:05'), CAL));
    assert.deepEqual(
      (change.events[0].detail!.requests as { department: string }[]).map((r) => r.department),
      ['fire', 'health', 'market'],
    );
    // Mon 9 10:05 (not counted) + 5 working days: 10, 11, 12, 13, 16 → end of Monday 16 March
    assert.equal(change.record.correction?.lapseBy, endOf('2026-03-16'));
  });
});

describe('lapseIfDue', () => {
  const lapseBy = new Date(endOf('2026-03-16')); // twoNoticed's

  it('null while the case has no correction round', () => {
    assert.equal(lapseIfDue(shopCase(), local('2026-03-05 11:00')), null);
    assert.equal(lapseIfDue(shopCase(), local('2026-12-31 10:00')), null);
  });

  it('null while the round has no lapseBy (the notice has not gone out), however late', () => {
    assert.equal(lapseIfDue(twoAsked(), new Date(endOf('2026-03-06'))), null);
    assert.equal(lapseIfDue(twoAsked(), local('2026-12-31 10:00')), null);
  });

  it('null before lapseBy, down to the last millisecond', () => {
    assert.equal(lapseIfDue(twoNoticed(), local('2026-03-09 10:00')), null);
    assert.equal(lapseIfDue(twoNoticed(), plusMs(lapseBy, -1)), null);
  });

  it('at lapseBy: the lapse, as the timer would have written it (case LAPSED, open reviews LAPSED, CASE_LAPSED)', () => {
    const aggregate = twoNoticed();
    const change = lapseIfDue(aggregate, lapseBy);
    assert.ok(change);
    const timer = settleByDeadline(aggregate, 'fire', lapseBy, CAL);
    assert.ok(timer.kind === 'lapsed');
    assert.deepEqual(change, timer.change);
    assert.equal(change.record.status, 'LAPSED');
    assert.equal(change.record.decidedAt, lapseBy.toISOString());
    assert.deepEqual(
      change.reviews.map((r) => [r.department, r.status, r.decidedAt, r.decidedBy]),
      [
        ['market', 'LAPSED', lapseBy.toISOString(), 'system:deadline'],
        ['health', 'LAPSED', lapseBy.toISOString(), 'system:deadline'],
        ['fire', 'LAPSED', lapseBy.toISOString(), 'system:deadline'],
      ],
    );
    assert.deepEqual(
      change.events.map((e) => [e.type, e.actor, e.at, e.detail?.noticeAt, e.detail?.lapseBy]),
      [['CASE_LAPSED', 'system:deadline', lapseBy.toISOString(), endOf('2026-03-06'), endOf('2026-03-16')]],
    );
  });

  it('after lapseBy: the lapse at the instant it is found (a correction then comes too late)', () => {
    const aggregate = twoNoticed();
    const now = local('2026-03-17 10:00');
    const change = lapseIfDue(aggregate, now);
    assert.ok(change);
    assert.equal(change.record.status, 'LAPSED');
    assert.equal(change.record.decidedAt, now.toISOString());
    assert.deepEqual(
      change.reviews.map((r) => r.status),
      ['LAPSED', 'LAPSED', 'LAPSED'],
    );
    assert.deepEqual(
      change.events.map((e) => [e.type, e.at, e.detail?.lapseBy]),
      [['CASE_LAPSED', now.toISOString(), endOf('2026-03-16')]],
    );
  });

  it('leaves reviews settled before the lapse as they were', () => {
    const aggregate = twoNoticed();
    const approved = applyChange(
      aggregate,
      done(
        decideReview({
          aggregate,
          department: 'market',
          decision: { decision: 'APPROVE' },
          reviewer: 'reviewer-zhou',
          now: local('2026-03-10 10:00'),
          calendar: CAL,
        }),
      ).change,
    );
    assert.deepEqual(
      lapseIfDue(approved, lapseBy)?.reviews.map((r) => r.department),
      ['health', 'fire'],
    );
  });

  it('null once the case has lapsed (nothing to lapse twice)', () => {
    const aggregate = twoNoticed();
    const lapsed = applyChange(aggregate, lapseIfDue(aggregate, lapseBy)!);
    assert.equal(lapsed.record.status, 'LAPSED');
    assert.equal(lapseIfDue(lapsed, plusMs(lapseBy, 60_000)), null);
  });

  it('null after the applicant answered in time (the round is closed)', () => {
    const aggregate = twoNoticed();
    const answered = applyChange(
      aggregate,
      correctCase(aggregate, service, { materials: [{ id: 'floor-plan', name: '平面图-2.pdf' }] }, local('2026-03-11 10:00'), CAL),
    );
    assert.equal(lapseIfDue(answered, lapseBy), null);
  });
});

describe('extension while the clock is stopped', () => {
  it('adds its working days to the due date as it stood when the clock stopped', () => {
    // fire was due at the end of Monday 16 March when it stopped; 5 more working days: 17, 18, 19, 20, 23
    const aggregate = ask(shopCase(), 'fire', FIRE_ASKS, FIRE_AT);
    const { review: r, change } = done(
      extendReview({
        aggregate,
        department: 'fire',
        extension: { workingDays: 5, reason: '需组织专家论证' },
        reviewer: 'reviewer-li',
        now: local('2026-03-06 10:00'),
        calendar: CAL,
      }),
    );
    assert.equal(r.status, 'CORRECTION_REQUESTED');
    assert.equal(r.clock.extensionDays, 5);
    assert.deepEqual(change.events[0].detail, {
      workingDays: 5,
      reason: '需组织专家论证',
      from: endOf('2026-03-16'),
      dueBy: endOf('2026-03-23'),
    });
  });
});
