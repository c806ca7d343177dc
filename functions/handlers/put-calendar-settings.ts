import { calendarYearIssues, isValidTimeZone, normalYear } from '#core/calendar.ts';
import { HttpError, httpRoute } from '#http/api.ts';
import { ifMatch } from '#http/preconditions.ts';
import { contract } from '#http/routes/put-calendar-settings.ts';
import { type CalendarChange, changeCalendar, tableCalendarChange } from './calendar-change.ts';

// The authority's time zone and office hours, and with `years` every year's days.
export const putCalendarSettingsRoute = (deps: CalendarChange) =>
  httpRoute(contract['PUT /calendar'], async ({ body, event }) => {
    if (body.timeZone && !isValidTimeZone(body.timeZone))
      throw new HttpError(400, 'VALIDATION_FAILED', 'unknown time zone', {
        issues: [{ path: 'timeZone', message: `${body.timeZone} is not an IANA time zone` }],
      });
    const issues = Object.entries(body.years ?? {}).flatMap(([year, days]) => calendarYearIssues(year, days, `years.${year}.`));
    if (issues.length) throw new HttpError(400, 'VALIDATION_FAILED', 'the days of a year are not valid', { issues });
    const years = body.years && Object.fromEntries(Object.entries(body.years).map(([year, days]) => [year, normalYear(days)]));
    return changeCalendar(
      deps,
      (current) => ({
        timeZone: body.timeZone ?? current.timeZone,
        officeHours: body.officeHours ?? current.officeHours,
        years: years ?? current.years,
      }),
      undefined,
      ifMatch(event.headers),
    );
  });

export const handler = putCalendarSettingsRoute(tableCalendarChange);
