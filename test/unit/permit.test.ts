// The permit document, its signature and status: built from the case alone, signed over its
// canonical JSON, and no field of it can change without the signature failing.
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, it } from 'vitest';
import { canonical } from '#core/audit.ts';
import type { CaseAggregate } from '#core/case/model.ts';
import {
  digestForCopy,
  issuePermit,
  type PermitDocument,
  type PermitRecord,
  permitDigest,
  permitDocument,
  permitStatus,
  permitVerification,
  revokePermit,
  signatureHolds,
  signedBytes,
} from '#core/permit.ts';
import { applyChange, approvedCase, assertDomainError, openedCase, reviewOf } from '../support/fixtures.ts';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const spki = publicKey.export({ format: 'der', type: 'spki' });
const KEY_ID = 'arn:aws:kms:ap-east-1:000000000000:key/test';

const signed = (document: PermitDocument) => sign('sha256', signedBytes(document), privateKey).toString('base64');

function issued(agg: CaseAggregate): { agg: CaseAggregate; permit: PermitRecord } {
  const document = permitDocument(agg);
  const change = issuePermit(
    agg,
    document,
    { algorithm: 'ECDSA_SHA_256', keyId: KEY_ID, value: signed(document) },
    new Date(document.issuedAt),
  );
  assert.ok(change?.permit);
  return { agg: applyChange(agg, change), permit: change.permit };
}

/** Every leaf of a JSON value, by path. */
function leaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [path];
}

function changedAt(document: PermitDocument, path: (string | number)[]): unknown {
  const copy = structuredClone(document) as unknown as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  const old = at[last];
  at[last] = typeof old === 'number' ? old + 1 : `${String(old)}x`;
  return copy;
}

describe('the permit document', () => {
  it('names the holder (ID masked), the service, every approval with its conditions, and each tacit approval with its due time', () => {
    const agg = approvedCase({ years: 3 });
    const doc = permitDocument(agg);
    assert.equal(doc.number, `P-${agg.record.caseId}`);
    assert.equal(doc.holder.name, agg.record.applicant.name);
    assert.equal(doc.holder.idNumberMasked, '1101**********4514');
    assert.ok(!canonical(doc).includes(agg.record.applicant.idNumber), 'the full ID number is nowhere in the document');
    assert.equal(doc.authority, '浦东新区行政审批局');
    assert.equal(doc.issuedAt, agg.record.decidedAt);
    assert.equal(doc.issuedAt, '2026-01-05T02:00:40.000Z');
    assert.equal(doc.validUntil, '2029-01-05T02:00:40.000Z');
    assert.deepEqual(
      doc.approvals.map((a) => [a.department, a.decision, a.conditions]),
      // by department code, whatever order the reviews were read in
      [
        ['environment', 'APPROVED', undefined],
        ['fire', 'DEEMED_APPROVED', undefined],
        ['planning', 'APPROVED', ['施工时间 08:00–18:00']],
      ],
    );
    const reversed = { ...agg, reviews: [...agg.reviews].reverse() };
    assert.equal(canonical(permitDocument(reversed)), canonical(doc));
    assert.equal(doc.tacitApprovals.length, 1);
    const [tacit] = doc.tacitApprovals;
    assert.equal(tacit!.department, 'fire');
    assert.equal(tacit!.dueBy, reviewOf(agg, 'fire').dueBy);
    assert.match(tacit!.statement, /deemed to approve/);
    assert.equal(permitDocument(agg).number, doc.number, 'built again, the same document');
    assert.equal(canonical(permitDocument(agg)), canonical(doc));
  });

  it('has no end without a validity; only an approved case has one', () => {
    assert.equal(permitDocument(approvedCase()).validUntil, undefined);
    assertDomainError(() => permitDocument(openedCase()), 'CONFLICT');
  });
});

