// One Logger and one Metrics for every function (Powertools for AWS Lambda): structured JSON
// logs and CloudWatch EMF metrics in the OneStop namespace. Traces come from Lambda active
// tracing, not from code: no X-Ray SDK is bundled (README, "Traces").
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';

const serviceName = process.env.POWERTOOLS_SERVICE_NAME || 'one-stop';
export const logger = new Logger({ serviceName });

/**
 * Made at the first count: a function that never counts (most HTTP handlers) neither makes
 * it nor bundles the Metrics utility, since only `count` names the class.
 */
let metrics: Metrics | undefined;

/** Count one occurrence of a domain fact (published when the invocation ends). */
export const count = (name: 'CasesAccepted' | 'ReviewsApproved' | 'ReviewsRejected' | 'CorrectionRequests' | 'DeemedApprovals' | 'SafetyNetSettlements' | 'WorkflowRedrives' | 'CommitRetries', n = 1) =>
  (metrics ??= new Metrics({ namespace: 'OneStop', serviceName })).addMetric(name, MetricUnit.Count, n);

/** Put a case and department on every log line of this invocation. */
export const logKeys = (keys: { caseId?: string; department?: string }) =>
  logger.appendKeys(Object.fromEntries(Object.entries(keys).filter(([, v]) => v !== undefined)));

/** Publish the metrics counted in this invocation, if any. */
export const publishMetrics = () => {
  if (metrics?.hasStoredMetrics()) metrics.publishStoredMetrics();
};
