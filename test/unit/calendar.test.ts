// Unit tests of the working-day calendar (functions/core/calendar.ts).
//
// Every expected value below is derived by hand from the rules written at the top of
// calendar.ts and from the official holiday arrangements, never copied from the code:
// - a working day is a make-up working day, or a Monday–Friday that is not a holiday;
// - the count starts from the day of acceptance; an instant on a non-working day, or at or
//   after the end of office hours, counts as if it happened on the next working day;
// - a limit of n working days ends at 24:00 local (here: 23:59:59.999) of the n-th working
//   day after that start day;
// - a clock running from `from` to `to` has used the working days after the start day of
//   `from`, up to and including the start day of `to` (a day partly used is used).
// Asia/Shanghai is UTC+8 all year (no DST), so 10:00 Shanghai = 02:00Z and the end of a
// Shanghai day D is D T15:59:59.999Z.
import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  addDays,
  defaultCalendar,
  endOfLocalDay,
  isValidTimeZone,
  isWorkingDay,
  localDate,
  nextWorkingDay,
  nthWorkingDayAfter,
  startDay,
  weekday,
  workingDaysDue,
  workingDaysLeft,
  workingDaysUsed,
  type Calendar,
} from '#core/calendar.ts';

/** Every date from `from` to `to`, both included (local helper, independent of the module). */
function span(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/**
 * The State Council arrangements (国务院办公厅关于部分节假日安排的通知):
 * - 2026: 国务院办公厅关于2026年部分节假日安排的通知 —
 *   元旦 1月1日–3日 off, 1月4日 (Sun) working; 春节 2月15日–23日 off, 2月14日 (Sat) and
 *   2月28日 (Sat) working; 清明 4月4日–6日 off; 劳动节 5月1日–5日 off, 5月9日 (Sat) working;
 *   端午 6月19日–21日 off; 中秋 9月25日–27日 off; 国庆 10月1日–7日 off, 9月20日 (Sun) and
 *   10月10日 (Sat) working.
 * - 2025: 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号) —
 *   元旦 1月1日 off; 春节 1月28日–2月4日 off, 1月26日 (Sun) and 2月8日 (Sat) working;
 *   清明 4月4日–6日 off; 劳动节 5月1日–5日 off, 4月27日 (Sun) working; 端午 5月31日–6月2日
 *   off; 国庆·中秋 10月1日–8日 off, 9月28日 (Sun) and 10月11日 (Sat) working.
 * The full official ranges are listed (weekend days included): a weekend day in `holidays`
 * is off either way, so listing it changes nothing.
 */
const CN: Calendar = {
  version: 1,
  timeZone: 'Asia/Shanghai',
  officeHours: { start: '09:00', end: '17:00' },
  years: {
    '2025': {
      holidays: [
        '2025-01-01',
        ...span('2025-01-28', '2025-02-04'),
        ...span('2025-04-04', '2025-04-06'),
        ...span('2025-05-01', '2025-05-05'),
        ...span('2025-05-31', '2025-06-02'),
        ...span('2025-10-01', '2025-10-08'),
      ],
      workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
    },
    '2026': {
      holidays: [
        ...span('2026-01-01', '2026-01-03'),
        ...span('2026-02-15', '2026-02-23'),
        ...span('2026-04-04', '2026-04-06'),
        ...span('2026-05-01', '2026-05-05'),
        ...span('2026-06-19', '2026-06-21'),
        ...span('2026-09-25', '2026-09-27'),
        ...span('2026-10-01', '2026-10-07'),
      ],
      workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
    },
  },
};

/** A calendar in a DST zone with no holidays at all: Mon–Fri only. */
const BERLIN: Calendar = { version: 1, timeZone: 'Europe/Berlin', officeHours: { start: '09:00', end: '17:00' }, years: {} };
/** Berlin again, with both 2026 DST Sundays declared working (to put a due day on them). */
const BERLIN_DST_SUNDAYS: Calendar = { ...BERLIN, years: { '2026': { holidays: [], workdays: ['2026-03-29', '2026-10-25'] } } };
/** A zone with a half-hour offset, UTC+05:30 all year. */
const KOLKATA: Calendar = { version: 1, timeZone: 'Asia/Kolkata', officeHours: { start: '09:00', end: '17:00' }, years: {} };

/** An instant given as Shanghai wall time (UTC+8, no DST). */
const sh = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);
const iso = (d: Date) => d.toISOString();
/** End of a Shanghai day as an ISO string: 23:59:59.999 at UTC+8. */
const shEnd = (date: string) => `${date}T15:59:59.999Z`;

describe('fixture sanity: weekdays of the dates the tests rely on', () => {
  it('weekday() is 0 = Sunday … 6 = Saturday', () => {
    assert.equal(weekday('2025-12-31'), 3); // Wednesday (2026-01-01 is a Thursday)
    assert.equal(weekday('2026-01-01'), 4); // Thursday
    assert.equal(weekday('2026-01-04'), 0); // Sunday, a make-up day
    assert.equal(weekday('2026-02-14'), 6); // Saturday, a make-up day
    assert.equal(weekday('2026-02-15'), 0); // Sunday, first day of 春节
    assert.equal(weekday('2026-02-28'), 6); // Saturday, a make-up day
    assert.equal(weekday('2026-03-02'), 1); // Monday
    assert.equal(weekday('2026-05-09'), 6); // Saturday, a make-up day
    assert.equal(weekday('2026-09-20'), 0); // Sunday, a make-up day
    assert.equal(weekday('2026-10-01'), 4); // Thursday
    assert.equal(weekday('2026-10-10'), 6); // Saturday, a make-up day
  });
});

