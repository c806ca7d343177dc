// `npm run chaos`: the local stack under bursts, races and crashes, with a report (CHAOS.md
// beside this file). Each phase runs against `npm start` as a process of its own, on a data
// directory of its own, so it can be killed:
//
// 1. burst: submissions from many applicants with many in flight, some sent twice at once
//    with one Idempotency-Key; every one answered 202 or 429 with Retry-After (then retried),
//    one case per key, every accepted case reaches its outcome;
// 2. race: decisions aimed at their review's due instant (± 300 ms); each review settled
//    once, every 200 a recorded decision and every 409 a deemed approval;
// 3. crash: `kill -9` of the whole stack (Node and DynamoDB Local) at random moments while
//    cases flow, restarted on the same data; every accepted case concludes, every decision
//    answered 200 is kept, one settle event per review, one outcome per case, every
//    notification its events call for delivered once;
// 4. redeliver: every queue message delivered twice and out of order, every stream batch
//    twice; every case ends as its decisions say, nothing doubled, nothing lost.
//
// Prints the figures and exits 1 when anything was lost or doubled. `--small` is the setting
// `npm test` runs (test/integration/chaos.test.ts); the full setting writes CHAOS.md.
// `--only=race` (or a list) runs some phases alone.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { caseFacts, notificationsFor } from '#core/notifications.ts';
import { projectRoot } from '../../infra/local/lambda.ts';
import { freePort } from '../../infra/local/net.ts';
import { applicationBody } from '../support/fixtures.ts';
import { type HttpClient, httpClient, type Reply } from '../support/local-stack.ts';

const small = process.argv.includes('--small');
/** `--only=race,crash`: run these phases alone (a report of part of the run is printed, not written). */
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const runs = (phase: string) => !only || only.includes(phase);
const SETTING = small
  ? { submissions: 40, applicants: 10, inFlight: 16, races: 24, kills: 1, crashCases: 16, redelivered: 12 }
  : { submissions: 2000, applicants: 100, inFlight: 64, races: 1000, kills: 3, crashCases: 150, redelivered: 200 };
/** Generous caps: a slow machine takes longer, it does not fail. */
const OUTCOME_CAP_MS = 15 * 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Figure {
  phase: string;
  what: string;
  value: number;
  /** The value it must have, or undefined when it is only reported. */
  expect?: number;
}
const figures: Figure[] = [];
const figure = (phase: string, what: string, value: number, expect?: number) => figures.push({ phase, what, value, expect });
/** Answers that were neither of the expected ones, by phase and status, for the report. */
const unexpected = new Map<string, number>();
const tally = (phase: string, r: Reply) => {
  const key = `${phase}: ${r.status} ${r.body?.error?.code ?? r.body?.message ?? ''}`.trim();
  unexpected.set(key, (unexpected.get(key) ?? 0) + 1);
};

// ------------------------------------------------------------------ the stack as a process

interface Running {
  api: HttpClient;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Process groups of the stacks running now: ended with the run, however it ends. */
const groups = new Set<number>();
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    for (const pgid of groups) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {}
    }
    process.exit(1);
  });

async function startStack(dataDir: string, extraEnv: Record<string, string> = {}): Promise<Running> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['infra/local/main.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      PORT: String(port),
      ONE_STOP_DATA_DIR: dataDir,
      // the watchdog's safety net acts within seconds, not the deployed minutes
      WATCHDOG_GRACE_SECONDS: '5',
      WATCHDOG_REDRIVE_SECONDS: '10',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: Node and DynamoDB Local die together
  });
  groups.add(child.pid as number);
  child.on('exit', () => groups.delete(child.pid as number));
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    if (process.env.DEBUG_STACK) process.stderr.write(d);
  });
  const until = Date.now() + 120_000;
  while (!output.includes('local stack on')) {
    if (child.exitCode !== null || Date.now() > until) throw new Error(`the local stack did not start: ${output}`);
    await sleep(100);
  }
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    try {
      process.kill(-(child.pid as number), sig);
    } catch {}
    await exited;
  };
  return {
    api: httpClient(`http://127.0.0.1:${port}`, { conformance: false }),
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
}

// ------------------------------------------------------------------ helpers

async function publish(api: HttpClient, admin: string, code: string, departments: { code: string; limit: string }[]) {
  const r = await api.call('PUT', `/services/${code}`, {
    token: admin,
    body: {
      name: `Chaos ${code}`,
      materials: [],
      form: { fields: [] },
      departments: departments.map((d) => ({ code: d.code, name: d.code, timeLimit: { duration: d.limit } })),
    },
  });
  if (r.status !== 200) throw new Error(`publish ${code}: ${r.status} ${JSON.stringify(r.body)}`);
}

