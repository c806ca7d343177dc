// What the local stack does, counted (for `npm run bench`): Lambda invocations and their
// durations, API requests and their latencies, DynamoDB requests and capacity units as
// DynamoDB Local reports them (ReturnConsumedCapacity INDEXES; reads floored at what any read
// request costs), and SQS requests by action. DynamoDB and SQS are counted by a proxy in front
// of the stand-ins, so the handlers run unchanged.
//
// DynamoDB Local reports about one item's units for a whole TransactWriteItems, so the proxy
// also records every item written, with the partitions it lands on and their write units at
// DynamoDB's rules (`writes`): the table's partition key, and the index partition keys it
// writes to (from the item a Put carries, from what an Update sets or removes, and from the
// item as the proxy last saw it written). It counts refused writes (conditional checks,
// transaction conflicts) by operation and reason, and the requests and round-trip time of
// requests tagged with `x-bench-request` (a header the bench puts on the DynamoDB requests one
// API request makes).
import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import { table } from '../manifest.ts';

/** One write to one table or index partition. */
export interface PartitionWrite {
  /** 'table', 'table (condition check)' (a transaction's check of an item it does not write) or the index name. */
  in: string;
  pk: string;
  units: number;
}

/** One item written (a Put, Update, Delete or ConditionCheck, alone or in a transaction or batch). */
export interface WriteRecord {
  at: number;
  /** The request that wrote it: its operation and a number, unique in this process. */
  request: string;
  /** The function whose invocation made the request ('stack': the local runtime itself). */
  by: string;
  action: 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
  transactional: boolean;
  writes: PartitionWrite[];
}

export interface Meter {
  /** Counting is on only for a benchmark run. */
  enabled: boolean;
  lambda: Map<string, { count: number; ms: number }>;
  api: Map<string, number[]>;
  dynamodb: {
    readUnits: number;
    writeUnits: number;
    /**
     * Of writeUnits, what DynamoDB Local reports for the indexes. (DynamoDB Local reports about
     * one item's units for a whole TransactWriteItems: the bench counts writes from `writes`.)
     */
    indexWriteUnits: number;
    requests: number;
    /** Requests by operation (GetItem, Query, TransactWriteItems, ...). */
    byOperation: Map<string, number>;
    /** Requests by the function that made them ('<function> <operation>'; 'stack' for the local runtime's own). */
    byFunction: Map<string, number>;
    /** Refused writes by "<operation>: <reason>". */
    refused: Map<string, number>;
    /** Every item written, with the partitions it wrote to. */
    writes: WriteRecord[];
  };
  sqs: Map<string, number>;
  /** By the `x-bench-request` tag: DynamoDB requests and their summed round trips (proxy to DynamoDB Local and back). */
  tagged: Map<string, { requests: number; ms: number }>;
  /** When set, every DynamoDB request the proxy forwards, in order (operation and body as sent), for a replay. */
  captured?: { operation: string; body: string }[];
  /** performance.now() of the last DynamoDB request, non-empty SQS answer, invocation or API request (counting on or off). */
  lastActivity: number;
}

const emptyDynamoDB = (): Meter['dynamodb'] => ({
  readUnits: 0,
  writeUnits: 0,
  indexWriteUnits: 0,
  requests: 0,
  byOperation: new Map(),
  byFunction: new Map(),
  refused: new Map(),
  writes: [],
});

export const meter: Meter = {
  enabled: false,
  lambda: new Map(),
  api: new Map(),
  dynamodb: emptyDynamoDB(),
  sqs: new Map(),
  tagged: new Map(),
  lastActivity: 0,
};

export function resetMeter(): void {
  meter.lambda.clear();
  meter.api.clear();
  meter.dynamodb = emptyDynamoDB();
  meter.sqs.clear();
  meter.tagged.clear();
}

export function recordInvocation(name: string, ms: number): void {
  meter.lastActivity = performance.now();
  if (!meter.enabled) return;
  const m = meter.lambda.get(name) ?? { count: 0, ms: 0 };
  m.count += 1;
  m.ms += ms;
  meter.lambda.set(name, m);
}

export function recordApi(route: string, ms: number): void {
  meter.lastActivity = performance.now();
  if (!meter.enabled) return;
  const list = meter.api.get(route) ?? [];
  list.push(ms);
  meter.api.set(route, list);
}

