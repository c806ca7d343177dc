// Read-modify-write over HTTP: a PUT takes what its GET returns, GET answers an ETag, a PUT
// with a stale If-Match is refused (412) and one without If-Match still replaces; a case's
// GET answers an ETag and If-None-Match gives 304.
import assert from 'node:assert/strict';
import { beforeAll, describe, it } from 'vitest';
import { applicationBody, buildingServiceDefinition } from '../support/fixtures.ts';
import { tasksOpen, useLocalStack, type Client } from '../support/local-stack.ts';

const stack = useLocalStack();
let api: Client;
let admin: string, alice: string, bob: string, planning: string;

beforeAll(async () => {
  api = await stack();
  admin = await api.token('ada', ['admins']);
  alice = await api.token('alice', ['applicants']);
  bob = await api.token('bob', ['applicants']);
  planning = await api.token('pat', ['reviewers-planning']);
});

const put = (path: string, body: unknown, headers: Record<string, string> = {}) => api.call('PUT', path, { token: admin, body, headers });

function assertPreconditionFailed(r: { status: number; body: any; headers: Headers }) {
  assert.equal(r.status, 412, JSON.stringify(r.body));
  assert.equal(r.body.error.code, 'PRECONDITION_FAILED');
}

describe('a service: read, modify, write', () => {
  it('PUT takes the representation GET returns, unchanged, and GET answers its ETag', async () => {
    const created = await put('/services/rmw', buildingServiceDefinition());
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const etag = created.headers.get('etag');
    assert.match(etag ?? '', /^"\d+"$/);
    const got = await api.call('GET', '/services/rmw');
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('etag'), etag, 'GET answers the ETag the write answered');
    assert.equal(got.body.code, 'rmw');
    assert.equal(typeof got.body.version, 'number');
    assert.equal(typeof got.body.updatedAt, 'string');

    const again = await put('/services/rmw', got.body, { 'if-match': etag! });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.notEqual(again.headers.get('etag'), etag, 'a write makes a new version');
    assert.equal(again.body.version, got.body.version + 1);
    const { version: _v1, updatedAt: _u1, ...before } = got.body;
    const { version: _v2, updatedAt: _u2, ...after } = (await api.call('GET', '/services/rmw')).body;
    assert.deepEqual(after, before, 'a round trip changes nothing but the server’s own fields');
  });

  it('a code in the body other than the path is refused, naming code', async () => {
    const r = await put('/services/rmw-code', { ...buildingServiceDefinition(), code: 'another' });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'VALIDATION_FAILED');
    assert.deepEqual(
      r.body.error.issues.map((i: any) => i.path),
      ['code'],
    );
    assert.equal((await api.call('GET', '/services/rmw-code')).status, 404, 'nothing was written');
    const unknown = await put('/services/rmw-code', { ...buildingServiceDefinition(), colour: 'blue' });
    assert.equal(unknown.status, 400, 'other unknown keys are still refused');
  });

  it('two admins editing one service: the second write, naming the version it read, gets 412', async () => {
    await put('/services/rmw-two', buildingServiceDefinition());
    const read = await api.call('GET', '/services/rmw-two');
    const etag = read.headers.get('etag')!;
    const first = await put('/services/rmw-two', { ...read.body, name: 'First admin' }, { 'if-match': etag });
    assert.equal(first.status, 200);
    const second = await put('/services/rmw-two', { ...read.body, name: 'Second admin' }, { 'if-match': etag });
    assertPreconditionFailed(second);
    assert.equal((await api.call('GET', '/services/rmw-two')).body.name, 'First admin', 'the first write stands');
    // without If-Match, a PUT still replaces
    const blind = await put('/services/rmw-two', { ...read.body, name: 'Blind write' });
    assert.equal(blind.status, 200);
    assert.equal((await api.call('GET', '/services/rmw-two')).body.name, 'Blind write');
  });

  it('of concurrent writes naming the same version, exactly one wins', async () => {
    await put('/services/rmw-race', buildingServiceDefinition());
    const etag = (await api.call('GET', '/services/rmw-race')).headers.get('etag')!;
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        put('/services/rmw-race', buildingServiceDefinition({ name: `writer ${i}` }), { 'if-match': etag }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 412, 412, 412, 412, 412]);
    const winner = results.find((r) => r.status === 200)!;
    assert.equal((await api.call('GET', '/services/rmw-race')).body.name, winner.body.name);
  });

  it('If-Match: * means "exists"; a malformed If-Match is a 400 naming the header', async () => {
    assertPreconditionFailed(await put('/services/rmw-absent', buildingServiceDefinition(), { 'if-match': '*' }));
    assert.equal((await api.call('GET', '/services/rmw-absent')).status, 404);
    assert.equal((await put('/services/rmw-absent', buildingServiceDefinition())).status, 200);
    assert.equal((await put('/services/rmw-absent', buildingServiceDefinition(), { 'if-match': '*' })).status, 200);
    assertPreconditionFailed(await put('/services/rmw-absent', buildingServiceDefinition(), { 'if-match': '"999"' }));
    const bad = await put('/services/rmw-absent', buildingServiceDefinition(), { 'if-match': 'no quotes' });
    assert.equal(bad.status, 400);
    assert.deepEqual(
      bad.body.error.issues.map((i: any) => i.path),
      ['headers.if-match'],
    );
  });

  it('If-None-Match with the current ETag answers 304 with no body', async () => {
    await put('/services/rmw-304', buildingServiceDefinition());
    const got = await api.call('GET', '/services/rmw-304');
    const etag = got.headers.get('etag')!;
    const same = await api.call('GET', '/services/rmw-304', { headers: { 'if-none-match': etag } });
    assert.equal(same.status, 304);
    assert.equal(same.body, undefined);
    assert.equal(same.headers.get('etag'), etag);
    await put('/services/rmw-304', got.body);
    assert.equal((await api.call('GET', '/services/rmw-304', { headers: { 'if-none-match': etag } })).status, 200);
  });
});

