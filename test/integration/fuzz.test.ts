// Property-based fuzzing of the whole HTTP API against the local stack. Requests for every
// route of the OpenAPI document, made from its own operations and examples, then mutated:
// odd path ids, bad query values and cursors, wrong types, missing and extra keys, prototype
// keys, huge and deep values, unicode and control characters, malformed JSON, wrong content
// types, and tokens of every role (none, expired and tampered included).
//
// The property: no request is answered 5xx, every refusal is the error envelope, and every
// response is what the document declares (the conformance hook of the test client). After the
// run the stack still answers a normal application, and no case changed unless a request for
// it was accepted.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openApiDocument } from '#http/contract.ts';
import { applicationBody, buildingServiceDefinition } from '../support/fixtures.ts';
import { tasksOpen, useLocalStack, type Client, type Reply } from '../support/local-stack.ts';

/** Requests per run: batches of BATCH sent together. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 420);
const BATCH = 25;

const stack = useLocalStack();
let api: Client;

type Json = Record<string, any>;
interface Operation {
  method: string;
  template: string;
  params: string[];
  query: { name: string; schema: Json }[];
  body?: Json;
  headers: string[];
}

const doc = openApiDocument() as Json;
const operations: Operation[] = Object.entries(doc.paths as Json).flatMap(([template, ops]) =>
  Object.entries(ops as Json).map(([method, op]) => {
    const parameters = (op.parameters ?? []).map((p: Json) => (p.$ref ? doc.components.parameters[p.$ref.split('/').pop()] : p));
    const media = op.requestBody?.content?.['application/json'];
    return {
      method: method.toUpperCase(),
      template,
      params: parameters.filter((p: Json) => p.in === 'path').map((p: Json) => p.name),
      query: parameters.filter((p: Json) => p.in === 'query').map((p: Json) => ({ name: p.name, schema: p.schema ?? {} })),
      headers: parameters.filter((p: Json) => p.in === 'header').map((p: Json) => p.name.toLowerCase()),
      body: media ? (media.examples ? (Object.values(media.examples)[0] as Json).value : {}) : undefined,
    };
  }),
);

/** Who calls: every role, a stranger to the case, no token, an expired and a tampered one. */
const tokens: Record<string, string | undefined> = {};
/** The cases the fuzz aims at, with what they looked like before it. */
const before = new Map<string, { etag: string | null; events: number }>();
/** Cases only callers who may not change them aim at: they must come out unchanged. */
const controls: string[] = [];
/** Callers every write to a control case is refused for: not the owner, not its reviewers. */
const REFUSED = ['stranger', 'nobody', 'environment', 'expired', 'tampered', 'garbage', 'none'];
/** Cases some accepted request may have changed (2xx to a write that names them). */
const touched = new Set<string>();
let sent = 0;
const statuses = new Map<number, number>();

const odd = fc.constantFrom(
  '',
  ' ',
  '..',
  '%2e%2e',
  '%00',
  '%zz',
  '%2F',
  'CASE%23x',
  '__proto__',
  'constructor',
  'x'.repeat(600),
  '😀',
  '%F0%9F%98%80',
  'null',
  '-1',
  '1e309',
  'DROP%20TABLE',
);
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const segmentFor = (name: string, caseIds: string[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...(validSegments(caseIds)[name] ?? ['x'])) },
    { weight: 2, arbitrary: odd },
    { weight: 2, arbitrary: text.map((s) => encodeURIComponent(s)) },
  );
const validSegments = (caseIds: string[]): Record<string, string[]> => ({
  caseId: caseIds,
  department: ['planning', 'fire', 'environment', 'nowhere'],
  code: ['fuzz', 'building', 'unknown-service'],
  year: ['2031', '1999', '3000'],
});

