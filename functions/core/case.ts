// A case and its reviews as plain data, and every change to them as a pure function.
// A change is committed by the store in one conditional transaction on the case version,
// so whichever writer commits first wins and the others re-read and learn what won.
import type { Calendar } from './calendar.ts';
import { workingDaysLeft } from './calendar.ts';
import { clockDue, dueInstant, extendClock, restartClock, startClock, stopClock, waitSeconds, type ReviewClock } from './clock.ts';
import { alreadySettled, conflict, DomainError, notFound } from './errors.ts';
import { checkApplication, type Issue } from './intake.ts';
import { routeDepartments } from './routing.ts';
import type {
  ApplicationInput,
  CaseStatus,
  CorrectionInput,
  DecisionInput,
  ExtensionInput,
  ReviewStatus,
  Service,
  TimeLimit,
} from './schemas.ts';

/** What a case keeps of its service's rules, as they were when it was submitted. */
export interface CaseRules {
  correctionLimit: TimeLimit;
  correctionWindow: TimeLimit;
  redress: string;
  tacitApproval: string;
  /** How long a department deemed to approve has to file its opinion. */
  opinionLimit?: TimeLimit;
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
  requestHash?: string; // a submission with an Idempotency-Key: SHA-256 of its request (functions/core/ids.ts)
  version: number;
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

/** What one transaction writes: the case, the reviews that changed, the events to append. */
export interface CaseChange {
  record: CaseRecord;
  reviews: ReviewRecord[];
  events: NewEvent[];
}

export const DEADLINE_ACTOR = 'system:deadline';
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

const SETTLED: ReadonlySet<ReviewStatus> = new Set(['APPROVED', 'REJECTED', 'DEEMED_APPROVED', 'CLOSED', 'WITHDRAWN', 'LAPSED']);
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
});

// ------------------------------------------------------------------ intake

/** Accept a complete application: route it and start every department's clock. */
function accept(record: CaseRecord, service: Service, now: Date, cal: Calendar): CaseChange {
  const at = now.toISOString();
  const accepted: CaseRecord = { ...record, status: 'IN_REVIEW', acceptedAt: at, missing: undefined, calendarVersion: cal.version };
  const reviews = routeDepartments(service, record.form).map((d): ReviewRecord => {
    const clock = startClock(d.timeLimit, now);
    return {
      caseId: record.caseId,
      department: d.code,
      departmentName: d.name,
      status: 'PENDING',
      timeLimit: d.timeLimit,
      clock,
      dueBy: clockDue(clock, cal).toISOString(),
      calendarVersion: cal.version,
      serviceCode: service.code,
      acceptedAt: at,
      applicantName: record.applicant.name,
    };
  });
  return {
    record: accepted,
    reviews,
    events: [
      {
        at,
        type: 'ACCEPTED',
        actor: WORKFLOW_ACTOR,
        detail: {
          calendarVersion: cal.version,
          departments: reviews.map((r) => ({ department: r.department, dueBy: r.dueBy })),
        },
      },
    ],
  };
}

/** A submission: accepted when complete, else kept INCOMPLETE with every missing item. */
export function submitCase(args: {
  caseId: string;
  service: Service;
  input: ApplicationInput;
  applicantSub: string;
  now: Date;
  calendar: Calendar;
}): CaseChange {
  const { caseId, service, input, applicantSub, now, calendar } = args;
  const at = now.toISOString();
  const record: CaseRecord = {
    caseId,
    serviceCode: service.code,
    serviceName: service.name,
    status: 'INCOMPLETE',
    applicantSub,
    applicant: input.applicant,
    form: input.form,
    materials: input.materials,
    submittedAt: at,
    rules: rulesOf(service),
    version: 0,
  };
  return checkIn(record, service, { at, type: 'SUBMITTED', actor: APPLICANT_ACTOR, detail: { serviceCode: service.code } }, now, calendar);
}

/** After `lead` (a submission or a correction): accepted if complete, else INCOMPLETE with every missing item. */
function checkIn(record: CaseRecord, service: Service, lead: NewEvent, now: Date, cal: Calendar): CaseChange {
  const missing = checkApplication(service, record);
  if (missing.length)
    return {
      record: { ...record, missing },
      reviews: [],
      events: [lead, { at: lead.at, type: 'INCOMPLETE', actor: WORKFLOW_ACTOR, detail: { missing } }],
    };
  const accepted = accept(record, service, now, cal);
  // no department routed: nothing to wait for, the outcome is known at acceptance
  const concluded = withOutcome({ record, reviews: [], timeline: [] }, accepted, now);
  return { ...concluded, events: [lead, ...concluded.events] };
}

