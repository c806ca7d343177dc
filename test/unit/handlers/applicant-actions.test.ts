// The applicant's submission and corrections, through their HTTP routes, against the
// in-memory case store.
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { decideReview } from '#core/case/review-actions.ts';
import { submitCase } from '#core/case/submission.ts';
import { caseRoute } from '#http/case-route.ts';
import * as correct from '../../../functions/handlers/correct-application.ts';
import { submitRoute } from '../../../functions/handlers/submit-application.ts';
import { callRoute, memoryRuntime } from '../../support/memory-runtime.ts';
import { APPLICANT, CAL, SUBMITTED_AT, application, buildingService, plusMs } from '../../support/fixtures.ts';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
const ALICE = { sub: APPLICANT, groups: ['applicants'] };

function setUp(at = plusMs(SUBMITTED_AT, 5_000)) {
  const env = memoryRuntime({ now: at, calendar: CAL, services: [buildingService()] });
  const submit = (body: unknown, key?: string, caller = ALICE) =>
    callRoute(submitRoute(env.runtime), {
      route: 'POST /applications',
      body,
      caller,
      headers: key === undefined ? {} : { 'idempotency-key': key },
    });
  const correction = (caseId: string, body: unknown, caller = ALICE) =>
    callRoute(caseRoute(correct.route, correct.command, env.runtime), {
      route: 'POST /applications/{caseId}/corrections',
      params: { caseId },
      body,
      caller,
    });
  return { ...env, submit, correction };
}

describe('POST /applications', () => {
  it('accepts a complete application: 202 with the receipt, the workflow started, counted', async () => {
    const t = setUp();
    const res = await t.submit(application());
    assert.equal(res.status, 202);
    assert.equal(res.body.status, 'IN_REVIEW');
    assert.equal(res.body.receipt.reviews.length, 3);
    assert.deepEqual(t.recorded.started, [res.body.caseId]);
    assert.deepEqual(t.recorded.counted, { CasesAccepted: 1 });
    assert.equal((await t.store.load(res.body.caseId))?.record.applicantSub, APPLICANT);
  });

  it('an incomplete application is a case with what is missing, and no workflow', async () => {
    const t = setUp();
    const res = await t.submit(application({ district: '浦东新区' }));
    assert.equal(res.status, 202);
    assert.equal(res.body.status, 'INCOMPLETE');
    assert.deepEqual(t.recorded.started, []);
  });

  it('with an Idempotency-Key the same request answers the first receipt again; another request is 409', async () => {
    const t = setUp();
    const first = await t.submit(application(), 'k-1');
    t.clock.now = plusMs(SUBMITTED_AT, 60_000);
    const again = await t.submit(application(), 'k-1');
    assert.equal(again.status, 202);
    assert.deepEqual(again.body, first.body);
    assert.equal(t.store.cases.size, 1);
    const other = await t.submit(application({ floorArea: 100 }), 'k-1');
    assert.equal(other.status, 409);
    assert.equal(other.body.error.code, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('an unknown service is 404; a caller who is not an applicant 403', async () => {
    const t = setUp();
    assert.equal((await t.submit({ ...application(), serviceCode: 'nothing' })).status, 404);
    assert.equal((await t.submit(application(), undefined, { sub: 'sub-ada', groups: ['admins'] })).status, 403);
    assert.equal(t.store.cases.size, 0);
  });
});

describe('POST /applications/{caseId}/corrections', () => {
  it('completes an INCOMPLETE case: accepted, the workflow started, counted', async () => {
    const t = setUp();
    const { body } = await t.submit(application({ district: '浦东新区' }));
    const res = await t.correction(body.caseId, { form: { floorArea: 120 } });
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'IN_REVIEW');
    assert.deepEqual(t.recorded.started, [body.caseId]);
    assert.equal(t.recorded.counted.CasesAccepted, 1);
  });

  it("answers a department's correction request: the stopped clock restarts and its task is woken", async () => {
    const t = setUp(plusMs(SUBMITTED_AT, 10_000));
    const seeded = await t.seed(
      submitCase({
        caseId: 'CASE-CORR',
        service: buildingService(),
        input: application(),
        applicantSub: APPLICANT,
        now: SUBMITTED_AT,
        calendar: CAL,
      }),
    );
    const asked = decideReview({
      aggregate: seeded,
      department: 'planning',
      decision: { decision: 'REQUEST_CORRECTION', requested: [{ id: 'site-plan', reason: '图纸不清晰' }] },
      reviewer: 'pat',
      now: plusMs(SUBMITTED_AT, 5_000),
      calendar: CAL,
    });
    await t.store.commit(seeded, asked.change, CAL);
    const res = await t.correction('CASE-CORR', { materials: [{ id: 'site-plan', name: '总平面图-v2.pdf' }] });
    assert.equal(res.status, 200);
    assert.equal(res.body.reviews.find((r: { department: string }) => r.department === 'planning').status, 'PENDING');
    assert.deepEqual(t.recorded.woken, [{ caseId: 'CASE-CORR', departments: ['planning'] }]);
    assert.deepEqual(t.recorded.started, []);
  });

  it('another applicant gets 404, and the case is unchanged', async () => {
    const t = setUp();
    const { body } = await t.submit(application({ district: '浦东新区' }));
    assert.equal((await t.correction(body.caseId, { form: { floorArea: 120 } }, { sub: 'sub-bob', groups: ['applicants'] })).status, 404);
    assert.equal((await t.store.load(body.caseId))?.record.status, 'INCOMPLETE');
  });
});
