import { listCases } from '#adapters/case-queries.ts';
import type { CaseQueries } from '#app/ports.ts';
import { isAdmin } from '#core/access.ts';
import { caseSummary } from '#core/views.ts';
import { httpRoute } from '#http/api.ts';
import { contract } from '#http/routes/list-applications.ts';

// Applicants see their own cases; admins see every case. Newest first.
export const listApplicationsRoute = (queries: Pick<CaseQueries, 'listCases'>) =>
  httpRoute(contract['GET /applications'], async ({ principal, query }) => {
    const page = await queries.listCases(isAdmin(principal) ? { all: true } : { applicantSub: principal.sub }, query);
    return { body: { items: page.items.map(caseSummary), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) } };
  });

export const handler = listApplicationsRoute({ listCases });
