import { z } from 'zod';
import { mutateCase } from '#adapters/case-store.ts';
import { completeReviewTask } from '#adapters/workflow.ts';
import { requireReviewer, visibleCase } from '#core/access.ts';
import { decideReview } from '#core/case.ts';
import { decisionSchema, departmentCodeSchema } from '#core/schemas.ts';
import { reviewView } from '#core/views.ts';
import { httpRoute } from '#http/api.ts';

const params = z.object({ caseId: z.string().min(1).max(64), department: departmentCodeSchema });

export const handler = httpRoute({ auth: true, params, body: decisionSchema }, async ({ principal, params, body }) => {
  const { caseId, department } = params;
  const review = await mutateCase(caseId, (agg) => {
    visibleCase(principal, agg, caseId);
    requireReviewer(principal, department);
    const { change, review } = decideReview(agg!, department, body, principal.sub, new Date());
    return { change, result: () => review };
  });
  // The settled review is committed; wake its waiting task. If the task has no token yet,
  // the dispatcher will find the review settled and wake it then.
  const token = review.taskToken;
  if (token) await completeReviewTask(token, { department, status: review.status });
  return { body: reviewView(review) };
});
