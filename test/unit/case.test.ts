// Unit tests of the case aggregate (functions/core/case/): intake, decisions, extensions,
// deadlines, dispatch bookkeeping, calendar changes, conclusion and withdrawal. The
// correction round (REQUEST_CORRECTION and the applicant's answer) is in correction.test.ts.
//
// Expected instants are derived by hand. Asia/Shanghai is UTC+8 (no DST): the end of local
// day D is D T15:59:59.999Z (`endOf(D)`). Working days in March 2026 (no holiday):
// 2–6, 9–13, 16–20, 23–27, 30–31; 2 March is a Monday.
import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import { applyCalendar, settleByDeadline, wakeAt } from '#core/case/deadlines.ts';
import { DEADLINE_ACTOR, DEFAULT_REDRESS, DEFAULT_TACIT_APPROVAL, rulesOf, type CaseAggregate } from '#core/case/model.ts';
import { concludeCase, outcomeOf, withdrawCase } from '#core/case/outcome.ts';
import { decideReview, extendReview } from '#core/case/review-actions.ts';
import { correctCase, submitCase } from '#core/case/submission.ts';
import { dispatchAction, recordDispatch, reviewPlan, tasksToRearm } from '#core/case/workflow.ts';
import { MAX_WAIT_SECONDS } from '#core/clock.ts';
import { DomainError } from '#core/errors.ts';
import type { ReviewStatus } from '#core/schemas.ts';
import {
  APPLICANT,
  application,
  applyChange,
  arm,
  assertDomainError,
  buildingService,
  CAL,
  calendarWith,
  done,
  endOf,
  local,
  openedCase,
  plusMs,
  reviewOf as review,
  SHOP_AT,
  shopApplication,
  shopCase,
  shopForm,
  shopService,
  SUBMITTED_AT,
} from '../support/fixtures.ts';

/** Approve (or reject) a review and commit it. */
function decided(
  aggregate: CaseAggregate,
  department: string,
  decision: 'APPROVE' | 'REJECT',
  at: Date,
  extra: { conditions?: string[] } = {},
) {
  const input = decision === 'REJECT' ? { decision, comment: '不符合消防规范' } : { decision, ...extra };
  return applyChange(
    aggregate,
    done(decideReview({ aggregate, department, decision: input, reviewer: `reviewer-${department}`, now: at, calendar: CAL })).change,
  );
}

