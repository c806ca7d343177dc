// The port every use case reads and commits a case through, and the one pure step that
// turns a change into what is written: the versions the items are held at, the audit chain,
// the watchdog's alert index and the statistics deltas, all from the calendar the change
// was decided with. The DynamoDB adapter (functions/adapters/case-store.ts) and the
// in-memory one (functions/adapters/memory-case-store.ts) write what this step computes.
import { appendEvents, inOrder } from './audit.ts';
import type { Calendar } from './calendar.ts';
import type { CaseAggregate, CaseChange, CaseRecord, ReviewRecord, TimelineEvent } from './case/model.ts';
import type { PermitRecord } from './permit.ts';
import { type StatDelta, statDeltas } from './stats.ts';
import { alertIndex, type WatchdogSettings } from './watchdog.ts';

export interface CaseStore {
  /** The case with its reviews and timeline, read consistently; undefined when there is none. */
  load(caseId: string): Promise<CaseAggregate | undefined>;
  /**
   * Commit a change made on `before` (undefined for a new case) in one transaction, or fail
   * with VersionConflict when an item it read changed meanwhile. Returns the case as written.
   */
  commit(before: CaseAggregate | undefined, change: CaseChange, calendar: Calendar): Promise<CaseAggregate>;
  /** Delete the case with its reviews and timeline (its retention has ended); the statistics it counted stay. */
  erase(caseId: string): Promise<void>;
}

export class VersionConflict extends Error {
  constructor(caseId: string) {
    super(`case ${caseId} changed while this change was being made`);
    this.name = 'VersionConflict';
  }
}

/** What committing a change writes, and the case it leaves. */
export interface CommitPlan {
  /** The case item is rewritten, held at `expected` (absent for a new case). */
  caseLevel: boolean;
  expected: number | undefined;
  record: CaseRecord;
  /** Reviews written, each with its next revision, beside the review as read (held at it). */
  written: { review: ReviewRecord; read: ReviewRecord | undefined }[];
  /** Events appended to their chains. */
  events: TimelineEvent[];
  /** The watchdog's next instants: the case's and each review's. */
  alerts: { case: string | undefined; reviews: Map<string, string | undefined> };
  stats: StatDelta[];
  /** The case's permit, written at the version it was read (a new one only if there is none). */
  permit: PermitRecord | undefined;
  after: CaseAggregate;
}

/**
 * The items a change rewrites are held at the versions it read: the case item only when
 * the case itself changes (its record, or an event of the case's own chain), each review it
 * touches at its revision and arming. So changes to different reviews of one case do not
 * contend; a change that decides or ends the case rewrites every open review and so comes
 * after any settlement of them.
 */
export function planCommit(
  before: CaseAggregate | undefined,
  change: CaseChange,
  calendar: Calendar,
  watchdog: WatchdogSettings,
): CommitPlan {
  const expected = before?.record.version;
  const caseLevel = !before || change.record !== before.record || change.events.some((e) => !e.department);
  const record = caseLevel ? { ...change.record, version: (expected ?? -1) + 1 } : before.record;
  const events = appendEvents(record.caseId, before?.timeline ?? [], change.events);
  const previous = new Map(before?.reviews.map((r) => [r.department, r]));
  const written = change.reviews.map((r) => ({
    review: { ...r, rev: (previous.get(r.department)?.rev ?? -1) + 1 },
    read: previous.get(r.department),
  }));
  const changed = new Map(written.map(({ review }) => [review.department, review]));
  const reviews = [
    ...(before?.reviews.map((r) => changed.get(r.department) ?? r) ?? []),
    ...written.filter(({ read }) => !read).map(({ review }) => review),
  ];
  return {
    caseLevel,
    expected,
    record,
    written,
    events,
    alerts: alertIndex({ record, reviews }, calendar, watchdog),
    stats: statDeltas(record, events, calendar),
    permit: change.permit,
    after: { record, reviews, timeline: inOrder([...(before?.timeline ?? []), ...events]) },
  };
}
