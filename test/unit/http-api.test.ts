// The shared HTTP wrapper, driven with hand-built HTTP API v2 events. No AWS.
import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from '#core/zod.ts';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
const { httpRoute, principalOf, MAX_BODY_BYTES, toResponse } = await import('#http/api.ts');
const { DomainError, alreadySettled, notFound } = await import('#core/errors.ts');
const { applicationSchema, listApplicationsQuerySchema } = await import('#core/schemas.ts');
const { isApplicant } = await import('#core/access.ts');
const { application } = await import('../support/fixtures.ts');

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
const context = { getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

function event(opts: {
  method?: string;
  path?: string;
  claims?: Record<string, string | number | boolean | string[]>;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  query?: Record<string, string>;
  params?: Record<string, string>;
}): Event {
  const method = opts.method ?? 'POST';
  const path = opts.path ?? '/applications';
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(opts.query ?? {}).toString(),
    headers: opts.headers ?? {},
    ...(opts.query ? { queryStringParameters: opts.query } : {}),
    ...(opts.params ? { pathParameters: opts.params } : {}),
    ...(opts.body !== undefined ? { body: opts.body } : {}),
    isBase64Encoded: opts.isBase64Encoded ?? false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'req-1',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '05/Jan/2026:02:00:00 +0000',
      timeEpoch: 1767578400000,
      authorizer: opts.claims ? { principalId: '', integrationLatency: 0, jwt: { claims: opts.claims, scopes: [] } } : (undefined as never),
    },
  } as Event;
}

const applicantClaims = { sub: 'sub-alice', 'cognito:groups': '[applicants]' };
const reviewerClaims = { sub: 'sub-li', 'cognito:groups': '[reviewers-fire]' };
const JSON_HEADERS = { 'Content-Type': 'application/json' };

async function call(handler: (e: Event, c: Context) => Promise<unknown>, e: Event) {
  const res = (await handler(e, context)) as APIGatewayProxyStructuredResultV2;
  const body = res.body ? JSON.parse(res.body) : undefined;
  return { status: res.statusCode, headers: res.headers ?? {}, body, raw: res.body ?? '' };
}

/** A submit-like route: applicants only, body validated by the application schema. Records what ran. */
function submitRoute() {
  const seen: { body?: unknown; principal?: unknown }[] = [];
  const handler = httpRoute(
    { auth: true, allow: { who: 'applicants', test: isApplicant }, body: applicationSchema },
    async ({ body, principal }) => {
      seen.push({ body, principal });
      return { status: 202, body: { echo: body, sub: principal.sub } };
    },
  );
  return { handler, seen };
}

describe('principalOf', () => {
  it('parses groups as the HTTP API JWT authorizer hands them over: "[a b]"', () => {
    assert.deepEqual(principalOf(event({ claims: { sub: 's', 'cognito:groups': '[applicants reviewers-fire]' } })), {
      sub: 's',
      groups: ['applicants', 'reviewers-fire'],
    });
  });
  it('parses a real array, a single group without brackets, and comma-separated groups', () => {
    assert.deepEqual(principalOf(event({ claims: { sub: 's', 'cognito:groups': ['admins', 'reviewers-fire'] } }))?.groups, [
      'admins',
      'reviewers-fire',
    ]);
    assert.deepEqual(principalOf(event({ claims: { sub: 's', 'cognito:groups': 'admins' } }))?.groups, ['admins']);
    assert.deepEqual(principalOf(event({ claims: { sub: 's', 'cognito:groups': '[admins, applicants]' } }))?.groups, [
      'admins',
      'applicants',
    ]);
  });
  it('no groups claim, or "[]", is no groups', () => {
    assert.deepEqual(principalOf(event({ claims: { sub: 's' } })), { sub: 's', groups: [] });
    assert.deepEqual(principalOf(event({ claims: { sub: 's', 'cognito:groups': '[]' } }))?.groups, []);
  });
  it('no claims, or no sub, is no principal', () => {
    assert.equal(principalOf(event({})), undefined);
    assert.equal(principalOf(event({ claims: { 'cognito:groups': '[admins]' } })), undefined);
  });
});

