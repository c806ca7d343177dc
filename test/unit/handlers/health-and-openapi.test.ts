// The two public routes that read nothing: liveness, and the OpenAPI document as served
// (naming the server it was served from first).
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { SERVERS } from '#http/contract.ts';
import { handler as health } from '../../../functions/handlers/get-health.ts';
import { handler as openApi } from '../../../functions/handlers/get-openapi.ts';
import { apiFunctions } from '../../../infra/manifest.ts';
import { callRoute } from '../../support/memory-runtime.ts';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

describe('GET /health', () => {
  it('answers ok to anyone, as JSON', async () => {
    const res = await callRoute(health, { route: 'GET /health' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: 'ok' });
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const signedIn = await callRoute(health, { route: 'GET /health', caller: { sub: 'x', groups: [] } });
    assert.equal(signedIn.status, 200);
  });
});

describe('GET /openapi.json', () => {
  it('serves the OpenAPI 3.1 document of every deployed route, to anyone', async () => {
    const res = await callRoute(openApi, { route: 'GET /openapi.json' });
    assert.equal(res.status, 200);
    assert.equal(res.body.openapi, '3.1.0');
    const operations = Object.entries(res.body.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    assert.deepEqual(operations.sort(), apiFunctions.map((f) => f.route).sort());
  });

  it('names first the server it was served from, by the request’s host and protocol', async () => {
    const https = await callRoute(openApi, { route: 'GET /openapi.json' });
    assert.deepEqual(https.body.servers[0], { url: 'https://api.example.gov', description: 'Where this document was served from' });
    assert.deepEqual(https.body.servers.slice(1), SERVERS);
    const http = await callRoute(openApi, { route: 'GET /openapi.json', headers: { 'X-Forwarded-Proto': 'http' } });
    assert.equal(http.body.servers[0].url, 'http://api.example.gov');
  });
});
