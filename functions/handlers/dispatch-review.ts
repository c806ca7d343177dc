// Workflow step (lambda:invoke.waitForTaskToken): the workflow armed a review's callback
// task. Its token is recorded on the review item alone (newest arming wins), so the
// reviews of one case are armed in parallel without touching each other. A review already
// settled gets its task completed at once, which makes re-running a case's workflow safe;
// one that must be looked at earlier than the task's timeout gets it re-armed.
import * as z from '#core/zod.ts';
import { caseWorkflow } from '#adapters/workflow.ts';
import { awsRuntime } from '#app/aws.ts';
import { tableArming } from '#adapters/case-store.ts';
import type { Runtime } from '#app/run.ts';
import { logKeys } from '#adapters/powertools.ts';
import { dispatchAction } from '#core/case/workflow.ts';

const armedTask = z.object({
  caseId: z.string().check(z.minLength(1)),
  department: z.string().check(z.minLength(1)),
  timeoutSeconds: z.number().check(z.int(), z.minimum(1)),
  taskToken: z.string().check(z.minLength(1)),
  /** When the task state was entered ($$.State.EnteredTime): its timeout counts from then. */
  dispatchedAt: z.iso.datetime({ offset: true }),
});

export const dispatchReview = (rt: Runtime) => async (input: unknown) => {
  const task = armedTask.parse(input);
  logKeys({ caseId: task.caseId, department: task.department });
  const entered = Date.parse(task.dispatchedAt);
  const review = await rt.arming.arm(task.caseId, task.department, {
    taskToken: task.taskToken,
    dispatchedAt: new Date(entered).toISOString(),
    armedFor: new Date(entered + task.timeoutSeconds * 1000).toISOString(),
  });
  // a newer arming of this review is recorded: this task is no longer the one that counts
  if (!review) return { armed: false };
  // only a stopped clock waits on the case's correction round
  const record = review.status === 'CORRECTION_REQUESTED' ? await rt.arming.record(task.caseId) : undefined;
  const action = dispatchAction(record, review, rt.now());
  if (action === 'complete') await rt.workflow.complete(task.taskToken, { department: review.department, status: review.status });
  if (action === 'rearm') await rt.workflow.rearm(task.taskToken);
  return { armed: true, action };
};

export const handler = dispatchReview(awsRuntime({ workflow: caseWorkflow, arming: tableArming }));
