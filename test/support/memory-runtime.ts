// Running use cases and HTTP handlers without AWS: the in-memory case store, a clock the
// test moves, a fixed calendar, a catalogue, and a workflow, metrics and logs that record
// what they were told.
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { MemoryCaseStore } from '#adapters/memory-case-store.ts';
import type { LogLine, Runtime } from '#app/run.ts';
import type { Calendar } from '#core/calendar.ts';
import type { CaseAggregate, CaseChange } from '#core/case/model.ts';
import type { Service } from '#core/schemas.ts';
import type { MetricName } from '#infra/manifest.ts';

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
  const clock = { now: opts.now, calendar: opts.calendar };
  const services = new Map(opts.services?.map((s) => [s.code, s]));
  const recorded: Recorded = { started: [], woken: [], stopped: [], completed: [], rearmed: [], counted: {}, logged: [], retries: 0 };
  const runtime: Runtime = {
    store,
    arming: store,
    calendar: async () => clock.calendar,
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
  return { runtime, store, clock, recorded, seed };
}

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
type Handler = (event: Event, context: Context) => Promise<unknown>;
const context = { getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

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