/** The header the bench tags an API request's DynamoDB requests with. */
export const TAG_HEADER = 'x-bench-request';
/** The header naming the function whose invocation made a request (see `invocationScope`). */
export const FUNCTION_HEADER = 'x-bench-function';
/** The function an invocation runs in, while counting is on: the bench passes it on as FUNCTION_HEADER. */
export const invocationScope = new AsyncLocalStorage<string>();

const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
const WITH_CAPACITY = new Set([...READS, ...WRITES]);

type Capacity = {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
};

/**
 * DynamoDB Local's report of what a request consumed. A read is floored at what DynamoDB
 * charges any read request (half a unit, a whole one strongly consistent): DynamoDB Local
 * reports nothing for a query that finds nothing.
 */
function countCapacity(operation: string, request: Record<string, any> | undefined, response: unknown): void {
  const consumed = (response as { ConsumedCapacity?: Capacity | Capacity[] } | undefined)?.ConsumedCapacity;
  if (READS.has(operation)) {
    const reported = [consumed ?? []]
      .flat()
      .reduce((s, c) => s + (c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0)), 0);
    meter.dynamodb.readUnits += Math.max(reported, request?.ConsistentRead ? 1 : 0.5);
    return;
  }
  for (const c of [consumed ?? []].flat()) {
    const units = c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0);
    meter.dynamodb.writeUnits += units;
    for (const i of Object.values(c.GlobalSecondaryIndexes ?? {})) meter.dynamodb.indexWriteUnits += i.CapacityUnits ?? 0;
  }
}

// ------------------------------------------------------------------ refused writes

/**
 * A refused write: a transaction cancelled for a failed condition or a conflict with another
 * transaction, or a single-item write refused for either. Returns "<operation>: <reason>".
 */
export function refusal(operation: string, status: number, answer: unknown): string | undefined {
  if (status < 400 || !answer || typeof answer !== 'object') return undefined;
  const type =
    String((answer as { __type?: string }).__type ?? '')
      .split('#')
      .pop() ?? '';
  if (type === 'TransactionCanceledException') {
    const reasons = (answer as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
    const message = String((answer as { Message?: string; message?: string }).Message ?? (answer as { message?: string }).message ?? '');
    const codes = reasons?.map((r) => r.Code ?? 'None') ?? (/\[([^\]]*)\]/.exec(message)?.[1] ?? '').split(',').map((s) => s.trim());
    const reason = codes.includes('TransactionConflict')
      ? 'TransactionConflict'
      : codes.includes('ConditionalCheckFailed')
        ? 'ConditionalCheckFailed'
        : `other (${codes.filter((c) => c !== 'None').join(', ')})`;
    return `${operation}: ${reason}`;
  }
  if (type === 'ConditionalCheckFailedException' || type === 'TransactionConflictException') return `${operation}: ${type}`;
  return undefined;
}

// ------------------------------------------------------------------ items and their partitions

type AttributeValue = Record<string, any>;
type Item = Record<string, AttributeValue>;

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

/** The size DynamoDB bills an attribute value at (names and values in UTF-8; numbers about half their digits). */
export function valueSize(v: AttributeValue | undefined): number {
  if (!v) return 0;
  if ('S' in v) return utf8(v.S);
  if ('N' in v)
    return (
      Math.ceil(
        String(v.N)
          .replace(/^-/, '')
          .replace(/^0+\.?/, '')
          .replace('.', '').length / 2,
      ) + 1
    );
  if ('B' in v) return Buffer.from(String(v.B), 'base64').length;
  if ('BOOL' in v || 'NULL' in v) return 1;
  if ('SS' in v) return (v.SS as string[]).reduce((s, x) => s + utf8(x), 0);
  if ('NS' in v) return (v.NS as string[]).reduce((s, x) => s + valueSize({ N: x }), 0);
  if ('BS' in v) return (v.BS as string[]).reduce((s, x) => s + Buffer.from(x, 'base64').length, 0);
  if ('L' in v) return 3 + (v.L as AttributeValue[]).reduce((s, x) => s + 1 + valueSize(x), 0);
  if ('M' in v) return 3 + Object.entries(v.M as Item).reduce((s, [k, x]) => s + utf8(k) + 1 + valueSize(x), 0);
  return 0;
}

export const itemSize = (item: Item) => Object.entries(item).reduce((s, [k, v]) => s + utf8(k) + valueSize(v), 0);

const units = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

