// A submission (submitCase) is accepted when complete, each department's clock started, or
// kept INCOMPLETE with every missing item; the applicant's correction of an INCOMPLETE case
// (correctCase) checks it again. What counts as complete is in intake.test.ts.
//
// Expected instants are derived by hand. Asia/Shanghai is UTC+8 (no DST): the end of local
// day D is D T15:59:59.999Z (`endOf(D)`). Working days in March 2026 (no holiday):
// 2–6, 9–13, 16–20, 23–27, 30–31; 2 March is a Monday.
import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import { DEFAULT_REDRESS, DEFAULT_TACIT_APPROVAL, rulesOf } from '#core/case/model.ts';
import { withdrawCase } from '#core/case/outcome.ts';
import { correctCase, submitCase } from '#core/case/submission.ts';
import {
  APPLICANT,
  application,
  applyChange,
  assertDomainError,
  buildingService,
  CAL,
  endOf,
  local,
  openedCase,
  reviewOf as review,
  SHOP_AT,
  shopApplication,
  shopForm,
  shopService,
  SUBMITTED_AT,
} from '../support/fixtures.ts';

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
