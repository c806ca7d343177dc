// The OpenAPI document and the routes agree: every route the manifest deploys has an
// operation generated from the contract its handler validates with, and nothing more; each
// handler imports its own route's contract alone (its bundle holds no other route's schemas).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { contract, openApiDocument } from '#http/contract.ts';
import { apiFunctions } from '../../infra/manifest.ts';

const root = resolve(import.meta.dirname, '../..');
const doc = openApiDocument('https://api.example');
const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));

describe('OpenAPI', () => {
  it('is OpenAPI 3.1 with an operation for every deployed route and none other', () => {
    assert.equal(doc.openapi, '3.1.0');
    assert.deepEqual(operations.sort(), apiFunctions.map((f) => f.route).sort());
    assert.deepEqual(Object.keys(contract).sort(), apiFunctions.map((f) => f.route).sort());
  });

  it('marks exactly the routes the gateway authorizes as needing a bearer token', () => {
    for (const f of apiFunctions) {
      const [method, path] = f.route.split(' ');
      const op = (doc.paths as any)[path][method.toLowerCase()];
      assert.deepEqual(op.security, f.auth ? [{ bearer: [] }] : [], f.route);
      assert.equal((contract as any)[f.route].auth, f.auth, f.route);
    }
  });

  it('each handler validates with its own route’s contract, the one the document is generated from', async () => {
    for (const f of apiFunctions) {
      let file = resolve(root, f.entry);
      let source = readFileSync(file, 'utf8');
      // a handler made by a route factory (the statistics) takes its contract where the factory is
      const factory = /import \{ \w+Route \} from '(\.\/[\w-]+\.ts)'/.exec(source);
      if (factory) source = readFileSync((file = resolve(dirname(file), factory[1])), 'utf8');
      const module = /import \{ contract \} from '#http\/(routes\/[\w-]+\.ts)'/.exec(source)?.[1];
      assert.ok(module, `${f.entry} imports its route's contract from #http/routes/…`);
      assert.ok(source.includes(`contract['${f.route}']`), `${f.entry} takes its schemas from contract['${f.route}']`);
      const own = (await import(`#http/${module}`)).contract as Record<string, unknown>;
      assert.equal(own[f.route], (contract as Record<string, unknown>)[f.route], `${module} holds the very contract of ${f.route}`);
    }
  });

  it('only GetOpenApi imports every route’s contract and the document generation', () => {
    const importers = [resolve(root, 'functions/handlers'), resolve(root, 'functions/http/routes'), resolve(root, 'functions/http')]
      .flatMap((dir) => readdirSync(dir).filter((n) => n.endsWith('.ts')).map((n) => resolve(dir, n)))
      .filter((file) => /from '(#http\/|\.\.?\/)contract\.ts'/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    assert.deepEqual(importers, ['functions/handlers/get-openapi.ts']);
  });

  it('documents bodies, path and query parameters from the zod schemas', () => {
    const submit = (doc.paths as any)['/applications'].post;
    const body = submit.requestBody.content['application/json'].schema;
    assert.deepEqual(body.required.sort(), ['applicant', 'form', 'materials', 'serviceCode']);
    assert.ok(submit.responses['202']);
    assert.ok(submit.responses['409']);
    const decision = (doc.paths as any)['/applications/{caseId}/reviews/{department}/decision'].post;
    assert.deepEqual(decision.parameters.map((p: any) => `${p.in}:${p.name}`), ['path:caseId', 'path:department']);
    assert.deepEqual(decision.requestBody.content['application/json'].schema.properties.decision.enum, ['APPROVE', 'REJECT', 'REQUEST_CORRECTION']);
    const list = (doc.paths as any)['/applications'].get;
    assert.ok(list.parameters.some((p: any) => p.in === 'query' && p.name === 'status' && p.required === false));
  });
  it('carries each schema’s rules: integer bounds and defaults, patterns, closed objects, the recursive rule', () => {
    const limit = (doc.paths as any)['/applications'].get.parameters.find((p: any) => p.name === 'limit');
    assert.deepEqual(limit.schema, { default: 20, type: 'integer', minimum: 1, maximum: 100 });
    const extension = (doc.paths as any)['/applications/{caseId}/reviews/{department}/extension'].post;
    assert.deepEqual(extension.parameters.map((p: any) => p.schema), [
      { type: 'string', minLength: 1, maxLength: 64 },
      { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
    ]);
    assert.deepEqual(extension.requestBody.content['application/json'].schema, {
      type: 'object',
      properties: { workingDays: { type: 'integer', minimum: 1, maximum: 60 }, reason: { type: 'string', minLength: 1, maxLength: 2000 } },
      required: ['workingDays', 'reason'],
      additionalProperties: false,
    });
    const service = (doc.paths as any)['/services/{code}'].put.requestBody.content['application/json'].schema;
    assert.deepEqual(service.properties.departments.items.properties.when, { $ref: '#/$defs/__schema0' });
    assert.deepEqual(service.$defs.__schema0.anyOf[0].properties.all.items, { $ref: '#/$defs/__schema0' });
    assert.deepEqual(service.properties.materials.default, []);
    const contacts = (doc.paths as any)['/departments/{code}'].put.requestBody.content['application/json'].schema;
    assert.equal(contacts.properties.emails.items.format, 'email');
  });
});
