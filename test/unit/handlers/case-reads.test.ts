// The reads of one case (the case, its audit trail) and the workflow's planning step,
// against the in-memory case store.
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { submitCase } from '#core/case/submission.ts';
import { caseRoute } from '#http/case-route.ts';
import * as getApplication from '../../../functions/handlers/get-application.ts';
import * as getAudit from '../../../functions/handlers/get-audit.ts';
import { planReview } from '../../../functions/handlers/plan-review.ts';
import { callRoute, memoryRuntime } from '../../support/memory-runtime.ts';
import { APPLICANT, CAL, SUBMITTED_AT, application, buildingService, plusMs } from '../../support/fixtures.ts';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
const CASE_ID = 'CASE-READ';
const ALICE = { sub: APPLICANT, groups: ['applicants'] };

async function setUp() {
  const env = memoryRuntime({ now: plusMs(SUBMITTED_AT, 10_000), calendar: CAL });
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
  return env;
}

describe('GET /applications/{caseId}', () => {
  it('shows the case to its applicant with an ETag, and answers 304 to that ETag while nothing visible changed', async () => {
    const { runtime } = await setUp();
    const handler = caseRoute(getApplication.route, getApplication.command, runtime);
    const req = { route: 'GET /applications/{caseId}', params: { caseId: CASE_ID }, caller: ALICE };
    const res = await callRoute(handler, req);
    assert.equal(res.status, 200);
    assert.equal(res.body.caseId, CASE_ID);
    assert.equal(res.body.reviews.length, 3);
    const etag = String(res.headers.etag);
    assert.ok(etag);
    const again = await callRoute(handler, { ...req, headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal(again.body, undefined);
  });

  it('is 404 to a stranger, even with the current ETag, and to a case that does not exist', async () => {
    const { runtime } = await setUp();
    const handler = caseRoute(getApplication.route, getApplication.command, runtime);
    const own = await callRoute(handler, { route: 'GET /applications/{caseId}', params: { caseId: CASE_ID }, caller: ALICE });
    const stranger = { sub: 'sub-bob', groups: ['applicants'] };
    const res = await callRoute(handler, {
      route: 'GET /applications/{caseId}',
      params: { caseId: CASE_ID },
      caller: stranger,
      headers: { 'if-none-match': String(own.headers.etag) },
    });
    assert.equal(res.status, 404);
    assert.equal(
      (await callRoute(handler, { route: 'GET /applications/{caseId}', params: { caseId: 'NONE' }, caller: ALICE })).status,
      404,
    );
  });

  it('is shown to a reviewer of a department reviewing it', async () => {
    const { runtime } = await setUp();
    const handler = caseRoute(getApplication.route, getApplication.command, runtime);
    const res = await callRoute(handler, {
      route: 'GET /applications/{caseId}',
      params: { caseId: CASE_ID },
      caller: { sub: 'sub-fei', groups: ['reviewers-fire'] },
    });
    assert.equal(res.status, 200);
  });
});

describe('GET /applications/{caseId}/audit', () => {
  it('returns every event with a verification that holds; strangers get 404', async () => {
    const { runtime, store } = await setUp();
    const handler = caseRoute(getAudit.route, getAudit.command, runtime);
    const res = await callRoute(handler, { route: 'GET /applications/{caseId}/audit', params: { caseId: CASE_ID }, caller: ALICE });
    assert.equal(res.status, 200);
    assert.equal(res.body.verification.valid, true);
    assert.equal(res.body.events.length, (await store.load(CASE_ID))?.timeline.length);
    const stranger = await callRoute(handler, {
      route: 'GET /applications/{caseId}/audit',
      params: { caseId: CASE_ID },
      caller: { sub: 'sub-bob', groups: ['reviewers-water'] },
    });
    assert.equal(stranger.status, 404);
  });

  it('shows a tampered event as broken', async () => {
    const { runtime, store } = await setUp();
    const stored = store.cases.get(CASE_ID);
    assert.ok(stored);
    stored.timeline[0] = { ...stored.timeline[0], actor: 'someone-else' };
    const handler = caseRoute(getAudit.route, getAudit.command, runtime);
    const res = await callRoute(handler, { route: 'GET /applications/{caseId}/audit', params: { caseId: CASE_ID }, caller: ALICE });
    assert.equal(res.body.verification.valid, false);
  });
});

describe('PlanReview', () => {
  it('tells how long a review task must wait now', async () => {
    const { runtime } = await setUp();
    const plan = await planReview(runtime)({ caseId: CASE_ID, department: 'fire' });
    assert.deepEqual(plan, { caseId: CASE_ID, department: 'fire', timeoutSeconds: 20 }); // 30 s limit, 10 s gone
  });

  it('fails on an unknown case or review', async () => {
    const { runtime } = await setUp();
    await assert.rejects(planReview(runtime)({ caseId: 'NONE', department: 'fire' }), /case NONE not found/);
    await assert.rejects(planReview(runtime)({ caseId: CASE_ID, department: 'water' }), /review by water/);
  });
});
