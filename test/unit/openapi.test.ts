// The OpenAPI document and the routes agree: every route the manifest deploys has an
// operation generated from the contract its handler validates with, and nothing more; each
// handler imports its own route's contract alone (its bundle holds no other route's schemas).
// The document is valid (redocly lint with its recommended rules, swagger-parser), complete
// (named schemas, every status, headers, examples), and the committed client types are what
// it generates.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { promisify } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { contract, openApiDocument, statusesOf, type RouteKey } from '#http/contract.ts';
import { apiFunctions } from '../../infra/manifest.ts';
import { CLIENT_TYPES, clientTypes, REFRESH_COMMAND } from '../support/client-types.ts';

const root = resolve(import.meta.dirname, '../..');
const doc = openApiDocument('https://api.example');
const run = promisify(execFile);

/** A schema, following its `$ref` into components. */
const schemaOf = (s: any): any => (s.$ref ? (doc.components.schemas as any)[s.$ref.split('/').pop()] : s);
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
      if (factory) {
        file = resolve(dirname(file), factory[1]);
        source = readFileSync(file, 'utf8');
      }
      const module = /import \{ contract \} from '#http\/(routes\/[\w-]+\.ts)'/.exec(source)?.[1];
      assert.ok(module, `${f.entry} imports its route's contract from #http/routes/…`);
      assert.ok(source.includes(`contract['${f.route}']`), `${f.entry} takes its schemas from contract['${f.route}']`);
      const own = (await import(/* @vite-ignore */ `#http/${module}`)).contract as Record<string, unknown>;
      assert.equal(own[f.route], (contract as Record<string, unknown>)[f.route], `${module} holds the very contract of ${f.route}`);
    }
  });

  it('only GetOpenApi imports every route’s contract and the document generation', () => {
    const importers = [resolve(root, 'functions/handlers'), resolve(root, 'functions/http/routes'), resolve(root, 'functions/http')]
      .flatMap((dir) =>
        readdirSync(dir)
          .filter((n) => n.endsWith('.ts'))
          .map((n) => resolve(dir, n)),
      )
      .filter((file) => /from '(#http\/|\.\.?\/)contract\.ts'/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    assert.deepEqual(importers, ['functions/handlers/get-openapi.ts']);
    const sources = readdirSync(resolve(root, 'functions'), { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.ts'));
    const componentImporters = sources.filter((n) =>
      /from '(#http\/|\.\.?\/)components\.ts'/.test(readFileSync(resolve(root, 'functions', n), 'utf8')),
    );
    assert.deepEqual(componentImporters, ['http/contract.ts'], 'the shared parts of the document are imported by its generator alone');
    const documentOnly = readdirSync(resolve(root, 'functions'), { recursive: true, encoding: 'utf8' })
      .filter((n) => n.endsWith('.ts'))
      .filter((n) => /from '(#http\/|\.\.?\/)(responses|examples)\.ts'/.test(readFileSync(resolve(root, 'functions', n), 'utf8')));
    assert.deepEqual(
      documentOnly.sort(),
      ['http/components.ts', 'http/contract.ts'],
      'the response schemas and examples are bundled with the document alone',
    );
  });

  it('documents bodies, path and query parameters from the zod schemas', () => {
    const submit = (doc.paths as any)['/applications'].post;
    const body = schemaOf(submit.requestBody.content['application/json'].schema);
    assert.deepEqual(body.required.sort(), ['applicant', 'form', 'materials', 'serviceCode']);
    assert.ok(submit.responses['202']);
    assert.ok(submit.responses['409']);
    const decision = (doc.paths as any)['/applications/{caseId}/reviews/{department}/decision'].post;
    assert.deepEqual(
      decision.parameters.map((p: any) => `${p.in}:${p.name}`),
      ['path:caseId', 'path:department'],
    );
    assert.deepEqual(
      submit.parameters.map((p: any) => `${p.in}:${p.name}`),
      ['header:Idempotency-Key'],
    );
    assert.deepEqual(schemaOf(decision.requestBody.content['application/json'].schema).properties.decision.enum, [
      'APPROVE',
      'REJECT',
      'REQUEST_CORRECTION',
    ]);
    const list = (doc.paths as any)['/applications'].get;
    assert.ok(list.parameters.some((p: any) => p.in === 'query' && p.name === 'status' && p.required === false));
  });
  it('carries each schema’s rules: integer bounds and defaults, patterns, closed objects, the recursive rule', () => {
    const limit = (doc.paths as any)['/applications'].get.parameters.find((p: any) => p.name === 'limit');
    assert.deepEqual(limit.schema, { default: 20, type: 'integer', minimum: 1, maximum: 100 });
    const extension = (doc.paths as any)['/applications/{caseId}/reviews/{department}/extension'].post;
    assert.deepEqual(
      extension.parameters.map((p: any) => p.schema),
      [
        { type: 'string', minLength: 1, maxLength: 64 },
        { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
      ],
    );
    assert.deepEqual(extension.requestBody.content['application/json'].schema, { $ref: '#/components/schemas/Extension' });
    assert.deepEqual(schemaOf(extension.requestBody.content['application/json'].schema), {
      type: 'object',
      properties: { workingDays: { type: 'integer', minimum: 1, maximum: 60 }, reason: { type: 'string', minLength: 1, maxLength: 2000 } },
      required: ['workingDays', 'reason'],
      additionalProperties: false,
    });
    const service = schemaOf((doc.paths as any)['/services/{code}'].put.requestBody.content['application/json'].schema);
    assert.deepEqual(service.properties.departments.items.properties.when, { $ref: '#/components/schemas/Rule' });
    const rule = (doc.components.schemas as any).Rule;
    assert.deepEqual(rule.anyOf[0].properties.all.items, { $ref: '#/components/schemas/Rule' });
    assert.deepEqual(rule.anyOf[1].properties.any.items, { $ref: '#/components/schemas/Rule' });
    assert.deepEqual(service.properties.materials.default, []);
    assert.ok(!service.required.includes('materials'), 'a request may leave out what has a default');
    const served = (doc.components.schemas as any).Service;
    assert.ok(served.required.includes('materials') && served.required.includes('code'), 'a response has its defaults applied');
    const contacts = schemaOf((doc.paths as any)['/departments/{code}'].put.requestBody.content['application/json'].schema);
    assert.equal(contacts.properties.emails.items.format, 'email');
  });

  it('names every operation in camelCase, once, as its route contract does', () => {
    const ids = Object.values(doc.paths).flatMap((ops: any) => Object.values(ops).map((op: any) => op.operationId));
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z][a-zA-Z]*$/);
    assert.equal((doc.paths as any)['/applications'].post.operationId, 'submitApplication');
    assert.equal((doc.paths as any)['/applications/{caseId}/reviews/{department}/decision'].post.operationId, 'decideReview');
    for (const [key, route] of Object.entries(contract)) {
      const [method, path] = key.split(' ');
      assert.equal((doc.paths as any)[path][method.toLowerCase()].operationId, route.operationId, key);
    }
  });

  it('every $ref resolves, and no schema keeps local $defs (each is a named component)', () => {
    const text = JSON.stringify(doc);
    assert.equal(text.includes('$defs'), false);
    for (const [, target] of text.matchAll(/"\$ref":"#\/([^"]+)"/g)) {
      const node = target.split('/').reduce((n: any, k) => n?.[k], doc);
      assert.ok(node, `#/${target} resolves`);
    }
    for (const name of [
      'Rule',
      'TimeLimit',
      'Field',
      'Service',
      'ServiceDefinition',
      'Application',
      'Receipt',
      'Case',
      'Review',
      'ReviewTask',
      'CaseSummary',
      'Error',
      'Calendar',
      'Audit',
    ])
      assert.ok(name in doc.components.schemas, name);
  });

  it('declares every status a route answers, each with a schema: the view on success, the error envelope otherwise', () => {
    for (const [path, ops] of Object.entries(doc.paths) as [string, any][])
      for (const [method, op] of Object.entries(ops) as [string, any][]) {
        const key = `${method.toUpperCase()} ${path}` as RouteKey;
        assert.deepEqual(Object.keys(op.responses).map(Number).sort(), [...statusesOf(key)].sort(), key);
        for (const [status, response] of Object.entries(op.responses) as [string, any][]) {
          const r = response.$ref ? (doc.components.responses as any)[response.$ref.split('/').pop()] : response;
          if (status === '304') {
            assert.equal(r.content, undefined, `${key} 304 has no body`);
            continue;
          }
          const schema = r.content['application/json'].schema;
          if (Number(status) < 300) assert.match(schema.$ref, /^#\/components\/schemas\/[A-Z]\w+$/, `${key} ${status}`);
          else
            assert.ok(
              schema.$ref === '#/components/schemas/Error' || schema.anyOf?.[0].$ref === '#/components/schemas/Error',
              `${key} ${status}`,
            );
        }
        assert.ok(op.responses['429'] && op.responses['500'], `${key}: throttling and failure are declared`);
        if (op.security.length) assert.ok(op.responses['401'], `${key}: a protected route answers 401`);
        if (op.requestBody) assert.ok(op.responses['400'] && op.responses['413'] && op.responses['415'], `${key}: a body can be refused`);
      }
    const decision = (doc.paths as any)['/applications/{caseId}/reviews/{department}/decision'].post;
    assert.deepEqual(Object.keys(decision.responses), ['200', '400', '401', '403', '404', '409', '413', '415', '429', '500']);
    assert.equal(decision.responses['200'].content['application/json'].schema.$ref, '#/components/schemas/Review');
    assert.equal(
      (doc.paths as any)['/applications'].post.responses['202'].content['application/json'].schema.$ref,
      '#/components/schemas/Receipt',
    );
    assert.equal((doc.paths as any)['/health'].get.responses['400'], undefined, 'a route that reads no input is never 400');
  });

  it('declares the headers: Idempotency-Key, If-Match with 412, If-None-Match with 304, ETag, Retry-After', () => {
    const header = (op: any, name: string) => op.parameters.find((p: any) => p.in === 'header' && p.name === name);
    const submit = (doc.paths as any)['/applications'].post;
    assert.deepEqual(header(submit, 'Idempotency-Key').schema, { type: 'string', minLength: 1, maxLength: 255 });
    // A PUT takes If-Match only where there is a version to name: it answers an ETag. A
    // department's contacts have no version (and no GET), so their PUT takes none.
    const puts = Object.entries(doc.paths).flatMap(([p, ops]: [string, any]) => (ops.put ? [[p, ops.put]] : []));
    for (const [path, op] of puts) {
      const versioned = path !== '/departments/{code}';
      assert.equal(Boolean(header(op, 'If-Match')), versioned, `PUT ${path} takes If-Match: ${versioned}`);
      assert.equal(Boolean(op.responses['412']), versioned, `PUT ${path} may answer 412: ${versioned}`);
      assert.equal(Boolean(op.responses['200'].headers?.ETag), versioned, `PUT ${path} answers an ETag: ${versioned}`);
    }
    const getCase = (doc.paths as any)['/applications/{caseId}'].get;
    assert.ok(header(getCase, 'If-None-Match'));
    assert.ok(getCase.responses['304'].headers.ETag);
    for (const path of ['/applications/{caseId}', '/services/{code}', '/calendar'])
      assert.ok((doc.paths as any)[path].get.responses['200'].headers.ETag, `GET ${path} answers an ETag`);
    assert.deepEqual((doc.components.responses as any).TooManyRequests.headers['Retry-After'].schema, { type: 'integer', minimum: 1 });
  });

  it('protects operations with a bearer JWT scheme; has a license that agrees with package.json, and servers', () => {
    assert.deepEqual((doc.components.securitySchemes as any).bearer, {
      ...(doc.components.securitySchemes as any).bearer,
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    assert.equal(JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).license, 'UNLICENSED');
    assert.match(doc.info.license.name, /^Proprietary/);
    assert.deepEqual(
      doc.servers.map((s) => s.url),
      ['https://api.example', 'http://127.0.0.1:3000', 'https://{apiId}.execute-api.{region}.amazonaws.com'],
    );
    assert.deepEqual(
      openApiDocument('http://127.0.0.1:3000').servers.map((s) => s.url),
      ['http://127.0.0.1:3000', 'https://{apiId}.execute-api.{region}.amazonaws.com'],
    );
  });

  it('has examples for the main operations, each valid by its own schema', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    ajv.addSchema(doc, 'doc');
    const checked: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths) as [string, any][])
      for (const [method, op] of Object.entries(ops) as [string, any][]) {
        const media = [
          ...(op.requestBody ? [['request', op.requestBody.content['application/json']]] : []),
          ...Object.entries(op.responses).map(([status, r]: [string, any]) => [status, r.content?.['application/json']]),
        ].filter(([, m]) => m?.examples);
        for (const [where, m] of media)
          for (const [name, { value }] of Object.entries(m.examples) as [string, any][]) {
            const validate = ajv.compile({ $ref: `doc#/components/schemas/${m.schema.$ref.split('/').pop()}` });
            assert.ok(validate(value), `${method} ${path} ${where} example ${name}: ${JSON.stringify(validate.errors)}`);
            checked.push(`${method} ${path} ${where}`);
          }
      }
    for (const expected of [
      'put /services/{code} request',
      'put /services/{code} 200',
      'post /applications request',
      'post /applications 202',
      'post /applications/{caseId}/reviews/{department}/decision request',
      'post /applications/{caseId}/reviews/{department}/decision 200',
      'get /applications/{caseId} 200',
    ])
      assert.ok(checked.includes(expected), `an example for ${expected}`);
  });
});