describe('defaultCalendar', () => {
  it('is Asia/Shanghai, office hours 09:00–17:00, no years', () => {
    assert.equal(defaultCalendar.timeZone, 'Asia/Shanghai');
    assert.deepEqual(defaultCalendar.officeHours, { start: '09:00', end: '17:00' });
    assert.deepEqual(defaultCalendar.years, {});
  });
});

describe('isWorkingDay', () => {
  it('an ordinary Monday to Friday is working', () => {
    for (const d of span('2026-03-02', '2026-03-06')) assert.equal(isWorkingDay(d, CN), true, d);
  });

  it('an ordinary Saturday and Sunday are not working', () => {
    assert.equal(isWorkingDay('2026-03-07', CN), false);
    assert.equal(isWorkingDay('2026-03-08', CN), false);
  });

  it('holidays that fall on weekdays are not working', () => {
    const weekdayHolidays = [
      '2026-01-01',
      '2026-01-02', // 元旦 Thu, Fri
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-23', // 春节 Mon–Fri, Mon
      '2026-04-06', // 清明 Mon
      '2026-05-01',
      '2026-05-04',
      '2026-05-05', // 劳动节 Fri, Mon, Tue
      '2026-06-19', // 端午 Fri
      '2026-09-25', // 中秋 Fri
      '2026-10-01',
      '2026-10-02',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07', // 国庆 Thu, Fri, Mon–Wed
      '2025-10-08', // 2025 国庆·中秋 Wed
    ];
    for (const d of weekdayHolidays) {
      assert.ok(weekday(d) >= 1 && weekday(d) <= 5, `${d} should be a weekday`);
      assert.equal(isWorkingDay(d, CN), false, d);
    }
  });

  it('weekend days inside a holiday range stay off', () => {
    for (const d of ['2026-01-03', '2026-02-15', '2026-02-21', '2026-02-22', '2026-10-03', '2026-10-04']) {
      assert.equal(isWorkingDay(d, CN), false, d);
    }
  });

  it('make-up Saturdays and Sundays are working', () => {
    for (const d of ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10', '2025-09-28', '2025-10-11']) {
      assert.equal(isWorkingDay(d, CN), true, d);
    }
  });

  it('weekdays right after a holiday are working again', () => {
    for (const d of ['2026-01-05', '2026-02-24', '2026-04-07', '2026-05-06', '2026-06-22', '2026-09-28', '2026-10-08', '2026-10-09']) {
      assert.equal(isWorkingDay(d, CN), true, d);
    }
  });

  it('a year with no entry falls back to Monday–Friday', () => {
    // 2027 is not in the fixture: 2027-01-01 is a Friday, so it is working without data.
    assert.equal(isWorkingDay('2027-01-01', CN), true);
    assert.equal(isWorkingDay('2027-01-02', CN), false); // Saturday
    assert.equal(isWorkingDay('2027-01-03', CN), false); // Sunday
    assert.equal(isWorkingDay('2027-01-04', CN), true); // Monday
  });

  it('with no years at all, 2026 holidays are plain weekdays and make-up days plain weekends', () => {
    assert.equal(isWorkingDay('2026-01-01', { years: {} }), true); // Thursday
    assert.equal(isWorkingDay('2026-02-16', defaultCalendar), true); // Monday
    assert.equal(isWorkingDay('2026-02-14', defaultCalendar), false); // Saturday
    assert.equal(isWorkingDay('2026-01-04', defaultCalendar), false); // Sunday
  });
});

describe('addDays', () => {
  it('crosses month and year ends', () => {
    assert.equal(addDays('2026-01-31', 1), '2026-02-01');
    assert.equal(addDays('2026-02-28', 1), '2026-03-01'); // 2026 is not a leap year
    assert.equal(addDays('2026-04-30', 1), '2026-05-01');
    assert.equal(addDays('2025-12-31', 1), '2026-01-01');
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  });

  it('handles leap years (2028 is one, 2100 is not)', () => {
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addDays('2028-02-29', 1), '2028-03-01');
    assert.equal(addDays('2100-02-28', 1), '2100-03-01');
  });

  it('goes backwards, by zero, and by a whole year', () => {
    assert.equal(addDays('2026-01-01', -1), '2025-12-31');
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(addDays('2026-03-02', 0), '2026-03-02');
    assert.equal(addDays('2026-01-01', 365), '2027-01-01');
  });

  it('is pure date arithmetic: DST days are ordinary days', () => {
    assert.equal(addDays('2026-03-29', 1), '2026-03-30');
    assert.equal(addDays('2026-10-25', 1), '2026-10-26');
  });
});

describe('nextWorkingDay', () => {
  it('Friday → Monday on an ordinary week', () => {
    assert.equal(nextWorkingDay('2026-03-06', CN), '2026-03-09');
  });

  it('walks into a make-up Saturday, then skips the whole Spring Festival', () => {
    assert.equal(nextWorkingDay('2026-02-12', CN), '2026-02-13'); // Thu → Fri
    assert.equal(nextWorkingDay('2026-02-13', CN), '2026-02-14'); // Fri → Sat (make-up)
    assert.equal(nextWorkingDay('2026-02-14', CN), '2026-02-24'); // 15–23 off → Tue 24
    assert.equal(nextWorkingDay('2026-02-15', CN), '2026-02-24'); // from inside the holiday
    assert.equal(nextWorkingDay('2026-02-27', CN), '2026-02-28'); // Fri → Sat (make-up)
  });

  it('crosses the year end into a make-up Sunday', () => {
    assert.equal(nextWorkingDay('2025-12-31', CN), '2026-01-04'); // Jan 1–3 off, Sun Jan 4 working
  });

  it('crosses a month end into 劳动节 and out of it', () => {
    assert.equal(nextWorkingDay('2026-04-30', CN), '2026-05-06'); // May 1–5 off
    assert.equal(nextWorkingDay('2026-05-08', CN), '2026-05-09'); // Fri → Sat (make-up)
    assert.equal(nextWorkingDay('2026-05-09', CN), '2026-05-11'); // Sat → Mon
  });

  it('National Day: make-up Sunday 9/20, 中秋 and 国庆 off, make-up Saturday 10/10', () => {
    assert.equal(nextWorkingDay('2026-09-18', CN), '2026-09-20'); // Fri → Sun (make-up)
    assert.equal(nextWorkingDay('2026-09-24', CN), '2026-09-28'); // 25–27 off
    assert.equal(nextWorkingDay('2026-09-30', CN), '2026-10-08'); // Oct 1–7 off
    assert.equal(nextWorkingDay('2026-10-09', CN), '2026-10-10'); // Fri → Sat (make-up)
    assert.equal(nextWorkingDay('2026-10-10', CN), '2026-10-12'); // Sat → Mon
  });

  it('without data, the year end is just Thursday → Friday', () => {
    assert.equal(nextWorkingDay('2026-12-31', defaultCalendar), '2027-01-01');
  });
});

