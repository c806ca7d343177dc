// `npm run bench`: the issue's targets, each measured beside its aim, then how: operations per
// case counted on the local stack (twice, to show they repeat), the bill per 1,000 cases with
// everything the deployed stack charges a case for (and its fixed monthly costs apart), the
// write rate per partition key at 100 cases/s, throughput and latency of the local pipeline
// beside raw DynamoDB Local, a cold-start proxy per function, and deadline precision. Prints
// and writes test/bench/BENCHMARKS.md. Numbers are measured, never asserted by a test; but the
// run fails (exit 1, no BENCHMARKS.md) when a case it counted did not reach its outcome, when a
// notification its cases called for was not delivered, or when a handler or the local runtime
// logged an error: numbers from a broken pipeline mean nothing.
//
// The run is the stack as deployed, where it can be: handlers log at the level the stack
// deploys (read from the synthesized template), EMF metrics are printed as in Lambda, and
// notifications go out through the SES channel (as DeliverNotification does in AWS, with its
// idempotency records) to a small SES stand-in here, instead of the local outbox.
import { AsyncLocalStorage } from 'node:async_hooks';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import dc from 'node:diagnostics_channel';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, Server, type ClientRequest, type IncomingMessage } from 'node:http';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { DeleteTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { build } from 'esbuild';
import { caseFacts, notificationsFor, type Notification } from '#core/notifications.ts';
import {
  allFunctions,
  apiFunctions,
  queueConsumers,
  schedules,
  streamConsumers,
  workflowFunctions,
  type FunctionSpec,
} from '../../infra/manifest.ts';
import { projectRoot } from '../../infra/local/lambda.ts';
import {
  FUNCTION_HEADER,
  indexes,
  invocationScope,
  itemSize,
  itemsWhere,
  meter,
  projected,
  resetMeter,
  TAG_HEADER,
  type WriteRecord,
} from '../../infra/local/meter.ts';
import { createTable } from '../../infra/local/dynamodb.ts';
import { localClientConfig } from '../../infra/local/net.ts';
import { startLocalStack, TABLE_NAME, type LocalStack } from '../../infra/local/stack.ts';
import { esbuildOptions } from '../../infra/stack.ts';
import { httpClient, type HttpClient } from '../support/local-stack.ts';
import { defaultSynth, type CfnResource } from '../support/synth.ts';

/**
 * us-east-1 list prices, each with the date it was read. `assumed`: not checked against the
 * price page on that date (a figure remembered, or a billing rule inferred), so the bill names it.
 */
const PRICES = {
  stepFunctionsTransition: { usd: 0.025 / 1000, per: 'state transition (Standard)', asOf: '2026-11-01' },
  lambdaRequest: { usd: 0.2 / 1e6, per: 'Lambda request', asOf: '2026-11-01' },
  lambdaGbSecondArm: { usd: 0.0000133334, per: 'Lambda GB-second (arm64)', asOf: '2026-11-01' },
  dynamodbWriteUnit: { usd: 0.625 / 1e6, per: 'DynamoDB write request unit (on-demand)', asOf: '2026-11-01' },
  dynamodbReadUnit: { usd: 0.125 / 1e6, per: 'DynamoDB read request unit (on-demand)', asOf: '2026-11-01' },
  sqsRequest: { usd: 0.4 / 1e6, per: 'SQS request (standard)', asOf: '2026-11-01' },
  httpApiRequest: { usd: 1.0 / 1e6, per: 'HTTP API request', asOf: '2026-11-01' },
  logsIngestedGb: { usd: 0.5, per: 'GB ingested, CloudWatch Logs (standard)', asOf: '2025-06-01', assumed: true },
  vendedLogsGb: {
    usd: 0.5,
    per: 'GB of vended logs delivered to CloudWatch Logs (first 10 TB; Step Functions)',
    asOf: '2025-06-01',
    assumed: true,
  },
  logsStoredGbMonth: { usd: 0.03, per: 'GB-month of logs stored (billed compressed)', asOf: '2025-06-01', assumed: true },
  xrayTrace: { usd: 5.0 / 1e6, per: 'X-Ray trace recorded', asOf: '2025-06-01', assumed: true },
  sesEmail: { usd: 0.1 / 1000, per: 'SES e-mail sent', asOf: '2025-06-01', assumed: true },
  kmsRequest: { usd: 0.03 / 10_000, per: 'KMS request', asOf: '2025-06-01', assumed: true },
  kmsAsymmetricRequest: {
    usd: 0.15 / 10_000,
    per: 'KMS request with an asymmetric key other than RSA 2048 (the permit key: Sign, GetPublicKey)',
    asOf: '2025-06-01',
    assumed: true,
  },
  kmsKeyMonth: { usd: 1.0, per: 'customer-managed KMS key a month (AWS-managed keys: none)', asOf: '2025-06-01', assumed: true },
  alarmMetricMonth: {
    usd: 0.1,
    per: 'standard-resolution alarm metric a month (a metric-math alarm: each metric in it)',
    asOf: '2025-06-01',
    assumed: true,
  },
  dashboardMonth: { usd: 3.0, per: 'dashboard a month (the first 3 of an account free)', asOf: '2025-06-01', assumed: true },
  customMetricMonth: { usd: 0.3, per: 'custom metric a month (EMF; first 10,000)', asOf: '2025-06-01', assumed: true },
  dynamodbStoredGbMonth: { usd: 0.25, per: 'GB-month stored in DynamoDB (Standard table class)', asOf: '2025-06-01', assumed: true },
  secretMonth: { usd: 0.4, per: 'Secrets Manager secret a month', asOf: '2025-06-01', assumed: true },
  secretsApiCall: { usd: 0.05 / 10_000, per: 'Secrets Manager API call', asOf: '2025-06-01', assumed: true },
  pitrGbMonth: { usd: 0.2, per: 'GB-month of point-in-time recovery', asOf: '2025-06-01', assumed: true },
} satisfies Record<string, { usd: number; per: string; asOf: string; assumed?: boolean }>;

/** Estimates where nothing here can count, each stated in the report. */
const ESTIMATE = {
  /** START, END and REPORT lines Lambda writes per invocation (text format, a request id each, REPORT ~140 B). */
  platformLogBytes: 270,
  /** One Step Functions history event as CloudWatch Logs gets it without execution data (ids, type, ARN, timestamps). */
  stepFunctionsEventBytes: 350,
  /** X-Ray default sampling: 1 request a second, then 5 %; at volume ≈ 5 % of invocations each a trace (an upper bound: workflow invocations join their execution's trace). */
  xraySampled: 0.05,
  /** Lambda's SQS event source: ~5 pollers long-polling 20 s each, per queue, all month (idle or not). */
  sqsPollsPerMonth: 5 * 3 * 43_830,
  /** DynamoDB caches a table's key per caller; with every caller active, ≤ 12 KMS requests an hour each. */
  kmsRequestsPerCallerHour: 12,
  /** Warm instances of a busy function at any time (for per-instance reads of a cached secret). */
  instancesPerFunction: 10,
  /** Bytes DynamoDB adds to each item (and each index entry) for storage. */
  storageOverheadBytes: 100,
};
const MINUTES_A_MONTH = 43_830;
const GB = 2 ** 30;

const CASES_PER_SIZE = 4;
const SIZES = [1, 2, 4, 8];
/** The sizes the targets name. */
const TARGET_N = 4;
const CONFLICT_N = 8;
const CONCURRENCY = 8;
const CASES_PER_WORKER = 6;
const LATENCY_WARMUP = 60;
const LATENCY_ROUNDS = 12;
const RATE = 100; // cases a second, for the partition table
const PARTITION_LIMIT = 100; // WCU/s: a tenth of one partition's 1,000

const body: string[] = [];
const print = (line = '') => {
  console.log(line);
  body.push(line);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs: number[], q: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const usd = (n: number) => (n === 0 ? '0' : n < 0.0001 ? n.toExponential(1) : n.toFixed(4));
const specOf = new Map(allFunctions().map((f) => [f.name, f]));
/** Background work that is not per case: the watchdog runs every minute whatever happens. */
const PER_CASE = (name: string) => !schedules.some((s) => s.name === name);

/** Every case the bench creates: each must get every notification its timeline calls for. */
const createdCases: string[] = [];
/** Cases the bench decided in full (sections 1 and 3): each must end APPROVED. */
const decidedCases: string[] = [];

// ------------------------------------------------------------------ logs

/**
 * Errors logged while the bench runs: the local runtime's `[error]` lines (its `log` option)
 * and the handlers' JSON log lines (Powertools) at ERROR or above.
 */
const loggedErrors: string[] = [];
const logLocalStack = (line: string) => {
  if (!line.startsWith('[error]')) return;
  loggedErrors.push(line);
  process.stderr.write(`${line}\n`);
};
/** Handler log lines (JSON, and EMF metric lines) written while counting: what CloudWatch Logs would ingest. */
const logs = { bytes: 0, lines: 0, metricBytes: 0 };
/** Custom metrics the handlers published (namespace, name and dimensions), over the whole run. */
const customMetrics = new Set<string>();
/**
 * Handler log lines are counted, not shown (at the deployed level they would flood the
 * terminal); ERROR lines are shown and fail the run.
 */
function watchHandlerLogs() {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const kept: string[] = [];
      for (const line of String(chunk).split('\n')) {
        let parsed: Record<string, any> | undefined;
        if (line.startsWith('{'))
          try {
            parsed = JSON.parse(line);
          } catch {}
        if (!parsed || typeof parsed !== 'object') {
          kept.push(line);
          continue;
        }
        const bytes = Buffer.byteLength(line) + 1;
        const emf = parsed._aws?.CloudWatchMetrics as
          | { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[]
          | undefined;
        for (const d of emf ?? [])
          for (const m of d.Metrics) customMetrics.add(`${d.Namespace}/${m.Name} [${d.Dimensions.map((x) => x.join(',')).join('; ')}]`);
        if (meter.enabled) {
          logs.bytes += bytes;
          logs.lines += 1;
          if (emf) logs.metricBytes += bytes;
        }
        const level = String(parsed.level ?? '').toUpperCase();
        if (level === 'ERROR' || level === 'CRITICAL') {
          loggedErrors.push(line);
          kept.push(line);
        }
      }
      return write(kept.join('\n'), ...rest);
    }) as typeof stream.write;
  }
}

// ------------------------------------------------------------------ per-request tagging

/**
 * The DynamoDB requests one API request makes: the bench sends `x-bench-request: <tag>`, the
 * handler runs in that tag's async context (the API stand-in's request event is wrapped), and
 * every HTTP request made in it carries the tag on to the metering proxy, which sums that
 * tag's DynamoDB requests and their round trips (meter.tagged). The round trips are also
 * timed where the function makes them (`functionTrips`): from its HTTP request to the end of
 * the answer, the counting proxy's own hop and work included, as they add to the request's
 * latency only because the bench counts.
 */
