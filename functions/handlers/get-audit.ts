import { awsRuntime } from '#app/aws.ts';
import { visibleCase } from '#core/access.ts';
import { verifyChain } from '#core/audit.ts';
import { caseCommand, caseRoute } from '#http/case-route.ts';
import { contract } from '#http/routes/get-audit.ts';

export const route = contract['GET /applications/{caseId}/audit'];

// The case's audit trail: every event with its hash chain, and whether the chain holds.
export const command = caseCommand<{ caseId: string }, undefined>({
  access: () => visibleCase,
  decide: ({ case: agg }) => ({
    change: null,
    outcome: () => ({
      reply: {
        body: {
          caseId: agg.record.caseId,
          verification: verifyChain(agg.record.caseId, agg.timeline),
          events: agg.timeline,
        },
      },
    }),
  }),
});

export const handler = caseRoute(route, command, awsRuntime());