describe('nthWorkingDayAfter', () => {
  it('n = 0 returns the same day, even a non-working one', () => {
    assert.equal(nthWorkingDayAfter('2026-03-02', 0, CN), '2026-03-02');
    assert.equal(nthWorkingDayAfter('2026-02-15', 0, CN), '2026-02-15');
  });

  it('n = 1 is nextWorkingDay', () => {
    assert.equal(nthWorkingDayAfter('2026-09-30', 1, CN), '2026-10-08');
  });

  it('5 after Thu 2026-02-12: Fri 13, Sat 14 (make-up), Tue 24, Wed 25, Thu 26', () => {
    assert.equal(nthWorkingDayAfter('2026-02-12', 5, CN), '2026-02-26');
  });

  it('10 after Mon 2026-03-02 on ordinary weeks: Mon 2026-03-16', () => {
    assert.equal(nthWorkingDayAfter('2026-03-02', 10, CN), '2026-03-16');
  });

  it('4 after Thu 2026-04-30: May 6, 7, 8, Sat 9 (make-up)', () => {
    assert.equal(nthWorkingDayAfter('2026-04-30', 4, CN), '2026-05-09');
  });

  it('20 after Fri 2026-09-18 across 中秋 and 国庆 is Thu 2026-10-22', () => {
    // 9/20(1) 21 22 23 24(5) | 25–27 off | 28 29 30(8) | 10/1–7 off | 8 9 10(11) 12 13 14 15 16(16) 19 20 21 22(20)
    assert.equal(nthWorkingDayAfter('2026-09-18', 20, CN), '2026-10-22');
  });
});

describe('localDate', () => {
  it('gives the local calendar date, not the UTC one', () => {
    assert.equal(localDate(new Date('2026-03-02T15:59:00Z'), 'Asia/Shanghai'), '2026-03-02'); // 23:59
    assert.equal(localDate(new Date('2026-03-02T16:00:00Z'), 'Asia/Shanghai'), '2026-03-03'); // 00:00
    assert.equal(localDate(new Date('2026-03-02T18:29:59.999Z'), 'Asia/Kolkata'), '2026-03-02'); // 23:59:59.999
    assert.equal(localDate(new Date('2026-03-02T18:30:00Z'), 'Asia/Kolkata'), '2026-03-03'); // 00:00
    assert.equal(localDate(new Date('2026-03-02T04:59:00Z'), 'America/New_York'), '2026-03-01'); // 23:59 EST
    assert.equal(localDate(new Date('2026-03-28T23:00:00Z'), 'Europe/Berlin'), '2026-03-29'); // 00:00 CET
    assert.equal(localDate(new Date('2026-03-29T22:00:00Z'), 'Europe/Berlin'), '2026-03-30'); // 00:00 CEST
  });
});

