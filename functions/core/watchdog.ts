// The deadline watchdog's rules: at which instants a review or a case needs looking at
// (reminders, escalation, the safety net, a missing opinion, a workflow that never started,
// a lapse warning, a case left open after its last settlement, the end of a case's retention),
// and what looking at them does. Pure: the store indexes the next instant of each item, so a
// run reads only what is due.
import { atLocalTime, localDate, nthWorkingDayBefore, type Calendar } from './calendar.ts';
import { missPostCheck } from './case/commitment.ts';
import { deemApproved } from './case/deadlines.ts';
import {
  DEFAULT_REMINDERS,
  isFinal,
  postCheckOpen,
  WATCHDOG_ACTOR,
  type CaseAggregate,
  type CaseChange,
  type CaseRecord,
  type NewEvent,
  type ReviewRecord,
} from './case/model.ts';
import { withOutcome } from './case/outcome.ts';

export interface WatchdogSettings {
  /** How long after its due time a review still open is settled by the safety net. */
  graceMs: number;
  /** How long after acceptance a case with no review dispatched has its workflow started again. */
  redriveAfterMs: number;
  /**
   * How long a case is kept once it has its outcome (or was withdrawn or lapsed), or after
   * its submission while it stays INCOMPLETE; then it is erased with its reviews and timeline.
   */
  retentionMs: number;
}

export const DEFAULT_RETENTION_DAYS = 1096;
export const DEFAULT_WATCHDOG: WatchdogSettings = {
  graceMs: 5 * 60_000,
  redriveAfterMs: 5 * 60_000,
  retentionMs: DEFAULT_RETENTION_DAYS * 86_400_000,
};

/** When a case is erased: its retention after its end (or after its submission while INCOMPLETE); none while in review. */
export function eraseAt(record: CaseRecord, settings: WatchdogSettings): number | undefined {
  const from = isFinal(record) ? (record.decidedAt ?? record.submittedAt) : record.status === 'INCOMPLETE' ? record.submittedAt : undefined;
  return from === undefined ? undefined : Date.parse(from) + settings.retentionMs;
}

type Checkpoint = {
  key: string;
  at: number;
  kind: 'reminder' | 'escalate' | 'overdue' | 'opinion' | 'postCheck' | 'redrive' | 'lapseWarning' | 'conclude' | 'erase';
  detail?: Record<string, unknown>;
};

/** Office start of the n-th working day before the day of `instant`. */
const workingDaysBefore = (instant: string, n: number, calendar: Calendar) =>
  atLocalTime(
    nthWorkingDayBefore(localDate(new Date(instant), calendar.timeZone), n, calendar),
    calendar.officeHours.start,
    calendar.timeZone,
  ).getTime();

export function reviewCheckpoints(record: CaseRecord, review: ReviewRecord, calendar: Calendar, settings: WatchdogSettings): Checkpoint[] {
  // a post-check outlives the approval it follows: missed once its due time has passed
  if (review.status === 'APPROVED_ON_COMMITMENT')
    return postCheckOpen(review) && !review.postCheck?.missedAt
      ? [{ key: `POST_CHECK@${review.dueBy}`, at: Date.parse(review.dueBy) + 1, kind: 'postCheck' }]
      : [];
  if (isFinal(record) && review.status !== 'DEEMED_APPROVED') return [];
  if (review.status === 'DEEMED_APPROVED')
    // missing once the last instant an opinion is accepted has passed
    return review.opinionBy && !review.opinion
      ? [{ key: `OPINION@${review.opinionBy}`, at: Date.parse(review.opinionBy) + 1, kind: 'opinion' }]
      : [];
  if (review.status !== 'PENDING') return [];
  const start = Date.parse(review.clock.segmentStart);
  const due = Date.parse(review.dueBy);
  const reminders = record.rules.reminders ?? DEFAULT_REMINDERS;
  const points: Checkpoint[] = [
    ...reminders.fractionsUsed.map(
      (f): Checkpoint => ({
        key: `USED_${Math.round(f * 100)}@${review.dueBy}`,
        at: Math.ceil(start + f * (due - start)), // whole milliseconds, as the index keeps them
        kind: 'reminder',
        detail: { point: `${Math.round(f * 100)}% of the time used` },
      }),
    ),
    ...reminders.workingDaysLeft.map(
      (n): Checkpoint => ({
        key: `LEFT_${n}@${review.dueBy}`,
        at: workingDaysBefore(review.dueBy, n, calendar),
        kind: 'reminder',
        detail: { point: `${n} working day${n === 1 ? '' : 's'} left` },
      }),
    ),
    { key: `ESCALATE@${review.dueBy}`, at: workingDaysBefore(review.dueBy, 0, calendar), kind: 'escalate' } as Checkpoint,
  ].filter((p) => p.at > start && p.at < due);
  return [...points, { key: `OVERDUE@${review.dueBy}`, at: due + settings.graceMs, kind: 'overdue' }];
}

