import { awsRuntime } from '#app/aws.ts';
import { ownCase } from '#core/access.ts';
import { rateCase, ratingsView } from '#core/case/rating.ts';
import type { RatingInput } from '#core/schemas.ts';
import { caseCommand, caseRoute } from '#http/case-route.ts';
import { contract } from '#http/routes/ratings.ts';

export const route = contract['POST /applications/{caseId}/rating'];

// The applicant rates after the outcome, or changes a rating within the service's window.
export const command = caseCommand<{ caseId: string }, RatingInput>({
  access: () => ownCase,
  decide: ({ case: own, input: { body }, now, calendar }) => ({
    change: rateCase(own, body, now, calendar),
    outcome: (after) => ({ reply: { body: ratingsView(after, calendar) } }),
  }),
});

export const handler = caseRoute(route, command, awsRuntime());
