// The parts of the OpenAPI document several operations share: the named schemas
// (`#/components/schemas/<name>`), the success body of every route, the request headers and
// the shared error responses. Imported by the document's generator (./contract.ts) alone.
import * as z from '#core/zod.ts';
import {
  applicationSchema,
  calendarYearSchema,
  correctionSchema,
  decisionSchema,
  extensionSchema,
  fieldSchema,
  postCheckSchema,
  ratingAnswerSchema,
  ratingSchema,
  ruleSchema,
  timeLimitSchema,
} from '#core/schemas.ts';
import {
  auditSchema,
  calendarChangeSchema,
  calendarSchema,
  caseListSchema,
  caseSummarySchema,
  caseViewSchema,
  departmentContactsSchema,
  departmentStatsSchema,
  errorSchema,
  gatewayErrorSchema,
  healthSchema,
  issueSchema,
  openApiSchema,
  permitDocumentSchema,
  permitKeySchema,
  permitVerificationSchema,
  permitViewSchema,
  progressSchema,
  ratingsSchema,
  receiptSchema,
  reviewListSchema,
  reviewTaskSchema,
  reviewViewSchema,
  serviceListSchema,
  serviceStatsSchema,
  serviceViewSchema,
  timelineEventSchema,
} from './responses.ts';
import { revocationSchema } from './routes/permits.ts';
import { putCalendarBody } from './routes/put-calendar-settings.ts';
import { putServiceBody } from './routes/put-service.ts';

export type Schema = Record<string, unknown>;
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Named schemas: each registered zod schema becomes a component, and every use of it a `$ref` (the recursive Rule too). */
export function components(names: Map<z.ZodMiniType, string>, io: 'input' | 'output'): Record<string, Schema> {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of names) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io, unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` }) as {
    schemas: Record<string, Schema>;
  };
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _, $id: __, ...rest }]) => [id, rest]));
}

/** The success body of every route. */
export const successBodies = {
  'GET /health': healthSchema,
  'GET /openapi.json': openApiSchema,
  'GET /services': serviceListSchema,
  'GET /services/{code}': serviceViewSchema,
  'PUT /services/{code}': serviceViewSchema,
  'POST /applications': receiptSchema,
  'GET /applications': caseListSchema,
  'GET /applications/{caseId}': caseViewSchema,
  'GET /applications/{caseId}/audit': auditSchema,
  'POST /applications/{caseId}/withdraw': caseViewSchema,
  'POST /applications/{caseId}/corrections': caseViewSchema,
  'GET /reviews': reviewListSchema,
  'POST /applications/{caseId}/reviews/{department}/decision': reviewViewSchema,
  'POST /applications/{caseId}/reviews/{department}/extension': reviewViewSchema,
  'POST /applications/{caseId}/reviews/{department}/opinion': reviewViewSchema,
  'POST /applications/{caseId}/reviews/{department}/post-check': reviewViewSchema,
  'POST /applications/{caseId}/rating': ratingsSchema,
  'POST /applications/{caseId}/ratings/{department}/answer': ratingsSchema,
  'PUT /departments/{code}': departmentContactsSchema,
  'GET /stats/departments': departmentStatsSchema,
  'GET /stats/services': serviceStatsSchema,
  'GET /calendar': calendarSchema,
  'PUT /calendar': calendarChangeSchema,
  'PUT /calendar/years/{year}': calendarChangeSchema,
  'GET /permits/{number}': permitViewSchema,
  'GET /permits/{number}/verify': permitVerificationSchema,
  'GET /permit-key': permitKeySchema,
  'POST /permits/{number}/revocation': permitViewSchema,
} as const satisfies Record<string, z.ZodMiniType>;

/**
 * The named schemas of the document (`#/components/schemas/<name>`): every request and
 * response body, and the parts several of them share. Request bodies are described as the
 * client sends them (defaults optional), responses as the API answers (defaults applied).
 */
export const requestComponents = new Map<z.ZodMiniType, string>([
  [ruleSchema, 'Rule'],
  [timeLimitSchema, 'TimeLimit'],
  [fieldSchema, 'Field'],
  [putServiceBody, 'ServiceDefinition'],
  [applicationSchema, 'Application'],
  [correctionSchema, 'Correction'],
  [decisionSchema, 'Decision'],
  [extensionSchema, 'Extension'],
  [putCalendarBody, 'CalendarSettings'],
  [calendarYearSchema, 'CalendarYear'],
  [revocationSchema, 'Revocation'],
  [postCheckSchema, 'PostCheck'],
  [ratingSchema, 'Rating'],
  [ratingAnswerSchema, 'RatingAnswer'],
]);

