// The one description of the system's parts. The CDK stack builds AWS resources from it
// and the local runtime wires the same handlers, routes, queues, schedules and state
// machine from it; test/infra/parity.test.ts proves the synthesized template agrees.
import { NOTIFYING_EVENTS } from '../functions/core/notifications.ts';
import { PERMIT_EVENTS } from '../functions/core/permit.ts';

export type TableAccess = 'read' | 'readWrite';
export type WorkflowAccess = 'start' | 'sendTaskResult' | 'stop';

export interface FunctionSpec {
  /** Logical name, PascalCase; the CDK construct id and the local runtime's name for it. */
  name: string;
  /** Handler module, exporting `handler`, relative to the project root. */
  entry: string;
  table?: TableAccess;
  workflow?: WorkflowAccess[];
  /** Queues this function sends to (by queue key). */
  sendsTo?: QueueKey[];
  /** Sends e-mail through the notification channel (SES in AWS). */
  sendsEmail?: boolean;
  /** Hands out and checks list cursors: reads the cursor key secret. */
  signsCursors?: boolean;
  /** Uses the permit signing key: `sign` (kms:Sign, the issuer alone) or `read` (kms:GetPublicKey). */
  permitKey?: 'sign' | 'read';
  memoryMb?: number;
  timeoutSeconds?: number;
}

export interface ApiFunctionSpec extends FunctionSpec {
  route: `${'GET' | 'POST' | 'PUT' | 'DELETE'} /${string}`;
  /** Whether the gateway requires a valid JWT before the function runs. */
  auth: boolean;
  /** Requests per second and burst for this route (default `defaultThrottle`). */
  throttle?: Throttle;
}

export interface Throttle {
  rate: number;
  burst: number;
}

/** In AWS the route's limits; locally the same limits apply per caller (token or address). */
export const defaultThrottle: Throttle = { rate: 50, burst: 100 };
/** Writes that start work are limited harder. */
const submitThrottle: Throttle = { rate: 10, burst: 20 };

/** What a list shows of a case or a review: the only attributes the list indexes carry. */
const LISTED = [
  'caseId',
  'serviceCode',
  'serviceName',
  'status',
  'outcome',
  'submittedAt',
  'decidedAt',
  'applicantName',
  'applicantIdMasked',
  'department',
  'dueBy',
  'acceptedAt',
];

