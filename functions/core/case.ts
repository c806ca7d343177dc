// A case and its reviews as plain data, and every change to them as a pure function.
// A change is committed by the store in one conditional transaction on the case version,
// so whichever writer commits first wins and the others re-read and learn what won.
import { dueInstant, waitSeconds } from './clock.ts';
import { alreadySettled, conflict, notFound } from './errors.ts';
import { routeDepartments } from './routing.ts';
import type { ApplicationInput, CaseStatus, DecisionInput, ReviewStatus, Service, TimeLimit } from './schemas.ts';

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
  version: number;
}

export interface ReviewRecord {
  caseId: string;
  department: string;
  departmentName: string;
  status: ReviewStatus;
  timeLimit: TimeLimit;
  dueBy: string;
  decidedAt?: string;
  decidedBy?: string;
  comment?: string;
  conditions?: string[];
  requested?: { id: string; reason: string }[];
  /** When the workflow last armed this review's callback task, and that task's token. */
  dispatchedAt?: string;
  taskToken?: string;
  // Copied from the case for the reviewers' work list.
  serviceCode: string;
  acceptedAt: string;
  applicantName: string;
}

export interface TimelineEvent {
  seq: number;
  at: string;
  type: string;
  actor: string;
  department?: string;
  detail?: Record<string, unknown>;
}
export type NewEvent = Omit<TimelineEvent, 'seq'>;

export interface CaseAggregate {
  record: CaseRecord;
  reviews: ReviewRecord[];
  timeline: TimelineEvent[];
}

/** What one transaction writes: the case, the reviews that changed, the events to append. */
export interface CaseChange {
  record: CaseRecord;
  reviews: ReviewRecord[];
  events: NewEvent[];
}

export const DEADLINE_ACTOR = 'system:deadline';
export const WORKFLOW_ACTOR = 'system:workflow';
/** The applicant acts as "applicant": a case has one, and their account id stays internal. */
export const APPLICANT_ACTOR = 'applicant';

const SETTLED: ReadonlySet<ReviewStatus> = new Set(['APPROVED', 'REJECTED', 'DEEMED_APPROVED', 'WITHDRAWN']);
export const isSettled = (r: Pick<ReviewRecord, 'status'>) => SETTLED.has(r.status);
const FINAL: ReadonlySet<CaseStatus> = new Set(['APPROVED', 'REJECTED', 'WITHDRAWN', 'LAPSED']);
export const isFinal = (c: Pick<CaseRecord, 'status'>) => FINAL.has(c.status);

export function openCase(args: {
  caseId: string;
  service: Service;
  input: ApplicationInput;
  applicantSub: string;
  now: Date;
}): CaseChange {
  const { caseId, service, input, applicantSub, now } = args;
  const at = now.toISOString();
  const record: CaseRecord = {
    caseId,
    serviceCode: service.code,
    serviceName: service.name,
    status: 'IN_REVIEW',
    applicantSub,
    applicant: input.applicant,
    form: input.form,
    materials: input.materials,
    submittedAt: at,
    acceptedAt: at,
    version: 0,
  };
  const reviews = routeDepartments(service, input.form).map(
    (d): ReviewRecord => ({
      caseId,
      department: d.code,
      departmentName: d.name,
      status: 'PENDING',
      timeLimit: d.timeLimit,
      dueBy: dueInstant(d.timeLimit, now).toISOString(),
      serviceCode: service.code,
      acceptedAt: at,
      applicantName: input.applicant.name,
    }),
  );
  return {
    record,
    reviews,
    events: [
      { at, type: 'SUBMITTED', actor: APPLICANT_ACTOR, detail: { serviceCode: service.code } },
      {
        at,
        type: 'ACCEPTED',
        actor: WORKFLOW_ACTOR,
        detail: { departments: reviews.map((r) => ({ department: r.department, dueBy: r.dueBy })) },
      },
    ],
  };
}

function reviewOf(agg: CaseAggregate, department: string): ReviewRecord {
  const review = agg.reviews.find((r) => r.department === department);
  if (!review) throw notFound(`review by ${department} on case ${agg.record.caseId}`);
  return review;
}

/** The outcome once every review is settled: any rejection rejects, else approved. */
export function outcomeOf(reviews: Pick<ReviewRecord, 'status'>[]): 'APPROVED' | 'REJECTED' | undefined {
  if (reviews.some((r) => !isSettled(r))) return undefined;
  return reviews.some((r) => r.status === 'REJECTED') ? 'REJECTED' : 'APPROVED';
}

function settle(
  agg: CaseAggregate,
  department: string,
  settled: Pick<ReviewRecord, 'status' | 'decidedBy' | 'comment' | 'conditions'>,
  event: Omit<NewEvent, 'department'>,
  now: Date,
): { change: CaseChange; review: ReviewRecord } {
  const current = reviewOf(agg, department);
  if (isSettled(current)) throw alreadySettled(department, current.status, current.decidedAt);
  if (agg.record.status !== 'IN_REVIEW')
    throw alreadySettled(department, agg.record.status, agg.record.decidedAt ?? agg.timeline.at(-1)?.at);
  const review: ReviewRecord = { ...current, ...settled, decidedAt: now.toISOString() };
  return { change: { record: agg.record, reviews: [review], events: [{ ...event, department }] }, review };
}

