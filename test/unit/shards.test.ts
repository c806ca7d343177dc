// Sharded lists (functions/adapters/shards.ts): the shard of a case is stable and spread;
// a cursor is signed for its list, and one the API did not give out for that list is refused.
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { DomainError } from '#core/errors.ts';
import { decodeCursor, encodeCursor, shardOf, type ShardedQuery } from '#adapters/shards.ts';

describe('shards', () => {
  it('a case always lands in the same shard, and cases spread over all of them', () => {
    const counts = new Array(16).fill(0);
    for (let i = 0; i < 16_000; i++) {
      const caseId = `01JGZ${String(i).padStart(21, '0')}`;
      assert.equal(shardOf(caseId, 16), shardOf(caseId, 16));
      counts[shardOf(caseId, 16)]++;
    }
    for (const n of counts) assert.ok(n > 800 && n < 1200, `shard sizes ${counts.join(', ')}`);
  });

  const key = Buffer.alloc(32, 7);
  const q: ShardedQuery = { index: 'GSI2', keyAttributes: ['PK'], sortKey: 'GSI2SK', partitionKeys: ['A#0', 'A#1'], ascending: true };
  const positions = { 0: { PK: 'CASE#1', GSI2SK: '2026' }, 1: null };
  const refused = (cursor: string, list = q, k = key) =>
    assert.throws(
      () => decodeCursor(k, list, cursor),
      (err: unknown) =>
        err instanceof DomainError && err.code === 'VALIDATION_FAILED' && (err.details!.issues as { path: string }[])[0].path === 'cursor',
      cursor,
    );

  it('reads back the positions of a cursor it signed for the same list', () => {
    assert.deepEqual(decodeCursor(key, q, encodeCursor(key, q, positions)), positions);
  });

  it('refuses a crafted, truncated or altered cursor', () => {
    const good = encodeCursor(key, q, positions);
    const [payload, signature] = good.split('.');
    const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
    const crafted = [
      '',
      '%%%',
      '.',
      'a.',
      '.b',
      b64('not json'),
      b64({ x: 1 }),
      b64({ v: 1, s: { 0: null } }),
      `${b64({ v: 2, s: {} })}.${signature}`,
      `${good}.x`,
    ];
    const truncated = [good.slice(0, -1), good.slice(0, good.length / 2), payload, `${payload}.`];
    const altered = [
      `${b64({ v: 2, s: { 0: { PK: 'CASE#2', GSI2SK: '2026' }, 1: null } })}.${signature}`,
      `${payload}.${Buffer.alloc(32).toString('base64url')}`,
    ];
    for (const cursor of [...crafted, ...truncated, ...altered]) if (cursor) refused(cursor);
  });

  it('refuses a cursor given out for another list, or under another key', () => {
    const good = encodeCursor(key, q, positions);
    refused(good, { ...q, partitionKeys: ['B#0', 'B#1'] }); // another caller's list
    refused(good, { ...q, index: 'GSI1' });
    refused(good, {
      ...q,
      filter: {
        FilterExpression: '#s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': 'APPROVED' },
      },
    });
    refused(good, q, Buffer.alloc(32, 8));
  });
});
