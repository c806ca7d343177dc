import { currentCalendar } from '#adapters/calendar-store.ts';
import { loadCase, mutateCase } from '#adapters/case-store.ts';
import { publishedService } from '#adapters/catalogue-store.ts';
import { count } from '#adapters/powertools.ts';
import { startCaseWorkflow, touched, wakeTasks } from '#adapters/workflow.ts';
import { ownCase } from '#core/access.ts';
import { lapseIfDue } from '#core/case/deadlines.ts';
import { correctCase } from '#core/case/submission.ts';
import { conflict, notFound } from '#core/errors.ts';
import { caseView } from '#core/views.ts';
import { httpRoute } from '#http/api.ts';
import { contract } from '#http/routes/correct-application.ts';

// The applicant completes an INCOMPLETE case, or answers the departments' correction round.
export const handler = httpRoute(contract['POST /applications/{caseId}/corrections'], async ({ principal, params, body }) => {
  const found = await loadCase(params.caseId);
  const { serviceCode } = ownCase(principal, found, params.caseId).record;
  const service = await publishedService(serviceCode);
  if (!service) throw notFound(`service ${serviceCode}`);
  const { wasIncomplete, after, restarted } = await mutateCase(params.caseId, (agg, calendar) => {
    const own = ownCase(principal, agg, params.caseId);
    const now = new Date();
    const change = lapseIfDue(own, now) ?? correctCase(own, service, body, now, calendar);
    return {
      change,
      result: (a, c) => ({ wasIncomplete: own.record.status === 'INCOMPLETE', after: a!, restarted: touched(c) }),
    };
  });
  if (after.record.status === 'LAPSED')
    throw conflict('the correction came after its limit: the case has lapsed', {
      status: 'LAPSED',
      lapseBy: after.record.correction?.lapseBy,
    });
  if (wasIncomplete && after.record.status === 'IN_REVIEW') {
    await startCaseWorkflow(after);
    count('CasesAccepted');
  } else await wakeTasks(after, restarted);
  return { body: caseView(after, new Date(), await currentCalendar()) };
});
