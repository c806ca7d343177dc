// Approval on commitment over HTTP on the local stack, with every stream batch and queue
// message delivered twice: a case every department approves on commitment is approved and
// its permit issued at acceptance, with no workflow to wait on; a mixed case waits on the
// reviewing department only; a failed post-check revokes the permit once and tells the
// holder; a check not made in time is recorded by the watchdog; the statistics count it all.
import assert from 'node:assert/strict';
import { beforeAll, describe, it } from 'vitest';
import { applicationBody, buildingServiceDefinition } from '../support/fixtures.ts';
import { type Client, eventually, tasksOpen, useLocalStack } from '../support/local-stack.ts';

const stack = useLocalStack({ redeliver: true });
let api: Client;
let admin: string, alice: string, planning: string, fire: string;
const TEXT = '本人承诺：所报材料真实有效，开工前落实消防安全措施；如有不实，愿承担相应法律责任。';
const signed = (serviceCode: string) => ({ ...applicationBody(serviceCode), commitment: { accepted: true } });
const getCase = async (caseId: string) => (await api.call('GET', `/applications/${caseId}`, { token: admin })).body;
const count = (c: any, type: string) => c.timeline.filter((e: any) => e.type === type).length;
const period = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7); // the stack's calendar is Asia/Shanghai

beforeAll(async () => {
  api = await stack();
  [admin, alice, planning, fire] = await Promise.all([
    api.token('ada', ['admins']),
    api.token('alice', ['applicants']),
    api.token('pat', ['reviewers-planning']),
    api.token('fei', ['reviewers-fire']),
  ]);
  const onCommitment = (limit: string) => ({ commitment: { postCheckLimit: { duration: limit } } });
  for (const [code, departments] of [
    [
      'commit-all',
      [
        { code: 'planning', name: '规划局 Planning', timeLimit: { duration: 'PT60S' }, ...onCommitment('PT1H') },
        { code: 'fire', name: '消防 Fire', timeLimit: { duration: 'PT60S' }, ...onCommitment('PT1H') },
      ],
    ],
    [
      'commit-mixed',
      [
        { code: 'planning', name: '规划局 Planning', timeLimit: { duration: 'PT60S' } },
        { code: 'fire', name: '消防 Fire', timeLimit: { duration: 'PT60S' }, ...onCommitment('PT2S') },
      ],
    ],
  ] as const) {
    const body = buildingServiceDefinition({ departments: [...departments], commitment: { text: TEXT } });
    const put = await api.call('PUT', `/services/${code}`, { token: admin, body });
    assert.equal(put.status, 200, JSON.stringify(put.body));
  }
});

describe('every department on commitment', () => {
  it('approves at acceptance and issues the permit at once; a failed post-check revokes it once and tells the holder', async () => {
    const r = await api.call('POST', '/applications', { token: alice, body: signed('commit-all') });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    assert.equal(r.body.status, 'APPROVED');
    const { caseId } = r.body;
    const number = `P-${caseId}`;
    assert.equal((await api.call('GET', `/local/executions/${caseId}`)).status, 404, 'no workflow: nothing to wait for');
    const permit = await eventually(async () => {
      const p = await api.call('GET', `/permits/${number}`);
      return p.status === 200 && p.body;
    }, 'the permit');
    assert.equal(permit.status, 'VALID');
    assert.deepEqual(
      permit.document.approvals.map((a: any) => [a.department, a.decision]),
      [
        ['fire', 'APPROVED_ON_COMMITMENT'],
        ['planning', 'APPROVED_ON_COMMITMENT'],
      ],
    );
    assert.equal(permit.document.commitment.text, TEXT);

    // the applicant cannot check, the other department cannot check for fire
    const body = { result: 'FAILED', reasons: ['现场核查：消防通道被占用'] };
    const path = `/applications/${caseId}/reviews/fire/post-check`;
    assert.equal((await api.call('POST', path, { token: alice, body })).status, 403);
    assert.equal((await api.call('POST', path, { token: planning, body })).status, 403);
    const failed = await api.call('POST', path, { token: fire, body });
    assert.equal(failed.status, 200, JSON.stringify(failed.body));
    assert.equal(failed.body.postCheck.result, 'FAILED');
    assert.equal((await api.call('POST', path, { token: fire, body })).status, 409, 'checked once');

    const revoked = await eventually(async () => {
      const p = await api.call('GET', `/permits/${number}`);
      return p.body.status === 'REVOKED' && p.body;
    }, 'the revocation');
    assert.deepEqual(revoked.revoked.reasons, ['现场核查：消防通道被占用']);
    const verified = (await api.call('GET', `/permits/${number}/verify`)).body;
    assert.equal(verified.status, 'REVOKED');
    const told = await eventually(async () => {
      const items = (await api.call('GET', '/local/outbox')).body.items.filter((m: any) => m.caseId === caseId);
      return items.some((m: any) => m.eventType === 'PERMIT_REVOKED') && items;
    }, 'the holder told');
    assert.equal(told.filter((m: any) => m.eventType === 'PERMIT_REVOKED').length, 1);
    assert.match(told.find((m: any) => m.eventType === 'PERMIT_REVOKED').body, /消防通道被占用/);
    // with every stream record delivered twice: one permit, one revocation
    const c = await getCase(caseId);
    assert.deepEqual([count(c, 'PERMIT_ISSUED'), count(c, 'PERMIT_REVOKED'), count(c, 'POST_CHECK_FAILED')], [1, 1, 1]);
    assert.deepEqual(c.postCheckFailed.reasons, ['现场核查：消防通道被占用']);
    assert.equal(c.status, 'APPROVED', 'the case keeps its outcome; the permit is what is revoked');
  });
});