export function caseCheckpoints(
  aggregate: Pick<CaseAggregate, 'record' | 'reviews'>,
  calendar: Calendar,
  settings: WatchdogSettings,
): Checkpoint[] {
  const c = aggregate.record;
  const erase = eraseAt(c, settings);
  if (erase !== undefined) return [{ key: `ERASE@${new Date(erase).toISOString()}`, at: erase, kind: 'erase' }];
  if (c.status !== 'IN_REVIEW') return [];
  const points: Checkpoint[] = [];
  if (c.acceptedAt && aggregate.reviews.length && !aggregate.reviews.some((r) => r.dispatchedAt))
    points.push({ key: `REDRIVE@${c.acceptedAt}`, at: Date.parse(c.acceptedAt) + settings.redriveAfterMs, kind: 'redrive' });
  // The last instant the case can still be open: every review settled, by a department or by
  // the safety net. A case still open then was left by a writer that stopped between settling
  // its last review and concluding it; looking at it concludes it (withOutcome below, and
  // every read-decide-commit, functions/app/mutate.ts). The key names the instant, so a later
  // due time (an extension) arms it again.
  const latestDue = Math.max(
    ...aggregate.reviews
      .filter((r) => r.status !== 'APPROVED_ON_COMMITMENT')
      .map((r) => Date.parse(r.dueBy))
      .filter(Number.isFinite),
  );
  if (Number.isFinite(latestDue)) {
    const at = latestDue + 2 * settings.graceMs;
    points.push({ key: `CONCLUDE@${new Date(at).toISOString()}`, at, kind: 'conclude' });
  }
  const lapseBy = c.correction?.lapseBy;
  if (lapseBy) {
    const at = workingDaysBefore(lapseBy, 1, calendar);
    if (at > Date.parse(c.correction!.noticeAt!)) points.push({ key: `LAPSE_WARNING@${lapseBy}`, at, kind: 'lapseWarning' });
  }
  return points;
}

const pending = (points: Checkpoint[], done: string[] | undefined) => points.filter((p) => !done?.includes(p.key));

/** The next instant the watchdog must look at this item, if any. */
export const nextAt = (points: Checkpoint[], done: string[] | undefined) => {
  const next = Math.min(...pending(points, done).map((p) => p.at));
  return Number.isFinite(next) ? new Date(next).toISOString() : undefined;
};

export interface WatchdogStep {
  change: CaseChange | null;
  /** Reviews whose waiting tasks must be woken (settled by the safety net). */
  wake: string[];
  safetyNet: string[];
  redrive: boolean;
  /** The case's retention has ended: erase it, with its reviews and timeline. */
  erase: boolean;
}

