// Due instants of review limits. A `duration` limit is wall-clock time; a `workingDays`
// limit counts working days in the authority's time zone.
import type { TimeLimit } from './schemas.ts';

const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export function durationMs(iso: string): number {
  const m = DURATION.exec(iso);
  if (!m) throw new RangeError(`not an ISO-8601 duration: ${iso}`);
  const [d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0));
  return (((d * 24 + h) * 60 + min) * 60 + s) * 1000;
}

/** Offset of the authority's time zone. Asia/Shanghai has no daylight saving. */
const AUTHORITY_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The end of the n-th working day after the day of `from`, in the authority's time zone.
 * Working days here are Monday to Friday.
 */
export function addWorkingDays(from: Date, n: number): Date {
  let localDay = Math.floor((from.getTime() + AUTHORITY_OFFSET_MS) / DAY_MS);
  let counted = 0;
  while (counted < n) {
    localDay += 1;
    const weekday = new Date(localDay * DAY_MS).getUTCDay();
    if (weekday !== 0 && weekday !== 6) counted += 1;
  }
  // end of that local day = start of the next one, minus one millisecond
  return new Date((localDay + 1) * DAY_MS - AUTHORITY_OFFSET_MS - 1);
}

export function dueInstant(limit: TimeLimit, from: Date): Date {
  if ('duration' in limit) return new Date(from.getTime() + durationMs(limit.duration));
  return addWorkingDays(from, limit.workingDays);
}

/**
 * Longest single wait the workflow arms. A longer limit wakes the workflow once per
 * segment and the table decides; this also keeps every timer inside what a 32-bit
 * millisecond timer can hold.
 */
export const MAX_WAIT_SECONDS = 20 * 86_400;

/** Seconds the workflow should wait for a review due at `dueBy`: at least 1, never early. */
export function waitSeconds(dueBy: string, now: Date): number {
  const ms = Date.parse(dueBy) - now.getTime();
  return Math.min(MAX_WAIT_SECONDS, Math.max(1, Math.ceil(ms / 1000)));
}
