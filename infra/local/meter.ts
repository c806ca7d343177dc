// What the local stack does, counted (for `npm run bench`): Lambda invocations and their
// durations, API requests and their latencies, DynamoDB capacity units as DynamoDB reports
// them (ReturnConsumedCapacity), and SQS requests by action. DynamoDB and SQS are counted by
// a proxy in front of the stand-ins, so the handlers run unchanged.
import { createServer, request, type IncomingHttpHeaders } from 'node:http';

export interface Meter {
  /** Counting is on only for a benchmark run. */
  enabled: boolean;
  lambda: Map<string, { count: number; ms: number }>;
  api: Map<string, number[]>;
  dynamodb: { readUnits: number; writeUnits: number; requests: number };
  sqs: Map<string, number>;
}

export const meter: Meter = {
  enabled: false,
  lambda: new Map(),
  api: new Map(),
  dynamodb: { readUnits: 0, writeUnits: 0, requests: 0 },
  sqs: new Map(),
};

export function resetMeter(): void {
  meter.lambda.clear();
  meter.api.clear();
  meter.dynamodb = { readUnits: 0, writeUnits: 0, requests: 0 };
  meter.sqs.clear();
}

export function recordInvocation(name: string, ms: number): void {
  if (!meter.enabled) return;
  const m = meter.lambda.get(name) ?? { count: 0, ms: 0 };
  m.count += 1;
  m.ms += ms;
  meter.lambda.set(name, m);
}

export function recordApi(route: string, ms: number): void {
  if (!meter.enabled) return;
  const list = meter.api.get(route) ?? [];
  list.push(ms);
  meter.api.set(route, list);
}

const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
const WITH_CAPACITY = new Set([...READS, 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

type Capacity = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };

function countDynamoDB(operation: string, response: unknown): void {
  meter.dynamodb.requests += 1;
  const consumed = (response as { ConsumedCapacity?: Capacity | Capacity[] } | undefined)?.ConsumedCapacity;
  for (const c of [consumed ?? []].flat()) {
    const units = c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0);
    if (READS.has(operation)) meter.dynamodb.readUnits += units;
    else meter.dynamodb.writeUnits += units;
  }
}

/** A counting proxy in front of a stand-in; returns its port. */
export function meteringProxy(target: string, kind: 'dynamodb' | 'sqs'): Promise<{ port: number; close(): Promise<void> }> {
  const to = new URL(target);
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body = Buffer.concat(chunks);
    const operation = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    if (kind === 'dynamodb' && WITH_CAPACITY.has(operation)) {
      const json = JSON.parse(body.toString('utf8'));
      json.ReturnConsumedCapacity ??= 'TOTAL';
      body = Buffer.from(JSON.stringify(json));
    }
    const headers: IncomingHttpHeaders = { ...req.headers, host: to.host, 'content-length': String(body.length) };
    const forward = request({ hostname: to.hostname, port: to.port, path: req.url, method: req.method, headers }, (upstream) => {
      const out: Buffer[] = [];
      upstream.on('data', (c: Buffer) => out.push(c));
      upstream.on('end', () => {
        const answer = Buffer.concat(out);
        if (kind === 'sqs') {
          // an empty long poll is the poller waiting, not work for a case: kept apart
          const empty = operation === 'ReceiveMessage' && !answer.toString('utf8').includes('"Messages"');
          const name = empty ? 'ReceiveMessage (empty)' : operation || 'other';
          if (meter.enabled) meter.sqs.set(name, (meter.sqs.get(name) ?? 0) + 1);
        }
        if (kind === 'dynamodb' && operation && meter.enabled)
          try {
            countDynamoDB(operation, JSON.parse(answer.toString('utf8') || '{}'));
          } catch {
            countDynamoDB(operation, undefined);
          }
        res.writeHead(upstream.statusCode ?? 502, upstream.headers);
        res.end(answer);
      });
    });
    forward.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    forward.end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as { port: number }).port,
        close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
      }),
    ),
  );
}