export const responseComponents = new Map<z.ZodMiniType, string>([
  [ruleSchema, 'Rule'],
  [timeLimitSchema, 'TimeLimit'],
  [fieldSchema, 'Field'],
  [issueSchema, 'Issue'],
  [errorSchema, 'Error'],
  [gatewayErrorSchema, 'GatewayError'],
  [healthSchema, 'Health'],
  [serviceViewSchema, 'Service'],
  [serviceListSchema, 'ServiceList'],
  [receiptSchema, 'Receipt'],
  [reviewViewSchema, 'Review'],
  [progressSchema, 'ReviewProgress'],
  [timelineEventSchema, 'TimelineEvent'],
  [caseViewSchema, 'Case'],
  [caseSummarySchema, 'CaseSummary'],
  [caseListSchema, 'CaseList'],
  [reviewTaskSchema, 'ReviewTask'],
  [reviewListSchema, 'ReviewList'],
  [auditSchema, 'Audit'],
  [calendarSchema, 'Calendar'],
  [calendarChangeSchema, 'CalendarChange'],
  [departmentContactsSchema, 'DepartmentContacts'],
  [departmentStatsSchema, 'DepartmentStatistics'],
  [serviceStatsSchema, 'ServiceStatistics'],
  [permitDocumentSchema, 'PermitDocument'],
  [permitViewSchema, 'Permit'],
  [permitVerificationSchema, 'PermitVerification'],
  [permitKeySchema, 'PermitKey'],
  [ratingsSchema, 'Ratings'],
]);

export const HEADERS = {
  'Idempotency-Key': {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Makes the submission safe to retry: the same key with the same body answers the first answer again (202); with another body 409 IDEMPOTENCY_KEY_REUSED.',
    schema: { type: 'string', minLength: 1, maxLength: 255 },
  },
  'If-Match': {
    name: 'If-Match',
    in: 'header',
    required: false,
    description: 'The ETag of the resource as last read: the change is made only if it is still current, else 412.',
    schema: { type: 'string' },
  },
  'If-None-Match': {
    name: 'If-None-Match',
    in: 'header',
    required: false,
    description: 'The ETag of the copy the client holds: 304 with no body while it is still current.',
    schema: { type: 'string' },
  },
} as const;

export const etagHeader = {
  ETag: { description: 'The version of this representation, for If-None-Match and If-Match.', required: true, schema: { type: 'string' } },
};

/** Shared error responses (`#/components/responses/<name>`), each with the error envelope. */
export const ERRORS: Record<number, { name: string; description: string; gateway?: true; headers?: Schema }> = {
  400: {
    name: 'BadRequest',
    description:
      'VALIDATION_FAILED: the request is not valid; `issues` names each field (`form.floorArea`, `query.limit`, `path.caseId`, `headers.idempotency-key`).',
  },
  401: {
    name: 'Unauthorized',
    description: 'UNAUTHENTICATED: no valid bearer token. In AWS the gateway\'s authorizer answers `{"message":"Unauthorized"}`.',
    gateway: true,
  },
  403: { name: 'Forbidden', description: "FORBIDDEN: the caller's groups do not allow this." },
  404: { name: 'NotFound', description: "NOT_FOUND: no such resource, or a case that is not the caller's (existence does not leak)." },
  409: {
    name: 'Conflict',
    description:
      'CONFLICT, REVIEW_ALREADY_SETTLED (with `settledAs`, `settledAt`) or IDEMPOTENCY_KEY_REUSED: the request conflicts with the current state.',
  },
  412: {
    name: 'PreconditionFailed',
    description: 'PRECONDITION_FAILED: If-Match names a version that is no longer current; read it again.',
  },
  413: { name: 'PayloadTooLarge', description: 'PAYLOAD_TOO_LARGE: the body is over 1 MiB.' },
  415: { name: 'UnsupportedMediaType', description: 'UNSUPPORTED_MEDIA_TYPE: the body is not `application/json`.' },
  429: {
    name: 'TooManyRequests',
    description: 'THROTTLED: over the route\'s rate. In AWS the gateway answers `{"message":"Too Many Requests"}`.',
    gateway: true,
    headers: { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 1 } } },
  },
  500: {
    name: 'InternalError',
    description: 'INTERNAL: the request was not completed. In AWS a failed integration answers `{"message":"Internal Server Error"}`.',
    gateway: true,
  },
};

export const errorResponses = Object.fromEntries(
  Object.values(ERRORS).map((e) => [
    e.name,
    {
      description: e.description,
      ...(e.headers ? { headers: e.headers } : {}),
      content: { 'application/json': { schema: e.gateway ? { anyOf: [ref('Error'), ref('GatewayError')] } : ref('Error') } },
    },
  ]),
);