describe('OpenAPI validators', () => {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(doc, null, 2));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('redocly lint, recommended rules: no error, no warning', async () => {
    const cli = resolve(root, 'node_modules/@redocly/cli/bin/cli.js');
    // offline: no usage data sent, no update check
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
    const { stdout } = await run(process.execPath, [cli, 'lint', '--extends=recommended', '--format=json', file], {
      cwd: dir,
      env,
      maxBuffer: 16 << 20,
    }).catch((err) => err);
    const report = JSON.parse(stdout.slice(stdout.indexOf('{')));
    const problems = report.problems.map((p: any) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer}`);
    assert.deepEqual(problems, []);
    assert.deepEqual(report.totals, { errors: 0, warnings: 0, ignored: 0 });
  });

  it('swagger-parser validates it (OpenAPI 3.1 schema and $refs)', async () => {
    await SwaggerParser.validate(structuredClone(doc) as never);
  });

  it('redocly lint finds what is wrong (the check can fail)', async () => {
    const broken = structuredClone(doc) as any;
    broken.paths['/health'].get.operationId = 'GET /health';
    broken.paths['/services/{code}'].put.requestBody.content['application/json'].schema = { $ref: '#/$defs/__schema0' };
    const bad = join(dir, 'broken.json');
    writeFileSync(bad, JSON.stringify(broken));
    const cli = resolve(root, 'node_modules/@redocly/cli/bin/cli.js');
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
    const { stdout } = await run(process.execPath, [cli, 'lint', '--extends=recommended', '--format=json', bad], {
      cwd: dir,
      env,
      maxBuffer: 16 << 20,
    }).catch((err) => err);
    const report = JSON.parse(stdout.slice(stdout.indexOf('{')));
    assert.ok(report.totals.errors >= 2, JSON.stringify(report.totals));
    await assert.rejects(SwaggerParser.validate(broken));
  });

  it(`the committed client types (infra/console/src/openapi.d.ts) are what openapi-typescript makes of it; refresh with ${REFRESH_COMMAND}`, async () => {
    const committed = readFileSync(CLIENT_TYPES, 'utf8');
    assert.ok(
      committed === (await clientTypes()),
      `infra/console/src/openapi.d.ts is out of date with the OpenAPI document: run \`${REFRESH_COMMAND}\` and commit it`,
    );
  });
});
