// The public statistics (per department, per service), driven through their HTTP handlers
// against the counters the in-memory case store keeps as cases change: a month's counters,
// the current month in the authority's time zone by default.
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { decideReview } from '#core/case/review-actions.ts';
import { submitCase } from '#core/case/submission.ts';
import type { DecisionInput } from '#core/schemas.ts';
import { departmentStatsRoute, serviceStatsRoute } from '../../../functions/handlers/stats-routes.ts';
import { callRoute, memoryRuntime } from '../../support/memory-runtime.ts';
import { APPLICANT, CAL, SUBMITTED_AT, application, buildingService, local, plusMs } from '../../support/fixtures.ts';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
type Item = Record<string, unknown>;

/** Two cases in January 2026 (one approved by planning, rejected by fire; one open), one in February. */
async function setUp() {
  const env = memoryRuntime({ now: local('2026-03-02 10:00'), calendar: CAL });
  const submitted = (caseId: string, at: Date) =>
    env.seed(submitCase({ caseId, service: buildingService(), input: application(), applicantSub: APPLICANT, now: at, calendar: CAL }));
  const decide = async (caseId: string, department: string, decision: DecisionInput, at: Date) => {
    const agg = await env.store.load(caseId);
    assert.ok(agg);
    await env.store.commit(agg, decideReview({ aggregate: agg, department, decision, reviewer: 'r', now: at, calendar: CAL }).change, CAL);
  };
  await submitted('CASE-JAN-1', SUBMITTED_AT);
  await submitted('CASE-JAN-2', plusMs(SUBMITTED_AT, 60_000));
  await submitted('CASE-FEB-1', local('2026-02-02 10:00'));
  await decide('CASE-JAN-1', 'planning', { decision: 'APPROVE' }, plusMs(SUBMITTED_AT, 10_000));
  await decide('CASE-JAN-1', 'fire', { decision: 'REJECT', comment: '不符合消防规范' }, plusMs(SUBMITTED_AT, 20_000));
  const deps = { statsOf: env.queries.statsOf.bind(env.queries), calendar: env.runtime.calendar, now: env.runtime.now };
  const departments = (query?: Record<string, string>) =>
    callRoute(departmentStatsRoute(deps), { route: 'GET /stats/departments', ...(query ? { query } : {}) });
  const services = (query?: Record<string, string>) =>
    callRoute(serviceStatsRoute(deps), { route: 'GET /stats/services', ...(query ? { query } : {}) });
  return { ...env, departments, services };
}

const byKey = (items: Item[], key: string) => Object.fromEntries(items.map((i) => [i[key], i]));

describe('GET /stats/departments', () => {
  it('counts a month per department: received, decided on time, approved, rejected, and the working days to decide', async () => {
    const t = await setUp();
    const res = await t.departments({ period: '2026-01' });
    assert.equal(res.status, 200);
    assert.equal(res.body.period, '2026-01');
    const d = byKey(res.body.items, 'department');
    assert.deepEqual(Object.keys(d).sort(), ['environment', 'fire', 'planning']);
    assert.deepEqual(d.planning, {
      department: 'planning',
      period: '2026-01',
      received: 2,
      decided: 1,
      decidedOnTime: 1,
      approved: 1,
      rejected: 0,
      deemedApprovals: 0,
      correctionRequests: 0,
      extensions: 0,
      opinions: 0,
      opinionsMissing: 0,
      commitments: 0,
      postChecksDone: 0,
      postChecksFailed: 0,
      postChecksMissed: 0,
      ratings: { count: 0, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 }, low: 0, lowAnswered: 0 },
      medianWorkingDaysToDecide: 0,
      p90WorkingDaysToDecide: 0,
    });
    assert.equal(d.fire.rejected, 1);
    assert.equal(d.fire.decided, 1);
    assert.equal(d.environment.received, 2);
    assert.equal(d.environment.decided, 0, 'closed by the rejection, not decided by it');
    assert.equal(d.environment.medianWorkingDaysToDecide, undefined);
  });

  it('another month counts its own cases; a month with none is an empty list', async () => {
    const t = await setUp();
    const feb = await t.departments({ period: '2026-02' });
    assert.deepEqual(
      feb.body.items.map((i: Item) => [i.department, i.received, i.decided]),
      [
        ['environment', 1, 0],
        ['fire', 1, 0],
        ['planning', 1, 0],
      ],
    );
    assert.deepEqual((await t.departments({ period: '2025-12' })).body, { period: '2025-12', items: [] });
  });

  it('without ?period= it is the current month where the authority is: its calendar’s time zone', async () => {
    const t = await setUp();
    t.clock.now = new Date('2026-01-31T16:30:00Z'); // 1 February 00:30 in Shanghai
    const shanghai = await t.departments();
    assert.equal(shanghai.body.period, '2026-02');
    assert.equal(shanghai.body.items.length, 3);
    t.clock.calendar = { ...CAL, version: 2, timeZone: 'Europe/London' }; // still 31 January there
    const london = await t.departments();
    assert.equal(london.body.period, '2026-01');
    assert.equal(byKey(london.body.items, 'department').planning.received, 2);
  });

  it('a period that is not a month is 400 at query.period, as is an unknown parameter; no token is needed', async () => {
    const t = await setUp();
    for (const period of ['2026-13', '2026-1', '1999-01', '2026-01-01']) {
      const res = await t.departments({ period });
      assert.equal(res.status, 400, period);
      assert.equal(res.body.error.issues[0].path, 'query.period');
    }
    assert.equal((await t.departments({ month: '2026-01' })).status, 400);
  });
});

describe('GET /stats/services', () => {
  it('counts a month per service: cases, outcomes and the working days to an outcome', async () => {
    const t = await setUp();
    const jan = await t.services({ period: '2026-01' });
    assert.equal(jan.status, 200);
    assert.deepEqual(jan.body, {
      period: '2026-01',
      items: [
        {
          serviceCode: 'building-permit',
          period: '2026-01',
          cases: 2,
          outcomes: { approved: 0, rejected: 1, lapsed: 0, withdrawn: 0 },
          medianWorkingDaysToOutcome: 0,
          ratings: { count: 0, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 }, low: 0, lowAnswered: 0 },
        },
      ],
    });
    const feb = await t.services({ period: '2026-02' });
    assert.equal(feb.body.items[0].cases, 1);
    assert.deepEqual(feb.body.items[0].outcomes, { approved: 0, rejected: 0, lapsed: 0, withdrawn: 0 });
    assert.equal(feb.body.items[0].medianWorkingDaysToOutcome, undefined);
  });

  it('defaults to the current month too, and refuses a period that is not one', async () => {
    const t = await setUp();
    t.clock.now = local('2026-02-10 09:00');
    const res = await t.services();
    assert.equal(res.body.period, '2026-02');
    assert.equal(res.body.items[0].cases, 1);
    assert.equal((await t.services({ period: 'feb' })).status, 400);
  });
});
