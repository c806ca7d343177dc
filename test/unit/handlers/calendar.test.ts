// The working-day calendar's routes (read, a year's days, the settings), driven through their
// HTTP handlers against the in-memory calendar store and case store: versions and their
// ETags, If-None-Match and If-Match, who may change it, and the re-dating of open reviews a
// change moves.
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { MemoryCalendars } from '#adapters/memory-calendars.ts';
import { logger } from '#adapters/powertools.ts';
import type { Calendar } from '#core/calendar.ts';
import { submitCase } from '#core/case/submission.ts';
import { type CalendarChange, redateOpenReviews } from '../../../functions/handlers/calendar-change.ts';
import { getCalendarRoute } from '../../../functions/handlers/get-calendar.ts';
import { putCalendarSettingsRoute } from '../../../functions/handlers/put-calendar-settings.ts';
import { putCalendarYearRoute } from '../../../functions/handlers/put-calendar-year.ts';
import { callRoute, memoryRuntime } from '../../support/memory-runtime.ts';
import { ADMIN, APPLICANT, CAL, SUBMITTED_AT, application, buildingService, plusMs } from '../../support/fixtures.ts';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
logger.setLogLevel('SILENT'); // made before the line above ran: "calendar changed" is logged at info
const CASE_ID = 'CASE-CALENDAR';
type Caller = { sub: string; groups: string[] };

async function setUp() {
  const env = memoryRuntime({ now: plusMs(SUBMITTED_AT, 60_000), calendar: CAL });
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
  const change: CalendarChange = {
    calendars: env.calendars,
    redate: (affectedFrom) => redateOpenReviews(affectedFrom, env.runtime, (dueFrom) => env.queries.openReviews(dueFrom)),
  };
  const read = (query?: Record<string, string>, headers: Record<string, string> = {}) =>
    callRoute(getCalendarRoute(env.calendars), { route: 'GET /calendar', query, headers });
  const putYear = (year: string, body: unknown, headers: Record<string, string> = {}, caller: Caller = ADMIN, deps = change) =>
    callRoute(putCalendarYearRoute(deps), { route: 'PUT /calendar/years/{year}', params: { year }, body, headers, caller });
  const putSettings = (body: unknown, headers: Record<string, string> = {}, caller: Caller = ADMIN, deps = change) =>
    callRoute(putCalendarSettingsRoute(deps), { route: 'PUT /calendar', body, headers, caller });
  const review = async (department: string) => {
    const r = (await env.store.load(CASE_ID))?.reviews.find((x) => x.department === department);
    assert.ok(r);
    return r;
  };
  return { ...env, change, read, putYear, putSettings, review };
}

/** The calendar store as a writer that read `read` before another saved: its save is made from that read. */
const readBefore = (calendars: MemoryCalendars, read: Calendar): CalendarChange => ({
  calendars: {
    getCalendar: async () => structuredClone(read),
    saveCalendar: (current, next, refusal) => calendars.saveCalendar(current, next, refusal),
    keptMs: () => 0,
  },
  redate: async () => 0,
});

const YEAR_2026 = { holidays: ['2026-01-06', ...CAL.years['2026'].holidays, '2026-01-06'], workdays: CAL.years['2026'].workdays };

describe('GET /calendar', () => {
  it('answers the current calendar with its version as ETag, and 304 without a body to that ETag', async () => {
    const t = await setUp();
    const res = await t.read();
    assert.equal(res.status, 200);
    assert.equal(res.body.version, 1);
    assert.equal(res.body.timeZone, 'Asia/Shanghai');
    assert.deepEqual(res.body.years, CAL.years);
    assert.equal(res.headers.etag, '"1"');
    const again = await t.read(undefined, { 'if-none-match': '"1"' });
    assert.equal(again.status, 304);
    assert.equal(again.body, undefined);
  });

  it('?version= gives that version; one never saved is 404, and one that is not a version is 400 at query.version', async () => {
    const t = await setUp();
    assert.equal((await t.read({ version: '1' })).body.version, 1);
    const missing = await t.read({ version: '2' });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'NOT_FOUND');
    for (const version of ['0', 'abc', '1.5']) {
      const bad = await t.read({ version });
      assert.equal(bad.status, 400, version);
      assert.equal(bad.body.error.issues[0].path, 'query.version');
    }
  });

  it('before any calendar is saved it is the default one, version 0', async () => {
    const res = await callRoute(getCalendarRoute(new MemoryCalendars()), { route: 'GET /calendar' });
    assert.equal(res.status, 200);
    assert.equal(res.body.version, 0);
    assert.deepEqual(res.body.years, {});
    assert.equal(res.headers.etag, '"0"');
  });
});