describe('endOfLocalDay', () => {
  it('Shanghai (UTC+8): 23:59:59.999 local is 15:59:59.999Z', () => {
    assert.equal(iso(endOfLocalDay('2026-02-14', 'Asia/Shanghai')), '2026-02-14T15:59:59.999Z');
    assert.equal(iso(endOfLocalDay('2025-12-31', 'Asia/Shanghai')), '2025-12-31T15:59:59.999Z');
  });

  it('Berlin across spring-forward 2026-03-29 (CET +1 → CEST +2 at 02:00 local)', () => {
    assert.equal(iso(endOfLocalDay('2026-03-28', 'Europe/Berlin')), '2026-03-28T22:59:59.999Z'); // still CET
    assert.equal(iso(endOfLocalDay('2026-03-29', 'Europe/Berlin')), '2026-03-29T21:59:59.999Z'); // 23-hour day, ends in CEST
    assert.equal(iso(endOfLocalDay('2026-03-30', 'Europe/Berlin')), '2026-03-30T21:59:59.999Z');
  });

  it('Berlin across fall-back 2026-10-25 (CEST +2 → CET +1 at 03:00 local)', () => {
    assert.equal(iso(endOfLocalDay('2026-10-24', 'Europe/Berlin')), '2026-10-24T21:59:59.999Z'); // still CEST
    assert.equal(iso(endOfLocalDay('2026-10-25', 'Europe/Berlin')), '2026-10-25T22:59:59.999Z'); // 25-hour day, ends in CET
    assert.equal(iso(endOfLocalDay('2026-10-26', 'Europe/Berlin')), '2026-10-26T22:59:59.999Z');
  });

  it('half- and quarter-hour offsets: Kolkata +05:30, Kathmandu +05:45', () => {
    assert.equal(iso(endOfLocalDay('2026-03-02', 'Asia/Kolkata')), '2026-03-02T18:29:59.999Z');
    assert.equal(iso(endOfLocalDay('2026-03-02', 'Asia/Kathmandu')), '2026-03-02T18:14:59.999Z');
  });

  it('negative offsets across US DST (2026-03-08 and 2026-11-01 in New York)', () => {
    assert.equal(iso(endOfLocalDay('2026-03-07', 'America/New_York')), '2026-03-08T04:59:59.999Z'); // EST −5
    assert.equal(iso(endOfLocalDay('2026-03-08', 'America/New_York')), '2026-03-09T03:59:59.999Z'); // EDT −4
    assert.equal(iso(endOfLocalDay('2026-11-01', 'America/New_York')), '2026-11-02T04:59:59.999Z'); // EST −5
  });

  it('for every day of 2026 in several zones: the result is on that day, and 1 ms later is the next day', () => {
    const zones = [
      'Asia/Shanghai',
      'Europe/Berlin',
      'Asia/Kolkata',
      'America/New_York',
      'Australia/Lord_Howe',
      'Pacific/Kiritimati',
      'Pacific/Pago_Pago',
    ];
    for (const tz of zones) {
      for (const d of span('2026-01-01', '2026-12-31')) {
        const end = endOfLocalDay(d, tz);
        assert.equal(localDate(end, tz), d, `${tz} ${d}: end is on the day`);
        assert.equal(localDate(new Date(end.getTime() + 1), tz), addDays(d, 1), `${tz} ${d}: 1 ms later is the next day`);
      }
    }
  });

  it('zones whose clocks spring forward at local midnight: the day before still ends at its own 24:00', () => {
    // In each of these zones local midnight of the next day does not exist (00:00 jumps to
    // 01:00); the day before is a normal 24-hour day at the old offset, so it ends 1 ms before
    // the transition instant:
    // - Chile: −04 → −03 at 2026-09-06T04:00Z, so Sep 5 ends 2026-09-06T03:59:59.999Z;
    // - Cuba: −05 → −04 at 2026-03-08T05:00Z, so Mar 7 ends 2026-03-08T04:59:59.999Z;
    // - Azores (EU, Portugal): −01 → +00 at 2026-03-29T01:00Z, so Mar 28 ends 2026-03-29T00:59:59.999Z.
    const cases = {
      'America/Santiago 2026-09-05': ['2026-09-05', 'America/Santiago', '2026-09-06T03:59:59.999Z'],
      'America/Havana 2026-03-07': ['2026-03-07', 'America/Havana', '2026-03-08T04:59:59.999Z'],
      'Atlantic/Azores 2026-03-28': ['2026-03-28', 'Atlantic/Azores', '2026-03-29T00:59:59.999Z'],
    } as const;
    const actual = Object.fromEntries(Object.entries(cases).map(([k, [d, tz]]) => [k, iso(endOfLocalDay(d, tz))]));
    const expected = Object.fromEntries(Object.entries(cases).map(([k, [, , want]]) => [k, want]));
    assert.deepEqual(actual, expected);
  });

  it('Santiago fall-back at midnight: 2026-04-04 is 25 hours long and ends at 2026-04-05T03:59:59.999Z', () => {
    // At 2026-04-05T03:00Z, 24:00 −03 becomes 23:00 −04 of Apr 4 again; the day ends at 24:00 −04.
    assert.equal(iso(endOfLocalDay('2026-04-04', 'America/Santiago')), '2026-04-05T03:59:59.999Z');
  });
});

