// Shared by the public statistics routes: counters of a month (?period=YYYY-MM, default
// the current one in the authority's time zone), never computed by reading cases.
import { currentCalendar } from '#adapters/calendar-store.ts';
import { statsOf } from '#adapters/case-queries.ts';
import { localDate } from '#core/calendar.ts';
import { departmentStats, serviceStats } from '#core/stats.ts';
import { httpRoute } from '#http/api.ts';
import { contract } from '#http/routes/stats.ts';

async function period(requested: string | undefined) {
  return requested ?? localDate(new Date(), (await currentCalendar()).timeZone).slice(0, 7);
}

export const departmentStatsRoute = () =>
  httpRoute(contract['GET /stats/departments'], async ({ query }) => {
    const p = await period(query.period);
    const items = (await statsOf(p, 'DEPT')).map((s) => departmentStats(p, s.key, s.counters));
    return { body: { period: p, items } };
  });

export const serviceStatsRoute = () =>
  httpRoute(contract['GET /stats/services'], async ({ query }) => {
    const p = await period(query.period);
    const items = (await statsOf(p, 'SERVICE')).map((s) => serviceStats(p, s.key, s.counters));
    return { body: { period: p, items } };
  });
