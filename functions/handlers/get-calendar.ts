import { getCalendar } from '#adapters/calendar-store.ts';
import type { Calendars } from '#app/ports.ts';
import { notFound } from '#core/errors.ts';
import { httpRoute } from '#http/api.ts';
import { conditionalRead, versionTag } from '#http/preconditions.ts';
import { contract } from '#http/routes/get-calendar.ts';

// Public: the working-day calendar due dates are counted with; `?version=` gives the one a
// case's due dates name. Its ETag is its version.
export const getCalendarRoute = (calendars: Pick<Calendars, 'getCalendar'>) =>
  httpRoute(contract['GET /calendar'], async ({ query, event }) => {
    const calendar = await calendars.getCalendar(query.version);
    if (query.version !== undefined && calendar.version !== query.version) throw notFound(`calendar version ${query.version}`);
    return conditionalRead(event.headers, calendar, versionTag(calendar.version));
  });

export const handler = getCalendarRoute({ getCalendar });
