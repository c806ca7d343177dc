// The audit chains (functions/core/audit.ts): the case's own events and each department's
// review events are numbered and hash-linked in chains of their own, so changes to
// different reviews never contend; the case's events anchor where each review chain stood;
// any altered, removed or reordered event breaks a chain or an anchor.
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { appendEvents, GENESIS, inOrder, verifyChain } from '#core/audit.ts';
import type { TimelineEvent } from '#core/case/model.ts';

const CASE = 'C1';
const ev = (type: string, at: string, department?: string) => ({
  at: `2026-03-02T0${at}Z`,
  type,
  actor: 'system:test',
  ...(department ? { department } : {}),
});

function sampleTimeline(): TimelineEvent[] {
  let t: TimelineEvent[] = [];
  const add = (...events: ReturnType<typeof ev>[]) => (t = inOrder([...t, ...appendEvents(CASE, t, events)]));
  add(ev('SUBMITTED', '1:00:00.000'), ev('ACCEPTED', '1:00:00.000'));
  add(ev('REVIEW_APPROVED', '2:00:00.000', 'fire'));
  add(ev('REVIEW_EXTENDED', '2:30:00.000', 'planning'));
  add(ev('REVIEW_APPROVED', '3:00:00.000', 'planning'), ev('CASE_APPROVED', '3:00:00.000'));
  return t;
}

describe('audit chains', () => {
  it('numbers each chain on its own and links each event to the one before it in its chain', () => {
    const t = sampleTimeline();
    assert.deepEqual(
      t.map((e) => [e.type, e.department, e.seq]),
      [
        ['SUBMITTED', undefined, 1],
        ['ACCEPTED', undefined, 2],
        ['REVIEW_APPROVED', 'fire', 1],
        ['REVIEW_EXTENDED', 'planning', 1],
        // at one instant the settlement comes before the outcome it made
        ['REVIEW_APPROVED', 'planning', 2],
        ['CASE_APPROVED', undefined, 3],
      ],
    );
    assert.equal(t[0]!.prevHash, GENESIS);
    assert.equal(t[2]!.prevHash, GENESIS, 'a review chain starts at the genesis');
    assert.equal(t[4]!.prevHash, t[3]!.hash);
    assert.equal(t[5]!.prevHash, t[1]!.hash);
    const result = verifyChain(CASE, t);
    assert.equal(result.valid, true);
    assert.equal(result.events, 6);
    assert.deepEqual(result.heads, { case: t[5]!.hash, fire: t[2]!.hash, planning: t[4]!.hash });
    assert.equal(result.head, t[5]!.hash);
  });

  it('any altered, re-hashed, removed or reordered event breaks its chain, and names where', () => {
    const t = sampleTimeline();
    for (const [i, e] of t.entries()) {
      const where = { seq: e.seq, ...(e.department ? { department: e.department } : {}) };
      const altered = t.map((x, j) => (j === i ? { ...x, actor: 'someone else' } : x));
      assert.deepEqual(verifyChain(CASE, altered).brokenAt, { ...where, reason: 'its content does not match its hash' });
      const removed = t.filter((_, j) => j !== i);
      // the outcome anchors where each review's chain stood: only the very last event's removal needs a kept head
      if (i === t.length - 1) assert.equal(verifyChain(CASE, removed).valid, true, 'a removed last event shows only against a kept head');
      else assert.equal(verifyChain(CASE, removed).valid, false, `removing ${e.type} ${e.department ?? ''}`);
    }
    // the last event of a review's chain, removed before the outcome anchored it... is anchored by it
    const outcome = t.at(-1)!;
    assert.deepEqual(outcome.anchors, { fire: { seq: 1, hash: t[2]!.hash }, planning: { seq: 2, hash: t[4]!.hash } });
    const withoutFire = t.filter((e) => e.department !== 'fire');
    assert.deepEqual(verifyChain(CASE, withoutFire).brokenAt, {
      seq: outcome.seq,
      reason: "the fire review's event 1 it anchors is missing or altered",
    });
    // another case's events do not verify here: the case id is in every hash
    assert.equal(verifyChain('C2', t).valid, false);
    // two events of one chain swapped
    const swapped = t.map((x) => (x.department === 'planning' ? { ...x, seq: 3 - x.seq } : x));
    assert.equal(verifyChain(CASE, swapped).valid, false);
  });
});
