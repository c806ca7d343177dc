// The OpenAPI document and the routes agree: every route the manifest deploys has an
// operation generated from the contract its handler validates with, and nothing more.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
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

  it('each handler validates with its route’s contract', () => {
    for (const f of apiFunctions) {
      const source = readFileSync(resolve(root, f.entry), 'utf8');
      const bound = source.includes(`contract['${f.route}']`) || /Route\(\)/.test(source);
      assert.ok(bound, `${f.entry} takes its schemas from contract['${f.route}']`);
    }
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
});
