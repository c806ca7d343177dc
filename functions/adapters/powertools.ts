// One Logger, one Metrics and one Tracer for every function: structured JSON logs, CloudWatch
// EMF metrics in the OneStop namespace, X-Ray traces of every AWS call (off where
// POWERTOOLS_TRACE_ENABLED=false, as in the local stack).
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'one-stop';
export const logger = new Logger({ serviceName });
export const metrics = new Metrics({ namespace: 'OneStop', serviceName });
export const tracer = new Tracer({ serviceName });

/** Count one occurrence of a domain fact (published when the invocation ends). */
export const count = (name: 'CasesAccepted' | 'ReviewsApproved' | 'ReviewsRejected' | 'CorrectionRequests' | 'DeemedApprovals' | 'SafetyNetSettlements' | 'WorkflowRedrives', n = 1) =>
  metrics.addMetric(name, MetricUnit.Count, n);

/** Put a case and department on every log line of this invocation. */
export const logKeys = (keys: { caseId?: string; department?: string }) =>
  logger.appendKeys(Object.fromEntries(Object.entries(keys).filter(([, v]) => v !== undefined)));

/** Publish the metrics counted in this invocation, if any. */
export const publishMetrics = () => {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
};
