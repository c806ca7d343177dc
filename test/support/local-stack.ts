// Starts the local stack for one test file and gives tests a small HTTP client.
import { afterAll, beforeAll } from 'vitest';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../infra/local/stack.ts';
import { nonConformance, type Received } from './conformance.ts';

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface HttpClient {
  url: string;
  token(sub: string, groups: string[], expiresInSeconds?: number): Promise<string>;
  call<T = any>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; raw?: string | Buffer; headers?: Record<string, string> },
  ): Promise<Reply<T>>;
}

export interface Client extends HttpClient {
  stack: LocalStack;
}

/** Responses that did not conform to the OpenAPI document, kept in case a test swallowed the error. */
const nonConforming: string[] = [];

/** Fails the request's test when the response is not what the OpenAPI document declares for it. */
function conform(received: Received) {
  const problem = nonConformance(received);
  if (problem) {
    nonConforming.push(problem);
    throw new Error(`the response does not conform to the OpenAPI document: ${problem}`);
  }
}

/** fetch, with every response checked against the OpenAPI document (for generated clients). */
export async function conformingFetch(input: Request): Promise<Response> {
  const res = await fetch(input);
  const url = new URL(input.url);
  conform({
    method: input.method,
    path: url.pathname + url.search,
    status: res.status,
    headers: res.headers,
    text: await res.clone().text(),
  });
  return res;
}

/**
 * A small client of the HTTP API at `url`, with local tokens. Every response is checked
 * against the OpenAPI document (test/support/conformance.ts); `conformance: false` only for
 * measuring latency (the benchmark).
 */
export function httpClient(url: string, { conformance = true } = {}): HttpClient {
  const client: HttpClient = {
    url,
    async token(sub, groups, expiresInSeconds) {
      const r = await client.call('POST', '/local/tokens', { body: { sub, groups, expiresInSeconds } });
      if (r.status !== 200) throw new Error(`token request failed: ${JSON.stringify(r.body)}`);
      return r.body.token;
    },
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | Buffer | undefined = options.raw;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(`${url}${path}`, { method, headers, body });
      const text = await res.text();
      if (conformance) conform({ method, path, status: res.status, headers: res.headers, text });
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {}
      return { status: res.status, headers: res.headers, body: parsed as any };
    },
  };
  return client;
}

export async function connect(stack: LocalStack): Promise<Client> {
  return { ...httpClient(stack.url), stack };
}

/**
 * One local stack for the test file, started before its tests and stopped after. The
 * accessor awaits the start, so a test may also ask for it before the hook has run.
 */
export function useLocalStack(options: LocalStackOptions = {}): () => Promise<Client> {
  let started: Promise<Client> | undefined;
  const start = () =>
    (started ??= startLocalStack({ log: (line) => process.env.DEBUG_STACK && console.error(line), ...options }).then(connect));
  beforeAll(start);
  afterAll(async () => {
    if (started) await (await started).stack.stop();
    if (nonConforming.length) throw new Error(`responses that do not conform to the OpenAPI document:\n${nonConforming.join('\n')}`);
  });
  return start;
}

/**
 * Wait until the case's workflow waits on `n` review tasks (GET /local/executions/{name}):
 * every review armed, or the ones left after others were settled.
 */
export const tasksOpen = (api: HttpClient, caseId: string, n: number) =>
  eventually(async () => {
    const r = await api.call('GET', `/local/executions/${caseId}`);
    return r.status === 200 && r.body.openTasks === n && r.body;
  }, `${n} open review tasks of ${caseId}`);

/**
 * Polls until `probe` gives a value. The cap is generous on purpose: a loaded machine only
 * makes a test take longer, never fail, while a condition that never holds still fails.
 */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 90_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
