// Scheduled every minute. Reads from the sparse index only the cases with something due —
// a reminder, an escalation, a missing opinion, a lapse warning, a review the workflow
// should have settled (safety net), a workflow that never started (re-drive) — and handles
// each once: two runs at once are safe, the version-checked commit lets one of them win.
import type { ScheduledEvent } from 'aws-lambda';
import { casesDue } from '#adapters/case-queries.ts';
import { mutateCase, watchdogSettings } from '#adapters/case-store.ts';
import { count, logger, publishMetrics } from '#adapters/powertools.ts';
import { startCaseWorkflow, wakeTasks } from '#adapters/workflow.ts';
import { watchdogStep, type WatchdogStep } from '#core/watchdog.ts';

export const handler = async (_event: ScheduledEvent) => {
  const now = new Date();
  const settings = watchdogSettings();
  const caseIds = new Set<string>();
  let examined = 0;
  for await (const caseId of casesDue(now)) {
    examined++;
    caseIds.add(caseId);
  }
  const totals = { examined, cases: caseIds.size, events: 0, safetyNet: 0, redriven: 0 };
  for (const caseId of caseIds) {
    // one case that fails is logged and retried next run; it does not hold up the others
    await lookAt(caseId).catch((err) => logger.error('watchdog could not handle a case', { caseId, error: err as Error }));
  }
  async function lookAt(caseId: string) {
    const { step, after } = await mutateCase(caseId, (agg, calendar) => {
      const step: WatchdogStep = agg
        ? watchdogStep(agg, now, calendar, settings)
        : { change: null, wake: [], safetyNet: [], redrive: false };
      // Listed with nothing due: the case's index entry is stale (its reviews were armed or
      // settled without rewriting the case item). Rewriting the case recomputes it.
      const refresh = agg && !step.change ? { record: { ...agg.record }, reviews: [], events: [] } : null;
      return { change: step.change ?? refresh, result: (after) => ({ step, after }) };
    });
    totals.events += step.change?.events.length ?? 0;
    if (step.safetyNet.length) {
      totals.safetyNet += step.safetyNet.length;
      logger.error('safety net: review past its due time was not settled by the workflow; deemed approved now', {
        caseId,
        departments: step.safetyNet,
      });
    }
    if (after && step.wake.length) await wakeTasks(after, step.wake);
    if (step.redrive) {
      totals.redriven++;
      logger.error('re-drive: accepted case has no dispatched review; starting its workflow', { caseId });
      if (after) await startCaseWorkflow(after);
    }
  }
  count('SafetyNetSettlements', totals.safetyNet);
  count('WorkflowRedrives', totals.redriven);
  count('DeemedApprovals', totals.safetyNet);
  publishMetrics();
  if (totals.cases) logger.info('watchdog run', totals);
  return totals;
};
