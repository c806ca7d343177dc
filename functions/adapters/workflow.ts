// The case workflow in Step Functions: start one execution per case (named by the case id,
// so a retried start is harmless), complete callback tasks, stop on withdrawal.
import {
  ExecutionAlreadyExists,
  InvalidToken,
  StartExecutionCommand,
  StopExecutionCommand,
  SendTaskSuccessCommand,
  SendTaskFailureCommand,
  TaskDoesNotExist,
  TaskTimedOut,
  ExecutionDoesNotExist,
} from '@aws-sdk/client-sfn';
import { isFinal, isSettled, type CaseAggregate } from '#core/case/model.ts';
import { reviewPlan, tasksToRearm } from '#core/case/workflow.ts';
import type { Workflow } from '#app/run.ts';
import { requiredEnv, stepFunctions } from './clients.ts';

/**
 * Start the case's workflow. Its input is the plan: every review with the time to wait for
 * it, so the workflow needs no step to read the case before it arms the reviews.
 */
export async function startCaseWorkflow(agg: CaseAggregate): Promise<void> {
  try {
    await stepFunctions.send(
      new StartExecutionCommand({
        stateMachineArn: requiredEnv('STATE_MACHINE_ARN'),
        name: agg.record.caseId,
        input: JSON.stringify(workflowInput(agg, new Date())),
      }),
    );
  } catch (err) {
    if (!(err instanceof ExecutionAlreadyExists)) throw err;
  }
}

/**
 * The execution input: the case and, for every review it waits on, how long to wait for it
 * from now. A review approved on commitment was settled at acceptance: nothing to wait on.
 */
export const workflowInput = (agg: CaseAggregate, now: Date) => {
  const settledAtAcceptance = new Set(agg.reviews.filter((r) => r.status === 'APPROVED_ON_COMMITMENT').map((r) => r.department));
  return {
    caseId: agg.record.caseId,
    reviews: reviewPlan(agg, now)
      .filter((p) => !settledAtAcceptance.has(p.department))
      .map(({ caseId, department, timeoutSeconds }) => ({ caseId, department, timeoutSeconds })),
  };
};

/**
 * Tell the waiting task that its review is settled. A task that already ended (timed out,
 * or completed by another writer) is fine: the workflow reads the outcome from the table.
 */
export async function completeReviewTask(taskToken: string, output: unknown): Promise<boolean> {
  try {
    await stepFunctions.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
    return true;
  } catch (err) {
    if (err instanceof TaskTimedOut || err instanceof InvalidToken || err instanceof TaskDoesNotExist) return false;
    throw err;
  }
}

/**
 * Wake a review's waiting task to wait again, for an earlier time than it was armed for:
 * the state machine catches DeadlineMoved and re-arms from the table.
 */
export async function rearmReviewTask(taskToken: string): Promise<boolean> {
  try {
    await stepFunctions.send(
      new SendTaskFailureCommand({ taskToken, error: 'DeadlineMoved', cause: 'the review must be looked at earlier' }),
    );
    return true;
  } catch (err) {
    if (err instanceof TaskTimedOut || err instanceof InvalidToken || err instanceof TaskDoesNotExist) return false;
    throw err;
  }
}

/**
 * After a change to a case, tell the waiting tasks of the reviews it touched: a settled
 * review's task completes; one whose wake-up time moved earlier than its task sleeps is
 * re-armed. Reviews not touched are left alone.
 */
export async function wakeTasks(after: CaseAggregate, departments: string[]): Promise<void> {
  const rearm = new Set(tasksToRearm(after, new Date()).map((r) => r.department));
  await Promise.all(
    after.reviews
      .filter((r) => r.taskToken && departments.includes(r.department))
      .map((r) =>
        isSettled(r) || isFinal(after.record)
          ? completeReviewTask(r.taskToken!, { department: r.department, status: r.status })
          : rearm.has(r.department)
            ? rearmReviewTask(r.taskToken!)
            : undefined,
      ),
  );
}

export async function stopCaseWorkflow(caseId: string, cause: string): Promise<void> {
  const executionArn = `${requiredEnv('STATE_MACHINE_ARN').replace(':stateMachine:', ':execution:')}:${caseId}`;
  try {
    await stepFunctions.send(new StopExecutionCommand({ executionArn, cause }));
  } catch (err) {
    if (!(err instanceof ExecutionDoesNotExist)) throw err;
  }
}

/** The case workflow in Step Functions, as use cases drive it. */
export const caseWorkflow: Workflow = {
  start: startCaseWorkflow,
  wake: wakeTasks,
  stop: stopCaseWorkflow,
  complete: completeReviewTask,
  rearm: rearmReviewTask,
};