describe('startDay', () => {
  it('acceptance during office hours on a working day counts from that day', () => {
    assert.equal(startDay(sh('2026-03-02', '10:00'), CN), '2026-03-02');
    assert.equal(startDay(sh('2026-03-02', '09:00'), CN), '2026-03-02');
    assert.equal(startDay(new Date('2026-03-02T16:59:59.999+08:00'), CN), '2026-03-02'); // last ms before 17:00
  });

  it('before 09:00 on a working day counts from that day itself', () => {
    assert.equal(startDay(sh('2026-03-02', '07:30'), CN), '2026-03-02');
    assert.equal(startDay(sh('2026-03-02', '00:00'), CN), '2026-03-02');
  });

  it('at exactly 17:00 or after office hours → the next working day', () => {
    assert.equal(startDay(sh('2026-03-02', '17:00'), CN), '2026-03-03');
    assert.equal(startDay(sh('2026-03-02', '18:00'), CN), '2026-03-03');
    assert.equal(startDay(sh('2026-03-06', '17:30'), CN), '2026-03-09'); // Friday evening → Monday
    assert.equal(startDay(sh('2025-12-31', '18:00'), CN), '2026-01-04'); // → make-up Sunday
    assert.equal(startDay(sh('2026-09-30', '17:00'), CN), '2026-10-08'); // → after 国庆
    assert.equal(startDay(sh('2026-02-13', '17:30'), CN), '2026-02-14'); // → make-up Saturday
  });

  it('on a Saturday, Sunday or holiday → the next working day', () => {
    assert.equal(startDay(sh('2026-03-07', '10:00'), CN), '2026-03-09'); // Saturday
    assert.equal(startDay(sh('2026-03-08', '10:00'), CN), '2026-03-09'); // Sunday
    assert.equal(startDay(sh('2026-02-15', '10:00'), CN), '2026-02-24'); // 春节, Sunday
    assert.equal(startDay(sh('2026-02-16', '08:00'), CN), '2026-02-24'); // 春节, Monday, before hours
    assert.equal(startDay(sh('2026-10-01', '10:00'), CN), '2026-10-08'); // 国庆
    assert.equal(startDay(sh('2026-09-19', '10:00'), CN), '2026-09-20'); // Saturday → make-up Sunday
  });

  it('a make-up day is a working day: in hours → that day, after hours → the next working day', () => {
    assert.equal(startDay(sh('2026-02-14', '10:00'), CN), '2026-02-14');
    assert.equal(startDay(sh('2026-02-14', '17:00'), CN), '2026-02-24');
    assert.equal(startDay(sh('2026-09-20', '10:00'), CN), '2026-09-20');
    assert.equal(startDay(sh('2026-01-04', '08:00'), CN), '2026-01-04');
  });

  it('uses local time, not UTC: 2026-03-02T10:00Z is Monday 18:00 in Shanghai → Tuesday', () => {
    assert.equal(startDay(new Date('2026-03-02T10:00:00Z'), CN), '2026-03-03');
  });

  it('time-zone edges in Shanghai: 15:59Z is Mon 23:59 (after hours), 16:01Z is Tue 00:01 (before hours)', () => {
    assert.equal(startDay(new Date('2026-03-02T15:59:00Z'), CN), '2026-03-03');
    assert.equal(startDay(new Date('2026-03-02T16:01:00Z'), CN), '2026-03-03');
    assert.equal(startDay(new Date('2026-03-02T08:59:00Z'), CN), '2026-03-02'); // Mon 16:59
  });

  it('Kolkata (+05:30): 11:29Z is 16:59 (same day), 11:30Z is 17:00 (next day)', () => {
    assert.equal(startDay(new Date('2026-03-02T11:29:00Z'), KOLKATA), '2026-03-02');
    assert.equal(startDay(new Date('2026-03-02T11:30:00Z'), KOLKATA), '2026-03-03');
  });

  it('Berlin office hours follow DST', () => {
    // Mon 2026-03-30 15:30Z is 17:30 CEST (after hours); with the winter offset it would be 16:30.
    assert.equal(startDay(new Date('2026-03-30T15:30:00Z'), BERLIN), '2026-03-31');
    // Mon 2026-03-30 14:59Z is 16:59 CEST.
    assert.equal(startDay(new Date('2026-03-30T14:59:00Z'), BERLIN), '2026-03-30');
    // Mon 2026-10-26 15:30Z is 16:30 CET (in hours); with the summer offset it would be 17:30.
    assert.equal(startDay(new Date('2026-10-26T15:30:00Z'), BERLIN), '2026-10-26');
    // Sun 2026-03-29 00:30Z is 01:30 CET on the DST Sunday → Monday.
    assert.equal(startDay(new Date('2026-03-29T00:30:00Z'), BERLIN), '2026-03-30');
    // Sun 2026-03-28 23:30Z is already Sunday 00:30 CET, not Saturday.
    assert.equal(startDay(new Date('2026-03-28T23:30:00Z'), BERLIN_DST_SUNDAYS), '2026-03-29');
  });

  it('office hours come from the calendar (end 12:00)', () => {
    const noon: Calendar = { ...CN, officeHours: { start: '08:30', end: '12:00' } };
    assert.equal(startDay(sh('2026-03-02', '11:59'), noon), '2026-03-02');
    assert.equal(startDay(sh('2026-03-02', '12:00'), noon), '2026-03-03');
  });
});

