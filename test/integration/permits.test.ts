// The permit an approved case issues, over HTTP on the local stack (the KMS stand-in signs):
// issued once even with every stream batch delivered twice, readable and verifiable by
// anyone, checkable offline with the public key, revoked by an admin at once.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, it } from 'vitest';
import { applicationBody, buildingServiceDefinition } from '../support/fixtures.ts';
import { type Client, eventually, tasksOpen, useLocalStack } from '../support/local-stack.ts';

const stack = useLocalStack({ redeliver: true });
let api: Client;
let admin: string, alice: string, planning: string;
let caseId: string;
const execFileAsync = promisify(execFile);
let number: string;

/** RFC 8785 for this document (strings, integers, objects, arrays): keys sorted, no whitespace. */
function jcs(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jcs).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${jcs((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

const offlineCheck = (document: unknown, signature: string, pem: string) =>
  verify('sha256', Buffer.from(jcs(document), 'utf8'), createPublicKey(pem), Buffer.from(signature, 'base64'));

beforeAll(async () => {
  api = await stack();
  admin = await api.token('ada', ['admins']);
  alice = await api.token('alice', ['applicants']);
  planning = await api.token('pat', ['reviewers-planning']);
  const service = buildingServiceDefinition({
    departments: [
      { code: 'planning', name: '规划局 Planning', timeLimit: { duration: 'PT60S' } },
      { code: 'fire', name: '消防 Fire', timeLimit: { duration: 'PT3S' } },
    ],
    permit: { title: '建设工程规划许可证', authority: '浦东新区规划和自然资源局', validity: { years: 2 } },
  });
  assert.equal((await api.call('PUT', '/services/permit-building', { token: admin, body: service })).status, 200);
  const submitted = await api.call('POST', '/applications', { token: alice, body: applicationBody('permit-building') });
  assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
  caseId = submitted.body.caseId;
  number = `P-${caseId}`;
  await tasksOpen(api, caseId, 2);
  const decided = await api.call('POST', `/applications/${caseId}/reviews/planning/decision`, {
    token: planning,
    body: { decision: 'APPROVE', conditions: ['施工时间 08:00–18:00'] },
  });
  assert.equal(decided.status, 200, JSON.stringify(decided.body));
});

describe('issuing', () => {
  it('an approved case issues its permit once: the conditions, the holder masked, the tacit approval with its due time', async () => {
    const permit = await eventually(async () => {
      const r = await api.call('GET', `/permits/${number}`);
      return r.status === 200 && r.body;
    }, 'the permit');
    const view = (await api.call('GET', `/applications/${caseId}`, { token: alice })).body;
    assert.equal(view.status, 'APPROVED');
    assert.deepEqual(view.permit, { number, issuedAt: view.decidedAt });
    const doc = permit.document;
    assert.equal(permit.status, 'VALID');
    assert.equal(doc.title, '建设工程规划许可证');
    assert.equal(doc.authority, '浦东新区规划和自然资源局');
    assert.equal(doc.service.legalBasis, '《城乡规划法》第四十条');
    assert.deepEqual(doc.holder, { name: '李四', idType: 'PRC_RESIDENT_ID', idNumberMasked: '1101**********4514' });
    assert.ok(!JSON.stringify(permit).includes('110101199003074514'), 'the full ID number is not public');
    assert.equal(Date.parse(doc.validUntil) - Date.parse(doc.issuedAt) >= 730 * 86_400_000, true);
    const fire = view.reviews.find((r: { department: string }) => r.department === 'fire');
    assert.equal(fire.status, 'DEEMED_APPROVED');
    assert.deepEqual(
      doc.tacitApprovals.map((t: { department: string; dueBy: string }) => [t.department, t.dueBy]),
      [['fire', fire.dueBy]],
    );
    assert.deepEqual(doc.approvals.find((a: { department: string }) => a.department === 'planning').conditions, ['施工时间 08:00–18:00']);
    assert.match(permit.qr, new RegExp(`/permits/${number}/verify\\?digest=[A-Za-z0-9_-]{43}$`));
    // every stream batch was delivered twice: still one permit event, and one notice, the
    // approval's, which names the permit
    const issued = view.timeline.filter((e: { type: string }) => e.type === 'PERMIT_ISSUED');
    assert.equal(issued.length, 1);
    const notices = await eventually(async () => {
      const items = (await api.call('GET', '/local/outbox')).body.items.filter(
        (m: { caseId: string; recipient: { kind: string } }) => m.caseId === caseId && m.recipient.kind === 'applicant',
      );
      return items.length >= 2 && items;
    }, 'the notices to the applicant');
    assert.deepEqual(notices.map((m: { eventType: string }) => m.eventType).sort(), ['ACCEPTED', 'CASE_APPROVED']);
    assert.match(notices.find((m: { eventType: string }) => m.eventType === 'CASE_APPROVED').body, new RegExp(`Your permit is ${number}`));
  });
});

describe('verifying', () => {
  it('anyone verifies it through the API, and offline with the public key and the canonical JSON', async () => {
    const permit = (await api.call('GET', `/permits/${number}`)).body;
    const key = (await api.call('GET', '/permit-key')).body;
    assert.equal(key.algorithm, 'ECDSA_SHA_256');
    assert.equal(key.keyId, permit.signature.keyId);
    assert.ok(offlineCheck(permit.document, permit.signature.value, key.publicKeyPem), 'the offline check holds');
    for (const tampered of [
      { ...permit.document, holder: { ...permit.document.holder, name: '王五' } },
      { ...permit.document, validUntil: '2099-01-01T00:00:00.000Z' },
      { ...permit.document, tacitApprovals: [] },
    ])
      assert.equal(offlineCheck(tampered, permit.signature.value, key.publicKeyPem), false);
    const scanned = new URL(permit.qr);
    const verified = await api.call('GET', `${scanned.pathname}${scanned.search}`);
    assert.equal(verified.status, 200);
    assert.deepEqual([verified.body.genuine, verified.body.status, verified.body.copyMatches], [true, 'VALID', true]);
    const otherCopy = await api.call('GET', `/permits/${number}/verify?digest=${'A'.repeat(43)}`);
    assert.equal(otherCopy.body.copyMatches, false);
  });

  it('README’s offline check (curl, node, openssl) says Verified OK, and fails on a changed copy', async () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const block = /\*\*The offline check\.\*\*[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(block, 'README has the offline check');
    const dir = mkdtempSync(join(tmpdir(), 'one-stop-permit-'));
    // asynchronously: the stack answering curl runs in this process
    const run = async (script: string) =>
      (await execFileAsync('bash', ['-euo', 'pipefail', '-c', script], { cwd: dir, env: { ...process.env, API: api.url, CASE: caseId } }))
        .stdout;
    assert.match(await run(block), /Verified OK/);
    // the same check on a copy with one field changed fails
    const tampered = block.replace(
      'const p = JSON.parse(require("fs").readFileSync("permit.json"));',
      'const p = JSON.parse(require("fs").readFileSync("permit.json")); p.document.holder.name = "王五";',
    );
    assert.notEqual(tampered, block);
    await assert.rejects(run(tampered), (err: { stdout?: string }) => /Verification failure/.test(err.stdout ?? ''));
  });

  it('an unknown permit is 404, a malformed number or digest 400 naming it', async () => {
    assert.equal((await api.call('GET', `/permits/P-${'0'.repeat(26)}`)).status, 404);
    const bad = await api.call('GET', '/permits/not-a-number');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.issues[0].path, 'path.number');
    const badDigest = await api.call('GET', `/permits/${number}/verify?digest=short`);
    assert.equal(badDigest.status, 400);
    assert.equal(badDigest.body.error.issues[0].path, 'query.digest');
  });
});

describe('revoking', () => {
  it('only an admin revokes, with reasons; at once REVOKED everywhere, on the timeline, the holder told; once', async () => {
    const path = `/permits/${number}/revocation`;
    const reasons = ['施工单位资质被吊销'];
    assert.equal((await api.call('POST', path, { token: alice, body: { reasons } })).status, 403);
    assert.equal((await api.call('POST', path, { token: planning, body: { reasons } })).status, 403);
    assert.equal((await api.call('POST', path, { body: { reasons } })).status, 401);
    const empty = await api.call('POST', path, { token: admin, body: { reasons: [] } });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.error.issues[0].path, 'reasons');
    assert.equal((await api.call('GET', `/permits/${number}`)).body.status, 'VALID', 'a refused request changed nothing');

    const revoked = await api.call('POST', path, { token: admin, body: { reasons } });
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    assert.equal(revoked.body.status, 'REVOKED');
    assert.deepEqual(revoked.body.revoked.reasons, reasons);
    const read = (await api.call('GET', `/permits/${number}`)).body;
    assert.equal(read.status, 'REVOKED');
    const verified = (await api.call('GET', `/permits/${number}/verify`)).body;
    assert.deepEqual([verified.genuine, verified.status, verified.revoked.reasons], [true, 'REVOKED', reasons]);
    const view = (await api.call('GET', `/applications/${caseId}`, { token: alice })).body;
    assert.equal(view.permit.revokedAt, revoked.body.revoked.at);
    const event = view.timeline.find((e: { type: string }) => e.type === 'PERMIT_REVOKED');
    assert.deepEqual(event.detail, { number, reasons });
    assert.equal(event.actor, 'admin:ada');

    const again = await api.call('POST', path, { token: admin, body: { reasons: ['again'] } });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.revokedAt, revoked.body.revoked.at);
    await eventually(async () => {
      const items = (await api.call('GET', '/local/outbox')).body.items.filter(
        (m: { caseId: string; subject: string }) => m.caseId === caseId && m.subject.endsWith('Your permit is revoked'),
      );
      return items.length === 1;
    }, 'the notice of the revocation');
  });
});
