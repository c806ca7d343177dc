import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import { settleByDeadline } from '#core/case/deadlines.ts';
import { DEFAULT_REDRESS, DEFAULT_TACIT_APPROVAL, type CaseAggregate } from '#core/case/model.ts';
import { withdrawCase } from '#core/case/outcome.ts';
import { decideReview, extendReview } from '#core/case/review-actions.ts';
import { submitCase } from '#core/case/submission.ts';
import { caseSummary, caseView, listingOf, receipt, reviewTask, reviewView } from '#core/views.ts';
import * as z from '#core/zod.ts';
import * as responses from '#http/responses.ts';
import {
  APPLICANT,
  application,
  applyChange,
  buildingService,
  CAL,
  done,
  endOf,
  local,
  openedCase,
  arm,
  reviewOf,
  shopCase,
  SUBMITTED_AT,
} from '../support/fixtures.ts';

/** A case that has been through dispatch, a decision and a deemed approval. */
function busyCase() {
  let aggregate = openedCase();
  aggregate = arm(aggregate, 'fire', {
    taskToken: 'SECRET-TASK-TOKEN',
    dispatchedAt: '2026-01-05T02:00:01.000Z',
    armedFor: '2026-01-05T02:00:30.000Z',
  });
  aggregate = applyChange(
    aggregate,
    done(
      decideReview({
        aggregate,
        department: 'planning',
        decision: { decision: 'APPROVE', conditions: ['夜间禁止施工'] },
        reviewer: 'sub-wang',
        now: new Date('2026-01-05T03:00:00Z'),
        calendar: CAL,
      }),
    ).change,
  );
  const deemed = settleByDeadline(aggregate, 'fire', new Date('2026-01-05T02:01:00Z'), CAL);
  assert.ok(deemed.kind === 'settled');
  return applyChange(aggregate, deemed.change);
}

