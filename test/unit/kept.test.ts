// What a function instance keeps between requests (functions/adapters/kept.ts).
import assert from 'node:assert/strict';
import { it } from 'vitest';
import { keptFor } from '#adapters/kept.ts';

it('keeps a read, not a failed one; a write or a forget replaces what it kept', async () => {
  const reads: string[] = [];
  let fail = true;
  const kept = keptFor(60_000, async (key: string) => {
    reads.push(key);
    if (key === 'flaky' && fail) {
      fail = false;
      throw new Error('unavailable');
    }
    return `value of ${key}`;
  });
  assert.equal(await kept.get('a'), 'value of a');
  assert.equal(await kept.get('a'), 'value of a');
  assert.deepEqual(reads, ['a'], 'read once while kept');
  await assert.rejects(kept.get('flaky'));
  assert.equal(await kept.get('flaky'), 'value of flaky', 'a failed read is read again');
  kept.set('a', 'written here');
  assert.equal(await kept.get('a'), 'written here');
  kept.forget('a');
  assert.equal(await kept.get('a'), 'value of a');
  assert.deepEqual(reads, ['a', 'flaky', 'flaky', 'a']);
});
