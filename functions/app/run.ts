// One use-case runner. A command is pure: given the case as read, the actor, the clock and
// the calendar, it returns the change and, once committed, the reply and its effects (tasks
// to wake, the workflow to start or stop, metrics). The runner reads the case, lets the
// command's access rule decide whether the actor may see and act on it, commits the change
// through the CaseStore port (deciding again after a conflict, functions/app/mutate.ts),
// then performs the effects and replies.
import type { Calendar } from '#core/calendar.ts';
import type { ArmedTask } from '#core/case/workflow.ts';
import type { CaseAggregate, CaseChange, CaseRecord, ReviewRecord } from '#core/case/model.ts';
import type { Service } from '#core/schemas.ts';
import type { MetricName } from '#infra/manifest.ts';
import { type CaseDeps, mutate } from './mutate.ts';

/** The case's workflow, as a use case drives it. */
export interface Workflow {
  start(after: CaseAggregate): Promise<void>;
  /** Tell the waiting tasks of these reviews that their review changed. */
  wake(after: CaseAggregate, departments: string[]): Promise<void>;
  stop(caseId: string, cause: string): Promise<void>;
  /** Complete a review's waiting task, or wake it to wait again from the table. */
  complete(taskToken: string, output: unknown): Promise<unknown>;
  rearm(taskToken: string): Promise<unknown>;
}

/** The workflow's arming of a review's task, recorded on the review item alone (newest arming wins). */
export interface Arming {
  /** The review as it now is, or undefined when a newer arming was already recorded. */
  arm(caseId: string, department: string, task: ArmedTask): Promise<ReviewRecord | undefined>;
  /** The case item alone. */
  record(caseId: string): Promise<CaseRecord | undefined>;
}

export type LogLine = { level: 'info' | 'error'; message: string; data?: Record<string, unknown> };

export interface Runtime extends CaseDeps {
  workflow: Workflow;
  arming: Arming;
  /** The published service an application is checked against. */
  service(code: string): Promise<Service | undefined>;
  count(metric: MetricName, n?: number): void;
  log(line: LogLine): void;
}

/** What a committed change sets going besides the reply. */
export interface Effects {
  /** Reviews whose waiting tasks to wake. */
  wake?: string[];
  /** Start the case's workflow. */
  start?: boolean;
  /** Stop the case's workflow, with this cause. */
  stop?: string;
  /** Erase the case (its retention has ended). */
  erase?: boolean;
  count?: Partial<Record<MetricName, number>>;
  log?: LogLine[];
}

export interface Outcome<R> {
  reply: R;
  effects?: Effects;
  /** Refuse the request once the change and its effects are done (e.g. a review settled late). */
  refusal?: Error;
}

export interface Decision<R> {
  change: CaseChange | null;
  /** The reply and effects, from the case as committed (as read when there is no change). */
  outcome: (after: CaseAggregate, committed: CaseChange | null) => Outcome<R>;
}

/** Who may act on a case: the case when the actor may, otherwise a refusal (404 or 403). */
export type CaseAccess<A> = (actor: A, read: CaseAggregate | undefined, caseId: string) => CaseAggregate;

export interface CaseCommand<I, R, A, C = undefined> {
  caseId: (input: I) => string;
  access: (input: I) => CaseAccess<A>;
  /** What the command needs besides the case (read once, before the first decision). */
  prepare?: (found: CaseAggregate, rt: Runtime) => Promise<C>;
  /**
   * How long to leave the case, as read, to another writer expected to change it before
   * deciding (ms; 0: decide now). The case is read again after the wait, DEFER_ROUNDS times
   * at most: then the command decides whatever it reads.
   */
  defer?: (found: CaseAggregate, input: I, now: Date) => number;
  decide: (args: { case: CaseAggregate; input: I; actor: A; now: Date; calendar: Calendar; prepared: C }) => Decision<R>;
}

/** The reviews a committed change touched: their waiting tasks may need waking. */
export const touched = (change: CaseChange | null) => change?.reviews.map((r) => r.department) ?? [];

/** How many times a command defers to another writer (CaseCommand.defer) before it decides anyway. */
export const DEFER_ROUNDS = 3;

export async function runCommand<I, R, A, C>(rt: Runtime, command: CaseCommand<I, R, A, C>, actor: A, input: I): Promise<R> {
  const caseId = command.caseId(input);
  const access = command.access(input);
  let first: { read: CaseAggregate; prepared: C } | undefined;
  if (command.prepare || command.defer) {
    let read = access(actor, await rt.store.load(caseId), caseId);
    for (let round = 0; command.defer && round < DEFER_ROUNDS; round++) {
      const ms = command.defer(read, input, rt.now());
      if (!ms) break;
      await new Promise((r) => setTimeout(r, ms));
      read = access(actor, await rt.store.load(caseId), caseId);
    }
    first = { read, prepared: (command.prepare ? await command.prepare(read, rt) : undefined) as C };
  }
  const prepared = first?.prepared as C;
  const { after, outcome } = await mutate(
    rt,
    caseId,
    (read, calendar) => {
      const found = access(actor, read, caseId);
      const decision = command.decide({ case: found, input, actor, now: rt.now(), calendar, prepared });
      return {
        change: decision.change,
        result: (committed, change) => {
          const after = committed ?? found;
          return { after, outcome: decision.outcome(after, change) };
        },
      };
    },
    first && { read: first.read },
  );
  await perform(rt, after, outcome.effects ?? {});
  if (outcome.refusal) throw outcome.refusal;
  return outcome.reply;
}

async function perform(rt: Runtime, after: CaseAggregate, effects: Effects) {
  if (effects.wake?.length) await rt.workflow.wake(after, effects.wake);
  if (effects.start) await rt.workflow.start(after);
  if (effects.stop) await rt.workflow.stop(after.record.caseId, effects.stop);
  if (effects.erase) await rt.store.erase(after.record.caseId);
  for (const [metric, n] of Object.entries(effects.count ?? {})) if (n) rt.count(metric as MetricName, n);
  for (const line of effects.log ?? []) rt.log(line);
}