describe('workingDaysDue', () => {
  it('returns a Date: the end of the local due day as a UTC instant', () => {
    const due = workingDaysDue(sh('2026-03-02', '10:00'), 1, CN);
    assert.ok(due instanceof Date);
    assert.equal(iso(due), shEnd('2026-03-03'));
  });

  it('1 working day is one working day: Fri 2026-02-13 10:00 → end of Sat 2026-02-14 (make-up)', () => {
    assert.equal(iso(workingDaysDue(sh('2026-02-13', '10:00'), 1, CN)), '2026-02-14T15:59:59.999Z');
  });

  it('1 working day from Friday on an ordinary week is Monday, not 24 hours later', () => {
    assert.equal(iso(workingDaysDue(sh('2026-03-06', '16:00'), 1, CN)), shEnd('2026-03-09'));
  });

  it('5 working days across the whole Spring Festival: Thu 02-12 → Fri 13, Sat 14, Tue 24, Wed 25, Thu 26', () => {
    assert.equal(iso(workingDaysDue(sh('2026-02-12', '10:00'), 5, CN)), '2026-02-26T15:59:59.999Z');
  });

  it('the holiday data matter: with no years the same 5 days end Thu 02-19 (13, 16, 17, 18, 19)', () => {
    assert.equal(iso(workingDaysDue(sh('2026-02-12', '10:00'), 5, defaultCalendar)), shEnd('2026-02-19'));
  });

  it('a limit that starts on a holiday counts from the next working day (02-15 → start Tue 02-24)', () => {
    assert.equal(iso(workingDaysDue(sh('2026-02-15', '10:00'), 1, CN)), shEnd('2026-02-25'));
    assert.equal(iso(workingDaysDue(sh('2026-02-15', '10:00'), 3, CN)), shEnd('2026-02-27')); // 25, 26, 27
    assert.equal(iso(workingDaysDue(sh('2026-02-15', '10:00'), 4, CN)), shEnd('2026-02-28')); // + Sat 28 (make-up)
  });

  it('after-hours acceptance starts the next working day', () => {
    assert.equal(iso(workingDaysDue(sh('2026-03-02', '16:59'), 1, CN)), shEnd('2026-03-03')); // start Mon
    assert.equal(iso(workingDaysDue(sh('2026-03-02', '17:00'), 1, CN)), shEnd('2026-03-04')); // start Tue
    // Fri 02-13 18:00 → start Sat 02-14 (make-up) → 1st working day after it is Tue 02-24.
    assert.equal(iso(workingDaysDue(sh('2026-02-13', '18:00'), 1, CN)), shEnd('2026-02-24'));
  });

  it('n = 0 ends with the start day itself', () => {
    assert.equal(iso(workingDaysDue(sh('2026-03-02', '10:00'), 0, CN)), shEnd('2026-03-02'));
    assert.equal(iso(workingDaysDue(sh('2026-02-15', '10:00'), 0, CN)), shEnd('2026-02-24'));
  });

  it('the year boundary: Wed 2025-12-31 10:00, Jan 1–3 off, Sun Jan 4 working', () => {
    assert.equal(iso(workingDaysDue(sh('2025-12-31', '10:00'), 1, CN)), '2026-01-04T15:59:59.999Z');
    assert.equal(iso(workingDaysDue(sh('2025-12-31', '10:00'), 2, CN)), '2026-01-05T15:59:59.999Z');
  });

  it('the 2025 National Day: Tue 2025-09-30 10:00, Oct 1–8 off, Sat Oct 11 working', () => {
    assert.equal(iso(workingDaysDue(sh('2025-09-30', '10:00'), 1, CN)), shEnd('2025-10-09')); // Thu
    assert.equal(iso(workingDaysDue(sh('2025-09-30', '10:00'), 3, CN)), shEnd('2025-10-11')); // Thu, Fri, Sat
    assert.equal(iso(workingDaysDue(sh('2025-09-26', '10:00'), 1, CN)), shEnd('2025-09-28')); // Fri → Sun (make-up)
  });

  it('the 2026 National Day week with the 9/20 and 10/10 make-up days', () => {
    assert.equal(iso(workingDaysDue(sh('2026-09-18', '10:00'), 1, CN)), shEnd('2026-09-20')); // Fri → Sun (make-up)
    assert.equal(iso(workingDaysDue(sh('2026-09-24', '10:00'), 1, CN)), shEnd('2026-09-28')); // 中秋 25–27 off
    assert.equal(iso(workingDaysDue(sh('2026-09-30', '10:00'), 1, CN)), shEnd('2026-10-08')); // Oct 1–7 off
    assert.equal(iso(workingDaysDue(sh('2026-09-30', '10:00'), 3, CN)), shEnd('2026-10-10')); // 8, 9, Sat 10
    assert.equal(iso(workingDaysDue(sh('2026-09-30', '10:00'), 4, CN)), shEnd('2026-10-12')); // + Mon 12
    assert.equal(iso(workingDaysDue(sh('2026-10-03', '10:00'), 2, CN)), shEnd('2026-10-10')); // start Thu 8 → Fri 9, Sat 10
  });

  it('20 working days across 中秋 and 国庆: Fri 2026-09-18 10:00 → end of Thu 2026-10-22', () => {
    assert.equal(iso(workingDaysDue(sh('2026-09-18', '10:00'), 20, CN)), '2026-10-22T15:59:59.999Z');
  });

  it('time-zone edges: 15:59Z (Mon 23:59) and 16:01Z (Tue 00:01) both start Tuesday → 1 day is Wed', () => {
    assert.equal(iso(workingDaysDue(new Date('2026-03-02T15:59:00Z'), 1, CN)), shEnd('2026-03-04'));
    assert.equal(iso(workingDaysDue(new Date('2026-03-02T16:01:00Z'), 1, CN)), shEnd('2026-03-04'));
  });

  it('Berlin: a due day after the DST change ends at the new offset', () => {
    // Fri 2026-03-27 10:00 CET (09:00Z) + 1 → Mon 03-30, ends 23:59:59.999 CEST.
    assert.equal(iso(workingDaysDue(new Date('2026-03-27T09:00:00Z'), 1, BERLIN)), '2026-03-30T21:59:59.999Z');
    // Fri 2026-10-23 10:00 CEST (08:00Z) + 1 → Mon 10-26, ends 23:59:59.999 CET.
    assert.equal(iso(workingDaysDue(new Date('2026-10-23T08:00:00Z'), 1, BERLIN)), '2026-10-26T22:59:59.999Z');
  });

  it('Berlin: a due day that is itself a DST Sunday (declared working)', () => {
    assert.equal(iso(workingDaysDue(new Date('2026-03-27T09:00:00Z'), 1, BERLIN_DST_SUNDAYS)), '2026-03-29T21:59:59.999Z');
    // Fri 10-23 → Sat 10-24 is not working → Sun 10-25 (working), a 25-hour day ending in CET.
    assert.equal(iso(workingDaysDue(new Date('2026-10-23T08:00:00Z'), 1, BERLIN_DST_SUNDAYS)), '2026-10-25T22:59:59.999Z');
  });

  it('Kolkata (+05:30): days end at 18:29:59.999Z', () => {
    assert.equal(iso(workingDaysDue(new Date('2026-03-02T11:29:00Z'), 1, KOLKATA)), '2026-03-03T18:29:59.999Z'); // 16:59 Mon
    assert.equal(iso(workingDaysDue(new Date('2026-03-02T11:30:00Z'), 1, KOLKATA)), '2026-03-04T18:29:59.999Z'); // 17:00 Mon
  });
});

