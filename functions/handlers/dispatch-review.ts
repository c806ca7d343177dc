// Queue consumer: the workflow armed a review's callback task. Record its token on the
// review (newest arming wins). A review already settled gets its task completed at once,
// which makes re-running a case's workflow safe; one that must be looked at earlier than
// the task was armed for (a change that came before the token) gets it re-armed.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSEvent, SQSRecord, Context } from 'aws-lambda';
import * as z from 'zod';
import { mutateCase } from '#adapters/case-store.ts';
import { logKeys } from '#adapters/powertools.ts';
import { wakeTasks } from '#adapters/workflow.ts';
import { isSettled, recordDispatch } from '#core/case.ts';

const dispatchMessage = z.object({
  caseId: z.string().min(1),
  department: z.string().min(1),
  taskToken: z.string().min(1),
  dispatchedAt: z.string().min(1),
  timeoutSeconds: z.number().int().min(1),
  armedFor: z.string().min(1),
});

async function dispatch(record: SQSRecord) {
  const message = dispatchMessage.parse(JSON.parse(record.body));
  logKeys({ caseId: message.caseId, department: message.department });
  const after = await mutateCase(message.caseId, (agg) => {
    if (!agg) throw new Error(`case ${message.caseId} not found`);
    const { change, review } = recordDispatch(agg, message.department, message, new Date());
    if (isSettled(review)) return { change: null, result: () => ({ ...agg, reviews: [{ ...review, taskToken: message.taskToken }] }) };
    return { change, result: (a) => a! };
  });
  await wakeTasks(after, [message.department]);
}

const processor = new BatchProcessor(EventType.SQS);

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, dispatch, processor, { context });
