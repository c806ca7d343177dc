// Workflow step: a review's due instant moved (an extension, a calendar change, a
// correction round, a restart): how long its task must wait now, computed from the table.
import { awsRuntime } from '#app/aws.ts';
import { type CaseCommand, runCommand, type Runtime } from '#app/run.ts';
import { logKeys } from '#adapters/powertools.ts';
import { existingCase } from '#core/access.ts';
import { reviewPlan } from '#core/case/workflow.ts';
import { notFound } from '#core/errors.ts';

export interface PlanInput {
  caseId: string;
  department: string;
}

type Plan = { caseId: string; department: string; timeoutSeconds: number };

export const command: CaseCommand<PlanInput, Plan, undefined> = {
  caseId: (input) => input.caseId,
  access: () => existingCase,
  decide: ({ case: agg, input, now }) => {
    const plan = reviewPlan(agg, now).find((p) => p.department === input.department);
    if (!plan) throw notFound(`review by ${input.department} on case ${input.caseId}`);
    return {
      change: null,
      outcome: () => ({ reply: { caseId: plan.caseId, department: plan.department, timeoutSeconds: plan.timeoutSeconds } }),
    };
  },
};

export const planReview = (rt: Runtime) => (input: PlanInput) => {
  logKeys(input);
  return runCommand(rt, command, undefined, input);
};

export const handler = planReview(awsRuntime());
