// The service catalogue's routes (list, read, create or replace), driven through their HTTP
// handlers against the in-memory catalogue: versions and their ETags, If-None-Match and
// If-Match, and who may write.
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { MemoryCatalogue } from '#adapters/memory-catalogue.ts';
import { getServiceRoute } from '../../../functions/handlers/get-service.ts';
import { listServicesRoute } from '../../../functions/handlers/list-services.ts';
import { putServiceRoute } from '../../../functions/handlers/put-service.ts';
import { callRoute } from '../../support/memory-runtime.ts';
import { ADMIN, buildingService, buildingServiceDefinition, shopService } from '../../support/fixtures.ts';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

function setUp(services = [buildingService(), shopService()]) {
  const catalogue = new MemoryCatalogue(services);
  const list = () => callRoute(listServicesRoute(catalogue), { route: 'GET /services' });
  const get = (code: string, headers: Record<string, string> = {}) =>
    callRoute(getServiceRoute(catalogue), { route: 'GET /services/{code}', params: { code }, headers });
  const put = (code: string, body: unknown, headers: Record<string, string> = {}, caller: { sub: string; groups: string[] } = ADMIN) =>
    callRoute(putServiceRoute(catalogue), { route: 'PUT /services/{code}', params: { code }, body, headers, caller });
  return { catalogue, list, get, put };
}

describe('GET /services', () => {
  it('lists every service by code, each with its version, to anyone', async () => {
    const t = setUp([shopService(), { ...buildingService(), version: 4 }]);
    const res = await t.list();
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.items.map((s: { code: string; version: number }) => [s.code, s.version]),
      [
        ['building-permit', 4],
        ['food-shop', 1],
      ],
    );
    assert.equal(res.body.items[0].departments.length, 3);
  });

  it('an empty catalogue is an empty list', async () => {
    const res = await setUp([]).list();
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { items: [] });
  });
});

describe('GET /services/{code}', () => {
  it('answers the service with its version as ETag, and 304 without a body to that ETag (weak or strong)', async () => {
    const t = setUp();
    const res = await t.get('building-permit');
    assert.equal(res.status, 200);
    assert.equal(res.body.name, buildingService().name);
    assert.equal(res.headers.etag, '"1"');
    for (const tag of ['"1"', 'W/"1"', '"7", "1"', '*']) {
      const again = await t.get('building-permit', { 'if-none-match': tag });
      assert.equal(again.status, 304, tag);
      assert.equal(again.body, undefined);
      assert.equal(again.headers.etag, '"1"');
    }
    assert.equal((await t.get('building-permit', { 'if-none-match': '"2"' })).status, 200);
  });

  it('a service written before versions were kept is version 0', async () => {
    const res = await setUp([{ ...buildingService(), version: 0 }]).get('building-permit');
    assert.equal(res.status, 200);
    assert.equal(res.body.version, 0);
    assert.equal(res.headers.etag, '"0"');
  });

  it('an unknown service is 404; a code that is not one is 400 at path.code; a malformed If-None-Match is 400', async () => {
    const t = setUp();
    const missing = await t.get('no-such-service');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'NOT_FOUND');
    const bad = await t.get('Building_Permit');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.issues[0].path, 'path.code');
    const header = await t.get('building-permit', { 'if-none-match': 'abc' });
    assert.equal(header.status, 400);
    assert.equal(header.body.error.issues[0].path, 'headers.if-none-match');
  });
});

