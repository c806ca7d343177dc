// Case identifiers, and what makes a submission idempotent. A submission that carries an
// Idempotency-Key gets an id derived from the applicant and the key, so a retry (or a
// concurrent attempt) finds the case the first one made instead of making another: the
// store's conditional write lets one writer make it. The case keeps the hash of the request
// that made it, which tells a retry of that request from another request under the same key,
// and its first events, from which the retry is given the first answer again.
import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { canonical } from './audit.ts';
import type { CaseAggregate, CaseRecord } from './case/model.ts';
import type { CaseStatus } from './schemas.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 26 characters of Crockford base32, like a ULID: new without a key, derived with one. */
export function caseIdFor(applicantSub: string, idempotencyKey: string | undefined): string {
  if (!idempotencyKey) return ulid();
  const digest = createHash('sha256').update(`${applicantSub}\n${idempotencyKey}`).digest();
  let bits = 0n;
  for (const byte of digest.subarray(0, 17)) bits = (bits << 8n) | BigInt(byte);
  let id = '';
  for (let i = 0; i < 26; i++) {
    id = CROCKFORD[Number(bits & 31n)] + id;
    bits >>= 5n;
  }
  return id;
}

/** SHA-256 (hex) of the request's canonical JSON: key order and absent fields do not matter. */
export function requestHash(request: unknown): string {
  return createHash('sha256').update(canonical(request)).digest('hex');
}

/**
 * A keyed submission found its case already made. The same applicant with the same request
 * is a replay (the first answer again); anything else reuses the key for another request. A
 * case made before cases kept the request's hash has none: the key alone identifies it.
 */
export function submissionReplay(
  existing: Pick<CaseRecord, 'applicantSub' | 'requestHash'>,
  applicantSub: string,
  hash: string,
): 'replay' | 'key-reused' {
  if (existing.applicantSub !== applicantSub) return 'key-reused';
  return existing.requestHash === undefined || existing.requestHash === hash ? 'replay' : 'key-reused';
}

/**
 * The case as its submission committed it, as far as its receipt reads it (status, missing
 * items, acceptance, calendar version, each review's dueBy in routing order), from the events
 * that submission wrote: the first ones, all at the submission's instant. Whatever happened
 * to the case since (decisions, extensions, a correction, a new calendar), the receipt of
 * this is the first answer.
 */
export function asSubmitted(aggregate: CaseAggregate): CaseAggregate {
  const { record } = aggregate;
  const first = [];
  for (const e of aggregate.timeline) {
    if (e.at !== record.submittedAt) break;
    first.push(e);
  }
  const incomplete = first.find((e) => e.type === 'INCOMPLETE');
  if (incomplete)
    return {
      record: { ...record, status: 'INCOMPLETE', missing: incomplete.detail?.missing as CaseRecord['missing'], acceptedAt: undefined },
      reviews: [],
      timeline: first,
    };
  const accepted = first.find((e) => e.type === 'ACCEPTED');
  if (!accepted) return aggregate;
  const outcome = first.find((e) => e.type === 'CASE_APPROVED' || e.type === 'CASE_REJECTED');
  const detail = accepted.detail as { calendarVersion?: number; departments?: { department: string; dueBy: string }[] };
  return {
    record: {
      ...record,
      status: outcome ? (outcome.type.slice('CASE_'.length) as CaseStatus) : 'IN_REVIEW',
      acceptedAt: accepted.at,
      calendarVersion: detail.calendarVersion,
      missing: undefined,
    },
    reviews: (detail.departments ?? []).flatMap(({ department, dueBy }) => {
      const review = aggregate.reviews.find((r) => r.department === department);
      return review ? [{ ...review, dueBy }] : [];
    }),
    timeline: first,
  };
}
