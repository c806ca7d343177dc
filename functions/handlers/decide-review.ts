import { z } from 'zod';
import { decideReview } from '#core/case.ts';
import { decisionSchema, departmentCodeSchema } from '#core/schemas.ts';
import { httpRoute } from '#http/api.ts';
import { actOnReview } from './review-action.ts';

export const params = z.object({ caseId: z.string().min(1).max(64), department: departmentCodeSchema });

export const handler = httpRoute({ auth: true, params, body: decisionSchema }, ({ principal, params, body }) =>
  actOnReview(principal, params.caseId, params.department, (agg, now, calendar) =>
    decideReview(agg, params.department, body, principal.sub, now, calendar),
  ),
);