interface IndexSpec {
  name: string;
  partitionKey: string;
  sortKey: string;
  /** The attributes the index carries besides the keys; undefined: all of them. */
  projection?: readonly string[];
}
const INDEXES: IndexSpec[] = (table.indexes as readonly IndexSpec[]).map((i) => ({
  name: i.name,
  partitionKey: i.partitionKey,
  sortKey: i.sortKey,
  projection: i.projection,
}));
const TABLE_KEYS = [table.partitionKey, table.sortKey];

/** What an index holds of an item: its keys and projected attributes, or nothing when the item lacks a key. */
export function projected(index: IndexSpec, item: Item | undefined): Item | undefined {
  if (!item?.[index.partitionKey] || !item[index.sortKey]) return undefined;
  if (!index.projection) return item;
  const names = new Set([...TABLE_KEYS, index.partitionKey, index.sortKey, ...index.projection]);
  return Object.fromEntries(Object.entries(item).filter(([k]) => names.has(k)));
}

export const indexes = (): readonly IndexSpec[] => INDEXES;

/** Every item as the proxy last saw it written (whatever the counting), by table key. */
const items = new Map<string, Item>();
const itemKey = (key: Item) => TABLE_KEYS.map((k) => JSON.stringify(key[k] ?? null)).join('\u0000');
const keyOf = (item: Item) => Object.fromEntries(TABLE_KEYS.map((k) => [k, item[k]]));
const pkOf = (key: Item) => String(key[table.partitionKey]?.S ?? key[table.partitionKey]?.N ?? '?');

type Expression = { names: Record<string, string>; values: Record<string, AttributeValue> };

/** Splits at top-level commas (not those inside a function's parentheses). */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter(Boolean);
}