describe('submitCase: a complete application is accepted', () => {
  const change = submitCase({
    caseId: 'C1',
    service: buildingService(),
    input: application(),
    applicantSub: APPLICANT,
    now: SUBMITTED_AT,
    calendar: CAL,
  });

  it('accepts the case into review, submitted and accepted now, version 0', () => {
    assert.equal(change.record.status, 'IN_REVIEW');
    assert.equal(change.record.caseId, 'C1');
    assert.equal(change.record.serviceCode, 'building-permit');
    assert.equal(change.record.serviceName, '建设工程施工许可');
    assert.equal(change.record.applicantSub, APPLICANT);
    assert.equal(change.record.submittedAt, SUBMITTED_AT.toISOString());
    assert.equal(change.record.acceptedAt, SUBMITTED_AT.toISOString());
    assert.equal(change.record.outcome, undefined);
    assert.equal(change.record.missing, undefined);
    assert.equal(change.record.correction, undefined);
    assert.equal(change.record.calendarVersion, CAL.version);
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
      assert.equal(r.serviceCode, 'building-permit');
      assert.equal(r.acceptedAt, SUBMITTED_AT.toISOString());
      assert.equal(r.taskToken, undefined);
      assert.equal(r.armedFor, undefined);
      assert.equal(r.decidedAt, undefined);
      assert.equal(r.calendarVersion, CAL.version);
    }
  });

  it("each review carries its department's time limit and a running clock started at acceptance", () => {
    const env = review(change, 'environment');
    assert.equal(env.departmentName, '生态环境局');
    assert.deepEqual(env.timeLimit, { workingDays: 3 });
    assert.deepEqual(env.clock, { limit: { workingDays: 3 }, extensionDays: 0, segmentStart: SUBMITTED_AT.toISOString(), used: 0 });
    assert.deepEqual(review(change, 'fire').clock, {
      limit: { duration: 'PT30S' },
      extensionDays: 0,
      segmentStart: SUBMITTED_AT.toISOString(),
      used: 0,
    });
  });

  it('does not open a review for a department whose rule does not hold', () => {
    const small = submitCase({
      caseId: 'C2',
      service: buildingService(),
      input: application({ floorArea: 200 }),
      applicantSub: APPLICANT,
      now: SUBMITTED_AT,
      calendar: CAL,
    });
    assert.deepEqual(
      small.reviews.map((r) => r.department),
      ['planning', 'environment'],
    );
  });

  it('records SUBMITTED by the applicant and ACCEPTED listing every department and due date', () => {
    assert.deepEqual(
      change.events.map((e) => e.type),
      ['SUBMITTED', 'ACCEPTED'],
    );
    assert.equal(change.events[0].actor, 'applicant');
    assert.deepEqual(change.events[0].detail, { serviceCode: 'building-permit' });
    assert.equal(change.events[1].actor, 'system:workflow');
    assert.deepEqual(change.events[1].detail, {
      calendarVersion: CAL.version,
      departments: change.reviews.map((r) => ({ department: r.department, dueBy: r.dueBy })),
    });
    for (const e of change.events) assert.equal(e.at, SUBMITTED_AT.toISOString());
  });

  it('keeps the service rules as they were at submission: the defaults when the service sets none', () => {
    assert.deepEqual(change.record.rules, {
      correctionLimit: { workingDays: 10 },
      correctionWindow: { workingDays: 1 },
      redress: DEFAULT_REDRESS,
      tacitApproval: DEFAULT_TACIT_APPROVAL,
      opinionLimit: { workingDays: 1 },
      reminders: { fractionsUsed: [0.5], workingDaysLeft: [1] },
    });
    assert.deepEqual(rulesOf(buildingService()), change.record.rules);
  });

  it("keeps the service's own correction limit and receipt wording", () => {
    assert.deepEqual(rulesOf(shopService()), {
      correctionLimit: { workingDays: 5 },
      correctionWindow: { workingDays: 1 },
      redress: '不服的，可在60日内申请行政复议。',
      tacitApproval: '逾期未答复的，视为同意。',
      opinionLimit: { workingDays: 1 },
      reminders: { fractionsUsed: [0.5], workingDaysLeft: [1] },
    });
    const custom = rulesOf({
      ...shopService(),
      correctionWindow: { workingDays: 2 },
      opinionLimit: { workingDays: 3 },
      reminders: { workingDaysLeft: [2, 1] },
    });
    assert.deepEqual(custom.correctionWindow, { workingDays: 2 });
    assert.deepEqual(custom.opinionLimit, { workingDays: 3 });
    assert.deepEqual(custom.reminders, { fractionsUsed: [0.5], workingDaysLeft: [2, 1] }, 'a service sets what it changes');
  });

  it('working-day limits count on the given calendar: holidays off, make-up days worked', () => {
    // Accepted Thu 12 Feb 2026: 13 (1), Sat 14 worked (2), 15–23 off, 24 (3), 25, 26, 27 (6),
    // Sat 28 worked (7), Mon 2 Mar (8), 3 (9), 4 (10) → fire's 10 working days end Wed 4 March.
    const c = submitCase({
      caseId: 'C3',
      service: shopService(),
      input: shopApplication(),
      applicantSub: APPLICANT,
      now: local('2026-02-12 10:00'),
      calendar: CAL,
    });
    assert.equal(review(c, 'fire').dueBy, endOf('2026-03-04'));
    // Without holidays: 13, 16–20, 23–26 → Thu 26 Feb
    const plain = submitCase({
      caseId: 'C3',
      service: shopService(),
      input: shopApplication(),
      applicantSub: APPLICANT,
      now: local('2026-02-12 10:00'),
      calendar: { ...CAL, years: {} },
    });
    assert.equal(review(plain, 'fire').dueBy, endOf('2026-02-26'));
  });

  it('an application accepted after office hours counts from the next working day', () => {
    // Friday 6 March 18:00 counts as Monday 9 March: 10 working days end Monday 23 March
    const c = submitCase({
      caseId: 'C4',
      service: shopService(),
      input: shopApplication(),
      applicantSub: APPLICANT,
      now: local('2026-03-06 18:00'),
      calendar: CAL,
    });
    assert.equal(review(c, 'fire').dueBy, endOf('2026-03-23'));
    assert.equal(c.record.acceptedAt, '2026-03-06T10:00:00.000Z'); // the acceptance instant itself is kept
  });
});