/** Runs `work` for each item with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, work: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i], i);
      }
    }),
  );
}

/** A call retried while the stack is down (connection refused) or throttled (after Retry-After). */
async function call(
  api: () => HttpClient,
  method: string,
  path: string,
  options: Parameters<HttpClient['call']>[2],
  onThrottle?: (r: Reply) => void,
) {
  for (let attempt = 0; ; attempt++) {
    try {
      const r = await api().call(method, path, options);
      if (r.status === 429) {
        onThrottle?.(r);
        await sleep(1000 * Math.max(1, Number(r.headers.get('retry-after'))));
        continue;
      }
      return r;
    } catch (err) {
      if (attempt > 600) throw err;
      await sleep(250);
    }
  }
}

/** Every case's view once it has an outcome (admin), polling what is still open. */
async function outcomes(api: () => HttpClient, admin: string, caseIds: string[]) {
  const done = new Map<string, any>();
  const until = Date.now() + OUTCOME_CAP_MS;
  while (done.size < caseIds.length && Date.now() < until) {
    await pool(
      caseIds.filter((id) => !done.has(id)),
      16,
      async (id) => {
        const r = await call(api, 'GET', `/applications/${id}`, { token: admin });
        if (r.status === 200 && r.body.outcome) done.set(id, r.body);
      },
    );
    if (done.size < caseIds.length) await sleep(1000);
  }
  return done;
}

const SETTLE = new Set(['REVIEW_APPROVED', 'REVIEW_REJECTED', 'REVIEW_DEEMED_APPROVED']);
const OUTCOME = new Set(['CASE_APPROVED', 'CASE_REJECTED']);

/** Settle and outcome events counted per case: more than one of either is a double. */
function doubles(views: Iterable<any>) {
  let settled = 0;
  let doubled = 0;
  for (const c of views) {
    for (const r of c.reviews) {
      const n = c.timeline.filter((e: any) => SETTLE.has(e.type) && e.department === r.department).length;
      settled += n;
      if (n > 1) doubled += n - 1;
    }
    const o = c.timeline.filter((e: any) => OUTCOME.has(e.type)).length;
    if (o > 1) doubled += o - 1;
  }
  return { settled, doubled };
}

// ------------------------------------------------------------------ 1. burst

async function burst(dataDir: string) {
  const running = await startStack(dataDir);
  const api = () => running.api;
  try {
    const admin = await running.api.token('chaos-admin', ['admins']);
    await publish(running.api, admin, 'chaos-burst', [
      { code: 'b0', limit: 'PT5S' },
      { code: 'b1', limit: 'PT5S' },
    ]);
    const applicants = await Promise.all(
      Array.from({ length: SETTING.applicants }, (_, i) => running.api.token(`burst-${i}`, ['applicants'])),
    );
    let throttled = 0;
    let throttledWithoutRetryAfter = 0;
    let refused = 0;
    const caseOfKey = new Map<string, Set<string>>();
    const twice = (i: number) => i % 10 === 0;
    await pool(
      Array.from({ length: SETTING.submissions }, (_, i) => i),
      SETTING.inFlight,
      async (i) => {
        const key = `burst-${i}-${randomUUID()}`;
        const send = () =>
          call(
            api,
            'POST',
            '/applications',
            { token: applicants[i % applicants.length], body: applicationBody('chaos-burst'), headers: { 'idempotency-key': key } },
            (r) => {
              throttled++;
              if (!(Number(r.headers.get('retry-after')) >= 1)) throttledWithoutRetryAfter++;
            },
          );
        const replies = await Promise.all(twice(i) ? [send(), send()] : [send()]);
        for (let r of replies) {
          // a twin still being processed answers 409: the client asks again
          while (r.status === 409 && r.body?.error?.code === 'CONFLICT') r = await send();
          if (r.status !== 202) {
            refused++;
            tally('burst', r);
          } else caseOfKey.set(key, new Set([...(caseOfKey.get(key) ?? []), r.body.caseId]));
        }
      },
    );
    const caseIds = [...new Set([...caseOfKey.values()].flatMap((s) => [...s]))];
    const views = await outcomes(api, admin, caseIds);
    const { doubled } = doubles(views.values());
    figure('burst', 'submissions', SETTING.submissions);
    figure('burst', 'sent twice at once with one Idempotency-Key', Math.ceil(SETTING.submissions / 10));
    figure('burst', 'answered 429 (then retried after Retry-After)', throttled);
    figure('burst', '429 without Retry-After', throttledWithoutRetryAfter, 0);
    figure('burst', 'answered neither 202 nor 429', refused, 0);
    figure('burst', 'keys with more than one case', [...caseOfKey.values()].filter((s) => s.size > 1).length, 0);
    figure('burst', 'cases held (accepted)', caseIds.length, SETTING.submissions);
    figure('burst', 'lost: accepted without an outcome', caseIds.length - views.size, 0);
    figure('burst', 'doubled: settle or outcome events twice', doubled, 0);
  } finally {
    await running.stop();
  }
}