describe('workingDaysUsed', () => {
  // The rule (calendar.ts): the working days d with startDay(from) < d ≤ startDay(to). The
  // start day of the segment is not counted (as the day of acceptance is not); the start day
  // of the stop is counted: a day partly used is used. So an instant after office hours or
  // on a non-working day charges the next working day (its start day), and stopping and
  // restarting at the same instant leaves the due date where it was.
  const accepted = sh('2026-03-02', '10:00'); // Monday, start day Mon 03-02

  it('the start day does not count, the stop day does: Mon 10:00 → Thu 11:00 is Tue, Wed, Thu = 3', () => {
    assert.equal(workingDaysUsed(accepted, sh('2026-03-05', '11:00'), CN), 3);
  });

  it('stopped before office hours: Thu 08:00 has start day Thu, so Tue, Wed, Thu = 3', () => {
    assert.equal(workingDaysUsed(accepted, sh('2026-03-05', '08:00'), CN), 3);
    assert.equal(workingDaysUsed(accepted, sh('2026-03-05', '00:00'), CN), 3); // Thu 00:00 is Thu too
  });

  it('stopped at 16:59 is still Thu = 3; at or after the end of office hours (17:00, 18:00) its start day is Fri: Tue..Fri = 4', () => {
    assert.equal(workingDaysUsed(accepted, sh('2026-03-05', '16:59'), CN), 3);
    assert.equal(workingDaysUsed(accepted, sh('2026-03-05', '17:00'), CN), 4);
    assert.equal(workingDaysUsed(accepted, sh('2026-03-05', '18:00'), CN), 4);
  });

  it('from == to, or the same start day → 0; the next working day → 1 (that day is used)', () => {
    assert.equal(workingDaysUsed(accepted, accepted, CN), 0);
    assert.equal(workingDaysUsed(accepted, sh('2026-03-02', '16:00'), CN), 0); // start day Mon both
    assert.equal(workingDaysUsed(accepted, sh('2026-03-02', '16:59'), CN), 0);
    assert.equal(workingDaysUsed(accepted, sh('2026-03-03', '10:00'), CN), 1); // Tue
    // Mon 17:00 is after hours: its start day is Tue, so Tue is charged already
    assert.equal(workingDaysUsed(accepted, sh('2026-03-02', '17:00'), CN), 1);
    // both after hours on the same evening: both start days are Tue → 0
    assert.equal(workingDaysUsed(sh('2026-03-02', '17:30'), sh('2026-03-02', '23:00'), CN), 0);
  });

  it('a weekend stop charges nothing until the next working day: Fri 03-06 10:00 → Sat 03-07 / Sun 03-08 (start day Mon 09) = Mon = 1', () => {
    assert.equal(workingDaysUsed(sh('2026-03-06', '10:00'), sh('2026-03-07', '10:00'), CN), 1);
    assert.equal(workingDaysUsed(sh('2026-03-06', '10:00'), sh('2026-03-08', '23:00'), CN), 1);
    // from Fri 18:00 (start day Mon 09) to Sun (start day Mon 09): nothing
    assert.equal(workingDaysUsed(sh('2026-03-06', '18:00'), sh('2026-03-08', '10:00'), CN), 0);
  });

  it('across the Spring Festival: Thu 02-12 → Wed 02-25 uses Fri 13, Sat 14 (make-up), Tue 24, Wed 25 = 4', () => {
    assert.equal(workingDaysUsed(sh('2026-02-12', '10:00'), sh('2026-02-25', '10:00'), CN), 4);
  });

  it('stopped on a holiday: Thu 02-12 → Mon 02-16 (春节) has start day Tue 02-24 → Fri 13, Sat 14, Tue 24 = 3', () => {
    assert.equal(workingDaysUsed(sh('2026-02-12', '10:00'), sh('2026-02-16', '10:00'), CN), 3);
  });

  it('across 中秋 and 国庆: Fri 09-18 → Mon 10-12 uses 9/20–24, 28–30, 10/8–10, 10/12 = 12', () => {
    // 9/20 (Sun, make-up) 21 22 23 24 = 5 | 25–27 off | 28 29 30 = 8 | 10/1–7 off | 8 9 10 (Sat, make-up) = 11 | Mon 12 = 12
    assert.equal(workingDaysUsed(sh('2026-09-18', '10:00'), sh('2026-10-12', '10:00'), CN), 12);
  });

  it('across the year end: Wed 2025-12-31 → Mon 2026-01-05 uses Sun Jan 4 (make-up) and Mon Jan 5 = 2', () => {
    assert.equal(workingDaysUsed(sh('2025-12-31', '10:00'), sh('2026-01-05', '10:00'), CN), 2);
  });

  it('accepted on a Saturday counts from Monday: Sat 03-07 (start day Mon 09) → Wed 03-11 uses Tue, Wed = 2', () => {
    assert.equal(workingDaysUsed(sh('2026-03-07', '10:00'), sh('2026-03-11', '10:00'), CN), 2);
  });

  it('agrees with workingDaysDue: stopping on the due day (in hours) has used n; after hours its start day is the next working day, n + 1', () => {
    // 5 days from Thu 02-12 end on Thu 02-26 (13, 14, 24, 25, 26); stopping that day in hours
    // uses it (partly used is used) = 5; at 18:00 the start day is Fri 02-27 = 6.
    assert.equal(workingDaysUsed(sh('2026-02-12', '10:00'), sh('2026-02-26', '10:00'), CN), 5);
    assert.equal(workingDaysUsed(sh('2026-02-12', '10:00'), sh('2026-02-26', '18:00'), CN), 6);
  });

  it('is additive: used(a, b) + used(b, c) = used(a, c) for a ≤ b ≤ c (a stop at b then a restart at b charges nothing extra)', () => {
    const a = sh('2026-02-12', '10:00');
    const c = sh('2026-03-03', '10:00');
    // 13, 14, 24, 25, 26, 27, 28 (make-up), Mon 03-02, Tue 03-03 = 9
    assert.equal(workingDaysUsed(a, c, CN), 9);
    for (let t = a.getTime(); t <= c.getTime(); t += 7 * 3_600_000) {
      const b = new Date(t);
      assert.equal(workingDaysUsed(a, b, CN) + workingDaysUsed(b, c, CN), 9, iso(b));
    }
  });
});

