import { awsRuntime } from '#app/aws.ts';
import { reviewerOf } from '#core/access.ts';
import { fileOpinion } from '#core/case/review-actions.ts';
import { reviewView } from '#core/views.ts';
import { caseCommand, caseRoute } from '#http/case-route.ts';
import { contract } from '#http/routes/file-opinion.ts';

export const route = contract['POST /applications/{caseId}/reviews/{department}/opinion'];

// A department deemed to approve files its opinion afterwards; the outcome stands.
export const command = caseCommand<{ caseId: string; department: string }, { comment: string }>({
  access: ({ params }) => reviewerOf(params.department),
  decide: ({ case: agg, input: { params, body }, actor, now }) => {
    const { change, review } = fileOpinion({
      aggregate: agg,
      department: params.department,
      comment: body.comment,
      reviewer: actor.sub,
      now,
    });
    return { change, outcome: () => ({ reply: { body: reviewView(review) } }) };
  },
});

export const handler = caseRoute(route, command, awsRuntime());
