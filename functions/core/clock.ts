// A review's legal clock: its limit, the time used by earlier segments, whether it is
// stopped (waiting on the applicant), an extension, and the due instant that follows.
import { endOfLocalDay, localDate, nthWorkingDayAfter, workingDaysDue, workingDaysUsed, type Calendar } from './calendar.ts';
import type { TimeLimit } from './schemas.ts';

const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export function durationMs(iso: string): number {
  const m = DURATION.exec(iso);
  if (!m) throw new RangeError(`not an ISO-8601 duration: ${iso}`);
  const [d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0));
  return (((d * 24 + h) * 60 + min) * 60 + s) * 1000;
}

/** When a limit that starts at `from` ends. */
export function dueInstant(limit: TimeLimit, from: Date, calendar: Calendar): Date {
  if ('duration' in limit) return new Date(from.getTime() + durationMs(limit.duration));
  return workingDaysDue(from, limit.workingDays, calendar);
}

export interface ReviewClock {
  limit: TimeLimit;
  /** Working days added by an extension. */
  extensionDays: number;
  /** When the current (or, while stopped, the last) running segment started. */
  segmentStart: string;
  /** Used by finished segments: working days for a working-day limit, ms for a duration. */
  used: number;
  /** Working days of the extension a wall-clock limit used after its duration ran out. */
  extensionUsed?: number;
  /** Set while the clock is stopped: when, and the due instant and extension as they stood. */
  stoppedAt?: string;
  dueAtStop?: string;
  extensionAtStop?: number;
}

export const startClock = (limit: TimeLimit, at: Date): ReviewClock => ({
  limit,
  extensionDays: 0,
  segmentStart: at.toISOString(),
  used: 0,
});

/**
 * n working days counted from `start`. A clock stopped after office hours on its due day
 * has counted the next working day as used (n < 0): it ends on the day it restarts.
 */
function workingDaysFrom(start: Date, n: number, calendar: Calendar): Date {
  return n >= 0 ? workingDaysDue(start, n, calendar) : endOfLocalDay(localDate(start, calendar.timeZone), calendar.timeZone);
}

/** The end of the n-th working day after the day of `due`; `due` itself when n is 0. */
function afterWorkingDays(due: Date, n: number, calendar: Calendar): Date {
  if (n <= 0) return due;
  return endOfLocalDay(nthWorkingDayAfter(localDate(due, calendar.timeZone), n, calendar), calendar.timeZone);
}

/** When the wall-clock part of a duration limit ran out (or runs out) in this segment. */
const durationEnd = (clock: ReviewClock, limit: { duration: string }) =>
  new Date(Date.parse(clock.segmentStart) + durationMs(limit.duration) - clock.used);

/** The due instant of a running clock; of a stopped one, the due instant as it stood. */
export function clockDue(clock: ReviewClock, calendar: Calendar): Date {
  if (clock.stoppedAt && clock.dueAtStop)
    return afterWorkingDays(new Date(clock.dueAtStop), clock.extensionDays - (clock.extensionAtStop ?? 0), calendar);
  const start = new Date(clock.segmentStart);
  const limit = clock.limit;
  if ('workingDays' in limit) return workingDaysFrom(start, limit.workingDays + clock.extensionDays - clock.used, calendar);
  const end = durationEnd(clock, limit);
  if (end > start || !clock.extensionDays) return afterWorkingDays(end > start ? end : start, clock.extensionDays, calendar);
  // The duration ran out in an earlier segment: what is left of the extension counts from here.
  return workingDaysFrom(start, clock.extensionDays - (clock.extensionUsed ?? 0), calendar);
}

export function stopClock(clock: ReviewClock, at: Date, calendar: Calendar): ReviewClock {
  const start = new Date(clock.segmentStart);
  const stopped = { stoppedAt: at.toISOString(), dueAtStop: clockDue(clock, calendar).toISOString(), extensionAtStop: clock.extensionDays };
  const limit = clock.limit;
  if ('workingDays' in limit) return { ...clock, used: clock.used + workingDaysUsed(start, at, calendar), ...stopped };
  const end = durationEnd(clock, limit);
  const extensionUsed =
    clock.extensionDays && end < at
      ? (clock.extensionUsed ?? 0) + workingDaysUsed(end > start ? end : start, at, calendar)
      : clock.extensionUsed;
  return {
    ...clock,
    used: clock.used + Math.max(0, at.getTime() - start.getTime()),
    ...(extensionUsed !== undefined ? { extensionUsed } : {}),
    ...stopped,
  };
}

export function restartClock(clock: ReviewClock, at: Date): ReviewClock {
  const { stoppedAt: _s, dueAtStop: _d, extensionAtStop: _e, ...running } = clock;
  return { ...running, segmentStart: at.toISOString() };
}

export const extendClock = (clock: ReviewClock, workingDays: number): ReviewClock => ({
  ...clock,
  extensionDays: clock.extensionDays + workingDays,
});

/**
 * Longest single wait the workflow arms. A longer limit wakes the workflow once per
 * segment and the table decides; this also keeps every timer inside what a 32-bit
 * millisecond timer can hold.
 */
export const MAX_WAIT_SECONDS = 20 * 86_400;

/** Seconds the workflow should wait for an instant: at least 1, never early. */
export function waitSeconds(until: string, now: Date): number {
  const ms = Date.parse(until) - now.getTime();
  return Math.min(MAX_WAIT_SECONDS, Math.max(1, Math.ceil(ms / 1000)));
}
