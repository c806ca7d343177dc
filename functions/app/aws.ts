// The runtime use cases run with in AWS (and on the local stack): cases in the table, the
// calendar this instance keeps, Powertools logs and metrics, and the parts a handler names
// (the Step Functions workflow, the arming of review tasks, the catalogue). A part a handler
// does not name is not in its bundle, nor is the environment it needs; using it is a
// programming error.
import { tableCases } from '#adapters/case-store.ts';
import { count, logger } from '#adapters/powertools.ts';
import type { Arming, Runtime, Workflow } from './run.ts';

const missing = (part: string) => () => {
  throw new Error(`this function was not given the ${part}`);
};

export const awsRuntime = (parts: { workflow?: Workflow; arming?: Arming; service?: Runtime['service'] } = {}): Runtime => ({
  ...tableCases,
  workflow: parts.workflow ?? {
    start: missing('workflow'),
    wake: missing('workflow'),
    stop: missing('workflow'),
    complete: missing('workflow'),
    rearm: missing('workflow'),
  },
  arming: parts.arming ?? { arm: missing('arming'), record: missing('arming') },
  service: parts.service ?? missing('catalogue'),
  count,
  log: ({ level, message, data }) => (level === 'error' ? logger.error(message, data ?? {}) : logger.info(message, data ?? {})),
});
