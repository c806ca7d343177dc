// The department's actions on a review (decision, extension, opinion), driven through their
// HTTP routes against the in-memory case store.
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { submitCase } from '#core/case/submission.ts';
import { caseRoute } from '#http/case-route.ts';
import * as decide from '../../../functions/handlers/decide-review.ts';
import * as extend from '../../../functions/handlers/extend-review.ts';
import * as opinion from '../../../functions/handlers/file-opinion.ts';
import { callRoute, memoryRuntime } from '../../support/memory-runtime.ts';
import { APPLICANT, CAL, SUBMITTED_AT, application, buildingService, plusMs } from '../../support/fixtures.ts';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
const CASE_ID = 'CASE-REVIEW';
const FIRE = { sub: 'sub-fei', groups: ['reviewers-fire'] };
const PLANNING = { sub: 'sub-pat', groups: ['reviewers-planning'] };
const STRANGER = { sub: 'sub-sam', groups: ['reviewers-water'] };

async function setUp(at = plusMs(SUBMITTED_AT, 5_000)) {
  const env = memoryRuntime({ now: at, calendar: CAL });
  await env.seed(
    submitCase({
      caseId: CASE_ID,
      service: buildingService(),
      input: application(),
      applicantSub: APPLICANT,
      now: SUBMITTED_AT,
      calendar: CAL,
    }),
  );
  const decideRoute = caseRoute(decide.route, decide.command, env.runtime);
  const extendRoute = caseRoute(extend.route, extend.command, env.runtime);
  const opinionRoute = caseRoute(opinion.route, opinion.command, env.runtime);
  const decision = (department: string, body: unknown, caller = department === 'fire' ? FIRE : PLANNING) =>
    callRoute(decideRoute, {
      route: 'POST /applications/{caseId}/reviews/{department}/decision',
      params: { caseId: CASE_ID, department },
      body,
      caller,
    });
  const extension = (department: string, body: unknown, caller = department === 'fire' ? FIRE : PLANNING) =>
    callRoute(extendRoute, {
      route: 'POST /applications/{caseId}/reviews/{department}/extension',
      params: { caseId: CASE_ID, department },
      body,
      caller,
    });
  const fileOpinion = (department: string, body: unknown, caller = department === 'fire' ? FIRE : PLANNING) =>
    callRoute(opinionRoute, {
      route: 'POST /applications/{caseId}/reviews/{department}/opinion',
      params: { caseId: CASE_ID, department },
      body,
      caller,
    });
  const stored = async () => {
    const agg = await env.store.load(CASE_ID);
    assert.ok(agg);
    return agg;
  };
  return { ...env, decision, extension, fileOpinion, stored };
}

