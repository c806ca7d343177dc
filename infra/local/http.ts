// The HTTP API stand-in: routes from the manifest, the JWT authorizer's checks, and events
// in the HTTP API payload format 2.0. Local-only routes live under /local.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { cors, corsConfig, defaultThrottle, parseOrigins, type ApiFunctionSpec, type CorsConfig } from '../manifest.ts';
import type { LocalFunction } from './lambda.ts';
import { recordApi } from './meter.ts';
import { gatewayClaims, type LocalIssuer } from './tokens.ts';

/** The HTTP API's own payload limit; the handlers enforce the product's smaller one. */
const GATEWAY_MAX_BODY = 10 * 1024 * 1024;

interface Route {
  spec: ApiFunctionSpec;
  fn: LocalFunction;
  method: string;
  pattern: RegExp;
  params: string[];
}

export type LocalRoute = (req: IncomingMessage, body: Buffer) => Promise<{ status: number; body: unknown } | undefined>;

function compile(spec: ApiFunctionSpec, fn: LocalFunction): Route {
  const [method, path] = spec.route.split(' ');
  const params: string[] = [];
  const pattern = new RegExp(
    `^${path.replace(/\{(\w+)\}/g, (_, name: string) => {
      params.push(name);
      return '([^/]+)';
    })}$`,
  );
  return { spec, fn, method, pattern, params };
}

const TEXTUAL = /^(application\/(json|.*\+json|xml|x-www-form-urlencoded)|text\/)/i;

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

const errorBody = (code: string, message: string) => ({ error: { code, message } });

/**
 * The local CORS configuration: the manifest's, with the origins of CORS_ORIGINS (a
 * comma-separated list; unset, any localhost port; empty, no CORS).
 */
export function localCors(environment: Record<string, string | undefined> = process.env): CorsConfig | undefined {
  const text = environment.CORS_ORIGINS;
  return corsConfig(text === undefined ? cors.localOrigins : parseOrigins(text, 'CORS_ORIGINS', true));
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether an origin is allowed: `*` any, else exactly, or where `*` stands for anything up to the next `/`. */
export function originAllowed(config: CorsConfig, origin: string): boolean {
  return config.allowOrigins.some((allowed) =>
    allowed === '*'
      ? true
      : allowed.includes('*')
        ? new RegExp(`^${allowed.split('*').map(escapeRegExp).join('[^/]*')}$`, 'i').test(origin)
        : allowed.toLowerCase() === origin.toLowerCase(),
  );
}

/**
 * CORS as the HTTP API does it: a preflight (OPTIONS with Origin and
 * Access-Control-Request-Method) is answered here, 204, never reaching a route; other answers
 * get the allow and expose headers when their Origin is allowed. The backend's own CORS
 * headers are dropped (the HTTP API ignores them when CORS is configured).
 */
function corsHandling(config: CorsConfig | undefined) {
  // the matching origin is echoed; with `*` allowed, `*` (no credentials can go with it)
  const allowedOrigin = (req: IncomingMessage) => {
    const origin = req.headers.origin;
    if (!config || !origin || !originAllowed(config, origin)) return undefined;
    return config.allowOrigins.includes('*') ? '*' : origin;
  };
  return {
    preflight(req: IncomingMessage, res: ServerResponse): boolean {
      if (!config || req.method !== 'OPTIONS' || !req.headers.origin || !req.headers['access-control-request-method']) return false;
      const origin = allowedOrigin(req);
      res.writeHead(
        204,
        origin
          ? {
              'access-control-allow-origin': origin,
              'access-control-allow-methods': config.allowMethods.join(','),
              'access-control-allow-headers': config.allowHeaders.join(','),
              'access-control-max-age': String(config.maxAgeSeconds),
              ...(config.allowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
              ...(origin === '*' ? {} : { vary: 'origin' }),
            }
          : {},
      );
      res.end();
      return true;
    },
    /** Added to an answer's headers (and any the backend set removed). */
    headers(req: IncomingMessage, headers: Record<string, string>): Record<string, string> {
      if (!config) return headers;
      const kept = Object.fromEntries(Object.entries(headers).filter(([k]) => !k.toLowerCase().startsWith('access-control-')));
      const origin = allowedOrigin(req);
      if (!origin) return kept;
      return {
        ...kept,
        'access-control-allow-origin': origin,
        'access-control-expose-headers': config.exposeHeaders.join(','),
        ...(config.allowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
        ...(origin === '*' ? {} : { vary: 'origin' }),
      };
    },
  };
}

/** Token buckets per route and caller: the route's rate, refilled continuously, up to its burst. */
function throttler() {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (route: Route, caller: string): number | undefined => {
    const { rate, burst } = route.spec.throttle ?? defaultThrottle;
    const key = `${route.spec.route}|${caller}`;
    const now = Date.now();
    const b = buckets.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * rate);
    b.at = now;
    buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate)); // seconds until a token is back
  };
}

/** The web console's files, served beside the API as CloudFront serves them in AWS. */
export interface LocalSite {
  /** The built console (index.html, assets/). */
  dir: string;
  /** What /config.json answers. */
  config: unknown;
  /** The Content-Security-Policy its pages are served with. */
  csp: string;
}

const SITE_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