describe('httpRoute: authentication and roles', () => {
  it('an auth route without claims answers 401 UNAUTHENTICATED as { error: { code, message } }', async () => {
    const { handler, seen } = submitRoute();
    const res = await call(handler, event({ headers: JSON_HEADERS, body: JSON.stringify(application()) }));
    assert.equal(res.status, 401);
    assert.deepEqual(Object.keys(res.body), ['error']);
    assert.equal(res.body.error.code, 'UNAUTHENTICATED');
    assert.equal(typeof res.body.error.message, 'string');
    assert.ok(res.body.error.message.length > 0);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.equal(seen.length, 0);
  });

  it('an allow refusal answers 403 FORBIDDEN before the body is validated', async () => {
    const { handler, seen } = submitRoute();
    // the body would fail validation: the 403 must come first, with no issues
    const res = await call(handler, event({ claims: reviewerClaims, headers: JSON_HEADERS, body: JSON.stringify({ serviceCode: 1 }) }));
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'FORBIDDEN');
    assert.equal(res.body.error.issues, undefined);
    assert.equal(seen.length, 0);
  });

  // RouteOptions.allow is documented as "Role check before anything is parsed", but the JSON
  // body parser runs as middleware before the handler that checks the role, so a caller
  // without the role learns about the body's syntax (400) instead of being refused (403).
  it('an allow refusal answers 403 even when the body is not JSON ("role check before anything is parsed")', async () => {
    const { handler } = submitRoute();
    const res = await call(handler, event({ claims: reviewerClaims, headers: JSON_HEADERS, body: '{not json' }));
    assert.equal(res.status, 403, `got ${res.status} ${res.raw}`);
  });

  it('a caller with the role gets through, with the parsed principal', async () => {
    const { handler, seen } = submitRoute();
    const res = await call(
      handler,
      event({
        claims: { sub: 'sub-alice', 'cognito:groups': '[reviewers-fire applicants]' },
        headers: JSON_HEADERS,
        body: JSON.stringify(application()),
      }),
    );
    assert.equal(res.status, 202);
    assert.deepEqual(seen[0].principal, { sub: 'sub-alice', groups: ['reviewers-fire', 'applicants'] });
  });

  it('a public route runs without claims', async () => {
    const handler = httpRoute({ auth: false }, async ({ principal }) => ({ body: { status: 'ok', principal: principal ?? null } }));
    const res = await call(handler, event({ method: 'GET', path: '/health' }));
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: 'ok', principal: null });
  });
});

