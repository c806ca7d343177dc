// The permit an approved case issues (an electronic licence): a document built from the
// case alone, so every attempt to issue it builds the same one, signed over the SHA-256 of
// its canonical JSON (RFC 8785: object keys sorted, no whitespace, strings and numbers as
// JSON.stringify writes them) with an ECDSA P-256 key. Anyone holding the public key checks a
// copy offline; the API also says whether it is current, revoked or expired. Revocation and
// expiry are not in the signed document: they are its status, read when asked.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { canonical } from './audit.ts';
import { type CaseAggregate, type CaseChange, type CaseRecord, DEFAULT_TACIT_APPROVAL, type ReviewRecord } from './case/model.ts';
import { conflict } from './errors.ts';
import { DEFAULT_ID_TYPE, type IdType, maskIdNumber } from './identity.ts';

export const PERMIT_FORMAT = 'one-stop-permit/1';
export const SIGNING_ALGORITHM = 'ECDSA_SHA_256';
/** The events that issue or revoke a permit: the table stream passes only these to the issuer. */
export const PERMIT_EVENTS = ['CASE_APPROVED', 'POST_CHECK_FAILED'] as const;
export const DEFAULT_AUTHORITY = 'The one-stop service centre';

export interface PermitDocument {
  format: typeof PERMIT_FORMAT;
  number: string;
  caseId: string;
  title: string;
  holder: { name: string; idType: IdType; idNumberMasked: string };
  service: { code: string; name: string; legalBasis?: string };
  authority: string;
  issuedAt: string;
  validFrom: string;
  /** Absent: valid until revoked. */
  validUntil?: string;
  /** Every department's approval, by department code, with its conditions. */
  approvals: {
    department: string;
    departmentName: string;
    decision: ApprovingStatus;
    at: string;
    conditions?: string[];
    /** APPROVED_ON_COMMITMENT: when the department's check is due. */
    postCheckBy?: string;
  }[];
  /** The certificate of tacit approval: every department that did not answer by its due time. */
  tacitApprovals: { department: string; departmentName: string; dueBy: string; statement: string }[];
  /** Granted on the holder's commitment (some departments approved on it): the text signed, and when. */
  commitment?: { text: string; signedAt: string };
}

const APPROVING = ['APPROVED', 'DEEMED_APPROVED', 'APPROVED_ON_COMMITMENT'] as const;
type ApprovingStatus = (typeof APPROVING)[number];
const approves = (r: ReviewRecord): r is ReviewRecord & { status: ApprovingStatus } => (APPROVING as readonly string[]).includes(r.status);

export interface PermitSignature {
  algorithm: typeof SIGNING_ALGORITHM;
  /** The signing key (its ARN): its public key is served at GET /permit-key. */
  keyId: string;
  /** The DER-encoded ECDSA signature, base64. */
  value: string;
}

export interface PermitRevocation {
  at: string;
  by: string;
  reasons: string[];
}

/** A permit as kept: the signed document, its digest and signature, and its revocation. */
export interface PermitRecord {
  number: string;
  caseId: string;
  document: PermitDocument;
  /** SHA-256 of the document's canonical JSON, hex. */
  digest: string;
  signature: PermitSignature;
  revoked?: PermitRevocation;
  /** Times the permit was written; a change holds it at the version it read. */
  version: number;
}

export type PermitStatus = 'VALID' | 'REVOKED' | 'EXPIRED';

/** One permit per case: its number says which. */
export const permitNumberOf = (caseId: string) => `P-${caseId}`;

/** The bytes that are signed: the document's canonical JSON, UTF-8. */
export const signedBytes = (document: PermitDocument) => Buffer.from(canonical(document), 'utf8');

export const permitDigest = (document: PermitDocument) => createHash('sha256').update(signedBytes(document)).digest();