const requestTag = new AsyncLocalStorage<string>();
const functionTrips = new Map<string, { requests: number; ms: number }>();
function tagRequests(apiPort: number) {
  const emit = Server.prototype.emit as (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const tag = (args[0] as IncomingMessage).headers[TAG_HEADER];
      const port = (this.address() as { port?: number } | null)?.port;
      if (typeof tag === 'string' && port === apiPort) return requestTag.run(tag, () => emit.call(this, event, ...args));
    }
    return emit.call(this, event, ...args);
  } as typeof Server.prototype.emit;
  dc.subscribe('http.client.request.created', (message) => {
    const tag = requestTag.getStore();
    const request = (message as { request: ClientRequest }).request;
    if (tag) request.setHeader(TAG_HEADER, tag);
    if (tag && String(request.getHeader('x-amz-target') ?? '').startsWith('DynamoDB_')) {
      const started = performance.now();
      request.once('response', (response) =>
        response.once('end', () => {
          const t = functionTrips.get(tag) ?? { requests: 0, ms: 0 };
          t.requests += 1;
          t.ms += performance.now() - started;
          functionTrips.set(tag, t);
        }),
      );
    }
    const fn = invocationScope.getStore();
    if (fn) request.setHeader(FUNCTION_HEADER, fn);
  });
}

/** Until nothing happened (no DynamoDB request, message, invocation) for `ms`, at most `capMs`. */
async function quiet(ms: number, capMs = 15_000) {
  const until = performance.now() + capMs;
  while (performance.now() - meter.lastActivity < ms && performance.now() < until) await sleep(Math.min(50, ms));
}

// ------------------------------------------------------------------ SES stand-in

/** E-mails as the SES stand-in received them (SESv2 SendEmail). */
const emails: { key: string; bytes: number }[] = [];
const SENDER = 'notices@bench.example';
const APPLICANT_EMAIL = 'applicant@bench.example';
const departmentEmail = (code: string) => `${code}@bench.example`;
const adminEmail = (code: string) => `${code}-admins@bench.example`;
const emailKey = (to: string[], subject: string, text: string) => JSON.stringify([[...to].sort(), subject, text]);
function addressesOf(n: Notification): string[] {
  if (n.recipient.kind === 'applicant') return [APPLICANT_EMAIL];
  return [n.recipient.kind === 'department' ? departmentEmail(n.recipient.department) : adminEmail(n.recipient.department)];
}

async function startSes(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (req.method !== 'POST' || !req.url?.startsWith('/v2/email/outbound-emails')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ message: `the SES stand-in does not do ${req.method} ${req.url}` }));
    }
    const mail = JSON.parse(text || '{}');
    const simple = mail.Content?.Simple ?? {};
    emails.push({
      key: emailKey(mail.Destination?.ToAddresses ?? [], simple.Subject?.Data ?? '', simple.Body?.Text?.Data ?? ''),
      bytes: Buffer.byteLength(text),
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ MessageId: randomUUID() }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

// ------------------------------------------------------------------ what the stack deploys

interface Deployed {
  logLevel: string;
  logLevelSource: string;
  tracing: string;
  logRetentionDays: number[];
  stateMachineLogLevel: string;
  stateMachineExecutionData: boolean;
  stateMachineTracing: boolean;
  tableKey: 'AWS owned' | 'AWS managed (aws/dynamodb)' | 'customer managed';
  stream: string;
  schedules: string[];
  alarms: number;
  alarmMetrics: number;
  dashboards: number;
  kmsKeys: number;
  secrets: number;
  accessLogFormat?: Record<string, string>;
  tableCallers: number;
}

/** The synthesized template (bundling off): what a case pays for beyond the counted services. */
function deployedStack(): Deployed {
  const { json } = defaultSynth();
  const all = Object.values(json.Resources);
  const ofType = (type: string) => all.filter((r) => r.Type === type);
  const props = (r: CfnResource | undefined) => (r?.Properties ?? {}) as Record<string, any>;
  const functions = ofType('AWS::Lambda::Function').filter((f) => props(f).Description?.startsWith?.('one-stop'));
  const levels = functions.map(
    (f) => props(f).LoggingConfig?.ApplicationLogLevel ?? props(f).Environment?.Variables?.POWERTOOLS_LOG_LEVEL ?? 'INFO',
  );
  const tally = new Map<string, number>();
  for (const l of levels) tally.set(l, (tally.get(l) ?? 0) + 1);
  const logLevel = [...tally].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'INFO';
  const set = functions.some((f) => props(f).LoggingConfig?.ApplicationLogLevel || props(f).Environment?.Variables?.POWERTOOLS_LOG_LEVEL);
  const machine = ofType('AWS::StepFunctions::StateMachine')[0];
  const tableResource = [...ofType('AWS::DynamoDB::GlobalTable'), ...ofType('AWS::DynamoDB::Table')][0];
  const sse = props(tableResource).SSESpecification ?? {};
  const replicaKey = (props(tableResource).Replicas ?? []).some((r: any) => r.SSESpecification?.KMSMasterKeyId);
  const tableKey =
    sse.KMSMasterKeyId || replicaKey
      ? 'customer managed'
      : sse.SSEEnabled && (sse.SSEType ?? 'KMS') === 'KMS'
        ? 'AWS managed (aws/dynamodb)'
        : 'AWS owned';
  const alarms = ofType('AWS::CloudWatch::Alarm');
  const alarmMetrics = alarms.reduce(
    (s, a) => s + (props(a).Metrics ? (props(a).Metrics as any[]).filter((m) => m.MetricStat).length : 1),
    0,
  );
  const stage = ofType('AWS::ApiGatewayV2::Stage')[0];
  const format = props(stage).AccessLogSettings?.Format;
  let accessLogFormat: Record<string, string> | undefined;
  try {
    accessLogFormat = typeof format === 'string' ? JSON.parse(format) : undefined;
  } catch {}
  return {
    logLevel,
    logLevelSource: set ? 'set on the functions' : 'not set on the functions: the Powertools Logger default',
    tracing: [...new Set(functions.map((f) => props(f).TracingConfig?.Mode ?? 'PassThrough'))].join(', '),
    logRetentionDays: [...new Set(ofType('AWS::Logs::LogGroup').map((g) => Number(props(g).RetentionInDays ?? Infinity)))],
    stateMachineLogLevel: props(machine).LoggingConfiguration?.Level ?? 'OFF',
    stateMachineExecutionData: Boolean(props(machine).LoggingConfiguration?.IncludeExecutionData),
    stateMachineTracing: Boolean(props(machine).TracingConfiguration?.Enabled),
    tableKey,
    stream: props(tableResource).StreamSpecification?.StreamViewType ?? 'none',
    schedules: ofType('AWS::Events::Rule').map((r) => String(props(r).ScheduleExpression)),
    alarms: alarms.length,
    alarmMetrics,
    dashboards: ofType('AWS::CloudWatch::Dashboard').length,
    kmsKeys: ofType('AWS::KMS::Key').length,
    secrets: ofType('AWS::SecretsManager::Secret').length,
    accessLogFormat,
    tableCallers: allFunctions().filter((f) => f.table).length,
  };
}

/** Bytes of one HTTP API access log line for a route, the stack's format filled with typical values. */
function accessLogBytes(format: Record<string, string> | undefined, routeKey: string): number {
  if (!format) return 0;
  const sample: Record<string, string> = {
    '$context.requestId': 'Kx2jd1abcdEFgHi=',
    '$context.requestTime': '29/Nov/2026:16:43:37 +0000',
    '$context.identity.sourceIp': '203.0.113.10',
    '$context.routeKey': routeKey,
    '$context.status': '200',
    '$context.protocol': 'HTTP/1.1',
    '$context.responseLength': '512',
    '$context.responseLatency': '85',
    '$context.integrationLatency': '80',
    '$context.authorizer.claims.sub': '6f1c2f4e-1b2a-4c3d-9e8f-0a1b2c3d4e5f',
  };
  const line = JSON.stringify(Object.fromEntries(Object.entries(format).map(([k, v]) => [k, sample[v] ?? '-'])));
  return Buffer.byteLength(line) + 1;
}

// ------------------------------------------------------------------ driving cases

async function getCase(api: HttpClient, token: string, caseId: string) {
  for (;;) {
    const r = await api.call('GET', `/applications/${caseId}`, { token });
    if (r.status === 429) await sleep(1000 * Number(r.headers.get('retry-after') ?? 1));
    else if (r.status === 200) return r.body;
    else throw new Error(`GET /applications/${caseId}: ${r.status} ${JSON.stringify(r.body)}`);
  }
}

/** Waits (on the SES stand-in, with a cap) for every e-mail the created cases' timelines call for. */
async function notificationsDelivered(api: HttpClient, admin: string) {
  const expected = new Map<string, { id: string; count: number }>();
  let total = 0;
  for (const caseId of createdCases) {
    const c = await getCase(api, admin, caseId);
    for (const e of c.timeline)
      for (const n of notificationsFor(caseFacts(c), e)) {
        const key = emailKey(addressesOf(n), n.subject, n.body);
        const entry = expected.get(key) ?? { id: n.id, count: 0 };
        entry.count += 1;
        expected.set(key, entry);
        total += 1;
      }
  }
  const until = Date.now() + 120_000;
  let missing: string[] = [];
  for (;;) {
    const received = new Map<string, number>();
    for (const m of emails) received.set(m.key, (received.get(m.key) ?? 0) + 1);
    missing = [...expected].flatMap(([key, { id, count }]) =>
      Array.from({ length: Math.max(0, count - (received.get(key) ?? 0)) }, () => id),
    );
    if (!missing.length || Date.now() > until) break;
    await sleep(500);
  }
  return { expected: total, delivered: total - missing.length, missing, sent: emails.length };
}

async function finished(stack: LocalStack, caseIds: string[], timeoutMs = 90_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const statuses = caseIds.map((id) => stack.stepFunctions.executions.get(id)?.status);
    if (statuses.every((s) => s === 'SUCCEEDED')) return;
    if (Date.now() > until || statuses.some((s) => s === 'FAILED' || s === 'ABORTED'))
      throw new Error(`workflows did not succeed: ${caseIds.map((id, i) => `${id} ${statuses[i] ?? 'not started'}`).join(', ')}`);
    await sleep(50);
  }
}

async function publish(api: HttpClient, admin: string, code: string, departments: { code: string; limit: string }[]) {
  const r = await api.call('PUT', `/services/${code}`, {
    token: admin,
    body: {
      name: `Bench ${code}`,
      materials: [],
      form: { fields: [] },
      departments: departments.map((d) => ({ code: d.code, name: d.code, timeLimit: { duration: d.limit } })),
    },
  });
  if (r.status !== 200) throw new Error(`publish ${code}: ${JSON.stringify(r.body)}`);
  // who each department's mail goes to: SES sends only to known addresses
  for (const d of departments) {
    const c = await api.call('PUT', `/departments/${d.code}`, {
      token: admin,
      body: { emails: [departmentEmail(d.code)], adminEmails: [adminEmail(d.code)] },
    });
    if (c.status !== 200) throw new Error(`contacts of ${d.code}: ${JSON.stringify(c.body)}`);
  }
}

const application = (serviceCode: string) => ({
  serviceCode,
  applicant: { name: '基准测试', idNumber: '320102197511200034', email: APPLICANT_EMAIL },
  form: {},
  materials: [],
});

/** Counting on, from zero. */
function startCounting() {
  resetMeter();
  Object.assign(logs, { bytes: 0, lines: 0, metricBytes: 0 });
  meter.enabled = true;
  return { emailsFrom: emails.length };
}