describe('submitCase: an incomplete application', () => {
  const incomplete = submitCase({
    caseId: 'C-INC',
    service: buildingService(),
    input: { ...application({ district: '浦东新区' }), materials: [] },
    applicantSub: APPLICANT,
    now: SUBMITTED_AT,
    calendar: CAL,
  });

  it('is kept INCOMPLETE with every missing item, no review and no acceptance', () => {
    assert.equal(incomplete.record.status, 'INCOMPLETE');
    assert.deepEqual(
      incomplete.record.missing?.map((i) => i.path),
      ['form.floorArea', 'materials.site-plan'],
    );
    assert.deepEqual(incomplete.reviews, []);
    assert.equal(incomplete.record.acceptedAt, undefined);
    assert.equal(incomplete.record.submittedAt, SUBMITTED_AT.toISOString());
    assert.equal(incomplete.record.version, 0);
    assert.deepEqual(incomplete.record.rules, rulesOf(buildingService()));
  });

  it('records SUBMITTED and INCOMPLETE with the missing items', () => {
    assert.deepEqual(
      incomplete.events.map((e) => [e.type, e.actor]),
      [
        ['SUBMITTED', 'applicant'],
        ['INCOMPLETE', 'system:workflow'],
      ],
    );
    assert.deepEqual(incomplete.events[1].detail, { missing: incomplete.record.missing });
  });

  it('a form with an invalid value is incomplete too', () => {
    const c = submitCase({
      caseId: 'C-INC2',
      service: shopService(),
      input: shopApplication(shopForm({ area: -3 })),
      applicantSub: APPLICANT,
      now: SHOP_AT,
      calendar: CAL,
    });
    assert.equal(c.record.status, 'INCOMPLETE');
    assert.deepEqual(
      c.record.missing?.map((i) => i.path),
      ['form.area'],
    );
  });
});