describe('the calendar: read, modify, write', () => {
  it('PUT /calendar takes what GET /calendar returns; a stale If-Match gets 412; without If-Match it still works', async () => {
    const got = await api.call('GET', '/calendar');
    assert.equal(got.status, 200);
    const etag = got.headers.get('etag')!;
    assert.equal(etag, `"${got.body.version}"`);
    const edited = {
      ...got.body,
      officeHours: { start: '08:30', end: '17:30' },
      years: { ...got.body.years, '2031': { holidays: ['2031-01-01'], workdays: [] } },
    };
    const saved = await put('/calendar', edited, { 'if-match': etag });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.version, got.body.version + 1);
    assert.equal(saved.headers.get('etag'), `"${saved.body.version}"`);
    const now = (await api.call('GET', '/calendar')).body;
    assert.deepEqual(now.officeHours, { start: '08:30', end: '17:30' });
    assert.deepEqual(now.years['2031'], { holidays: ['2031-01-01'], workdays: [] });

    // the representation read before that write is stale now
    assertPreconditionFailed(await put('/calendar', { ...got.body, timeZone: 'Europe/Paris' }, { 'if-match': etag }));
    assertPreconditionFailed(await put('/calendar/years/2032', { holidays: ['2032-01-01'] }, { 'if-match': etag }));
    assert.equal((await api.call('GET', '/calendar')).body.version, saved.body.version, 'nothing was saved');

    const blind = await put('/calendar', { officeHours: { start: '09:00', end: '17:00' } });
    assert.equal(blind.status, 200);
    const year = await put('/calendar/years/2032', { holidays: ['2032-01-01'] }, { 'if-match': blind.headers.get('etag')! });
    assert.equal(year.status, 200, JSON.stringify(year.body));
  });

  it('years in the body are checked like PUT /calendar/years/{year}, each issue named', async () => {
    const got = (await api.call('GET', '/calendar')).body;
    const r = await put('/calendar', { ...got, years: { '2031': { holidays: ['2030-05-01', '2031-10-01'], workdays: ['2031-10-01'] } } });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.error.issues.map((i: any) => i.path).sort(), ['years.2031.holidays.0', 'years.2031.workdays.0']);
  });

  it('of concurrent calendar writes naming the same version, exactly one wins', async () => {
    const etag = (await api.call('GET', '/calendar')).headers.get('etag')!;
    const results = await Promise.all(
      ['08:00', '08:15', '08:30', '08:45'].map((start) => put('/calendar', { officeHours: { start, end: '17:00' } }, { 'if-match': etag })),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 412, 412, 412]);
  });
});

describe('a case: ETag and If-None-Match', () => {
  it('GET answers an ETag; If-None-Match gives 304; a decision changes the ETag; a stranger still gets 404', async () => {
    await put(
      '/services/rmw-case',
      buildingServiceDefinition({ departments: [{ code: 'planning', name: '规划局', timeLimit: { duration: 'PT60S' } }] }),
    );
    const submitted = await api.call('POST', '/applications', { token: alice, body: applicationBody('rmw-case') });
    assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
    const { caseId } = submitted.body;
    await tasksOpen(api, caseId, 1);

    const first = await api.call('GET', `/applications/${caseId}`, { token: alice });
    assert.equal(first.status, 200);
    const etag = first.headers.get('etag')!;
    assert.match(etag, /^"[A-Za-z0-9_-]+"$/);
    const polled = await api.call('GET', `/applications/${caseId}`, { token: alice, headers: { 'if-none-match': etag } });
    assert.equal(polled.status, 304);
    assert.equal(polled.body, undefined);
    assert.equal(polled.headers.get('etag'), etag);
    assert.equal(
      (await api.call('GET', `/applications/${caseId}`, { token: alice, headers: { 'if-none-match': `"other", W/${etag}` } })).status,
      304,
    );

    const stranger = await api.call('GET', `/applications/${caseId}`, { token: bob, headers: { 'if-none-match': etag } });
    assert.equal(stranger.status, 404, 'who may see the case is decided before the ETag');

    const decided = await api.call('POST', `/applications/${caseId}/reviews/planning/decision`, {
      token: planning,
      body: { decision: 'APPROVE' },
    });
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    const after = await api.call('GET', `/applications/${caseId}`, { token: alice, headers: { 'if-none-match': etag } });
    assert.equal(after.status, 200, 'the decision changed what the applicant sees');
    assert.notEqual(after.headers.get('etag'), etag);
    assert.equal(after.body.reviews[0].status, 'APPROVED');
  });
});