function patched(record: CaseRecord, patch: CorrectionInput): Pick<CaseRecord, 'form' | 'materials'> {
  const materials = new Map(record.materials.map((m) => [m.id, m]));
  for (const m of patch.materials ?? []) materials.set(m.id, m);
  return { form: { ...record.form, ...patch.form }, materials: [...materials.values()] };
}

/**
 * The applicant's correction. An INCOMPLETE case is checked again and accepted once
 * complete. A case in review answers its open correction round: the form must stay
 * complete, and every stopped clock restarts where it stopped.
 */
export function correctCase(agg: CaseAggregate, service: Service, patch: CorrectionInput, now: Date, cal: Calendar): CaseChange {
  const at = now.toISOString();
  const changed = { ...agg.record, ...patched(agg.record, patch) };
  const corrected: NewEvent = {
    at,
    type: 'CORRECTED',
    actor: APPLICANT_ACTOR,
    detail: { fields: Object.keys(patch.form ?? {}), materials: (patch.materials ?? []).map((m) => m.id) },
  };
  if (agg.record.status === 'INCOMPLETE') return checkIn(changed, service, corrected, now, cal);
  if (agg.record.status !== 'IN_REVIEW' || !agg.record.correction)
    throw conflict('nothing to correct: no department has asked for a correction', { status: agg.record.status });
  const missing = checkApplication(service, changed);
  if (missing.length) throw new DomainError('VALIDATION_FAILED', 'the corrected application is not complete', { issues: missing });
  const reviews = agg.reviews
    .filter((r) => r.status === 'CORRECTION_REQUESTED')
    .map((r): ReviewRecord => {
      const clock = restartClock(r.clock, now);
      return { ...r, status: 'PENDING', clock, dueBy: clockDue(clock, cal).toISOString(), calendarVersion: cal.version };
    });
  return {
    record: { ...changed, correction: undefined },
    reviews,
    events: [
      {
        ...corrected,
        detail: {
          ...corrected.detail,
          restarted: reviews.map((r) => ({ department: r.department, dueBy: r.dueBy })),
        },
      },
    ],
  };
}

// ------------------------------------------------------------------ reviews

/** A change to one review, with the event that says what happened to it. */
function reviewChange(agg: CaseAggregate, review: ReviewRecord, event: Omit<NewEvent, 'department'>, record = agg.record) {
  return { change: { record, reviews: [review], events: [{ ...event, department: review.department }] }, review };
}

function reviewOf(agg: CaseAggregate, department: string): ReviewRecord {
  const review = agg.reviews.find((r) => r.department === department);
  if (!review) throw notFound(`review by ${department} on case ${agg.record.caseId}`);
  return review;
}

/** The outcome as soon as it is known: any rejection rejects at once, else approved once every review is settled. */
export function outcomeOf(reviews: Pick<ReviewRecord, 'status'>[]): 'APPROVED' | 'REJECTED' | undefined {
  if (reviews.some((r) => r.status === 'REJECTED')) return 'REJECTED';
  return reviews.some((r) => !isSettled(r)) ? undefined : 'APPROVED';
}

function requireOpen(agg: CaseAggregate, review: ReviewRecord): void {
  if (isSettled(review)) throw alreadySettled(review.department, review.status, review.decidedAt);
  if (agg.record.status !== 'IN_REVIEW')
    throw alreadySettled(review.department, agg.record.status, agg.record.decidedAt ?? agg.timeline.at(-1)?.at);
}

const isDue = (review: ReviewRecord, now: Date) => review.status === 'PENDING' && Date.parse(review.dueBy) <= now.getTime();

export function deemApproved(
  agg: CaseAggregate,
  review: ReviewRecord,
  now: Date,
  cal: Calendar,
  extra: Record<string, unknown> = {},
): { change: CaseChange; review: ReviewRecord } {
  const at = now.toISOString();
  const opinionBy = dueInstant(agg.record.rules.opinionLimit ?? DEFAULT_OPINION_LIMIT, now, cal).toISOString();
  const settled: ReviewRecord = { ...review, status: 'DEEMED_APPROVED', decidedBy: DEADLINE_ACTOR, decidedAt: at, opinionBy };
  return reviewChange(agg, settled, {
    at,
    type: 'REVIEW_DEEMED_APPROVED',
    actor: DEADLINE_ACTOR,
    detail: { defaultedBy: review.department, dueBy: review.dueBy, settledAt: at, opinionBy, ...extra },
  });
}

