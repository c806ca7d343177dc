import { caseWorkflow } from '#adapters/workflow.ts';
import { awsRuntime } from '#app/aws.ts';
import { touched } from '#app/run.ts';
import { reviewerOf } from '#core/access.ts';
import { recordPostCheck } from '#core/case/commitment.ts';
import type { PostCheckInput } from '#core/schemas.ts';
import { reviewView } from '#core/views.ts';
import { caseCommand, caseRoute } from '#http/case-route.ts';
import { contract } from '#http/routes/record-post-check.ts';

export const route = contract['POST /applications/{caseId}/reviews/{department}/post-check'];

// A department approving on commitment checks afterwards: passed, or failed with reasons (the
// case is rejected while in review; an approved case's permit is revoked from the stream).
export const command = caseCommand<{ caseId: string; department: string }, PostCheckInput>({
  access: ({ params }) => reviewerOf(params.department),
  decide: ({ case: agg, input: { params, body }, actor, now }) => {
    const { change, review } = recordPostCheck({ aggregate: agg, department: params.department, check: body, reviewer: actor.sub, now });
    return { change, outcome: (_after, committed) => ({ reply: { body: reviewView(review) }, effects: { wake: touched(committed) } }) };
  },
});

export const handler = caseRoute(route, command, awsRuntime({ workflow: caseWorkflow }));
