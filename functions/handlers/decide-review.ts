import { decideReview } from '#core/case.ts';
import { decisionSchema } from '#core/schemas.ts';
import { httpRoute } from '#http/api.ts';
import { actOnReview } from './review-action.ts';

import { reviewParams as params } from './params.ts';

export const handler = httpRoute({ auth: true, params, body: decisionSchema }, ({ principal, params, body }) =>
  actOnReview(principal, params.caseId, params.department, (agg, now, calendar) =>
    decideReview(agg, params.department, body, principal.sub, now, calendar),
  ),
);
