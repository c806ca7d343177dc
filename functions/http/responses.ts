// What the API answers, as zod schemas: the views of functions/core/views.ts, the services,
// calendars and statistics the handlers return, and the error envelope. The OpenAPI document
// takes every response body from here (functions/http/contract.ts), and the tests check what
// the handlers answer against them (test/unit/views.test.ts, and every response an
// integration test receives, through the document: test/support/conformance.ts). Only the
// document's generator imports it (with ./components.ts), so no other handler's bundle carries it.
import * as z from '#core/zod.ts';
import {
  applicationSchema,
  caseStatuses,
  departmentCodeSchema,
  reviewStatuses,
  serviceCodeSchema,
  serviceSchema,
  timeLimitSchema,
} from '#core/schemas.ts';

/** An instant, ISO-8601 with offset (the API writes UTC, `Z`). */
const instant = z.iso.datetime({ offset: true });
const count = z.number().check(z.int(), z.minimum(0));
const text = z.string();

export const issueSchema = z.object({ path: text, message: text });

/**
 * Every 4xx/5xx the API itself answers. `code` is one of VALIDATION_FAILED, UNAUTHENTICATED,
 * FORBIDDEN, NOT_FOUND, CONFLICT, REVIEW_ALREADY_SETTLED, IDEMPOTENCY_KEY_REUSED,
 * PRECONDITION_FAILED, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, THROTTLED, INTERNAL; a 409
 * may add what the request lost to (`settledAs`, `settledAt`, `status`, …).
 */
export const errorSchema = z.object({
  error: z.looseObject({ code: text, message: text, issues: z.optional(z.array(issueSchema)) }),
});

/** What the AWS gateway itself answers (its authorizer, its throttling, a failed integration). */
export const gatewayErrorSchema = z.object({ message: text });

export const healthSchema = z.object({ status: z.literal('ok') });

/** This document: an OpenAPI 3.1 object (its own schema is the OpenAPI specification's). */
export const openApiSchema = z.looseObject({
  openapi: text,
  info: z.looseObject({ title: text, version: text }),
  paths: z.record(text, z.unknown()),
});

/** A service as stored and served: its definition with defaults applied, its code and when it was last put. */
export const serviceViewSchema = z.safeExtend(serviceSchema, { code: serviceCodeSchema, version: count, updatedAt: z.optional(instant) });
export const serviceListSchema = z.object({ items: z.array(serviceViewSchema) });

const applicantSchema = applicationSchema.shape.applicant;
const materialSchema = applicationSchema.shape.materials.def.element;
const requestedSchema = z.object({ id: text, reason: text });

export const reviewViewSchema = z.object({
  department: departmentCodeSchema,
  departmentName: text,
  status: z.enum(reviewStatuses),
  dueBy: instant,
  timeLimit: timeLimitSchema,
  decidedAt: z.optional(instant),
  /** `reviewer:<sub>`, or `system:deadline` for a deemed approval. */
  decidedBy: z.optional(text),
  comment: z.optional(text),
  conditions: z.optional(z.array(text)),
  requested: z.optional(z.array(requestedSchema)),
  extension: z.optional(z.object({ workingDays: count, reason: text, at: instant })),
  calendarVersion: count,
  /** On a deemed approval: the department that defaulted, until when it may file its opinion, and it. */
  defaultedBy: z.optional(departmentCodeSchema),
  opinionBy: z.optional(instant),
  opinion: z.optional(z.object({ comment: text, at: instant })),
  /**
   * APPROVED_ON_COMMITMENT: the check after the approval, due at `dueBy`; `result` once made
   * (with `reasons` when FAILED), `missedAt` when it was not made in time (recorded against the
   * department), `closedAt` when the case ended without a permit.
   */
  postCheck: z.optional(
    z.object({
      result: z.optional(z.enum(['PASSED', 'FAILED'])),
      at: z.optional(instant),
      /** The reviewer who made it. */
      by: z.optional(text),
      comment: z.optional(text),
      reasons: z.optional(z.array(text)),
      missedAt: z.optional(instant),
      closedAt: z.optional(instant),
    }),
  ),
});

export const progressSchema = z.object({
  waitingFor: z.enum(['department', 'applicant']),
  clockStopped: z.boolean(),
  workingDaysLeft: z.optional(count),
});

export const timelineEventSchema = z.object({
  /** Its number in its chain: the case's own events, or its department's review events. */
  seq: count,
  at: instant,
  type: text,
  actor: text,
  department: z.optional(departmentCodeSchema),
  detail: z.optional(z.record(text, z.unknown())),
});

const correctionRoundSchema = z.object({
  openedAt: instant,
  collectUntil: instant,
  requests: z.array(
    z.object({
      department: departmentCodeSchema,
      departmentName: text,
      requested: z.array(requestedSchema),
      comment: z.optional(text),
      at: instant,
    }),
  ),
  noticeAt: z.optional(instant),
  lapseBy: z.optional(instant),
});

