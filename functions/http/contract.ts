// The HTTP contract: every route with the zod schemas its handler validates with, and the
// OpenAPI document generated from them and from the schemas of what it answers
// (./responses.ts), so the published contract is what is enforced and what is answered. Each
// route's contract is written once, in its own module (functions/http/routes/), which its
// handler imports alone; this module gathers them and is bundled only by GetOpenApi.
// test/unit/openapi.test.ts proves every route of the manifest has an operation here, and
// each handler its own route's contract, and the other way round.
import * as z from '#core/zod.ts';
import type { RouteContract } from './routes/common.ts';
import * as examples from './examples.ts';
import {
  components,
  ERRORS,
  errorResponses,
  etagHeader,
  HEADERS,
  ref,
  requestComponents,
  responseComponents,
  successBodies,
  type Schema,
} from './components.ts';
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
import { contract as permits } from './routes/permits.ts';
import { contract as putCalendarSettings } from './routes/put-calendar-settings.ts';
import { contract as putCalendarYear } from './routes/put-calendar-year.ts';
import { contract as putDepartment } from './routes/put-department.ts';
import { contract as putService } from './routes/put-service.ts';
import { contract as ratings } from './routes/ratings.ts';
import { contract as recordPostCheck } from './routes/record-post-check.ts';
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
  ...recordPostCheck,
  ...ratings,
  ...putDepartment,
  ...stats,
  ...getCalendar,
  ...putCalendarSettings,
  ...putCalendarYear,
  ...permits,
} satisfies Record<string, RouteContract>;

export type RouteKey = keyof typeof contract;

const inline = (schema: z.ZodMiniType) => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Schema;
  return rest;
};

function parameters(where: 'path' | 'query', schema: z.ZodMiniType | undefined) {
  if (!schema) return [];
  const s = inline(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, p]) => ({
    name,
    in: where,
    required: where === 'path' || (s.required ?? []).includes(name),
    schema: p,
  }));
}

/** Examples of the main operations: request and success body, and a refusal where it teaches something. */
const EXAMPLES: Partial<Record<RouteKey, { request?: unknown; response?: Record<string, unknown>; errors?: Record<number, unknown> }>> = {
  'PUT /services/{code}': { request: examples.serviceDefinitionExample, response: { service: examples.serviceExample } },
  'POST /applications': {
    request: examples.applicationExample,
    response: { accepted: examples.receiptExample, incomplete: examples.incompleteReceiptExample },
  },
  'POST /applications/{caseId}/reviews/{department}/decision': {
    request: examples.decisionExample,
    response: { approved: examples.reviewExample },
    errors: { 409: examples.settledExample },
  },
  'GET /applications/{caseId}': { response: { deemedApproval: examples.caseExample } },
};

function tagOf(path: string): string {
  if (path.startsWith('/services')) return 'Catalogue';
  if (path.startsWith('/reviews') || path.includes('/reviews/')) return 'Reviews';
  if (path.startsWith('/applications')) return 'Applications';
  if (path.startsWith('/stats')) return 'Statistics';
  if (path.startsWith('/permit')) return 'Permits';
  if (path.startsWith('/departments') || path.startsWith('/calendar')) return 'Administration';
  return 'Operations';
}

const TAGS = [
  { name: 'Catalogue', description: 'The services one can apply for, and what each requires.' },
  { name: 'Applications', description: 'Submitting, reading, correcting and withdrawing a case.' },
  { name: 'Reviews', description: "A department's work list and its actions on a review." },
  { name: 'Administration', description: "Departments' contacts and the working-day calendar." },
  { name: 'Permits', description: 'The signed permit an approved case issues: reading, verifying, revoking.' },
  { name: 'Statistics', description: 'Monthly counters per department and per service.' },
  { name: 'Operations', description: 'Liveness and this document.' },
];

/** Every status a route can answer, in order: its success, 304, then the errors. */
export function statusesOf(key: RouteKey): number[] {
  const route: RouteContract = contract[key];
  const [method] = key.split(' ');
  const validates = Boolean(route.params || route.query || route.body || route.headers?.includes('Idempotency-Key'));
  const errors = [
    ...(validates ? [400] : []),
    ...(route.auth ? [401] : []),
    ...(route.errors ?? []),
    ...(route.headers?.includes('If-Match') ? [412] : []),
    // the handlers refuse an oversized body on every route that takes one
    ...(method === 'POST' || method === 'PUT' ? [413] : []),
    ...(route.body ? [415] : []),
    429,
    500,
  ];
  return [route.status, ...(route.headers?.includes('If-None-Match') ? [304] : []), ...[...new Set(errors)].sort((a, b) => a - b)];
}

