// Scheduled every minute. Reads from the sparse index only the cases with something due —
// a reminder, an escalation, a missing opinion, a lapse warning, a review the workflow
// should have settled (safety net), a workflow that never started (re-drive), a case open
// after its last settlement, a case whose retention ended (erased) — and handles
// each once: two runs at once are safe, the version-checked commit lets one of them win.
import type { ScheduledEvent } from 'aws-lambda';
import { caseWorkflow } from '#adapters/workflow.ts';
import { awsRuntime } from '#app/aws.ts';
import { type CaseCommand, runCommand, type Runtime } from '#app/run.ts';
import { casesDue } from '#adapters/case-queries.ts';
import { watchdogSettings } from '#adapters/case-store.ts';
import { logger, publishMetrics } from '#adapters/powertools.ts';
import { existingCase } from '#core/access.ts';
import { DomainError } from '#core/errors.ts';
import { type WatchdogSettings, type WatchdogStep, watchdogStep } from '#core/watchdog.ts';

export interface WatchdogInput {
  caseId: string;
  /** The run's instant: every case of one run is looked at as of it. */
  now: Date;
  settings: WatchdogSettings;
}

export const command: CaseCommand<WatchdogInput, WatchdogStep, undefined> = {
  caseId: (input) => input.caseId,
  access: () => existingCase,
  decide: ({ case: agg, input, calendar }) => {
    const step = watchdogStep(agg, input.now, calendar, input.settings);
    // Listed with nothing due: the case's index entry is stale (its reviews were armed or
    // settled without rewriting the case item). Rewriting the case recomputes it.
    const refresh = step.change || step.erase ? null : { record: { ...agg.record }, reviews: [], events: [] };
    return {
      change: step.change ?? refresh,
      outcome: () => ({
        reply: step,
        effects: {
          wake: step.wake,
          start: step.redrive,
          erase: step.erase,
          log: [
            ...(step.erase
              ? [{ level: 'info' as const, message: 'retention ended: case erased', data: { caseId: agg.record.caseId } }]
              : []),
            ...(step.safetyNet.length
              ? [
                  {
                    level: 'error' as const,
                    message: 'safety net: review past its due time was not settled by the workflow; deemed approved now',
                    data: { caseId: agg.record.caseId, departments: step.safetyNet },
                  },
                ]
              : []),
            ...(step.redrive
              ? [
                  {
                    level: 'error' as const,
                    message: 're-drive: accepted case has no dispatched review; starting its workflow',
                    data: { caseId: agg.record.caseId },
                  },
                ]
              : []),
          ],
        },
      }),
    };
  },
};

export const watchdog =
  (rt: Runtime, due: (now: Date) => AsyncIterable<string> = casesDue) =>
  async (_event?: ScheduledEvent) => {
    const now = rt.now();
    const settings = watchdogSettings();
    const caseIds = new Set<string>();
    let examined = 0;
    for await (const caseId of due(now)) {
      examined++;
      caseIds.add(caseId);
    }
    const totals = { examined, cases: caseIds.size, events: 0, safetyNet: 0, redriven: 0, erased: 0 };
    for (const caseId of caseIds) {
      // one case that fails is logged and retried next run; it does not hold up the others
      try {
        const step = await runCommand(rt, command, undefined, { caseId, now, settings });
        totals.events += step.change?.events.length ?? 0;
        totals.safetyNet += step.safetyNet.length;
        if (step.redrive) totals.redriven++;
        if (step.erase) totals.erased++;
      } catch (err) {
        // a case listed that is not there has nothing to look at
        if (err instanceof DomainError && err.code === 'NOT_FOUND') continue;
        logger.error('watchdog could not handle a case', { caseId, error: err as Error });
      }
    }
    rt.count('SafetyNetSettlements', totals.safetyNet);
    rt.count('WorkflowRedrives', totals.redriven);
    rt.count('DeemedApprovals', totals.safetyNet);
    publishMetrics();
    if (totals.cases) logger.info('watchdog run', totals);
    return totals;
  };

export const handler = watchdog(awsRuntime({ workflow: caseWorkflow }));
