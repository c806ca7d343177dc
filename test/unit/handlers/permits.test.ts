// The permit handlers against the in-memory case store: the issuing command (signed once,
// whoever races), the public reads, and an admin's revocation.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { describe, it } from 'vitest';
import type { PermitKey, PermitSigner } from '#app/ports.ts';
import { runCommand } from '#app/run.ts';
import { issueCommand } from '../../../functions/handlers/issue-permit.ts';
import { getPermitRoute } from '../../../functions/handlers/get-permit.ts';
import { getPermitKeyRoute } from '../../../functions/handlers/get-permit-key.ts';
import { revokePermitRoute } from '../../../functions/handlers/revoke-permit.ts';
import { verifyPermitRoute } from '../../../functions/handlers/verify-permit.ts';
import { callRoute, memoryRuntime } from '../../support/memory-runtime.ts';
import { ADMIN, ALICE, approvedCase, CAL, openedCase, plusMs, SUBMITTED_AT } from '../../support/fixtures.ts';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
const KEY_ID = 'arn:aws:kms:ap-east-1:000000000000:key/unit';

/** A signer like KMS with MessageType DIGEST: ECDSA P-256 over the digest it is given, DER. */
function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const d = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
  let signed = 0;
  const signer: PermitSigner & { signed: () => number } = {
    sign: async (digest) => {
      signed += 1;
      return { keyId: KEY_ID, signature: p256.sign(digest, d, { prehash: false, format: 'der' }) };
    },
    signed: () => signed,
  };
  const key: PermitKey = {
    publicKey: async () => ({ keyId: KEY_ID, spki: publicKey.export({ format: 'der', type: 'spki' }) }),
  };
  return { signer, key };
}

async function setUp() {
  const env = memoryRuntime({ now: plusMs(SUBMITTED_AT, 60_000), calendar: CAL });
  const agg = approvedCase({ years: 1 });
  const { record, reviews, timeline } = agg;
  await env.seed({ record, reviews, events: timeline.map(({ seq: _, prevHash: __, hash: ___, anchors: ____, ...e }) => e) });
  const { signer, key } = keyPair();
  const issue = () => runCommand(env.runtime, issueCommand(signer, env.store), 'system', { caseId: record.caseId });
  const number = `P-${record.caseId}`;
  return { ...env, signer, key, issue, number, caseId: record.caseId };
}

describe('issuing (the stream consumer’s command)', () => {
  it('issues the permit of an approved case once: a repeat, or a racing second consumer, issues nothing more', async () => {
    const t = await setUp();
    assert.equal(await t.issue(), t.number);
    assert.equal(await t.issue(), t.number);
    const [a, b] = await Promise.all([t.issue(), t.issue()]);
    assert.deepEqual([a, b], [t.number, t.number]);
    const agg = await t.store.load(t.caseId);
    assert.equal(agg?.timeline.filter((e) => e.type === 'PERMIT_ISSUED').length, 1);
    assert.equal(t.store.permits.size, 1);
    assert.equal(t.signer.signed(), 1, 'a case with its permit is not signed again');
  });

  it('a case not approved issues nothing', async () => {
    const env = memoryRuntime({ now: SUBMITTED_AT, calendar: CAL });
    const open = openedCase();
    await env.seed({ record: open.record, reviews: open.reviews, events: [] });
    const { signer } = keyPair();
    assert.equal(await runCommand(env.runtime, issueCommand(signer, env.store), 'system', { caseId: open.record.caseId }), undefined);
    assert.equal(env.store.permits.size, 0);
    assert.equal(signer.signed(), 0);
  });
});

