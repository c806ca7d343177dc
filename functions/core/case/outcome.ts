// The case's outcome, as soon as it is known, and the applicant's withdrawal.
import { conflict } from '../errors.ts';
import {
  APPLICANT_ACTOR,
  closePostChecks,
  isFinal,
  isSettled,
  WORKFLOW_ACTOR,
  type CaseAggregate,
  type CaseChange,
  type ReviewRecord,
} from './model.ts';

/** The outcome as soon as it is known: any rejection rejects at once, else approved once every review is settled. */
export function outcomeOf(reviews: Pick<ReviewRecord, 'status'>[]): 'APPROVED' | 'REJECTED' | undefined {
  if (reviews.some((r) => r.status === 'REJECTED')) return 'REJECTED';
  return reviews.some((r) => !isSettled(r)) ? undefined : 'APPROVED';
}

/**
 * The outcome, as soon as it is known: any rejection rejects the case at once (most severe
 * wins), and the reviews still open are CLOSED: no longer needed, no default recorded;
 * otherwise, once every review is settled, the case is approved with every condition.
 * Null when there is nothing to do.
 */
export function concludeCase(aggregate: CaseAggregate, now: Date): CaseChange | null {
  const outcome = outcomeOf(aggregate.reviews);
  if (aggregate.record.status !== 'IN_REVIEW' || !outcome) return null;
  const rejectedBy = aggregate.reviews.filter((r) => r.status === 'REJECTED').map((r) => r.department);
  const open = aggregate.reviews.filter((r) => !isSettled(r));
  const at = now.toISOString();
  const closed = open.map((r): ReviewRecord => ({ ...r, status: 'CLOSED', decidedAt: at, decidedBy: WORKFLOW_ACTOR }));
  // a rejected case issues no permit: nothing is left to check afterwards
  const unchecked = outcome === 'REJECTED' ? closePostChecks(aggregate.reviews, at) : [];
  const conditions = aggregate.reviews
    .filter((r) => r.conditions?.length)
    .map((r) => ({ department: r.department, conditions: r.conditions }));
  return {
    record: { ...aggregate.record, status: outcome, outcome, decidedAt: at },
    reviews: [...closed, ...unchecked],
    events: [
      {
        at,
        type: `CASE_${outcome}`,
        actor: WORKFLOW_ACTOR,
        detail:
          outcome === 'REJECTED'
            ? { rejectedBy, ...(closed.length ? { closed: closed.map((r) => r.department) } : {}) }
            : conditions.length
              ? { conditions }
              : undefined,
      },
    ],
  };
}

/**
 * A change with the case's outcome folded in when the change makes it known: the
 * settlement that decides the case concludes it in the same transaction.
 */
export function withOutcome(aggregate: CaseAggregate, change: CaseChange, now: Date): CaseChange {
  const changed = new Map(change.reviews.map((r) => [r.department, r]));
  const reviews = [
    ...aggregate.reviews.map((r) => changed.get(r.department) ?? r),
    ...change.reviews.filter((r) => !aggregate.reviews.some((a) => a.department === r.department)),
  ];
  const conclusion = concludeCase({ record: change.record, reviews, timeline: aggregate.timeline }, now);
  if (!conclusion) return change;
  for (const r of conclusion.reviews) changed.set(r.department, r);
  return { record: conclusion.record, reviews: [...changed.values()], events: [...change.events, ...conclusion.events] };
}

export function withdrawCase(aggregate: CaseAggregate, now: Date): CaseChange {
  if (isFinal(aggregate.record)) throw conflict(`the case is already ${aggregate.record.status}`, { status: aggregate.record.status });
  const at = now.toISOString();
  return {
    record: { ...aggregate.record, status: 'WITHDRAWN', decidedAt: at },
    reviews: [
      ...aggregate.reviews
        .filter((r) => !isSettled(r))
        .map((r) => ({ ...r, status: 'WITHDRAWN' as const, decidedAt: at, decidedBy: APPLICANT_ACTOR })),
      ...closePostChecks(aggregate.reviews, at),
    ],
    events: [{ at, type: 'CASE_WITHDRAWN', actor: APPLICANT_ACTOR }],
  };
}