describe('httpRoute: body handling', () => {
  it('malformed JSON answers 400 VALIDATION_FAILED with an issue at body', async () => {
    const { handler, seen } = submitRoute();
    const res = await call(handler, event({ claims: applicantClaims, headers: JSON_HEADERS, body: '{"serviceCode": "building-permit",' }));
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    assert.deepEqual(
      res.body.error.issues.map((i: { path: string }) => i.path),
      ['body'],
    );
    assert.equal(seen.length, 0);
  });

  it('a body with a forbidden __proto__ key is a 400, not a 500', async () => {
    const { handler } = submitRoute();
    const res = await call(handler, event({ claims: applicantClaims, headers: JSON_HEADERS, body: '{"__proto__": {"admin": true}}' }));
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'VALIDATION_FAILED');
  });

  it('a body with the wrong content-type answers 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const { handler, seen } = submitRoute();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await call(
        handler,
        event({ claims: applicantClaims, headers: { 'content-type': type }, body: JSON.stringify(application()) }),
      );
      assert.equal(res.status, 415, type);
      assert.equal(res.body.error.code, 'UNSUPPORTED_MEDIA_TYPE');
    }
    assert.equal(seen.length, 0);
  });

  it('accepts JSON with a charset, in any header case', async () => {
    const { handler } = submitRoute();
    const res = await call(
      handler,
      event({
        claims: applicantClaims,
        headers: { 'CONTENT-TYPE': 'application/json; charset=utf-8' },
        body: JSON.stringify(application()),
      }),
    );
    assert.equal(res.status, 202);
  });

  it('a body over 1 MiB answers 413 PAYLOAD_TOO_LARGE, counting bytes, not characters', async () => {
    const { handler, seen } = submitRoute();
    // 400 000 Chinese characters are 1 200 000 UTF-8 bytes, though only 400 000 UTF-16 units
    const big = JSON.stringify({ ...application(), form: { notes: '中'.repeat(400_000) } });
    assert.ok(big.length < MAX_BODY_BYTES && Buffer.byteLength(big) > MAX_BODY_BYTES);
    const res = await call(handler, event({ claims: applicantClaims, headers: JSON_HEADERS, body: big }));
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, 'PAYLOAD_TOO_LARGE');
    assert.equal(seen.length, 0);
  });

  it('a base64 body is measured decoded: just under 1 MiB passes the size check', async () => {
    const { handler } = submitRoute();
    const json = JSON.stringify({ ...application(), form: { notes: 'x'.repeat(MAX_BODY_BYTES - 1000) } });
    assert.ok(Buffer.byteLength(json) <= MAX_BODY_BYTES);
    const encoded = Buffer.from(json).toString('base64'); // longer than 1 MiB as text
    const res = await call(handler, event({ claims: applicantClaims, headers: JSON_HEADERS, body: encoded, isBase64Encoded: true }));
    assert.equal(res.status, 202);
  });

  it('a zod failure answers 400 with issue paths as the client wrote them (no body. prefix)', async () => {
    const { handler, seen } = submitRoute();
    const body = application() as unknown as { applicant: Record<string, unknown> };
    delete body.applicant.name;
    const res = await call(handler, event({ claims: applicantClaims, headers: JSON_HEADERS, body: JSON.stringify(body) }));
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    assert.deepEqual(
      res.body.error.issues.map((i: { path: string }) => i.path),
      ['applicant.name'],
    );
    assert.equal(seen.length, 0);
  });

  it('a body that is JSON but not an object has its issue at body', async () => {
    const { handler } = submitRoute();
    const res = await call(handler, event({ claims: applicantClaims, headers: JSON_HEADERS, body: '[1,2]' }));
    assert.equal(res.status, 400);
    assert.deepEqual(
      res.body.error.issues.map((i: { path: string }) => i.path),
      ['body'],
    );
  });

  it('Chinese text in a JSON body round-trips', async () => {
    const { handler, seen } = submitRoute();
    const input = { ...application(), form: { projectName: '浦东新区张江科学城实验楼 🏢', floorArea: 250 } };
    const res = await call(handler, event({ claims: applicantClaims, headers: JSON_HEADERS, body: JSON.stringify(input) }));
    assert.equal(res.status, 202);
    assert.deepEqual(seen[0].body, input);
    assert.deepEqual(res.body.echo, input);
    assert.equal(res.body.echo.applicant.name, '张三');
    assert.match(String(res.headers['content-type']), /charset=utf-8/);
  });

  it('Chinese text in a base64-encoded body round-trips', async () => {
    const { handler, seen } = submitRoute();
    const input = application();
    const res = await call(
      handler,
      event({
        claims: applicantClaims,
        headers: JSON_HEADERS,
        body: Buffer.from(JSON.stringify(input)).toString('base64'),
        isBase64Encoded: true,
      }),
    );
    assert.equal(res.status, 202);
    assert.equal((seen[0].body as typeof input).applicant.name, '张三');
  });
});