describe('PUT /services/{code}', () => {
  it('creates a service at version 1 with its ETag; it is then served as written', async () => {
    const t = setUp([]);
    const res = await t.put('building', buildingServiceDefinition());
    assert.equal(res.status, 200);
    assert.equal(res.body.code, 'building');
    assert.equal(res.body.version, 1);
    assert.ok(Date.parse(res.body.updatedAt));
    assert.equal(res.headers.etag, '"1"');
    const read = await t.get('building');
    assert.deepEqual(read.body, res.body);
    assert.equal(read.headers.etag, '"1"');
  });

  it('replaces what was read (If-Match its ETag); a second writer naming the same version gets 412 and changes nothing', async () => {
    const t = setUp([]);
    await t.put('building', buildingServiceDefinition());
    const read = await t.get('building');
    const first = await t.put('building', { ...read.body, name: 'first' }, { 'if-match': read.headers.etag as string });
    assert.equal(first.status, 200);
    assert.equal(first.body.version, 2);
    assert.equal(first.headers.etag, '"2"');
    const second = await t.put('building', { ...read.body, name: 'second' }, { 'if-match': read.headers.etag as string });
    assert.equal(second.status, 412);
    assert.equal(second.body.error.code, 'PRECONDITION_FAILED');
    assert.equal((await t.get('building')).body.name, 'first');
  });

  it('takes the service as GET returns it (code, version and updatedAt included); the version is the server’s', async () => {
    const t = setUp();
    const read = await t.get('building-permit');
    const res = await t.put('building-permit', { ...read.body, version: 99, updatedAt: '1999-01-01T00:00:00Z' });
    assert.equal(res.status, 200);
    assert.equal(res.body.version, 2);
    assert.notEqual(res.body.updatedAt, '1999-01-01T00:00:00Z');
  });

  it('If-Match * replaces a service that exists and refuses to create one (412)', async () => {
    const t = setUp();
    assert.equal((await t.put('building-permit', buildingServiceDefinition(), { 'if-match': '*' })).status, 200);
    const res = await t.put('new-service', buildingServiceDefinition(), { 'if-match': '*' });
    assert.equal(res.status, 412);
    assert.match(res.body.error.message, /does not exist/);
    assert.equal((await t.get('new-service')).status, 404);
  });

  it('If-Match naming no version of ours (a weak tag, another tag) is 412; "0" names a service written before versions', async () => {
    const t = setUp([{ ...buildingService(), version: 0 }]);
    for (const tag of ['W/"0"', '"abc"', '"1"']) {
      const res = await t.put('building-permit', buildingServiceDefinition(), { 'if-match': tag });
      assert.equal(res.status, 412, tag);
    }
    const res = await t.put('building-permit', buildingServiceDefinition(), { 'if-match': '"0"' });
    assert.equal(res.status, 200);
    assert.equal(res.body.version, 1);
  });

  it('a body naming another code than the path is 400 at code; an invalid body names the field', async () => {
    const t = setUp([]);
    const other = await t.put('building', { ...buildingServiceDefinition(), code: 'other' });
    assert.equal(other.status, 400);
    assert.deepEqual(
      other.body.error.issues.map((i: { path: string }) => i.path),
      ['code'],
    );
    const twice = await t.put('building', {
      ...buildingServiceDefinition(),
      departments: [buildingServiceDefinition().departments[0], buildingServiceDefinition().departments[0]],
    });
    assert.equal(twice.status, 400);
    assert.ok(twice.body.error.issues.some((i: { path: string }) => i.path === 'departments.1.code'));
    const { name: _name, ...nameless } = buildingServiceDefinition();
    const missing = await t.put('building', nameless);
    assert.equal(missing.status, 400);
    assert.ok(missing.body.error.issues.some((i: { path: string }) => i.path === 'name'));
    assert.equal(t.catalogue.services.size, 0, 'nothing was written');
  });

  it('only admins may write: 401 without a token, 403 to anyone else, and nothing is written', async () => {
    const t = setUp([]);
    const anonymous = await callRoute(putServiceRoute(t.catalogue), {
      route: 'PUT /services/{code}',
      params: { code: 'building' },
      body: buildingServiceDefinition(),
    });
    assert.equal(anonymous.status, 401);
    for (const groups of [['applicants'], ['reviewers-planning']]) {
      const res = await t.put('building', buildingServiceDefinition(), {}, { sub: 'someone', groups });
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, 'FORBIDDEN');
    }
    assert.equal(t.catalogue.services.size, 0);
  });
});
