// Identity, object-level authorisation and bad input over HTTP against the local stack.
import assert from 'node:assert/strict';
import { beforeAll, describe, it } from 'vitest';
import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../infra/local/tokens.ts';
import { applicationBody, buildingServiceDefinition } from '../support/fixtures.ts';
import { useLocalStack, type Client, type Reply } from '../support/local-stack.ts';

const stack = useLocalStack();
let api: Client;
let admin: string, alice: string, mallory: string, planning: string, market: string;
let caseId: string;

beforeAll(async () => {
  api = await stack();
  [admin, alice, mallory, planning, market] = await Promise.all([
    api.token('ada', ['admins']),
    api.token('alice', ['applicants']),
    api.token('mallory', ['applicants']),
    api.token('pat', ['reviewers-planning']),
    api.token('mo', ['reviewers-market']),
  ]);
  assert.equal((await api.call('PUT', '/services/building', { token: admin, body: buildingServiceDefinition() })).status, 200);
  caseId = (await api.call('POST', '/applications', { token: alice, body: applicationBody('building') })).body.caseId;
});

describe('identity', () => {
  it('health and the catalogue need no token', async () => {
    assert.deepEqual((await api.call('GET', '/health')).body, { status: 'ok' });
    const list = await api.call('GET', '/services');
    assert.equal(list.status, 200);
    assert.ok(list.body.items.some((s: any) => s.code === 'building'));
    assert.equal((await api.call('GET', '/services/building')).body.name, buildingServiceDefinition().name);
    const openapi = await api.call('GET', '/openapi.json');
    assert.equal(openapi.status, 200);
    assert.equal(openapi.body.openapi, '3.1.0');
    assert.equal(openapi.body.servers[0].url, api.url.replace('127.0.0.1', '127.0.0.1'));
  });

  it('every other route answers 401 without a valid token', async () => {
    const routes: [string, string][] = [
      ['GET', '/applications'],
      ['POST', '/applications'],
      ['GET', `/applications/${caseId}`],
      ['POST', `/applications/${caseId}/withdraw`],
      ['GET', '/reviews?department=planning'],
      ['POST', `/applications/${caseId}/reviews/planning/decision`],
      ['PUT', '/services/building'],
    ];
    const [, payload] = alice.split('.');
    const forged = await new SignJWT({ 'cognito:groups': ['admins'] })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('ada')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime('1h')
      .sign((await generateKeyPair('RS256')).privateKey);
    const unsigned = new UnsecuredJWT({ 'cognito:groups': ['admins'] })
      .setSubject('ada')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime('1h')
      .encode();
    const expired = await api.token('alice', ['applicants'], -60);
    const wrongIssuer = (await api.stack.issuer.sign({ sub: 'ada', groups: ['admins'], issuer: 'https://elsewhere.example/' })).token;
    const wrongAudience = (await api.stack.issuer.sign({ sub: 'ada', groups: ['admins'], audience: 'another-client' })).token;
    const tampered = alice.replace(
      payload,
      Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'ada' })).toString('base64url'),
    );
    for (const [method, path] of routes) {
      for (const [what, token] of [
        ['none', undefined],
        ['garbage', 'not.a.jwt'],
        ['forged', forged],
        ['alg none', unsigned],
        ['expired', expired],
        ['tampered', tampered],
        ['wrong issuer', wrongIssuer],
        ['wrong audience', wrongAudience],
      ] as const) {
        const r = await api.call(method, path, { token, body: method === 'GET' ? undefined : {} });
        assert.equal(r.status, 401, `${method} ${path} with ${what} token`);
        assert.equal(r.body.error.code, 'UNAUTHENTICATED');
      }
    }
  });

  it('a valid token without the group a route needs is refused', async () => {
    const nobody = await api.token('nobody', []);
    assert.equal((await api.call('POST', '/applications', { token: nobody, body: applicationBody('building') })).status, 403);
    assert.equal((await api.call('GET', '/reviews?department=planning', { token: nobody })).status, 403);
    assert.equal((await api.call('PUT', '/services/building', { token: nobody, body: buildingServiceDefinition() })).status, 403);
    assert.equal((await api.call('GET', `/applications/${caseId}`, { token: nobody })).status, 404);
  });

  it('local tokens carry the requested subject and groups', async () => {
    const r = await api.call('POST', '/local/tokens', { body: { sub: '王五', groups: ['applicants', 'reviewers-fire'] } });
    assert.equal(r.status, 200);
    const claims = JSON.parse(Buffer.from(r.body.token.split('.')[1], 'base64url').toString());
    assert.equal(claims.sub, '王五');
    assert.deepEqual(claims['cognito:groups'], ['applicants', 'reviewers-fire']);
    assert.equal(claims.iss, LOCAL_ISSUER);
    assert.equal(claims.aud, LOCAL_AUDIENCE);
    const bad = await api.call('POST', '/local/tokens', { body: { sub: 'x', groups: ['root'] } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.issues[0].path, 'groups.0');
  });
});