describe('reading and verifying (public)', () => {
  it('GET /permits/{number}: the document, signature, status and a QR payload on the API’s own address', async () => {
    const t = await setUp();
    await t.issue();
    const res = await callRoute(
      getPermitRoute(t.store, () => t.clock.now),
      { route: 'GET /permits/{number}', params: { number: t.number } },
    );
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'VALID');
    assert.equal(res.body.signature.keyId, KEY_ID);
    assert.match(res.body.qr, new RegExp(`^https://api\\.example\\.gov/permits/${t.number}/verify\\?digest=[\\w-]{43}$`));
    const missing = await callRoute(getPermitRoute(t.store), { route: 'GET /permits/{number}', params: { number: 'P-NOSUCHCASE' } });
    assert.equal(missing.status, 404);
    const bad = await callRoute(getPermitRoute(t.store), { route: 'GET /permits/{number}', params: { number: '../x' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.issues[0].path, 'path.number');
  });

  it('verify: genuine under the key, the copy in hand matched by its digest, expired after its validity', async () => {
    const t = await setUp();
    await t.issue();
    const permit = (await t.store.getPermit(t.number))!;
    const digest = new URL(
      (await callRoute(getPermitRoute(t.store), { route: 'GET /permits/{number}', params: { number: t.number } })).body.qr,
    ).searchParams.get('digest')!;
    const verify = (now: Date, query?: Record<string, string>) =>
      callRoute(
        verifyPermitRoute(t.store, t.key, () => now),
        { route: 'GET /permits/{number}/verify', params: { number: t.number }, query },
      );
    const ok = await verify(t.clock.now, { digest });
    assert.deepEqual([ok.status, ok.body.genuine, ok.body.status, ok.body.copyMatches], [200, true, 'VALID', true]);
    const later = await verify(new Date(Date.parse(permit.document.validUntil!) + 1));
    assert.equal(later.body.status, 'EXPIRED');
    // a permit altered in the table is not genuine
    t.store.permits.set(t.number, { ...permit, document: { ...permit.document, holder: { ...permit.document.holder, name: '王五' } } });
    assert.equal((await verify(t.clock.now)).body.genuine, false);
    const other = keyPair();
    t.store.permits.set(t.number, permit);
    const underAnotherKey = await callRoute(verifyPermitRoute(t.store, other.key), {
      route: 'GET /permits/{number}/verify',
      params: { number: t.number },
    });
    assert.equal(underAnotherKey.body.genuine, false);
  });

  it('GET /permit-key: the public key as PEM, cacheable', async () => {
    const { key } = keyPair();
    const res = await callRoute(getPermitKeyRoute(key), { route: 'GET /permit-key' });
    assert.equal(res.status, 200);
    assert.match(res.body.publicKeyPem, /^-----BEGIN PUBLIC KEY-----/);
    assert.equal(res.body.keyId, KEY_ID);
    assert.match(String(res.headers['cache-control']), /max-age=/);
  });
});

describe('revoking (admins)', () => {
  it('an admin revokes with reasons, once; anyone else is refused and nothing changes', async () => {
    const t = await setUp();
    await t.issue();
    const route = revokePermitRoute(t.runtime, t.store);
    const revoke = (caller: { sub: string; groups: string[] }, body: unknown) =>
      callRoute(route, { route: 'POST /permits/{number}/revocation', params: { number: t.number }, caller, body });
    assert.equal((await revoke(ALICE, { reasons: ['x'] })).status, 403);
    assert.equal((await revoke({ sub: 'sub-pat', groups: ['reviewers-planning'] }, { reasons: ['x'] })).status, 403);
    const blank = await revoke(ADMIN, { reasons: ['  '] });
    assert.equal(blank.status, 400);
    assert.equal(blank.body.error.issues[0].path, 'reasons.0');
    assert.equal((await t.store.getPermit(t.number))?.revoked, undefined);
    const res = await revoke(ADMIN, { reasons: ['资质被吊销'] });
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'REVOKED');
    assert.equal(res.body.revoked.by, undefined, 'who revoked stays internal');
    const again = await revoke(ADMIN, { reasons: ['again'] });
    assert.equal(again.status, 409);
    const agg = await t.store.load(t.caseId);
    assert.equal(agg?.timeline.filter((e) => e.type === 'PERMIT_REVOKED').length, 1);
    const missing = await callRoute(route, {
      route: 'POST /permits/{number}/revocation',
      params: { number: 'P-NONE' },
      caller: ADMIN,
      body: { reasons: ['x'] },
    });
    assert.equal(missing.status, 404);
  });
});