/** The local stack's address, and the deployed API's with its id and region as variables. */
export const SERVERS = [
  { url: 'http://127.0.0.1:3000', description: 'The local stack (`npm start`; PORT to change)' },
  {
    url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
    description: 'The deployed HTTP API: the URL `cdk deploy` prints, with its API id and region',
    variables: { apiId: { default: 'your-api-id' }, region: { default: 'ap-east-1' } },
  },
];

/** The OpenAPI 3.1 document of the API; `serverUrl`, when given, is listed first (where it is served from). */
export function openApiDocument(serverUrl?: string) {
  const requestSchemas = components(requestComponents, 'input');
  const responseSchemas = components(new Map([...responseComponents, [successBodies['GET /openapi.json'], 'OpenApiDocument']]), 'output');
  const bodyNames = new Map(requestComponents);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, route] of Object.entries(contract) as [RouteKey, RouteContract][]) {
    const [method, path] = key.split(' ');
    if (route.body && !bodyNames.has(route.body)) {
      const name = `${route.operationId[0].toUpperCase()}${route.operationId.slice(1)}Request`;
      bodyNames.set(route.body, name);
      Object.assign(requestSchemas, components(new Map([[route.body, name]]), 'input'));
    }
    const success = responseComponents.get(successBodies[key]) ?? 'OpenApiDocument';
    const example = EXAMPLES[key];
    paths[path] ??= {};
    paths[path][method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      description: `Who: ${route.who}.`,
      tags: [tagOf(path)],
      security: route.auth ? [{ bearer: [] }] : [],
      parameters: [
        ...parameters('path', route.params),
        ...parameters('query', route.query),
        ...(route.headers ?? []).map((h) => HEADERS[h]),
      ],
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: ref(bodyNames.get(route.body)!),
                  ...(example?.request ? { examples: { example: { value: example.request } } } : {}),
                },
              },
            },
          }
        : {}),
      responses: Object.fromEntries(
        statusesOf(key).map((status) => {
          if (status === route.status)
            return [
              status,
              {
                description: route.summary,
                ...(route.etag ? { headers: etagHeader } : {}),
                content: {
                  'application/json': {
                    schema: ref(success),
                    ...(example?.response
                      ? { examples: Object.fromEntries(Object.entries(example.response).map(([n, value]) => [n, { value }])) }
                      : {}),
                  },
                },
              },
            ];
          if (status === 304)
            return [status, { description: 'Not Modified: the copy named by If-None-Match is current.', headers: etagHeader }];
          const shared = { $ref: `#/components/responses/${ERRORS[status].name}` };
          const errorExample = example?.errors?.[status];
          if (!errorExample) return [status, shared];
          return [
            status,
            {
              ...errorResponses[ERRORS[status].name],
              content: { 'application/json': { schema: ref('Error'), examples: { refused: { value: errorExample } } } },
            },
          ];
        }),
      ),
    };
  }
  const schemas: Record<string, Schema> = { ...responseSchemas };
  for (const [name, schema] of Object.entries(requestSchemas)) {
    if (name in schemas && JSON.stringify(schemas[name]) !== JSON.stringify(schema))
      throw new Error(`component ${name} differs between requests and responses: name them apart`);
    schemas[name] = schema;
  }
  const servers =
    serverUrl && !SERVERS.some((s) => s.url === serverUrl)
      ? [{ url: serverUrl, description: 'Where this document was served from' }, ...SERVERS]
      : SERVERS;
  return {
    openapi: '3.1.0',
    info: {
      title: 'one-stop permit service',
      version: '1.0.0',
      description:
        'One application, parallel department reviews on a working-day clock, deemed approval on silence. JSON in and out (UTF-8), camelCase fields, ISO-8601 instants.',
      license: { name: 'Proprietary (UNLICENSED): all rights reserved', identifier: 'LicenseRef-Proprietary' },
    },
    servers,
    tags: TAGS,
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A JWT whose `cognito:groups` claim holds `applicants`, `reviewers-<department>` or `admins`; `sub` identifies the person.',
        },
      },
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
      responses: errorResponses,
    },
  };
}
