// The in-memory CaseStore refuses what the table refuses (a write made on a stale read), and
// the read-decide-commit loop decides again after a conflict and concludes a case whose
// last review another writer settled meanwhile.
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { mutate } from '#app/mutate.ts';
import type { CaseAggregate } from '#core/case/model.ts';
import { withdrawCase } from '#core/case/outcome.ts';
import { decideReview } from '#core/case/review-actions.ts';
import { submitCase } from '#core/case/submission.ts';
import { VersionConflict } from '#core/case-store.ts';
import { memoryRuntime } from '../support/memory-runtime.ts';
import { APPLICANT, CAL, SUBMITTED_AT, application, buildingService, plusMs } from '../support/fixtures.ts';

const CASE_ID = 'CASE-MEMORY';

async function opened() {
  const env = memoryRuntime({ now: plusMs(SUBMITTED_AT, 1_000), calendar: CAL });
  await env.seed(
    submitCase({
      caseId: CASE_ID,
      service: buildingService(),
      input: application(),
      applicantSub: APPLICANT,
      now: SUBMITTED_AT,
      calendar: CAL,
    }),
  );
  const read = async () => {
    const agg = await env.store.load(CASE_ID);
    assert.ok(agg);
    return agg;
  };
  return { ...env, read };
}

const approve = (agg: CaseAggregate, department: string, at: Date) =>
  decideReview({ aggregate: agg, department, decision: { decision: 'APPROVE' }, reviewer: 'li', now: at, calendar: CAL }).change;

describe('MemoryCaseStore', () => {
  it('refuses a change to the case made on a stale read, and writes nothing of it', async () => {
    const { store, read } = await opened();
    const first = await read();
    const second = await read();
    await store.commit(first, withdrawCase(first, plusMs(SUBMITTED_AT, 5_000)), CAL);
    await assert.rejects(store.commit(second, withdrawCase(second, plusMs(SUBMITTED_AT, 6_000)), CAL), VersionConflict);
    const now = await read();
    assert.equal(now.timeline.filter((e) => e.type === 'CASE_WITHDRAWN').length, 1);
    assert.equal(now.record.version, 1);
    assert.equal(store.refused, 1);
  });

  it('lets settlements of different reviews made on one read both commit, but not one review twice', async () => {
    const { store, read } = await opened();
    const agg = await read();
    await store.commit(agg, approve(agg, 'planning', plusMs(SUBMITTED_AT, 2_000)), CAL);
    await store.commit(agg, approve(agg, 'fire', plusMs(SUBMITTED_AT, 2_000)), CAL);
    const reject = decideReview({
      aggregate: agg,
      department: 'planning',
      decision: { decision: 'REJECT', comment: 'no' },
      reviewer: 'li',
      now: plusMs(SUBMITTED_AT, 3_000),
      calendar: CAL,
    });
    await assert.rejects(store.commit(agg, reject.change, CAL), VersionConflict);
    const now = await read();
    assert.deepEqual(now.reviews.map((r) => [r.department, r.status]).sort(), [
      ['environment', 'PENDING'],
      ['fire', 'APPROVED'],
      ['planning', 'APPROVED'],
    ]);
  });

  it('refuses a change made before the review was armed, so the task token is not lost', async () => {
    const { store, read } = await opened();
    const agg = await read();
    const at = plusMs(SUBMITTED_AT, 1_500).toISOString();
    assert.ok(
      store.arm(CASE_ID, 'planning', { taskToken: 't1', dispatchedAt: at, armedFor: plusMs(SUBMITTED_AT, 7_200_000).toISOString() }),
    );
    await assert.rejects(store.commit(agg, approve(agg, 'planning', plusMs(SUBMITTED_AT, 2_000)), CAL), VersionConflict);
    assert.equal((await read()).reviews.find((r) => r.department === 'planning')?.taskToken, 't1');
  });

  it('writes a new case once', async () => {
    const { seed } = await opened();
    const again = submitCase({
      caseId: CASE_ID,
      service: buildingService(),
      input: application(),
      applicantSub: APPLICANT,
      now: SUBMITTED_AT,
      calendar: CAL,
    });
    await assert.rejects(seed(again), VersionConflict);
  });

  it('keeps the statistics and the alert index the change implies', async () => {
    const { store } = await opened();
    assert.ok([...store.stats.keys()].some((k) => k.startsWith('2026-01#DEPT#planning')));
    assert.ok(store.alerts.has(`${CASE_ID}#environment`), 'a working-day review has a reminder due');
  });
});

