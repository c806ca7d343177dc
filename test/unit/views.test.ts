import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { recordDispatch, settleByDeadline, decideReview } from '#core/case.ts';
import { caseSummary, caseView, receipt, reviewTask, reviewView } from '#core/views.ts';
import { APPLICANT, applyChange, openedCase } from './fixtures.ts';

/** A case that has been through dispatch, a decision and a deemed approval. */
function busyCase() {
  let agg = openedCase();
  agg = applyChange(agg, recordDispatch(agg, 'fire', 'SECRET-TASK-TOKEN', '2026-01-05T02:00:01.000Z', new Date('2026-01-05T02:00:01Z')).change!);
  agg = applyChange(agg, decideReview(agg, 'planning', { decision: 'APPROVE', conditions: ['夜间禁止施工'] }, 'sub-wang', new Date('2026-01-05T03:00:00Z')).change);
  const deemed = settleByDeadline(agg, 'fire', new Date('2026-01-05T02:01:00Z'));
  assert.ok(deemed.kind === 'settled');
  return applyChange(agg, deemed.change);
}

/** Every key anywhere in a JSON-able value. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, into));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keysOf(v, into);
    }
  return into;
}

describe('caseView', () => {
  const agg = busyCase();
  const view = caseView(agg);
  const text = JSON.stringify(view);

  it('never exposes taskToken, version, applicantSub or dispatchedAt as fields', () => {
    const keys = keysOf(view);
    for (const k of ['taskToken', 'version', 'applicantSub', 'dispatchedAt']) assert.equal(keys.has(k), false, k);
  });

  it('never carries the task token value', () => {
    assert.ok(agg.reviews.some((r) => r.taskToken === 'SECRET-TASK-TOKEN'));
    assert.equal(text.includes('SECRET-TASK-TOKEN'), false);
  });

  // The views.ts header promises "subjects of other people never leave through these", and
  // caseView is what a reviewer of the case is served too. The timeline actor of SUBMITTED
  // is `applicant:<sub>`, so the applicant's subject reaches every reviewer of the case.
  it("does not carry the applicant's subject anywhere (reviewers are served this view too)", () => {
    assert.equal(text.includes(APPLICANT), false, `caseView contains the applicant sub ${APPLICANT}: ${text.slice(text.indexOf(APPLICANT) - 40, text.indexOf(APPLICANT) + 30)}`);
  });

  it('shows the case as the API describes it', () => {
    assert.equal(view.caseId, agg.record.caseId);
    assert.equal(view.status, 'IN_REVIEW');
    assert.equal(view.applicant.name, '张三');
    assert.deepEqual(view.reviews.map((r) => [r.department, r.status]), [
      ['planning', 'APPROVED'],
      ['fire', 'DEEMED_APPROVED'],
      ['environment', 'PENDING'],
    ]);
    assert.deepEqual(view.timeline.map((e) => e.seq), [1, 2, 3, 4, 5]);
    assert.deepEqual(view.timeline.map((e) => e.type), ['SUBMITTED', 'ACCEPTED', 'REVIEW_DISPATCHED', 'REVIEW_APPROVED', 'REVIEW_DEEMED_APPROVED']);
  });
});

describe('reviewView', () => {
  const agg = busyCase();
  const byDept = (d: string) => agg.reviews.find((r) => r.department === d)!;

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
});

describe('list views and receipt', () => {
  const agg = busyCase();
  it('caseSummary names the applicant but not their subject or id number', () => {
    const s = caseSummary(agg.record);
    assert.equal(s.applicantName, '张三');
    const text = JSON.stringify(s);
    assert.equal(text.includes(APPLICANT), false);
    assert.equal(text.includes('110101199003074514'), false);
    assert.equal(keysOf(s).has('version'), false);
  });
  it('reviewTask has the work-list fields and no token', () => {
    const t = reviewTask(agg.reviews.find((r) => r.department === 'fire')!);
    assert.deepEqual(Object.keys(t).sort(), ['acceptedAt', 'applicantName', 'caseId', 'department', 'dueBy', 'serviceCode', 'status']);
  });
  it('receipt lists every review with its dueBy', () => {
    const r = receipt(agg);
    assert.equal(r.caseId, agg.record.caseId);
    assert.equal(r.status, 'IN_REVIEW');
    assert.deepEqual(r.receipt.reviews.map((x) => [x.department, x.dueBy]), agg.reviews.map((x) => [x.department, x.dueBy]));
  });
});
