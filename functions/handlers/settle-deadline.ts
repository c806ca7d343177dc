// Workflow step: a review's wait timed out. The table decides whether the department is
// deemed to approve, was settled meanwhile, or has a later due instant (then the workflow
// waits again: this step fails with DeadlineMoved, which the state machine catches).
import { mutateCase } from '#adapters/case-store.ts';
import { logger } from '#adapters/powertools.ts';
import { settleByDeadline, type DeadlineResult } from '#core/case.ts';
import { notFound } from '#core/errors.ts';

export class DeadlineMoved extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeadlineMoved';
  }
}

export const handler = async (input: { caseId: string; department: string }) => {
  const result = await mutateCase<DeadlineResult>(input.caseId, (agg) => {
    if (!agg) throw notFound(`case ${input.caseId}`);
    const r = settleByDeadline(agg, input.department, new Date());
    return { change: r.kind === 'settled' ? r.change : null, result: () => r };
  });
  if (result.kind === 'notDue') throw new DeadlineMoved(`due in ${result.waitSeconds}s`);
  if (result.kind === 'settled')
    logger.info('deemed approval recorded', { caseId: input.caseId, department: input.department, dueBy: result.review.dueBy });
  return { department: input.department, status: result.review.status };
};
