// Shared by the department's actions on a review (decision, extension): commit the action,
// wake the workflow where it must, and answer 409 when the review was already due.
import { touched } from '#app/run.ts';
import { reviewerOf } from '#core/access.ts';
import type { ReviewAction, ReviewContext } from '#core/case/review-actions.ts';
import { alreadySettled } from '#core/errors.ts';
import { reviewView } from '#core/views.ts';
import { caseCommand } from '#http/case-route.ts';

type ReviewParams = { caseId: string; department: string };

const SETTLED = { APPROVED: 'ReviewsApproved', REJECTED: 'ReviewsRejected', CORRECTION_REQUESTED: 'CorrectionRequests' } as const;

export const reviewCommand = <B>(action: (context: ReviewContext, body: B) => ReviewAction) =>
  caseCommand<ReviewParams, B>({
    access: ({ params }) => reviewerOf(params.department),
    decide: ({ case: agg, input: { params, body }, actor, now, calendar }) => {
      const done = action({ aggregate: agg, department: params.department, reviewer: actor.sub, now, calendar }, body);
      const metric = done.kind === 'late' ? 'DeemedApprovals' : SETTLED[done.review.status as keyof typeof SETTLED];
      return {
        change: done.change,
        outcome: (_after, committed) => ({
          reply: { body: reviewView(done.review) },
          // this review's task, and those of the reviews an outcome closed
          effects: { wake: touched(committed), count: metric ? { [metric]: 1 } : {} },
          refusal: done.kind === 'late' ? alreadySettled(params.department, done.review.status, done.review.decidedAt) : undefined,
        }),
      };
    },
  });
