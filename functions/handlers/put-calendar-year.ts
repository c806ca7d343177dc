import { calendarYearIssues, normalYear } from '#core/calendar.ts';
import { HttpError, httpRoute } from '#http/api.ts';
import { ifMatch } from '#http/preconditions.ts';
import { contract } from '#http/routes/put-calendar-year.ts';
import { type CalendarChange, changeCalendar, tableCalendarChange } from './calendar-change.ts';

// Holidays and make-up working days of one year, replacing what the calendar had for it.
// If-Match names the calendar's ETag (GET /calendar): the year is part of that representation.
export const putCalendarYearRoute = (deps: CalendarChange) =>
  httpRoute(contract['PUT /calendar/years/{year}'], async ({ params, body, event }) => {
    const issues = calendarYearIssues(params.year, body);
    if (issues.length)
      throw new HttpError(400, 'VALIDATION_FAILED', `every date must be in ${params.year}, each a holiday or a working day`, { issues });
    return changeCalendar(
      deps,
      (current) => ({
        timeZone: current.timeZone,
        officeHours: current.officeHours,
        years: { ...current.years, [params.year]: normalYear(body) },
      }),
      // An open review due before this year began cannot be moved by this year's days.
      `${Number(params.year) - 1}-12-31`,
      ifMatch(event.headers),
    );
  });

export const handler = putCalendarYearRoute(tableCalendarChange);
