// The runtime use cases run with in AWS (and on the local stack): cases in the table, the
// calendar this instance keeps, Powertools metrics, and the parts a handler names (the Step
// Functions workflow). A part a handler does not name is not in its bundle, nor is the
// environment it needs; using it is a programming error.
import { tableCases } from '#adapters/case-store.ts';
import { count } from '#adapters/powertools.ts';
import type { Runtime, Workflow } from './run.ts';

const missing = (part: string) => () => {
  throw new Error(`this function was not given the ${part}`);
};

export const awsRuntime = (parts: { workflow?: Workflow } = {}): Runtime => ({
  ...tableCases,
  workflow: parts.workflow ?? { start: missing('workflow'), wake: missing('workflow'), stop: missing('workflow') },
  count,
});
