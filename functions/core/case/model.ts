// A case and its reviews as plain data. Every change to them is a pure function (the other
// modules of this folder) that returns a CaseChange; the store commits it in one conditional
// transaction on the case version, so whichever writer commits first wins and the others
// re-read and learn what won.
import { notFound } from '../errors.ts';
import type { Issue } from '../intake.ts';
import type { ReviewClock } from '../clock.ts';
import type { PermitRecord } from '../permit.ts';
import { type ApplicationInput, type CaseStatus, type ReviewStatus, reviewStatuses, type Service, type TimeLimit } from '../schemas.ts';

/** What a case keeps of its service's rules, as they were when it was submitted. */
export interface CaseRules {
  correctionLimit: TimeLimit;
  correctionWindow: TimeLimit;
  redress: string;
  tacitApproval: string;
  /** How long a department deemed to approve has to file its opinion. */
  opinionLimit?: TimeLimit;
  /** How long after the outcome the applicant may rate (absent on older cases: the default). */
  ratingWindow?: TimeLimit;
  /** The legal basis and the permit settings of the service (absent on cases made before permits). */
  legalBasis?: string;
  permit?: Service['permit'];
  /** When the watchdog reminds a department: at these fractions of its limit used, and these
   * working days before it ends. */
  reminders?: Reminders;
}

export interface Reminders {
  fractionsUsed: number[];
  workingDaysLeft: number[];
}

export interface CorrectionRequest {
  department: string;
  departmentName: string;
  requested: { id: string; reason: string }[];
  comment?: string;
  at: string;
}

/** The applicant's open correction round: department requests merged into one notice. */
export interface CorrectionRound {
  openedAt: string;
  /** Requests arriving until then join the same notice. */
  collectUntil: string;
  requests: CorrectionRequest[];
  /** When the merged notice went to the applicant, and when the case lapses unanswered. */
  noticeAt?: string;
  lapseBy?: string;
}

export interface CaseRecord {
  caseId: string;
  serviceCode: string;
  serviceName: string;
  status: CaseStatus;
  outcome?: 'APPROVED' | 'REJECTED';
  applicantSub: string;
  applicant: ApplicationInput['applicant'];
  form: Record<string, unknown>;
  materials: ApplicationInput['materials'];
  submittedAt: string;
  acceptedAt?: string;
  decidedAt?: string;
  /** INCOMPLETE: every missing or invalid item. */
  missing?: Issue[];
  rules: CaseRules;
  /** Version of the calendar the due dates were computed with. */
  calendarVersion?: number;
  correction?: CorrectionRound;
  /** Watchdog points already handled for the case (re-drive, lapse warning). */
  alertsDone?: string[];
  /** The commitment the applicant signed (approval on commitment): the service's text as signed, and when. */
  commitment?: { text: string; signedAt: string };
  /** A department's post-check found the commitment not kept after the case was approved: its permit is revoked. */
  postCheckFailed?: { department: string; at: string; reasons: string[] };
  /** The applicant's ratings after the outcome: of the service (`service`) and of each department by code. */
  ratings?: { service?: Rating; departments?: Record<string, Rating> };
  /** The permit the approved case issued, and its revocation. */
  permit?: { number: string; issuedAt: string; revokedAt?: string };
  requestHash?: string; // a submission with an Idempotency-Key: SHA-256 of its request (functions/core/ids.ts)
  version: number;
}

/** A rating (1–5) with its comment; a department's answers on the record. */
export interface Rating {
  score: number;
  comment?: string;
  at: string;
  answer?: { text: string; at: string; by: string };
}

/**
 * The check after an approval on commitment, due at the review's `dueBy`: its result, or
 * that it was missed (recorded against the department; the check may still follow), or
 * closed unneeded because the case ended without a permit.
 */
export interface PostCheck {
  result?: 'PASSED' | 'FAILED';
  at?: string;
  by?: string;
  comment?: string;
  reasons?: string[];
  missedAt?: string;
  closedAt?: string;
}

export interface ReviewRecord {
  caseId: string;
  department: string;
  departmentName: string;
  status: ReviewStatus;
  timeLimit: TimeLimit;
  clock: ReviewClock;
  /** The due instant of the clock (while stopped: as it stood when it stopped). */
  dueBy: string;
  calendarVersion: number;
  decidedAt?: string;
  decidedBy?: string;
  comment?: string;
  conditions?: string[];
  requested?: { id: string; reason: string }[];
  correctionRequestedAt?: string;
  extension?: { workingDays: number; reason: string; at: string; by: string };
  /** Times the review item was written: a change to it holds it at the revision it read. */
  rev?: number;
  /** After a deemed approval: until when the department may still file its opinion, and it. */
  opinionBy?: string;
  opinion?: { comment: string; at: string; by: string };
  /** APPROVED_ON_COMMITMENT: the post-check, due at `dueBy`. */
  postCheck?: PostCheck;
  /** Watchdog points already handled for this review (reminders, escalation, safety net). */
  alertsDone?: string[];
  /** The workflow's callback task for this review: when it was armed, the instant it was
   * armed to wake for, and its token. */
  dispatchedAt?: string;
  armedFor?: string;
  taskToken?: string;
  // Copied from the case for the reviewers' work list.
  serviceCode: string;
  acceptedAt: string;
  applicantName: string;
  /** The applicant's document number masked (1101**********4514); absent on reviews made before it was copied. */
  applicantIdMasked?: string;
}