/**
 * What a department's action does. A review whose due time has passed cannot be acted on
 * any more: the action settles it as deemed approved (the silence came first) and reports
 * that, so the outcome never depends on how fast a timer fired.
 */
export type ReviewAction =
  | { kind: 'done'; change: CaseChange; review: ReviewRecord }
  | { kind: 'late'; change: CaseChange; review: ReviewRecord };

function act(
  agg: CaseAggregate,
  department: string,
  now: Date,
  cal: Calendar,
  apply: (review: ReviewRecord) => { change: CaseChange; review: ReviewRecord },
): ReviewAction {
  const review = reviewOf(agg, department);
  requireOpen(agg, review);
  if (isDue(review, now)) {
    const late = settleDue(agg, review, now, cal);
    return { kind: 'late', ...late };
  }
  const done = apply(review);
  return { kind: 'done', change: withOutcome(agg, done.change, now), review: done.review };
}

/**
 * A review whose due time has passed is deemed to approve, with the outcome when that
 * settles the case. Each review is settled on its own: settlements of different reviews
 * do not contend, so reviews falling due at one instant settle side by side, each by its
 * own timer (the watchdog's safety net settles all it finds overdue in one change).
 */
function settleDue(agg: CaseAggregate, review: ReviewRecord, now: Date, cal: Calendar): { change: CaseChange; review: ReviewRecord } {
  const deemed = deemApproved(agg, review, now, cal);
  return { change: withOutcome(agg, deemed.change, now), review: deemed.review };
}

export function decideReview(
  agg: CaseAggregate,
  department: string,
  decision: DecisionInput,
  reviewer: string,
  now: Date,
  cal: Calendar,
): ReviewAction {
  if (decision.decision === 'REQUEST_CORRECTION') return requestCorrection(agg, department, decision, reviewer, now, cal);
  return act(agg, department, now, cal, (review) => {
    if (review.status !== 'PENDING')
      throw conflict(`the ${department} review waits for the applicant's correction`, { status: review.status });
    const status = decision.decision === 'APPROVE' ? 'APPROVED' : 'REJECTED';
    const at = now.toISOString();
    const settled: ReviewRecord = {
      ...review,
      status,
      decidedBy: reviewer,
      decidedAt: at,
      comment: decision.comment,
      conditions: decision.conditions,
    };
    return reviewChange(agg, settled, {
      at,
      type: `REVIEW_${status}`,
      actor: `reviewer:${reviewer}`,
      detail: { comment: decision.comment, conditions: decision.conditions },
    });
  });
}

/**
 * A department asks the applicant for a correction: its clock stops (once per case), and
 * the request joins the case's open round, or opens one with a collection window.
 */
function requestCorrection(
  agg: CaseAggregate,
  department: string,
  decision: DecisionInput,
  reviewer: string,
  now: Date,
  cal: Calendar,
): ReviewAction {
  return act(agg, department, now, cal, (review) => {
    if (review.correctionRequestedAt)
      throw conflict(`${department} has already stopped its clock once on this case`, {
        correctionRequestedAt: review.correctionRequestedAt,
      });
    const at = now.toISOString();
    const requested = decision.requested ?? [];
    const stopped: ReviewRecord = {
      ...review,
      status: 'CORRECTION_REQUESTED',
      clock: stopClock(review.clock, now, cal),
      requested,
      comment: decision.comment,
      correctionRequestedAt: at,
    };
    const request: CorrectionRequest = { department, departmentName: review.departmentName, requested, comment: decision.comment, at };
    const window = () => dueInstant(agg.record.rules.correctionWindow, now, cal).toISOString();
    const open = agg.record.correction;
    // A request after the notice went out opens a new collection window: the applicant gets
    // a new notice with every request, and a new limit from it.
    const round: CorrectionRound = !open
      ? { openedAt: at, collectUntil: window(), requests: [request] }
      : open.noticeAt
        ? { openedAt: open.openedAt, collectUntil: window(), requests: [...open.requests, request] }
        : { ...open, requests: [...open.requests, request] };
    return reviewChange(
      agg,
      stopped,
      {
        at,
        type: 'REVIEW_CORRECTION_REQUESTED',
        actor: `reviewer:${reviewer}`,
        detail: { requested, comment: decision.comment, clockStopped: true, collectUntil: round.collectUntil },
      },
      { ...agg.record, correction: round },
    );
  });
}

