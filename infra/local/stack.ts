// The whole system on one machine: DynamoDB Local, fauxqs, the Step Functions stand-in, the
// HTTP API stand-in, queue pollers and schedules, all wired from the manifest to the same
// handler modules and the same ASL file that `cdk deploy` ships.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import {
  apiFunctions,
  corsConfig,
  env,
  metrics,
  queueConsumers,
  SERVICE_NAME,
  schedules,
  stateMachine,
  streamConsumers,
  workflowFunctions,
  type CorsConfig,
  type QueueKey,
} from '../manifest.ts';
import { createTable, startDynamoDB } from './dynamodb.ts';
import { buildConsole, contentSecurityPolicy } from '../console/build.ts';
import type { AuthConfig, ConsoleConfig } from '../console/src/config.ts';
import { createHttpApi, localCors, type LocalRoute, type LocalSite } from './http.ts';
import { loadFunction, projectRoot, type LocalFunction } from './lambda.ts';
import { localClientConfig } from './net.ts';
import { startKms } from './kms.ts';
import { startSecrets } from './secrets.ts';
import { pollQueue, startQueues } from './sqs.ts';
import { createFailureQueue, pollStream } from './streams.ts';
import { meter, meteringProxy } from './meter.ts';
import { LocalStepFunctions } from './stepfunctions.ts';
import { localIssuer, LOCAL_AUDIENCE, LOCAL_ISSUER, type LocalIssuer } from './tokens.ts';