describe('object-level authorisation', () => {
  it('another applicant’s case answers 404, as a case that does not exist', async () => {
    const theirs = await api.call('GET', `/applications/${caseId}`, { token: mallory });
    const none = await api.call('GET', '/applications/01NOSUCHCASE0000000000000', { token: mallory });
    assert.equal(theirs.status, 404);
    assert.deepEqual(Object.keys(theirs.body.error), Object.keys(none.body.error));
    assert.equal((await api.call('POST', `/applications/${caseId}/withdraw`, { token: mallory })).status, 404);
  });

  it('the applicant, admins and reviewers of a reviewing department see the case; others do not', async () => {
    assert.equal((await api.call('GET', `/applications/${caseId}`, { token: alice })).status, 200);
    assert.equal((await api.call('GET', `/applications/${caseId}`, { token: admin })).status, 200);
    assert.equal((await api.call('GET', `/applications/${caseId}`, { token: planning })).status, 200);
    assert.equal((await api.call('GET', `/applications/${caseId}`, { token: market })).status, 404);
  });

  it('a reviewer of another department answers 403 on a decision and on a work list', async () => {
    const fireOnCase = await api.call('POST', `/applications/${caseId}/reviews/fire/decision`, {
      token: planning,
      body: { decision: 'APPROVE' },
    });
    assert.equal(fireOnCase.status, 403);
    assert.equal(fireOnCase.body.error.code, 'FORBIDDEN');
    assert.equal((await api.call('GET', '/reviews?department=fire', { token: planning })).status, 403);
    assert.equal((await api.call('GET', '/reviews?department=fire', { token: alice })).status, 403);
  });

  it('an applicant cannot decide their own case; a reviewer cannot withdraw it', async () => {
    const r = await api.call('POST', `/applications/${caseId}/reviews/planning/decision`, { token: alice, body: { decision: 'APPROVE' } });
    assert.equal(r.status, 403);
    const w = await api.call('POST', `/applications/${caseId}/withdraw`, { token: planning });
    assert.equal(w.status, 403);
    const c = await api.call('GET', `/applications/${caseId}`, { token: alice });
    assert.equal(c.body.status, 'IN_REVIEW');
  });

  it('only admins publish services; only applicants submit', async () => {
    const put = await api.call('PUT', '/services/rogue', { token: alice, body: buildingServiceDefinition() });
    assert.equal(put.status, 403);
    assert.equal((await api.call('GET', '/services/rogue')).status, 404);
    const submit = await api.call('POST', '/applications', { token: planning, body: applicationBody('building') });
    assert.equal(submit.status, 403);
  });
});