describe('PUT /calendar/years/{year}', () => {
  it('saves a new version with the year’s days (sorted, once each) and moves the open review the new holiday falls in', async () => {
    const t = await setUp();
    const before = await t.review('environment');
    const res = await t.putYear('2026', YEAR_2026, { 'if-match': '"1"' });
    assert.equal(res.status, 200);
    assert.equal(res.body.version, 2);
    assert.equal(res.headers.etag, '"2"');
    assert.equal(res.body.movedReviews, 1);
    assert.deepEqual(res.body.years['2026'].holidays, [...new Set(YEAR_2026.holidays)].sort());
    const after = await t.review('environment');
    assert.ok(after.dueBy > before.dueBy, 'a working day less before it: due a day later');
    assert.equal(after.calendarVersion, 2);
    assert.deepEqual(t.recorded.woken, [{ caseId: CASE_ID, departments: ['environment'] }]);
    assert.equal((await t.review('planning')).calendarVersion, 1, 'a wall-clock limit is not moved');
    assert.equal((await t.read()).headers.etag, '"2"');
    assert.ok(!(await t.read({ version: '1' })).body.years['2026'].holidays.includes('2026-01-06'), 'version 1 is kept as it was');
  });

  it('a stale If-Match is 412 and a tag of no version of ours too; * always holds; nothing is saved on a refusal', async () => {
    const t = await setUp();
    assert.equal((await t.putYear('2026', YEAR_2026, { 'if-match': '"1"' })).status, 200);
    for (const tag of ['"1"', 'W/"2"', '"x"']) {
      const res = await t.putYear('2026', { holidays: [], workdays: [] }, { 'if-match': tag });
      assert.equal(res.status, 412, tag);
      assert.equal(res.body.error.code, 'PRECONDITION_FAILED');
    }
    assert.equal((await t.read()).body.version, 2);
    const any = await t.putYear('2027', { holidays: ['2027-01-01'] }, { 'if-match': '*' });
    assert.equal(any.status, 200);
    assert.equal(any.body.version, 3);
    assert.deepEqual(any.body.years['2027'], { holidays: ['2027-01-01'], workdays: [] });
    assert.ok(any.body.years['2026'].holidays.includes('2026-01-06'), 'the other years are kept');
  });

  it('of two admins who read the same version, the second to save gets 409, or 412 when it named that version', async () => {
    const t = await setUp();
    const read = await t.calendars.getCalendar();
    assert.equal((await t.putYear('2026', YEAR_2026)).status, 200);
    const late = readBefore(t.calendars, read);
    const conflict = await t.putYear('2027', { holidays: ['2027-01-01'] }, {}, ADMIN, late);
    assert.equal(conflict.status, 409);
    assert.equal(conflict.body.error.code, 'CONFLICT');
    const precondition = await t.putYear('2027', { holidays: ['2027-01-01'] }, { 'if-match': '"1"' }, ADMIN, late);
    assert.equal(precondition.status, 412);
    assert.equal((await t.read()).body.version, 2);
    assert.equal((await t.read()).body.years['2027'], undefined);
  });

  it('a date outside the year, or a day both holiday and working day, is 400 naming it; nothing is saved', async () => {
    const t = await setUp();
    const outside = await t.putYear('2026', { holidays: ['2026-05-01', '2027-01-01'] });
    assert.equal(outside.status, 400);
    assert.deepEqual(
      outside.body.error.issues.map((i: { path: string }) => i.path),
      ['holidays.1'],
    );
    const both = await t.putYear('2026', { holidays: ['2026-05-01'], workdays: ['2026-05-01'] });
    assert.equal(both.status, 400);
    assert.equal(both.body.error.issues[0].path, 'workdays.0');
    const year = await t.putYear('1999', { holidays: [] });
    assert.equal(year.status, 400);
    assert.equal(year.body.error.issues[0].path, 'path.year');
    assert.equal((await t.read()).body.version, 1);
  });

  it('only admins may change it: 401 without a token, 403 to anyone else', async () => {
    const t = await setUp();
    const anonymous = await callRoute(putCalendarYearRoute(t.change), {
      route: 'PUT /calendar/years/{year}',
      params: { year: '2026' },
      body: YEAR_2026,
    });
    assert.equal(anonymous.status, 401);
    for (const groups of [['applicants'], ['reviewers-environment']]) {
      const res = await t.putYear('2026', YEAR_2026, {}, { sub: 'someone', groups });
      assert.equal(res.status, 403);
    }
    assert.equal((await t.read()).body.version, 1);
    assert.deepEqual(t.recorded.woken, []);
  });

  it('re-dates once more after the time other function instances keep the calendar they read', async () => {
    const t = await setUp();
    const passes: (string | undefined)[] = [];
    const calendars = new MemoryCalendars(CAL, { keptMs: 30 });
    const res = await t.putYear('2026', YEAR_2026, {}, ADMIN, {
      calendars,
      redate: async (affectedFrom) => {
        passes.push(affectedFrom);
        return 1;
      },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.movedReviews, 2);
    assert.deepEqual(passes, ['2025-12-31', '2025-12-31'], 'reviews due before the year began are not looked at');
  });
});

describe('PUT /calendar', () => {
  it('changes the office hours and keeps the time zone and every year’s days; the calendar as GET returns it is a valid body', async () => {
    const t = await setUp();
    const read = await t.read();
    const res = await t.putSettings(
      { ...read.body, officeHours: { start: '08:30', end: '17:30' } },
      { 'if-match': read.headers.etag as string },
    );
    assert.equal(res.status, 200);
    assert.equal(res.body.version, 2);
    assert.deepEqual(res.body.officeHours, { start: '08:30', end: '17:30' });
    assert.equal(res.body.timeZone, 'Asia/Shanghai');
    assert.deepEqual(res.body.years, CAL.years);
    const only = await t.putSettings({ timeZone: 'Europe/Berlin' });
    assert.equal(only.body.timeZone, 'Europe/Berlin');
    assert.deepEqual(only.body.officeHours, { start: '08:30', end: '17:30' });
    assert.deepEqual(only.body.years, CAL.years);
  });

  it('with `years` replaces every year’s days and moves the open reviews they change', async () => {
    const t = await setUp();
    const res = await t.putSettings({ years: { '2026': YEAR_2026 } });
    assert.equal(res.status, 200);
    assert.equal(res.body.movedReviews, 1);
    assert.equal((await t.review('environment')).calendarVersion, 2);
    const other = await t.putSettings({ years: { '2027': { holidays: ['2027-01-01'] } } });
    assert.deepEqual(Object.keys(other.body.years), ['2027']);
  });

  it('an unknown time zone, office hours that end before they start, or a year’s bad day is 400 naming it', async () => {
    const t = await setUp();
    const zone = await t.putSettings({ timeZone: 'Mars/Olympus_Mons' });
    assert.equal(zone.status, 400);
    assert.deepEqual(zone.body.error.issues, [{ path: 'timeZone', message: 'Mars/Olympus_Mons is not an IANA time zone' }]);
    const hours = await t.putSettings({ officeHours: { start: '17:00', end: '09:00' } });
    assert.equal(hours.status, 400);
    assert.equal(hours.body.error.issues[0].path, 'officeHours');
    const day = await t.putSettings({ years: { '2027': { holidays: ['2026-12-31'] } } });
    assert.equal(day.status, 400);
    assert.equal(day.body.error.issues[0].path, 'years.2027.holidays.0');
    assert.equal((await t.read()).body.version, 1);
  });

  it('a stale If-Match is 412; only admins may call it', async () => {
    const t = await setUp();
    assert.equal((await t.putSettings({ timeZone: 'Asia/Shanghai' })).status, 200);
    assert.equal((await t.putSettings({ timeZone: 'Asia/Tokyo' }, { 'if-match': '"1"' })).status, 412);
    assert.equal((await t.putSettings({ timeZone: 'Asia/Tokyo' }, {}, { sub: 'sub-pat', groups: ['reviewers-planning'] })).status, 403);
    assert.equal((await t.read()).body.timeZone, 'Asia/Shanghai');
  });
});