const ratingViewSchema = z.object({
  score: z.number().check(z.int(), z.minimum(1), z.maximum(5)),
  comment: z.optional(text),
  at: instant,
  /** The department's answer, on the record. */
  answer: z.optional(z.object({ text, at: instant })),
});
/** The applicant's ratings of a case: until when they may rate or change one, which departments they may rate, and each rating. */
export const ratingsSchema = z.object({
  rateBy: z.optional(instant),
  ratable: z.array(departmentCodeSchema),
  service: z.optional(ratingViewSchema),
  departments: z.record(departmentCodeSchema, ratingViewSchema),
});

/** What the case view and a list's summary of a case both begin with. */
const caseHead = {
  caseId: text,
  serviceCode: serviceCodeSchema,
  serviceName: text,
  status: z.enum(caseStatuses),
  outcome: z.optional(z.enum(['APPROVED', 'REJECTED'])),
  submittedAt: instant,
};

export const caseViewSchema = z.object({
  ...caseHead,
  acceptedAt: z.optional(instant),
  decidedAt: z.optional(instant),
  applicant: applicantSchema,
  form: z.record(text, z.unknown()),
  materials: z.array(materialSchema),
  missing: z.optional(z.array(issueSchema)),
  correction: z.optional(correctionRoundSchema),
  calendarVersion: z.optional(count),
  redress: text,
  tacitApproval: text,
  /** The commitment the applicant signed (approval on commitment): the text, and when. */
  commitment: z.optional(z.object({ text, signedAt: instant })),
  /** A post-check found the commitment not kept after approval: the permit is revoked for it. */
  postCheckFailed: z.optional(z.object({ department: departmentCodeSchema, at: instant, reasons: z.array(text) })),
  /** Once the case has its outcome: the applicant's ratings. */
  ratings: z.optional(ratingsSchema),
  /** The permit the approved case issued (GET /permits/{number}), and when it was revoked. */
  permit: z.optional(z.object({ number: text, issuedAt: instant, revokedAt: z.optional(instant) })),
  reviews: z.array(z.extend(reviewViewSchema, { progress: z.optional(progressSchema) })),
  timeline: z.array(timelineEventSchema),
});

/** The answer to a submission: accepted (a due date per department), or INCOMPLETE with every missing item. */
export const receiptSchema = z.union([
  z.object({
    caseId: text,
    /** APPROVED when no department's rule routed it: nothing to wait for. */
    status: z.enum(['IN_REVIEW', 'APPROVED']),
    receipt: z.object({
      serviceCode: serviceCodeSchema,
      serviceName: text,
      acceptedAt: instant,
      calendarVersion: count,
      /** `onCommitment`: approved at acceptance on the applicant's commitment; `dueBy` is then its post-check's. */
      reviews: z.array(
        z.object({ department: departmentCodeSchema, departmentName: text, dueBy: instant, onCommitment: z.optional(z.literal(true)) }),
      ),
      tacitApproval: text,
      redress: text,
    }),
  }),
  z.object({
    caseId: text,
    status: z.literal('INCOMPLETE'),
    receipt: z.object({ serviceCode: serviceCodeSchema, serviceName: text, submittedAt: instant, missing: z.array(issueSchema) }),
  }),
]);

export const caseSummarySchema = z.object({
  ...caseHead,
  decidedAt: z.optional(instant),
  applicantName: text,
  /** The applicant's document number masked: the first and last four characters. */
  applicantIdMasked: z.optional(text),
});
/** `nextCursor`, when present, reads the next page (`?cursor=`). */
export const caseListSchema = z.object({ items: z.array(caseSummarySchema), nextCursor: z.optional(text) });

export const reviewTaskSchema = z.object({
  caseId: text,
  department: departmentCodeSchema,
  serviceCode: serviceCodeSchema,
  status: z.enum(reviewStatuses),
  dueBy: instant,
  acceptedAt: instant,
  applicantName: text,
  /** The applicant's document number masked: the first and last four characters. */
  applicantIdMasked: z.optional(text),
});
export const reviewListSchema = z.object({ items: z.array(reviewTaskSchema), nextCursor: z.optional(text) });

const hash = z.string().check(z.regex(/^[0-9a-f]{64}$/));
export const auditSchema = z.object({
  caseId: text,
  verification: z.object({
    valid: z.boolean(),
    events: count,
    brokenAt: z.optional(z.object({ seq: count, department: z.optional(departmentCodeSchema), reason: text })),
    /** The last hash of the case's own chain. */
    head: z.optional(hash),
    /** The last hash of every chain: the case's (`case`) and each department's. */
    heads: z.optional(z.record(text, hash)),
  }),
  events: z.array(
    z.extend(timelineEventSchema, {
      prevHash: hash,
      hash,
      anchors: z.optional(z.record(departmentCodeSchema, z.object({ seq: count, hash }))),
    }),
  ),
});

