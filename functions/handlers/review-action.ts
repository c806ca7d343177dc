// Shared by the department's actions on a review (decision, extension): commit the action,
// wake the workflow where it must, and answer 409 when the review was already due.
import { mutateCase } from '#adapters/case-store.ts';
import { count } from '#adapters/powertools.ts';
import { touched, wakeTasks } from '#adapters/workflow.ts';
import { requireReviewer, visibleCase, type Principal } from '#core/access.ts';
import type { CaseAggregate, ReviewAction } from '#core/case.ts';
import type { Calendar } from '#core/calendar.ts';
import { alreadySettled } from '#core/errors.ts';
import { reviewView } from '#core/views.ts';

export async function actOnReview(
  principal: Principal,
  caseId: string,
  department: string,
  action: (agg: CaseAggregate, now: Date, calendar: Calendar) => ReviewAction,
) {
  const { outcome, after, woken } = await mutateCase(caseId, (agg, calendar) => {
    visibleCase(principal, agg, caseId);
    requireReviewer(principal, department);
    const outcome = action(agg!, new Date(), calendar);
    return { change: outcome.change, result: (after, change) => ({ outcome, after: after!, woken: touched(change) }) };
  });
  // this review's task, and those of the reviews an outcome closed
  await wakeTasks(after, woken);
  const settled = { APPROVED: 'ReviewsApproved', REJECTED: 'ReviewsRejected', CORRECTION_REQUESTED: 'CorrectionRequests' } as const;
  const metric = outcome.kind === 'late' ? 'DeemedApprovals' : settled[outcome.review.status as keyof typeof settled];
  if (metric) count(metric);
  if (outcome.kind === 'late') throw alreadySettled(department, outcome.review.status, outcome.review.decidedAt);
  return { body: reviewView(outcome.review) };
}
