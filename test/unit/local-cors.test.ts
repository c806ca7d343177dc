// The HTTP API stand-in's CORS, with a stub route and no emulators: its configuration from
// CORS_ORIGINS, origin matching, and what it does with no CORS configured.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { cors, corsConfig, type ApiFunctionSpec } from '../../infra/manifest.ts';
import { createHttpApi, localCors, originAllowed } from '../../infra/local/http.ts';
import type { LocalIssuer } from '../../infra/local/tokens.ts';

describe('the local CORS configuration', () => {
  it('unset CORS_ORIGINS: any localhost port; empty: no CORS; a list: those origins', () => {
    assert.deepEqual(localCors({})?.allowOrigins, [...cors.localOrigins]);
    assert.equal(localCors({ CORS_ORIGINS: '' }), undefined);
    assert.deepEqual(
      localCors({ CORS_ORIGINS: ' https://a.example , http://localhost:*' }),
      corsConfig(['https://a.example', 'http://localhost:*']),
    );
  });

  it('refuses what is not an origin, naming the variable', () => {
    assert.throws(() => localCors({ CORS_ORIGINS: 'https://a.example/app' }), /CORS_ORIGINS: not an origin.*https:\/\/a\.example\/app/);
    assert.throws(() => localCors({ CORS_ORIGINS: 'a.example' }), /CORS_ORIGINS/);
  });

  it('matches origins exactly, or with * for a port or for anything', () => {
    const config = corsConfig([...cors.localOrigins, 'https://permits.example.gov'])!;
    for (const origin of [
      'http://localhost:5173',
      'http://localhost:3000',
      'http://127.0.0.1:8080',
      'https://permits.example.gov',
      'HTTPS://PERMITS.EXAMPLE.GOV',
    ])
      assert.ok(originAllowed(config, origin), origin);
    for (const origin of [
      'http://localhost.evil.example',
      'https://localhost:5173',
      'http://evil.example',
      'https://permits.example.gov.evil.example',
      'null',
    ])
      assert.ok(!originAllowed(config, origin), origin);
    assert.ok(originAllowed(corsConfig(['*'])!, 'https://anything.example'));
    assert.ok(originAllowed(corsConfig(['https://*'])!, 'https://anything.example'));
    assert.ok(!originAllowed(corsConfig(['https://*'])!, 'http://anything.example'));
  });
});

describe('the stand-in with and without CORS', () => {
  const spec: ApiFunctionSpec = { name: 'Stub', route: 'GET /stub', auth: false, entry: 'stub.ts' };
  // a backend that sets CORS headers of its own: with CORS configured, the HTTP API ignores them
  const fn = { spec, invoke: async () => ({ statusCode: 200, headers: { 'access-control-allow-origin': '*', etag: '"1"' }, body: '{}' }) };
  const servers: { url: string; close(): void }[] = [];
  const start = async (origins: string[]) => {
    const server = createHttpApi({
      routes: [{ spec, fn }],
      issuer: {} as LocalIssuer,
      localRoutes: async () => undefined,
      cors: corsConfig(origins),
      onError: () => {},
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    servers.push({
      url,
      close: () => {
        server.closeAllConnections();
        server.close();
      },
    });
    return url;
  };
  let withCors: string, without: string;
  beforeAll(async () => {
    withCors = await start(['https://permits.example.gov']);
    without = await start([]);
  });
  afterAll(() => {
    for (const s of servers) s.close();
  });
  const preflight = (url: string, origin: string) =>
    fetch(`${url}/stub`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET' } });

  it('without CORS, a preflight is no route (404) and answers carry no CORS headers', async () => {
    const r = await preflight(without, 'https://permits.example.gov');
    assert.equal(r.status, 404);
    assert.equal(r.headers.get('access-control-allow-origin'), null);
    const get = await fetch(`${without}/stub`, { headers: { origin: 'https://permits.example.gov' } });
    assert.equal(get.headers.get('access-control-allow-origin'), '*', 'the backend’s own header passes when CORS is not configured');
  });

  it('with CORS, the backend’s own CORS headers are replaced by the configuration’s', async () => {
    const allowed = await fetch(`${withCors}/stub`, { headers: { origin: 'https://permits.example.gov' } });
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://permits.example.gov');
    assert.equal(allowed.headers.get('etag'), '"1"');
    const other = await fetch(`${withCors}/stub`, { headers: { origin: 'https://evil.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    const none = await fetch(`${withCors}/stub`);
    assert.equal(none.headers.get('access-control-allow-origin'), null);
  });

  it('with CORS, an OPTIONS that is not a preflight is left to the routes', async () => {
    const r = await fetch(`${withCors}/stub`, { method: 'OPTIONS', headers: { origin: 'https://permits.example.gov' } });
    assert.equal(r.status, 404);
  });
});