/** A department extends its limit, once and before it expires, giving reasons. */
export function extendReview(
  agg: CaseAggregate,
  department: string,
  input: ExtensionInput,
  reviewer: string,
  now: Date,
  cal: Calendar,
): ReviewAction {
  return act(agg, department, now, cal, (review) => {
    if (review.extension) throw conflict(`${department} has already extended its limit on this case`, { extension: review.extension });
    const at = now.toISOString();
    const clock = extendClock(review.clock, input.workingDays);
    const dueBy = clockDue(clock, cal).toISOString();
    const extended: ReviewRecord = {
      ...review,
      clock,
      dueBy,
      calendarVersion: cal.version,
      extension: { workingDays: input.workingDays, reason: input.reason, at, by: reviewer },
    };
    return reviewChange(agg, extended, {
      at,
      type: 'REVIEW_EXTENDED',
      actor: `reviewer:${reviewer}`,
      detail: { workingDays: input.workingDays, reason: input.reason, from: review.dueBy, dueBy },
    });
  });
}

// ------------------------------------------------------------------ deadlines

/** When the workflow must next look at a review: its due time, or its correction round's. */
export function wakeAt(record: CaseRecord, review: ReviewRecord): string | undefined {
  if (isSettled(review) || isFinal(record)) return undefined;
  if (review.status === 'PENDING') return review.dueBy;
  const round = record.correction;
  if (!round) return review.dueBy;
  return round.lapseBy ?? round.collectUntil;
}

export type DeadlineResult =
  | { kind: 'settled'; change: CaseChange; review: ReviewRecord }
  | { kind: 'lapsed'; change: CaseChange; review: ReviewRecord }
  | { kind: 'already'; review: ReviewRecord }
  | { kind: 'notDue'; waitSeconds: number; change: CaseChange | null };

/**
 * A timer says a review's time is up. The table decides: a review settled meanwhile stays
 * as it is; one whose time moved is waited for again; a silent department is deemed to
 * approve; a correction round whose window closed sends its merged notice; one the
 * applicant left unanswered past its limit lapses the case.
 */
export function settleByDeadline(agg: CaseAggregate, department: string, now: Date, cal: Calendar): DeadlineResult {
  const review = reviewOf(agg, department);
  const wake = wakeAt(agg.record, review);
  if (!wake) return { kind: 'already', review };
  if (Date.parse(wake) > now.getTime()) return { kind: 'notDue', waitSeconds: waitSeconds(wake, now), change: null };
  if (review.status === 'PENDING') {
    return { kind: 'settled', ...settleDue(agg, review, now, cal) };
  }
  const round = agg.record.correction;
  if (!round) return { kind: 'already', review };
  const at = now.toISOString();
  if (!round.noticeAt) {
    const lapseBy = dueInstant(agg.record.rules.correctionLimit, now, cal).toISOString();
    const sent: CorrectionRound = { ...round, noticeAt: at, lapseBy };
    return {
      kind: 'notDue',
      waitSeconds: waitSeconds(lapseBy, now),
      change: {
        record: { ...agg.record, correction: sent },
        reviews: [],
        events: [
          {
            at,
            type: 'CORRECTION_NOTICE',
            actor: WORKFLOW_ACTOR,
            detail: { requests: round.requests, lapseBy },
          },
        ],
      },
    };
  }
  const change = lapseCase(agg, round, now);
  return { kind: 'lapsed', change, review: change.reviews.find((r) => r.department === department)! };
}

function lapseCase(agg: CaseAggregate, round: CorrectionRound, now: Date): CaseChange {
  const at = now.toISOString();
  return {
    record: { ...agg.record, status: 'LAPSED', decidedAt: at },
    reviews: agg.reviews
      .filter((r) => !isSettled(r))
      .map((r): ReviewRecord => ({ ...r, status: 'LAPSED', decidedAt: at, decidedBy: DEADLINE_ACTOR })),
    events: [
      {
        at,
        type: 'CASE_LAPSED',
        actor: DEADLINE_ACTOR,
        detail: {
          reason: 'the applicant did not answer the correction request within its limit',
          noticeAt: round.noticeAt,
          lapseBy: round.lapseBy,
        },
      },
    ],
  };
}

