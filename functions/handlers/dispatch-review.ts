// Queue consumer: the workflow armed a review's callback task. Record its token on the
// review (newest arming wins); a review already settled gets its task completed at once,
// which makes re-running a case's workflow safe.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSEvent, SQSRecord, Context } from 'aws-lambda';
import { z } from 'zod';
import { mutateCase } from '#adapters/case-store.ts';
import { logger } from '#adapters/powertools.ts';
import { completeReviewTask } from '#adapters/workflow.ts';
import { isSettled, recordDispatch } from '#core/case.ts';

const dispatchMessage = z.object({
  caseId: z.string().min(1),
  department: z.string().min(1),
  taskToken: z.string().min(1),
  dispatchedAt: z.string().min(1),
});

async function dispatch(record: SQSRecord) {
  const message = dispatchMessage.parse(JSON.parse(record.body));
  const review = await mutateCase(message.caseId, (agg) => {
    if (!agg) throw new Error(`case ${message.caseId} not found`);
    const { change, review } = recordDispatch(agg, message.department, message.taskToken, message.dispatchedAt, new Date());
    return { change: isSettled(review) ? null : change, result: () => review };
  });
  if (isSettled(review)) {
    await completeReviewTask(message.taskToken, { department: review.department, status: review.status });
    logger.info('review already settled; task completed', { caseId: message.caseId, department: message.department });
  }
}

const processor = new BatchProcessor(EventType.SQS);

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, dispatch, processor, { context });