describe('stop / restart round trip', () => {
  it('10-day limit from Mon 03-02; stopped Thu 03-05 11:00 (3 used, 7 left); restarted Mon 03-16 10:00 → due Wed 03-25', () => {
    const limit = 10;
    const accepted = sh('2026-03-02', '10:00');
    // Without a stop: 10 working days after Mon 03-02 → Mon 03-16.
    assert.equal(iso(workingDaysDue(accepted, limit, CN)), shEnd('2026-03-16'));

    const stopped = sh('2026-03-05', '11:00');
    const used = workingDaysUsed(accepted, stopped, CN);
    assert.equal(used, 3); // Tue 03, Wed 04, Thu 05 (the stop day, partly used)
    const remaining = limit - used;
    assert.equal(remaining, 7);

    // Restart Mon 03-16 10:00: the restart day, like the day of acceptance, is not counted, so
    // the 7 remaining days are Tue 17, Wed 18, Thu 19, Fri 20, Mon 23, Tue 24, Wed 25.
    // Total counted: Tue 3, Wed 4, Thu 5 + the 7 above = 10 working days.
    const restarted = sh('2026-03-16', '10:00');
    assert.equal(iso(workingDaysDue(restarted, remaining, CN)), '2026-03-25T15:59:59.999Z');
  });

  it('stopped and restarted at the same instant: the due date stays Mon 03-16', () => {
    const accepted = sh('2026-03-02', '10:00');
    for (const t of [sh('2026-03-05', '11:00'), sh('2026-03-05', '08:00'), sh('2026-03-05', '18:00'), sh('2026-03-07', '10:00')]) {
      const remaining = 10 - workingDaysUsed(accepted, t, CN);
      assert.equal(iso(workingDaysDue(t, remaining, CN)), shEnd('2026-03-16'), iso(t));
    }
  });
});

describe('workingDaysLeft', () => {
  it('0 once the due instant has passed, or is now', () => {
    const due = workingDaysDue(sh('2026-03-02', '10:00'), 2, CN); // end of Wed 03-04
    assert.equal(workingDaysLeft(sh('2026-03-05', '10:00'), due, CN), 0);
    assert.equal(workingDaysLeft(new Date(due.getTime() + 1), due, CN), 0);
    assert.equal(workingDaysLeft(due, due, CN), 0);
  });

  it('0 on the due day itself, before the due instant', () => {
    const due = new Date(shEnd('2026-03-04'));
    assert.equal(workingDaysLeft(sh('2026-03-04', '09:00'), due, CN), 0);
  });

  it('counts the working days after today up to and including the due day', () => {
    assert.equal(workingDaysLeft(sh('2026-03-02', '10:00'), new Date(shEnd('2026-03-16')), CN), 10);
    assert.equal(workingDaysLeft(sh('2026-03-02', '18:00'), new Date(shEnd('2026-03-04')), CN), 2); // Tue, Wed
  });

  it('across the Spring Festival: Thu 02-12 → due Thu 02-26 leaves 13, 14, 24, 25, 26 = 5', () => {
    assert.equal(workingDaysLeft(sh('2026-02-12', '10:00'), new Date(shEnd('2026-02-26')), CN), 5);
  });

  it('today a holiday or a weekend: Mon 02-16 (春节) → due Thu 02-26 leaves 24, 25, 26 = 3; Sat 03-07 → due Mon 03-09 = 1', () => {
    assert.equal(workingDaysLeft(sh('2026-02-16', '10:00'), new Date(shEnd('2026-02-26')), CN), 3);
    assert.equal(workingDaysLeft(sh('2026-03-07', '10:00'), new Date(shEnd('2026-03-09')), CN), 1);
  });

  it('uses the local date: 2026-03-02T16:01Z is already Tuesday in Shanghai → due Wed 03-04 leaves 1', () => {
    assert.equal(workingDaysLeft(new Date('2026-03-02T16:01:00Z'), new Date(shEnd('2026-03-04')), CN), 1);
    assert.equal(workingDaysLeft(new Date('2026-03-02T15:59:00Z'), new Date(shEnd('2026-03-04')), CN), 2);
  });

  it('right after acceptance in office hours, n days are left of an n-day limit (n = 0…25, across 国庆)', () => {
    const accepted = sh('2026-09-18', '10:00');
    for (let n = 0; n <= 25; n++) {
      assert.equal(workingDaysLeft(accepted, workingDaysDue(accepted, n, CN), CN), n, `n = ${n}`);
    }
  });
});

describe('isValidTimeZone', () => {
  it('accepts IANA zones', () => {
    assert.equal(isValidTimeZone('Asia/Shanghai'), true);
    assert.equal(isValidTimeZone('Europe/Berlin'), true);
    assert.equal(isValidTimeZone('Asia/Kolkata'), true);
    assert.equal(isValidTimeZone('UTC'), true);
  });

  it('refuses unknown zones, every time (nothing invalid is cached)', () => {
    assert.equal(isValidTimeZone('Mars/Olympus'), false);
    assert.equal(isValidTimeZone('Mars/Olympus'), false);
    assert.equal(isValidTimeZone(''), false);
    assert.equal(isValidTimeZone('Asia/Shang hai'), false);
  });
});

describe('purity', () => {
  it('results do not depend on the time zone of the host process', () => {
    const moduleUrl = import.meta.resolve('#core/calendar.ts');
    const script = `
      const c = await import(${JSON.stringify(moduleUrl)});
      const calendar = ${JSON.stringify(CN)};
      console.log(JSON.stringify([
        c.workingDaysDue(new Date('2026-02-12T02:00:00Z'), 5, calendar).toISOString(),
        c.startDay(new Date('2026-03-02T16:01:00Z'), calendar),
        c.endOfLocalDay('2026-03-29', 'Europe/Berlin').toISOString(),
        c.addDays('2026-03-08', 1),
        c.weekday('2026-03-08'),
      ]));`;
    const expected = ['2026-02-26T15:59:59.999Z', '2026-03-03', '2026-03-29T21:59:59.999Z', '2026-03-09', 0];
    for (const TZ of ['UTC', 'America/New_York', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TZ }, encoding: 'utf8' });
      assert.deepEqual(JSON.parse(out), expected, `host TZ=${TZ}`);
    }
  });
});
