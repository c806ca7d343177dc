// The HTTP contract: every route with the zod schemas its handler validates with. Handlers
// take their schemas from here, and the OpenAPI document is generated from here, so the
// published contract is what is enforced. test/unit/openapi.test.ts proves every route of
// the manifest has an operation here and the other way round.
import * as z from 'zod';
import type { ZodType } from 'zod';
import {
  applicationSchema,
  calendarSettingsSchema,
  calendarYearSchema,
  correctionSchema,
  decisionSchema,
  departmentCodeSchema,
  extensionSchema,
  listApplicationsQuerySchema,
  listReviewsQuerySchema,
  serviceCodeSchema,
  serviceSchema,
} from '#core/schemas.ts';

export const caseParams = z.object({ caseId: z.string().min(1).max(64) });
export const reviewParams = caseParams.extend({ department: departmentCodeSchema });
export const serviceParams = z.object({ code: serviceCodeSchema });
export const departmentParams = z.object({ code: departmentCodeSchema });
export const yearParams = z.object({ year: z.string().regex(/^20\d\d$/, 'a year such as 2026') });
export const calendarQuery = z.strictObject({ version: z.coerce.number().int().min(1).optional() });
export const statsQuery = z.strictObject({ period: z.string().regex(/^20\d\d-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM').optional() });
export const opinionSchema = z.strictObject({ comment: z.string().trim().min(1).max(5000) });
export const departmentContactsSchema = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  emails: z.array(z.email()).max(50).default([]),
  adminEmails: z.array(z.email()).max(50).default([]),
});

export interface RouteContract {
  summary: string;
  /** Who may call it, in words (the handler enforces it). */
  who: string;
  auth: boolean;
  /** The success status. */
  status: number;
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  /** Error statuses a client should expect besides 400/401/413/415/429. */
  errors?: number[];
}

export const contract = {
  'GET /health': { summary: 'Liveness', who: 'anyone', auth: false, status: 200 },
  'GET /openapi.json': { summary: 'This API as an OpenAPI 3.1 document', who: 'anyone', auth: false, status: 200 },
  'GET /services': { summary: 'The service catalogue', who: 'anyone', auth: false, status: 200 },
  'GET /services/{code}': { summary: 'One service', who: 'anyone', auth: false, status: 200, params: serviceParams, errors: [404] },
  'PUT /services/{code}': {
    summary: 'Create or replace a service',
    who: 'admins',
    auth: true,
    status: 200,
    params: serviceParams,
    body: serviceSchema,
    errors: [403],
  },
  'POST /applications': {
    summary: 'Submit an application (header Idempotency-Key optional)',
    who: 'applicants',
    auth: true,
    status: 202,
    body: applicationSchema,
    errors: [403, 404, 409],
  },
  'GET /applications': {
    summary: "The caller's cases (admins: all), newest first",
    who: 'applicants, admins',
    auth: true,
    status: 200,
    query: listApplicationsQuerySchema,
  },
  'GET /applications/{caseId}': {
    summary: 'A case: status, reviews, timeline',
    who: 'its applicant, admins, reviewers of a reviewing department',
    auth: true,
    status: 200,
    params: caseParams,
    errors: [404],
  },
  'GET /applications/{caseId}/audit': {
    summary: "The case's hash-chained audit trail with its verification",
    who: 'as the case',
    auth: true,
    status: 200,
    params: caseParams,
    errors: [404],
  },
  'POST /applications/{caseId}/withdraw': {
    summary: 'Withdraw before the outcome',
    who: 'its applicant',
    auth: true,
    status: 200,
    params: caseParams,
    errors: [403, 404, 409],
  },
  'POST /applications/{caseId}/corrections': {
    summary: 'Complete an INCOMPLETE case, or answer a correction request',
    who: 'its applicant',
    auth: true,
    status: 200,
    params: caseParams,
    body: correctionSchema,
    errors: [403, 404, 409],
  },
  'GET /reviews': { summary: "A department's work list, earliest due first", who: 'reviewers of the department, admins', auth: true, status: 200, query: listReviewsQuerySchema, errors: [403] },
  'POST /applications/{caseId}/reviews/{department}/decision': {
    summary: 'Approve, reject, or request a correction',
    who: 'reviewers of the department',
    auth: true,
    status: 200,
    params: reviewParams,
    body: decisionSchema,
    errors: [403, 404, 409],
  },
  'POST /applications/{caseId}/reviews/{department}/extension': {
    summary: 'Extend the limit once, before it expires',
    who: 'reviewers of the department',
    auth: true,
    status: 200,
    params: reviewParams,
    body: extensionSchema,
    errors: [403, 404, 409],
  },
  'POST /applications/{caseId}/reviews/{department}/opinion': {
    summary: 'File an opinion after a deemed approval',
    who: 'reviewers of the department',
    auth: true,
    status: 200,
    params: reviewParams,
    body: opinionSchema,
    errors: [403, 404, 409],
  },
  'PUT /departments/{code}': {
    summary: "Who a department's notifications go to",
    who: 'admins',
    auth: true,
    status: 200,
    params: departmentParams,
    body: departmentContactsSchema,
    errors: [403],
  },
  'GET /stats/departments': { summary: 'Statistics per department for a month', who: 'anyone', auth: false, status: 200, query: statsQuery },
  'GET /stats/services': { summary: 'Statistics per service for a month', who: 'anyone', auth: false, status: 200, query: statsQuery },
  'GET /calendar': { summary: 'The working-day calendar (?version= for an earlier one)', who: 'anyone', auth: false, status: 200, query: calendarQuery, errors: [404] },
  'PUT /calendar': { summary: 'Time zone and office hours', who: 'admins', auth: true, status: 200, body: calendarSettingsSchema, errors: [403, 409] },
  'PUT /calendar/years/{year}': {
    summary: 'Holidays and make-up working days of a year',
    who: 'admins',
    auth: true,
    status: 200,
    params: yearParams,
    body: calendarYearSchema,
    errors: [403, 409],
  },
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

const jsonSchema = (schema: ZodType, io: 'input' | 'output' = 'input') => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

function parameters(where: 'path' | 'query', schema: ZodType | undefined) {
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
