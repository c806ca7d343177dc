import { awsRuntime } from '#app/aws.ts';
import { visibleCase } from '#core/access.ts';
import { caseView } from '#core/views.ts';
import { caseCommand, caseRoute } from '#http/case-route.ts';
import { conditionalRead, digestTag } from '#http/preconditions.ts';
import { contract } from '#http/routes/get-application.ts';

export const route = contract['GET /applications/{caseId}'];

// Who may see the case is decided first (a stranger gets 404, never 304). The ETag is a digest
// of the view itself, so anything visible that changes (a decision, an event, a due date,
// the working days left) changes it; If-None-Match with it answers 304 and no body.
export const command = caseCommand<{ caseId: string }, undefined>({
  access: () => visibleCase,
  decide: ({ case: agg, input, now, calendar }) => {
    const view = caseView(agg, now, calendar);
    return { change: null, outcome: () => ({ reply: conditionalRead(input.headers, view, digestTag(view)) }) };
  },
});

export const handler = caseRoute(route, command, awsRuntime());