/** Handle every point of the case that is due at `now`; each once. */
export function watchdogStep(aggregate: CaseAggregate, now: Date, calendar: Calendar, settings: WatchdogSettings): WatchdogStep {
  const at = now.toISOString();
  const events: NewEvent[] = [];
  const reviews: ReviewRecord[] = [];
  const step: WatchdogStep = { change: null, wake: [], safetyNet: [], redrive: false, erase: false };
  let record = aggregate.record;
  const due = (points: Checkpoint[], done: string[] | undefined) => pending(points, done).filter((p) => p.at <= now.getTime());
  // past its retention nothing else of the case matters: it is erased whole
  if (due(caseCheckpoints(aggregate, calendar, settings), record.alertsDone).some((p) => p.kind === 'erase'))
    return { ...step, erase: true };

  for (const review of aggregate.reviews) {
    const points = due(reviewCheckpoints(record, review, calendar, settings), review.alertsDone);
    if (!points.length) continue;
    let current: ReviewRecord = { ...review, alertsDone: [...(review.alertsDone ?? []), ...points.map((p) => p.key)] };
    // A run that comes after the due time (the watchdog was down) sends no stale reminders.
    const beforeDue = now.getTime() < Date.parse(review.dueBy);
    for (const p of points) {
      if (p.kind === 'reminder' && current.status === 'PENDING' && beforeDue)
        events.push({
          at,
          type: 'REVIEW_REMINDER',
          actor: WATCHDOG_ACTOR,
          department: review.department,
          detail: { ...p.detail, dueBy: review.dueBy },
        });
      if (p.kind === 'escalate' && current.status === 'PENDING' && beforeDue)
        events.push({
          at,
          type: 'REVIEW_ESCALATED',
          actor: WATCHDOG_ACTOR,
          department: review.department,
          detail: { dueBy: review.dueBy },
        });
      if (p.kind === 'opinion')
        events.push({
          at,
          type: 'OPINION_MISSING',
          actor: WATCHDOG_ACTOR,
          department: review.department,
          detail: { opinionBy: review.opinionBy },
        });
      if (p.kind === 'postCheck' && postCheckOpen(current)) {
        const missed = missPostCheck(current, now);
        current = { ...missed.review, alertsDone: current.alertsDone };
        events.push(missed.event);
      }
      if (p.kind === 'overdue' && current.status === 'PENDING' && record.status === 'IN_REVIEW') {
        // The workflow should have settled this at its due time: something failed. Settle it.
        const settled = deemApproved({ ...aggregate, record }, current, now, calendar, { safetyNet: true });
        current = { ...settled.review, alertsDone: current.alertsDone };
        events.push(...settled.change.events);
        step.wake.push(review.department);
        step.safetyNet.push(review.department);
      }
    }
    reviews.push(current);
  }
  const caseDue = due(caseCheckpoints(aggregate, calendar, settings), record.alertsDone);
  if (caseDue.length) {
    record = { ...record, alertsDone: [...(record.alertsDone ?? []), ...caseDue.map((p) => p.key)] };
    for (const p of caseDue) {
      if (p.kind === 'redrive') step.redrive = true;
      if (p.kind === 'lapseWarning')
        events.push({ at, type: 'LAPSE_WARNING', actor: WATCHDOG_ACTOR, detail: { lapseBy: record.correction?.lapseBy } });
    }
    if (step.redrive) events.push({ at, type: 'WORKFLOW_REDRIVEN', actor: WATCHDOG_ACTOR, detail: { reason: 'no review was dispatched' } });
  }
  // a safety-net settlement may be the one that decides the case
  if (reviews.length || caseDue.length) {
    step.change = withOutcome(aggregate, { record, reviews, events }, now);
    step.wake.push(...step.change.reviews.filter((r) => r.status === 'CLOSED').map((r) => r.department));
  }
  return step;
}

/** Index keys: the next instant each item of a case needs the watchdog. */
export function alertIndex(aggregate: Pick<CaseAggregate, 'record' | 'reviews'>, calendar: Calendar, settings: WatchdogSettings) {
  return {
    case: nextAt(caseCheckpoints(aggregate, calendar, settings), aggregate.record.alertsDone),
    reviews: new Map(
      aggregate.reviews.map((r) => [r.department, nextAt(reviewCheckpoints(aggregate.record, r, calendar, settings), r.alertsDone)]),
    ),
  };
}
