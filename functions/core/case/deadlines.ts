// A review's time running out: deemed approval on silence, the merged correction notice,
// the lapse of a case the applicant left unanswered, and due dates moved by a new calendar.
import type { Calendar } from '../calendar.ts';
import { clockDue, dueInstant, waitSeconds } from '../clock.ts';
import {
  CALENDAR_ACTOR,
  DEADLINE_ACTOR,
  DEFAULT_OPINION_LIMIT,
  isFinal,
  closePostChecks,
  isSettled,
  reviewChange,
  reviewOf,
  WORKFLOW_ACTOR,
  type CaseAggregate,
  type CaseChange,
  type CaseRecord,
  type CorrectionRound,
  type ReviewRecord,
} from './model.ts';
import { withOutcome } from './outcome.ts';

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
  | { kind: 'alreadySettled'; review: ReviewRecord }
  | { kind: 'notDue'; waitSeconds: number; change: CaseChange | null };

/**
 * A timer says a review's time is up. The table decides: a review settled meanwhile stays
 * as it is; one whose time moved is waited for again; a silent department is deemed to
 * approve; a correction round whose window closed sends its merged notice; one the
 * applicant left unanswered past its limit lapses the case.
 */
export function settleByDeadline(aggregate: CaseAggregate, department: string, now: Date, calendar: Calendar): DeadlineResult {
  const review = reviewOf(aggregate, department);
  const wake = wakeAt(aggregate.record, review);
  if (!wake) return { kind: 'alreadySettled', review };
  if (Date.parse(wake) > now.getTime()) return { kind: 'notDue', waitSeconds: waitSeconds(wake, now), change: null };
  if (review.status === 'PENDING') {
    return { kind: 'settled', ...settleDueTogether(aggregate, review, now, calendar) };
  }
  const round = aggregate.record.correction;
  if (!round) return { kind: 'alreadySettled', review };
  const at = now.toISOString();
  if (!round.noticeAt) {
    const lapseBy = dueInstant(aggregate.record.rules.correctionLimit, now, calendar).toISOString();
    const sent: CorrectionRound = { ...round, noticeAt: at, lapseBy };
    return {
      kind: 'notDue',
      waitSeconds: waitSeconds(lapseBy, now),
      change: {
        record: { ...aggregate.record, correction: sent },
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
  const change = lapseCase(aggregate, round, now);
  return { kind: 'lapsed', change, review: change.reviews.find((r) => r.department === department)! };
}

function lapseCase(aggregate: CaseAggregate, round: CorrectionRound, now: Date): CaseChange {
  const at = now.toISOString();
  return {
    record: { ...aggregate.record, status: 'LAPSED', decidedAt: at },
    reviews: [
      ...aggregate.reviews
        .filter((r) => !isSettled(r))
        .map((r): ReviewRecord => ({ ...r, status: 'LAPSED', decidedAt: at, decidedBy: DEADLINE_ACTOR })),
      ...closePostChecks(aggregate.reviews, at),
    ],
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
export function lapseIfDue(aggregate: CaseAggregate, now: Date): CaseChange | null {
  const round = aggregate.record.correction;
  if (aggregate.record.status !== 'IN_REVIEW' || !round?.lapseBy || Date.parse(round.lapseBy) > now.getTime()) return null;
  return lapseCase(aggregate, round, now);
}

/** A new calendar: due dates of running clocks computed with an older one move. */
export function applyCalendar(aggregate: CaseAggregate, calendar: Calendar, now: Date): CaseChange | null {
  if (aggregate.record.status !== 'IN_REVIEW') return null;
  const at = now.toISOString();
  const moved = aggregate.reviews
    .filter((r) => r.status === 'PENDING' && r.calendarVersion !== calendar.version && 'workingDays' in r.timeLimit)
    .map((r) => ({ before: r, after: { ...r, dueBy: clockDue(r.clock, calendar).toISOString(), calendarVersion: calendar.version } }))
    .filter(({ before, after }) => before.dueBy !== after.dueBy);
  if (!moved.length) return null;
  return {
    record: aggregate.record,
    reviews: moved.map((m) => m.after),
    events: moved.map(({ before, after }) => ({
      at,
      type: 'DUE_DATE_MOVED',
      actor: CALENDAR_ACTOR,
      department: after.department,
      detail: { from: before.dueBy, dueBy: after.dueBy, calendarVersion: calendar.version },
    })),
  };
}

export function deemApproved(
  aggregate: CaseAggregate,
  review: ReviewRecord,
  now: Date,
  calendar: Calendar,
  extra: Record<string, unknown> = {},
): { change: CaseChange; review: ReviewRecord } {
  const at = now.toISOString();
  const opinionBy = dueInstant(aggregate.record.rules.opinionLimit ?? DEFAULT_OPINION_LIMIT, now, calendar).toISOString();
  const settled: ReviewRecord = { ...review, status: 'DEEMED_APPROVED', decidedBy: DEADLINE_ACTOR, decidedAt: at, opinionBy };
  return reviewChange(aggregate, settled, {
    at,
    type: 'REVIEW_DEEMED_APPROVED',
    actor: DEADLINE_ACTOR,
    detail: { defaultedBy: review.department, dueBy: review.dueBy, settledAt: at, opinionBy, ...extra },
  });
}

/** A review still waiting on its department whose due time has come. */
export const isDue = (review: ReviewRecord, now: Date) => review.status === 'PENDING' && Date.parse(review.dueBy) <= now.getTime();

/** The reviews of an open case whose time is up at `now`, in department order. */
export const dueReviews = (aggregate: CaseAggregate, now: Date): ReviewRecord[] =>
  isFinal(aggregate.record) ? [] : aggregate.reviews.filter((r) => isDue(r, now)).sort((a, b) => a.department.localeCompare(b.department));

/**
 * A review whose due time has passed is deemed to approve, with the outcome when that
 * settles the case.
 */
export function settleDue(
  aggregate: CaseAggregate,
  review: ReviewRecord,
  now: Date,
  calendar: Calendar,
): { change: CaseChange; review: ReviewRecord } {
  const deemed = deemApproved(aggregate, review, now, calendar);
  return { change: withOutcome(aggregate, deemed.change, now), review: deemed.review };
}

/**
 * A review's timer is up: it is deemed to approve together with every other review of the
 * case due by now (reviews given the same limit fall due at one instant), in one change with
 * the outcome when that settles the case. Their own timers then find them settled. So that
 * those timers do not all write the same change at once, the first due review in department
 * order settles them, and the others give it a moment (`deferToFirstDue`).
 */
export function settleDueTogether(
  aggregate: CaseAggregate,
  review: ReviewRecord,
  now: Date,
  calendar: Calendar,
): { change: CaseChange; review: ReviewRecord } {
  const due = [review, ...dueReviews(aggregate, now).filter((r) => r.department !== review.department)];
  const deemed = due.map((r) => deemApproved(aggregate, r, now, calendar));
  const change: CaseChange = {
    record: aggregate.record,
    reviews: deemed.map((d) => d.review),
    events: deemed.flatMap((d) => d.change.events),
  };
  return { change: withOutcome(aggregate, change, now), review: deemed[0]!.review };
}

/** How long a due review's timer gives the first due review of its case to settle them all (ms). */
export const FIRST_DUE_GRACE_MS = 300;

/**
 * Whether the timer of `department`'s review should wait before settling: when another review
 * of the case is due with it and comes first in department order, that one's timer settles
 * both (settleDueTogether). 0: settle now.
 */
export function deferToFirstDue(aggregate: CaseAggregate, department: string, now: Date): number {
  const due = dueReviews(aggregate, now);
  return due.some((r) => r.department === department) && due[0]!.department !== department ? FIRST_DUE_GRACE_MS : 0;
}
