// The CaseStore port held in memory, for running use cases without a table (the handlers'
// unit tests). It writes what planCommit computes, under the same conditions as the
// DynamoDB adapter: the case item at the version read (absent for a new case), each review
// at the revision and arming read, each event only once; a change made on a stale read is
// refused with VersionConflict and nothing of it is written.
import { inOrder } from '#core/audit.ts';
import type { Calendar } from '#core/calendar.ts';
import type { ArmedTask } from '#core/case/workflow.ts';
import type { CaseAggregate, CaseChange, CaseRecord, ReviewRecord } from '#core/case/model.ts';
import { type CaseStore, planCommit, VersionConflict } from '#core/case-store.ts';
import type { PermitRecord } from '#core/permit.ts';
import { DEFAULT_WATCHDOG, type WatchdogSettings } from '#core/watchdog.ts';

const copy = <T>(value: T): T => structuredClone(value);

export class MemoryCaseStore implements CaseStore {
  readonly cases = new Map<string, CaseAggregate>();
  /** The watchdog's next instant per case and per review (`caseId` or `caseId#department`). */
  readonly alerts = new Map<string, string>();
  /** The statistics counters, by `period#scope#key`. */
  readonly stats = new Map<string, Record<string, number>>();
  /** Permits by number. */
  readonly permits = new Map<string, PermitRecord>();
  /** Commits refused because what they read had changed. */
  refused = 0;

  private readonly watchdog: WatchdogSettings;

  constructor(watchdog: WatchdogSettings = DEFAULT_WATCHDOG) {
    this.watchdog = watchdog;
  }

  async load(caseId: string): Promise<CaseAggregate | undefined> {
    const stored = this.cases.get(caseId);
    return stored && copy(stored);
  }

  async commit(before: CaseAggregate | undefined, change: CaseChange, calendar: Calendar): Promise<CaseAggregate> {
    const plan = planCommit(before, change, calendar, this.watchdog);
    const { caseId } = plan.record;
    const stored = this.cases.get(caseId);
    const storedReview = (department: string) => stored?.reviews.find((r) => r.department === department);
    const stale =
      (plan.caseLevel && (plan.expected === undefined ? stored !== undefined : stored?.record.version !== plan.expected)) ||
      plan.written.some(({ review, read }) => !asRead(storedReview(review.department), read)) ||
      plan.events.some((e) => stored?.timeline.some((t) => t.seq === e.seq && t.department === e.department)) ||
      (plan.permit !== undefined && (this.permits.get(plan.permit.number)?.version ?? -1) !== plan.permit.version - 1);
    if (stale) {
      this.refused += 1;
      throw new VersionConflict(caseId);
    }
    const written = new Map(plan.written.map(({ review }) => [review.department, review]));
    const kept = stored?.reviews.filter((r) => !written.has(r.department)) ?? [];
    this.cases.set(
      caseId,
      copy({
        record: plan.caseLevel || !stored ? plan.record : stored.record,
        reviews: [...kept, ...written.values()],
        timeline: inOrder([...(stored?.timeline ?? []), ...plan.events]),
      }),
    );
    if (plan.permit) this.permits.set(plan.permit.number, copy(plan.permit));
    const alert = (key: string, at: string | undefined) => (at ? this.alerts.set(key, at) : this.alerts.delete(key));
    if (plan.caseLevel) alert(caseId, plan.alerts.case);
    for (const department of written.keys()) alert(`${caseId}#${department}`, plan.alerts.reviews.get(department));
    for (const d of plan.stats) {
      const key = `${d.period}#${d.scope}#${d.key}`;
      const sum = this.stats.get(key) ?? {};
      for (const [name, n] of Object.entries(d.add)) sum[name] = (sum[name] ?? 0) + n;
      this.stats.set(key, sum);
    }
    return copy(plan.after);
  }

  async getPermit(number: string): Promise<PermitRecord | undefined> {
    const stored = this.permits.get(number);
    return stored && copy(stored);
  }

  async erase(caseId: string): Promise<void> {
    const stored = this.cases.get(caseId);
    this.cases.delete(caseId);
    this.alerts.delete(caseId);
    for (const r of stored?.reviews ?? []) this.alerts.delete(`${caseId}#${r.department}`);
  }

  /** Record an armed callback task on a review, as the table's conditional update does: the newest arming wins. */
  async arm(caseId: string, department: string, task: ArmedTask): Promise<ReviewRecord | undefined> {
    const review = this.cases.get(caseId)?.reviews.find((r) => r.department === department);
    if (!review) throw new Error(`no review by ${department} on case ${caseId}`);
    if (review.dispatchedAt && review.dispatchedAt > task.dispatchedAt) return undefined;
    Object.assign(review, task);
    return copy(review);
  }

  /** The case item alone. */
  async record(caseId: string): Promise<CaseRecord | undefined> {
    const stored = this.cases.get(caseId);
    return stored && copy(stored.record);
  }
}

/** A review is written only as it was read: at its revision, with the same arming. */
function asRead(stored: ReviewRecord | undefined, read: ReviewRecord | undefined): boolean {
  if (!read) return stored === undefined;
  return stored !== undefined && stored.rev === read.rev && stored.dispatchedAt === read.dispatchedAt;
}
