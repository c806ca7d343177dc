import { isAdmin, type Principal } from '#core/access.ts';
import { isValidTimeZone } from '#core/calendar.ts';
import { HttpError, httpRoute } from '#http/api.ts';
import { contract } from '#http/routes/put-calendar-settings.ts';
import { changeCalendar } from './calendar-change.ts';

const admins = { who: 'admins', test: (p: Principal) => isAdmin(p) };

// The authority's time zone and office hours.
export const handler = httpRoute({ ...contract['PUT /calendar'], allow: admins }, async ({ body }) => {
  if (body.timeZone && !isValidTimeZone(body.timeZone))
    throw new HttpError(400, 'VALIDATION_FAILED', 'unknown time zone', { issues: [{ path: 'timeZone', message: `${body.timeZone} is not an IANA time zone` }] });
  return changeCalendar((current) => ({
    timeZone: body.timeZone ?? current.timeZone,
    officeHours: body.officeHours ?? current.officeHours,
    years: current.years,
  }));
});