/**
 * The lapse of a case whose correction limit has passed, if it has: a correction arriving
 * after it lapses the case instead (the silence came first), as a timer would have.
 */
export function lapseIfDue(agg: CaseAggregate, now: Date): CaseChange | null {
  const round = agg.record.correction;
  if (agg.record.status !== 'IN_REVIEW' || !round?.lapseBy || Date.parse(round.lapseBy) > now.getTime()) return null;
  return lapseCase(agg, round, now);
}

/** A new calendar: due dates of running clocks computed with an older one move. */
export function applyCalendar(agg: CaseAggregate, cal: Calendar, now: Date): CaseChange | null {
  if (agg.record.status !== 'IN_REVIEW') return null;
  const at = now.toISOString();
  const moved = agg.reviews
    .filter((r) => r.status === 'PENDING' && r.calendarVersion !== cal.version && 'workingDays' in r.timeLimit)
    .map((r) => ({ before: r, after: { ...r, dueBy: clockDue(r.clock, cal).toISOString(), calendarVersion: cal.version } }))
    .filter(({ before, after }) => before.dueBy !== after.dueBy);
  if (!moved.length) return null;
  return {
    record: agg.record,
    reviews: moved.map((m) => m.after),
    events: moved.map(({ before, after }) => ({
      at,
      type: 'DUE_DATE_MOVED',
      actor: CALENDAR_ACTOR,
      department: after.department,
      detail: { from: before.dueBy, dueBy: after.dueBy, calendarVersion: cal.version },
    })),
  };
}

// ------------------------------------------------------------------ workflow

/** A callback task the workflow armed for a review: its token, when it was entered, and the instant its timeout ends. */
export interface ArmedTask {
  taskToken: string;
  dispatchedAt: string;
  armedFor: string;
}

/**
 * The workflow armed a callback task for a review. The newest arming wins: a retried or
 * redelivered dispatch of an earlier arming never replaces a later task token. Null when
 * there is nothing to record. (The store applies the same rule in one conditional update
 * of the review item.)
 */
export function recordDispatch(review: ReviewRecord, task: ArmedTask): ReviewRecord | null {
  if (review.dispatchedAt && Date.parse(review.dispatchedAt) > Date.parse(task.dispatchedAt)) return null;
  if (review.taskToken === task.taskToken) return null;
  return { ...review, ...task };
}

/**
 * What a freshly armed task must do now: complete at once (its review is already settled,
 * e.g. a re-run of the workflow), be re-armed (its timeout ends later than the review must
 * be looked at, e.g. an execution restarted from its input), or wait.
 */
export function dispatchAction(record: CaseRecord | undefined, review: ReviewRecord, now: Date): 'complete' | 'rearm' | 'wait' {
  if (isSettled(review) || (record && isFinal(record))) return 'complete';
  return armedTooLate(record ? wakeAt(record, review) : review.dueBy, review.armedFor, now) ? 'rearm' : 'wait';
}

/**
 * A task's timeout is whole seconds (at least one) from when its state was entered, so it
 * ends up to a second after the instant it waits for, plus the moments between planning and
 * arming. It is re-armed only when that would wake it more than this margin earlier: never
 * when it is already as early as a new task could be (the review is due, or nearly).
 */
export const REARM_MARGIN_MS = 2_000;
const armedTooLate = (wake: string | undefined, armedFor: string | undefined, now: Date) => {
  if (!wake || !armedFor) return false;
  const earliest = Math.max(Date.parse(wake), now.getTime() + 1_000);
  return Date.parse(armedFor) - earliest > REARM_MARGIN_MS;
};

/**
 * Reviews whose waiting task was armed for a later instant than the review now needs: the
 * workflow must be woken to wait again for the earlier one.
 */
export function tasksToRearm(after: CaseAggregate, now: Date): ReviewRecord[] {
  return after.reviews.filter((r) => r.taskToken && armedTooLate(wakeAt(after.record, r), r.armedFor, now));
}

