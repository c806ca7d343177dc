// One Logger and one Metrics for every function (Powertools for AWS Lambda): structured JSON
// logs and CloudWatch EMF metrics. Their settings come from the environment the stack sets
// (POWERTOOLS_SERVICE_NAME, POWERTOOLS_LOG_LEVEL, POWERTOOLS_METRICS_NAMESPACE). Traces come from Lambda active
// tracing, not from code: no X-Ray SDK is bundled (README, "Traces").
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricName } from '#infra/manifest.ts';

export { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';

export const logger = new Logger();

/**
 * Made at the first count: a function that never counts (most HTTP handlers) neither makes
 * it nor bundles the Metrics utility, since only `count` names the class.
 */
let metrics: Metrics | undefined;

/** Count one occurrence of a domain fact (published when the invocation ends). */
export const count = (name: MetricName, n = 1) => {
  metrics ??= new Metrics();
  metrics.addMetric(name, MetricUnit.Count, n);
};

/** Put a case and department on every log line of this invocation. */
export const logKeys = (keys: { caseId?: string; department?: string }) =>
  logger.appendKeys(Object.fromEntries(Object.entries(keys).filter(([, v]) => v !== undefined)));

/** Publish the metrics counted in this invocation, if any. */
export const publishMetrics = () => {
  if (metrics?.hasStoredMetrics()) metrics.publishStoredMetrics();
};