/**
 * GET / (index.html), /config.json and /assets/<file> from the console, with the security
 * headers the stack's CloudFront response headers policy sets; undefined for any other path.
 */
async function siteFile(site: LocalSite, path: string): Promise<{ body: Buffer; headers: Record<string, string> } | undefined> {
  const file = path === '/' || path === '/index.html' ? 'index.html' : /^\/assets\/[\w.-]+$/.test(path) ? path.slice(1) : undefined;
  const security = {
    'content-security-policy': site.csp,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  };
  if (path === '/config.json')
    return {
      body: Buffer.from(JSON.stringify(site.config)),
      headers: { ...security, 'content-type': SITE_TYPES['.json'], 'cache-control': 'no-cache' },
    };
  if (!file) return undefined;
  const body = await readFile(join(site.dir, file)).catch(() => undefined);
  if (!body) return undefined;
  const type = SITE_TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream';
  return {
    body,
    headers: {
      ...security,
      'content-type': type,
      'cache-control': file.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    },
  };
}

export function createHttpApi(options: {
  routes: { spec: ApiFunctionSpec; fn: LocalFunction }[];
  /** The web console, if served. */
  site?: LocalSite;
  issuer: LocalIssuer;
  localRoutes: LocalRoute;
  /** The CORS configuration; none, no CORS. */
  cors?: CorsConfig;
  onError(err: unknown, context: string): void;
}): Server {
  const routes = options.routes.map((r) => compile(r.spec, r.fn));
  const throttle = throttler();
  const corsFor = corsHandling(options.cors);
  return createServer(async (req, res) => {
    const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
      sendJson(res, status, body, corsFor.headers(req, headers));
    try {
      if (corsFor.preflight(req, res)) return req.resume();
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > GATEWAY_MAX_BODY) return send(res, 413, errorBody('PAYLOAD_TOO_LARGE', 'request body too large'));
        chunks.push(chunk as Buffer);
      }
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (options.site && (req.method === 'GET' || req.method === 'HEAD')) {
        const file = await siteFile(options.site, url.pathname);
        if (file) {
          res.writeHead(200, file.headers);
          return res.end(req.method === 'HEAD' ? undefined : file.body);
        }
      }
      if (url.pathname.startsWith('/local/')) {
        const local = await options.localRoutes(req, body);
        if (local) return send(res, local.status, local.body);
      }
      const candidates = routes.filter((r) => r.pattern.test(url.pathname));
      const route = candidates.find((r) => r.method === req.method);
      if (!route) return send(res, 404, errorBody('NOT_FOUND', `no route for ${req.method} ${url.pathname}`));

      let claims: Record<string, string> | undefined;
      if (route.spec.auth) {
        const header = req.headers.authorization ?? '';
        const match = /^Bearer\s+(\S+)$/i.exec(header);
        if (!match) return send(res, 401, errorBody('UNAUTHENTICATED', 'a bearer token is required'));
        try {
          claims = gatewayClaims(await options.issuer.verify(match[1]));
        } catch (err) {
          return send(res, 401, errorBody('UNAUTHENTICATED', `the token was refused: ${(err as Error).message}`));
        }
      }
      const caller = claims?.sub ?? req.socket.remoteAddress ?? 'anonymous';
      const retryAfter = throttle(route, caller);
      if (retryAfter !== undefined)
        return send(res, 429, errorBody('THROTTLED', `too many requests to ${route.spec.route}; retry in ${retryAfter} s`), {
          'retry-after': String(retryAfter),
        });
      const values = route.pattern.exec(url.pathname)!.slice(1);
      const event = toEvent(req, url, body, route, values, claims);
      const started = performance.now();
      const result = (await route.fn.invoke(event).finally(() => recordApi(route.spec.route, performance.now() - started))) as
        | APIGatewayProxyStructuredResultV2
        | string
        | object
        | undefined;
      if (result && typeof result === 'object' && 'statusCode' in result) {
        const r = result as APIGatewayProxyStructuredResultV2;
        const headers = Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k, String(v)]));
        res.writeHead(r.statusCode ?? 200, corsFor.headers(req, headers));
        return res.end(r.body === undefined ? '' : r.isBase64Encoded ? Buffer.from(r.body, 'base64') : r.body);
      }
      // Payload 2.0: a result without statusCode is sent as a 200 JSON body.
      return send(res, 200, result ?? '');
    } catch (err) {
      options.onError(err, `${req.method} ${req.url}`);
      if (!res.headersSent) send(res, 500, { message: 'Internal Server Error' });
      else res.end();
    }
  });
}

function toEvent(
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  route: Route,
  values: string[],
  claims: Record<string, string> | undefined,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  // as the HTTP API adds them
  headers['x-forwarded-proto'] = 'http';
  headers['x-forwarded-for'] = req.socket.remoteAddress ?? '127.0.0.1';
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const textual = TEXTUAL.test(headers['content-type'] ?? '');
  const now = new Date();
  return {
    version: '2.0',
    routeKey: route.spec.route,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(route.params.length ? { pathParameters: Object.fromEntries(route.params.map((p, i) => [p, decodedSegment(values[i])])) } : {}),
    ...(body.length ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !textual,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: route.spec.route,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(claims ? { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: [] } } } : {}),
    },
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

/** A path segment as the gateway hands it on: percent-decoded, or as sent when it is not valid percent-encoding. */
function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