describe('mutate over the CaseStore port', () => {
  it('decides again on the case as it now is when its commit was refused', async () => {
    const { runtime, store, read, recorded } = await opened();
    const commit = store.commit.bind(store);
    let raced = false;
    store.commit = async (before, change, calendar) => {
      if (!raced) {
        raced = true;
        const meanwhile = await read();
        await commit(meanwhile, approve(meanwhile, 'planning', plusMs(SUBMITTED_AT, 1_000)), CAL);
      }
      return commit(before, change, calendar);
    };
    const seen: string[] = [];
    const status = await mutate(runtime, CASE_ID, (agg) => {
      assert.ok(agg);
      const planning = agg.reviews.find((r) => r.department === 'planning');
      seen.push(planning?.status ?? '');
      if (planning?.status !== 'PENDING') return { change: null, result: () => 'already decided' };
      return { change: approve(agg, 'planning', plusMs(SUBMITTED_AT, 2_000)), result: () => 'decided' };
    });
    assert.equal(status, 'already decided');
    assert.deepEqual(seen, ['PENDING', 'APPROVED']);
    assert.equal(recorded.retries, 1);
  });

  it('concludes the case when the settlement it commits leaves no review open, though it read others open', async () => {
    const { runtime, store, read } = await opened();
    const stale = await read();
    for (const department of ['planning', 'fire']) {
      const agg = await read();
      await store.commit(agg, approve(agg, department, plusMs(SUBMITTED_AT, 1_000)), CAL);
    }
    const { after, change } = await mutate(
      runtime,
      CASE_ID,
      (agg) => {
        assert.ok(agg);
        return { change: approve(agg, 'environment', plusMs(SUBMITTED_AT, 2_000)), result: (after, change) => ({ after, change }) };
      },
      { read: stale },
    );
    assert.equal(after?.record.status, 'APPROVED');
    assert.deepEqual(
      change?.events.map((e) => e.type),
      ['REVIEW_APPROVED', 'CASE_APPROVED'],
    );
    const now = await read();
    assert.equal(now.timeline.filter((e) => e.type === 'CASE_APPROVED').length, 1);
  });
  it('a writer killed between settling the last review and concluding: the next one to touch the case concludes it, once', async () => {
    const { runtime, store, read, recorded } = await opened();
    const stale = await read();
    for (const department of ['planning', 'fire']) {
      const agg = await read();
      await store.commit(agg, approve(agg, department, plusMs(SUBMITTED_AT, 1_000)), CAL);
    }
    // the process dies right after its settlement commits: before it reads the case again to conclude it
    const load = store.load.bind(store);
    const commit = store.commit.bind(store);
    let killed = false;
    store.commit = async (before, change, calendar) => {
      const after = await commit(before, change, calendar);
      killed = true;
      return after;
    };
    store.load = async (caseId) => {
      if (killed) throw new Error('killed');
      return load(caseId);
    };
    const settleLast = (read?: CaseAggregate) =>
      mutate(
        runtime,
        CASE_ID,
        (agg) => {
          assert.ok(agg);
          const environment = agg.reviews.find((r) => r.department === 'environment');
          if (environment?.status !== 'PENDING') return { change: null, result: (after, change) => ({ after, change }) };
          return { change: approve(agg, 'environment', plusMs(SUBMITTED_AT, 2_000)), result: (after, change) => ({ after, change }) };
        },
        { read },
      );
    await assert.rejects(settleLast(stale), /killed/);
    store.load = load;
    store.commit = commit;
    const stuck = await read();
    assert.equal(stuck.record.status, 'IN_REVIEW');
    assert.ok(stuck.reviews.every((r) => r.status === 'APPROVED'));

    // the department's retry (its answer never came) finds the review settled, and concludes the case first
    const retried = await settleLast();
    assert.equal(retried.after?.record.status, 'APPROVED');
    assert.deepEqual(
      retried.change?.events.map((e) => e.type),
      ['CASE_APPROVED'],
    );
    // a second look changes nothing
    const again = await settleLast();
    assert.equal(again.change, null);
    const now = await read();
    assert.equal(now.record.status, 'APPROVED');
    assert.equal(now.timeline.filter((e) => e.type === 'CASE_APPROVED').length, 1);
    assert.equal(now.timeline.filter((e) => e.type === 'REVIEW_APPROVED').length, 3);
    assert.equal(recorded.retries, 0);
  });
});
