// `npm run bench`: operations per case counted on the local stack, cost per 1,000 cases at
// list prices, throughput and latency of the local pipeline beside raw DynamoDB Local, a
// cold-start proxy per function, and deadline precision. Prints a table and writes
// test/bench/BENCHMARKS.md. Numbers are measured, never asserted; but the run fails (exit 1,
// no BENCHMARKS.md) when a notification its cases called for was not delivered, or when a
// handler or the local runtime logged an error: numbers from a broken pipeline mean nothing.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { build } from 'esbuild';
import { caseFacts, notificationsFor } from '#core/notifications.ts';
import { allFunctions, apiFunctions, queueConsumers, schedules, streamConsumers, workflowFunctions, type FunctionSpec } from '../../infra/manifest.ts';
import { projectRoot } from '../../infra/local/lambda.ts';
import { meter, resetMeter } from '../../infra/local/meter.ts';
import { localClientConfig } from '../../infra/local/net.ts';
import { startLocalStack, TABLE_NAME, type LocalStack } from '../../infra/local/stack.ts';
import { httpClient, type HttpClient } from '../support/local-stack.ts';

/** us-east-1 list prices, as of the date given. */
const PRICES = {
  asOf: '2026-11-01',
  stepFunctionsTransition: 0.025 / 1000,
  lambdaRequest: 0.2 / 1e6,
  lambdaGbSecondArm: 0.0000133334,
  dynamodbWriteUnit: 0.625 / 1e6,
  dynamodbReadUnit: 0.125 / 1e6,
  sqsRequest: 0.4 / 1e6,
  httpApiRequest: 1.0 / 1e6,
};

const CASES_PER_SIZE = 4;
const SIZES = [1, 2, 4, 8];
const CONCURRENCY = 8;
const CASES_PER_WORKER = 6;
const out: string[] = [];
const print = (line = '') => {
  console.log(line);
  out.push(line);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs: number[], q: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const specOf = new Map(allFunctions().map((f) => [f.name, f]));
/** Background work that is not per case: the watchdog runs every minute whatever happens. */
const PER_CASE = (name: string) => !schedules.some((s) => s.name === name);

/** Every case the bench creates: each must get every notification its timeline calls for. */
const createdCases: string[] = [];

/**
 * Errors logged while the bench runs: the local runtime's `[error]` lines (its `log` option)
 * and the handlers' JSON log lines (Powertools format, functions/adapters/powertools.ts) at
 * ERROR or above, which the local stack lets through (POWERTOOLS_LOG_LEVEL defaults to WARN
 * there) to stdout or stderr.
 */
const loggedErrors: string[] = [];
const logLocalStack = (line: string) => {
  if (!line.startsWith('[error]')) return;
  loggedErrors.push(line);
  process.stderr.write(`${line}\n`);
};
function watchHandlerLogs() {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      for (const line of String(chunk).split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const level = String(JSON.parse(line).level ?? '').toUpperCase();
          if (level === 'ERROR' || level === 'CRITICAL') loggedErrors.push(line);
        } catch {}
      }
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
}

/**
 * Waits (on the outbox, with a cap) for every notification the created cases' timelines call
 * for. The local stack delivers through the outbox channel, which writes every notification
 * whether or not its recipient has an address (functions/adapters/channels.ts): every one
 * `notificationsFor` names is expected there.
 */