describe('signing and verifying', () => {
  it('the signature over the canonical JSON holds; the digest is the SHA-256 of those bytes', () => {
    const { permit } = issued(approvedCase({ years: 1 }));
    assert.ok(signatureHolds(permit.document, permit.signature.value, spki));
    assert.equal(permit.digest, permitDigest(permit.document).toString('hex'));
    // key order does not matter: the canonical form sorts it
    const reordered = Object.fromEntries(Object.entries(permit.document).reverse());
    assert.ok(signatureHolds(reordered, permit.signature.value, spki));
  });

  it('a change to any field of the document, an added field or a removed one fails verification', () => {
    const { permit } = issued(approvedCase({ years: 1 }));
    const paths = leaves(permit.document);
    assert.ok(paths.length >= 25, `${paths.length} fields`);
    for (const path of paths)
      assert.equal(signatureHolds(changedAt(permit.document, path), permit.signature.value, spki), false, path.join('.'));
    assert.equal(signatureHolds({ ...permit.document, extra: 1 }, permit.signature.value, spki), false);
    const { authority: _, ...without } = permit.document;
    assert.equal(signatureHolds(without, permit.signature.value, spki), false);
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'der', type: 'spki' });
    assert.equal(signatureHolds(permit.document, permit.signature.value, other), false, 'another key');
    assert.equal(signatureHolds(permit.document, 'not a signature', spki), false);
  });

  it('verification tells genuine, the status, and whether a copy in hand is this permit', () => {
    const { permit } = issued(approvedCase({ years: 1 }));
    const now = new Date(Date.parse(permit.document.issuedAt) + 1000);
    const ok = permitVerification(permit, spki, KEY_ID, now, digestForCopy(permit));
    assert.deepEqual([ok.genuine, ok.status, ok.copyMatches], [true, 'VALID', true]);
    const forged = { ...permit, document: { ...permit.document, holder: { ...permit.document.holder, name: '李四' } } };
    assert.equal(permitVerification(forged, spki, KEY_ID, now).genuine, false);
    assert.equal(permitVerification(permit, spki, KEY_ID, now, 'A'.repeat(43)).copyMatches, false);
    assert.equal(
      permitVerification(permit, spki, 'arn:aws:kms:ap-east-1:000000000000:key/other', now).genuine,
      false,
      'signed by another key',
    );
  });
});

describe('issuing, expiry and revocation', () => {
  it('issues once: a second attempt on the case that has its permit changes nothing', () => {
    const { agg, permit } = issued(approvedCase());
    assert.deepEqual(agg.record.permit, { number: permit.number, issuedAt: permit.document.issuedAt });
    assert.equal(agg.timeline.at(-1)?.type, 'PERMIT_ISSUED');
    assert.equal(issuePermit(agg, permit.document, permit.signature, new Date()), null);
  });

  it('refuses a document the case no longer builds (signed on a stale read)', () => {
    const agg = approvedCase();
    const document = { ...permitDocument(agg), title: 'another' };
    assertDomainError(
      () => issuePermit(agg, document, { algorithm: 'ECDSA_SHA_256', keyId: KEY_ID, value: signed(document) }, new Date(document.issuedAt)),
      'CONFLICT',
    );
  });

  it('is valid until its end, then expired; revoked at once and only once, with reasons on the timeline', () => {
    const { agg, permit } = issued(approvedCase({ days: 30 }));
    const until = Date.parse(permit.document.validUntil!);
    assert.equal(permitStatus(permit, new Date(until - 1)), 'VALID');
    assert.equal(permitStatus(permit, new Date(until)), 'EXPIRED');
    const at = new Date(until - 86_400_000);
    const change = revokePermit(agg, permit, 'admin:sub-ada', ['施工单位资质被吊销'], at);
    assert.equal(permitStatus(change.permit, at), 'REVOKED');
    assert.equal(change.permit.version, permit.version + 1);
    assert.deepEqual(
      change.events.map((e) => [e.type, e.actor, e.detail]),
      [['PERMIT_REVOKED', 'admin:sub-ada', { number: permit.number, reasons: ['施工单位资质被吊销'] }]],
    );
    assert.equal(change.record.permit?.revokedAt, at.toISOString());
    assertDomainError(() => revokePermit(applyChange(agg, change), change.permit, 'admin:sub-ada', ['again'], at), 'CONFLICT');
  });
});