export interface TimelineEvent {
  seq: number;
  at: string;
  type: string;
  actor: string;
  department?: string;
  detail?: Record<string, unknown>;
  /** The audit chain (functions/core/audit.ts): the previous event's hash and this one's. */
  prevHash?: string;
  hash?: string;
  /** On an event of the case's own chain: where each review's chain stood then. */
  anchors?: Record<string, { seq: number; hash: string }>;
}
export type NewEvent = Omit<TimelineEvent, 'seq' | 'prevHash' | 'hash' | 'anchors'>;

export interface CaseAggregate {
  record: CaseRecord;
  reviews: ReviewRecord[];
  timeline: TimelineEvent[];
}

/** What one transaction writes: the case, the reviews that changed, the events to append, and the case's permit when it changes. */
export interface CaseChange {
  record: CaseRecord;
  reviews: ReviewRecord[];
  events: NewEvent[];
  permit?: PermitRecord;
}

export const DEADLINE_ACTOR = 'system:deadline';
export const WATCHDOG_ACTOR = 'system:watchdog';
export const WORKFLOW_ACTOR = 'system:workflow';
export const CALENDAR_ACTOR = 'system:calendar';
/** The applicant acts as "applicant": a case has one, and their account id stays internal. */
export const APPLICANT_ACTOR = 'applicant';

export const DEFAULT_CORRECTION_LIMIT: TimeLimit = { workingDays: 10 };
export const DEFAULT_CORRECTION_WINDOW: TimeLimit = { workingDays: 1 };
export const DEFAULT_OPINION_LIMIT: TimeLimit = { workingDays: 1 };
export const DEFAULT_REMINDERS: Reminders = { fractionsUsed: [0.5], workingDaysLeft: [1] };
export const DEFAULT_REDRESS =
  'If you disagree with the decision you may apply for administrative reconsideration within 60 days of receiving it, or bring an administrative lawsuit within 6 months.';
export const DEFAULT_TACIT_APPROVAL =
  'A department that has not answered by its due date is deemed to approve, and the default is recorded against it.';

/** Every review status but the two a department still has to act on. */
const SETTLED: ReadonlySet<ReviewStatus> = new Set(reviewStatuses.filter((s) => s !== 'PENDING' && s !== 'CORRECTION_REQUESTED'));
export const isSettled = (r: Pick<ReviewRecord, 'status'>) => SETTLED.has(r.status);
const FINAL: ReadonlySet<CaseStatus> = new Set(['APPROVED', 'REJECTED', 'WITHDRAWN', 'LAPSED']);
export const isFinal = (c: Pick<CaseRecord, 'status'>) => FINAL.has(c.status);

export const rulesOf = (service: Service): CaseRules => ({
  correctionLimit: service.correctionLimit ?? DEFAULT_CORRECTION_LIMIT,
  correctionWindow: service.correctionWindow ?? DEFAULT_CORRECTION_WINDOW,
  redress: service.receipt?.redress ?? DEFAULT_REDRESS,
  tacitApproval: service.receipt?.tacitApproval ?? DEFAULT_TACIT_APPROVAL,
  opinionLimit: service.opinionLimit ?? DEFAULT_OPINION_LIMIT,
  reminders: { ...DEFAULT_REMINDERS, ...service.reminders },
  ...(service.legalBasis ? { legalBasis: service.legalBasis } : {}),
  ...(service.ratingWindow ? { ratingWindow: service.ratingWindow } : {}),
  ...(service.permit ? { permit: service.permit } : {}),
});

/** A change to one review, with the event that says what happened to it. */
export function reviewChange(
  aggregate: CaseAggregate,
  review: ReviewRecord,
  event: Omit<NewEvent, 'department'>,
  record = aggregate.record,
) {
  return { change: { record, reviews: [review], events: [{ ...event, department: review.department }] }, review };
}

export function reviewOf(aggregate: CaseAggregate, department: string): ReviewRecord {
  const review = aggregate.reviews.find((r) => r.department === department);
  if (!review) throw notFound(`review by ${department} on case ${aggregate.record.caseId}`);
  return review;
}

/** A post-check still to be made: the department's duty on the case until it is. */
export const postCheckOpen = (review: Pick<ReviewRecord, 'status' | 'postCheck'>) =>
  review.status === 'APPROVED_ON_COMMITMENT' && !!review.postCheck && !review.postCheck.result && !review.postCheck.closedAt;

/** Open post-checks closed unneeded: the case ended without a permit (rejected, withdrawn, lapsed). */
export const closePostChecks = (reviews: ReviewRecord[], at: string): ReviewRecord[] =>
  reviews.filter(postCheckOpen).map((r) => ({ ...r, postCheck: { ...r.postCheck, closedAt: at } }));
