import { decisionSchema } from '#core/schemas.ts';
import { reviewParams, type RouteContract } from './common.ts';

export const contract = {
  'POST /applications/{caseId}/reviews/{department}/decision': {
    operationId: 'decideReview',
    summary: 'Approve, reject, or request a correction',
    who: 'reviewers of the department',
    auth: true,
    status: 200,
    params: reviewParams,
    body: decisionSchema,
    errors: [403, 404, 409],
  },
} satisfies Record<string, RouteContract>;
