import { loadCase } from '#adapters/case-store.ts';
import { visibleCase } from '#core/access.ts';
import { verifyChain } from '#core/audit.ts';
import { httpRoute } from '#http/api.ts';
import { contract } from '#http/routes/get-audit.ts';

// The case's audit trail: every event with its hash chain, and whether the chain holds.
export const handler = httpRoute(contract['GET /applications/{caseId}/audit'], async ({ principal, params }) => {
  const agg = visibleCase(principal, await loadCase(params.caseId), params.caseId);
  return {
    body: {
      caseId: params.caseId,
      verification: verifyChain(params.caseId, agg.timeline),
      events: agg.timeline,
    },
  };
});
