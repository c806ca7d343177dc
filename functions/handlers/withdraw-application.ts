import { caseWorkflow } from '#adapters/workflow.ts';
import { awsRuntime } from '#app/aws.ts';
import { ownCase } from '#core/access.ts';
import { withdrawCase } from '#core/case/outcome.ts';
import { caseView } from '#core/views.ts';
import { caseCommand, caseRoute } from '#http/case-route.ts';
import { contract } from '#http/routes/withdraw-application.ts';

export const route = contract['POST /applications/{caseId}/withdraw'];

// Open reviews are settled as WITHDRAWN in the table; stopping the execution only saves
// the wait. If the stop is lost, every waiting task finds its review settled.
export const command = caseCommand<{ caseId: string }, undefined>({
  access: () => ownCase,
  decide: ({ case: own, now, calendar }) => ({
    change: withdrawCase(own, now),
    outcome: (after) => ({ reply: { body: caseView(after, now, calendar) }, effects: { stop: 'withdrawn by the applicant' } }),
  }),
});

export const handler = caseRoute(route, command, awsRuntime({ workflow: caseWorkflow }));
