// Running use cases and handlers without AWS: the in-memory case store and the lists read
// across it, a clock the test moves, the calendar in force (in memory, so a calendar change
// moves what the runtime computes with), a catalogue, and a workflow, metrics and logs that
// record what they were told. Handlers are called with the events Lambda gives them: an
// HTTP API request, an SQS batch, a DynamoDB stream batch.
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  AttributeValue,
  Context,
  DynamoDBStreamEvent,
  SQSEvent,
} from 'aws-lambda';
import { MemoryCalendars } from '#adapters/memory-calendars.ts';
import { MemoryCaseQueries } from '#adapters/memory-case-queries.ts';
import { MemoryCaseStore } from '#adapters/memory-case-store.ts';
import type { LogLine, Runtime } from '#app/run.ts';
import type { Calendar } from '#core/calendar.ts';
import type { CaseAggregate, CaseChange } from '#core/case/model.ts';
import type { Service } from '#core/schemas.ts';
import type { MetricName } from '#infra/manifest.ts';
import { marshall } from '@aws-sdk/util-dynamodb';

export interface Recorded {
  started: string[];
  woken: { caseId: string; departments: string[] }[];
  stopped: { caseId: string; cause: string }[];
  completed: { taskToken: string; output: unknown }[];
  rearmed: string[];
  counted: Partial<Record<MetricName, number>>;
  logged: LogLine[];
  retries: number;
}

export function memoryRuntime(opts: { now: Date; calendar: Calendar; services?: Service[] }) {
  const store = new MemoryCaseStore();
  const queries = new MemoryCaseQueries(store);
  let now = opts.now;
  const calendars = new MemoryCalendars(opts.calendar, { now: () => new Date(now) });
  const clock = {
    get now() {
      return now;
    },
    set now(at: Date) {
      now = at;
    },
    /** The calendar in force; setting one puts it in force, as if it had been saved. */
    get calendar(): Calendar {
      return calendars.current;
    },
    set calendar(calendar: Calendar) {
      calendars.put(calendar);
    },
  };
  const services = new Map(opts.services?.map((s) => [s.code, s]));
  const recorded: Recorded = { started: [], woken: [], stopped: [], completed: [], rearmed: [], counted: {}, logged: [], retries: 0 };
  const runtime: Runtime = {
    store,
    arming: store,
    calendar: async () => calendars.current,
    now: () => new Date(clock.now),
    service: async (code) => services.get(code),
    retried: () => {
      recorded.retries += 1;
    },
    workflow: {
      start: async (after) => {
        recorded.started.push(after.record.caseId);
      },
      wake: async (after, departments) => {
        recorded.woken.push({ caseId: after.record.caseId, departments: [...departments].sort() });
      },
      stop: async (caseId, cause) => {
        recorded.stopped.push({ caseId, cause });
      },
      complete: async (taskToken, output) => {
        recorded.completed.push({ taskToken, output });
      },
      rearm: async (taskToken) => {
        recorded.rearmed.push(taskToken);
      },
    },
    count: (metric, n = 1) => {
      recorded.counted[metric] = (recorded.counted[metric] ?? 0) + n;
    },
    log: (line) => {
      recorded.logged.push(line);
    },
  };
  /** Put a case in the store as it was made (a submission's change). */
  const seed = (change: CaseChange): Promise<CaseAggregate> => store.commit(undefined, change, opts.calendar);
  return { runtime, store, queries, calendars, clock, recorded, seed };
}

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
type Handler = (event: Event, context: Context) => Promise<unknown>;
/** The Lambda context a handler is called with. */
export const context = {
  functionName: 'unit-test',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

/** Call an HTTP handler as the HTTP API would, with the caller's claims; the answer's status, headers and JSON body. */
export async function callRoute(
  handler: Handler,
  req: {
    route: string;
    params?: Record<string, string>;
    body?: unknown;
    headers?: Record<string, string>;
    query?: Record<string, string>;
    caller?: { sub: string; groups: string[] };
  },
) {
  const [method, path] = req.route.split(' ');
  const event = {
    version: '2.0',
    routeKey: req.route,
    rawPath: path,
    rawQueryString: new URLSearchParams(req.query ?? {}).toString(),
    headers: { ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}), ...req.headers },
    ...(req.query ? { queryStringParameters: req.query } : {}),
    ...(req.params ? { pathParameters: req.params } : {}),
    ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
    isBase64Encoded: false,
    requestContext: {
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'req-1',
      domainName: 'api.example.gov',
      routeKey: req.route,
      stage: '$default',
      authorizer: req.caller
        ? { jwt: { claims: { sub: req.caller.sub, 'cognito:groups': `[${req.caller.groups.join(' ')}]` }, scopes: [] } }
        : undefined,
    },
  } as unknown as Event;
  const res = (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
  return { status: res.statusCode, headers: res.headers ?? {}, body: res.body ? JSON.parse(res.body) : undefined };
}

/** An SQS batch as Lambda hands it over: one record per body (JSON), message ids m1, m2, …. */
export function sqsEvent(bodies: unknown[]): SQSEvent {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `m${i + 1}`,
      receiptHandle: `receipt-${i + 1}`,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '0',
        SenderId: 'test',
        ApproximateFirstReceiveTimestamp: '0',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:000000000000:notifications',
      awsRegion: 'eu-west-1',
    })),
  };
}

/** A DynamoDB stream batch as Lambda hands it over: each record's event name and new image (marshalled), sequence numbers 1, 2, …. */
export function streamEvent(
  records: { eventName: 'INSERT' | 'MODIFY' | 'REMOVE'; newImage?: Record<string, unknown> }[],
): DynamoDBStreamEvent {
  return {
    Records: records.map((r, i) => ({
      eventID: `e${i + 1}`,
      eventName: r.eventName,
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'eu-west-1',
      eventSourceARN: 'arn:aws:dynamodb:eu-west-1:000000000000:table/one-stop/stream/2026-01-01T00:00:00.000',
      dynamodb: {
        SequenceNumber: String(i + 1),
        SizeBytes: 100,
        StreamViewType: 'NEW_IMAGE',
        ...(r.newImage ? { NewImage: marshall(r.newImage, { removeUndefinedValues: true }) as Record<string, AttributeValue> } : {}),
      },
    })),
  };
}
