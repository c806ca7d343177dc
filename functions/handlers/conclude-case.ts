// Workflow step: every review is settled; the case gets its outcome from what the table says.
import { mutateCase } from '#adapters/case-store.ts';
import { concludeCase } from '#core/case.ts';
import { notFound } from '#core/errors.ts';

export const handler = async (input: { caseId: string }) => {
  return mutateCase(input.caseId, (agg) => {
    if (!agg) throw notFound(`case ${input.caseId}`);
    return {
      change: concludeCase(agg, new Date()),
      result: (after) => ({ caseId: input.caseId, status: after!.record.status, outcome: after!.record.outcome }),
    };
  });
};
