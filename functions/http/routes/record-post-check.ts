import { postCheckSchema } from '#core/schemas.ts';
import { reviewParams, type RouteContract } from './common.ts';

export const contract = {
  'POST /applications/{caseId}/reviews/{department}/post-check': {
    operationId: 'recordPostCheck',
    summary: 'Record the check after an approval on commitment',
    who: 'reviewers of the department',
    auth: true,
    status: 200,
    params: reviewParams,
    body: postCheckSchema,
    errors: [403, 404, 409],
  },
} satisfies Record<string, RouteContract>;
