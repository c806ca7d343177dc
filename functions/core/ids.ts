// Case identifiers: 26 characters of Crockford base32, like a ULID. A submission that
// carries an Idempotency-Key gets an id derived from the applicant and the key, so a retry
// after a partial failure finds the case it already made instead of making another.
import { createHash } from 'node:crypto';
import { ulid } from 'ulid';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

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