async function notificationsDelivered(api: HttpClient, admin: string) {
  const get = async (path: string) => {
    for (;;) {
      const r = await api.call('GET', path, { token: admin });
      if (r.status === 429) await sleep(1000 * Number(r.headers.get('retry-after') ?? 1));
      else if (r.status === 200) return r.body;
      else throw new Error(`GET ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    }
  };
  const expected: string[] = [];
  for (const caseId of createdCases) {
    const c = await get(`/applications/${caseId}`);
    for (const e of c.timeline) expected.push(...notificationsFor(caseFacts(c), e).map((n) => n.id));
  }
  const until = Date.now() + 120_000;
  let missing = expected;
  for (;;) {
    const outbox = new Set<string>((await get('/local/outbox')).items.map((m: { id: string }) => m.id));
    missing = expected.filter((id) => !outbox.has(id));
    if (!missing.length || Date.now() > until) break;
    await sleep(500);
  }
  return { expected: expected.length, delivered: expected.length - missing.length, missing };
}

async function finished(stack: LocalStack, caseIds: string[]) {
  for (;;) {
    if (caseIds.every((id) => stack.stepFunctions.executions.get(id)?.status === 'SUCCEEDED')) return;
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
}

const application = (serviceCode: string) => ({ serviceCode, applicant: { name: '基准测试', idNumber: 'B1' }, form: {}, materials: [] });

interface PerCase {
  n: number;
  transitions: number;
  invocations: number;
  gbSeconds: number;
  readUnits: number;
  writeUnits: number;
  dynamodbRequests: number;
  sqsRequests: number;
  sqsIdlePolls: number;
  apiRequests: number;
  lateness: number[];
}

async function operationsPerCase(stack: LocalStack, api: HttpClient, admin: string, n: number): Promise<PerCase> {
  // the first half of the departments decide, the others stay silent and are deemed to approve
  const departments = Array.from({ length: n }, (_, i) => ({ code: `b${i}`, limit: i < Math.ceil(n / 2) ? 'PT60S' : 'PT2S' }));
  await publish(api, admin, `bench-${n}`, departments);
  const applicant = await api.token('bench-applicant', ['applicants']);
  const reviewers = await Promise.all(departments.map((d) => api.token(`bench-${d.code}`, [`reviewers-${d.code}`])));
  await sleep(300);
  resetMeter();
  const caseIds = await Promise.all(
    Array.from({ length: CASES_PER_SIZE }, async () => {
      const r = await api.call('POST', '/applications', { token: applicant, body: application(`bench-${n}`) });
      if (r.status !== 202) throw new Error(JSON.stringify(r.body));
      const caseId = r.body.caseId as string;
      createdCases.push(caseId);
      await Promise.all(
        departments.map((d, i) =>
          d.limit === 'PT60S'
            ? api.call('POST', `/applications/${caseId}/reviews/${d.code}/decision`, { token: reviewers[i], body: { decision: 'APPROVE' } })
            : undefined,
        ),
      );
      return caseId;
    }),
  );
  await finished(stack, caseIds);
  await sleep(1500); // notifications of the outcome flow through the stream and the queue
  const lambda = [...meter.lambda].filter(([name]) => PER_CASE(name));
  const invocations = lambda.reduce((s, [, m]) => s + m.count, 0);
  const gbSeconds = lambda.reduce((s, [name, m]) => s + (m.ms / 1000) * ((specOf.get(name)?.memoryMb ?? 512) / 1024), 0);
  const sqs = [...meter.sqs].filter(([k]) => k !== 'ReceiveMessage (empty)').reduce((s, [, v]) => s + v, 0);
  const apiRequests = [...meter.api.values()].reduce((s, l) => s + l.length, 0);
  const result: PerCase = {
    n,
    transitions: caseIds.reduce((s, id) => s + stack.stepFunctions.executions.get(id)!.transitions, 0) / caseIds.length,
    invocations: invocations / caseIds.length,
    gbSeconds: gbSeconds / caseIds.length,
    readUnits: meter.dynamodb.readUnits / caseIds.length,
    writeUnits: meter.dynamodb.writeUnits / caseIds.length,
    dynamodbRequests: meter.dynamodb.requests / caseIds.length,
    sqsRequests: sqs / caseIds.length,
    sqsIdlePolls: meter.sqs.get('ReceiveMessage (empty)') ?? 0,
    apiRequests: apiRequests / caseIds.length,
    lateness: [],
  };
  // deadline precision, read after the counting
  meter.enabled = false;
  for (const id of caseIds) {
    const c = (await api.call('GET', `/applications/${id}`, { token: admin })).body;
    for (const r of c.reviews) if (r.status === 'DEEMED_APPROVED') result.lateness.push(Date.parse(r.decidedAt) - Date.parse(r.dueBy));
  }
  meter.enabled = true;
  return result;
}

function costPer1000(c: PerCase) {
  const parts = {
    'Step Functions': c.transitions * PRICES.stepFunctionsTransition,
    Lambda: c.invocations * PRICES.lambdaRequest + c.gbSeconds * PRICES.lambdaGbSecondArm,
    DynamoDB: c.writeUnits * PRICES.dynamodbWriteUnit + c.readUnits * PRICES.dynamodbReadUnit,
    SQS: c.sqsRequests * PRICES.sqsRequest,
    'HTTP API': c.apiRequests * PRICES.httpApiRequest,
  };
  const total = Object.values(parts).reduce((a, b) => a + b, 0);
  return { parts: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v * 1000])), total: total * 1000 };
}

async function throughput(stack: LocalStack, api: HttpClient, admin: string) {
  await publish(api, admin, 'bench-load', [
    { code: 'b0', limit: 'PT60S' },
    { code: 'b1', limit: 'PT60S' },
  ]);
  const reviewers = await Promise.all(['b0', 'b1'].map((d) => api.token(`load-${d}`, [`reviewers-${d}`])));
  resetMeter();
  const started = performance.now();
  let cases = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      const applicant = await api.token(`load-applicant-${w}`, ['applicants']);
      for (let i = 0; i < CASES_PER_WORKER; i++) {
        const { caseId } = (await api.call('POST', '/applications', { token: applicant, body: application('bench-load') })).body;
        createdCases.push(caseId);
        await Promise.all(['b0', 'b1'].map((d, j) => api.call('POST', `/applications/${caseId}/reviews/${d}/decision`, { token: reviewers[j], body: { decision: 'APPROVE' } })));
        await finished(stack, [caseId]);
        cases++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const dynamodbPerCase = meter.dynamodb.requests / cases;
  const latency = [...meter.api].map(([route, ms]) => ({ route, count: ms.length, p50: quantile(ms, 0.5), p99: quantile(ms, 0.99) }));
  return { cases, seconds, perSecond: cases / seconds, dynamodbPerCase, latency };
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
    await build({
      entryPoints: [resolve(projectRoot, spec.entry)],
      outfile,
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      external: ['@aws-sdk/*'],
      banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
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
      const child = spawn(process.execPath, ['--input-type=module', '-e', probe], { env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT' } });
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

async function main() {
  watchHandlerLogs();
  // the watchdog's minute timer is off: its work is per minute, not per case
  const stack = await startLocalStack({ meter: true, timers: false, log: logLocalStack });
  const api = httpClient(stack.url);
  let failure: string | undefined;
  try {
    const admin = await api.token('bench-admin', ['admins']);
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    print(`# one-stop benchmark`);
    print();
    print(`${new Date().toISOString()} · ${cpu} · ${os.cpus().length} cores · ${Math.round(os.totalmem() / 2 ** 30)} GiB · Node ${process.version} · local stack (DynamoDB Local, fauxqs, aws-local-stepfunctions)`);
    print();

    await operationsPerCase(stack, api, admin, 2); // warm-up: module loading and JIT are not a case's cost
    const perCase: PerCase[] = [];
    for (const n of SIZES) perCase.push(await operationsPerCase(stack, api, admin, n));
    print(`## 1. Operations per case (counted; mean of ${CASES_PER_SIZE} cases; half the departments decide, half are deemed to approve)`);
    print();
    print('| departments | state transitions | 2n + 3 | Lambda invocations | Lambda GB-s (local time) | DynamoDB WCU | DynamoDB RCU | DynamoDB requests | SQS requests | API requests |');
    print('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const c of perCase)
      print(`| ${c.n} | ${fmt(c.transitions)} | ${2 * c.n + 3} | ${fmt(c.invocations)} | ${fmt(c.gbSeconds, 3)} | ${fmt(c.writeUnits)} | ${fmt(c.readUnits)} | ${fmt(c.dynamodbRequests)} | ${fmt(c.sqsRequests)} | ${fmt(c.apiRequests)} |`);
    print();
    print(`SQS requests exclude the pollers' empty long polls (${perCase.map((c) => c.sqsIdlePolls).join(', ')} during the four runs), which cost per queue and minute, not per case.`);
    print();

    print(`## 2. Cost per 1,000 cases (us-east-1 list prices as of ${PRICES.asOf}; Lambda at 512 MB arm64)`);
    print();
    print('| departments | total USD | Step Functions | Lambda | DynamoDB | SQS | HTTP API |');
    print('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const c of perCase) {
      const { parts, total } = costPer1000(c);
      const share = (k: string) => `${fmt(parts[k], 4)} (${fmt((100 * parts[k]) / total, 0)}%)`;
      print(`| ${c.n} | ${fmt(total, 4)} | ${share('Step Functions')} | ${share('Lambda')} | ${share('DynamoDB')} | ${share('SQS')} | ${share('HTTP API')} |`);
    }
    print();

    const load = await throughput(stack, api, admin);
    const raw = await rawDynamoDB(stack.dynamodbEndpoint);
    const floor = raw / load.dynamodbPerCase;
    print(`## 3. Throughput and latency (${CONCURRENCY} concurrent applicants with their reviewers, 2 departments deciding)`);
    print();
    print(`${load.cases} cases to an outcome in ${fmt(load.seconds)} s: **${fmt(load.perSecond, 2)} cases/s**. DynamoDB Local alone, simple put/get with ${CONCURRENCY} workers: **${fmt(raw, 0)} requests/s**; at ${fmt(load.dynamodbPerCase)} DynamoDB requests per case that floor is ${fmt(floor, 1)} cases/s, so the pipeline runs at ${fmt((100 * load.perSecond) / floor, 0)}% of it.`);
    print();
    print('| route | requests | p50 ms | p99 ms |');
    print('| --- | ---: | ---: | ---: |');
    for (const l of load.latency) print(`| ${l.route} | ${l.count} | ${fmt(l.p50)} | ${fmt(l.p99)} |`);
    print();

    const sample = (await api.call('POST', '/applications', { token: await api.token('bench-cold', ['applicants']), body: application('bench-2') })).body.caseId;
    createdCases.push(sample);
    meter.enabled = false;
    const cold = await coldStarts(sample);
    print('## 4. Cold-start proxy (esbuild bundle, minified, AWS SDK external; a fresh Node process imports it and handles one event against the local stack)');
    print();
    print('| function | bundle KiB | import ms | first event ms |');
    print('| --- | ---: | ---: | ---: |');
    for (const c of cold) print(`| ${c.name} | ${fmt(c.bytes / 1024)} | ${fmt(c.importMs)} | ${fmt(c.firstEventMs)} |`);
    print();

    const lateness = perCase.flatMap((c) => c.lateness);
    print('## 5. Deadline precision');
    print();
    print(`Deemed approvals after their due time (${lateness.length} reviews): median ${fmt(quantile(lateness, 0.5), 0)} ms, max ${fmt(Math.max(...lateness), 0)} ms late; none early: ${lateness.every((l) => l >= 0) ? 'yes' : 'NO'}.`);
    print();
    print('How to read this: section 1 is counted on the local stack, which runs the same ASL and handlers as AWS; section 2 multiplies those counts by the price table in test/bench/run.ts (Lambda duration is local wall time, an estimate of billed time); sections 3 and 4 are local timings on this machine and compare runs, not AWS latencies.');
    print();

    const notifications = await notificationsDelivered(api, admin);
    print(`notifications: expected ${notifications.expected}, delivered ${notifications.delivered}`);
    print(`handler errors: ${loggedErrors.length}`);
    const problems = [
      ...(notifications.missing.length
        ? [`${notifications.missing.length} notification(s) the bench's ${createdCases.length} cases called for were not delivered within 120 s, e.g. ${notifications.missing.slice(0, 5).join(', ')}`]
        : []),
      ...(loggedErrors.length ? [`${loggedErrors.length} error(s) logged, the first:\n${loggedErrors.slice(0, 3).join('\n')}`] : []),
    ];
    if (problems.length) failure = problems.join('\n');
    else {
      writeFileSync(resolve(projectRoot, 'test/bench/BENCHMARKS.md'), `${out.join('\n')}\n`);
      console.log('\nwritten to test/bench/BENCHMARKS.md');
    }
  } finally {
    await stack.stop();
  }
  if (failure) {
    console.error(`\nBENCH FAILED: the pipeline is broken, so its numbers are not written.\n${failure}`);
    process.exit(1);
  }
  process.exit(0);
}

await main();