/**
 * The outcome, as soon as it is known: any rejection rejects the case at once (most severe
 * wins), and the reviews still open are CLOSED: no longer needed, no default recorded;
 * otherwise, once every review is settled, the case is approved with every condition.
 * Null when there is nothing to do.
 */
export function concludeCase(agg: CaseAggregate, now: Date): CaseChange | null {
  const outcome = outcomeOf(agg.reviews);
  if (agg.record.status !== 'IN_REVIEW' || !outcome) return null;
  const rejectedBy = agg.reviews.filter((r) => r.status === 'REJECTED').map((r) => r.department);
  const open = agg.reviews.filter((r) => !isSettled(r));
  const at = now.toISOString();
  const closed = open.map((r): ReviewRecord => ({ ...r, status: 'CLOSED', decidedAt: at, decidedBy: WORKFLOW_ACTOR }));
  const conditions = agg.reviews.filter((r) => r.conditions?.length).map((r) => ({ department: r.department, conditions: r.conditions }));
  return {
    record: { ...agg.record, status: outcome, outcome, decidedAt: at },
    reviews: closed,
    events: [
      {
        at,
        type: `CASE_${outcome}`,
        actor: WORKFLOW_ACTOR,
        detail:
          outcome === 'REJECTED'
            ? { rejectedBy, ...(closed.length ? { closed: closed.map((r) => r.department) } : {}) }
            : conditions.length
              ? { conditions }
              : undefined,
      },
    ],
  };
}

/**
 * A change with the case's outcome folded in when the change makes it known: the
 * settlement that decides the case concludes it in the same transaction.
 */
export function withOutcome(agg: CaseAggregate, change: CaseChange, now: Date): CaseChange {
  const changed = new Map(change.reviews.map((r) => [r.department, r]));
  const reviews = [
    ...agg.reviews.map((r) => changed.get(r.department) ?? r),
    ...change.reviews.filter((r) => !agg.reviews.some((a) => a.department === r.department)),
  ];
  const conclusion = concludeCase({ record: change.record, reviews, timeline: agg.timeline }, now);
  if (!conclusion) return change;
  for (const r of conclusion.reviews) changed.set(r.department, r);
  return { record: conclusion.record, reviews: [...changed.values()], events: [...change.events, ...conclusion.events] };
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

/** The reviews the workflow waits on, each with the instant to wake for and the wait. */
export function reviewPlan(agg: CaseAggregate, now: Date) {
  return agg.reviews.map((r) => {
    const wake = wakeAt(agg.record, r) ?? now.toISOString();
    return { caseId: r.caseId, department: r.department, armedFor: wake, timeoutSeconds: waitSeconds(wake, now) };
  });
}

/** Working days left on a review's clock, and whose move it is (for the applicant's view). */
export function reviewProgress(record: CaseRecord, review: ReviewRecord, now: Date, cal: Calendar) {
  if (isSettled(review) || isFinal(record)) return undefined;
  if (review.status === 'CORRECTION_REQUESTED') return { waitingFor: 'applicant' as const, clockStopped: true };
  return {
    waitingFor: 'department' as const,
    clockStopped: false,
    workingDaysLeft: workingDaysLeft(now, new Date(review.dueBy), cal),
  };
}

/** A department deemed to approve files its opinion afterwards: on the timeline, the outcome unchanged. */
export function fileOpinion(
  agg: CaseAggregate,
  department: string,
  comment: string,
  reviewer: string,
  now: Date,
): { change: CaseChange; review: ReviewRecord } {
  const review = reviewOf(agg, department);
  if (review.status !== 'DEEMED_APPROVED' || !review.opinionBy)
    throw conflict(`an opinion follows a deemed approval; the ${department} review is ${review.status}`, { status: review.status });
  if (review.opinion) throw conflict(`${department} has already filed its opinion`, { opinion: review.opinion });
  if (Date.parse(review.opinionBy) < now.getTime())
    throw conflict(`the time for ${department}'s opinion ended at ${review.opinionBy}`, { opinionBy: review.opinionBy });
  const at = now.toISOString();
  const withOpinion: ReviewRecord = { ...review, opinion: { comment, at, by: reviewer } };
  return reviewChange(agg, withOpinion, {
    at,
    type: 'REVIEW_OPINION',
    actor: `reviewer:${reviewer}`,
    detail: { comment, outcomeUnchanged: true },
  });
}
