// Sharded lists (functions/adapters/shards.ts): the shard of a case is stable and spread;
// a cursor the API did not give out is refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadCursor, queryShards, shardOf } from '#adapters/shards.ts';

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

  it('refuses a cursor it did not give out, before reading anything', async () => {
    const q = { index: 'GSI2', keyAttributes: ['PK'], sortKey: 'GSI2SK', partitionKeys: ['A#0', 'A#1'], ascending: true };
    const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
    for (const cursor of ['%%%', b64('not json'), b64({ x: 1 }), b64([1]), b64(null), b64({ v: 1, s: [] }), b64({ v: 1, s: { 2: null } }), b64({ v: 1, s: { 0: 'k' } }), b64({ v: 1, s: { 0: { PK: 5 } } }), b64({ v: 2, s: {} })])
      await assert.rejects(queryShards('t', q, 10, cursor), BadCursor, cursor);
  });
});
