// Approval on commitment through the handlers, against the in-memory stores: a signed
// submission settles the departments that allow it, the post-check route records the check
// (who may, what is refused), and a failed check after approval revokes the permit through
// the permit issuer's command, once.
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import type { PermitSigner } from '#app/ports.ts';
import { runCommand } from '#app/run.ts';
import type { Service } from '#core/schemas.ts';
import { caseRoute } from '#http/case-route.ts';
import * as decide from '../../../functions/handlers/decide-review.ts';
import { issueCommand } from '../../../functions/handlers/issue-permit.ts';
import * as postCheck from '../../../functions/handlers/record-post-check.ts';
import { submitRoute } from '../../../functions/handlers/submit-application.ts';
import { callRoute, memoryRuntime } from '../../support/memory-runtime.ts';
import { ALICE, application, buildingService, CAL, plusMs, SUBMITTED_AT } from '../../support/fixtures.ts';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
const FIRE = { sub: 'sub-fei', groups: ['reviewers-fire'] };
const PLANNING = { sub: 'sub-pat', groups: ['reviewers-planning'] };
const WATER = { sub: 'sub-wat', groups: ['reviewers-water'] };

const service: Service = {
  ...buildingService(),
  commitment: { text: '本人承诺施工前满足消防要求。' },
  departments: buildingService().departments.map((d) =>
    d.code === 'fire' || d.code === 'environment' ? { ...d, commitment: { postCheckLimit: { workingDays: 5 } } } : d,
  ),
};

/** Signs anything: what is under test here is what gets signed and when, not the signature. */
const signer: PermitSigner & { count: number } = {
  count: 0,
  async sign() {
    this.count += 1;
    return { keyId: 'arn:aws:kms:ap-east-1:000000000000:key/unit', signature: new Uint8Array([48, 0]) };
  },
};

async function setUp() {
  const env = memoryRuntime({
    now: plusMs(SUBMITTED_AT, 5_000),
    calendar: CAL,
    services: [service, { ...buildingService(), code: 'plain' }],
  });
  const submit = (body: unknown) => callRoute(submitRoute(env.runtime), { route: 'POST /applications', body, caller: ALICE });
  const check = (caseId: string, department: string, body: unknown, caller = department === 'fire' ? FIRE : PLANNING) =>
    callRoute(caseRoute(postCheck.route, postCheck.command, env.runtime), {
      route: 'POST /applications/{caseId}/reviews/{department}/post-check',
      params: { caseId, department },
      body,
      caller,
    });
  const decision = (caseId: string, department: string, body: unknown) =>
    callRoute(caseRoute(decide.route, decide.command, env.runtime), {
      route: 'POST /applications/{caseId}/reviews/{department}/decision',
      params: { caseId, department },
      body,
      caller: PLANNING,
    });
  return { ...env, submit, check, decision };
}

describe('a signed submission', () => {
  it('is settled on commitment where allowed: 202, the workflow started for the others', async () => {
    const t = await setUp();
    const res = await t.submit({ ...application(), commitment: { accepted: true } });
    assert.equal(res.status, 202);
    assert.equal(res.body.status, 'IN_REVIEW');
    assert.deepEqual(
      res.body.receipt.reviews.map((r: { department: string; onCommitment?: true }) => [r.department, r.onCommitment ?? false]),
      [
        ['planning', false],
        ['fire', true],
        ['environment', true],
      ],
    );
    assert.deepEqual(t.recorded.started, [res.body.caseId]);
  });

  it('to a service that takes none is 400 naming commitment, and nothing is written', async () => {
    const t = await setUp();
    const res = await t.submit({ ...application(), serviceCode: 'plain', commitment: { accepted: true } });
    assert.equal(res.status, 400);
    assert.deepEqual(
      res.body.error.issues.map((i: { path: string }) => i.path),
      ['commitment'],
    );
    assert.equal(t.store.cases.size, 0);
    assert.equal((await t.submit({ ...application(), commitment: { accepted: false } })).status, 400);
  });
});

describe('POST …/reviews/{department}/post-check', () => {
  it('records a passed check for the department’s reviewers; others are refused, bad input names the field', async () => {
    const t = await setUp();
    const { caseId } = (await t.submit({ ...application(), commitment: { accepted: true } })).body;
    const failedWithout = await t.check(caseId, 'fire', { result: 'FAILED' });
    assert.equal(failedWithout.status, 400);
    assert.deepEqual(
      failedWithout.body.error.issues.map((i: { path: string }) => i.path),
      ['reasons'],
    );
    assert.equal((await t.check(caseId, 'fire', { result: 'PASSED' }, WATER)).status, 404, 'water does not review the case');
    assert.equal((await t.check(caseId, 'fire', { result: 'PASSED' }, ALICE)).status, 403);
    assert.equal((await t.check(caseId, 'planning', { result: 'PASSED' })).status, 409, 'planning reviews; it has no post-check');
    const res = await t.check(caseId, 'fire', { result: 'PASSED', comment: '现场核查符合' });
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'APPROVED_ON_COMMITMENT');
    assert.equal(res.body.postCheck.result, 'PASSED');
    assert.equal((await t.check(caseId, 'fire', { result: 'PASSED' })).status, 409, 'checked once');
  });

  it('failed after approval: the permit is revoked with its reasons, once', async () => {
    const t = await setUp();
    const { caseId } = (await t.submit({ ...application(), commitment: { accepted: true } })).body;
    assert.equal((await t.decision(caseId, 'planning', { decision: 'APPROVE' })).status, 200);
    const run = () => runCommand(t.runtime, issueCommand(signer, t.store), 'system', { caseId });
    const number = await run();
    assert.equal(number, `P-${caseId}`);
    const res = await t.check(
      caseId,
      'environment',
      { result: 'FAILED', reasons: ['未落实环评措施'] },
      { sub: 'sub-env', groups: ['reviewers-environment'] },
    );
    assert.equal(res.status, 200);
    const signed = signer.count;
    await run();
    await run();
    const permit = await t.store.getPermit(number!);
    assert.deepEqual(permit?.revoked && { by: permit.revoked.by, reasons: permit.revoked.reasons }, {
      by: 'post-check:environment',
      reasons: ['未落实环评措施'],
    });
    assert.equal(signer.count, signed, 'revoking signs nothing');
    const agg = await t.store.load(caseId);
    assert.equal(agg?.timeline.filter((e) => e.type === 'PERMIT_REVOKED').length, 1);
    assert.equal(agg?.record.permit?.revokedAt, permit?.revoked?.at);
  });
});
