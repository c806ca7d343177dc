// Approval on commitment: a service may let the applicant sign a commitment text, and each
// department that allows it approves at acceptance (APPROVED_ON_COMMITMENT) and checks
// afterwards, within its own working-day limit. The check passes, or fails with reasons: a
// failure while the case is in review rejects it (the department's approval falls); once
// the case is approved, its permit is revoked. A check not made in time is recorded against
// the department; it may still follow. A case that ends without a permit closes its open checks.
import type { Calendar } from '../calendar.ts';
import { clockDue, startClock } from '../clock.ts';
import { conflict, DomainError } from '../errors.ts';
import type { ApplicationInput, DepartmentRoute, PostCheckInput, Service } from '../schemas.ts';
import {
  reviewChange,
  reviewOf,
  WATCHDOG_ACTOR,
  WORKFLOW_ACTOR,
  type CaseAggregate,
  type CaseChange,
  type CaseRecord,
  type NewEvent,
  type PostCheck,
  type ReviewRecord,
} from './model.ts';
import { withOutcome } from './outcome.ts';

/** The commitment an application signs, checked against its service: a service without one takes none. */
export function signedCommitment(service: Service, input: Pick<ApplicationInput, 'commitment'>, at: string): CaseRecord['commitment'] {
  if (!input.commitment) return undefined;
  if (!service.commitment)
    throw new DomainError('VALIDATION_FAILED', `service ${service.code} takes no commitment`, {
      issues: [{ path: 'commitment', message: 'this service does not approve on commitment; leave commitment out' }],
    });
  return { text: service.commitment.text, signedAt: at };
}

/** Whether a routed department approves this case on the applicant's commitment. */
export const approvesOnCommitment = (record: CaseRecord, department: DepartmentRoute) =>
  Boolean(record.commitment && department.commitment);

/**
 * A department's review settled at acceptance on the commitment: its due time is the
 * post-check's, counted from acceptance on the department's post-check limit.
 */
export function commitmentReview(review: ReviewRecord, department: DepartmentRoute, now: Date, calendar: Calendar): ReviewRecord {
  const timeLimit = department.commitment!.postCheckLimit;
  const clock = startClock(timeLimit, now);
  return {
    ...review,
    status: 'APPROVED_ON_COMMITMENT',
    timeLimit,
    clock,
    dueBy: clockDue(clock, calendar).toISOString(),
    decidedAt: now.toISOString(),
    decidedBy: WORKFLOW_ACTOR,
    postCheck: {},
  };
}

export const commitmentEvent = (review: ReviewRecord): NewEvent => ({
  at: review.decidedAt!,
  type: 'REVIEW_APPROVED_ON_COMMITMENT',
  actor: WORKFLOW_ACTOR,
  department: review.department,
  detail: { postCheckBy: review.dueBy },
});

/** The department records its post-check. */
export function recordPostCheck(args: {
  aggregate: CaseAggregate;
  department: string;
  check: PostCheckInput;
  reviewer: string;
  now: Date;
}): { change: CaseChange; review: ReviewRecord } {
  const { aggregate, department, check, reviewer, now } = args;
  const review = reviewOf(aggregate, department);
  const done = review.postCheck;
  if (review.status !== 'APPROVED_ON_COMMITMENT' || !done)
    throw conflict(`the ${department} review was not approved on commitment; it has no post-check`, { status: review.status });
  if (done.result) throw conflict(`${department} has already made its post-check: ${done.result}`, { postCheck: done });
  if (done.closedAt)
    throw conflict(`the case ended ${aggregate.record.status}; its post-checks were closed`, { status: aggregate.record.status });
  const at = now.toISOString();
  const postCheck: PostCheck = {
    ...done,
    result: check.result,
    at,
    by: reviewer,
    ...(check.comment ? { comment: check.comment } : {}),
    ...(check.reasons?.length ? { reasons: check.reasons } : {}),
  };
  const late = Date.parse(review.dueBy) < now.getTime();
  const event: Omit<NewEvent, 'department'> = {
    at,
    type: `POST_CHECK_${check.result}`,
    actor: `reviewer:${reviewer}`,
    detail: { comment: check.comment, reasons: check.reasons, postCheckBy: review.dueBy, ...(late ? { late: true } : {}) },
  };
  if (check.result === 'PASSED') return reviewChange(aggregate, { ...review, postCheck }, event);
  const reasons = check.reasons ?? [];
  if (aggregate.record.status === 'IN_REVIEW') {
    // the approval falls: the department's review is a rejection, and most severe wins
    const rejected: ReviewRecord = { ...review, status: 'REJECTED', postCheck, comment: reasons.join('; ') };
    const { change } = reviewChange(aggregate, rejected, event);
    return { change: withOutcome(aggregate, change, now), review: rejected };
  }
  if (aggregate.record.status !== 'APPROVED')
    throw conflict(`the case is ${aggregate.record.status}; there is nothing to revoke`, { status: aggregate.record.status });
  // approved: the failure is the case's, and its permit is revoked from it (functions/handlers/issue-permit.ts)
  const record: CaseRecord = { ...aggregate.record, postCheckFailed: aggregate.record.postCheckFailed ?? { department, at, reasons } };
  return reviewChange(aggregate, { ...review, postCheck }, event, record);
}

/** The watchdog records a post-check not made by its due time against the department. */
export function missPostCheck(review: ReviewRecord, now: Date): { review: ReviewRecord; event: NewEvent } {
  const at = now.toISOString();
  return {
    review: { ...review, postCheck: { ...review.postCheck, missedAt: at } },
    event: { at, type: 'POST_CHECK_MISSED', actor: WATCHDOG_ACTOR, department: review.department, detail: { postCheckBy: review.dueBy } },
  };
}
