// Write sharding of the index keys that many items share (every case, every open review,
// every watchdog alert, a department's work list, a month's statistics): each key is split
// into a fixed number of shards chosen by a hash of the case id, so no single key takes
// more than a small share of a partition's write rate (infra/manifest.ts `shards`). A list
// reads every shard and merges them in order; its cursor remembers where each shard is.
import { createHash } from 'node:crypto';
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { documents, queryAll } from './clients.ts';

/** The shard of a case among `count`: stable, and spread evenly by the hash. */
export function shardOf(caseId: string, count: number): number {
  return createHash('sha256').update(caseId).digest().readUInt32BE(0) % count;
}

export const allShards = (count: number) => Array.from({ length: count }, (_, i) => i);

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export class BadCursor extends Error {
  constructor() {
    super('cursor is not one this API gave out');
    this.name = 'BadCursor';
  }
}

type Key = Record<string, string>;
/** Per shard: not started (absent), the key of the last item handed out, or done (null). */
type ShardPositions = Record<string, Key | null>;

function encodeCursor(positions: ShardPositions): string {
  return Buffer.from(JSON.stringify({ v: 1, s: positions })).toString('base64url');
}

function decodeCursor(cursor: string | undefined, shards: number): ShardPositions {
  if (!cursor) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadCursor();
  }
  const positions = (parsed as { v?: unknown; s?: unknown } | null)?.s;
  if ((parsed as { v?: unknown } | null)?.v !== 1 || !positions || typeof positions !== 'object' || Array.isArray(positions)) throw new BadCursor();
  for (const [shard, key] of Object.entries(positions)) {
    const n = Number(shard);
    const validKey =
      key === null ||
      (typeof key === 'object' && !Array.isArray(key) && Object.keys(key).length > 0 && Object.values(key).every((v) => typeof v === 'string' && v.length <= 1024));
    if (!Number.isInteger(n) || n < 0 || n >= shards || !validKey) throw new BadCursor();
  }
  return positions as ShardPositions;
}

export interface ShardedQuery {
  index: string;
  /** The index's key attributes and the table's, which make up a position in it. */
  keyAttributes: string[];
  sortKey: string;
  partitionKeys: string[];
  ascending: boolean;
  filter?: Pick<QueryCommandInput, 'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>;
}

/**
 * One page of a list kept in several shards, in sort-key order across all of them. Each
 * shard is read from where the cursor left it; an item read but not handed out is read
 * again on the next page, so nothing is skipped or repeated.
 */
export async function queryShards<T extends Record<string, unknown>>(
  tableName: string,
  q: ShardedQuery,
  limit: number,
  cursor: string | undefined,
): Promise<Page<T>> {
  const positions = decodeCursor(cursor, q.partitionKeys.length);
  const reads = await Promise.all(
    q.partitionKeys.map(async (pk, shard) => {
      const from = positions[shard];
      if (from === null) return { shard, items: [] as Record<string, any>[], more: false };
      const page = await documents.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: q.index,
          KeyConditionExpression: `${q.index}PK = :pk`,
          ...q.filter,
          ExpressionAttributeValues: { ...q.filter?.ExpressionAttributeValues, ':pk': pk },
          ScanIndexForward: q.ascending,
          Limit: limit,
          ...(from ? { ExclusiveStartKey: from } : {}),
        }),
      );
      return { shard, items: page.Items ?? [], more: Boolean(page.LastEvaluatedKey), last: page.LastEvaluatedKey as Key | undefined };
    }),
  );
  const merged = reads
    .flatMap((r) => r.items.map((item) => ({ shard: r.shard, item })))
    .sort((a, b) => {
      const order = String(a.item[q.sortKey]).localeCompare(String(b.item[q.sortKey]));
      return q.ascending ? order : -order;
    })
    .slice(0, limit);
  const next: ShardPositions = { ...positions };
  for (const r of reads) {
    const taken = merged.filter((m) => m.shard === r.shard);
    if (taken.length === r.items.length) {
      // every item read from this shard was handed out: it continues after what it scanned
      next[r.shard] = r.more ? (r.last ?? null) : null;
    } else if (taken.length) {
      const lastTaken = taken.at(-1)!.item;
      next[r.shard] = Object.fromEntries(q.keyAttributes.map((k) => [k, String(lastTaken[k])]));
    }
  }
  const done = q.partitionKeys.every((_, shard) => next[shard] === null);
  return { items: merged.map((m) => m.item as T), ...(done ? {} : { nextCursor: encodeCursor(next) }) };
}

/** Every item of every shard (order within a shard only), for jobs that read them all. */
export async function* queryAllShards(input: Omit<QueryCommandInput, 'ExclusiveStartKey'>, partitionKeys: string[]) {
  for (const pk of partitionKeys)
    yield* queryAll({ ...input, ExpressionAttributeValues: { ...input.ExpressionAttributeValues, ':pk': pk } });
}
