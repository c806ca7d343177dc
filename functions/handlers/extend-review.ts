import { extendReview } from '#core/case.ts';
import { extensionSchema } from '#core/schemas.ts';
import { httpRoute } from '#http/api.ts';
import { reviewParams as params } from './params.ts';
import { actOnReview } from './review-action.ts';

export const handler = httpRoute({ auth: true, params, body: extensionSchema }, ({ principal, params, body }) =>
  actOnReview(principal, params.caseId, params.department, (agg, now, calendar) =>
    extendReview(agg, params.department, body, principal.sub, now, calendar),
  ),
);
