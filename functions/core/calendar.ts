// The authority's working-day calendar and the arithmetic of limits counted in working
// days. Pure: time zones come from Intl, no AWS and no clock of its own.
//
// Rules:
// - A working day is a make-up working day, or a Monday to Friday that is not a holiday.
// - The count starts from the day of acceptance; an instant on a non-working day or after
//   office hours counts as if it happened on the next working day.
// - A limit of n working days ends at the end (24:00 local) of the n-th working day after
//   that start day. One working day is one working day, never 24 working hours.

export interface CalendarYear {
  /** Days off that would otherwise be working days (YYYY-MM-DD, local). */
  holidays: string[];
  /** Make-up working days: weekend days declared working. */
  workdays: string[];
}

export interface Calendar {
  version: number;
  /** IANA time zone of the authority. */
  timeZone: string;
  /** Office hours, local "HH:MM". Acceptance at or after `end` counts from the next working day. */
  officeHours: { start: string; end: string };
  years: Record<string, CalendarYear>;
  updatedAt?: string;
}

export const defaultCalendar: Calendar = {
  version: 0,
  timeZone: 'Asia/Shanghai',
  officeHours: { start: '09:00', end: '17:00' },
  years: {},
};

const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Local wall-clock parts of an instant in a time zone. */
function localParts(instant: Date, timeZone: string) {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    seconds: Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second),
  };
}

/**
 * What is wrong with one year's days, each issue under `prefix` and the list it is in: a date
 * outside the year, or a day both a holiday and a working day.
 */
export function calendarYearIssues(year: string, days: CalendarYear, prefix = ''): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  for (const list of ['holidays', 'workdays'] as const)
    days[list].forEach((d, i) => {
      if (!d.startsWith(`${year}-`)) issues.push({ path: `${prefix}${list}.${i}`, message: `${d} is not in ${year}` });
    });
  days.workdays.forEach((d, i) => {
    if (days.holidays.includes(d)) issues.push({ path: `${prefix}workdays.${i}`, message: `${d} is also a holiday` });
  });
  return issues;
}

/** A year's days as kept: each list without repeats, in order. */
export const normalYear = (days: CalendarYear): CalendarYear => ({
  holidays: [...new Set(days.holidays)].sort(),
  workdays: [...new Set(days.workdays)].sort(),
});

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local calendar date (YYYY-MM-DD) of an instant. */
export const localDate = (instant: Date, timeZone: string) => localParts(instant, timeZone).date;

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

export const addDays = (date: string, n: number) => dateOf(dayNumber(date) + n);
/** 0 = Sunday … 6 = Saturday */
export const weekday = (date: string) => new Date(dayNumber(date) * DAY_MS).getUTCDay();

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/** The offset of the zone from UTC at an instant, in milliseconds. */
function offsetMs(instant: number, timeZone: string): number {
  const { date, seconds } = localParts(new Date(instant), timeZone);
  const asUtc = dayNumber(date) * DAY_MS + seconds * 1000;
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant a local date and time (seconds after midnight) happens in the zone. */
function instantOf(date: string, secondsOfDay: number, timeZone: string): number {
  const wall = dayNumber(date) * DAY_MS + secondsOfDay * 1000;
  let guess = wall - offsetMs(wall, timeZone);
  // once more, for the rare instant whose offset differs from the wall time's (DST edges)
  guess = wall - offsetMs(guess, timeZone);
  return guess;
}

/**
 * The last millisecond of a local day (24:00 local minus 1 ms). Found by bisection on the
 * local date, so days that begin or end at a daylight-saving jump come out right too.
 */
export function endOfLocalDay(date: string, timeZone: string): Date {
  const midnight = instantOf(addDays(date, 1), 0, timeZone);
  let lo = midnight - 26 * 3_600_000; // local date is at most `date` here
  let hi = midnight + 26 * 3_600_000; // and after `date` here
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDate(new Date(mid), timeZone) > date) hi = mid;
    else lo = mid;
  }
  return new Date(lo);
}

export function isWorkingDay(date: string, calendar: Pick<Calendar, 'years'>): boolean {
  const year = calendar.years[date.slice(0, 4)];
  if (year?.workdays.includes(date)) return true;
  if (year?.holidays.includes(date)) return false;
  const d = weekday(date);
  return d !== 0 && d !== 6;
}

export function nextWorkingDay(date: string, calendar: Pick<Calendar, 'years'>): string {
  let d = addDays(date, 1);
  // A calendar whose every day is a holiday would loop: no real calendar has a year of it.
  for (let i = 0; i < 3660 && !isWorkingDay(d, calendar); i++) d = addDays(d, 1);
  return d;
}

/** The day a count starts from: the local day, or the next working day when the instant is
 * on a non-working day or at or after the end of office hours. */
export function startDay(instant: Date, calendar: Calendar): string {
  const { date, minutes } = localParts(instant, calendar.timeZone);
  if (isWorkingDay(date, calendar) && minutes < minutesOf(calendar.officeHours.end)) return date;
  return nextWorkingDay(date, calendar);
}

/** The n-th working day after `date` (n = 0 gives `date` itself). */
export function nthWorkingDayAfter(date: string, n: number, calendar: Pick<Calendar, 'years'>): string {
  let d = date;
  for (let i = 0; i < n; i++) d = nextWorkingDay(d, calendar);
  return d;
}

/** When a limit of n working days that starts at `from` ends. */
export function workingDaysDue(from: Date, n: number, calendar: Calendar): Date {
  return endOfLocalDay(nthWorkingDayAfter(startDay(from, calendar), n, calendar), calendar.timeZone);
}

/**
 * Working days a running clock used between two instants: those after the start day of
 * `from`, up to and including the start day of `to`. So a clock stopped and restarted at
 * the same instant ends when it would have ended, and a day partly used counts as used
 * (the day a clock restarts does not count, as the day of acceptance does not).
 */
export function workingDaysUsed(from: Date, to: Date, calendar: Calendar): number {
  const first = startDay(from, calendar);
  const last = startDay(to, calendar);
  let used = 0;
  for (let d = nextWorkingDay(first, calendar); d <= last; d = nextWorkingDay(d, calendar)) used++;
  return used;
}

/** Working days left from `now` until `due` (0 once the due day has come). */
export function workingDaysLeft(now: Date, due: Date, calendar: Calendar): number {
  if (due.getTime() <= now.getTime()) return 0;
  const today = localDate(now, calendar.timeZone);
  const dueDay = localDate(due, calendar.timeZone);
  let left = 0;
  for (let d = today; d < dueDay; d = nextWorkingDay(d, calendar)) left++;
  return left;
}

/** The instant of a local date and "HH:MM" time in the zone. */
export function atLocalTime(date: string, hhmm: string, timeZone: string): Date {
  return new Date(instantOf(date, minutesOf(hhmm) * 60, timeZone));
}

/** The n-th working day before `date` (n = 0 gives `date` itself). */
export function nthWorkingDayBefore(date: string, n: number, calendar: Pick<Calendar, 'years'>): string {
  let d = date;
  for (let i = 0; i < n; i++) {
    d = addDays(d, -1);
    for (let j = 0; j < 3660 && !isWorkingDay(d, calendar); j++) d = addDays(d, -1);
  }
  return d;
}
