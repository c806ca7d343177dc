// POST /applications/{caseId}/withdraw against the in-memory case store.
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { submitCase } from '#core/case/submission.ts';
import { caseRoute } from '#http/case-route.ts';
import { command, route } from '../../../functions/handlers/withdraw-application.ts';
import { callRoute, memoryRuntime } from '../../support/memory-runtime.ts';
import { APPLICANT, CAL, SUBMITTED_AT, application, buildingService, plusMs } from '../../support/fixtures.ts';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
const CASE_ID = 'CASE-WITHDRAW';

async function setUp() {
  const env = memoryRuntime({ now: plusMs(SUBMITTED_AT, 5_000), calendar: CAL });
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
  const handler = caseRoute(route, command, env.runtime);
  const withdraw = (caller: { sub: string; groups: string[] }) =>
    callRoute(handler, { route: 'POST /applications/{caseId}/withdraw', params: { caseId: CASE_ID }, caller });
  return { ...env, withdraw };
}

describe('POST /applications/{caseId}/withdraw', () => {
  it('withdraws the case, settles its open reviews and stops its workflow', async () => {
    const t = await setUp();
    const res = await t.withdraw({ sub: APPLICANT, groups: ['applicants'] });
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'WITHDRAWN');
    const agg = await t.store.load(CASE_ID);
    assert.deepEqual(
      agg?.reviews.map((r) => r.status),
      ['WITHDRAWN', 'WITHDRAWN', 'WITHDRAWN'],
    );
    assert.deepEqual(t.recorded.stopped, [{ caseId: CASE_ID, cause: 'withdrawn by the applicant' }]);
  });

  it('once withdrawn, withdrawing again is 409 and stops nothing more', async () => {
    const t = await setUp();
    await t.withdraw({ sub: APPLICANT, groups: ['applicants'] });
    const res = await t.withdraw({ sub: APPLICANT, groups: ['applicants'] });
    assert.equal(res.status, 409);
    assert.equal(t.recorded.stopped.length, 1);
  });

  it('another applicant gets 404; a reviewer of the case 403; the case stays in review', async () => {
    const t = await setUp();
    assert.equal((await t.withdraw({ sub: 'sub-bob', groups: ['applicants'] })).status, 404);
    assert.equal((await t.withdraw({ sub: 'sub-fei', groups: ['reviewers-fire'] })).status, 403);
    assert.equal((await t.store.load(CASE_ID))?.record.status, 'IN_REVIEW');
    assert.deepEqual(t.recorded.stopped, []);
  });
});
