// The Calendars port held in memory, for the handlers' unit tests. Like the DynamoDB adapter
// (./calendar-store.ts) it keeps the current calendar and every version saved, answers the
// default calendar (version 0) where there is none, and saves a new version only while the
// current one is still the version it was made from: otherwise CONFLICT, or
// PRECONDITION_FAILED when the client named the version it read.
import type { Calendars } from '#app/ports.ts';
import { type Calendar, defaultCalendar } from '#core/calendar.ts';
import { conflict, preconditionFailed } from '#core/errors.ts';

const copy = <T>(value: T): T => structuredClone(value);

export class MemoryCalendars implements Calendars {
  /** Every version saved, by number. */
  readonly versions = new Map<number, Calendar>();
  private stored: Calendar | undefined;
  private readonly now: () => Date;
  private readonly kept: number;

  /** Start with `initial` saved (none: the default calendar applies); `keptMs` is how long others keep what they read. */
  constructor(initial?: Calendar, opts: { now?: () => Date; keptMs?: number } = {}) {
    this.now = opts.now ?? (() => new Date());
    this.kept = opts.keptMs ?? 0;
    if (initial) this.put(initial);
  }

  /** The calendar in force. */
  get current(): Calendar {
    return copy(this.stored ?? defaultCalendar);
  }

  /** Make `calendar` the one in force, kept as its version too (as if it had been saved). */
  put(calendar: Calendar): void {
    this.stored = copy(calendar);
    this.versions.set(calendar.version, copy(calendar));
  }

  async getCalendar(version?: number): Promise<Calendar> {
    return copy((version === undefined ? this.stored : this.versions.get(version)) ?? defaultCalendar);
  }

  async saveCalendar(
    current: Calendar,
    next: Omit<Calendar, 'version' | 'updatedAt'>,
    refusal: 'conflict' | 'precondition' = 'conflict',
  ): Promise<Calendar> {
    const stale = current.version === 0 ? this.stored !== undefined : this.stored?.version !== current.version;
    if (stale)
      throw refusal === 'precondition'
        ? preconditionFailed(`the calendar is no longer at version ${current.version}; read it again`)
        : conflict('the calendar changed meanwhile; read it again and retry');
    const saved: Calendar = { ...copy(next), version: current.version + 1, updatedAt: this.now().toISOString() };
    this.put(saved);
    return copy(saved);
  }

  keptMs(): number {
    return this.kept;
  }
}
