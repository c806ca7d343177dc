import { caseWorkflow } from '#adapters/workflow.ts';
import { awsRuntime } from '#app/aws.ts';
import { publishedService } from '#adapters/catalogue-store.ts';
import { touched } from '#app/run.ts';
import { ownCase } from '#core/access.ts';
import { lapseIfDue } from '#core/case/deadlines.ts';
import { correctCase } from '#core/case/submission.ts';
import { conflict, notFound } from '#core/errors.ts';
import { caseView } from '#core/views.ts';
import { caseCommand, caseRoute } from '#http/case-route.ts';
import { contract } from '#http/routes/correct-application.ts';
import type { CorrectionInput } from '#core/schemas.ts';
import type { Service } from '#core/schemas.ts';

export const route = contract['POST /applications/{caseId}/corrections'];

// The applicant completes an INCOMPLETE case, or answers the departments' correction round.
export const command = caseCommand<{ caseId: string }, CorrectionInput, Service>({
  access: () => ownCase,
  prepare: async (own, rt) => {
    const service = await rt.service(own.record.serviceCode);
    if (!service) throw notFound(`service ${own.record.serviceCode}`);
    return service;
  },
  decide: ({ case: own, input: { body }, now, calendar, prepared: service }) => {
    const wasIncomplete = own.record.status === 'INCOMPLETE';
    return {
      change: lapseIfDue(own, now) ?? correctCase(own, service, body, now, calendar),
      outcome: (after, committed) => {
        if (after.record.status === 'LAPSED')
          return {
            reply: { body: null },
            refusal: conflict('the correction came after its limit: the case has lapsed', {
              status: 'LAPSED',
              lapseBy: after.record.correction?.lapseBy,
            }),
          };
        const accepted = wasIncomplete && after.record.status === 'IN_REVIEW';
        return {
          reply: { body: caseView(after, now, calendar) },
          effects: accepted ? { start: true, count: { CasesAccepted: 1 } } : { wake: touched(committed) },
        };
      },
    };
  },
});

export const handler = caseRoute(route, command, awsRuntime({ workflow: caseWorkflow, service: publishedService }));