describe('some departments on commitment', () => {
  it('the workflow waits on the reviewing department only; a missed check is recorded, the late check still counts', async () => {
    const r = await api.call('POST', '/applications', { token: alice, body: signed('commit-mixed') });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    assert.equal(r.body.status, 'IN_REVIEW');
    const { caseId } = r.body;
    await tasksOpen(api, caseId, 1);
    const decided = await api.call('POST', `/applications/${caseId}/reviews/planning/decision`, {
      token: planning,
      body: { decision: 'APPROVE' },
    });
    assert.equal(decided.status, 200);
    await eventually(async () => (await api.call('GET', `/local/executions/${caseId}`)).body.status === 'SUCCEEDED', 'the workflow to end');
    assert.equal((await getCase(caseId)).status, 'APPROVED');
    await eventually(async () => (await api.call('GET', `/permits/P-${caseId}`)).status === 200, 'the permit');

    // fire's 2 s pass without a check: the watchdog records it against the department, once
    const due = Date.parse((await getCase(caseId)).reviews.find((x: any) => x.department === 'fire').dueBy);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now()) + 50));
    await api.stack.tick('DeadlineWatchdog');
    await api.stack.tick('DeadlineWatchdog');
    const missed = await getCase(caseId);
    assert.equal(count(missed, 'POST_CHECK_MISSED'), 1);
    assert.ok(missed.reviews.find((x: any) => x.department === 'fire').postCheck.missedAt);
    const admins = await eventually(async () => {
      const items = (await api.call('GET', '/local/outbox')).body.items.filter((m: any) => m.caseId === caseId);
      const missed = items.filter((m: any) => m.eventType === 'POST_CHECK_MISSED');
      return missed.length > 0 && missed;
    }, 'the department admins told');
    assert.deepEqual(
      admins.map((m: any) => m.recipient),
      [{ kind: 'department-admins', department: 'fire' }],
    );

    const late = await api.call('POST', `/applications/${caseId}/reviews/fire/post-check`, {
      token: fire,
      body: { result: 'PASSED', comment: '补查：符合承诺' },
    });
    assert.equal(late.status, 200);
    assert.equal(late.body.postCheck.result, 'PASSED');
    assert.ok(late.body.postCheck.missedAt, 'the miss stays on the record');
    assert.equal((await api.call('GET', `/permits/P-${caseId}`)).body.status, 'VALID');

    // this file's stack counted two commitments of fire: the check that failed above, and this one
    const stats = (await api.call('GET', `/stats/departments?period=${period()}`)).body.items.find((d: any) => d.department === 'fire');
    assert.deepEqual([stats.commitments, stats.postChecksDone, stats.postChecksFailed, stats.postChecksMissed], [2, 2, 1, 1]);
  });
});
