// The one way an HTTP handler is built: error mapping first, then header normalisation,
// body size and JSON parsing, then zod validation of body, path and query. A handler only
// authorises, calls the domain and returns what to send.
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type * as z from '#core/zod.ts';
import type { Principal } from '#core/access.ts';
import { DomainError } from '#core/errors.ts';
import { injectLambdaContext, logger, logKeys, publishMetrics } from '#adapters/powertools.ts';

export const MAX_BODY_BYTES = 1024 * 1024;

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
type Issue = { path: string; message: string };

export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly issues?: Issue[];
  readonly details?: Record<string, unknown>;
  constructor(statusCode: number, code: string, message: string, extra: { issues?: Issue[]; details?: Record<string, unknown> } = {}) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
    this.issues = extra.issues;
    this.details = extra.details;
  }
}

const DOMAIN_STATUS: Record<string, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
  REVIEW_ALREADY_SETTLED: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  PRECONDITION_FAILED: 412,
};

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

function errorBody(code: string, message: string, extra: { issues?: Issue[]; details?: Record<string, unknown> } = {}) {
  return { error: { code, message, ...(extra.issues ? { issues: extra.issues } : {}), ...extra.details } };
}

function issuesOf(error: z.core.$ZodError, prefix: string): Issue[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || (prefix ? prefix : 'body'),
    message: i.message,
  }));
}

export function toResponse(err: unknown): APIGatewayProxyResultV2 {
  if (err instanceof HttpError) return json(err.statusCode, errorBody(err.code, err.message, err));
  if (err instanceof DomainError) return json(DOMAIN_STATUS[err.code] ?? 400, errorBody(err.code, err.message, { details: err.details }));
  const status = (err as { statusCode?: number })?.statusCode;
  if (status === 415) return json(415, errorBody('UNSUPPORTED_MEDIA_TYPE', 'the body must be JSON (content-type: application/json)'));
  if (status === 422 || (status === 400 && (err as Error).message?.includes('JSON')))
    return json(
      400,
      errorBody('VALIDATION_FAILED', 'the body is not valid JSON', { issues: [{ path: 'body', message: 'malformed JSON' }] }),
    );
  logger.error('unhandled error', err as Error);
  return json(500, errorBody('INTERNAL', 'something went wrong on our side; the request was not completed'));
}

/** Claims as the HTTP API JWT authorizer hands them over: every value a string, arrays as "[a b]". */
export function principalOf(event: Event): Principal | undefined {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  if (!claims?.sub) return undefined;
  const raw = claims['cognito:groups'] as unknown;
  const groups = Array.isArray(raw)
    ? raw.map(String)
    : typeof raw === 'string'
      ? raw
          .replace(/^\[|\]$/g, '')
          .split(/[\s,]+/)
          .filter(Boolean)
      : [];
  return { sub: String(claims.sub), groups };
}

/** Issue paths name the field as the client wrote it: `form.floorArea`, `query.limit`, `path.caseId`. */
function parsed<T>(schema: z.ZodMiniType<T> | undefined, value: unknown, where: 'body' | 'query' | 'path'): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (!result.success)
    throw new HttpError(400, 'VALIDATION_FAILED', `the request ${where} is not valid`, {
      issues: issuesOf(result.error, where === 'body' ? '' : where),
    });
  return result.data;
}

export interface Request<B, Q, P> {
  principal: Principal;
  body: B;
  query: Q;
  params: P;
  event: Event;
  context: Context;
}

export interface RouteOptions<B, Q, P, A extends boolean> {
  auth: A;
  /** Role check before anything is parsed: who may call this route at all. */
  allow?: { who: string; test: (p: Principal) => boolean };
  body?: z.ZodMiniType<B>;
  query?: z.ZodMiniType<Q>;
  params?: z.ZodMiniType<P>;
}

export type Reply = { status?: number; body: unknown; headers?: Record<string, string> };

export function httpRoute<B = undefined, Q = undefined, P = undefined, A extends boolean = true>(
  options: RouteOptions<B, Q, P, A>,
  run: (req: A extends true ? Request<B, Q, P> : Omit<Request<B, Q, P>, 'principal'> & { principal?: Principal }) => Promise<Reply>,
) {
  const jsonParser = httpJsonBodyParser();
  return (
    middy<Event, APIGatewayProxyResultV2>()
      // Never the event itself, whatever POWERTOOLS_LOGGER_LOG_EVENT says: a request's body
      // carries the applicant's identity number, which no log line may hold.
      .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
      .use({
        // publish what the request counted (a request that counted nothing publishes nothing)
        after: async () => publishMetrics(),
        onError: async () => publishMetrics(),
      })
      .use({
        onError: async (request) => {
          request.response = toResponse(request.error);
        },
      })
      .use(httpHeaderNormalizer())
      .use({
        // Size first, then who is calling and whether they may call this route at all, all
        // before the body is parsed.
        before: async ({ event }) => {
          const size = event.body ? Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : 0;
          if (size > MAX_BODY_BYTES)
            throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `the body is ${size} bytes; at most ${MAX_BODY_BYTES} are accepted`);
          const principal = principalOf(event);
          if (options.auth && !principal) throw new HttpError(401, 'UNAUTHENTICATED', 'a valid bearer token is required');
          if (options.allow && !(principal && options.allow.test(principal)))
            throw new HttpError(403, 'FORBIDDEN', `only ${options.allow.who} can do this`);
        },
      })
      .use({
        // A route with a body schema parses JSON; a missing body is left to the schema (400).
        before: async (request) => {
          if (options.body && request.event.body) await jsonParser.before!(request);
        },
      })
      .handler(async (event, context) => {
        logKeys({ caseId: event.pathParameters?.caseId, department: event.pathParameters?.department });
        const reply = await run({
          principal: principalOf(event) as Principal,
          body: parsed(options.body, event.body, 'body'),
          query: parsed(options.query, event.queryStringParameters ?? {}, 'query'),
          params: parsed(options.params, event.pathParameters ?? {}, 'path'),
          event,
          context,
        });
        // Not Modified carries its validators and no body.
        if (reply.status === 304) return { statusCode: 304, headers: { ...reply.headers } };
        return json(reply.status ?? 200, reply.body, reply.headers);
      })
  );
}

/** Where the API was reached, as the gateway tells it: what links in an answer start with. */
export const apiBaseOf = (event: Event) => `${event.headers?.['x-forwarded-proto'] ?? 'https'}://${event.requestContext.domainName}`;