/** A JSON value of any shape, small enough to send in numbers. */
const anyJson = fc.jsonValue({ maxDepth: 3 });
const bodyFor = (example: Json) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(JSON.stringify(example)) },
    // a key dropped
    {
      weight: 3,
      arbitrary: fc.nat().map((n) => {
        const keys = Object.keys(example);
        if (!keys.length) return '{}';
        const { [keys[n % keys.length]]: _, ...rest } = example;
        return JSON.stringify(rest);
      }),
    },
    // a key given a value of another type, or an extra key
    {
      weight: 4,
      arbitrary: fc.tuple(fc.nat(), anyJson, fc.boolean()).map(([n, value, extra]) => {
        const keys = Object.keys(example);
        const key = extra || !keys.length ? `extra${n % 3}` : keys[n % keys.length];
        return JSON.stringify({ ...example, [key]: value });
      }),
    },
    // nested values replaced deep inside
    { weight: 2, arbitrary: anyJson.map((v) => JSON.stringify(replaceLeaves(example, v))) },
    // prototype keys, written as JSON text so they reach the server as keys
    { weight: 1, arbitrary: fc.constantFrom('{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}') },
    { weight: 1, arbitrary: fc.constant(`{"__proto__":{"polluted":true},${JSON.stringify(example).slice(1)}`) },
    // huge and deep
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'x'.repeat(1_100_000),
        `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
        JSON.stringify({ s: 'é'.repeat(200_000) }),
      ),
    },
    // not JSON at all, or not an object
    { weight: 2, arbitrary: fc.constantFrom('', '{', '{"a":', 'null', '[]', '"x"', '42', 'true', '\u0000', '{"a":1}{"b":2}', '\uFEFF{}') },
    { weight: 2, arbitrary: anyJson.map((v) => JSON.stringify(v)) },
  );

function replaceLeaves(value: unknown, by: unknown): unknown {
  if (Array.isArray(value)) return value.map((v, i) => (i === 0 ? replaceLeaves(v, by) : v));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    return Object.fromEntries(entries.map(([k, v], i) => [k, i === entries.length - 1 ? replaceLeaves(v, by) : v]));
  }
  return by;
}

const queryValue = (schema: Json) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...(schema.enum ?? (schema.type === 'integer' ? ['1', '10', '100'] : ['planning', 'x']))) },
    { weight: 2, arbitrary: fc.constantFrom('0', '-5', '101', '1.5', 'abc', '', '99999999999999999999', 'eyJ4IjoxfQ', 'a.b', '%00') },
    { weight: 1, arbitrary: text.map((s) => encodeURIComponent(s)) },
  );

/** Header values fetch can send (bytes 0x20–0x7e). */
const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 300 });

interface Request {
  method: string;
  path: string;
  caseId?: string;
  write: boolean;
  token: string;
  raw?: string;
  headers: Record<string, string>;
}

const requestFor = (caseIds: string[], callers: string[]): fc.Arbitrary<Request> =>
  fc.constantFrom(...operations).chain((op) =>
    fc
      .record({
        segments: fc.tuple(...(op.params.length ? op.params.map((p) => segmentFor(p, caseIds)) : [fc.constant('')])),
        query: fc.array(
          fc.oneof(
            ...(op.query.length ? op.query.map((q) => queryValue(q.schema).map((v) => `${q.name}=${v}`)) : [fc.constant('')]),
            fc.constantFrom('limit=', 'cursor=eyJ2IjoxLCJzIjp7fX0', 'cursor=a.b', 'unknown=1', 'status=NOPE', 'department=..'),
          ),
          { maxLength: 3 },
        ),
        token: fc.constantFrom(...callers),
        body: op.body === undefined ? fc.constant(undefined) : bodyFor(op.body),
        contentType: fc.oneof(
          { weight: 8, arbitrary: fc.constant('application/json') },
          {
            weight: 1,
            arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', ''),
          },
        ),
        headers: fc.record(
          {
            'idempotency-key': headerText,
            'if-match': fc.oneof(headerText, fc.constantFrom('*', '"1"', 'W/"1"', '"0", "1"')),
            'if-none-match': fc.oneof(headerText, fc.constantFrom('*', '"x"')),
          },
          { requiredKeys: [] },
        ),
        method: fc.oneof({ weight: 20, arbitrary: fc.constant(op.method) }, { weight: 1, arbitrary: fc.constantFrom('DELETE', 'PATCH') }),
      })
      .map(({ segments, query, token, body, contentType, headers, method }) => {
        let i = 0;
        const path = op.template.replace(/\{\w+\}/g, () => segments[i++] as string);
        const caseIndex = op.params.indexOf('caseId');
        const qs = query.filter(Boolean).join('&');
        return {
          method,
          path: qs ? `${path}?${qs}` : path,
          caseId: caseIndex >= 0 ? safeDecode(segments[caseIndex] as string) : undefined,
          write: method !== 'GET',
          token,
          raw: body,
          headers: { ...headers, ...(body !== undefined && contentType ? { 'content-type': contentType } : {}) },
        };
      }),
  );

const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

async function send(r: Request): Promise<Reply> {
  sent++;
  const reply = await api.call(r.method, r.path, { token: tokens[r.token], raw: r.raw, headers: r.headers });
  statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
  assert.ok(
    reply.status < 500,
    `${r.method} ${r.path} (${r.token}) answered ${reply.status}: ${JSON.stringify(reply.body)?.slice(0, 500)}`,
  );
  if (reply.status >= 400 && reply.status !== 401 && reply.status !== 429) {
    assert.equal(typeof reply.body?.error?.code, 'string', `${r.method} ${r.path}: ${reply.status} without the error envelope`);
    assert.equal(typeof reply.body?.error?.message, 'string');
  }
  if (r.write && reply.status < 300 && r.caseId) touched.add(r.caseId);
  return reply;
}

async function snapshot(caseId: string) {
  const c = await api.call('GET', `/applications/${caseId}`, { token: tokens.admin });
  const audit = await api.call('GET', `/applications/${caseId}/audit`, { token: tokens.admin });
  return { etag: c.headers.get('etag'), events: audit.body.events?.length ?? -1 };
}

beforeAll(async () => {
  api = await stack();
  const sign = (sub: string, groups: string[], expiresInSeconds?: number) => api.token(sub, groups, expiresInSeconds);
  tokens.admin = await sign('fuzz-admin', ['admins']);
  tokens.owner = await sign('fuzz-owner', ['applicants']);
  tokens.stranger = await sign('fuzz-stranger', ['applicants']);
  tokens.planning = await sign('fuzz-planner', ['reviewers-planning']);
  tokens.fire = await sign('fuzz-fire', ['reviewers-fire']);
  tokens.environment = await sign('fuzz-environment', ['reviewers-environment']);
  tokens.nobody = await sign('fuzz-nobody', []);
  tokens.expired = await sign('fuzz-owner', ['applicants'], -60);
  tokens.tampered = `${tokens.owner.slice(0, -4)}AAAA`;
  tokens.garbage = 'not.a.token';
  tokens.none = undefined;
  const service = buildingServiceDefinition({
    departments: [
      { code: 'planning', name: '规划局', timeLimit: { workingDays: 20 } },
      { code: 'fire', name: '消防', timeLimit: { workingDays: 20 } },
    ],
  });
  assert.equal((await api.call('PUT', '/services/fuzz', { token: tokens.admin, body: service })).status, 200);
  // the check afterwards uses a service no fuzzed request names: an accepted PUT may rewrite 'fuzz'
  assert.equal((await api.call('PUT', '/services/fuzz-after', { token: tokens.admin, body: service })).status, 200);
  for (let i = 0; i < 5; i++) {
    const r: Reply = await api.call('POST', '/applications', { token: tokens.owner, body: applicationBody('fuzz') });
    assert.equal(r.status, 202);
    await tasksOpen(api, r.body.caseId, 2);
    before.set(r.body.caseId, await snapshot(r.body.caseId));
    if (i >= 3) controls.push(r.body.caseId);
  }
});

describe('fuzzing every route', () => {
  it(`${RUNS * BATCH} generated and mutated requests: none 5xx, every refusal in the envelope and as documented`, async () => {
    const open = [...before.keys()].filter((id) => !controls.includes(id));
    const request = fc.oneof(
      { weight: 4, arbitrary: requestFor([...open, '01JGZ000000000000000000000', 'CASE#x'], Object.keys(tokens)) },
      { weight: 1, arbitrary: requestFor(controls, REFUSED) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        await Promise.all(batch.map(send));
      }),
      { numRuns: RUNS },
    );
    assert.ok(sent >= RUNS * BATCH, `${sent} requests sent`);
    // the requests reached the handlers, not only the gateway's refusals
    for (const status of [200, 400, 404])
      assert.ok((statuses.get(status) ?? 0) > 0, `some answered ${status}: ${JSON.stringify([...statuses])}`);
  });

  it('afterwards the stack is healthy, and no case changed unless a request for it was accepted', async () => {
    assert.equal((await api.call('GET', '/health')).status, 200);
    const r: Reply = await api.call('POST', '/applications', { token: tokens.owner, body: applicationBody('fuzz-after') });
    assert.equal(r.status, 202);
    await tasksOpen(api, r.body.caseId, 2);
    const decided: Reply = await api.call('POST', `/applications/${r.body.caseId}/reviews/planning/decision`, {
      token: tokens.planning,
      body: { decision: 'APPROVE' },
    });
    assert.equal(decided.status, 200);
    for (const caseId of controls) assert.ok(!touched.has(caseId), `a write to ${caseId} was accepted from a caller who may not make it`);
    for (const [caseId, was] of before) {
      if (touched.has(caseId)) continue;
      assert.deepEqual(await snapshot(caseId), was, `case ${caseId} changed, though no request for it was accepted`);
    }
  });
});

afterAll(() => {
  console.log(`fuzz: ${sent} requests; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
});
