import { z } from 'zod';
import { mutateCase } from '#adapters/case-store.ts';
import { requireReviewer, visibleCase } from '#core/access.ts';
import { fileOpinion } from '#core/case.ts';
import { reviewView } from '#core/views.ts';
import { httpRoute } from '#http/api.ts';
import { reviewParams as params } from './params.ts';

const body = z.strictObject({ comment: z.string().trim().min(1).max(5000) });

// A department deemed to approve files its opinion afterwards; the outcome stands.
export const handler = httpRoute({ auth: true, params, body }, async ({ principal, params, body }) => {
  const review = await mutateCase(params.caseId, (agg) => {
    visibleCase(principal, agg, params.caseId);
    requireReviewer(principal, params.department);
    const { change, review } = fileOpinion(agg!, params.department, body.comment, principal.sub, new Date());
    return { change, result: () => review };
  });
  return { body: reviewView(review) };
});
