import { extensionSchema } from '#core/schemas.ts';
import { reviewParams, type RouteContract } from './common.ts';

export const contract = {
  'POST /applications/{caseId}/reviews/{department}/extension': {
    operationId: 'extendReview',
    summary: 'Extend the limit once, before it expires',
    who: 'reviewers of the department',
    auth: true,
    status: 200,
    params: reviewParams,
    body: extensionSchema,
    errors: [403, 404, 409],
  },
} satisfies Record<string, RouteContract>;
