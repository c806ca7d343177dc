// Workflow step: what to wait for. For a case, every review with its remaining time
// (computed now, so a re-run after a restart or a redrive waits only what is left); for
// one review, its remaining time again after its due instant moved.
import { loadCase } from '#adapters/case-store.ts';
import { reviewPlan } from '#core/case.ts';
import { notFound } from '#core/errors.ts';

export interface PlanInput {
  caseId: string;
  department?: string;
}

export const handler = async (input: PlanInput) => {
  const agg = await loadCase(input.caseId);
  if (!agg) throw notFound(`case ${input.caseId}`);
  const plan = reviewPlan(agg, new Date());
  if (!input.department) return { reviews: plan };
  const one = plan.find((p) => p.department === input.department);
  if (!one) throw notFound(`review by ${input.department} on case ${input.caseId}`);
  return one;
};