describe('correctCase on an INCOMPLETE case', () => {
  const service = buildingService();
  const submitted = applyChange(
    undefined,
    submitCase({
      caseId: 'C-INC',
      service,
      input: { ...application({ district: '浦东新区' }), materials: [] },
      applicantSub: APPLICANT,
      now: SUBMITTED_AT,
      calendar: CAL,
    }),
  );
  const correctedAt = local('2026-01-06 15:00'); // Tuesday

  it('still incomplete: stays INCOMPLETE with what is still missing', () => {
    const change = correctCase(submitted, service, { materials: [{ id: 'site-plan', name: '总平面图.pdf' }] }, correctedAt, CAL);
    assert.equal(change.record.status, 'INCOMPLETE');
    assert.deepEqual(
      change.record.missing?.map((i) => i.path),
      ['form.floorArea'],
    );
    assert.deepEqual(change.record.materials, [{ id: 'site-plan', name: '总平面图.pdf' }]);
    assert.equal(change.record.acceptedAt, undefined);
    assert.deepEqual(change.reviews, []);
    assert.deepEqual(
      change.events.map((e) => [e.type, e.actor]),
      [
        ['CORRECTED', 'applicant'],
        ['INCOMPLETE', 'system:workflow'],
      ],
    );
    assert.deepEqual(change.events[0].detail, { fields: [], materials: ['site-plan'] });
    assert.deepEqual(change.events[1].detail, { missing: change.record.missing });
  });

  it('complete: accepted into review at the correction, the clocks start then', () => {
    const change = correctCase(
      submitted,
      service,
      { form: { floorArea: 250 }, materials: [{ id: 'site-plan', name: '总平面图.pdf' }] },
      correctedAt,
      CAL,
    );
    assert.equal(change.record.status, 'IN_REVIEW');
    assert.equal(change.record.acceptedAt, correctedAt.toISOString());
    assert.equal(change.record.submittedAt, SUBMITTED_AT.toISOString());
    assert.equal(change.record.missing, undefined);
    assert.deepEqual(change.record.form, { district: '浦东新区', floorArea: 250 });
    assert.deepEqual(
      change.reviews.map((r) => [r.department, r.status, r.dueBy, r.acceptedAt]),
      [
        ['planning', 'PENDING', '2026-01-06T09:00:00.000Z', correctedAt.toISOString()], // 15:00 local + 2 h
        ['fire', 'PENDING', '2026-01-06T07:00:30.000Z', correctedAt.toISOString()], // + 30 s
        ['environment', 'PENDING', endOf('2026-01-09'), correctedAt.toISOString()], // Tue + 3 working days = Fri
      ],
    );
    assert.deepEqual(
      change.events.map((e) => e.type),
      ['CORRECTED', 'ACCEPTED'],
    );
    assert.deepEqual(change.events[0].detail, { fields: ['floorArea'], materials: ['site-plan'] });
    assert.deepEqual(
      change.events[1].detail?.departments,
      change.reviews.map((r) => ({ department: r.department, dueBy: r.dueBy })),
    );
  });

  it('step by step: two corrections, the second completes it', () => {
    const first = applyChange(submitted, correctCase(submitted, service, { form: { floorArea: 120 } }, correctedAt, CAL));
    assert.equal(first.record.status, 'INCOMPLETE');
    assert.deepEqual(
      first.record.missing?.map((i) => i.path),
      ['materials.site-plan'],
    );
    const later = local('2026-01-07 09:30');
    const second = applyChange(first, correctCase(first, service, { materials: [{ id: 'site-plan', name: '总平面图.pdf' }] }, later, CAL));
    assert.equal(second.record.status, 'IN_REVIEW');
    assert.equal(second.record.acceptedAt, later.toISOString());
    // routed on the corrected form: 120 m² needs no fire review
    assert.deepEqual(
      second.reviews.map((r) => r.department),
      ['planning', 'environment'],
    );
    assert.deepEqual(
      second.timeline.map((e) => e.type),
      ['SUBMITTED', 'INCOMPLETE', 'CORRECTED', 'INCOMPLETE', 'CORRECTED', 'ACCEPTED'],
    );
    assert.deepEqual(
      second.timeline.map((e) => e.seq),
      [1, 2, 3, 4, 5, 6],
    );
  });

  it('a corrected material replaces the one with the same id', () => {
    const withPlan = applyChange(
      undefined,
      submitCase({ caseId: 'C', service, input: application({}), applicantSub: APPLICANT, now: SUBMITTED_AT, calendar: CAL }),
    );
    assert.equal(withPlan.record.status, 'INCOMPLETE');
    const change = correctCase(
      withPlan,
      service,
      { form: { floorArea: 90 }, materials: [{ id: 'site-plan', name: '总平面图-v2.pdf' }] },
      correctedAt,
      CAL,
    );
    assert.deepEqual(change.record.materials, [{ id: 'site-plan', name: '总平面图-v2.pdf' }]);
  });

  it('a withdrawn case cannot be corrected: CONFLICT', () => {
    const withdrawn = applyChange(submitted, withdrawCase(submitted, correctedAt));
    assertDomainError(() => correctCase(withdrawn, service, { form: { floorArea: 1 } }, correctedAt, CAL), 'CONFLICT', {
      status: 'WITHDRAWN',
    });
  });

  it('a case in review with nothing asked of the applicant cannot be corrected: CONFLICT', () => {
    assertDomainError(() => correctCase(openedCase(), service, { form: { district: '徐汇区' } }, correctedAt, CAL), 'CONFLICT', {
      status: 'IN_REVIEW',
    });
  });
});

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

