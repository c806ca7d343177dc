import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import type { CaseAggregate } from '#core/case/model.ts';
import { applyCalendar } from '#core/case/deadlines.ts';
import { decideReview, extendReview } from '#core/case/review-actions.ts';
import { correctCase, submitCase } from '#core/case/submission.ts';
import { asSubmitted, caseIdFor, requestHash, submissionReplay } from '#core/ids.ts';
import { receipt } from '#core/views.ts';
import {
  APPLICANT,
  application,
  applyChange,
  buildingService,
  CAL,
  calendarWith,
  done,
  openedCase,
  plusMs,
  SUBMITTED_AT,
} from '../support/fixtures.ts';

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

describe('requestHash', () => {
  it('is the SHA-256 of the canonical JSON: key order and absent fields do not change it', () => {
    const a = application();
    const reordered = {
      materials: a.materials,
      form: { district: '浦东新区', floorArea: 250 },
      applicant: { phone: a.applicant.phone, idNumber: a.applicant.idNumber, name: a.applicant.name },
      serviceCode: a.serviceCode,
    };
    assert.match(requestHash(a), /^[0-9a-f]{64}$/);
    assert.equal(requestHash(reordered), requestHash(a));
    assert.equal(requestHash({ ...a, applicant: { ...a.applicant, email: undefined } }), requestHash(a));
  });

  it('changes with any value, at any depth', () => {
    const a = application();
    const hashes = new Set([
      requestHash(a),
      requestHash(application({ floorArea: 251, district: '浦东新区' })),
      requestHash({ ...a, applicant: { ...a.applicant, name: '李四' } }),
      requestHash({ ...a, materials: [{ id: 'site-plan', name: '总平面图-v2.pdf' }] }),
      requestHash({ ...a, form: { ...a.form, floorArea: '250' } }),
    ]);
    assert.equal(hashes.size, 5);
  });
});

describe('submissionReplay', () => {
  const hash = requestHash(application());
  it('the same applicant with the same request replays; another request under the key is refused', () => {
    assert.equal(submissionReplay({ applicantSub: APPLICANT, requestHash: hash }, APPLICANT, hash), 'replay');
    assert.equal(
      submissionReplay({ applicantSub: APPLICANT, requestHash: hash }, APPLICANT, requestHash(application({ floorArea: 10 }))),
      'key-reused',
    );
  });

  it('a case of another applicant is never answered', () => {
    assert.equal(submissionReplay({ applicantSub: 'sub-mallory', requestHash: hash }, APPLICANT, hash), 'key-reused');
  });

  it('a case made before cases kept the hash is identified by the key alone', () => {
    assert.equal(submissionReplay({ applicantSub: APPLICANT }, APPLICANT, hash), 'replay');
  });
});

describe('asSubmitted: the first answer, whatever happened since', () => {
  /** The aggregate as the store reads it back: reviews in key order, not routing order. */
  const asStored = (aggregate: CaseAggregate): CaseAggregate => ({
    ...aggregate,
    reviews: [...aggregate.reviews].sort((a, b) => a.department.localeCompare(b.department)),
  });

  it('an accepted case: the same receipt after decisions, an extension and a new calendar', () => {
    const first = openedCase();
    const answer = receipt(first);
    assert.deepEqual(receipt(asSubmitted(asStored(first))), answer, 'read back at once (the concurrent attempt)');
    const later = plusMs(SUBMITTED_AT, 3_600_000);
    let aggregate = applyChange(
      first,
      done(
        decideReview({
          aggregate: first,
          department: 'planning',
          decision: { decision: 'APPROVE' },
          reviewer: 'reviewer-planning',
          now: later,
          calendar: CAL,
        }),
      ).change,
    );
    aggregate = applyChange(
      aggregate,
      done(
        extendReview({
          aggregate,
          department: 'environment',
          extension: { workingDays: 5, reason: '现场核查' },
          reviewer: 'reviewer-environment',
          now: later,
          calendar: CAL,
        }),
      ).change,
    );
    const moved = applyCalendar(aggregate, calendarWith(['2026-01-07']), later);
    assert.ok(moved, 'the new calendar moves the environment review');
    aggregate = applyChange(aggregate, moved);
    assert.notDeepEqual(receipt(asStored(aggregate)), answer, 'the case itself moved on');
    assert.deepEqual(receipt(asSubmitted(asStored(aggregate))), answer);
  });

  it('an incomplete case: still the list of what was missing after it was corrected and accepted', () => {
    const change = submitCase({
      caseId: 'C2',
      service: buildingService(),
      input: { ...application(), materials: [] },
      applicantSub: APPLICANT,
      now: SUBMITTED_AT,
      calendar: CAL,
    });
    const first = applyChange(undefined, change);
    assert.equal(first.record.status, 'INCOMPLETE');
    const answer = receipt(first);
    const corrected = applyChange(
      first,
      correctCase(first, buildingService(), { materials: application().materials }, plusMs(SUBMITTED_AT, 60_000), CAL),
    );
    assert.equal(corrected.record.status, 'IN_REVIEW');
    assert.deepEqual(receipt(asSubmitted(asStored(corrected))), answer);
  });

  it('a case no department reviews is approved at submission, and answered so', () => {
    const service = { ...buildingService(), departments: [] };
    const first = applyChange(
      undefined,
      submitCase({ caseId: 'C3', service, input: application(), applicantSub: APPLICANT, now: SUBMITTED_AT, calendar: CAL }),
    );
    assert.equal(first.record.status, 'APPROVED');
    assert.deepEqual(receipt(asSubmitted(first)), receipt(first));
  });
});