interface PerCase {
  n: number;
  run: number;
  cases: number;
  transitions: number;
  invocations: number;
  /** Lambda invocations per case by function. */
  invocationsBy: Record<string, number>;
  gbSeconds: number;
  readUnits: number;
  /** Write units by DynamoDB's rules, item by item (meter.ts `writes`). */
  writeUnits: number;
  indexWriteUnits: number;
  /** The permit's share: KMS Sign requests, IssuePermit invocations and GB-s, the write units of the transactions that wrote a permit. */
  permit: { signs: number; invocations: number; gbSeconds: number; writeUnits: number };
  /** What DynamoDB Local reports (it under-reports transactions: about one item's units for all of them). */
  writeUnitsLocal: number;
  dynamodbRequests: number;
  /** DynamoDB requests per case by operation. */
  byOperation: Record<string, number>;
  /** DynamoDB requests per case by '<function> <operation>'. */
  byFunction: Record<string, number>;
  /** Write units per case (DynamoDB's rules) by the function that wrote them. */
  writeUnitsBy: Record<string, number>;
  sqsRequests: number;
  sqsIdlePolls: number;
  apiRequests: number;
  /** Refused writes per case, by "<operation>: <reason>". */
  refused: Record<string, number>;
  /** Of those, the ones the conflict target counts. */
  conflicts: number;
  emails: number;
  emailBytes: number;
  logBytes: number;
  logLines: number;
  platformLogBytes: number;
  accessLogBytes: number;
  stepFunctionsLogEvents: number;
  xrayTraces: number;
  writes: WriteRecord[];
  caseIds: string[];
  lateness: number[];
}

/** The refusals the conflict target counts. */
const isConflict = (key: string) =>
  /^TransactWriteItems: (ConditionalCheckFailed|TransactionConflict)$/.test(key) ||
  /^(UpdateItem|PutItem|DeleteItem): (ConditionalCheckFailedException|TransactionConflictException)$/.test(key);

/** Until every review task of the case has been handed to its department (the workflow armed it). */
async function armed(stack: LocalStack, caseId: string, n: number) {
  while ((stack.stepFunctions.inspect(caseId)?.armedTasks ?? 0) < n) await sleep(5);
}

async function operationsPerCase(
  stack: LocalStack,
  api: HttpClient,
  admin: string,
  deployed: Deployed,
  n: number,
  run: number,
): Promise<PerCase> {
  // the first half of the departments decide, the others stay silent and are deemed to approve
  const departments = Array.from({ length: n }, (_, i) => ({ code: `b${i}`, limit: i < Math.ceil(n / 2) ? 'PT60S' : 'PT4S' }));
  await publish(api, admin, `bench-${n}`, departments);
  // one applicant per case, as in life (each has an index partition of their own)
  const applicants = await Promise.all(Array.from({ length: CASES_PER_SIZE }, () => api.token(randomUUID(), ['applicants'])));
  const reviewers = await Promise.all(departments.map((d) => api.token(`bench-${d.code}`, [`reviewers-${d.code}`])));
  await quiet(300);
  const { emailsFrom } = startCounting();
  const signsBefore = stack.kmsRequests.get('Sign') ?? 0;
  // One case after another, each left to finish (its permit issued, its notifications sent)
  // before the next: the counts then do not depend on how the records of concurrent cases
  // fall into the stream's and the queue's batches. At volume a batch holds records of many
  // cases, so this counts each case's invocations and queue requests at their most.
  const caseIds: string[] = [];
  for (const applicant of applicants) {
    const r = await api.call('POST', '/applications', { token: applicant, body: application(`bench-${n}`) });
    if (r.status !== 202) throw new Error(JSON.stringify(r.body));
    const caseId = r.body.caseId as string;
    createdCases.push(caseId);
    // reviewers act once the review has reached them: after the workflow armed it (in
    // life minutes to days later; a decision racing the arming is retried, see test/workflows)
    await armed(stack, caseId, n);
    // and after the acceptance's notices have gone out (the queue's batching window is a
    // second), so that the decisions' records never share a batch with the acceptance's
    await quiet(1200);
    await Promise.all(
      departments.map(async (d, i) => {
        if (d.limit !== 'PT60S') return;
        const decided = await api.call('POST', `/applications/${caseId}/reviews/${d.code}/decision`, {
          token: reviewers[i],
          body: { decision: 'APPROVE' },
        });
        if (decided.status !== 200)
          throw new Error(`decision of ${d.code} on ${caseId}: ${decided.status} ${JSON.stringify(decided.body)}`);
      }),
    );
    await finished(stack, [caseId]);
    await quiet(1500); // the permit and the notifications flow through the stream, the queue and SES
    caseIds.push(caseId);
  }
  meter.enabled = false;
  const cases = caseIds.length;
  const lambda = [...meter.lambda].filter(([name]) => PER_CASE(name));
  const invocations = lambda.reduce((s, [, m]) => s + m.count, 0);
  const gbSeconds = lambda.reduce((s, [name, m]) => s + (m.ms / 1000) * ((specOf.get(name)?.memoryMb ?? 512) / 1024), 0);
  const sqs = [...meter.sqs].filter(([k]) => k !== 'ReceiveMessage (empty)').reduce((s, [, v]) => s + v, 0);
  const apiRequests = [...meter.api.values()].reduce((s, l) => s + l.length, 0);
  const accessLog = [...meter.api].reduce((s, [route, l]) => s + l.length * accessLogBytes(deployed.accessLogFormat, route), 0);
  const transitions = caseIds.map((id) => stack.stepFunctions.executions.get(id)!.transitions);
  // Standard workflow history events logged at ALL: execution started/succeeded (2), the Map's
  // entered/started/succeeded/exited (4), each iteration started/succeeded (2n), each task state
  // entered/scheduled/started/(submitted)/succeeded or timed out/exited (~6)
  const events = transitions.reduce((s, t) => s + 2 + 4 + 2 * n + 6 * (t - 1), 0);
  const sent = emails.slice(emailsFrom);
  noteValues(meter.dynamodb.writes);
  const refused = Object.fromEntries([...meter.dynamodb.refused].map(([k, v]) => [k, v / cases]));
  const issuing = meter.lambda.get('IssuePermit') ?? { count: 0, ms: 0 };
  const permitRequests = new Set(
    meter.dynamodb.writes.filter((w) => w.writes.some((p) => p.pk.startsWith('PERMIT#'))).map((w) => w.request),
  );
  const result: PerCase = {
    n,
    run,
    cases,
    transitions: transitions.reduce((a, b) => a + b, 0) / cases,
    invocations: invocations / cases,
    invocationsBy: Object.fromEntries(lambda.map(([name, m]) => [name, m.count / cases])),
    gbSeconds: gbSeconds / cases,
    readUnits: meter.dynamodb.readUnits / cases,
    writeUnits: unitsOf(meter.dynamodb.writes) / cases,
    indexWriteUnits: unitsOf(meter.dynamodb.writes, (p) => p.in !== 'table' && !p.in.startsWith('table ')) / cases,
    permit: {
      signs: ((stack.kmsRequests.get('Sign') ?? 0) - signsBefore) / cases,
      invocations: issuing.count / cases,
      gbSeconds: ((issuing.ms / 1000) * ((specOf.get('IssuePermit')?.memoryMb ?? 512) / 1024)) / cases,
      writeUnits: unitsOf(meter.dynamodb.writes.filter((w) => permitRequests.has(w.request))) / cases,
    },
    writeUnitsLocal: meter.dynamodb.writeUnits / cases,
    dynamodbRequests: meter.dynamodb.requests / cases,
    byOperation: Object.fromEntries([...meter.dynamodb.byOperation].map(([k, v]) => [k, v / cases])),
    byFunction: Object.fromEntries([...meter.dynamodb.byFunction].map(([k, v]) => [k, v / cases])),
    writeUnitsBy: Object.fromEntries(
      [...new Set(meter.dynamodb.writes.map((w) => w.by))].map((by) => [
        by,
        unitsOf(meter.dynamodb.writes.filter((w) => w.by === by)) / cases,
      ]),
    ),
    sqsRequests: sqs / cases,
    sqsIdlePolls: meter.sqs.get('ReceiveMessage (empty)') ?? 0,
    apiRequests: apiRequests / cases,
    refused,
    conflicts: Object.entries(refused).reduce((s, [k, v]) => s + (isConflict(k) ? v : 0), 0),
    emails: sent.length / cases,
    emailBytes: sent.reduce((s, m) => s + m.bytes, 0) / cases,
    logBytes: logs.bytes / cases,
    logLines: logs.lines / cases,
    platformLogBytes: (invocations * ESTIMATE.platformLogBytes) / cases,
    accessLogBytes: accessLog / cases,
    stepFunctionsLogEvents: events / cases,
    xrayTraces: (invocations * ESTIMATE.xraySampled) / cases,
    writes: meter.dynamodb.writes,
    caseIds,
    lateness: [],
  };
  // every case counted reached its outcome (read after the counting), and deadline precision
  for (const id of caseIds) {
    const c = await getCase(api, admin, id);
    const deemed = c.reviews.filter((r: { status: string }) => r.status === 'DEEMED_APPROVED');
    const decided = c.reviews.filter((r: { status: string }) => r.status === 'APPROVED');
    if (c.status !== 'APPROVED' || deemed.length !== n - Math.ceil(n / 2) || decided.length !== Math.ceil(n / 2))
      throw new Error(
        `counted case ${id} (${n} departments) did not reach its outcome: ${c.status}, reviews ${c.reviews.map((r: { department: string; status: string }) => `${r.department} ${r.status}`).join(', ')}`,
      );
    for (const r of deemed) result.lateness.push(Date.parse(r.decidedAt) - Date.parse(r.dueBy));
    // and issued its permit, signed and valid
    const permit = await api.call('GET', `/permits/P-${id}`);
    if (permit.status !== 200 || permit.body.status !== 'VALID')
      throw new Error(`counted case ${id} has no valid permit: ${permit.status}`);
  }
  if (result.permit.signs !== 1) throw new Error(`${result.permit.signs} KMS signatures per case; one permit each was expected`);
  return result;
}

/** The mean of runs of one size (figures per case; refusals merged; writes and cases together). */
function merged(runs: PerCase[]): PerCase {
  const mean = (f: (c: PerCase) => number) => runs.reduce((s, c) => s + f(c), 0) / runs.length;
  const reasons = new Set(runs.flatMap((c) => Object.keys(c.refused)));
  return {
    ...runs[0],
    run: 0,
    cases: runs.reduce((s, c) => s + c.cases, 0),
    ...Object.fromEntries(
      (
        [
          'transitions',
          'invocations',
          'gbSeconds',
          'readUnits',
          'writeUnits',
          'indexWriteUnits',
          'writeUnitsLocal',
          'dynamodbRequests',
          'sqsRequests',
          'sqsIdlePolls',
          'apiRequests',
          'conflicts',
          'emails',
          'emailBytes',
          'logBytes',
          'logLines',
          'platformLogBytes',
          'accessLogBytes',
          'stepFunctionsLogEvents',
          'xrayTraces',
        ] as const
      ).map((k) => [k, mean((c) => c[k])]),
    ),
    refused: Object.fromEntries([...reasons].map((k) => [k, mean((c) => c.refused[k] ?? 0)])),
    permit: {
      signs: mean((c) => c.permit.signs),
      invocations: mean((c) => c.permit.invocations),
      gbSeconds: mean((c) => c.permit.gbSeconds),
      writeUnits: mean((c) => c.permit.writeUnits),
    },
    byOperation: Object.fromEntries(
      [...new Set(runs.flatMap((c) => Object.keys(c.byOperation)))].map((k) => [k, mean((c) => c.byOperation[k] ?? 0)]),
    ),
    byFunction: Object.fromEntries(
      [...new Set(runs.flatMap((c) => Object.keys(c.byFunction)))].map((k) => [k, mean((c) => c.byFunction[k] ?? 0)]),
    ),
    writeUnitsBy: Object.fromEntries(
      [...new Set(runs.flatMap((c) => Object.keys(c.writeUnitsBy)))].map((k) => [k, mean((c) => c.writeUnitsBy[k] ?? 0)]),
    ),
    writes: runs.flatMap((c) => c.writes),
    caseIds: runs.flatMap((c) => c.caseIds),
    lateness: runs.flatMap((c) => c.lateness),
  };
}