function addValidity(from: Date, validity: NonNullable<NonNullable<CaseRecord['rules']['permit']>['validity']>): Date {
  const until = new Date(from);
  if (validity.years) until.setUTCFullYear(until.getUTCFullYear() + validity.years);
  if (validity.months) until.setUTCMonth(until.getUTCMonth() + validity.months);
  if (validity.days) until.setUTCDate(until.getUTCDate() + validity.days);
  return until;
}

/** The permit document of an approved case, from the case alone. */
export function permitDocument(aggregate: CaseAggregate): PermitDocument {
  const { record, reviews } = aggregate;
  if (record.status !== 'APPROVED' || !record.decidedAt)
    throw conflict(`case ${record.caseId} is ${record.status}: only an approved case has a permit`);
  const settings = record.rules.permit;
  const issuedAt = record.decidedAt;
  // by department code: the same document whichever order the reviews were read in
  const approving = reviews.filter(approves).sort((a, b) => (a.department < b.department ? -1 : a.department > b.department ? 1 : 0));
  const onCommitment = approving.some((r) => r.status === 'APPROVED_ON_COMMITMENT');
  return {
    format: PERMIT_FORMAT,
    number: permitNumberOf(record.caseId),
    caseId: record.caseId,
    title: settings?.title ?? record.serviceName,
    holder: {
      name: record.applicant.name,
      idType: record.applicant.idType ?? DEFAULT_ID_TYPE,
      idNumberMasked: maskIdNumber(record.applicant.idNumber),
    },
    service: {
      code: record.serviceCode,
      name: record.serviceName,
      ...(record.rules.legalBasis ? { legalBasis: record.rules.legalBasis } : {}),
    },
    authority: settings?.authority ?? DEFAULT_AUTHORITY,
    issuedAt,
    validFrom: issuedAt,
    ...(settings?.validity ? { validUntil: addValidity(new Date(issuedAt), settings.validity).toISOString() } : {}),
    approvals: approving.map((r) => ({
      department: r.department,
      departmentName: r.departmentName,
      decision: r.status,
      at: r.decidedAt ?? issuedAt,
      ...(r.conditions?.length ? { conditions: r.conditions } : {}),
      ...(r.status === 'APPROVED_ON_COMMITMENT' ? { postCheckBy: r.dueBy } : {}),
    })),
    tacitApprovals: approving
      .filter((r) => r.status === 'DEEMED_APPROVED')
      .map((r) => ({
        department: r.department,
        departmentName: r.departmentName,
        dueBy: r.dueBy,
        statement: `${r.departmentName} did not decide by ${r.dueBy} and is deemed to approve. ${record.rules.tacitApproval ?? DEFAULT_TACIT_APPROVAL}`,
      })),
    ...(onCommitment && record.commitment ? { commitment: record.commitment } : {}),
  };
}

/**
 * Issue the case's permit with the signature made over `document` (built and signed before
 * this decision): nothing when the case already has its permit (issued once, whoever races);
 * a conflict when the case no longer builds that document (sign again).
 */
export function issuePermit(aggregate: CaseAggregate, document: PermitDocument, signature: PermitSignature, now: Date): CaseChange | null {
  if (aggregate.record.permit) return null;
  if (canonical(permitDocument(aggregate)) !== canonical(document))
    throw conflict(`case ${aggregate.record.caseId} changed while its permit was signed`);
  const permit: PermitRecord = {
    number: document.number,
    caseId: document.caseId,
    document,
    digest: permitDigest(document).toString('hex'),
    signature,
    version: 0,
  };
  const issued: CaseChange & { permit: PermitRecord } = {
    record: { ...aggregate.record, permit: { number: permit.number, issuedAt: document.issuedAt } },
    reviews: [],
    events: [
      {
        at: document.issuedAt,
        type: 'PERMIT_ISSUED',
        actor: 'system:permits',
        detail: { number: permit.number, validUntil: document.validUntil },
      },
    ],
    permit,
  };
  // a post-check failed before the permit was issued: issued, and revoked for it at once
  const failed = aggregate.record.postCheckFailed;
  if (!failed) return issued;
  const revoked = revokePermit({ ...aggregate, record: issued.record }, permit, postCheckActor(failed.department), failed.reasons, now);
  return { ...revoked, events: [...issued.events, ...revoked.events] };
}