describe('bad input', () => {
  it('malformed JSON is a 400 naming the body', async () => {
    const r = await api.call('POST', '/applications', {
      token: alice,
      raw: '{"serviceCode": "building",',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'VALIDATION_FAILED');
    assert.deepEqual(r.body.error.issues, [{ path: 'body', message: 'malformed JSON' }]);
  });

  it('a body without the envelope’s shape is a 400 naming every wrong field, and nothing is written', async () => {
    const before = (await api.call('GET', '/applications?limit=100', { token: alice })).body.items.length;
    const r = await api.call('POST', '/applications', {
      token: alice,
      body: { serviceCode: 'building', applicant: { idNumber: 42 }, form: [], materials: 'none' },
    });
    assert.equal(r.status, 400);
    const paths = r.body.error.issues.map((i: any) => i.path).sort();
    assert.deepEqual(paths, ['applicant.idNumber', 'applicant.name', 'form', 'materials']);
    const after = (await api.call('GET', '/applications?limit=100', { token: alice })).body.items.length;
    assert.equal(after, before);
  });

  it('a service definition with errors is refused with the fields named', async () => {
    const r = await api.call('PUT', '/services/broken', {
      token: admin,
      body: { ...buildingServiceDefinition(), departments: [{ code: 'fire', name: 'Fire', timeLimit: { duration: 'five days' } }] },
    });
    assert.equal(r.status, 400);
    assert.ok(r.body.error.issues.some((i: any) => i.path.startsWith('departments.0.timeLimit')));
    const code = await api.call('PUT', '/services/Not_A_Code', { token: admin, body: buildingServiceDefinition() });
    assert.equal(code.status, 400);
    assert.equal(code.body.error.issues[0].path, 'path.code');
  });

  it('an unknown service is a 404', async () => {
    const r = await api.call('POST', '/applications', { token: alice, body: applicationBody('no-such-service') });
    assert.equal(r.status, 404);
    assert.equal(r.body.error.code, 'NOT_FOUND');
    assert.equal((await api.call('GET', '/services/no-such-service')).status, 404);
  });

  it('a body over 1 MB is a 413', async () => {
    const big = applicationBody('building', { projectName: 'x'.repeat(1024 * 1024) });
    const r = await api.call('POST', '/applications', { token: alice, body: big });
    assert.equal(r.status, 413);
    assert.equal(r.body.error.code, 'PAYLOAD_TOO_LARGE');
  });

  it('a body that is not JSON is a 415', async () => {
    const r = await api.call('POST', '/applications', {
      token: alice,
      raw: 'serviceCode=building',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(r.status, 415);
    assert.equal(r.body.error.code, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('bad query parameters are a 400 naming them', async () => {
    const r = await api.call('GET', '/applications?limit=1000&status=DONE', { token: alice });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.error.issues.map((i: any) => i.path).sort(), ['query.limit', 'query.status']);
    const reviews = await api.call('GET', '/reviews', { token: planning });
    assert.equal(reviews.status, 400);
    assert.equal(reviews.body.error.issues[0].path, 'query.department');
  });

  it('Chinese text round-trips intact', async () => {
    const form = { projectName: '𠮷野家·滨江大厦（二期）', floorArea: 120 };
    const r = await api.call('POST', '/applications', {
      token: alice,
      body: { ...applicationBody('building', form), applicant: { name: '欧阳娜娜', idNumber: '44030519851212002x' } },
    });
    assert.equal(r.status, 202);
    const c = await api.call('GET', `/applications/${r.body.caseId}`, { token: alice });
    assert.equal(c.body.form.projectName, form.projectName);
    assert.equal(c.body.applicant.name, '欧阳娜娜');
    assert.equal(c.body.applicant.idNumber, '44030519851212002X', 'a lower-case check character is kept upper-cased');
    assert.equal(c.body.serviceName, buildingServiceDefinition().name);
  });
});

describe('idempotent submission', () => {
  it('the same Idempotency-Key and body return the first answer; another body is a 409', async () => {
    const headers = { 'idempotency-key': 'order-2026-0001' };
    const first = await api.call('POST', '/applications', { token: alice, body: applicationBody('building'), headers });
    const again = await api.call('POST', '/applications', { token: alice, body: applicationBody('building'), headers });
    assert.equal(first.status, 202);
    assert.equal(again.status, 202);
    assert.deepEqual(again.body, first.body);
    const other = await api.call('POST', '/applications', {
      token: alice,
      body: applicationBody('building', { projectName: '别的', floorArea: 10 }),
      headers,
    });
    assert.equal(other.status, 409);
    assert.equal(other.body.error.code, 'IDEMPOTENCY_KEY_REUSED');
    const mine = await api.call('GET', '/applications?limit=100', { token: alice });
    assert.equal(mine.body.items.filter((c: any) => c.caseId === first.body.caseId).length, 1);
  });

  it('the same key used by another applicant is their own submission', async () => {
    const headers = { 'idempotency-key': 'shared-key' };
    const a = await api.call('POST', '/applications', { token: alice, body: applicationBody('building'), headers });
    const m = await api.call('POST', '/applications', { token: mallory, body: applicationBody('building'), headers });
    assert.equal(a.status, 202);
    assert.equal(m.status, 202);
    assert.notEqual(a.body.caseId, m.body.caseId);
  });

  it('concurrent retries with one key make one case', async () => {
    const headers = { 'idempotency-key': 'burst-1' };
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => api.call('POST', '/applications', { token: alice, body: applicationBody('building'), headers })),
    );
    const ids = new Set(replies.filter((r) => r.status === 202).map((r) => r.body.caseId));
    assert.equal(ids.size, 1);
    for (const r of replies) assert.ok(r.status === 202 || (r.status === 409 && r.body.error.code === 'CONFLICT'), `status ${r.status}`);
  });
});

describe('throttling', () => {
  it('a caller over a route’s rate gets 429 with Retry-After; other callers are not affected', async () => {
    // However fast or slow this machine is, no more than the burst (20) plus the rate (10/s)
    // times the time taken get through; waves of requests go out until one is throttled.
    const spammer = await api.token('spammer', ['applicants']);
    const started = Date.now();
    const replies: Reply[] = [];
    while (!replies.some((r) => r.status === 429) && replies.length < 2_000)
      replies.push(
        ...(await Promise.all(Array.from({ length: 40 }, () => api.call('POST', '/applications', { token: spammer, body: {} })))),
      );
    const seconds = (Date.now() - started) / 1000;
    const throttled = replies.filter((r) => r.status === 429);
    const through = replies.filter((r) => r.status === 400);
    assert.ok(throttled.length > 0, `none of ${replies.length} throttled`);
    assert.equal(through.length + throttled.length, replies.length, 'each was throttled or went through to validation');
    assert.ok(through.length >= 20, 'the burst went through to validation');
    assert.ok(through.length <= 20 + Math.ceil(10 * seconds) + 1, `${through.length} went through in ${seconds} s (burst 20, 10/s)`);
    assert.equal(throttled[0].body.error.code, 'THROTTLED');
    assert.ok(Number(throttled[0].headers.get('retry-after')) >= 1);
    const other = await api.call('POST', '/applications', { token: alice, body: {} });
    assert.equal(other.status, 400, 'another caller is not throttled');
  });
});
