// Workflow step: a review's wait timed out. The table decides whether the department is
// deemed to approve, the case lapses, a merged correction notice goes out, the review was
// settled meanwhile, or its time moved (then the workflow waits again: this step fails
// with DeadlineMoved, which the state machine catches).
import { mutateCase } from '#adapters/case-store.ts';
import { count, logger, logKeys, publishMetrics } from '#adapters/powertools.ts';
import { touched, wakeTasks } from '#adapters/workflow.ts';
import { settleByDeadline, type DeadlineResult } from '#core/case/deadlines.ts';
import { notFound } from '#core/errors.ts';

export class DeadlineMoved extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeadlineMoved';
  }
}

export const handler = async (input: { caseId: string; department: string }) => {
  logKeys({ caseId: input.caseId, department: input.department });
  const { result, after, others } = await mutateCase(input.caseId, (agg, calendar) => {
    if (!agg) throw notFound(`case ${input.caseId}`);
    const r: DeadlineResult = settleByDeadline(agg, input.department, new Date(), calendar);
    return {
      change: r.kind === 'alreadySettled' ? null : r.change,
      // this review's own task has ended; the others this change settled are woken below
      result: (after, change) => ({ result: r, after, others: touched(change).filter((d) => d !== input.department) }),
    };
  });
  if (after && others.length) await wakeTasks(after, others);
  if (result.kind === 'notDue') throw new DeadlineMoved(`look again in ${result.waitSeconds}s`);
  if (result.kind === 'settled') {
    const deemed = result.change.reviews.filter((r) => r.status === 'DEEMED_APPROVED').length;
    logger.info('deemed approval recorded', { dueBy: result.review.dueBy, deemed });
    count('DeemedApprovals', deemed);
    publishMetrics();
  }
  if (result.kind === 'lapsed') logger.info('case lapsed');
  return { department: input.department, status: result.review.status };
};
