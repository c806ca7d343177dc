// Read, decide, commit, and on a conflict read and decide again: how every change to a case
// is made, whichever store holds it. Deciding is pure, so deciding again is safe; the
// store's version-checked commit lets one writer win, and the loser learns what won.
import type { Calendar } from '#core/calendar.ts';
import { type CaseAggregate, type CaseChange, isSettled } from '#core/case/model.ts';
import { concludeCase, outcomeOf } from '#core/case/outcome.ts';
import { type CaseStore, VersionConflict } from '#core/case-store.ts';

/** What a change is made with: the store, the current calendar, the clock, a retry counter. */
export interface CaseDeps {
  store: CaseStore;
  calendar: () => Promise<Calendar>;
  now: () => Date;
  /** Told of every change decided again after a conflict. */
  retried: () => void;
}

export type Decide<T> = (
  agg: CaseAggregate | undefined,
  calendar: Calendar,
) => { change: CaseChange | null; result: (after: CaseAggregate | undefined, change: CaseChange | null) => T };

/** Changes decided again because what they read had changed meanwhile (this process instance). */
export const commitRetries = { count: 0 };

/**
 * Read the case (or start from `read`, the case as just read), let `decide` compute a change
 * from it with the current calendar, commit; on a version conflict read again and decide
 * again. A settlement that leaves the case open as it read it looks whether the outcome is
 * known now, and concludes the case then (concludeIfDecided).
 *
 * Settling a review and concluding the case are two writes when other reviews were settled
 * meanwhile. A writer that stops between them (a crash) leaves a case open whose reviews
 * already show its outcome: whoever uses the case next (any command, a read included)
 * concludes it first (the repair), then decides on the concluded case. The watchdog looks
 * at every open case once its last review is past due (watchdog.ts, 'conclude'), so such a
 * case is concluded even when no one else touches it.
 */
export async function mutate<T>(
  deps: CaseDeps,
  caseId: string,
  decide: Decide<T>,
  options: { read?: CaseAggregate; attempts?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? 12;
  let read = options.read;
  for (let attempt = 1; ; attempt++) {
    const [found, calendar] = await Promise.all([read ?? deps.store.load(caseId), deps.calendar()]);
    read = undefined;
    try {
      const repair = found ? concludeCase(found, deps.now()) : null;
      const before = repair ? await deps.store.commit(found, repair, calendar) : found;
      const decided = decide(before, calendar);
      const change = decided.change;
      const result = repair
        ? (after: CaseAggregate | undefined, made: CaseChange | null) => decided.result(after, merge(repair, made))
        : decided.result;
      if (!change) return result(before, null);
      const after = await deps.store.commit(before, change, calendar);
      const concluded =
        before && settlesAReview(before, change) && after.record.status === 'IN_REVIEW'
          ? await concludeIfDecided(
              deps,
              caseId,
              change.reviews.map((r) => r.department),
            )
          : undefined;
      if (concluded)
        return result(concluded.after, {
          ...concluded.change,
          reviews: [...change.reviews, ...concluded.change.reviews],
          events: [...change.events, ...concluded.change.events],
        });
      return result(after, change);
    } catch (err) {
      if (!(err instanceof VersionConflict) || attempt >= attempts) throw err;
      commitRetries.count += 1;
      deps.retried();
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    }
  }
}

/** Two changes committed one after the other, as one (the reviews and events of both). */
const merge = (first: CaseChange, then: CaseChange | null): CaseChange =>
  then ? { record: then.record, reviews: [...first.reviews, ...then.reviews], events: [...first.events, ...then.events] } : first;

/** Whether a change settles a review that was open. */
function settlesAReview(before: CaseAggregate | undefined, change: CaseChange) {
  return change.reviews.some((r) => isSettled(r) && !before?.reviews.some((b) => b.department === r.department && isSettled(b)));
}

/**
 * After a settlement that left the case open as it read it: other reviews may have been
 * settled meanwhile, each seeing this one open. Whoever finds the outcome known concludes
 * the case, once: the conclusion holds the case at its version. When several settle at
 * one instant (reviews falling due together), the one decided last concludes at once from
 * what it has just read, and the others give it a moment before they look again, so they
 * do not race to conclude.
 */
async function concludeIfDecided(
  deps: CaseDeps,
  caseId: string,
  settled: string[],
): Promise<{ after: CaseAggregate; change: CaseChange } | undefined> {
  const agg = await deps.store.load(caseId);
  if (agg?.record.status !== 'IN_REVIEW' || !outcomeOf(agg.reviews)) return undefined;
  const lastFirst = [...agg.reviews].sort(
    (a, b) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? '') || a.department.localeCompare(b.department),
  );
  const rank = Math.max(
    0,
    lastFirst.findIndex((r) => settled.includes(r.department)),
  );
  if (rank > 0) await new Promise((r) => setTimeout(r, rank * 300));
  return mutate(
    deps,
    caseId,
    (current) => {
      const change = current ? concludeCase(current, deps.now()) : null;
      return { change, result: (after, made) => (after && made ? { after, change: made } : undefined) };
    },
    // the one decided last concludes from what it has just read; the others read again
    rank === 0 ? { read: agg } : {},
  );
}
