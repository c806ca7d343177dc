// The state machine's definition (workflows/case-review.asl.json) against the manifest: every
// Task state carries the one Retry policy infra/manifest.ts defines.
import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stateMachine } from '#infra/manifest.ts';

interface State {
  Type: string;
  Retry?: unknown;
  Catch?: { ErrorEquals: string[] }[];
  ItemProcessor?: { States: Record<string, State> };
}

/** Every state, nested ones (a Map's item processor) included, by name. */
function statesOf(states: Record<string, State>): [string, State][] {
  return Object.entries(states).flatMap(([name, state]) => [
    [name, state] as [string, State],
    ...(state.ItemProcessor ? statesOf(state.ItemProcessor.States) : []),
  ]);
}

describe('the state machine definition', () => {
  const definition = JSON.parse(readFileSync(resolve(import.meta.dirname, '../..', stateMachine.definitionFile), 'utf8'));
  const tasks = statesOf(definition.States).filter(([, state]) => state.Type === 'Task');

  it("every Task state retries with the manifest's policy", () => {
    assert.deepEqual(
      tasks.map(([name]) => name),
      ['AwaitDecision', 'DeadlineReached', 'WaitAgain'],
    );
    for (const [name, state] of tasks) {
      const timeoutIsDeadline = (state.Catch ?? []).some((c) => c.ErrorEquals.includes('States.Timeout'));
      assert.deepEqual(state.Retry, stateMachine.taskRetry(timeoutIsDeadline), name);
    }
  });
});
