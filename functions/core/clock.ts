// A review's legal clock: its limit, the time used by earlier segments, whether it is
// stopped (waiting on the applicant), an extension, and the due instant that follows.
import {
  endOfLocalDay,
  localDate,
  nthWorkingDayAfter,
  workingDaysDue,
  workingDaysUsed,
  type Calendar,
} from './calendar.ts';
import type { TimeLimit } from './schemas.ts';

const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export function durationMs(iso: string): number {
  const m = DURATION.exec(iso);
  if (!m) throw new RangeError(`not an ISO-8601 duration: ${iso}`);
  const [d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0));
  return (((d * 24 + h) * 60 + min) * 60 + s) * 1000;
}

/** When a limit that starts at `from` ends. */
export function dueInstant(limit: TimeLimit, from: Date, cal: Calendar): Date {
  if ('duration' in limit) return new Date(from.getTime() + durationMs(limit.duration));
  return workingDaysDue(from, limit.workingDays, cal);
}

export interface ReviewClock {
  limit: TimeLimit;
  /** Working days added by an extension. */
  extensionDays: number;
  /** When the current (or, while stopped, the last) running segment started. */
  segmentStart: string;
  /** Used by finished segments: working days for a working-day limit, ms for a duration. */
  used: number;
  /** Set while the clock is stopped. */
  stoppedAt?: string;
}

export const startClock = (limit: TimeLimit, at: Date): ReviewClock => ({
  limit,
  extensionDays: 0,
  segmentStart: at.toISOString(),
  used: 0,
});

/** The due instant of a running clock; of a stopped one, the due instant as it stood. */
export function clockDue(clock: ReviewClock, cal: Calendar): Date {
  if (clock.stoppedAt) return clockDue(restartClock(clock, new Date(clock.stoppedAt)), cal);
  const start = new Date(clock.segmentStart);
  if ('workingDays' in clock.limit) {
    const remaining = Math.max(0, clock.limit.workingDays + clock.extensionDays - clock.used);
    return workingDaysDue(start, remaining, cal);
  }
  const base = new Date(start.getTime() + Math.max(0, durationMs(clock.limit.duration) - clock.used));
  if (!clock.extensionDays) return base;
  // A wall-clock limit extended by working days ends at the end of the n-th working day
  // after the day it would have ended.
  const day = nthWorkingDayAfter(localDate(base, cal.timeZone), clock.extensionDays, cal);
  return endOfLocalDay(day, cal.timeZone);
}

export function stopClock(clock: ReviewClock, at: Date, cal: Calendar): ReviewClock {
  const start = new Date(clock.segmentStart);
  const used =
    'workingDays' in clock.limit ? workingDaysUsed(start, at, cal) : Math.max(0, at.getTime() - start.getTime());
  return { ...clock, used: clock.used + used, stoppedAt: at.toISOString() };
}

export function restartClock(clock: ReviewClock, at: Date): ReviewClock {
  const { stoppedAt: _, ...running } = clock;
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
