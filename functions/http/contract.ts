// The HTTP contract: every route with the zod schemas its handler validates with, and the
// OpenAPI document generated from them, so the published contract is what is enforced. Each
// route's contract is written once, in its own module (functions/http/routes/), which its
// handler imports alone; this module gathers them and is bundled only by GetOpenApi.
// test/unit/openapi.test.ts proves every route of the manifest has an operation here, and
// each handler its own route's contract, and the other way round.
import * as z from '#core/zod.ts';
import type { RouteContract } from './routes/common.ts';
import { contract as correctApplication } from './routes/correct-application.ts';
import { contract as decideReview } from './routes/decide-review.ts';
import { contract as extendReview } from './routes/extend-review.ts';
import { contract as fileOpinion } from './routes/file-opinion.ts';
import { contract as getApplication } from './routes/get-application.ts';
import { contract as getAudit } from './routes/get-audit.ts';
import { contract as getCalendar } from './routes/get-calendar.ts';
import { contract as getHealth } from './routes/get-health.ts';
import { contract as getOpenApi } from './routes/get-openapi.ts';
import { contract as getService } from './routes/get-service.ts';
import { contract as listApplications } from './routes/list-applications.ts';
import { contract as listReviews } from './routes/list-reviews.ts';
import { contract as listServices } from './routes/list-services.ts';
import { contract as putCalendarSettings } from './routes/put-calendar-settings.ts';
import { contract as putCalendarYear } from './routes/put-calendar-year.ts';
import { contract as putDepartment } from './routes/put-department.ts';
import { contract as putService } from './routes/put-service.ts';
import { contract as stats } from './routes/stats.ts';
import { contract as submitApplication } from './routes/submit-application.ts';
import { contract as withdrawApplication } from './routes/withdraw-application.ts';

export type { RouteContract } from './routes/common.ts';

export const contract = {
  ...getHealth,
  ...getOpenApi,
  ...listServices,
  ...getService,
  ...putService,
  ...submitApplication,
  ...listApplications,
  ...getApplication,
  ...getAudit,
  ...withdrawApplication,
  ...correctApplication,
  ...listReviews,
  ...decideReview,
  ...extendReview,
  ...fileOpinion,
  ...putDepartment,
  ...stats,
  ...getCalendar,
  ...putCalendarSettings,
  ...putCalendarYear,
} satisfies Record<string, RouteContract>;

export type RouteKey = keyof typeof contract;

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
  },
};

const jsonSchema = (schema: z.ZodMiniType, io: 'input' | 'output' = 'input') => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

function parameters(where: 'path' | 'query', schema: z.ZodMiniType | undefined) {
  if (!schema) return [];
  const s = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, p]) => ({
    name,
    in: where,
    required: where === 'path' || (s.required ?? []).includes(name),
    schema: p,
  }));
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  202: 'Accepted',
  400: 'The request is not valid; `issues` names each field',
  401: 'No valid bearer token',
  403: 'Not allowed for this caller',
  404: 'Not found (also for a case that is not the caller’s)',
  409: 'Conflict with the current state (e.g. REVIEW_ALREADY_SETTLED, IDEMPOTENCY_KEY_REUSED)',
  413: 'Body over 1 MB',
  415: 'Body is not JSON',
  429: 'Too many requests; see Retry-After',
};

/** The OpenAPI 3.1 document of the API. */
export function openApiDocument(serverUrl?: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, route] of Object.entries(contract) as [string, RouteContract][]) {
    const [method, path] = key.split(' ');
    const errors = [400, ...(route.auth ? [401] : []), ...(route.body ? [413, 415] : []), 429, ...(route.errors ?? [])];
    paths[path] ??= {};
    paths[path][method.toLowerCase()] = {
      operationId: key,
      summary: route.summary,
      description: `Who: ${route.who}.`,
      ...(route.auth ? { security: [{ bearer: [] }] } : { security: [] }),
      parameters: [...parameters('path', route.params), ...parameters('query', route.query)],
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } } } : {}),
      responses: {
        [route.status]: { description: STATUS_TEXT[route.status] ?? 'OK', content: { 'application/json': { schema: { type: 'object' } } } },
        ...Object.fromEntries(
          [...new Set(errors)].map((code) => [code, { description: STATUS_TEXT[code], content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]),
        ),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'one-stop permit service', version: '1.0.0', description: 'One application, parallel department reviews on a working-day clock, deemed approval on silence.' },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}