// ------------------------------------------------------------------ 2. race

async function race(dataDir: string) {
  const running = await startStack(dataDir);
  const api = () => running.api;
  try {
    const admin = await running.api.token('chaos-admin', ['admins']);
    const departments = ['r0', 'r1'];
    await publish(
      running.api,
      admin,
      'chaos-race',
      departments.map((code) => ({ code, limit: 'PT20S' })),
    );
    const reviewers = Object.fromEntries(
      await Promise.all(
        departments.map(async (d) => [
          d,
          await Promise.all(Array.from({ length: 10 }, (_, i) => running.api.token(`race-${d}-${i}`, [`reviewers-${d}`]))),
        ]),
      ),
    ) as Record<string, string[]>;
    const applicant = await running.api.token('race-applicant', ['applicants']);
    const cases = Math.ceil(SETTING.races / departments.length);
    const caseIds: string[] = [];
    const answers = new Map<string, number>();
    const aimed: Promise<void>[] = [];
    let n = 0;
    let late = 0;
    // each case as it comes: submitted, its tasks armed, then each department's decision sent
    // at its review's due instant ± 300 ms (while the next cases are being submitted)
    await pool(
      Array.from({ length: cases }, (_, i) => i),
      16,
      async () => {
        const r = await call(api, 'POST', '/applications', { token: applicant, body: applicationBody('chaos-race') });
        if (r.status !== 202) return;
        const caseId = r.body.caseId as string;
        caseIds.push(caseId);
        for (;;) {
          const e = await call(api, 'GET', `/local/executions/${caseId}`, {});
          if (e.status === 200 && e.body.armedTasks >= departments.length) break;
          await sleep(200);
        }
        const c = await call(api, 'GET', `/applications/${caseId}`, { token: admin });
        for (const review of c.body.reviews)
          aimed.push(
            (async () => {
              const at = Date.parse(review.dueBy) + (Math.random() * 600 - 300);
              if (at < Date.now() - 300) late++;
              await sleep(Math.max(0, at - Date.now()));
              const token = reviewers[review.department][n++ % 10];
              const d = await call(api, 'POST', `/applications/${caseId}/reviews/${review.department}/decision`, {
                token,
                body: { decision: 'APPROVE' },
              });
              answers.set(`${caseId}/${review.department}`, d.status);
              if (d.status !== 200 && d.status !== 409) tally('race', d);
            })(),
          );
      },
    );
    await Promise.all(aimed);
    const due = aimed;
    const views = await outcomes(api, admin, caseIds);
    let decided = 0;
    let deemed = 0;
    let mismatched = 0;
    for (const c of views.values())
      for (const r of c.reviews) {
        const status = answers.get(`${c.caseId}/${r.department}`);
        if (status === 200) {
          decided++;
          if (r.status !== 'APPROVED' || !String(r.decidedBy).startsWith('race-')) mismatched++;
        } else if (status === 409) {
          deemed++;
          if (r.status !== 'DEEMED_APPROVED') mismatched++;
        } else mismatched++;
      }
    const { settled, doubled } = doubles(views.values());
    figure('race', 'decisions aimed at the due instant (± 300 ms)', due.length, cases * departments.length);
    figure('race', 'of them sent later than aimed (the stack was slower than the limit)', late);
    figure('race', 'answered 200 (the decision won)', decided);
    figure('race', 'answered 409 (the deemed approval won)', deemed);
    figure('race', 'answers that do not match the review as recorded', mismatched, 0);
    figure('race', 'reviews settled', settled, cases * departments.length);
    figure('race', 'lost: cases without an outcome', caseIds.length - views.size, 0);
    figure('race', 'doubled: settle or outcome events twice', doubled, 0);
  } finally {
    await running.stop();
  }
}

// ------------------------------------------------------------------ 3. crash

