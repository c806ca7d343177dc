import { awsRuntime } from '#app/aws.ts';
import { isAdmin, type Principal, reviewsFor, visibleCase } from '#core/access.ts';
import type { CaseAggregate } from '#core/case/model.ts';
import { answerRating, ratingsView } from '#core/case/rating.ts';
import { forbidden } from '#core/errors.ts';
import { caseCommand, caseRoute } from '#http/case-route.ts';
import { contract } from '#http/routes/ratings.ts';

export const route = contract['POST /applications/{caseId}/ratings/{department}/answer'];

/** The department answers for itself (its reviewers), or a service-centre admin for it. */
const answererFor = (department: string) => (p: Principal, agg: CaseAggregate | undefined, caseId: string) => {
  const visible = visibleCase(p, agg, caseId);
  if (!isAdmin(p) && !reviewsFor(p, department)) throw forbidden(`only ${department} or an admin answers its rating`);
  return visible;
};

export const command = caseCommand<{ caseId: string; department: string }, { answer: string }>({
  access: ({ params }) => answererFor(params.department),
  decide: ({ case: agg, input: { params, body }, actor, now, calendar }) => ({
    change: answerRating(agg, params.department, body.answer, `${isAdmin(actor) ? 'admin' : 'reviewer'}:${actor.sub}`, now),
    outcome: (after) => ({ reply: { body: ratingsView(after, calendar) } }),
  }),
});

export const handler = caseRoute(route, command, awsRuntime());
