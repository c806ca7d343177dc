// Write sharding of the index keys that many items share (every case, every open review,
// every watchdog alert, a department's work list, a month's statistics): each key is split
// into a fixed number of shards chosen by a hash of the case id, so no single key takes
// more than a small share of a partition's write rate (infra/manifest.ts `shards`). A list
// reads every shard and merges them in order; its cursor remembers where each shard is.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Page } from '#app/ports.ts';
import { badCursor } from '#core/errors.ts';
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { documents, type Item, queryAll } from './clients.ts';
import { cursorKey } from './secrets.ts';

/** The shard of a case among `count`: stable, and spread evenly by the hash. */
export function shardOf(caseId: string, count: number): number {
  return createHash('sha256').update(caseId).digest().readUInt32BE(0) % count;
}

export const allShards = (count: number) => Array.from({ length: count }, (_, i) => i);

export type { Page } from '#app/ports.ts';

type Key = Record<string, string>;
/** Per shard: not started (absent), the key of the last item handed out, or done (null). */
type ShardPositions = Record<string, Key | null>;

const CURSOR_VERSION = 2;

/**
 * What a cursor is bound to: the index, every partition it reads (which name the caller's
 * own list: an applicant, a department and status) and the filter. A cursor handed out for
 * one list is refused by every other.
 */
const listIdentity = (q: ShardedQuery) =>
  JSON.stringify([CURSOR_VERSION, q.index, q.partitionKeys, q.filter?.FilterExpression ?? '', q.filter?.ExpressionAttributeValues ?? {}]);

const mac = (key: Buffer, q: ShardedQuery, payload: string) =>
  createHmac('sha256', key).update(listIdentity(q)).update('\u0000').update(payload).digest();

/** `<payload>.<signature>`, both base64url: the positions, and an HMAC-SHA256 over them and the list. */
export function encodeCursor(key: Buffer, q: ShardedQuery, positions: ShardPositions): string {
  const payload = Buffer.from(JSON.stringify({ v: CURSOR_VERSION, s: positions })).toString('base64url');
  return `${payload}.${mac(key, q, payload).toString('base64url')}`;
}

export function decodeCursor(key: Buffer, q: ShardedQuery, cursor: string): ShardPositions {
  const [payload, signature, ...rest] = cursor.split('.');
  if (!payload || !signature || rest.length) throw badCursor();
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(key, q, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw badCursor();
  // signed by this API for this very list: what it says was written by encodeCursor
  const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { v: number; s: ShardPositions };
  return parsed.s;
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
  const key = cursor ? await cursorKey() : undefined;
  const positions: ShardPositions = key && cursor ? decodeCursor(key, q, cursor) : {};
  const reads = await Promise.all(
    q.partitionKeys.map(async (pk, shard) => {
      const from = positions[shard];
      if (from === null) return { shard, items: [] as Item[], more: false };
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
  return { items: merged.map((m) => m.item as T), ...(done ? {} : { nextCursor: encodeCursor(key ?? (await cursorKey()), q, next) }) };
}

/** Every item of every shard (order within a shard only), for jobs that read them all. */
export async function* queryAllShards(input: Omit<QueryCommandInput, 'ExclusiveStartKey'>, partitionKeys: string[]) {
  for (const pk of partitionKeys)
    yield* queryAll({ ...input, ExpressionAttributeValues: { ...input.ExpressionAttributeValues, ':pk': pk } });
}