export function decideReview(
  agg: CaseAggregate,
  department: string,
  decision: DecisionInput,
  reviewer: string,
  now: Date,
): { change: CaseChange; review: ReviewRecord } {
  if (decision.decision === 'REQUEST_CORRECTION')
    throw conflict('correction requests are not accepted yet: approve or reject');
  const status = decision.decision === 'APPROVE' ? 'APPROVED' : 'REJECTED';
  return settle(
    agg,
    department,
    { status, decidedBy: reviewer, comment: decision.comment, conditions: decision.conditions },
    {
      at: now.toISOString(),
      type: `REVIEW_${status}`,
      actor: `reviewer:${reviewer}`,
      detail: { comment: decision.comment, conditions: decision.conditions },
    },
    now,
  );
}

export type DeadlineResult =
  | { kind: 'settled'; change: CaseChange; review: ReviewRecord }
  | { kind: 'already'; review: ReviewRecord }
  | { kind: 'notDue'; waitSeconds: number };

/**
 * The deadline of a review was reached, as far as a timer knows. The table decides:
 * a review settled meanwhile stays as it is; a due instant that moved is waited for again;
 * otherwise the silent department is deemed to approve, and that is recorded against it.
 */
export function settleByDeadline(agg: CaseAggregate, department: string, now: Date): DeadlineResult {
  const review = reviewOf(agg, department);
  if (isSettled(review) || isFinal(agg.record)) return { kind: 'already', review };
  if (Date.parse(review.dueBy) > now.getTime()) return { kind: 'notDue', waitSeconds: waitSeconds(review.dueBy, now) };
  const at = now.toISOString();
  const { change, review: settled } = settle(
    agg,
    department,
    { status: 'DEEMED_APPROVED', decidedBy: DEADLINE_ACTOR },
    {
      at,
      type: 'REVIEW_DEEMED_APPROVED',
      actor: DEADLINE_ACTOR,
      detail: { defaultedBy: department, dueBy: review.dueBy, settledAt: at },
    },
    now,
  );
  return { kind: 'settled', change, review: settled };
}

/**
 * The workflow armed a callback task for a review. The newest arming wins: a redelivered
 * message of an earlier arming never replaces a later task token. The first arming is on
 * the timeline.
 */
export function recordDispatch(
  agg: CaseAggregate,
  department: string,
  taskToken: string,
  dispatchedAt: string,
  now: Date,
): { change: CaseChange | null; review: ReviewRecord } {
  const current = reviewOf(agg, department);
  if (current.dispatchedAt && Date.parse(current.dispatchedAt) > Date.parse(dispatchedAt)) return { change: null, review: current };
  if (current.taskToken === taskToken) return { change: null, review: current };
  const review = { ...current, taskToken, dispatchedAt };
  const events: NewEvent[] = current.dispatchedAt
    ? []
    : [{ at: now.toISOString(), type: 'REVIEW_DISPATCHED', actor: WORKFLOW_ACTOR, department, detail: { dueBy: current.dueBy } }];
  return { change: { record: agg.record, reviews: [review], events }, review };
}

/** Every review settled: the case gets its outcome. Null when there is nothing to do. */
export function concludeCase(agg: CaseAggregate, now: Date): CaseChange | null {
  if (agg.record.status !== 'IN_REVIEW') return null;
  const outcome = outcomeOf(agg.reviews);
  if (!outcome) return null;
  const at = now.toISOString();
  const conditions = agg.reviews
    .filter((r) => r.conditions?.length)
    .map((r) => ({ department: r.department, conditions: r.conditions }));
  const rejectedBy = agg.reviews.filter((r) => r.status === 'REJECTED').map((r) => r.department);
  return {
    record: { ...agg.record, status: outcome, outcome, decidedAt: at },
    reviews: [],
    events: [
      {
        at,
        type: `CASE_${outcome}`,
        actor: WORKFLOW_ACTOR,
        detail: outcome === 'REJECTED' ? { rejectedBy } : conditions.length ? { conditions } : undefined,
      },
    ],
  };
}

export function withdrawCase(agg: CaseAggregate, now: Date): CaseChange {
  if (isFinal(agg.record)) throw conflict(`the case is already ${agg.record.status}`, { status: agg.record.status });
  const at = now.toISOString();
  return {
    record: { ...agg.record, status: 'WITHDRAWN', decidedAt: at },
    reviews: agg.reviews
      .filter((r) => !isSettled(r))
      .map((r) => ({ ...r, status: 'WITHDRAWN' as const, decidedAt: at, decidedBy: APPLICANT_ACTOR })),
    events: [{ at, type: 'CASE_WITHDRAWN', actor: APPLICANT_ACTOR }],
  };
}

/** The reviews the workflow waits on, each with how long to wait for it. */
export function reviewPlan(agg: CaseAggregate, now: Date) {
  return agg.reviews.map((r) => ({ caseId: r.caseId, department: r.department, timeoutSeconds: waitSeconds(r.dueBy, now) }));
}