export const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
export const TABLE_NAME = 'one-stop';
export const STATE_MACHINE_ARN = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${stateMachine.name}`;
export const functionArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;

export interface LocalStackOptions {
  /** HTTP port; 0 picks a free one. */
  port?: number;
  /** Where data survives a restart; none keeps everything in memory. */
  dataDir?: string;
  log?: (line: string) => void;
  /** Count what the stack does (`npm run bench`): see meter.ts. */
  meter?: boolean;
  /** Run the schedules on their timers (default); off, they run only when `tick` is called. */
  timers?: boolean;
  /** Origins allowed by CORS (empty: no CORS); default from CORS_ORIGINS, else any localhost port. */
  corsOrigins?: string[];
  /**
   * Deliver every queue message twice and out of order, and every stream batch twice
   * (`npm run chaos`); default from ONE_STOP_REDELIVER=1, else off.
   */
  redeliver?: boolean;
  /** Serve the web console at / (built when the stack starts); default on. */
  console?: boolean;
  /**
   * How the console signs in: the local issuer (default), or a hosted UI as in AWS (tests of
   * that flow); an empty `redirectUri` is the stack's own address.
   */
  consoleAuth?: AuthConfig;
}

export interface LocalStack {
  url: string;
  /** The HTTP API stand-in's CORS configuration, if any. */
  cors: CorsConfig | undefined;
  /** DynamoDB Local itself (not the metering proxy). */
  dynamodbEndpoint: string;
  /** DynamoDB Local's process id. */
  dynamodbPid: number | undefined;
  stepFunctions: LocalStepFunctions;
  issuer: LocalIssuer;
  queueUrls: Record<QueueKey, string>;
  dlqUrls: Record<QueueKey, string>;
  /** Each stream consumer's on-failure destination (records that exhausted their retries), by function name. */
  streamFailureQueueUrls: Record<string, string>;
  /** The KMS stand-in's requests by operation (the permit key's Sign and GetPublicKey). */
  kmsRequests: Map<string, number>;
  /** Runs a scheduled function now, as its schedule would. */
  tick(name: string): Promise<unknown>;
  stop(): Promise<void>;
}

const tokenRequest = z.strictObject({
  sub: z.string().min(1).max(128),
  groups: z.array(z.string().regex(/^(applicants|admins|reviewers-[a-z0-9-]+)$/)).default([]),
  expiresInSeconds: z.number().int().min(-86_400).max(86_400).optional(),
});

export function substitutedDefinition(values: Record<string, string>): string {
  const text = readFileSync(resolve(projectRoot, stateMachine.definitionFile), 'utf8');
  return text.replace(/\$\{(\w+)\}/g, (whole, key: string) => {
    if (!(key in values)) throw new Error(`${stateMachine.definitionFile}: no value for ${whole}`);
    return values[key];
  });
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? (() => {});
  const onError = (err: unknown, context: string) => log(`[error] ${context}: ${(err as Error)?.stack ?? err}`);
  const dataDir = options.dataDir && resolve(options.dataDir);
  const redeliver = options.redeliver ?? process.env.ONE_STOP_REDELIVER === '1';
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err) => onError(err, 'stopping'));
  };
  try {
    const dynamodb = await startDynamoDB(dataDir && join(dataDir, 'dynamodb'));
    stops.push(() => dynamodb.stop());
    const queues = await startQueues(REGION, dataDir && join(dataDir, 'sqs'), options.meter);
    stops.push(() => queues.stop());
    const secrets = await startSecrets(REGION, dataDir && join(dataDir, 'secrets.json'));
    stops.push(() => secrets.stop());
    const kms = await startKms(REGION, dataDir && join(dataDir, 'kms.json'));
    stops.push(() => kms.stop());
    // Handlers reach DynamoDB through a counting proxy when metered; the stack itself does not.
    const dynamodbProxy = options.meter ? await meteringProxy(dynamodb.endpoint, 'dynamodb') : undefined;
    if (dynamodbProxy) stops.push(() => dynamodbProxy.close());
    meter.enabled = Boolean(options.meter);

    Object.assign(process.env, {
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamodbProxy ? `http://127.0.0.1:${dynamodbProxy.port}` : dynamodb.endpoint,
      AWS_ENDPOINT_URL_SQS: queues.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      AWS_ENDPOINT_URL_KMS: kms.endpoint,
      [env.cursorKey]: secrets.names.cursorKey,
      [env.permitKey]: kms.keyId,
      [env.table]: TABLE_NAME,
      [env.stateMachine]: STATE_MACHINE_ARN,
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      POWERTOOLS_METRICS_NAMESPACE: metrics.namespace,
      // Locally every function shares one process, so a calendar change reaches them all at
      // once: the window in which another instance keeps the old calendar can be short.
      CALENDAR_KEPT_SECONDS: process.env.CALENDAR_KEPT_SECONDS ?? '1',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      // No X-Ray daemon and no CloudWatch here: traces off, metrics not printed.
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
      // Notifications go to the outbox in the table (GET /local/outbox) instead of e-mail.
      NOTIFICATION_CHANNEL: 'outbox',
      ...Object.fromEntries(Object.entries(queues.urls).map(([k, url]) => [env.queueUrl(k as QueueKey), url])),
    });
    const ddb = new DynamoDBClient(localClientConfig(dynamodb.endpoint));
    const streamArn = await createTable(ddb, TABLE_NAME);
    ddb.destroy();

    // The Step Functions endpoint exists before any handler module is loaded, so every
    // SDK client is created with the environment complete.
    const workflow = new Map<string, LocalFunction>();
    const substitutions: Record<string, string> = {};
    for (const [key, spec] of Object.entries(workflowFunctions)) substitutions[key] = functionArn(spec.name);
    for (const [key, queue] of Object.entries(stateMachine.queueSubstitutions)) substitutions[key] = queues.urls[queue];
    const stepFunctions = new LocalStepFunctions({
      definition: substitutedDefinition(substitutions),
      stateMachineArn: STATE_MACHINE_ARN,
      functions: workflow,
      sqsEndpoint: queues.endpoint,
      stateFile: dataDir && join(dataDir, 'executions.json'),
      onError,
    });
    process.env.AWS_ENDPOINT_URL_SFN = await stepFunctions.listen();
    for (const spec of Object.values(workflowFunctions)) workflow.set(functionArn(spec.name), await loadFunction(spec));
    stops.push(() => stepFunctions.stop());

    for (const spec of queueConsumers) {
      const fn = await loadFunction(spec);
      const stopPolling = pollQueue(
        queues.endpoint,
        queues.urls[spec.queue],
        spec.batchSize,
        fn,
        (err) => onError(err, spec.name),
        spec.batchWindowSeconds,
        redeliver,
      );
      stops.push(stopPolling);
    }
    const streamFns = await Promise.all(
      streamConsumers.map(async (spec) => ({
        fn: await loadFunction(spec),
        batchSize: spec.batchSize,
        newImage: spec.newImage,
        retryAttempts: spec.retryAttempts,
        failureQueueUrl: await createFailureQueue(queues.endpoint, spec.name),
      })),
    );
    stops.push(pollStream(dynamodb.endpoint, streamArn, streamFns, queues.endpoint, (err) => onError(err, 'table stream'), redeliver));
    const scheduled = new Map<string, LocalFunction>();
    for (const spec of schedules) {
      const fn = await loadFunction(spec);
      scheduled.set(spec.name, fn);
      if (options.timers === false) continue;
      const timer = setInterval(() => {
        fn.invoke(scheduledEvent(spec.name)).catch((err) => onError(err, spec.name));
      }, spec.everyMinutes * 60_000);
      stops.push(async () => clearInterval(timer));
    }

    const issuer = await localIssuer(dataDir && join(dataDir, 'issuer-key.json'));
    const localRoutes: LocalRoute = async (req, body) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (req.method === 'POST' && path === '/local/tokens') {
        let parsed: ReturnType<typeof tokenRequest.safeParse>;
        try {
          parsed = tokenRequest.safeParse(JSON.parse(body.toString('utf8') || '{}'));
        } catch {
          return { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: 'the body is not valid JSON' } } };
        }
        if (!parsed.success)
          return {
            status: 400,
            body: {
              error: {
                code: 'VALIDATION_FAILED',
                message: 'the token request is not valid',
                issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
              },
            },
          };
        return { status: 200, body: await issuer.sign(parsed.data) };
      }
      if (req.method === 'GET' && path === '/local/outbox') {
        const { readOutbox } = await import('#adapters/notification-store.ts');
        return { status: 200, body: { items: await readOutbox() } };
      }
      const execution = req.method === 'GET' && /^\/local\/executions\/([^/]+)$/.exec(path);
      if (execution) {
        const found = stepFunctions.inspect(decodeURIComponent(execution[1]));
        return found
          ? { status: 200, body: found }
          : { status: 404, body: { error: { code: 'NOT_FOUND', message: `no execution named ${execution[1]}` } } };
      }
      if (req.method === 'GET' && path === '/local/.well-known/jwks.json') return { status: 200, body: issuer.jwks() };
      if (req.method === 'GET' && path === '/local/issuer')
        return { status: 200, body: { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE } };
      return undefined;
    };
    const routes = await Promise.all(apiFunctions.map(async (spec) => ({ spec, fn: await loadFunction(spec) })));
    const cors = options.corsOrigins ? corsConfig(options.corsOrigins) : localCors();
    let site: LocalSite | undefined;
    if (options.console !== false) {
      // built per stack into a folder of its own (several stacks may start at once)
      const built = buildConsole(mkdtempSync(join(tmpdir(), 'one-stop-console-')));
      stops.push(async () => rmSync(built.outDir, { recursive: true, force: true }));
      const auth = options.consoleAuth ?? { kind: 'local' };
      const config: ConsoleConfig = { apiUrl: '', auth };
      // as the stack's policy names the sign-in domain the page exchanges its code at
      site = { dir: built.outDir, config, csp: contentSecurityPolicy(auth.kind === 'cognito' ? [auth.domain] : []) };
    }
    const server = createHttpApi({ routes, issuer, localRoutes, cors, onError, ...(site ? { site } : {}) });
    await listen(server, options.port ?? 0);
    stops.push(
      () =>
        new Promise<void>((r) => {
          server.closeAllConnections();
          server.close(() => r());
        }),
    );
    const { port } = server.address() as { port: number };
    const siteAuth = (site?.config as ConsoleConfig | undefined)?.auth;
    if (siteAuth?.kind === 'cognito' && !siteAuth.redirectUri) siteAuth.redirectUri = `http://127.0.0.1:${port}/`;

    stepFunctions.resume();
    return {
      url: `http://127.0.0.1:${port}`,
      cors,
      dynamodbEndpoint: dynamodb.endpoint,
      dynamodbPid: dynamodb.pid,
      stepFunctions,
      issuer,
      queueUrls: queues.urls,
      dlqUrls: queues.dlqUrls,
      streamFailureQueueUrls: Object.fromEntries(streamFns.map((c) => [c.fn.spec.name, c.failureQueueUrl])),
      kmsRequests: kms.requests,
      tick: (name) => {
        const fn = scheduled.get(name);
        if (!fn) throw new Error(`no schedule named ${name}`);
        return fn.invoke(scheduledEvent(name));
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolveListen());
  });
}

function scheduledEvent(name: string) {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: ACCOUNT,
    time: new Date().toISOString(),
    region: REGION,
    resources: [`arn:aws:events:${REGION}:${ACCOUNT}:rule/${name}`],
    detail: {},
  };
}