const postCheckActor = (department: string) => `post-check:${department}`;

/**
 * The permit of a case whose post-check failed after approval is revoked, once, with the
 * check's reasons; null when there is nothing to revoke (no permit yet: it is revoked as it
 * is issued; or it is revoked already).
 */
export function revokeForFailedPostCheck(aggregate: CaseAggregate, permit: PermitRecord | undefined, now: Date): CaseChange | null {
  const failed = aggregate.record.postCheckFailed;
  if (!failed || !permit || permit.revoked || aggregate.record.permit?.revokedAt) return null;
  return revokePermit(aggregate, permit, postCheckActor(failed.department), failed.reasons, now);
}

/** Revoke the case's permit, with reasons, by an actor (`admin:<sub>`, `post-check:<department>`); it can be revoked once. */
export function revokePermit(
  aggregate: CaseAggregate,
  permit: PermitRecord,
  by: string,
  reasons: string[],
  now: Date,
): CaseChange & { permit: PermitRecord } {
  if (permit.revoked) throw conflict(`permit ${permit.number} was revoked at ${permit.revoked.at}`, { revokedAt: permit.revoked.at });
  const at = now.toISOString();
  return {
    record: { ...aggregate.record, permit: { number: permit.number, issuedAt: permit.document.issuedAt, revokedAt: at } },
    reviews: [],
    events: [{ at, type: 'PERMIT_REVOKED', actor: by, detail: { number: permit.number, reasons } }],
    permit: { ...permit, revoked: { at, by, reasons }, version: permit.version + 1 },
  };
}

export function permitStatus(permit: Pick<PermitRecord, 'revoked' | 'document'>, now: Date): PermitStatus {
  if (permit.revoked) return 'REVOKED';
  if (permit.document.validUntil && now.getTime() >= Date.parse(permit.document.validUntil)) return 'EXPIRED';
  return 'VALID';
}

/** Whether `signature` (base64 DER) is the key's signature over the document: what anyone can check offline. */
export function signatureHolds(document: unknown, signature: string, spki: Uint8Array): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    return verify('sha256', Buffer.from(canonical(document), 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** The digest as a QR code and `?digest=` carry it: base64url, 43 characters. */
export const digestForCopy = (permit: Pick<PermitRecord, 'digest'>) => Buffer.from(permit.digest, 'hex').toString('base64url');

/** A permit as the API shows it to anyone: who revoked it stays internal, the reasons are public. */
export function permitView(permit: PermitRecord, now: Date, apiBase: string) {
  return {
    number: permit.number,
    status: permitStatus(permit, now),
    document: permit.document,
    digest: permit.digest,
    signature: permit.signature,
    ...(permit.revoked ? { revoked: { at: permit.revoked.at, reasons: permit.revoked.reasons } } : {}),
    qr: `${apiBase}/permits/${encodeURIComponent(permit.number)}/verify?digest=${digestForCopy(permit)}`,
  };
}

/** Whether the permit as kept is genuine under the key, what its status is, and whether a copy in hand (by its digest) is it. */
export function permitVerification(permit: PermitRecord, spki: Uint8Array, keyId: string, now: Date, copyDigest?: string) {
  return {
    number: permit.number,
    genuine:
      permit.signature.keyId === keyId &&
      permit.digest === permitDigest(permit.document).toString('hex') &&
      signatureHolds(permit.document, permit.signature.value, spki),
    status: permitStatus(permit, now),
    ...(copyDigest !== undefined ? { copyMatches: copyDigest === digestForCopy(permit) } : {}),
    ...(permit.document.validUntil ? { validUntil: permit.document.validUntil } : {}),
    ...(permit.revoked ? { revoked: { at: permit.revoked.at, reasons: permit.revoked.reasons } } : {}),
    keyId,
    checkedAt: now.toISOString(),
  };
}