/** Write units of the partition writes that pass `which` (all by default). */
const unitsOf = (writes: WriteRecord[], which: (p: WriteRecord['writes'][number]) => boolean = () => true) =>
  writes.reduce((s, w) => s + w.writes.filter(which).reduce((x, p) => x + p.units, 0), 0);

/** Every value each partition key shape took in the whole run (shards show up with enough cases). */
const shapeValues = new Map<string, Set<string>>();
function noteValues(writes: WriteRecord[]) {
  for (const w of writes)
    for (const p of w.writes) {
      const id = `${p.in}\u0000${keyShape(p.pk)}`;
      const values = shapeValues.get(id) ?? new Set<string>();
      values.add(p.pk);
      shapeValues.set(id, values);
    }
}

/** What one case costs at the price list, per service, in USD per 1,000 cases. */
function costPer1000(c: PerCase) {
  const refusedWrites = Object.values(c.refused).reduce((a, b) => a + b, 0);
  const parts: Record<string, number> = {
    'Step Functions': c.transitions * PRICES.stepFunctionsTransition.usd,
    Lambda: c.invocations * PRICES.lambdaRequest.usd + c.gbSeconds * PRICES.lambdaGbSecondArm.usd,
    // refused writes: no capacity is counted for them; AWS charges at least a unit each
    DynamoDB: (c.writeUnits + refusedWrites) * PRICES.dynamodbWriteUnit.usd + c.readUnits * PRICES.dynamodbReadUnit.usd,
    SQS: c.sqsRequests * PRICES.sqsRequest.usd,
    'HTTP API': c.apiRequests * PRICES.httpApiRequest.usd,
    'CloudWatch Logs': ((c.logBytes + c.platformLogBytes + c.accessLogBytes) / GB) * PRICES.logsIngestedGb.usd,
    'Step Functions logs': ((c.stepFunctionsLogEvents * ESTIMATE.stepFunctionsEventBytes) / GB) * PRICES.vendedLogsGb.usd,
    'X-Ray': c.xrayTraces * PRICES.xrayTrace.usd,
    SES: c.emails * PRICES.sesEmail.usd,
    KMS: c.permit.signs * PRICES.kmsAsymmetricRequest.usd,
  };
  const total = Object.values(parts).reduce((a, b) => a + b, 0);
  return { parts: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v * 1000])), total: total * 1000 };
}

// ------------------------------------------------------------------ partitions

/** A key's shape: ids (ULIDs, UUIDs, hashes, long tokens) become <id>, short numbers (shards) <n>. */
function keyShape(key: string): string {
  return key
    .split('#')
    .map((part) => {
      if (/^[0-9A-HJKMNP-TV-Z]{26}$/i.test(part)) return '<id>';
      if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(part)) return '<id>';
      if (/^[0-9a-f]{16,}$/i.test(part)) return '<id>';
      if (
        part.length >= 20 &&
        /^[A-Za-z0-9_=+/-]+$/.test(part) &&
        (/\d/.test(part) || /[=+/]/.test(part) || (/[a-z]/.test(part) && /[A-Z]/.test(part)))
      )
        return '<id>';
      if (/^\d{1,3}$/.test(part)) return '<n>';
      return part;
    })
    .join('#');
}

interface KeyRow {
  where: string;
  shape: string;
  shared: boolean;
  writesPerCase: number;
  values: number;
  /** Shared: WCU per case on the hottest value; one per entity: WCU on the hottest value over its life. */
  unitsHottest: number;
  /** WCU/s on the hottest value at RATE cases/s (one per entity: its own peak second, whatever the rate). */
  rate: number;
  /** Shared: values the shape took in the whole run, and WCU/s on each at RATE cases/s if the shape's writes spread evenly over them. */
  valuesInRun: number;
  spread: number;
}

function partitionRows(writes: WriteRecord[], cases: number): KeyRow[] {
  const groups = new Map<string, Map<string, { units: number; writes: number; at: { t: number; units: number }[] }>>();
  for (const w of writes)
    for (const p of w.writes) {
      const id = `${p.in}\u0000${keyShape(p.pk)}`;
      const values = groups.get(id) ?? new Map();
      const v = values.get(p.pk) ?? { units: 0, writes: 0, at: [] };
      v.units += p.units;
      v.writes += 1;
      v.at.push({ t: w.at, units: p.units });
      values.set(p.pk, v);
      groups.set(id, values);
    }
  const peakSecond = (at: { t: number; units: number }[]) => {
    const s = [...at].sort((a, b) => a.t - b.t);
    let best = 0;
    let sum = 0;
    for (let i = 0, j = 0; i < s.length; i++) {
      sum += s[i].units;
      while (s[i].t - s[j].t >= 1000) sum -= s[j++].units;
      best = Math.max(best, sum);
    }
    return best;
  };
  return [...groups]
    .map(([id, values]) => {
      const [where, shape] = id.split('\u0000');
      const shared = !shape.includes('<id>');
      const hottest = [...values.values()].sort((a, b) => b.units - a.units)[0];
      const writesTotal = [...values.values()].reduce((s, v) => s + v.writes, 0);
      const unitsTotal = [...values.values()].reduce((s, v) => s + v.units, 0);
      const valuesInRun = Math.max(values.size, shapeValues.get(id)?.size ?? 0);
      return {
        valuesInRun,
        spread: shared ? (RATE * unitsTotal) / cases / valuesInRun : NaN,
        where,
        shape,
        shared,
        writesPerCase: writesTotal / cases,
        values: values.size,
        unitsHottest: shared ? hottest.units / cases : hottest.units,
        rate: shared ? (RATE * hottest.units) / cases : Math.max(...[...values.values()].map((v) => peakSecond(v.at))),
      };
    })
    .sort((a, b) => b.rate - a.rate);
}

// ------------------------------------------------------------------ load and latency

async function throughput(stack: LocalStack, api: HttpClient, admin: string) {
  await publish(api, admin, 'bench-load', [
    { code: 'b0', limit: 'PT60S' },
    { code: 'b1', limit: 'PT60S' },
  ]);
  const reviewers = await Promise.all(['b0', 'b1'].map((d) => api.token(`load-${d}`, [`reviewers-${d}`])));
  const applicants = await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => api.token(`load-applicant-${w}`, ['applicants'])));
  await quiet(300);
  startCounting();
  meter.captured = [];
  const cpuBefore = { dynamodb: processCpuSeconds(stack.dynamodbPid), node: process.cpuUsage() };
  const started = performance.now();
  let cases = 0;
  await Promise.all(
    applicants.map(async (applicant) => {
      for (let i = 0; i < CASES_PER_WORKER; i++) {
        const { caseId } = (await api.call('POST', '/applications', { token: applicant, body: application('bench-load') })).body;
        createdCases.push(caseId);
        decidedCases.push(caseId);
        await armed(stack, caseId, 2);
        await Promise.all(
          ['b0', 'b1'].map((d, j) =>
            api.call('POST', `/applications/${caseId}/reviews/${d}/decision`, { token: reviewers[j], body: { decision: 'APPROVE' } }),
          ),
        );
        await finished(stack, [caseId]);
        cases++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const nodeCpu = process.cpuUsage(cpuBefore.node);
  const cpu = {
    dynamodb: processCpuSeconds(stack.dynamodbPid) - cpuBefore.dynamodb,
    node: (nodeCpu.user + nodeCpu.system) / 1e6,
  };
  meter.enabled = false;
  const captured = meter.captured;
  meter.captured = undefined;
  noteValues(meter.dynamodb.writes);
  const dynamodbPerCase = meter.dynamodb.requests / cases;
  const latency = [...meter.api].map(([route, ms]) => ({ route, count: ms.length, p50: quantile(ms, 0.5), p99: quantile(ms, 0.99) }));
  return { cases, seconds, perSecond: cases / seconds, dynamodbPerCase, latency, captured, cpu };
}

/** A process's CPU time so far (user and system, seconds), from /proc; 0 where there is none. */
function processCpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    // the fields after the command's closing parenthesis: utime and stime are the 12th and 13th
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * The floor DynamoDB Local sets for these cases: the very requests the load's functions made
 * (captured at the proxy, in the order it forwarded them), sent again straight to DynamoDB
 * Local against a fresh copy of the table (same keys, indexes and stream), so that their
 * reads find and their conditions meet what they met the first time; 1, 2, 4 and CONCURRENCY
 * at a time, each on a copy of its own, the fastest taken. The cases/s it allows is the most
 * the pipeline could reach on this DynamoDB Local: each of its requests costs DynamoDB Local
 * what it cost in the load, with nothing else in between.
 * The stream's reads and the local runtime's own requests are not in it (they do not pass
 * the proxy), so the floor errs high. A transaction gets a fresh idempotency token (the
 * one it was sent with would be refused as a token reused with other parameters). Requests
 * DynamoDB Local refuses in the replay (a condition met in another order) are counted and
 * shown.
 */
async function replayFloor(endpoint: string, captured: { operation: string; body: string }[]) {
  const client = new DynamoDBClient(localClientConfig(endpoint));
  const once = async (concurrency: number) => {
    const replayTable = `${TABLE_NAME}-replay-${randomUUID().slice(0, 8)}`;
    await createTable(client, replayTable);
    const retarget = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(retarget);
      if (!value || typeof value !== 'object') return value;
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) =>
          k === 'TableName' && v === TABLE_NAME
            ? [k, replayTable]
            : // a transaction's idempotency token is the SDK's: a token seen before with other parameters is refused unrun
              k === 'ClientRequestToken'
              ? [k, randomUUID()]
              : k === 'RequestItems' && v && typeof v === 'object'
                ? [k, Object.fromEntries(Object.entries(v).map(([t, r]) => [t === TABLE_NAME ? replayTable : t, retarget(r)]))]
                : [k, retarget(v)],
        ),
      );
    };
    const requests = captured.map((c) => ({ operation: c.operation, body: JSON.stringify(retarget(JSON.parse(c.body))) }));
    const refused = new Map<string, number>();
    const send = async (r: { operation: string; body: string }) => {
      const answer = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `DynamoDB_20120810.${r.operation}`,
          authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
        },
        body: r.body,
      });
      const text = await answer.text();
      if (answer.status !== 200) {
        const type = String(JSON.parse(text || '{}').__type ?? answer.status)
          .split('#')
          .pop()!;
        refused.set(`${r.operation}: ${type}`, (refused.get(`${r.operation}: ${type}`) ?? 0) + 1);
      }
    };
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests.length) await send(requests[next++]!);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await client.send(new DeleteTableCommand({ TableName: replayTable }));
    return { concurrency, requests: requests.length, seconds, perSecond: requests.length / seconds, refused };
  };
  // DynamoDB Local serves some requests side by side and makes others wait (transactions):
  // the floor is the fastest of several concurrencies
  const runs = [];
  for (const concurrency of [1, 2, 4, CONCURRENCY]) runs.push(await once(concurrency));
  client.destroy();
  const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return { ...best, runs };
}

