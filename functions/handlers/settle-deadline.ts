// Workflow step: a review's wait timed out. The table decides whether the department is
// deemed to approve, the case lapses, a merged correction notice goes out, the review was
// settled meanwhile, or its time moved (then the workflow waits again: this step fails
// with DeadlineMoved, which the state machine catches).
import { caseWorkflow } from '#adapters/workflow.ts';
import { awsRuntime } from '#app/aws.ts';
import { type CaseCommand, runCommand, type Runtime, touched } from '#app/run.ts';
import { logKeys, publishMetrics } from '#adapters/powertools.ts';
import { existingCase } from '#core/access.ts';
import { deferToFirstDue, settleByDeadline } from '#core/case/deadlines.ts';

export class DeadlineMoved extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeadlineMoved';
  }
}

export interface DeadlineInput {
  caseId: string;
  department: string;
}

/** What the workflow is told: how the review stands (nothing when it must wait again: DeadlineMoved). */
type Settled = { department: string; status: string } | null;

export const command: CaseCommand<DeadlineInput, Settled, undefined> = {
  caseId: (input) => input.caseId,
  access: () => existingCase,
  // reviews due together are settled together, by the first of them in department order
  defer: (agg, input, now) => deferToFirstDue(agg, input.department, now),
  decide: ({ case: agg, input, now, calendar }) => {
    const r = settleByDeadline(agg, input.department, now, calendar);
    // the reviews deemed to approve now: their own timers are up as well, and find them settled
    const deemed = r.kind === 'settled' ? r.change.reviews.filter((x) => x.status === 'DEEMED_APPROVED').map((x) => x.department) : [];
    return {
      change: r.kind === 'alreadySettled' ? null : r.change,
      outcome: (_after, committed) => ({
        reply: r.kind === 'notDue' ? null : { department: input.department, status: r.review.status },
        effects: {
          // this review's task has ended, and those deemed with it end by their timers; any
          // other review this change settled (closed by the outcome) has its task woken
          wake: touched(committed).filter((d) => d !== input.department && !deemed.includes(d)),
          count: { DeemedApprovals: deemed.length },
          log: [
            ...(r.kind === 'settled'
              ? [{ level: 'info' as const, message: 'deemed approval recorded', data: { dueBy: r.review.dueBy, deemed: deemed.length } }]
              : []),
            ...(r.kind === 'lapsed' ? [{ level: 'info' as const, message: 'case lapsed' }] : []),
          ],
        },
        refusal: r.kind === 'notDue' ? new DeadlineMoved(`look again in ${r.waitSeconds}s`) : undefined,
      }),
    };
  },
};

export const settleDeadline = (rt: Runtime) => async (input: DeadlineInput) => {
  logKeys({ caseId: input.caseId, department: input.department });
  try {
    return await runCommand(rt, command, undefined, input);
  } finally {
    publishMetrics();
  }
};

export const handler = settleDeadline(awsRuntime({ workflow: caseWorkflow }));