async function crash(dataDir: string) {
  let running = await startStack(dataDir);
  const api = () => running.api;
  const admin = await running.api.token('chaos-admin', ['admins']);
  await publish(running.api, admin, 'chaos-crash', [
    { code: 'c0', limit: 'PT60S' },
    { code: 'c1', limit: 'PT8S' },
  ]);
  const applicant = await running.api.token('crash-applicant', ['applicants']);
  const reviewer = await running.api.token('crash-c0', ['reviewers-c0']);
  const accepted: string[] = [];
  const decided = new Set<string>();
  let flowing = true;
  // cases flow all the time: submitted, and department c0 decides each as soon as it can
  const flow = (async () => {
    for (let i = 0; flowing && i < SETTING.crashCases; i++) {
      const key = `crash-${i}-${randomUUID()}`;
      const r = await call(api, 'POST', '/applications', {
        token: applicant,
        body: applicationBody('chaos-crash'),
        headers: { 'idempotency-key': key },
      });
      if (r.status !== 202) continue;
      accepted.push(r.body.caseId);
      const caseId = r.body.caseId as string;
      void (async () => {
        for (let attempt = 0; attempt < 400; attempt++) {
          const d = await call(api, 'POST', `/applications/${caseId}/reviews/c0/decision`, {
            token: reviewer,
            body: { decision: 'APPROVE' },
          }).catch(() => undefined);
          if (d?.status === 200) return void decided.add(caseId);
          if (d?.status === 409 && d.body?.error?.code === 'REVIEW_ALREADY_SETTLED') return;
          await sleep(250);
        }
      })();
      await sleep(50);
    }
  })();
  for (let k = 0; k < SETTING.kills; k++) {
    await sleep(3000 + Math.random() * 9000);
    await running.kill();
    running = await startStack(dataDir);
  }
  // cases go on flowing a while on the restarted stack
  await sleep(3000);
  flowing = false;
  await flow;
  const views = await outcomes(api, admin, accepted);
  let decisionsLost = 0;
  for (const caseId of decided) {
    const c = views.get(caseId);
    const r = c?.reviews.find((x: any) => x.department === 'c0');
    if (r?.status !== 'APPROVED' || r.decidedBy !== 'crash-c0') decisionsLost++;
  }
  const { doubled } = doubles(views.values());
  // every notification the cases' events call for, delivered once (the outbox keeps one per id)
  const expectedIds = [...views.values()].flatMap((c) =>
    c.timeline.flatMap((e: any) => notificationsFor(caseFacts(c), e).map((n) => n.id)),
  );
  const delivered = await deliveries(api, expectedIds);
  const expected = expectedIds.length;
  const undelivered = expectedIds.filter((id) => !delivered.has(id)).length;
  await running.stop();
  figure('crash', 'kill -9 of the whole stack, then a restart on the same data', SETTING.kills);
  figure('crash', 'cases accepted (202) while the stack was killed', accepted.length);
  figure('crash', 'decisions answered 200', decided.size);
  figure('crash', 'lost: accepted cases without an outcome', accepted.length - views.size, 0);
  figure('crash', 'lost: decisions answered 200 not recorded', decisionsLost, 0);
  figure('crash', 'doubled: settle or outcome events twice', doubled, 0);
  figure('crash', 'notifications the events call for', expected);
  figure('crash', 'lost: notifications not delivered', undelivered, 0);
  figure('crash', 'doubled: notifications delivered twice', [...delivered.values()].filter((n) => n > 1).length, 0);
}

// ------------------------------------------------------------------ 4. redeliver

/**
 * Every queue message delivered twice and in another order, every stream batch twice: cases
 * decided (some approved with conditions, some rejected) or deemed to approve end as their
 * decisions say, with one settle event per review, one outcome per case and each
 * notification delivered once.
 */
