// One logger and one metrics buffer for every function: structured JSON logs and CloudWatch
// EMF metrics in the OneStop namespace, in the Powertools for AWS Lambda formats and
// environment variables (POWERTOOLS_SERVICE_NAME, POWERTOOLS_LOG_LEVEL or LOG_LEVEL,
// AWS_LAMBDA_LOG_LEVEL, POWERTOOLS_METRICS_DISABLED, POWERTOOLS_DEV), written here in a few
// lines because the Powertools Logger and Metrics cost ~36 KiB in every bundle
// (test/infra/bundle-size.test.ts). Traces come from Lambda active tracing, not from code:
// no X-Ray SDK is bundled (README, "Traces").
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';

const serviceName = process.env.POWERTOOLS_SERVICE_NAME || 'one-stop';
const truthy = (v: string | undefined) => ['1', 'y', 'yes', 't', 'true', 'on'].includes((v ?? '').trim().toLowerCase());

const LEVELS = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;
type Level = keyof typeof LEVELS;
const levelOf = (v: string | undefined): number | undefined => LEVELS[(v === 'FATAL' ? 'CRITICAL' : v?.toUpperCase()) as Level];
/** Lambda's own log level (advanced logging controls) wins when it is stricter, as in Powertools. */
const threshold = Math.max(
  levelOf(process.env.POWERTOOLS_LOG_LEVEL || process.env.LOG_LEVEL) ?? LEVELS.INFO,
  levelOf(process.env.AWS_LAMBDA_LOG_LEVEL) ?? 0,
);

type Extra = Error | Record<string, unknown>;

/** An error as Powertools prints it: name, where it was thrown, message, stack, cause. */
function formatError(error: Error): Record<string, unknown> {
  const { name, message, stack, cause, ...rest } = error as Error & { cause?: unknown };
  const location = /\(([^)]+:\d+):\d+\)|at ([^\s(]+:\d+):\d+/.exec(stack?.split('\n')[1] ?? '');
  return {
    name,
    location: location?.[1] ?? location?.[2] ?? '',
    message,
    stack,
    cause: cause instanceof Error ? formatError(cause) : cause,
    ...rest,
  };
}

function replacer() {
  const ancestors: unknown[] = [];
  return function (this: unknown, _key: string, value: unknown) {
    if (value instanceof Error) value = formatError(value);
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'object' && value !== null) {
      while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
      if (ancestors.includes(value)) return undefined; // a circular reference
      ancestors.push(value);
    }
    return value;
  };
}

let lambdaKeys: Record<string, unknown> = {};
let keys: Record<string, unknown> = {};
let coldStart = true;

function write(level: Level, message: string, extras: Extra[]) {
  if (LEVELS[level] < threshold) return;
  const traceId = process.env._X_AMZN_TRACE_ID?.match(/Root=([^;]+)/)?.[1];
  const item: Record<string, unknown> = { level, message, timestamp: new Date().toISOString(), service: serviceName, ...lambdaKeys };
  if (traceId) item.xray_trace_id = traceId;
  Object.assign(item, keys);
  for (const extra of extras) Object.assign(item, extra instanceof Error ? { error: extra } : extra);
  const line = `${JSON.stringify(item, replacer())}\n`;
  (LEVELS[level] >= LEVELS.WARN ? process.stderr : process.stdout).write(line);
}

export const logger = {
  debug: (message: string, ...extras: Extra[]) => write('DEBUG', message, extras),
  info: (message: string, ...extras: Extra[]) => write('INFO', message, extras),
  warn: (message: string, ...extras: Extra[]) => write('WARN', message, extras),
  error: (message: string, ...extras: Extra[]) => write('ERROR', message, extras),
  critical: (message: string, ...extras: Extra[]) => write('CRITICAL', message, extras),
  /** Keys on every following log line until `resetKeys`. */
  appendKeys: (more: Record<string, unknown>) => void Object.assign(keys, more),
  resetKeys: () => void (keys = {}),
};

/**
 * middy middleware: the invocation's context on every log line (`cold_start`, `function_name`,
 * `function_request_id`, …); with `resetKeys`, keys appended during an invocation end with it.
 */
export function injectLambdaContext<E, R>(_logger: typeof logger, options: { resetKeys?: boolean } = {}): MiddlewareObj<E, R, Error, Context> {
  const reset = async () => {
    if (options.resetKeys) logger.resetKeys();
  };
  return {
    before: async ({ context }) => {
      if (options.resetKeys) logger.resetKeys();
      lambdaKeys = {
        cold_start: coldStart,
        function_arn: context.invokedFunctionArn,
        function_memory_size: Number(context.memoryLimitInMB) || context.memoryLimitInMB,
        function_name: context.functionName,
        function_request_id: context.awsRequestId,
      };
      coldStart = false;
    },
    after: reset,
    onError: reset,
  };
}

/** CloudWatch embedded metric format: one JSON line per publication, dimension `service`. */
const stored = new Map<string, number[]>();
const metricsDisabled = () =>
  process.env.POWERTOOLS_METRICS_DISABLED !== undefined ? truthy(process.env.POWERTOOLS_METRICS_DISABLED) : truthy(process.env.POWERTOOLS_DEV);

export const metrics = {
  namespace: 'OneStop',
  addMetric(name: string, _unit: 'Count', value: number) {
    stored.set(name, [...(stored.get(name) ?? []), value]);
  },
  hasStoredMetrics: () => stored.size > 0,
  publishStoredMetrics() {
    if (!metricsDisabled() && stored.size > 0) {
      const emf = {
        _aws: {
          Timestamp: Date.now(),
          CloudWatchMetrics: [{ Namespace: metrics.namespace, Dimensions: [['service']], Metrics: [...stored.keys()].map((Name) => ({ Name, Unit: 'Count' })) }],
        },
        service: serviceName,
        ...Object.fromEntries([...stored].map(([name, values]) => [name, values.length === 1 ? values[0] : values])),
      };
      process.stdout.write(`${JSON.stringify(emf)}\n`);
    }
    stored.clear();
  },
};

/** Count one occurrence of a domain fact (published when the invocation ends). */
export const count = (name: 'CasesAccepted' | 'ReviewsApproved' | 'ReviewsRejected' | 'CorrectionRequests' | 'DeemedApprovals' | 'SafetyNetSettlements' | 'WorkflowRedrives', n = 1) =>
  metrics.addMetric(name, 'Count', n);

/** Put a case and department on every log line of this invocation. */
export const logKeys = (keys: { caseId?: string; department?: string }) =>
  logger.appendKeys(Object.fromEntries(Object.entries(keys).filter(([, v]) => v !== undefined)));

/** Publish the metrics counted in this invocation, if any. */
export const publishMetrics = () => {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
};
