// Workflow step: a review's due instant moved (an extension, a calendar change, a
// correction round, a restart): how long its task must wait now, computed from the table.
import { loadCase } from '#adapters/case-store.ts';
import { logKeys } from '#adapters/powertools.ts';
import { reviewPlan } from '#core/case/workflow.ts';
import { notFound } from '#core/errors.ts';

export interface PlanInput {
  caseId: string;
  department: string;
}

export const handler = async (input: PlanInput) => {
  logKeys(input);
  const agg = await loadCase(input.caseId);
  if (!agg) throw notFound(`case ${input.caseId}`);
  const plan = reviewPlan(agg, new Date()).find((p) => p.department === input.department);
  if (!plan) throw notFound(`review by ${input.department} on case ${input.caseId}`);
  return { caseId: plan.caseId, department: plan.department, timeoutSeconds: plan.timeoutSeconds };
};
