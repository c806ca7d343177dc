// The case workflow in Step Functions: start one execution per case (named by the case id,
// so a retried start is harmless), complete callback tasks, stop on withdrawal.
import {
  ExecutionAlreadyExists,
  InvalidToken,
  StartExecutionCommand,
  StopExecutionCommand,
  SendTaskSuccessCommand,
  TaskDoesNotExist,
  TaskTimedOut,
  ExecutionDoesNotExist,
} from '@aws-sdk/client-sfn';
import { requiredEnv, stepFunctions } from './clients.ts';

export async function startCaseWorkflow(caseId: string): Promise<void> {
  try {
    await stepFunctions.send(
      new StartExecutionCommand({
        stateMachineArn: requiredEnv('STATE_MACHINE_ARN'),
        name: caseId,
        input: JSON.stringify({ caseId }),
      }),
    );
  } catch (err) {
    if (!(err instanceof ExecutionAlreadyExists)) throw err;
  }
}

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

export async function stopCaseWorkflow(caseId: string, cause: string): Promise<void> {
  const executionArn = `${requiredEnv('STATE_MACHINE_ARN').replace(':stateMachine:', ':execution:')}:${caseId}`;
  try {
    await stepFunctions.send(new StopExecutionCommand({ executionArn, cause }));
  } catch (err) {
    if (!(err instanceof ExecutionDoesNotExist)) throw err;
  }
}
