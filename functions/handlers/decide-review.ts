import { decideReview } from '#core/case.ts';
import { httpRoute } from '#http/api.ts';
import { contract } from '#http/routes/decide-review.ts';
import { actOnReview } from './review-action.ts';

export const handler = httpRoute(contract['POST /applications/{caseId}/reviews/{department}/decision'], ({ principal, params, body }) =>
  actOnReview(principal, params.caseId, params.department, (agg, now, calendar) =>
    decideReview(agg, params.department, body, principal.sub, now, calendar),
  ),
);