describe('applyCalendar', () => {
  const now = local('2026-03-04 10:00');

  it('a holiday inside a running working-day review moves its dueBy one working day later', () => {
    const aggregate = shopCase();
    const v2 = calendarWith(['2026-03-11']); // Wednesday 11 March declared a holiday
    const change = applyCalendar(aggregate, v2, now);
    assert.ok(change);
    assert.deepEqual(
      change.reviews.map((r) => [r.department, r.dueBy, r.calendarVersion]),
      [
        ['market', endOf('2026-03-31'), 2], // was Mon 30
        ['health', endOf('2026-03-24'), 2], // was Mon 23
        ['fire', endOf('2026-03-17'), 2], // was Mon 16
      ],
    );
    assert.deepEqual(change.record, aggregate.record);
    assert.deepEqual(
      change.events.map((e) => [e.type, e.actor, e.department, e.detail]),
      [
        ['DUE_DATE_MOVED', 'system:calendar', 'market', { from: endOf('2026-03-30'), dueBy: endOf('2026-03-31'), calendarVersion: 2 }],
        ['DUE_DATE_MOVED', 'system:calendar', 'health', { from: endOf('2026-03-23'), dueBy: endOf('2026-03-24'), calendarVersion: 2 }],
        ['DUE_DATE_MOVED', 'system:calendar', 'fire', { from: endOf('2026-03-16'), dueBy: endOf('2026-03-17'), calendarVersion: 2 }],
      ],
    );
    for (const e of change.events) assert.equal(e.at, now.toISOString());
  });

  it('only the reviews whose span contains the new holiday move', () => {
    const aggregate = shopCase();
    // Wed 18 March: after fire's due (Mon 16), inside health's and market's
    const change = applyCalendar(aggregate, calendarWith(['2026-03-18']), now);
    assert.ok(change);
    assert.deepEqual(
      change.reviews.map((r) => [r.department, r.dueBy]),
      [
        ['market', endOf('2026-03-31')],
        ['health', endOf('2026-03-24')],
      ],
    );
  });

  it('a removed holiday brings dueBy earlier', () => {
    const aggregate = shopCase({ calendar: calendarWith(['2026-03-11'], 1) });
    const change = applyCalendar(aggregate, { ...CAL, version: 2 }, now);
    assert.ok(change);
    assert.equal(review(change, 'fire').dueBy, endOf('2026-03-16'));
  });

  it('duration-limited reviews are not moved', () => {
    const aggregate = openedCase();
    const change = applyCalendar(aggregate, calendarWith(['2026-01-07']), plusMs(SUBMITTED_AT, 5000));
    assert.ok(change);
    // only environment (3 working days: Tue 6, Thu 8, Fri 9 with Wed 7 off)
    assert.deepEqual(
      change.reviews.map((r) => [r.department, r.dueBy]),
      [['environment', endOf('2026-01-09')]],
    );
  });

  it('a stopped review (waiting for the applicant) is not moved', () => {
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
    const change = applyCalendar(stopped, calendarWith(['2026-03-11']), now);
    assert.ok(change);
    assert.deepEqual(
      change.reviews.map((r) => r.department),
      ['market', 'health'],
    );
  });

  it('settled reviews are not moved', () => {
    const aggregate = decided(shopCase(), 'market', 'APPROVE', local('2026-03-03 10:00'));
    const change = applyCalendar(aggregate, calendarWith(['2026-03-11']), now);
    assert.ok(change);
    assert.deepEqual(
      change.reviews.map((r) => r.department),
      ['health', 'fire'],
    );
  });

  it('reviews already on the new calendar version are left as they are', () => {
    const aggregate = shopCase();
    const v2 = calendarWith(['2026-03-11']);
    // health extends under v2: its dueBy is computed with v2 already (15 + 2 = 17 working days, 11 March off → Thu 26)
    const extended = applyChange(
      aggregate,
      done(
        extendReview({
          aggregate,
          department: 'health',
          extension: { workingDays: 2, reason: '材料较多' },
          reviewer: 'reviewer-wu',
          now: local('2026-03-03 10:00'),
          calendar: v2,
        }),
      ).change,
    );
    assert.equal(review(extended, 'health').dueBy, endOf('2026-03-26'));
    assert.equal(review(extended, 'health').calendarVersion, 2);
    const change = applyCalendar(extended, v2, now);
    assert.ok(change);
    assert.deepEqual(
      change.reviews.map((r) => r.department),
      ['market', 'fire'],
    );
    // once applied, the same calendar moves nothing
    const after = applyChange(extended, change);
    assert.equal(applyCalendar(after, v2, now), null);
  });

  it('is null when nothing moves', () => {
    const aggregate = shopCase();
    // a holiday on a Saturday, one after every due date, and a new version with no change
    assert.equal(applyCalendar(aggregate, calendarWith(['2026-03-07']), now), null);
    assert.equal(applyCalendar(aggregate, calendarWith(['2026-04-15']), now), null);
    assert.equal(applyCalendar(aggregate, { ...CAL, version: 7 }, now), null);
  });

  it('is null for a case that is not in review', () => {
    const aggregate = shopCase();
    const withdrawn = applyChange(aggregate, withdrawCase(aggregate, now));
    assert.equal(applyCalendar(withdrawn, calendarWith(['2026-03-11']), now), null);
    const incomplete = applyChange(
      undefined,
      submitCase({ caseId: 'X', service: shopService(), input: shopApplication({}), applicantSub: APPLICANT, now: SHOP_AT, calendar: CAL }),
    );
    assert.equal(applyCalendar(incomplete, calendarWith(['2026-03-11']), now), null);
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
