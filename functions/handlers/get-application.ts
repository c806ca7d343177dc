import { currentCalendar } from '#adapters/calendar-store.ts';
import { loadCase } from '#adapters/case-store.ts';
import { visibleCase } from '#core/access.ts';
import { caseView } from '#core/views.ts';
import { httpRoute } from '#http/api.ts';
import { conditionalRead, digestTag } from '#http/preconditions.ts';
import { contract } from '#http/routes/get-application.ts';

// Who may see the case is decided first (a stranger gets 404, never 304). The ETag is a digest
// of the view itself, so anything visible that changes (a decision, an event, a due date,
// the working days left) changes it; If-None-Match with it answers 304 and no body.
export const handler = httpRoute(contract['GET /applications/{caseId}'], async ({ principal, params, event }) => {
  const [agg, calendar] = await Promise.all([loadCase(params.caseId), currentCalendar()]);
  const view = caseView(visibleCase(principal, agg, params.caseId), new Date(), calendar);
  return conditionalRead(event.headers, view, digestTag(view));
});
