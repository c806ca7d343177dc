import { listCases } from '#adapters/case-store.ts';
import { isAdmin } from '#core/access.ts';
import { listApplicationsQuerySchema } from '#core/schemas.ts';
import { caseSummary } from '#core/views.ts';
import { httpRoute } from '#http/api.ts';

// Applicants see their own cases; admins see every case. Newest first.
export const handler = httpRoute({ auth: true, query: listApplicationsQuerySchema }, async ({ principal, query }) => {
  const page = await listCases(isAdmin(principal) ? { all: true } : { applicantSub: principal.sub }, query);
  return { body: { items: page.items.map(caseSummary), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) } };
});
