import { listReviews } from '#adapters/case-queries.ts';
import type { CaseQueries } from '#app/ports.ts';
import { isAdmin, requireReviewer } from '#core/access.ts';
import { reviewTask } from '#core/views.ts';
import { httpRoute } from '#http/api.ts';
import { contract } from '#http/routes/list-reviews.ts';

// A department's work list, earliest due first.
export const listReviewsRoute = (queries: Pick<CaseQueries, 'listReviews'>) =>
  httpRoute(contract['GET /reviews'], async ({ principal, query }) => {
    if (!isAdmin(principal)) requireReviewer(principal, query.department);
    const page = await queries.listReviews(query.department, query.status, query);
    return { body: { items: page.items.map(reviewTask), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) } };
  });

export const handler = listReviewsRoute({ listReviews });