/** The top-level attribute a document path names (`#a.b[1]` → the name behind `#a`). */
const topName = (path: string, e: Expression) => {
  const first = path.trim().split(/[.[]/)[0];
  return e.names[first] ?? first;
};
const isTopLevel = (path: string) => !/[.[]/.test(path.trim());

/** The value of an update operand where it can be known: `:v`, a path, if_not_exists, list_append, `a + b`. */
function operand(text: string, old: Item, e: Expression): AttributeValue | undefined {
  const t = text.trim();
  let m = /^if_not_exists\s*\((.*)\)$/s.exec(t);
  if (m) {
    const [path, fallback] = splitTop(m[1]);
    return (isTopLevel(path) ? old[topName(path, e)] : undefined) ?? operand(fallback, old, e);
  }
  m = /^list_append\s*\((.*)\)$/s.exec(t);
  if (m) {
    const [a, b] = splitTop(m[1]).map((x) => operand(x, old, e));
    return a?.L && b?.L ? { L: [...a.L, ...b.L] } : (a ?? b);
  }
  const sum = splitTop(t.replace(/\s([+-])\s/g, ',$1,'));
  if (sum.length === 3) {
    const [a, op, b] = [operand(sum[0], old, e), sum[1], operand(sum[2], old, e)];
    if (a?.N !== undefined && b?.N !== undefined) return { N: String(op === '+' ? Number(a.N) + Number(b.N) : Number(a.N) - Number(b.N)) };
    return a ?? b;
  }
  if (t.startsWith(':')) return e.values[t];
  return isTopLevel(t) ? old[topName(t, e)] : undefined;
}

/**
 * An update applied to the item as last seen, as far as it can be known: top-level SET,
 * REMOVE, ADD and DELETE; a nested path changes its attribute to a value not known (kept as
 * it was, for its size). Returns the new item and the top-level attributes it touched.
 */
function applyUpdate(old: Item, expression: string, e: Expression): { item: Item; touched: Set<string> } {
  const item: Item = { ...old };
  const touched = new Set<string>();
  const clauses = expression.split(/\b(SET|REMOVE|ADD|DELETE)\b/i).map((s) => s.trim());
  for (let i = 1; i < clauses.length; i += 2) {
    const verb = clauses[i].toUpperCase();
    for (const action of splitTop(clauses[i + 1] ?? '')) {
      if (verb === 'SET') {
        const at = action.indexOf('=');
        const path = action.slice(0, at).trim();
        const name = topName(path, e);
        touched.add(name);
        if (!isTopLevel(path)) continue;
        const value = operand(action.slice(at + 1), old, e);
        if (value) item[name] = value;
      } else if (verb === 'REMOVE') {
        const name = topName(action, e);
        touched.add(name);
        if (isTopLevel(action)) delete item[name];
      } else {
        const [path, valueRef] = action.split(/\s+/);
        const name = topName(path, e);
        touched.add(name);
        const value = e.values[valueRef];
        const before = item[name];
        if (!value || !isTopLevel(path)) continue;
        if (value.N !== undefined) item[name] = { N: String((verb === 'ADD' ? 1 : -1) * Number(value.N) + Number(before?.N ?? 0)) };
        else {
          const kind = Object.keys(value)[0];
          const set = new Set<string>(before?.[kind] ?? []);
          for (const x of value[kind] as string[]) verb === 'ADD' ? set.add(x) : set.delete(x);
          item[name] = { [kind]: [...set] };
        }
      }
    }
  }
  return { item, touched };
}

/**
 * The partitions one item write touches and their write units: the table's (the larger of
 * the item before and after, 1 KB a unit, twice in a transaction) and each index's (what it
 * holds of the item; 1 write when an entry appears, goes or its projected attributes change,
 * 2 when its key changes; nothing when the write leaves the index's part of the item as it was).
 */
function partitionWrites(
  before: Item | undefined,
  after: Item | undefined,
  transactional: boolean,
  touched?: Set<string>,
): PartitionWrite[] {
  const factor = transactional ? 2 : 1;
  const any = after ?? before!;
  const writes: PartitionWrite[] = [
    { in: 'table', pk: pkOf(any), units: factor * units(Math.max(before ? itemSize(before) : 0, after ? itemSize(after) : 0)) },
  ];
  for (const index of INDEXES) {
    const old = projected(index, before);
    const now = projected(index, after);
    if (!old && !now) continue;
    const pk = (i: Item) => String(i[index.partitionKey]?.S ?? i[index.partitionKey]?.N ?? '?');
    const sameKey =
      old &&
      now &&
      JSON.stringify([old[index.partitionKey], old[index.sortKey]]) === JSON.stringify([now[index.partitionKey], now[index.sortKey]]);
    if (old && now && sameKey) {
      const changed = touched
        ? [...touched].some((name) => name in old || name in now)
        : JSON.stringify(old, Object.keys(old).sort()) !== JSON.stringify(now, Object.keys(now).sort());
      if (changed) writes.push({ in: index.name, pk: pk(now), units: factor * units(Math.max(itemSize(old), itemSize(now))) });
      continue;
    }
    if (old) writes.push({ in: index.name, pk: pk(old), units: factor * units(itemSize(old)) });
    if (now) writes.push({ in: index.name, pk: pk(now), units: factor * units(itemSize(now)) });
  }
  return writes;
}

type WriteItem = { action: WriteRecord['action']; body: Record<string, any> };

/** The items a write request writes (or checks), each with what it says. */
function writeItems(operation: string, body: Record<string, any>): WriteItem[] {
  if (operation === 'PutItem') return [{ action: 'Put', body }];
  if (operation === 'UpdateItem') return [{ action: 'Update', body }];
  if (operation === 'DeleteItem') return [{ action: 'Delete', body }];
  if (operation === 'TransactWriteItems')
    return (body.TransactItems ?? []).map((t: Record<string, any>) => {
      const action = Object.keys(t)[0] as WriteRecord['action'];
      return { action, body: t[action] };
    });
  if (operation === 'BatchWriteItem')
    return Object.values((body.RequestItems ?? {}) as Record<string, Record<string, any>[]>)
      .flat()
      .map((r) =>
        r.PutRequest
          ? { action: 'Put' as const, body: { Item: r.PutRequest.Item } }
          : { action: 'Delete' as const, body: { Key: r.DeleteRequest?.Key } },
      );
  return [];
}

let requestsSeen = 0;

/** Apply a successful write request to the items as last seen, recording its partition writes when counting. */
function recordWrites(operation: string, body: Record<string, any>, answer: Record<string, any>, by: string): void {
  const transactional = operation === 'TransactWriteItems';
  const request = `${operation} ${++requestsSeen}`;
  // a batch's unprocessed items were not written
  const unprocessed = new Set(
    Object.values((answer.UnprocessedItems ?? {}) as Record<string, Record<string, any>[]>)
      .flat()
      .map((r) => itemKey(r.PutRequest?.Item ?? r.DeleteRequest?.Key ?? {})),
  );
  for (const { action, body: w } of writeItems(operation, body)) {
    const key: Item = w.Item ? keyOf(w.Item) : (w.Key ?? {});
    const id = itemKey(key);
    if (unprocessed.has(id)) continue;
    const before = items.get(id);
    let after: Item | undefined = before;
    let touched: Set<string> | undefined;
    if (action === 'Put') after = w.Item;
    else if (action === 'Delete') after = undefined;
    else if (action === 'Update') {
      const applied = applyUpdate(before ?? { ...key }, String(w.UpdateExpression ?? ''), {
        names: w.ExpressionAttributeNames ?? {},
        values: w.ExpressionAttributeValues ?? {},
      });
      after = applied.item;
      touched = applied.touched;
    }
    if (after) items.set(id, after);
    else items.delete(id);
    if (!meter.enabled) continue;
    const writes =
      action === 'ConditionCheck'
        ? [{ in: 'table (condition check)', pk: pkOf(key), units: 2 * units(before ? itemSize(before) : 0) }]
        : before || after
          ? partitionWrites(before, after, transactional, touched)
          : [{ in: 'table', pk: pkOf(key), units: 1 }];
    meter.dynamodb.writes.push({ at: performance.now(), request, by, action, transactional, writes });
  }
}

/** Items as the proxy last saw them written, whose partition key passes `test` (for what a case keeps). */
export function itemsWhere(test: (pk: string) => boolean): Item[] {
  return [...items.values()].filter((i) => test(pkOf(i)));
}

// ------------------------------------------------------------------ the proxy

/** A counting proxy in front of a stand-in; returns its port. */
export function meteringProxy(target: string, kind: 'dynamodb' | 'sqs'): Promise<{ port: number; close(): Promise<void> }> {
  const to = new URL(target);
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body = Buffer.concat(chunks);
    const operation =
      String(req.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '';
    let json: Record<string, any> | undefined;
    if (kind === 'dynamodb') {
      meter.lastActivity = performance.now();
      meter.captured?.push({ operation, body: body.toString('utf8') });
      if (WITH_CAPACITY.has(operation)) {
        try {
          json = JSON.parse(body.toString('utf8')) as Record<string, any>;
          json.ReturnConsumedCapacity = 'INDEXES';
          body = Buffer.from(JSON.stringify(json));
        } catch {}
      }
    }
    const tag = req.headers[TAG_HEADER];
    const fn = req.headers[FUNCTION_HEADER];
    const by = typeof fn === 'string' ? fn : 'stack';
    const headers: IncomingHttpHeaders = { ...req.headers, host: to.host, 'content-length': String(body.length) };
    delete headers[TAG_HEADER];
    delete headers[FUNCTION_HEADER];
    const started = performance.now();
    const forward = request({ hostname: to.hostname, port: to.port, path: req.url, method: req.method, headers }, (upstream) => {
      const out: Buffer[] = [];
      upstream.on('data', (c: Buffer) => out.push(c));
      upstream.on('end', () => {
        const rtt = performance.now() - started;
        const answer = Buffer.concat(out);
        if (kind === 'sqs') {
          // an empty long poll is the poller waiting, not work for a case: kept apart
          const empty = operation === 'ReceiveMessage' && !answer.toString('utf8').includes('"Messages"');
          if (!empty) meter.lastActivity = performance.now();
          const name = empty ? 'ReceiveMessage (empty)' : operation || 'other';
          if (meter.enabled) meter.sqs.set(name, (meter.sqs.get(name) ?? 0) + 1);
        }
        if (kind === 'dynamodb' && operation) {
          meter.lastActivity = performance.now();
          let parsed: Record<string, any> = {};
          try {
            parsed = JSON.parse(answer.toString('utf8') || '{}');
          } catch {}
          const status = upstream.statusCode ?? 502;
          if (status < 300 && json && WRITES.has(operation)) recordWrites(operation, json, parsed, by);
          if (meter.enabled) {
            meter.dynamodb.requests += 1;
            meter.dynamodb.byOperation.set(operation, (meter.dynamodb.byOperation.get(operation) ?? 0) + 1);
            const byFunction = `${by} ${operation}`;
            meter.dynamodb.byFunction.set(byFunction, (meter.dynamodb.byFunction.get(byFunction) ?? 0) + 1);
            countCapacity(operation, json, parsed);
            const refused = refusal(operation, status, parsed);
            if (refused) meter.dynamodb.refused.set(refused, (meter.dynamodb.refused.get(refused) ?? 0) + 1);
            if (typeof tag === 'string') {
              const t = meter.tagged.get(tag) ?? { requests: 0, ms: 0 };
              t.requests += 1;
              t.ms += rtt;
              meter.tagged.set(tag, t);
            }
          }
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
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      }),
    ),
  );
}
