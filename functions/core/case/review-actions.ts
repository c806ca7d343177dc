// A department's actions on its review: a decision, a request for correction, an extension,
// and the opinion filed after a deemed approval.
import type { Calendar } from '../calendar.ts';
import { clockDue, dueInstant, extendClock, stopClock } from '../clock.ts';
import { alreadySettled, conflict } from '../errors.ts';
import type { DecisionInput, ExtensionInput } from '../schemas.ts';
import { isDue, settleDue } from './deadlines.ts';
import {
  isSettled,
  reviewChange,
  reviewOf,
  type CaseAggregate,
  type CaseChange,
  type CorrectionRequest,
  type CorrectionRound,
  type ReviewRecord,
} from './model.ts';
import { withOutcome } from './outcome.ts';

function requireOpen(aggregate: CaseAggregate, review: ReviewRecord): void {
  if (isSettled(review)) throw alreadySettled(review.department, review.status, review.decidedAt);
  if (aggregate.record.status !== 'IN_REVIEW')
    throw alreadySettled(review.department, aggregate.record.status, aggregate.record.decidedAt ?? aggregate.timeline.at(-1)?.at);
}

/**
 * What a department's action does. A review whose due time has passed cannot be acted on
 * any more: the action settles it as deemed approved (the silence came first) and reports
 * that, so the outcome never depends on how fast a timer fired.
 */
export type ReviewAction =
  | { kind: 'done'; change: CaseChange; review: ReviewRecord }
  | { kind: 'late'; change: CaseChange; review: ReviewRecord };

/** Who acts on which review: the case as read, the department, the reviewer, when, and on which calendar. */
export interface ReviewContext {
  aggregate: CaseAggregate;
  department: string;
  reviewer: string;
  now: Date;
  calendar: Calendar;
}

/** An action on an open review: settled as deemed approved instead when it is due, else applied, with the outcome folded in. */
function applyReviewAction(
  { aggregate, department, now, calendar }: ReviewContext,
  apply: (review: ReviewRecord) => { change: CaseChange; review: ReviewRecord },
): ReviewAction {
  const review = reviewOf(aggregate, department);
  requireOpen(aggregate, review);
  if (isDue(review, now)) {
    const late = settleDue(aggregate, review, now, calendar);
    return { kind: 'late', ...late };
  }
  const done = apply(review);
  return { kind: 'done', change: withOutcome(aggregate, done.change, now), review: done.review };
}

export function decideReview(context: ReviewContext & { decision: DecisionInput }): ReviewAction {
  const { aggregate, department, decision, reviewer, now } = context;
  if (decision.decision === 'REQUEST_CORRECTION') return requestCorrection(context);
  return applyReviewAction(context, (review) => {
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
    return reviewChange(aggregate, settled, {
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
function requestCorrection(context: ReviewContext & { decision: DecisionInput }): ReviewAction {
  const { aggregate, department, decision, reviewer, now, calendar } = context;
  return applyReviewAction(context, (review) => {
    if (review.correctionRequestedAt)
      throw conflict(`${department} has already stopped its clock once on this case`, {
        correctionRequestedAt: review.correctionRequestedAt,
      });
    const at = now.toISOString();
    const requested = decision.requested ?? [];
    const stopped: ReviewRecord = {
      ...review,
      status: 'CORRECTION_REQUESTED',
      clock: stopClock(review.clock, now, calendar),
      requested,
      comment: decision.comment,
      correctionRequestedAt: at,
    };
    const request: CorrectionRequest = { department, departmentName: review.departmentName, requested, comment: decision.comment, at };
    const window = () => dueInstant(aggregate.record.rules.correctionWindow, now, calendar).toISOString();
    const open = aggregate.record.correction;
    // A request after the notice went out opens a new collection window: the applicant gets
    // a new notice with every request, and a new limit from it.
    const round: CorrectionRound = !open
      ? { openedAt: at, collectUntil: window(), requests: [request] }
      : open.noticeAt
        ? { openedAt: open.openedAt, collectUntil: window(), requests: [...open.requests, request] }
        : { ...open, requests: [...open.requests, request] };
    return reviewChange(
      aggregate,
      stopped,
      {
        at,
        type: 'REVIEW_CORRECTION_REQUESTED',
        actor: `reviewer:${reviewer}`,
        detail: { requested, comment: decision.comment, clockStopped: true, collectUntil: round.collectUntil },
      },
      { ...aggregate.record, correction: round },
    );
  });
}

/** A department extends its limit, once and before it expires, giving reasons. */
export function extendReview(context: ReviewContext & { extension: ExtensionInput }): ReviewAction {
  const { aggregate, department, extension: input, reviewer, now, calendar } = context;
  return applyReviewAction(context, (review) => {
    if (review.extension) throw conflict(`${department} has already extended its limit on this case`, { extension: review.extension });
    const at = now.toISOString();
    const clock = extendClock(review.clock, input.workingDays);
    const dueBy = clockDue(clock, calendar).toISOString();
    const extended: ReviewRecord = {
      ...review,
      clock,
      dueBy,
      calendarVersion: calendar.version,
      extension: { workingDays: input.workingDays, reason: input.reason, at, by: reviewer },
    };
    return reviewChange(aggregate, extended, {
      at,
      type: 'REVIEW_EXTENDED',
      actor: `reviewer:${reviewer}`,
      detail: { workingDays: input.workingDays, reason: input.reason, from: review.dueBy, dueBy },
    });
  });
}

/** A department deemed to approve files its opinion afterwards: on the timeline, the outcome unchanged. */
export function fileOpinion({ aggregate, department, comment, reviewer, now }: Omit<ReviewContext, 'calendar'> & { comment: string }): {
  change: CaseChange;
  review: ReviewRecord;
} {
  const review = reviewOf(aggregate, department);
  if (review.status !== 'DEEMED_APPROVED' || !review.opinionBy)
    throw conflict(`an opinion follows a deemed approval; the ${department} review is ${review.status}`, { status: review.status });
  if (review.opinion) throw conflict(`${department} has already filed its opinion`, { opinion: review.opinion });
  if (Date.parse(review.opinionBy) < now.getTime())
    throw conflict(`the time for ${department}'s opinion ended at ${review.opinionBy}`, { opinionBy: review.opinionBy });
  const at = now.toISOString();
  const withOpinion: ReviewRecord = { ...review, opinion: { comment, at, by: reviewer } };
  return reviewChange(aggregate, withOpinion, {
    at,
    type: 'REVIEW_OPINION',
    actor: `reviewer:${reviewer}`,
    detail: { comment, outcomeUnchanged: true },
  });
}