describe('POST …/reviews/{department}/decision', () => {
  it('settles the review, wakes its task and counts it', async () => {
    const t = await setUp();
    const res = await t.decision('planning', { decision: 'APPROVE', conditions: ['营业时间不超过22点'] });
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'APPROVED');
    assert.deepEqual(res.body.conditions, ['营业时间不超过22点']);
    assert.equal((await t.stored()).reviews.find((r) => r.department === 'planning')?.status, 'APPROVED');
    assert.deepEqual(t.recorded.woken, [{ caseId: CASE_ID, departments: ['planning'] }]);
    assert.deepEqual(t.recorded.counted, { ReviewsApproved: 1 });
  });

  it('a rejection rejects the case at once and wakes the tasks of the reviews it closed', async () => {
    const t = await setUp();
    const res = await t.decision('planning', { decision: 'REJECT', comment: '不符合规划' });
    assert.equal(res.status, 200);
    const agg = await t.stored();
    assert.equal(agg.record.status, 'REJECTED');
    assert.deepEqual(t.recorded.woken, [{ caseId: CASE_ID, departments: ['environment', 'fire', 'planning'] }]);
    assert.deepEqual(t.recorded.counted, { ReviewsRejected: 1 });
  });

  it('a second decision is refused with what won', async () => {
    const t = await setUp();
    await t.decision('planning', { decision: 'APPROVE' });
    const res = await t.decision('planning', { decision: 'REJECT', comment: 'changed my mind' });
    assert.equal(res.status, 409);
    assert.equal((await t.stored()).reviews.find((r) => r.department === 'planning')?.status, 'APPROVED');
  });

  it('a decision after the due time settles the review as deemed approved and answers 409 with settledAs', async () => {
    const t = await setUp(plusMs(SUBMITTED_AT, 31_000)); // fire has 30 s
    const res = await t.decision('fire', { decision: 'REJECT', comment: 'too late' });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'REVIEW_ALREADY_SETTLED');
    assert.equal(res.body.error.settledAs, 'DEEMED_APPROVED');
    assert.equal((await t.stored()).reviews.find((r) => r.department === 'fire')?.status, 'DEEMED_APPROVED');
    assert.deepEqual(t.recorded.woken, [{ caseId: CASE_ID, departments: ['fire'] }]);
    assert.deepEqual(t.recorded.counted, { DeemedApprovals: 1 });
  });

  it('a stranger gets 404, a reviewer of another department of the case 403, and nothing changes', async () => {
    const t = await setUp();
    assert.equal((await t.decision('fire', { decision: 'APPROVE' }, STRANGER)).status, 404);
    assert.equal((await t.decision('fire', { decision: 'APPROVE' }, PLANNING)).status, 403);
    assert.equal((await t.decision('planning', { decision: 'APPROVE' }, { sub: 'x', groups: ['reviewers-planning'] })).status, 200);
    assert.equal((await t.stored()).reviews.find((r) => r.department === 'fire')?.status, 'PENDING');
  });

  it('an unknown case is 404', async () => {
    const t = await setUp();
    const res = await callRoute(caseRoute(decide.route, decide.command, t.runtime), {
      route: 'POST /applications/{caseId}/reviews/{department}/decision',
      params: { caseId: 'NO-SUCH-CASE', department: 'fire' },
      body: { decision: 'APPROVE' },
      caller: FIRE,
    });
    assert.equal(res.status, 404);
  });
});

describe('POST …/reviews/{department}/extension', () => {
  it('extends the limit once, with its reason, and wakes the task to wait for the new due time', async () => {
    const t = await setUp();
    const before = (await t.stored()).reviews.find((r) => r.department === 'environment');
    const res = await t.extension('environment', { workingDays: 2, reason: '需现场勘察' }, { sub: 'e', groups: ['reviewers-environment'] });
    assert.equal(res.status, 200);
    assert.ok(res.body.extension);
    assert.ok(Date.parse(res.body.dueBy) > Date.parse(before?.dueBy ?? ''));
    assert.deepEqual(t.recorded.woken, [{ caseId: CASE_ID, departments: ['environment'] }]);
    const again = await t.extension('environment', { workingDays: 1, reason: 'again' }, { sub: 'e', groups: ['reviewers-environment'] });
    assert.equal(again.status, 409);
  });
});

describe('POST …/reviews/{department}/opinion', () => {
  it('a department deemed to approve files its opinion; the outcome stands', async () => {
    const t = await setUp(plusMs(SUBMITTED_AT, 31_000));
    await t.decision('fire', { decision: 'APPROVE' }); // settles fire as deemed approved
    const res = await t.fileOpinion('fire', { comment: '同意，但需补充消防通道图' });
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'DEEMED_APPROVED');
    assert.equal(res.body.opinion.comment, '同意，但需补充消防通道图');
    assert.equal((await t.stored()).timeline.filter((e) => e.type === 'REVIEW_OPINION').length, 1);
    assert.equal((await t.fileOpinion('fire', { comment: 'twice' })).status, 409);
  });

  it('a review that was decided has no opinion to file (409), and others may not file one (403, 404)', async () => {
    const t = await setUp();
    await t.decision('planning', { decision: 'APPROVE' });
    assert.equal((await t.fileOpinion('planning', { comment: 'x' })).status, 409);
    assert.equal((await t.fileOpinion('planning', { comment: 'x' }, FIRE)).status, 403);
    assert.equal((await t.fileOpinion('planning', { comment: 'x' }, STRANGER)).status, 404);
  });
});