async function redeliver(dataDir: string) {
  const running = await startStack(dataDir, { ONE_STOP_REDELIVER: '1' });
  const api = () => running.api;
  try {
    const admin = await running.api.token('chaos-admin', ['admins']);
    await publish(running.api, admin, 'chaos-redeliver', [
      { code: 'd0', limit: 'PT60S' },
      { code: 'd1', limit: 'PT5S' },
    ]);
    const applicant = await running.api.token('redeliver-applicant', ['applicants']);
    const reviewer = await running.api.token('redeliver-d0', ['reviewers-d0']);
    const expected = new Map<string, 'APPROVED' | 'REJECTED'>();
    await pool(
      Array.from({ length: SETTING.redelivered }, (_, i) => i),
      8,
      async (i) => {
        const r = await call(api, 'POST', '/applications', { token: applicant, body: applicationBody('chaos-redeliver') });
        if (r.status !== 202) return void tally('redeliver', r);
        const caseId = r.body.caseId as string;
        const body =
          i % 3 === 0
            ? { decision: 'REJECT', comment: 'the site plan does not match the land register' }
            : i % 3 === 1
              ? { decision: 'APPROVE', conditions: ['keep the fire lane clear'] }
              : { decision: 'APPROVE' };
        for (let attempt = 0; attempt < 200; attempt++) {
          const d = await call(api, 'POST', `/applications/${caseId}/reviews/d0/decision`, { token: reviewer, body });
          if (d.status === 200) return void expected.set(caseId, body.decision === 'REJECT' ? 'REJECTED' : 'APPROVED');
          if (d.status === 409 && d.body?.error?.code === 'REVIEW_ALREADY_SETTLED') return void expected.set(caseId, 'APPROVED');
          await sleep(100);
        }
        tally('redeliver', { status: 0, body: { message: 'decision never answered' } } as Reply);
      },
    );
    const views = await outcomes(api, admin, [...expected.keys()]);
    const wrong = [...expected].filter(([id, outcome]) => views.get(id)?.outcome !== outcome).length;
    const { doubled } = doubles(views.values());
    const expectedIds = [...views.values()].flatMap((c) =>
      c.timeline.flatMap((e: any) => notificationsFor(caseFacts(c), e).map((n) => n.id)),
    );
    const delivered = await deliveries(api, expectedIds);
    figure(
      'redeliver',
      'cases, every message and stream batch delivered twice (queue messages out of order)',
      expected.size,
      SETTING.redelivered,
    );
    figure('redeliver', 'cases whose outcome is not what their decisions say', wrong + (expected.size - views.size), 0);
    figure('redeliver', 'doubled: settle or outcome events twice', doubled, 0);
    figure('redeliver', 'notifications the events call for', expectedIds.length);
    figure('redeliver', 'lost: notifications not delivered', expectedIds.filter((id) => !delivered.has(id)).length, 0);
    figure('redeliver', 'doubled: notifications delivered twice', [...delivered.values()].filter((n) => n > 1).length, 0);
  } finally {
    await running.stop();
  }
}

/** The outbox's deliveries by notification id, once every expected one is there (or after a cap). */
async function deliveries(api: () => HttpClient, expectedIds: string[]) {
  let delivered = new Map<string, number>();
  for (const until = Date.now() + 300_000; ; ) {
    const outbox = await call(api, 'GET', '/local/outbox', {});
    delivered = new Map();
    for (const e of outbox.body.items) delivered.set(e.id, (delivered.get(e.id) ?? 0) + 1);
    if (expectedIds.every((id) => delivered.has(id)) || Date.now() > until) return delivered;
    await sleep(1000);
  }
}

// ------------------------------------------------------------------ run

async function main() {
  const started = Date.now();
  const root = mkdtempSync(join(tmpdir(), 'one-stop-chaos-'));
  try {
    if (runs('burst')) await burst(join(root, 'burst'));
    if (runs('race')) await race(join(root, 'race'));
    if (runs('crash')) await crash(join(root, 'crash'));
    if (runs('redeliver')) await redeliver(join(root, 'redeliver'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const off = figures.filter((f) => f.expect !== undefined && f.value !== f.expect);
  const lines = [
    `# one-stop chaos run (${small ? 'small' : 'full'} setting)`,
    '',
    `${new Date().toISOString()} · ${os.cpus()[0]?.model.split(' ')[0] ?? ''} · ${os.cpus().length} cores · Node ${process.version} · ${Math.round((Date.now() - started) / 1000)} s · \`npm run chaos\` (test/bench/chaos.ts)`,
    '',
    '| phase | figure | value | must be | |',
    '| --- | --- | ---: | ---: | --- |',
    ...figures.map(
      (f) =>
        `| ${f.phase} | ${f.what} | ${f.value} | ${f.expect ?? ''} | ${f.expect === undefined ? '' : f.value === f.expect ? 'ok' : '**OFF**'} |`,
    ),
    '',
    off.length ? `**${off.length} figure(s) off.**` : 'Held: every figure that must have a value has it. Lost = 0, doubled = 0.',
    '',
    ...(unexpected.size ? ['Unexpected answers, by phase and status:', '', ...[...unexpected].map(([k, n]) => `- ${k}: ${n}`), ''] : []),
  ];
  console.log(lines.join('\n'));
  if (!small && !only) writeFileSync(resolve(import.meta.dirname, 'CHAOS.md'), lines.join('\n'));
  return off.length ? 1 : 0;
}

process.exitCode = await main();