describe('httpRoute: query and path', () => {
  const listRoute = () =>
    httpRoute(
      { auth: true, query: listApplicationsQuerySchema, params: z.object({ caseId: z.string().check(z.minLength(26), z.maxLength(26)) }) },
      async ({ query, params }) => ({
        body: { query, params },
      }),
    );

  it('a bad query parameter answers 400 with an issue at query.limit', async () => {
    const res = await call(
      listRoute(),
      event({ method: 'GET', claims: applicantClaims, query: { limit: 'lots' }, params: { caseId: 'X'.repeat(26) } }),
    );
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'VALIDATION_FAILED');
    assert.deepEqual(
      res.body.error.issues.map((i: { path: string }) => i.path),
      ['query.limit'],
    );
  });

  it('a bad path parameter answers 400 with an issue at path.caseId', async () => {
    const res = await call(listRoute(), event({ method: 'GET', claims: applicantClaims, params: { caseId: 'short' } }));
    assert.equal(res.status, 400);
    assert.deepEqual(
      res.body.error.issues.map((i: { path: string }) => i.path),
      ['path.caseId'],
    );
  });

  it('valid query strings are coerced and defaulted', async () => {
    const res = await call(
      listRoute(),
      event({ method: 'GET', claims: applicantClaims, query: { limit: '7' }, params: { caseId: 'X'.repeat(26) } }),
    );
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.query, { limit: 7 });
    const none = await call(listRoute(), event({ method: 'GET', claims: applicantClaims, params: { caseId: 'X'.repeat(26) } }));
    assert.deepEqual(none.body.query, { limit: 20 });
  });
});

describe('httpRoute: error mapping', () => {
  const throwing = (err: unknown) =>
    httpRoute({ auth: true }, async () => {
      throw err;
    });
  const get = (h: ReturnType<typeof throwing>) => call(h, event({ method: 'GET', claims: applicantClaims }));

  it('DomainError NOT_FOUND → 404', async () => {
    const res = await get(throwing(notFound('case 01ABC')));
    assert.equal(res.status, 404);
    assert.deepEqual(res.body, { error: { code: 'NOT_FOUND', message: 'case 01ABC not found' } });
  });

  it('REVIEW_ALREADY_SETTLED → 409 with settledAs and settledAt in the error body', async () => {
    const res = await get(throwing(alreadySettled('fire', 'DEEMED_APPROVED', '2026-01-05T02:00:30.000Z')));
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'REVIEW_ALREADY_SETTLED');
    assert.equal(res.body.error.settledAs, 'DEEMED_APPROVED');
    assert.equal(res.body.error.settledAt, '2026-01-05T02:00:30.000Z');
  });

  it('CONFLICT and IDEMPOTENCY_KEY_REUSED → 409, FORBIDDEN → 403', async () => {
    assert.equal((await get(throwing(new DomainError('CONFLICT', 'x')))).status, 409);
    assert.equal((await get(throwing(new DomainError('IDEMPOTENCY_KEY_REUSED', 'x')))).status, 409);
    assert.equal((await get(throwing(new DomainError('FORBIDDEN', 'x')))).status, 403);
  });

  it('an unexpected Error → 500 whose body does not contain the error message', async () => {
    const secret = 'connect ECONNREFUSED 10.0.3.7:8000 table one-stop-prod';
    const res = await get(throwing(new Error(secret)));
    assert.equal(res.status, 500);
    assert.equal(typeof res.body.error.code, 'string');
    assert.equal(res.raw.includes('ECONNREFUSED'), false);
    assert.equal(res.raw.includes('one-stop-prod'), false);
    assert.equal(res.raw.includes('stack'), false);
  });

  it('a thrown non-Error is a 500 too', async () => {
    const res = await get(throwing('just a string'));
    assert.equal(res.status, 500);
    assert.equal(res.raw.includes('just a string'), false);
  });

  it('an error that happens to carry statusCode 400 but is not about JSON is not reported as malformed JSON', () => {
    const res = toResponse(Object.assign(new Error('upstream said no'), { statusCode: 400 })) as APIGatewayProxyStructuredResultV2;
    assert.equal(res.statusCode, 500);
  });

  it("the reply status and headers are the handler's", async () => {
    const handler = httpRoute({ auth: false }, async () => ({ status: 201, body: { ok: true }, headers: { location: '/x' } }));
    const res = await call(handler, event({ method: 'GET' }));
    assert.equal(res.status, 201);
    assert.equal(res.headers.location, '/x');
    assert.match(String(res.headers['content-type']), /^application\/json/);
  });
});