export const table = {
  partitionKey: 'PK',
  sortKey: 'SK',
  timeToLiveAttribute: 'expiration',
  indexes: [
    // a case by its applicant, newest first; a department's reviews by status, earliest due first
    { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK', projection: LISTED },
    // every case, newest first (admins); open reviews by due time
    { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK', projection: LISTED },
    // sparse: the next instant each case or review needs the deadline watchdog (keys only)
    { name: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK', projection: [] as string[] },
  ],
  /**
   * Write shards of the keys many items share, by a hash of the case id: at 100 cases/s
   * none takes more than a tenth of a partition's 1,000 write units per second
   * (test/bench/BENCHMARKS.md shows the rates). Lists read every shard and merge them.
   */
  shards: { cases: 8, openReviews: 32, alerts: 32, departmentList: 4, stats: 32 },
} as const;

export const queues = {
  // visibility is six times the consumer's timeout, as AWS advises for Lambda event sources
  notifications: { visibilityTimeoutSeconds: 180, maxReceiveCount: 5 },
} as const;
export type QueueKey = keyof typeof queues;

export const apiFunctions: ApiFunctionSpec[] = [
  { name: 'GetHealth', route: 'GET /health', auth: false, entry: 'functions/handlers/get-health.ts' },
  { name: 'GetOpenApi', route: 'GET /openapi.json', auth: false, entry: 'functions/handlers/get-openapi.ts' },
  { name: 'ListServices', route: 'GET /services', auth: false, entry: 'functions/handlers/list-services.ts', table: 'read' },
  { name: 'GetService', route: 'GET /services/{code}', auth: false, entry: 'functions/handlers/get-service.ts', table: 'read' },
  { name: 'PutService', route: 'PUT /services/{code}', auth: true, entry: 'functions/handlers/put-service.ts', table: 'readWrite' },
  {
    name: 'SubmitApplication',
    route: 'POST /applications',
    auth: true,
    throttle: submitThrottle,
    entry: 'functions/handlers/submit-application.ts',
    table: 'readWrite',
    workflow: ['start'],
  },
  {
    name: 'ListApplications',
    route: 'GET /applications',
    auth: true,
    entry: 'functions/handlers/list-applications.ts',
    table: 'read',
    signsCursors: true,
  },
  {
    name: 'GetApplication',
    route: 'GET /applications/{caseId}',
    auth: true,
    entry: 'functions/handlers/get-application.ts',
    table: 'read',
  },
  { name: 'GetAudit', route: 'GET /applications/{caseId}/audit', auth: true, entry: 'functions/handlers/get-audit.ts', table: 'read' },
  {
    name: 'WithdrawApplication',
    route: 'POST /applications/{caseId}/withdraw',
    auth: true,
    entry: 'functions/handlers/withdraw-application.ts',
    table: 'readWrite',
    workflow: ['stop'],
  },
  {
    name: 'CorrectApplication',
    route: 'POST /applications/{caseId}/corrections',
    auth: true,
    entry: 'functions/handlers/correct-application.ts',
    table: 'readWrite',
    workflow: ['start', 'sendTaskResult'],
  },
  {
    name: 'ListReviews',
    route: 'GET /reviews',
    auth: true,
    entry: 'functions/handlers/list-reviews.ts',
    table: 'read',
    signsCursors: true,
  },
  {
    name: 'DecideReview',
    route: 'POST /applications/{caseId}/reviews/{department}/decision',
    auth: true,
    entry: 'functions/handlers/decide-review.ts',
    table: 'readWrite',
    workflow: ['sendTaskResult'],
  },
  {
    name: 'ExtendReview',
    route: 'POST /applications/{caseId}/reviews/{department}/extension',
    auth: true,
    entry: 'functions/handlers/extend-review.ts',
    table: 'readWrite',
    workflow: ['sendTaskResult'],
  },
  {
    name: 'PutDepartment',
    route: 'PUT /departments/{code}',
    auth: true,
    entry: 'functions/handlers/put-department.ts',
    table: 'readWrite',
  },
  {
    name: 'FileOpinion',
    route: 'POST /applications/{caseId}/reviews/{department}/opinion',
    auth: true,
    entry: 'functions/handlers/file-opinion.ts',
    table: 'readWrite',
  },
  {
    name: 'RecordPostCheck',
    route: 'POST /applications/{caseId}/reviews/{department}/post-check',
    auth: true,
    entry: 'functions/handlers/record-post-check.ts',
    table: 'readWrite',
    // a failed check rejects a case in review: the other reviews' waiting tasks end
    workflow: ['sendTaskResult'],
  },
  {
    name: 'RateApplication',
    route: 'POST /applications/{caseId}/rating',
    auth: true,
    entry: 'functions/handlers/rate-application.ts',
    table: 'readWrite',
  },
  {
    name: 'AnswerRating',
    route: 'POST /applications/{caseId}/ratings/{department}/answer',
    auth: true,
    entry: 'functions/handlers/answer-rating.ts',
    table: 'readWrite',
  },
  {
    name: 'GetPermit',
    route: 'GET /permits/{number}',
    auth: false,
    entry: 'functions/handlers/get-permit.ts',
    table: 'read',
  },
  {
    name: 'VerifyPermit',
    route: 'GET /permits/{number}/verify',
    auth: false,
    entry: 'functions/handlers/verify-permit.ts',
    table: 'read',
    permitKey: 'read',
  },
  { name: 'GetPermitKey', route: 'GET /permit-key', auth: false, entry: 'functions/handlers/get-permit-key.ts', permitKey: 'read' },
  {
    name: 'RevokePermit',
    route: 'POST /permits/{number}/revocation',
    auth: true,
    entry: 'functions/handlers/revoke-permit.ts',
    table: 'readWrite',
  },
  {
    name: 'GetDepartmentStats',
    route: 'GET /stats/departments',
    auth: false,
    entry: 'functions/handlers/get-department-stats.ts',
    table: 'read',
  },
  { name: 'GetServiceStats', route: 'GET /stats/services', auth: false, entry: 'functions/handlers/get-service-stats.ts', table: 'read' },
  { name: 'GetCalendar', route: 'GET /calendar', auth: false, entry: 'functions/handlers/get-calendar.ts', table: 'read' },
  {
    name: 'PutCalendarSettings',
    route: 'PUT /calendar',
    auth: true,
    entry: 'functions/handlers/put-calendar-settings.ts',
    table: 'readWrite',
    workflow: ['sendTaskResult'],
    timeoutSeconds: 60,
  },
  {
    name: 'PutCalendarYear',
    route: 'PUT /calendar/years/{year}',
    auth: true,
    entry: 'functions/handlers/put-calendar-year.ts',
    table: 'readWrite',
    workflow: ['sendTaskResult'],
    timeoutSeconds: 60,
  },
];

/**
 * Cross-origin access for browser clients, the same in AWS (the HTTP API's CORS
 * configuration, which answers preflights itself) and locally (the HTTP API stand-in). Only
 * the allowed origins are configuration: `-c corsOrigins=https://a,https://b` for the stack
 * (none given: no CORS), `CORS_ORIGINS` locally (unset: `localOrigins`, a page on any
 * localhost port; empty: no CORS).
 */
export const cors = {
  /** Every method a route uses. */
  allowMethods: [...new Set(apiFunctions.map((f) => f.route.split(' ')[0]!))].sort(),
  /** What clients send: the token, JSON, the submission key and the conditional request headers. */
  allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-match', 'if-none-match'],
  /** What a page may read of an answer besides the CORS-safelisted headers. */
  exposeHeaders: ['retry-after', 'etag', 'location'],
  maxAgeSeconds: 600,
  allowCredentials: false,
  localOrigins: ['http://localhost:*', 'http://127.0.0.1:*'],
} as const;

export interface CorsConfig {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds: number;
  allowCredentials: boolean;
}

/** An origin as the HTTP API takes it: `*`, `https://*` (any https origin), or scheme://host[:port]. */
const ORIGIN = /^(\*|https?:\/\/\*|https?:\/\/[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?)$/;
/** Locally also scheme://host:* (any port), which the HTTP API itself does not take. */
const LOCAL_ORIGIN = /^(\*|https?:\/\/\*|https?:\/\/[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:(\d{1,5}|\*))?)$/;

/** A comma-separated list of origins, each checked; `where` names the setting in the error. */
export function parseOrigins(text: string, where: string, local = false): string[] {
  const origins = [
    ...new Set(
      text
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  ];
  const bad = origins.filter((o) => !(local ? LOCAL_ORIGIN : ORIGIN).test(o));
  if (bad.length) throw new Error(`${where}: not an origin (scheme://host[:port], no path): ${bad.join(', ')}`);
  return origins;
}

/** The whole CORS configuration for these origins; none, no CORS. */
export function corsConfig(origins: readonly string[]): CorsConfig | undefined {
  if (!origins.length) return undefined;
  return {
    allowOrigins: [...origins],
    allowMethods: [...cors.allowMethods],
    allowHeaders: [...cors.allowHeaders],
    exposeHeaders: [...cors.exposeHeaders],
    maxAgeSeconds: cors.maxAgeSeconds,
    allowCredentials: cors.allowCredentials,
  };
}

/** Functions the state machine invokes, keyed by the ASL substitution that names them. */
export const workflowFunctions: Record<string, FunctionSpec> = {
  // invoked with a task token (lambda:invoke.waitForTaskToken); completes the task at once when its review is settled
  DispatchReviewFunctionArn: {
    name: 'DispatchReview',
    entry: 'functions/handlers/dispatch-review.ts',
    table: 'readWrite',
    workflow: ['sendTaskResult'],
    timeoutSeconds: 20,
  },
  PlanReviewFunctionArn: { name: 'PlanReview', entry: 'functions/handlers/plan-review.ts', table: 'read', timeoutSeconds: 20 },
  // settles every due review of the case at once, and wakes the tasks of those it settled or closed
  SettleDeadlineFunctionArn: {
    name: 'SettleDeadline',
    entry: 'functions/handlers/settle-deadline.ts',
    table: 'readWrite',
    workflow: ['sendTaskResult'],
    timeoutSeconds: 20,
  },
};

export const queueConsumers: (FunctionSpec & {
  queue: QueueKey;
  batchSize: number;
  /** How long the event source gathers messages into one batch (fewer, fuller invocations). */
  batchWindowSeconds?: number;
})[] = [
  {
    name: 'DeliverNotification',
    entry: 'functions/handlers/deliver-notification.ts',
    queue: 'notifications',
    batchSize: 10,
    // an e-mail a second later costs nobody anything; a case's notices then go out together
    batchWindowSeconds: 1,
    timeoutSeconds: 30,
    table: 'readWrite',
    sendsEmail: true,
  },
];

/**
 * Functions fed by the table's stream, with the filter on new items they see and the
 * retries of a failing record before it goes to the consumer's failure queue.
 */
export const streamConsumers: (FunctionSpec & {
  batchSize: number;
  /** The filter: new items whose string attributes have one of these values. */
  newImage: Record<string, readonly string[]>;
  retryAttempts: number;
})[] = [
  {
    name: 'PublishNotifications',
    entry: 'functions/handlers/publish-notifications.ts',
    batchSize: 100,
    // only the timeline events anyone is told of; each carries what its notifications say,
    // so the publisher reads nothing from the table
    newImage: { kind: ['event'], type: NOTIFYING_EVENTS },
    retryAttempts: 10,
    timeoutSeconds: 30,
    sendsTo: ['notifications'],
  },
  {
    name: 'IssuePermit',
    entry: 'functions/handlers/issue-permit.ts',
    batchSize: 10,
    // an approved case: its permit is built from the case, signed and recorded once; a failed
    // post-check revokes it
    newImage: { kind: ['event'], type: PERMIT_EVENTS },
    retryAttempts: 10,
    timeoutSeconds: 30,
    table: 'readWrite',
    permitKey: 'sign',
  },
];

export const schedules: (FunctionSpec & { everyMinutes: number })[] = [
  {
    name: 'DeadlineWatchdog',
    entry: 'functions/handlers/deadline-watchdog.ts',
    everyMinutes: 1,
    timeoutSeconds: 120,
    table: 'readWrite',
    workflow: ['start', 'sendTaskResult'],
  },
];

/** The errors of invoking a Lambda function from a Task state that are worth retrying. */
const lambdaTransientErrors = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

export const stateMachine = {
  name: 'CaseReview',
  definitionFile: 'workflows/case-review.asl.json',
  /** ASL `${...}` substitutions that name queues, by queue key. */
  queueSubstitutions: {} as Record<string, QueueKey>,
  /**
   * The Retry policy of every Task state. ASL has no way for states to share a block, so the
   * definition file stays the single source of the state machine and spells the policy out in
   * each Task state; test/unit/workflow-definition.test.ts holds every one of them to this.
   * A task whose timeout is its deadline (caught as States.Timeout) does not retry a timeout;
   * every other task retries a timed-out invocation like a transient error.
   */
  taskRetry: (timeoutIsDeadline: boolean) => [
    {
      ErrorEquals: [...lambdaTransientErrors, ...(timeoutIsDeadline ? [] : ['States.Timeout'])],
      IntervalSeconds: 1,
      MaxAttempts: 6,
      BackoffRate: 2,
    },
  ],
};

export const allFunctions = (): FunctionSpec[] => [
  ...apiFunctions,
  ...Object.values(workflowFunctions),
  ...queueConsumers,
  ...streamConsumers,
  ...schedules,
];

/** Every function's Powertools service name (logs and metrics dimension). */
export const SERVICE_NAME = 'one-stop';

/**
 * The domain metrics the functions count (EMF, published by Powertools Metrics): the namespace
 * reaches them as POWERTOOLS_METRICS_NAMESPACE; the dashboard graphs `graphed`.
 */
export const metrics = {
  namespace: 'OneStop',
  names: [
    'CasesAccepted',
    'ReviewsApproved',
    'ReviewsRejected',
    'CorrectionRequests',
    'DeemedApprovals',
    'SafetyNetSettlements',
    'WorkflowRedrives',
    'CommitRetries',
  ],
  graphed: ['CasesAccepted', 'ReviewsApproved', 'ReviewsRejected', 'CorrectionRequests', 'DeemedApprovals', 'SafetyNetSettlements'],
} as const;
export type MetricName = (typeof metrics.names)[number];

/** Environment variable names handlers read their resources from. */
export const env = {
  table: 'TABLE_NAME',
  stateMachine: 'STATE_MACHINE_ARN',
  queueUrl: (key: QueueKey) => `${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}_QUEUE_URL`,
  /** The secret (ARN in AWS, name locally) holding the key that signs list cursors. */
  cursorKey: 'CURSOR_KEY_SECRET',
  /** The KMS key (ARN) that signs permits. */
  permitKey: 'PERMIT_KEY_ID',
} as const;
