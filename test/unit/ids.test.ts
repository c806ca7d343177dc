import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { caseIdFor } from '#core/ids.ts';

const CROCKFORD_26 = /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{26}$/;

describe('caseIdFor', () => {
  it('is deterministic for the same applicant and key', () => {
    assert.equal(caseIdFor('sub-alice', 'key-1'), caseIdFor('sub-alice', 'key-1'));
  });

  it('differs across applicants with the same key, and across keys of one applicant', () => {
    const ids = new Set([caseIdFor('sub-alice', 'key-1'), caseIdFor('sub-bob', 'key-1'), caseIdFor('sub-alice', 'key-2')]);
    assert.equal(ids.size, 3);
  });

  it('does not confuse (sub, key) pairs that concatenate to the same text', () => {
    assert.notEqual(caseIdFor('ab', 'c'), caseIdFor('a', 'bc'));
  });

  it('is 26 characters of Crockford base32 (no I, L, O, U), with or without a key', () => {
    for (let i = 0; i < 200; i++) assert.match(caseIdFor(`sub-${i}`, `key-${i}`), CROCKFORD_26);
    assert.match(caseIdFor('sub-alice', '订单-001'), CROCKFORD_26);
    assert.match(caseIdFor('sub-alice', undefined), CROCKFORD_26);
  });

  it('uses the whole alphabet over many keys (the digest is spread, not truncated to a few characters)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) for (const ch of caseIdFor('sub', `k${i}`)) seen.add(ch);
    assert.equal(seen.size, 32);
  });

  it('without a key, every id is new', () => {
    const ids = new Set(Array.from({ length: 100 }, () => caseIdFor('sub-alice', undefined)));
    assert.equal(ids.size, 100);
  });

  it('an empty key counts as no key', () => {
    assert.notEqual(caseIdFor('sub-alice', ''), caseIdFor('sub-alice', ''));
  });
});