interface RouteLatency {
  route: string;
  label: string;
  ms: number[];
  dynamodbRequests: number[];
  /** The request's DynamoDB round trips summed, timed where the function makes them. */
  dynamodbMs: number[];
  /** The same, timed at the proxy (proxy to DynamoDB Local and back). */
  proxyMs: number[];
}

/**
 * One client, one request at a time, each after the stack has gone quiet (no background work
 * competing): a submission, a read of the case, both departments' decisions, a health check.
 * Each request's own DynamoDB requests and their round trips come from the proxy (tagged).
 */
async function singleClient(stack: LocalStack, api: HttpClient, admin: string): Promise<RouteLatency[]> {
  const departments = [
    { code: 'l0', limit: 'PT60S' },
    { code: 'l1', limit: 'PT60S' },
  ];
  await publish(api, admin, 'bench-latency', departments);
  const reviewers = await Promise.all(departments.map((d) => api.token(`latency-${d.code}`, [`reviewers-${d.code}`])));
  const routes: Record<string, RouteLatency> = {
    health: { route: 'GET /health', label: 'health', ms: [], dynamodbRequests: [], dynamodbMs: [], proxyMs: [] },
    get: { route: 'GET /applications/{caseId}', label: 'GET case', ms: [], dynamodbRequests: [], dynamodbMs: [], proxyMs: [] },
    decision: {
      route: 'POST /applications/{caseId}/reviews/{department}/decision',
      label: 'decision',
      ms: [],
      dynamodbRequests: [],
      dynamodbMs: [],
      proxyMs: [],
    },
    submit: { route: 'POST /applications', label: 'submit', ms: [], dynamodbRequests: [], dynamodbMs: [], proxyMs: [] },
  };
  meter.enabled = true;
  resetMeter();
  const timed = async (which: keyof typeof routes, keep: boolean, method: string, path: string, token?: string, payload?: unknown) => {
    if (keep) await quiet(250);
    const tag = randomUUID();
    const t0 = performance.now();
    const r = await api.call(method, path, { token, body: payload, headers: { [TAG_HEADER]: tag } });
    const ms = performance.now() - t0;
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    const t = meter.tagged.get(tag) ?? { requests: 0, ms: 0 };
    const seen = functionTrips.get(tag) ?? { requests: 0, ms: 0 };
    if (seen.requests !== t.requests)
      throw new Error(`${method} ${path}: the proxy saw ${t.requests} DynamoDB requests, the function's client ${seen.requests}`);
    if (keep) {
      routes[which].ms.push(ms);
      routes[which].dynamodbRequests.push(t.requests);
      routes[which].dynamodbMs.push(seen.ms);
      routes[which].proxyMs.push(t.ms);
    }
    return r;
  };
  for (let i = 0; i < LATENCY_WARMUP + LATENCY_ROUNDS; i++) {
    // warm-up rounds run back to back (no wait for quiet), so that the code is compiled as in
    // a warm function instance that has served many requests; an applicant each stays under
    // the submission route's rate limit
    const keep = i >= LATENCY_WARMUP;
    const applicant = await api.token(randomUUID(), ['applicants']);
    const submitted = await timed('submit', keep, 'POST', '/applications', applicant, application('bench-latency'));
    const caseId = submitted.body.caseId as string;
    createdCases.push(caseId);
    decidedCases.push(caseId);
    await timed('get', keep, 'GET', `/applications/${caseId}`, applicant);
    await armed(stack, caseId, departments.length);
    for (const [j, d] of departments.entries())
      await timed('decision', keep, 'POST', `/applications/${caseId}/reviews/${d.code}/decision`, reviewers[j], { decision: 'APPROVE' });
    await timed('health', keep, 'GET', '/health');
    await finished(stack, [caseId]);
  }
  meter.enabled = false;
  noteValues(meter.dynamodb.writes);
  return Object.values(routes);
}

async function rawDynamoDB(endpoint: string) {
  const client = new DynamoDBClient(localClientConfig(endpoint));
  const until = performance.now() + 3000;
  let ops = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      for (let i = 0; performance.now() < until; i++) {
        const Key = { PK: { S: `RAW#${w}` }, SK: { S: String(i % 50) } };
        await client.send(new PutItemCommand({ TableName: TABLE_NAME, Item: { ...Key, v: { S: 'x'.repeat(200) } } }));
        await client.send(new GetItemCommand({ TableName: TABLE_NAME, Key }));
        ops += 2;
      }
    }),
  );
  client.destroy();
  return ops / 3;
}

// ------------------------------------------------------------------ fixed costs

/** A scheduled function's runs, counted: duration, DynamoDB units and log bytes per run. */
async function scheduledRuns(stack: LocalStack, runs = 5) {
  const rows = [];
  for (const spec of schedules) {
    await quiet(300);
    startCounting();
    for (let i = 0; i < runs; i++) await stack.tick(spec.name);
    meter.enabled = false;
    const m = meter.lambda.get(spec.name) ?? { count: runs, ms: 0 };
    rows.push({
      name: spec.name,
      everyMinutes: spec.everyMinutes,
      memoryMb: spec.memoryMb ?? 512,
      ms: m.ms / m.count,
      readUnits: meter.dynamodb.readUnits / runs,
      writeUnits: meter.dynamodb.writeUnits / runs,
      requests: meter.dynamodb.requests / runs,
      logBytes: logs.bytes / runs,
    });
  }
  return rows;
}

// ------------------------------------------------------------------ cold starts

function eventFor(spec: FunctionSpec, caseId: string): unknown {
  const api = apiFunctions.find((f) => f.name === spec.name);
  if (api) {
    const [method, path] = api.route.split(' ');
    const params: Record<string, string> = { caseId, department: 'b0', code: 'bench-2', year: '2031' };
    const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const rawPath = path.replace(/\{(\w+)\}/g, (_, p: string) => params[p]);
    return {
      version: '2.0',
      routeKey: api.route,
      rawPath,
      rawQueryString: api.route === 'GET /reviews' ? 'department=b0' : '',
      headers: { 'content-type': 'application/json', host: 'bench' },
      ...(api.route === 'GET /reviews' ? { queryStringParameters: { department: 'b0' } } : {}),
      ...(names.length ? { pathParameters: Object.fromEntries(names.map((n) => [n, params[n]])) } : {}),
      ...(method === 'POST' || method === 'PUT' ? { body: '{}' } : {}),
      isBase64Encoded: false,
      requestContext: {
        http: { method, path: rawPath, sourceIp: '127.0.0.1' },
        domainName: 'bench',
        requestId: 'bench',
        routeKey: api.route,
        authorizer: { jwt: { claims: { sub: 'bench-admin', 'cognito:groups': '[admins]' }, scopes: [] } },
      },
    };
  }
  if (Object.values(workflowFunctions).includes(spec)) return { caseId, department: 'b0' };
  if (queueConsumers.some((q) => q.name === spec.name) || streamConsumers.some((q) => q.name === spec.name)) return { Records: [] };
  return { 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString(), detail: {} };
}

async function coldStarts(caseId: string) {
  const dir = resolve(projectRoot, '.bench');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const rows = [];
  for (const spec of allFunctions()) {
    const outfile = join(dir, `${spec.name}.mjs`);
    // the stack's own bundling options (BUNDLING in infra/stack.ts)
    await build({
      entryPoints: [resolve(projectRoot, spec.entry)],
      outfile,
      ...esbuildOptions(),
      logLevel: 'silent',
    });
    const probe = `
      const t0 = performance.now();
      const { handler } = await import(${JSON.stringify(outfile)});
      const t1 = performance.now();
      const context = { functionName: ${JSON.stringify(spec.name)}, awsRequestId: 'bench', getRemainingTimeInMillis: () => 10000 };
      try { await handler(${JSON.stringify(eventFor(spec, caseId))}, context); } catch {}
      const t2 = performance.now();
      console.log(JSON.stringify({ importMs: t1 - t0, firstEventMs: t2 - t1 }));
      process.exit(0);`;
    // asynchronously: the local stack the probe talks to runs in this process
    const stdout = await new Promise<string>((done) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', probe], {
        env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' },
      });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      const timer = setTimeout(() => child.kill(), 30_000);
      child.on('close', () => {
        clearTimeout(timer);
        done(text);
      });
    });
    const line = stdout.trim().split('\n').pop() ?? '{}';
    let timing = { importMs: NaN, firstEventMs: NaN };
    try {
      timing = JSON.parse(line);
    } catch {}
    rows.push({ name: spec.name, bytes: statSync(outfile).size, ...timing });
  }
  rmSync(dir, { recursive: true, force: true });
  return rows;
}

// ------------------------------------------------------------------ the run

/** Where two runs' invocations by function differ: ' (Fn: 1.00 and 1.25, ...)'. */
function byFunctionApart(a: Record<string, number>, b: Record<string, number>) {
  const apart = [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => (a[k] ?? 0) !== (b[k] ?? 0))
    .sort()
    .map((k) => `${k}: ${fmt(a[k] ?? 0, 2)} and ${fmt(b[k] ?? 0, 2)}`);
  return apart.length ? ` (${apart.join(', ')})` : '';
}

/** The figures compared across the two counting runs. */
const COUNTED = {
  transitions: 'state transitions',
  invocations: 'Lambda invocations',
  dynamodbRequests: 'DynamoDB requests',
  writeUnits: 'DynamoDB WCU',
  readUnits: 'DynamoDB RCU',
  conflicts: 'conflicts',
  sqsRequests: 'SQS requests',
  apiRequests: 'API requests',
  emails: 'e-mails',
  logBytes: 'log bytes',
} as const;

