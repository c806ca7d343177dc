import { currentCalendar } from '#adapters/calendar-store.ts';
import { mutateCase } from '#adapters/case-store.ts';
import { stopCaseWorkflow } from '#adapters/workflow.ts';
import { ownCase } from '#core/access.ts';
import { withdrawCase } from '#core/case.ts';
import { caseView } from '#core/views.ts';
import { httpRoute } from '#http/api.ts';
import { contract } from '#http/routes/withdraw-application.ts';

export const handler = httpRoute(contract['POST /applications/{caseId}/withdraw'], async ({ principal, params }) => {
  const after = await mutateCase(params.caseId, (agg) => {
    const own = ownCase(principal, agg, params.caseId);
    return { change: withdrawCase(own, new Date()), result: (a) => a! };
  });
  // Open reviews are settled as WITHDRAWN in the table; stopping the execution only saves
  // the wait. If the stop is lost, every waiting task finds its review settled.
  await stopCaseWorkflow(params.caseId, 'withdrawn by the applicant');
  return { body: caseView(after, new Date(), await currentCalendar()) };
});
