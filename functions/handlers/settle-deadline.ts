// Workflow step: a review's wait timed out. The table decides whether the department is
// deemed to approve, the case lapses, a merged correction notice goes out, the review was
// settled meanwhile, or its time moved (then the workflow waits again: this step fails
// with DeadlineMoved, which the state machine catches).
import { getCalendar } from '#adapters/calendar-store.ts';
import { mutateCase } from '#adapters/case-store.ts';
import { count, logger, logKeys, publishMetrics } from '#adapters/powertools.ts';
import { settleByDeadline, type DeadlineResult } from '#core/case.ts';
import { notFound } from '#core/errors.ts';

export class DeadlineMoved extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeadlineMoved';
  }
}

export const handler = async (input: { caseId: string; department: string }) => {
  logKeys({ caseId: input.caseId, department: input.department });
  const calendar = await getCalendar();
  const result = await mutateCase<DeadlineResult>(input.caseId, (agg) => {
    if (!agg) throw notFound(`case ${input.caseId}`);
    const r = settleByDeadline(agg, input.department, new Date(), calendar);
    return { change: r.kind === 'already' ? null : r.change, result: () => r };
  });
  if (result.kind === 'notDue') throw new DeadlineMoved(`look again in ${result.waitSeconds}s`);
  if (result.kind === 'settled') {
    logger.info('deemed approval recorded', { dueBy: result.review.dueBy });
    count('DeemedApprovals');
    publishMetrics();
  }
  if (result.kind === 'lapsed') logger.info('case lapsed');
  return { department: input.department, status: result.review.status };
};
