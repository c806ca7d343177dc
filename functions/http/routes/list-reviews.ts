import { listReviewsQuerySchema } from '#core/schemas.ts';
import type { RouteContract } from './common.ts';

export const contract = {
  'GET /reviews': {
    operationId: 'listReviews',
    summary: "A department's work list, earliest due first",
    who: 'reviewers of the department, admins',
    auth: true,
    status: 200,
    query: listReviewsQuerySchema,
    errors: [403],
  },
} satisfies Record<string, RouteContract>;
