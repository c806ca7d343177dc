import { isAdmin, type Principal } from '#core/access.ts';
import { httpRoute } from '#http/api.ts';
import { contract } from '#http/routes/put-calendar-year.ts';
import { changeCalendar } from './calendar-change.ts';

const admins = { who: 'admins', test: (p: Principal) => isAdmin(p) };

// Holidays and make-up working days of one year, replacing what the calendar had for it.
export const handler = httpRoute({ ...contract['PUT /calendar/years/{year}'], allow: admins }, async ({ params, body }) => {
  const outside = [...body.holidays, ...body.workdays].filter((d) => !d.startsWith(`${params.year}-`));
  if (outside.length)
    return {
      status: 400,
      body: {
        error: {
          code: 'VALIDATION_FAILED',
          message: `every date must be in ${params.year}`,
          issues: outside.map((d) => ({ path: body.holidays.includes(d) ? 'holidays' : 'workdays', message: `${d} is not in ${params.year}` })),
        },
      },
    };
  const both = body.holidays.filter((d) => body.workdays.includes(d));
  if (both.length)
    return {
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED', message: 'a day is either a holiday or a working day', issues: both.map((d) => ({ path: 'workdays', message: `${d} is also a holiday` })) } },
    };
  return changeCalendar(
    (current) => ({
      timeZone: current.timeZone,
      officeHours: current.officeHours,
      years: { ...current.years, [params.year]: { holidays: [...new Set(body.holidays)].sort(), workdays: [...new Set(body.workdays)].sort() } },
    }),
    // An open review due before this year began cannot be moved by this year's days.
    `${Number(params.year) - 1}-12-31`,
  );
});
