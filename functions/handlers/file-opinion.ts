import { mutateCase } from '#adapters/case-store.ts';
import { requireReviewer, visibleCase } from '#core/access.ts';
import { fileOpinion } from '#core/case.ts';
import { reviewView } from '#core/views.ts';
import { httpRoute } from '#http/api.ts';
import { contract } from '#http/routes/file-opinion.ts';

// A department deemed to approve files its opinion afterwards; the outcome stands.
export const handler = httpRoute(
  contract['POST /applications/{caseId}/reviews/{department}/opinion'],
  async ({ principal, params, body }) => {
    const review = await mutateCase(params.caseId, (agg) => {
      visibleCase(principal, agg, params.caseId);
      requireReviewer(principal, params.department);
      const { change, review } = fileOpinion(agg!, params.department, body.comment, principal.sub, new Date());
      return { change, result: () => review };
    });
    return { body: reviewView(review) };
  },
);
