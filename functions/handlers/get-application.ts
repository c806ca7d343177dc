import { currentCalendar } from '#adapters/calendar-store.ts';
import { loadCase } from '#adapters/case-store.ts';
import { visibleCase } from '#core/access.ts';
import { caseView } from '#core/views.ts';
import { httpRoute } from '#http/api.ts';
import { contract } from '#http/routes/get-application.ts';


export const handler = httpRoute(contract['GET /applications/{caseId}'], async ({ principal, params }) => {
  const [agg, calendar] = await Promise.all([loadCase(params.caseId), currentCalendar()]);
  return { body: caseView(visibleCase(principal, agg, params.caseId), new Date(), calendar) };
});