/** A food-shop case where fire asked for a correction on Thursday 5 March 11:00 and market extended. */
function shopInCorrection(): CaseAggregate {
  let aggregate = shopCase();
  aggregate = arm(aggregate, 'fire', {
    taskToken: 'SECRET-FIRE-TOKEN',
    dispatchedAt: '2026-03-02T02:00:01.000Z',
    armedFor: endOf('2026-03-16'),
  });
  aggregate = applyChange(
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
  aggregate = applyChange(
    aggregate,
    done(
      extendReview({
        aggregate,
        department: 'market',
        extension: { workingDays: 2, reason: '需现场核查' },
        reviewer: 'sub-reviewer-zhou',
        now: local('2026-03-05 11:30'),
        calendar: CAL,
      }),
    ).change,
  );
  return aggregate;
}

/** Every key anywhere in a JSON-able value. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysOf(v, into);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keysOf(v, into);
    }
  return into;
}

const INTERNAL = ['taskToken', 'version', 'applicantSub', 'armedFor', 'armedUntil', 'dispatchedAt'];

describe('caseView', () => {
  const aggregate = busyCase();
  const view = caseView(aggregate, new Date('2026-01-05T03:00:00Z'), CAL);
  const text = JSON.stringify(view);

  it('never exposes taskToken, version, applicantSub, armedFor/armedUntil or dispatchedAt as fields', () => {
    const keys = keysOf(view);
    for (const k of INTERNAL) assert.equal(keys.has(k), false, k);
    const correcting = keysOf(caseView(shopInCorrection(), local('2026-03-05 12:00'), CAL));
    for (const k of INTERNAL) assert.equal(correcting.has(k), false, k);
  });

  it('never carries the task token value', () => {
    assert.ok(aggregate.reviews.some((r) => r.taskToken === 'SECRET-TASK-TOKEN'));
    assert.equal(text.includes('SECRET-TASK-TOKEN'), false);
    assert.equal(JSON.stringify(caseView(shopInCorrection(), local('2026-03-05 12:00'), CAL)).includes('SECRET-FIRE-TOKEN'), false);
  });

  // caseView is what a reviewer of the case is served too: the applicant's account id must
  // not reach them (the timeline names the applicant as "applicant").
  it("does not carry the applicant's subject anywhere (reviewers are served this view too)", () => {
    assert.equal(
      text.includes(APPLICANT),
      false,
      `caseView contains the applicant sub ${APPLICANT}: ${text.slice(text.indexOf(APPLICANT) - 40, text.indexOf(APPLICANT) + 30)}`,
    );
  });

  it('shows the case as the API describes it', () => {
    assert.equal(view.caseId, aggregate.record.caseId);
    assert.equal(view.status, 'IN_REVIEW');
    assert.equal(view.serviceCode, 'building-permit');
    assert.equal(view.submittedAt, SUBMITTED_AT.toISOString());
    assert.equal(view.acceptedAt, SUBMITTED_AT.toISOString());
    assert.equal(view.applicant.name, '张三');
    assert.deepEqual(
      view.reviews.map((r) => [r.department, r.status]),
      [
        ['planning', 'APPROVED'],
        ['fire', 'DEEMED_APPROVED'],
        ['environment', 'PENDING'],
      ],
    );
    // in the order things happened; each event numbered in its chain (the case's, or a department's)
    assert.deepEqual(
      view.timeline.map((e) => [e.type, e.department, e.seq]),
      [
        ['SUBMITTED', undefined, 1],
        ['ACCEPTED', undefined, 2],
        ['REVIEW_DEEMED_APPROVED', 'fire', 1],
        ['REVIEW_APPROVED', 'planning', 1],
      ],
    );
  });

  it('carries the redress and tacit-approval wording of the case: the defaults, or the service’s own', () => {
    assert.equal(view.redress, DEFAULT_REDRESS);
    assert.equal(view.tacitApproval, DEFAULT_TACIT_APPROVAL);
    const shop = caseView(shopCase(), local('2026-03-02 10:00'), CAL);
    assert.equal(shop.redress, '不服的，可在60日内申请行政复议。');
    assert.equal(shop.tacitApproval, '逾期未答复的，视为同意。');
  });

  it('an INCOMPLETE case lists what is missing and has no reviews', () => {
    const incomplete = applyChange(
      undefined,
      submitCase({
        caseId: 'C-INC',
        service: buildingService(),
        input: { ...application({}), materials: [] },
        applicantSub: APPLICANT,
        now: SUBMITTED_AT,
        calendar: CAL,
      }),
    );
    const v = caseView(incomplete, SUBMITTED_AT, CAL);
    assert.equal(v.status, 'INCOMPLETE');
    assert.deepEqual(
      v.missing?.map((i) => i.path),
      ['form.floorArea', 'materials.site-plan'],
    );
    assert.deepEqual(v.reviews, []);
    assert.equal(v.acceptedAt, undefined);
    assert.equal(v.redress, DEFAULT_REDRESS);
  });

  it('a case with an open correction round shows the round', () => {
    const aggregate = shopInCorrection();
    const v = caseView(aggregate, local('2026-03-05 12:00'), CAL);
    assert.deepEqual(v.correction, aggregate.record.correction);
    assert.equal(v.correction?.collectUntil, endOf('2026-03-06'));
    assert.deepEqual(
      v.correction?.requests.map((r) => [r.department, r.requested]),
      [['fire', [{ id: 'floor-plan', reason: '未标注疏散通道' }]]],
    );
    assert.equal(v.missing, undefined);
    const fire = v.reviews.find((r) => r.department === 'fire')!;
    assert.equal(fire.status, 'CORRECTION_REQUESTED');
    assert.deepEqual(fire.requested, [{ id: 'floor-plan', reason: '未标注疏散通道' }]);
  });

  describe('progress of each review', () => {
    it('a stopped review waits for the applicant; a running one for its department, with the working days left', () => {
      // Thursday 5 March 12:00: market due end of Wed 1 April (20 + 2), health end of Mon 23 March
      const v = caseView(shopInCorrection(), local('2026-03-05 12:00'), CAL);
      const progress = Object.fromEntries(v.reviews.map((r) => [r.department, r.progress]));
      assert.deepEqual(progress.fire, { waitingFor: 'applicant', clockStopped: true });
      // working days after Thursday 5 up to and including the due day:
      // health: 6, 9–13, 16–20, 23 = 12; market: 6, 9–13, 16–20, 23–27, 30, 31, 1 Apr = 19
      assert.deepEqual(progress.health, { waitingFor: 'department', clockStopped: false, workingDaysLeft: 12 });
      assert.deepEqual(progress.market, { waitingFor: 'department', clockStopped: false, workingDaysLeft: 19 });
    });

    it('counts the working days left from a weekend, the day before and the due day itself', () => {
      const aggregate = shopCase();
      const fireLeft = (now: Date) => caseView(aggregate, now, CAL).reviews.find((r) => r.department === 'fire')!.progress;
      // fire is due at the end of Monday 16 March
      assert.equal(fireLeft(local('2026-03-07 10:00'))?.workingDaysLeft, 6); // Sat 7: 9–13, 16
      assert.equal(fireLeft(local('2026-03-13 10:00'))?.workingDaysLeft, 1); // Fri 13: 16
      assert.equal(fireLeft(local('2026-03-16 10:00'))?.workingDaysLeft, 0); // the due day has come
    });

    it('a settled review, and every review of a final case, has no progress', () => {
      const v = caseView(busyCase(), new Date('2026-01-05T03:00:00Z'), CAL);
      assert.equal(v.reviews.find((r) => r.department === 'planning')?.progress, undefined);
      assert.equal(v.reviews.find((r) => r.department === 'fire')?.progress, undefined);
      assert.ok(v.reviews.find((r) => r.department === 'environment')?.progress);
      const aggregate = shopInCorrection();
      const withdrawn = applyChange(aggregate, withdrawCase(aggregate, local('2026-03-06 10:00')));
      assert.ok(caseView(withdrawn, local('2026-03-06 10:00'), CAL).reviews.every((r) => r.progress === undefined));
    });
  });
});

describe('reviewView', () => {
  const aggregate = busyCase();
  const byDept = (d: string) => aggregate.reviews.find((r) => r.department === d)!;

  it('a deemed-approved review names the department that defaulted, decided by system:deadline', () => {
    const v = reviewView(byDept('fire'));
    assert.equal(v.status, 'DEEMED_APPROVED');
    assert.equal(v.decidedBy, 'system:deadline');
    assert.equal((v as { defaultedBy?: string }).defaultedBy, 'fire');
  });

  it('a review decided by a person or still pending has no defaultedBy', () => {
    assert.equal('defaultedBy' in reviewView(byDept('planning')), false);
    assert.equal('defaultedBy' in reviewView(byDept('environment')), false);
  });

  it('has no task token even for the review that has one', () => {
    const keys = keysOf(reviewView(byDept('fire')));
    assert.equal(keys.has('taskToken'), false);
    assert.equal(JSON.stringify(reviewView(byDept('fire'))).includes('SECRET-TASK-TOKEN'), false);
  });

  it("shows an extension's days, reason and time, not who extended it", () => {
    const market = reviewOf(shopInCorrection(), 'market');
    const v = reviewView(market);
    assert.deepEqual(v.extension, { workingDays: 2, reason: '需现场核查', at: local('2026-03-05 11:30').toISOString() });
    assert.equal(JSON.stringify(v).includes('sub-reviewer-zhou'), false);
    // 20 + 2 working days from Monday 2 March → end of Wednesday 1 April
    assert.equal(v.dueBy, endOf('2026-04-01'));
  });
});

describe('list views and receipt', () => {
  const aggregate = busyCase();
  it('caseSummary names the applicant and their id number masked, never their subject or whole id number', () => {
    const s = caseSummary(listingOf(aggregate.record));
    assert.equal(s.applicantName, '张三');
    assert.equal(s.applicantIdMasked, '1101**********4514');
    const text = JSON.stringify(s);
    assert.equal(text.includes(APPLICANT), false);
    assert.equal(text.includes('110101199003074514'), false);
    assert.equal(keysOf(s).has('version'), false);
  });

  it('reviewTask has the work-list fields and no token; the id number only masked', () => {
    const t = reviewTask(aggregate.reviews.find((r) => r.department === 'fire')!);
    assert.deepEqual(Object.keys(t).sort(), [
      'acceptedAt',
      'applicantIdMasked',
      'applicantName',
      'caseId',
      'department',
      'dueBy',
      'serviceCode',
      'status',
    ]);
    assert.equal(t.applicantIdMasked, '1101**********4514');
    assert.equal(JSON.stringify(t).includes('110101199003074514'), false);
  });

  it('the receipt of an accepted case lists every review with its dueBy, the tacit-approval rule and redress', () => {
    const r = receipt(aggregate);
    assert.equal(r.caseId, aggregate.record.caseId);
    assert.equal(r.status, 'IN_REVIEW');
    assert.ok('reviews' in r.receipt);
    assert.deepEqual(
      r.receipt.reviews,
      aggregate.reviews.map((x) => ({ department: x.department, departmentName: x.departmentName, dueBy: x.dueBy })),
    );
    assert.deepEqual(
      r.receipt.reviews.map((x) => [x.department, x.dueBy]),
      [
        ['planning', '2026-01-05T04:00:00.000Z'],
        ['fire', '2026-01-05T02:00:30.000Z'],
        ['environment', endOf('2026-01-08')],
      ],
    );
    assert.equal(r.receipt.acceptedAt, SUBMITTED_AT.toISOString());
    assert.equal(r.receipt.tacitApproval, DEFAULT_TACIT_APPROVAL);
    assert.equal(r.receipt.redress, DEFAULT_REDRESS);
    assert.equal(r.receipt.serviceCode, 'building-permit');
    const shop = receipt(shopCase());
    assert.ok('reviews' in shop.receipt);
    assert.equal(shop.receipt.tacitApproval, '逾期未答复的，视为同意。');
    assert.equal(shop.receipt.redress, '不服的，可在60日内申请行政复议。');
  });

  it('the receipt of an INCOMPLETE case lists every missing item and no reviews', () => {
    const change = submitCase({
      caseId: 'C-INC',
      service: buildingService(),
      input: { ...application({}), materials: [] },
      applicantSub: APPLICANT,
      now: SUBMITTED_AT,
      calendar: CAL,
    });
    const r = receipt(change);
    assert.deepEqual(r, {
      caseId: 'C-INC',
      status: 'INCOMPLETE',
      receipt: {
        serviceCode: 'building-permit',
        serviceName: '建设工程施工许可',
        submittedAt: SUBMITTED_AT.toISOString(),
        missing: change.record.missing,
      },
    });
    assert.deepEqual(
      change.record.missing?.map((i) => i.path),
      ['form.floorArea', 'materials.site-plan'],
    );
    assert.equal(JSON.stringify(r).includes(APPLICANT), false);
  });
});

describe('the views match the response schemas the OpenAPI document declares (functions/http/responses.ts)', () => {
  /** Parsed as a client receives it; the schemas' objects drop unknown keys, so equality also proves none is undeclared. */
  function conforms(schema: z.ZodMiniType, view: unknown) {
    const sent = JSON.parse(JSON.stringify(view));
    const parsed = schema.safeParse(sent);
    assert.ok(parsed.success, parsed.success ? '' : z.prettifyError(parsed.error));
    assert.deepEqual(parsed.data, sent, 'every field of the view is declared');
  }

  it('caseView: a busy case, one in a correction round, an INCOMPLETE one', () => {
    const now = new Date('2026-01-05T03:00:00Z');
    conforms(responses.caseViewSchema, caseView(busyCase(), now, CAL));
    conforms(responses.caseViewSchema, caseView(shopInCorrection(), local('2026-03-05 12:00'), CAL));
    const incomplete = submitCase({
      caseId: 'C-INC',
      service: buildingService(),
      input: { ...application({}), materials: [] },
      applicantSub: APPLICANT,
      now: SUBMITTED_AT,
      calendar: CAL,
    });
    conforms(responses.caseViewSchema, caseView({ ...incomplete, timeline: [] }, now, CAL));
  });

  it('reviewView, reviewTask and caseSummary', () => {
    const aggregate = busyCase();
    for (const r of aggregate.reviews) {
      conforms(responses.reviewViewSchema, reviewView(r));
      conforms(responses.reviewTaskSchema, reviewTask(r));
    }
    for (const r of shopInCorrection().reviews) conforms(responses.reviewViewSchema, reviewView(r));
    conforms(responses.caseSummarySchema, caseSummary(listingOf(aggregate.record)));
  });

  it('the receipt, accepted and INCOMPLETE', () => {
    conforms(responses.receiptSchema, receipt(busyCase()));
    const change = submitCase({
      caseId: 'C-INC',
      service: buildingService(),
      input: { ...application({}), materials: [] },
      applicantSub: APPLICANT,
      now: SUBMITTED_AT,
      calendar: CAL,
    });
    conforms(responses.receiptSchema, receipt(change));
  });

  it('a schema that is violated says so (the check can fail)', () => {
    const view = JSON.parse(JSON.stringify(reviewView(busyCase().reviews[0])));
    assert.equal(responses.reviewViewSchema.safeParse({ ...view, status: 'MAYBE' }).success, false);
    assert.throws(() => conforms(responses.reviewViewSchema, { ...view, secret: 'x' }), /every field of the view is declared/);
  });
});
