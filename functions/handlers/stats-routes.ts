// Shared by the public statistics routes: counters of a month (?period=YYYY-MM, default
// the current one in the authority's time zone), never computed by reading cases.
import { currentCalendar } from '#adapters/calendar-store.ts';
import { statsOf } from '#adapters/case-queries.ts';
import type { CaseQueries } from '#app/ports.ts';
import { type Calendar, localDate } from '#core/calendar.ts';
import { departmentStats, serviceStats } from '#core/stats.ts';
import { httpRoute } from '#http/api.ts';
import { contract } from '#http/routes/stats.ts';

/** What the statistics are read with: the counters, the current calendar (its time zone) and the clock. */
export interface StatsDeps {
  statsOf: CaseQueries['statsOf'];
  calendar: () => Promise<Calendar>;
  now: () => Date;
}

const tableStats: StatsDeps = { statsOf, calendar: currentCalendar, now: () => new Date() };

async function period(deps: StatsDeps, requested: string | undefined) {
  return requested ?? localDate(deps.now(), (await deps.calendar()).timeZone).slice(0, 7);
}

export const departmentStatsRoute = (deps: StatsDeps = tableStats) =>
  httpRoute(contract['GET /stats/departments'], async ({ query }) => {
    const p = await period(deps, query.period);
    const items = (await deps.statsOf(p, 'DEPT')).map((s) => departmentStats(p, s.key, s.counters));
    return { body: { period: p, items } };
  });

export const serviceStatsRoute = (deps: StatsDeps = tableStats) =>
  httpRoute(contract['GET /stats/services'], async ({ query }) => {
    const p = await period(deps, query.period);
    const items = (await deps.statsOf(p, 'SERVICE')).map((s) => serviceStats(p, s.key, s.counters));
    return { body: { period: p, items } };
  });