async function main() {
  // the stack as deployed: its log level, and EMF metrics printed as Lambda would
  const deployed = deployedStack();
  process.env.POWERTOOLS_LOG_LEVEL = deployed.logLevel;
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  // and the calendar kept per function instance as long as in AWS (the local default is short)
  process.env.CALENDAR_KEPT_SECONDS ??= '10';
  watchHandlerLogs();
  const ses = await startSes();
  // the watchdog's minute timer is off: its work is per minute, not per case
  const stack = await startLocalStack({ meter: true, timers: false, log: logLocalStack });
  meter.enabled = false;
  // notifications as DeliverNotification sends them in AWS (the SES channel, under its idempotency records)
  Object.assign(process.env, { NOTIFICATION_CHANNEL: 'ses', SENDER_ADDRESS: SENDER, AWS_ENDPOINT_URL_SESV2: ses.url });
  tagRequests(Number(new URL(stack.url).port));
  // latencies are measured around each call: responses are not checked against the document here (the tests do)
  const api = httpClient(stack.url, { conformance: false });
  let failure: string | undefined;
  try {
    const admin = await api.token('bench-admin', ['admins']);
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    const title = [
      `# one-stop benchmark`,
      '',
      `${new Date().toISOString()} · ${cpu} · ${os.cpus().length} cores · ${Math.round(os.totalmem() / 2 ** 30)} GiB · Node ${process.version} · local stack (DynamoDB Local, fauxqs, aws-local-stepfunctions) · handlers at log level ${deployed.logLevel}, notifications through the SES channel`,
      '',
    ];
    for (const line of title) console.log(line);

    await operationsPerCase(stack, api, admin, deployed, 2, 0); // warm-up: module loading and JIT are not a case's cost
    const runs: PerCase[][] = [[], []];
    for (const [r, run] of runs.entries()) for (const n of SIZES) run.push(await operationsPerCase(stack, api, admin, deployed, n, r + 1));
    const bySize = SIZES.map((n) => ({
      n,
      runs: runs.map((run) => run.find((c) => c.n === n)!),
      all: merged(runs.map((run) => run.find((c) => c.n === n)!)),
    }));

    print(
      `## 1. Operations per case (counted; ${CASES_PER_SIZE} cases a run, one after another, two runs of fresh cases; half the departments decide, half (m) are deemed to approve)`,
    );
    print();
    print(
      '| departments | run | state transitions | n + 1 + m | Lambda invocations | Lambda GB-s (local time) | DynamoDB requests | DynamoDB WCU | (DynamoDB Local says) | DynamoDB RCU | conflicts | SQS requests | API requests | e-mails | log bytes |',
    );
    print('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const { n, runs: rs } of bySize)
      for (const c of rs)
        print(
          `| ${n} | ${c.run} | ${fmt(c.transitions)} | ${n + 1 + (n - Math.ceil(n / 2))} | ${fmt(c.invocations)} | ${fmt(c.gbSeconds, 3)} | ${fmt(c.dynamodbRequests)} | ${fmt(c.writeUnits)} | ${fmt(c.writeUnitsLocal)} | ${fmt(c.readUnits)} | ${fmt(c.conflicts, 2)} | ${fmt(c.sqsRequests)} | ${fmt(c.apiRequests)} | ${fmt(c.emails)} | ${fmt(c.logBytes, 0)} |`,
        );
    print();
    print(
      `SQS requests exclude the pollers' empty long polls (${bySize.flatMap((s) => s.runs.map((c) => c.sqsIdlePolls)).join(', ')} in the eight counts), which cost per queue and minute, not per case. DynamoDB WCU: each item written at DynamoDB's rules (1 per KB of the larger of the item before and after, twice in a transaction, a transaction's condition check as a write, index entries written with the size they project; infra/local/meter.ts), since DynamoDB Local reports about one item's units for a whole transaction; what it reports is beside. RCU: as DynamoDB Local reports them, at least half a unit a read request (a whole one strongly consistent). E-mails: what the SES stand-in received. Log bytes: the handlers' JSON log and EMF metric lines at level ${deployed.logLevel} (${deployed.logLevelSource}).`,
    );
    print();
    const operations = [...new Set(bySize.flatMap((s) => Object.keys(s.all.byOperation)))].sort();
    print('### DynamoDB requests per case, by operation (mean of both runs)');
    print();
    print(`| departments | ${operations.join(' | ')} | all |`);
    print(`| ---: | ${operations.map(() => '---:').join(' | ')} | ---: |`);
    for (const { n, all } of bySize)
      print(`| ${n} | ${operations.map((k) => fmt(all.byOperation[k] ?? 0)).join(' | ')} | ${fmt(all.dynamodbRequests)} |`);
    print();
    {
      const four = bySize.find((s) => s.n === TARGET_N)?.all;
      if (four) {
        const rows = new Map<string, Record<string, number>>();
        for (const [k, v] of Object.entries(four.byFunction)) {
          const [fn, op] = k.split(' ');
          rows.set(fn, { ...rows.get(fn), [op]: v });
        }
        print(
          `By the function that made them, ${TARGET_N} departments (mean of both runs; \`stack\`: the local runtime itself, none in AWS):`,
        );
        print();
        print(`| function | ${operations.join(' | ')} | all | WCU |`);
        print(`| --- | ${operations.map(() => '---:').join(' | ')} | ---: | ---: |`);
        for (const [fn, ops] of [...rows].sort((a, b) => a[0].localeCompare(b[0])))
          print(
            `| ${fn} | ${operations.map((k) => fmt(ops[k] ?? 0)).join(' | ')} | ${fmt(Object.values(ops).reduce((a, b) => a + b, 0))} | ${fmt(four.writeUnitsBy[fn] ?? 0)} |`,
          );
        print();
      }
    }
    print(
      "Notifications go out as in AWS: DeliverNotification reads nothing per e-mail (the applicant's address travels with the event, a department's contacts are kept a minute per instance) and sends each e-mail under a Powertools idempotency record (a PutItem, then an UpdateItem: the record says in progress, then sent, so a message delivered again is not sent again, and one whose sender stopped half-way is sent once its record expires). The local outbox channel writes once per notification instead, its write being the delivery.",
    );
    print();
    const reasons = [...new Set(bySize.flatMap((s) => Object.keys(s.all.refused)))].sort();
    print('### Refused writes per case, by operation and reason (mean of both runs)');
    print();
    if (!reasons.length) print('None: no write was refused.');
    else {
      print(`| departments | ${reasons.join(' | ')} | conflicts (target) |`);
      print(`| ---: | ${reasons.map(() => '---:').join(' | ')} | ---: |`);
      for (const { n, all } of bySize)
        print(`| ${n} | ${reasons.map((k) => fmt(all.refused[k] ?? 0, 2)).join(' | ')} | ${fmt(all.conflicts, 2)} |`);
      print();
      print(
        'Conflicts: a TransactWriteItems cancelled for ConditionalCheckFailed or TransactionConflict, an UpdateItem, PutItem or DeleteItem refused with ConditionalCheckFailedException or TransactionConflictException (counted in infra/local/meter.ts).',
      );
    }
    print();

    // reproducibility: the counted figures of the two runs, size by size
    let worst = { diff: 0, what: 'none' };
    const perFigure: string[] = [];
    for (const [k, label] of Object.entries(COUNTED) as [keyof typeof COUNTED, string][]) {
      let figure = { diff: 0, what: 'identical' };
      for (const {
        n,
        runs: [a, b],
      } of bySize) {
        const [x, y] = [a[k], b[k]];
        const diff = Math.max(Math.abs(x), Math.abs(y)) === 0 ? 0 : Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y));
        if (diff > figure.diff)
          figure = {
            diff,
            what: `${n} department${n === 1 ? '' : 's'}: ${fmt(x, 2)} and ${fmt(y, 2)}${k === 'invocations' ? byFunctionApart(a.invocationsBy, b.invocationsBy) : ''}`,
          };
      }
      perFigure.push(`| ${label} | ${fmt(100 * figure.diff)} % | ${figure.what} |`);
      if (figure.diff > worst.diff) worst = { diff: figure.diff, what: `${label}, ${figure.what}` };
    }
    print('### The two runs (fresh cases each), counted figures side by side');
    print();
    print('| figure | largest difference | where |');
    print('| --- | ---: | --- |');
    for (const line of perFigure) print(line);
    print();
    print(
      `At most **${fmt(100 * worst.diff)} %** apart (${worst.what}). Conflicts depend on how concurrent decisions interleave, and each one costs a retry (its requests, reads and log lines); Lambda invocations and SQS requests depend on how the stream's records and the queue's messages fall into batches.`,
    );
    print();

    // ---------------------------------------------------------------- the bill
    const watch = await scheduledRuns(stack);
    print(`## 2. The bill per 1,000 cases (mean of both runs; us-east-1 list prices, the table below)`);
    print();
    print(
      `What the stack deploys (synthesized template): functions log at ${deployed.logLevel} (${deployed.logLevelSource}), Lambda tracing ${deployed.tracing}, log retention ${deployed.logRetentionDays.join(', ')} days; the state machine logs at ${deployed.stateMachineLogLevel}${deployed.stateMachineExecutionData ? ' with' : ' without'} execution data, X-Ray tracing ${deployed.stateMachineTracing ? 'on' : 'off'}; the table's key is ${deployed.tableKey}; stream ${deployed.stream}; schedules ${deployed.schedules.join(', ')}; ${deployed.alarms} alarms (${deployed.alarmMetrics} alarm metrics), ${deployed.dashboards} dashboard(s), ${deployed.kmsKeys} customer-managed KMS key(s).`,
    );
    print();
    const parts = [
      'Step Functions',
      'Lambda',
      'DynamoDB',
      'SQS',
      'HTTP API',
      'CloudWatch Logs',
      'Step Functions logs',
      'X-Ray',
      'SES',
      'KMS',
    ];
    print(`| departments | total USD | ${parts.join(' | ')} |`);
    print(`| ---: | ---: | ${parts.map(() => '---:').join(' | ')} |`);
    for (const { n, all } of bySize) {
      const { parts: p, total } = costPer1000(all);
      print(`| ${n} | **${fmt(total, 4)}** | ${parts.map((k) => `${usd(p[k])} (${fmt((100 * p[k]) / total, 0)}%)`).join(' | ')} |`);
    }
    print();
    const t4 = bySize.find((s) => s.n === TARGET_N)!.all;
    print(`What each column counts (${TARGET_N} departments, per case):`);
    print(`- Step Functions: ${fmt(t4.transitions)} state transitions (the local execution history).`);
    print(
      `- Lambda: ${fmt(t4.invocations)} invocations, ${fmt(t4.gbSeconds, 3)} GB-s of local wall time at each function's memory (an estimate of billed time; Lambda also bills the INIT phase of cold starts, not counted here).`,
    );
    print(
      `- DynamoDB: ${fmt(t4.writeUnits)} WCU by DynamoDB's rules, item by item (${fmt(t4.indexWriteUnits)} of them index writes; DynamoDB Local reports ${fmt(t4.writeUnitsLocal)}, under-counting transactions), ${fmt(t4.readUnits)} RCU, plus ${fmt(
        Object.values(t4.refused).reduce((a, b) => a + b, 0),
        2,
      )} refused writes at 1 WCU each (assumed). The stream's reads are free: GetRecords calls made by a Lambda trigger are not charged.`,
    );
    print(`- SQS: ${fmt(t4.sqsRequests)} requests (idle polls apart, below). HTTP API: ${fmt(t4.apiRequests)} requests.`);
    {
      const pm = t4.permit;
      const usdPer1000 =
        1000 *
        (pm.signs * PRICES.kmsAsymmetricRequest.usd +
          pm.invocations * PRICES.lambdaRequest.usd +
          pm.gbSeconds * PRICES.lambdaGbSecondArm.usd +
          pm.writeUnits * PRICES.dynamodbWriteUnit.usd);
      print(
        `- The permit (in the columns above): ${fmt(pm.signs, 2)} KMS Sign, ${fmt(pm.invocations, 2)} IssuePermit invocations (${fmt(pm.gbSeconds, 4)} GB-s), ${fmt(pm.writeUnits)} WCU in the transaction that writes it with its case and event (its case read and the notice of it are in the DynamoDB and SES columns): ${usd(usdPer1000)} per 1,000 cases.`,
      );
    }
    print(
      `- CloudWatch Logs: ${fmt(t4.logBytes, 0)} bytes of handler log lines (${fmt(t4.logLines)} lines, EMF metrics included, captured from the handlers' stdout at ${deployed.logLevel}), ${fmt(t4.platformLogBytes, 0)} bytes of Lambda START/END/REPORT lines (~${ESTIMATE.platformLogBytes} B an invocation, estimated) and ${fmt(t4.accessLogBytes, 0)} bytes of HTTP API access log lines (the stage's format with typical values, estimated).`,
    );
    print(
      `- Step Functions logs: ~${fmt(t4.stepFunctionsLogEvents, 0)} history events at ${deployed.stateMachineLogLevel} (2 + 4 + 2n + ~6 per task state entered) × ~${ESTIMATE.stepFunctionsEventBytes} B without execution data (estimated), as vended logs.`,
    );
    print(
      `- X-Ray: ${fmt(t4.xrayTraces, 2)} traces (${100 * ESTIMATE.xraySampled} % of invocations: the default rule samples 1 request/s, then 5 %; an upper bound at volume, as workflow invocations join their execution's trace).`,
    );
    print(
      `- SES: ${fmt(t4.emails)} e-mails (${fmt(t4.emailBytes / Math.max(t4.emails, 1), 0)} B each), the ones the SES stand-in received.`,
    );
    print(
      `- KMS: the table's key is ${deployed.tableKey}. ${deployed.tableKey === 'AWS owned' ? 'No KMS charge.' : 'DynamoDB caches the table key it gets from KMS per caller and asks again after some minutes, not per request: its KMS requests are a fixed cost (below), not a per-case one.'}`,
    );
    print();

    const month = (usdAmount: number) => (usdAmount >= 0.01 || usdAmount === 0 ? fmt(usdAmount, 2) : usd(usdAmount));
    const fixed: [string, string, number][] = [];
    for (const w of watch) {
      const runsAMonth = MINUTES_A_MONTH / w.everyMinutes;
      const lambdaUsd = runsAMonth * (PRICES.lambdaRequest.usd + (w.ms / 1000) * (w.memoryMb / 1024) * PRICES.lambdaGbSecondArm.usd);
      const ddbUsd = runsAMonth * (w.readUnits * PRICES.dynamodbReadUnit.usd + w.writeUnits * PRICES.dynamodbWriteUnit.usd);
      const logUsd = ((runsAMonth * (w.logBytes + ESTIMATE.platformLogBytes)) / GB) * PRICES.logsIngestedGb.usd;
      const xrayUsd = runsAMonth * PRICES.xrayTrace.usd; // 1 a minute is within the 1/s reservoir: every run is traced
      fixed.push([
        `${w.name} every ${w.everyMinutes} min`,
        `${Math.round(runsAMonth).toLocaleString('en')} runs × ${fmt(w.ms)} ms (measured) at ${w.memoryMb} MB: Lambda ${usd(lambdaUsd)}; ${fmt(w.requests)} DynamoDB requests, ${fmt(w.readUnits)} RCU a run: ${usd(ddbUsd)}; logs ${fmt(w.logBytes + ESTIMATE.platformLogBytes, 0)} B a run: ${usd(logUsd)}; X-Ray, every run traced: ${usd(xrayUsd)}`,
        lambdaUsd + ddbUsd + logUsd + xrayUsd,
      ]);
    }
    fixed.push([
      `Alarms (${deployed.alarms})`,
      `${deployed.alarmMetrics} alarm metrics × ${PRICES.alarmMetricMonth.usd} (counted in the synthesized template)`,
      deployed.alarmMetrics * PRICES.alarmMetricMonth.usd,
    ]);
    fixed.push([
      `Dashboard (${deployed.dashboards})`,
      `${deployed.dashboards} × ${PRICES.dashboardMonth.usd} (free if the account has no more than 3)`,
      deployed.dashboards * PRICES.dashboardMonth.usd,
    ]);
    fixed.push([
      `Custom metrics (${customMetrics.size})`,
      `${customMetrics.size} metrics the handlers published in this run (EMF) × ${PRICES.customMetricMonth.usd}: ${[...customMetrics].map((m) => m.split(' ')[0]).join(', ') || 'none'}`,
      customMetrics.size * PRICES.customMetricMonth.usd,
    ]);
    const kmsRequests =
      deployed.tableKey === 'AWS owned' ? 0 : deployed.tableCallers * ESTIMATE.kmsRequestsPerCallerHour * (MINUTES_A_MONTH / 60);
    fixed.push([
      'KMS',
      `table key ${deployed.tableKey}: ${deployed.tableKey === 'customer managed' ? `${PRICES.kmsKeyMonth.usd} a month` : 'no monthly fee'}; ${deployed.kmsKeys} customer-managed key(s) × ${PRICES.kmsKeyMonth.usd}; requests: DynamoDB caches the table key per caller, so at most ~${ESTIMATE.kmsRequestsPerCallerHour} an hour for each of the ${deployed.tableCallers} functions with table access when all are busy: ${Math.round(kmsRequests).toLocaleString('en')} a month (assumed)`,
      (deployed.tableKey === 'customer managed' ? PRICES.kmsKeyMonth.usd : 0) +
        deployed.kmsKeys * PRICES.kmsKeyMonth.usd +
        kmsRequests * PRICES.kmsRequest.usd,
    ]);
    // each instance of a cursor-signing function reads the key once, then hourly (its cache)
    const secretReads = allFunctions().filter((f) => f.signsCursors).length * ESTIMATE.instancesPerFunction * (MINUTES_A_MONTH / 60);
    fixed.push([
      `Secrets Manager (${deployed.secrets})`,
      `${deployed.secrets} secret(s) × ${PRICES.secretMonth.usd}; GetSecretValue once an hour by each of ~${ESTIMATE.instancesPerFunction} instances of the ${allFunctions().filter((f) => f.signsCursors).length} list functions: ${Math.round(secretReads).toLocaleString('en')} calls a month (assumed)`,
      deployed.secrets * PRICES.secretMonth.usd + secretReads * PRICES.secretsApiCall.usd,
    ]);
    const queuesPolled = queueConsumers.length;
    fixed.push([
      'SQS idle polling',
      `Lambda's event source long-polls each of ${queuesPolled} queue(s) all month: ~${(ESTIMATE.sqsPollsPerMonth * queuesPolled).toLocaleString('en')} requests (assumed: 5 pollers, 20 s polls; the first 1 M requests a month are free)`,
      ESTIMATE.sqsPollsPerMonth * queuesPolled * PRICES.sqsRequest.usd,
    ]);
    const logGbPer1000 =
      (1000 * (t4.logBytes + t4.platformLogBytes + t4.accessLogBytes + t4.stepFunctionsLogEvents * ESTIMATE.stepFunctionsEventBytes)) / GB;
    const retention = Math.min(...deployed.logRetentionDays);
    fixed.push([
      'Log storage, per 1,000 cases a month',
      `${fmt(logGbPer1000 * 1024, 2)} MiB of logs per 1,000 ${TARGET_N}-department cases kept ${retention} days × ${PRICES.logsStoredGbMonth.usd}/GB-month (uncompressed: an upper bound, storage is billed compressed)`,
      logGbPer1000 * Math.min(1, retention / 30) * PRICES.logsStoredGbMonth.usd,
    ]);
    // what a case keeps in the table: its items and their index entries, as last written
    const kept = t4.caseIds.map((id) =>
      itemsWhere((pk) => pk.includes(id)).reduce(
        (s, item) =>
          s +
          itemSize(item) +
          ESTIMATE.storageOverheadBytes +
          indexes().reduce(
            (x, index) => x + (projected(index, item) ? itemSize(projected(index, item)!) + ESTIMATE.storageOverheadBytes : 0),
            0,
          ),
        0,
      ),
    );
    const keptBytes = kept.reduce((a, b) => a + b, 0) / Math.max(kept.length, 1);
    fixed.push([
      'Table storage and PITR, per 1,000 cases kept a month',
      `${fmt(keptBytes / 1024)} KiB a ${TARGET_N}-department case (its partition's items and their index entries, ${ESTIMATE.storageOverheadBytes} B overhead each) × (${PRICES.dynamodbStoredGbMonth.usd} + ${PRICES.pitrGbMonth.usd})/GB-month`,
      ((1000 * keptBytes) / GB) * (PRICES.dynamodbStoredGbMonth.usd + PRICES.pitrGbMonth.usd),
    ]);
    print('### Fixed monthly costs (not per case; USD a month)');
    print();
    print('| what | how | USD a month |');
    print('| --- | --- | ---: |');
    for (const [what, how, amount] of fixed) print(`| ${what} | ${how} | ${month(amount)} |`);
    print();
    print(
      'Not counted: Cognito (per monthly active user; Essentials, 10,000 free), the EventBridge schedule (scheduled rules on the default bus are free; assumed), data transfer, the alarm topic (SNS, e-mail subscriptions only), free tiers.',
    );
    print();
    print('### Prices');
    print();
    print('| per | USD | as of |');
    print('| --- | ---: | --- |');
    for (const p of Object.values(PRICES) as { usd: number; per: string; asOf: string; assumed?: boolean }[])
      print(
        `| ${p.per} | ${p.usd < 0.001 ? p.usd.toExponential(3) : p.usd} | ${p.asOf}${p.assumed ? ' (assumed: from memory of the price page, not checked that day)' : ''} |`,
      );
    print();

    // ---------------------------------------------------------------- load and latency
    const load = await throughput(stack, api, admin);
    const raw = await rawDynamoDB(stack.dynamodbEndpoint);
    const replay = await replayFloor(stack.dynamodbEndpoint, load.captured ?? []);
    const putGetFloor = raw / load.dynamodbPerCase;
    const floor = load.cases / replay.seconds;
    print(`## 3. Throughput and latency (${CONCURRENCY} concurrent applicants with their reviewers, 2 departments deciding)`);
    print();
    print(
      `${load.cases} cases to an outcome in ${fmt(load.seconds)} s: **${fmt(load.perSecond, 2)} cases/s**, ${fmt(load.dynamodbPerCase)} DynamoDB requests a case. CPU meanwhile (of ${os.cpus().length} cores): DynamoDB Local ${fmt(load.cpu.dynamodb, 1)} s (${fmt(load.cpu.dynamodb / load.seconds, 2)} cores on average), the Node process with the functions, the stand-ins, the counting proxies and the bench's clients ${fmt(load.cpu.node, 1)} s (${fmt(load.cpu.node / load.seconds, 2)} cores; their JavaScript shares one thread).`,
    );
    print();
    print(
      `The DynamoDB Local floor: the ${replay.requests} requests the load's functions made, sent again straight to DynamoDB Local against a fresh copy of the table, 1, 2, 4 and ${CONCURRENCY} at a time (${replay.runs.map((r) => `${fmt(r.seconds, 2)} s`).join(', ')}), took ${fmt(replay.seconds, 2)} s at best (${replay.concurrency} at a time): **${fmt(floor, 2)} cases/s** at most (${fmt(replay.perSecond, 0)} requests/s; refused in that replay: ${[...replay.refused].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}). The pipeline runs at **${fmt((100 * load.perSecond) / floor, 0)} %** of it. DynamoDB Local serves simple puts and gets of small items faster (${fmt(raw, 0)} requests/s with ${CONCURRENCY} workers, ${fmt(putGetFloor, 1)} cases/s at this many requests a case: ${fmt((100 * load.perSecond) / putGetFloor, 0)} %), but a case's requests are queries of its partition and transactions, which cost it more; its CPU, not the functions', bounds the load here.`,
    );
    print();
    print('| route | requests | p50 ms | p99 ms |');
    print('| --- | ---: | ---: | ---: |');
    for (const l of load.latency) print(`| ${l.route} | ${l.count} | ${fmt(l.p50)} | ${fmt(l.p99)} |`);
    print();

    const single = await singleClient(stack, api, admin);
    print(
      `### One client (${LATENCY_ROUNDS} rounds, each request once the stack is quiet, after ${LATENCY_WARMUP} rounds back to back to warm the functions up)`,
    );
    print();
    print(
      "Each request's own DynamoDB requests (tagged per request), and the sum of their round trips as the function's HTTP client sees them (from its request to the end of the answer, through the counting proxy, whose hop is there only because the bench counts) and as the proxy sees them (proxy to DynamoDB Local and back). The aim: p50 at most 1.5 × the function's sum's p50.",
    );
    print();
    print(
      '| route | requests | p50 ms | p90 ms | DynamoDB requests each | DynamoDB round trips, p50 ms | at the proxy, p50 ms | 1.5 × | |',
    );
    print('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    const latencyRows = single.map((r) => {
      const p50 = quantile(r.ms, 0.5);
      const ddb = quantile(r.dynamodbMs, 0.5);
      const requests = r.dynamodbRequests.reduce((a, b) => a + b, 0) / Math.max(r.dynamodbRequests.length, 1);
      const verdict = requests === 0 ? 'n/a' : p50 <= 1.5 * ddb ? 'pass' : 'FAIL';
      return { ...r, p50, p90: quantile(r.ms, 0.9), ddb, requests, verdict };
    });
    for (const r of latencyRows)
      print(
        `| ${r.label} (${r.route}) | ${r.ms.length} | ${fmt(r.p50)} | ${fmt(r.p90)} | ${fmt(r.requests)} | ${fmt(r.ddb)} | ${fmt(quantile(r.proxyMs, 0.5))} | ${fmt(1.5 * r.ddb)} | ${r.verdict} |`,
      );
    print();

    // ---------------------------------------------------------------- cold starts
    const sample = (
      await api.call('POST', '/applications', { token: await api.token('bench-cold', ['applicants']), body: application('bench-2') })
    ).body.caseId;
    createdCases.push(sample);
    const cold = await coldStarts(sample);
    const largest = cold.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    print(
      "## 4. Cold-start proxy (esbuild with the stack's BUNDLING options; a fresh Node process imports the bundle and handles one event against the local stack)",
    );
    print();
    print('| function | bundle KiB | import ms | first event ms |');
    print('| --- | ---: | ---: | ---: |');
    for (const c of cold) print(`| ${c.name} | ${fmt(c.bytes / 1024)} | ${fmt(c.importMs)} | ${fmt(c.firstEventMs)} |`);
    print();

    const lateness = bySize.flatMap((s) => s.all.lateness);
    print('## 5. Deadline precision');
    print();
    print(
      `Deemed approvals after their due time (${lateness.length} reviews): median ${fmt(quantile(lateness, 0.5), 0)} ms, max ${fmt(Math.max(...lateness), 0)} ms late; none early: ${lateness.every((l) => l >= 0) ? 'yes' : 'NO'}.`,
    );
    print();
    // ---------------------------------------------------------------- partitions
    const rows = partitionRows(t4.writes, t4.cases);
    print(`## 6. Write rate per partition key at ${RATE} cases/s (${TARGET_N}-department cases, both runs: ${t4.cases} cases; on paper)`);
    print();
    print(
      `Every write the proxy saw, by the partition it lands on (the table's \`PK\`, or an index's partition key: from the item a Put carries, from what an Update's expression sets or removes, and from the item as last written) and the key's shape (ids as \`<id>\`, shards as \`<n>\`). A shape without \`<id>\` is **shared**: at ${RATE} cases/s its hottest value takes ${RATE} × its units per case. A shape with \`<id>\` has one value per case, notification or request: its rate does not grow with the case rate, so the figure is the most its hottest value took in any one second here. Limit: ${PARTITION_LIMIT} WCU/s, a tenth of a partition's 1,000. With ${t4.cases} cases a sharded key's hottest shard is over-estimated (the cases fall unevenly on the shards); the last columns spread the shape's writes evenly over every value it took in the whole run (${createdCases.length} cases), which is what the shards would each take at scale.`,
    );
    print();
    print(
      `| partition key | in | kind | writes per case | values here | WCU on the hottest value | WCU/s at ${RATE} cases/s | limit | | values in the run | WCU/s each, spread evenly | |`,
    );
    print('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |');
    const flag = (rate: number) => (Number.isNaN(rate) ? '' : rate > PARTITION_LIMIT ? '**over**' : 'ok');
    for (const r of rows)
      print(
        `| \`${r.shape}\` | ${r.where} | ${r.shared ? 'shared' : 'one per entity'} | ${fmt(r.writesPerCase, 2)} | ${r.values} | ${fmt(r.unitsHottest, 2)}${r.shared ? ' a case' : ''} | ${fmt(r.rate)} | ${PARTITION_LIMIT} | ${flag(r.rate)} | ${r.shared ? r.valuesInRun : '–'} | ${r.shared ? fmt(r.spread) : '–'} | ${flag(r.spread)} |`,
      );
    print();
    print(
      `Write units as in section 1: 1 per KB of the item (the larger of before and after), twice in a transaction; an index is written when its entry appears, goes or its projected attributes change (twice when its key changes), with the size of what it projects: ${fmt(t4.writeUnits)} WCU a case, ${fmt(t4.indexWriteUnits)} of them in indexes. For single-item writes this agrees with what DynamoDB Local reports. A transaction's condition check on an item it does not write (\`table (condition check)\`) is counted as a transactional write of that item (assumed); it lands on that item's partition either way. Refused writes are not in it.`,
    );
    print();

    print(
      'How to read this: sections 1 and 6 are counted on the local stack, which runs the same ASL and handlers as AWS; section 2 multiplies those counts by the price table (Lambda duration is local wall time, an estimate of billed time; the estimates are named); sections 3 and 4 are local timings on this machine, to compare runs, not AWS latencies.',
    );
    print();

    // ---------------------------------------------------------------- checks
    const notifications = await notificationsDelivered(api, admin);
    const unfinished: string[] = [];
    for (const id of decidedCases) {
      const c = await getCase(api, admin, id);
      if (c.status !== 'APPROVED') unfinished.push(`${id} ${c.status}`);
    }
    print(`notifications: expected ${notifications.expected}, delivered ${notifications.delivered} (e-mails sent: ${notifications.sent})`);
    print(`handler errors: ${loggedErrors.length}`);
    print();

    // ---------------------------------------------------------------- targets
    const worse = (n: number, f: (c: PerCase) => number) => Math.max(...bySize.find((s) => s.n === n)!.runs.map(f));
    const transitions4 = worse(TARGET_N, (c) => c.transitions);
    const requests4 = worse(TARGET_N, (c) => c.dynamodbRequests);
    const conflicts8 = worse(CONFLICT_N, (c) => c.conflicts);
    const cost4 = worse(TARGET_N, (c) => costPer1000(c).total);
    const costParts4 = bySize
      .find((s) => s.n === TARGET_N)!
      .runs.map((c) => costPer1000(c))
      .reduce((a, b) => (b.total > a.total ? b : a)).parts;
    const share = (100 * load.perSecond) / floor;
    const m4 = TARGET_N - Math.ceil(TARGET_N / 2);
    const verdict = (ok: boolean) => (ok ? 'pass' : '**FAIL**');
    const targets: [string, string, string, string][] = [
      [
        `State transitions, ${TARGET_N} departments, ${m4} deemed`,
        fmt(transitions4),
        `≤ ${TARGET_N + 1 + m4} (n + 1 + m)`,
        verdict(transitions4 <= TARGET_N + 1 + m4),
      ],
      [`DynamoDB requests per ${TARGET_N}-department case`, fmt(requests4), '≤ 35', verdict(requests4 <= 35)],
      [`Transaction conflicts per ${CONFLICT_N}-department case`, fmt(conflicts8, 2), '≤ 1', verdict(conflicts8 <= 1)],
      [
        `USD per 1,000 ${TARGET_N}-department cases, everything counted`,
        `${fmt(cost4, 4)} (of it: e-mail ${fmt(costParts4.SES ?? 0, 4)}, Step Functions ${fmt(costParts4['Step Functions'] ?? 0, 4)}, DynamoDB ${fmt(costParts4.DynamoDB ?? 0, 4)}, the rest ${fmt(cost4 - (costParts4.SES ?? 0) - (costParts4['Step Functions'] ?? 0) - (costParts4.DynamoDB ?? 0), 4)})`,
        '≤ 0.25',
        verdict(cost4 <= 0.25),
      ],
      ...latencyRows.map((r): [string, string, string, string] => [
        `p50 latency, one client: ${r.label}`,
        `${fmt(r.p50)} ms (${fmt(r.requests)} DynamoDB requests, ${fmt(r.ddb)} ms)`,
        r.requests === 0 ? '≤ 1.5 × its DynamoDB round trips (it makes none)' : `≤ 1.5 × ${fmt(r.ddb)} = ${fmt(1.5 * r.ddb)} ms`,
        r.verdict === 'n/a' ? 'n/a' : verdict(r.verdict === 'pass'),
      ]),
      [
        `Cases/s with ${CONCURRENCY} clients vs the DynamoDB Local floor (the load's own requests replayed)`,
        `${fmt(share, 0)} % (${fmt(load.perSecond, 2)} of ${fmt(floor, 1)}; vs simple put/get: ${fmt((100 * load.perSecond) / putGetFloor, 0)} %)`,
        '≥ 60 %',
        verdict(share >= 60),
      ],
      ['Largest handler bundle', `${fmt(largest.bytes / 1024)} KiB (${largest.name})`, '≤ 150 KiB', verdict(largest.bytes / 1024 <= 150)],
      ['Counted figures, two runs', `${fmt(100 * worst.diff)} % apart (${worst.what})`, '≤ 3 %', verdict(worst.diff <= 0.03)],
      [
        'Notifications delivered, handler errors',
        `${notifications.delivered} of ${notifications.expected}, ${loggedErrors.length} errors`,
        `all, 0`,
        verdict(notifications.delivered === notifications.expected && loggedErrors.length === 0),
      ],
    ];
    const head = [
      '## Targets',
      '',
      'Counted figures: the worse of the two runs (section 1). Latencies and throughput are local timings on this machine (2 cores shared with whatever else runs).',
      '',
      '| target | measured | aim | |',
      '| --- | --- | --- | --- |',
      ...targets.map((t) => `| ${t.join(' | ')} |`),
      '',
    ];
    for (const line of head) console.log(line);

    const problems = [
      ...(notifications.missing.length
        ? [
            `${notifications.missing.length} notification(s) the bench's ${createdCases.length} cases called for were not delivered within 120 s, e.g. ${notifications.missing.slice(0, 5).join(', ')}`,
          ]
        : []),
      ...(unfinished.length
        ? [`${unfinished.length} case(s) the bench decided in full did not end APPROVED: ${unfinished.slice(0, 5).join(', ')}`]
        : []),
      ...(loggedErrors.length ? [`${loggedErrors.length} error(s) logged, the first:\n${loggedErrors.slice(0, 3).join('\n')}`] : []),
    ];
    if (problems.length) failure = problems.join('\n');
    else {
      writeFileSync(resolve(projectRoot, 'test/bench/BENCHMARKS.md'), `${[...title, ...head, ...body].join('\n')}\n`);
      console.log('\nwritten to test/bench/BENCHMARKS.md');
    }
  } finally {
    await stack.stop();
    await ses.close();
  }
  if (failure) {
    console.error(`\nBENCH FAILED: the pipeline is broken, so its numbers are not written.\n${failure}`);
    process.exit(1);
  }
  process.exit(0);
}

await main();
