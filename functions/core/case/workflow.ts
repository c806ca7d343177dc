// The Step Functions workflow's view of a case: the reviews it waits on, and the callback
// tasks it armed for them.
import { waitSeconds } from '../clock.ts';
import { wakeAt } from './deadlines.ts';
import { isFinal, isSettled, type CaseAggregate, type CaseRecord, type ReviewRecord } from './model.ts';

/** A callback task the workflow armed for a review: its token, when it was entered, and the instant its timeout ends. */
export interface ArmedTask {
  taskToken: string;
  dispatchedAt: string;
  armedFor: string;
}

/**
 * The workflow armed a callback task for a review. The newest arming wins: a retried or
 * redelivered dispatch of an earlier arming never replaces a later task token. Null when
 * there is nothing to record. (The store applies the same rule in one conditional update
 * of the review item.)
 */
export function recordDispatch(review: ReviewRecord, task: ArmedTask): ReviewRecord | null {
  if (review.dispatchedAt && Date.parse(review.dispatchedAt) > Date.parse(task.dispatchedAt)) return null;
  if (review.taskToken === task.taskToken) return null;
  return { ...review, ...task };
}

/**
 * What a freshly armed task must do now: complete at once (its review is already settled,
 * e.g. a re-run of the workflow), be re-armed (its timeout ends later than the review must
 * be looked at, e.g. an execution restarted from its input), or wait.
 */
export function dispatchAction(record: CaseRecord | undefined, review: ReviewRecord, now: Date): 'complete' | 'rearm' | 'wait' {
  if (isSettled(review) || (record && isFinal(record))) return 'complete';
  return armedTooLate(record ? wakeAt(record, review) : review.dueBy, review.armedFor, now) ? 'rearm' : 'wait';
}

/**
 * A task's timeout is whole seconds (at least one) from when its state was entered, so it
 * ends up to a second after the instant it waits for, plus the moments between planning and
 * arming. It is re-armed only when that would wake it more than this margin earlier: never
 * when it is already as early as a new task could be (the review is due, or nearly).
 */
export const REARM_MARGIN_MS = 2_000;
const armedTooLate = (wake: string | undefined, armedFor: string | undefined, now: Date) => {
  if (!wake || !armedFor) return false;
  const earliest = Math.max(Date.parse(wake), now.getTime() + 1_000);
  return Date.parse(armedFor) - earliest > REARM_MARGIN_MS;
};

/**
 * Reviews whose waiting task was armed for a later instant than the review now needs: the
 * workflow must be woken to wait again for the earlier one.
 */
export function tasksToRearm(after: CaseAggregate, now: Date): ReviewRecord[] {
  return after.reviews.filter((r) => r.taskToken && armedTooLate(wakeAt(after.record, r), r.armedFor, now));
}

/** The reviews the workflow waits on, each with the instant to wake for and the wait. */
export function reviewPlan(aggregate: CaseAggregate, now: Date) {
  return aggregate.reviews.map((r) => {
    const wake = wakeAt(aggregate.record, r) ?? now.toISOString();
    return { caseId: r.caseId, department: r.department, armedFor: wake, timeoutSeconds: waitSeconds(wake, now) };
  });
}