export const calendarSchema = z.object({
  version: count,
  timeZone: text,
  officeHours: z.object({ start: text, end: text }),
  years: z.record(text, z.object({ holidays: z.array(z.iso.date()), workdays: z.array(z.iso.date()) })),
  updatedAt: z.optional(instant),
});
/** A calendar change answers the new calendar and how many open reviews' due dates it moved. */
export const calendarChangeSchema = z.extend(calendarSchema, { movedReviews: count });

export const departmentContactsSchema = z.object({
  code: departmentCodeSchema,
  name: z.optional(text),
  emails: z.array(z.email()),
  adminEmails: z.array(z.email()),
});

const workingDays = z.optional(count);
/** Ratings as published: how many, the mean, the count of each score, the low ones (1–2) and how many of those were answered. */
const ratingStatsSchema = z.object({
  count,
  mean: z.optional(z.number()),
  distribution: z.object({ '1': count, '2': count, '3': count, '4': count, '5': count }),
  low: count,
  lowAnswered: count,
  lowAnsweredShare: z.optional(z.number()),
});
export const departmentStatsSchema = z.object({
  period: text,
  items: z.array(
    z.object({
      department: departmentCodeSchema,
      period: text,
      received: count,
      decided: count,
      decidedOnTime: count,
      approved: count,
      rejected: count,
      deemedApprovals: count,
      correctionRequests: count,
      extensions: count,
      opinions: count,
      opinionsMissing: count,
      /** Approvals on commitment, and their post-checks: made (passed or failed), failed, missed. */
      commitments: count,
      postChecksDone: count,
      postChecksFailed: count,
      postChecksMissed: count,
      ratings: ratingStatsSchema,
      medianWorkingDaysToDecide: workingDays,
      p90WorkingDaysToDecide: workingDays,
    }),
  ),
});
export const serviceStatsSchema = z.object({
  period: text,
  items: z.array(
    z.object({
      serviceCode: serviceCodeSchema,
      period: text,
      cases: count,
      outcomes: z.object({ approved: count, rejected: count, lapsed: count, withdrawn: count }),
      medianWorkingDaysToOutcome: workingDays,
      ratings: ratingStatsSchema,
    }),
  ),
});

const permitStatus = z.enum(['VALID', 'REVOKED', 'EXPIRED']);

/** The signed document: what the signature covers, as canonical JSON (RFC 8785). */
export const permitDocumentSchema = z.object({
  format: z.literal('one-stop-permit/1'),
  number: text,
  caseId: text,
  title: text,
  holder: z.object({ name: text, idType: text, idNumberMasked: text }),
  service: z.object({ code: serviceCodeSchema, name: text, legalBasis: z.optional(text) }),
  authority: text,
  issuedAt: instant,
  validFrom: instant,
  validUntil: z.optional(instant),
  approvals: z.array(
    z.object({
      department: departmentCodeSchema,
      departmentName: text,
      decision: z.enum(['APPROVED', 'DEEMED_APPROVED', 'APPROVED_ON_COMMITMENT']),
      at: instant,
      conditions: z.optional(z.array(text)),
      /** On an approval on commitment: when the department's check is due. */
      postCheckBy: z.optional(instant),
    }),
  ),
  /** The certificate of tacit approval: each department deemed to approve, with its due time. */
  tacitApprovals: z.array(z.object({ department: departmentCodeSchema, departmentName: text, dueBy: instant, statement: text })),
  /** Granted on the holder's commitment: the text signed, and when. */
  commitment: z.optional(z.object({ text, signedAt: instant })),
});

const revokedSchema = z.object({ at: instant, reasons: z.array(text) });

export const permitViewSchema = z.object({
  number: text,
  status: permitStatus,
  document: permitDocumentSchema,
  /** SHA-256 of the document's canonical JSON, hex. */
  digest: hash,
  signature: z.object({ algorithm: z.literal('ECDSA_SHA_256'), keyId: text, value: text }),
  revoked: z.optional(revokedSchema),
  /** What a printed permit's QR code holds: the address that verifies it, with the copy's digest. */
  qr: text,
});

export const permitVerificationSchema = z.object({
  number: text,
  /** The signature over the permit as kept holds under the signing key. */
  genuine: z.boolean(),
  status: permitStatus,
  /** With `?digest=`: whether the copy in hand is this permit as issued. */
  copyMatches: z.optional(z.boolean()),
  validUntil: z.optional(instant),
  revoked: z.optional(revokedSchema),
  keyId: text,
  checkedAt: instant,
});

export const permitKeySchema = z.object({
  keyId: text,
  algorithm: z.literal('ECDSA_SHA_256'),
  curve: z.literal('P-256'),
  /** SubjectPublicKeyInfo, PEM. */
  publicKeyPem: text,
  canonicalization: text,
});
