// CORS on the local stack as the HTTP API does it, with the local default origins (a page on
// any localhost port): preflights answered by the gateway, the allow and expose headers on
// the answers of routes (and of the gateway's own refusals), nothing for other origins.
import assert from 'node:assert/strict';
import { beforeAll, describe, it } from 'vitest';
import { cors } from '../../infra/manifest.ts';
import { applicationBody, buildingServiceDefinition } from '../support/fixtures.ts';
import { useLocalStack, type Client } from '../support/local-stack.ts';

const stack = useLocalStack({ corsOrigins: [...cors.localOrigins] });
let api: Client;
let admin: string, alice: string;
const PAGE = 'http://localhost:5173';

beforeAll(async () => {
  api = await stack();
  admin = await api.token('ada', ['admins']);
  alice = await api.token('alice', ['applicants']);
  assert.equal((await api.call('PUT', '/services/cors', { token: admin, body: buildingServiceDefinition() })).status, 200);
});

const preflight = (path: string, origin: string, method: string, headers: string) =>
  fetch(`${api.url}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
  });

const list = (value: string | null) =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean)
    .sort();
const corsHeaders = (headers: Headers) => [...headers.keys()].filter((k) => k.startsWith('access-control-'));

describe('preflight', () => {
  it('from a page on a localhost port: 204 with the allowed methods and headers, answered by the gateway', async () => {
    for (const origin of [PAGE, 'http://127.0.0.1:8080']) {
      const r = await preflight('/services/cors', origin, 'PUT', 'authorization,content-type,if-match');
      assert.equal(r.status, 204);
      assert.equal(await r.text(), '');
      assert.equal(r.headers.get('access-control-allow-origin'), origin);
      assert.deepEqual(list(r.headers.get('access-control-allow-methods')), ['get', 'post', 'put']);
      assert.deepEqual(list(r.headers.get('access-control-allow-headers')), [
        'authorization',
        'content-type',
        'idempotency-key',
        'if-match',
        'if-none-match',
      ]);
      assert.equal(r.headers.get('access-control-max-age'), String(cors.maxAgeSeconds));
      assert.equal(r.headers.get('access-control-allow-credentials'), null);
      assert.match(r.headers.get('vary') ?? '', /origin/i);
    }
    // a route that needs a token: the preflight itself carries none, and is answered all the same
    const submit = await preflight('/applications', PAGE, 'POST', 'authorization,content-type,idempotency-key');
    assert.equal(submit.status, 204);
    assert.equal(submit.headers.get('access-control-allow-origin'), PAGE);
  });

  it('from another origin: no CORS allow headers', async () => {
    for (const origin of ['https://evil.example', 'http://localhost.evil.example', 'https://localhost:5173']) {
      const r = await preflight('/services/cors', origin, 'PUT', 'authorization,content-type');
      assert.deepEqual(corsHeaders(r.headers), [], origin);
    }
  });
});

describe('answers to an allowed origin', () => {
  it('a GET carries Access-Control-Allow-Origin and exposes ETag and the others', async () => {
    const r = await api.call('GET', '/services/cors', { headers: { origin: PAGE } });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('access-control-allow-origin'), PAGE);
    assert.deepEqual(list(r.headers.get('access-control-expose-headers')), ['etag', 'location', 'retry-after']);
    assert.ok(r.headers.get('etag'));
  });

  it('a POST carries them too, and so does the gateway’s own refusal', async () => {
    const submitted = await api.call('POST', '/applications', { token: alice, body: applicationBody('cors'), headers: { origin: PAGE } });
    assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
    assert.equal(submitted.headers.get('access-control-allow-origin'), PAGE);
    assert.deepEqual(list(submitted.headers.get('access-control-expose-headers')), ['etag', 'location', 'retry-after']);
    const refused = await api.call('POST', '/applications', { body: applicationBody('cors'), headers: { origin: PAGE } });
    assert.equal(refused.status, 401);
    assert.equal(refused.headers.get('access-control-allow-origin'), PAGE, 'a page can read why it was refused');
  });

  it('another origin, or none, gets no CORS headers', async () => {
    const other = await api.call('GET', '/services/cors', { headers: { origin: 'https://evil.example' } });
    assert.equal(other.status, 200, 'CORS is for browsers: the answer is the same, without the headers');
    assert.deepEqual(corsHeaders(other.headers), []);
    assert.deepEqual(corsHeaders((await api.call('GET', '/services/cors')).headers), []);
  });
});
