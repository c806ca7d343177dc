// Unit tests of a review's legal clock (functions/core/clock.ts). Expected instants are
// derived by hand: Asia/Shanghai is UTC+8 without DST, so the end of local day D is
// D T15:59:59.999Z. March 2026 has no public holiday: 2 Mar is a Monday, and its working days
// are 2–6, 9–13, 16–20, 23–27, 30–31.
import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import { defaultCalendar, isWorkingDay, localDate } from '#core/calendar.ts';
import {
  clockDue,
  dueInstant,
  durationMs,
  extendClock,
  MAX_WAIT_SECONDS,
  restartClock,
  startClock,
  stopClock,
  waitSeconds,
  type ReviewClock,
} from '#core/clock.ts';
import { CAL, endOf, local } from '../support/fixtures.ts';

const SECOND = 1000;
const HOUR = 3600 * SECOND;
const DAY = 24 * HOUR;
const calendar = defaultCalendar;
const workingDays = (n: number, from: Date) => dueInstant({ workingDays: n }, from, calendar);

describe('durationMs', () => {
  it('PT30S is thirty seconds', () => assert.equal(durationMs('PT30S'), 30 * SECOND));
  it('PT2H is two hours', () => assert.equal(durationMs('PT2H'), 2 * HOUR));
  it('P1D is one day', () => assert.equal(durationMs('P1D'), DAY));
  it('P1DT1H30M is a day, an hour and a half', () => assert.equal(durationMs('P1DT1H30M'), DAY + HOUR + 30 * 60 * SECOND));
  it('PT1M1S mixes minutes and seconds', () => assert.equal(durationMs('PT1M1S'), 61 * SECOND));
  it('refuses what is not an ISO-8601 duration', () => {
    for (const bad of ['30S', 'PT1.5H', 'P1W', 'T1H', '', 'pt30s']) assert.throws(() => durationMs(bad), RangeError, bad);
  });
});

describe('dueInstant', () => {
  const from = new Date('2026-01-05T02:00:00.000Z'); // Monday 10:00 local
  it('a duration is wall-clock time from the start', () => {
    assert.equal(dueInstant({ duration: 'PT30S' }, from, calendar).toISOString(), '2026-01-05T02:00:30.000Z');
    assert.equal(dueInstant({ duration: 'PT2H' }, from, calendar).toISOString(), '2026-01-05T04:00:00.000Z');
    // a duration runs through the weekend: it is not a working-day count
    assert.equal(dueInstant({ duration: 'P7D' }, from, calendar).toISOString(), '2026-01-12T02:00:00.000Z');
  });
  it('a duration ignores the calendar: holidays and office hours change nothing', () => {
    const nightBeforeHoliday = local('2025-12-31 23:00');
    assert.equal(dueInstant({ duration: 'PT2H' }, nightBeforeHoliday, CAL).toISOString(), '2025-12-31T17:00:00.000Z');
  });
  it('workingDays uses the working-day calendar', () => {
    // Monday 10:00 local + 3 working days = end of Thursday local
    assert.equal(dueInstant({ workingDays: 3 }, from, calendar).toISOString(), '2026-01-08T15:59:59.999Z');
  });
  it("workingDays skips the calendar's holidays and counts its make-up working days", () => {
    // Wed 31 Dec 2025 is a working day; 1–3 Jan 2026 are off, Sunday 4 Jan is worked.
    assert.equal(dueInstant({ workingDays: 1 }, local('2025-12-31 10:00'), CAL).toISOString(), endOf('2026-01-04'));
    assert.equal(dueInstant({ workingDays: 2 }, local('2025-12-31 10:00'), CAL).toISOString(), endOf('2026-01-05'));
    // the same count without the holidays ends on Friday 2 Jan
    assert.equal(dueInstant({ workingDays: 2 }, local('2025-12-31 10:00'), calendar).toISOString(), endOf('2026-01-02'));
  });
});

describe('working-day limits (Mon–Fri, Asia/Shanghai, UTC+8, office hours 09:00–17:00)', () => {
  // 2026-01-01 is a Thursday, so 2026-01-02 is a Friday and 2026-01-05 a Monday.
  it('from a Friday afternoon local, 1 working day ends at the end of Monday local', () => {
    const fridayAfternoon = new Date('2026-01-02T15:00:00+08:00');
    const due = workingDays(1, fridayAfternoon);
    assert.equal(due.getTime(), new Date('2026-01-05T23:59:59.999+08:00').getTime());
    assert.equal(due.toISOString(), '2026-01-05T15:59:59.999Z');
  });

  // An instant on a non-working day counts as if it happened on the next working day, and
  // that day (like a day of acceptance) is not counted.
  it('from a Saturday, the count starts Monday: 1 working day ends at the end of Tuesday local', () => {
    const saturday = new Date('2026-01-03T11:00:00+08:00');
    assert.equal(workingDays(1, saturday).getTime(), new Date('2026-01-06T23:59:59.999+08:00').getTime());
  });

  it('from a Sunday late evening, the count starts Monday: 1 working day ends at the end of Tuesday local', () => {
    const sunday = new Date('2026-01-04T23:30:00+08:00');
    assert.equal(workingDays(1, sunday).getTime(), new Date('2026-01-06T23:59:59.999+08:00').getTime());
  });

  it('from a Friday evening after office hours, the count starts Monday: 1 working day ends Tuesday', () => {
    assert.equal(workingDays(1, local('2026-01-02 18:00')).toISOString(), endOf('2026-01-06'));
  });

  it('counts from the local day, not the UTC day: Sunday 16:30Z is Monday 00:30 local, so 1 day ends Tuesday', () => {
    const mondayLocal = new Date('2026-01-04T16:30:00Z'); // Sunday in UTC, Monday in Shanghai
    assert.equal(workingDays(1, mondayLocal).toISOString(), '2026-01-06T15:59:59.999Z');
  });

  it('within office hours (Monday 16:59 local) counts from Monday: 1 day ends Tuesday', () => {
    assert.equal(workingDays(1, local('2026-01-05 16:59')).toISOString(), endOf('2026-01-06'));
  });

  it('at or after the end of office hours (Monday 17:00, 23:59 local) counts from Tuesday: 1 day ends Wednesday', () => {
    assert.equal(workingDays(1, local('2026-01-05 17:00')).toISOString(), endOf('2026-01-07'));
    assert.equal(workingDays(1, new Date('2026-01-05T15:59:00Z')).toISOString(), endOf('2026-01-07'));
  });

  it('just after local midnight (Tuesday 00:01 local) counts from Tuesday: 1 day ends Wednesday', () => {
    const due = workingDays(1, new Date('2026-01-05T16:01:00Z'));
    assert.equal(due.getTime(), new Date('2026-01-07T23:59:59.999+08:00').getTime());
  });

  it('5 working days from a Monday is the next Monday; 10 spans two weekends', () => {
    const monday = new Date('2026-01-05T09:00:00+08:00');
    assert.equal(workingDays(5, monday).getTime(), new Date('2026-01-12T23:59:59.999+08:00').getTime());
    assert.equal(workingDays(10, monday).getTime(), new Date('2026-01-19T23:59:59.999+08:00').getTime());
  });

  it('from a Thursday, 2 working days skip the weekend to Monday', () => {
    const thursday = new Date('2026-01-08T09:00:00+08:00');
    assert.equal(workingDays(2, thursday).getTime(), new Date('2026-01-12T23:59:59.999+08:00').getTime());
  });

  it('the due instant always falls on a weekday in local time, at 23:59:59.999', () => {
    const start = new Date('2026-01-01T00:00:00+08:00').getTime();
    for (let h = 0; h < 14 * 24; h += 5) {
      const from = new Date(start + h * HOUR);
      for (const n of [1, 2, 3, 7]) {
        const local = new Date(workingDays(n, from).getTime() + 8 * HOUR); // shift to read local fields via UTC getters
        assert.ok(local.getUTCDay() >= 1 && local.getUTCDay() <= 5, `${from.toISOString()} + ${n}`);
        assert.equal(local.toISOString().slice(11), '23:59:59.999Z');
        assert.ok(local.getTime() - 8 * HOUR > from.getTime());
      }
    }
  });
});

describe('ReviewClock', () => {
  const MON_2 = local('2026-03-02 10:00');
  const THU_5 = local('2026-03-05 11:00');
  const MON_16 = local('2026-03-16 10:00');

  it('startClock: a running clock with nothing used and no extension', () => {
    assert.deepEqual(startClock({ workingDays: 10 }, MON_2), {
      limit: { workingDays: 10 },
      extensionDays: 0,
      segmentStart: '2026-03-02T02:00:00.000Z',
      used: 0,
    });
  });

  it('a running clock is due when its limit, started then, is due', () => {
    // 10 working days from Monday 2 March (not counted): 3–6, 9–13, 16 → end of Monday 16 March
    assert.equal(clockDue(startClock({ workingDays: 10 }, MON_2), calendar).toISOString(), endOf('2026-03-16'));
    assert.equal(clockDue(startClock({ duration: 'PT60S' }, MON_2), calendar).toISOString(), '2026-03-02T02:01:00.000Z');
  });

  it('stopClock records the working days used: the start day does not count, the stop day does', () => {
    const stopped = stopClock(startClock({ workingDays: 10 }, MON_2), THU_5, calendar);
    // Monday 2 (acceptance) is not counted; Tue 3, Wed 4 and Thursday 5 (stopped at 11:00,
    // partly used, so used) are: 3
    assert.equal(stopped.used, 3);
    assert.equal(stopped.stoppedAt, '2026-03-05T03:00:00.000Z');
    assert.equal(stopped.segmentStart, '2026-03-02T02:00:00.000Z');
    assert.equal(stopped.extensionDays, 0);
  });

  it('a clock stopped on the day it started has used nothing', () => {
    assert.equal(stopClock(startClock({ workingDays: 10 }, MON_2), local('2026-03-02 16:00'), calendar).used, 0);
  });

  it('stopClock and restartClock do not modify the clock they are given', () => {
    const running = startClock({ workingDays: 10 }, MON_2);
    const copy = structuredClone(running);
    const stopped = stopClock(running, THU_5, calendar);
    const stoppedCopy = structuredClone(stopped);
    restartClock(stopped, MON_16);
    assert.deepEqual(running, copy);
    assert.deepEqual(stopped, stoppedCopy);
  });

  it('restartClock runs the clock again from the restart, keeping what was used', () => {
    const restarted = restartClock(stopClock(startClock({ workingDays: 10 }, MON_2), THU_5, calendar), MON_16);
    assert.equal(restarted.stoppedAt, undefined);
    assert.equal('stoppedAt' in restarted, false);
    assert.equal(restarted.segmentStart, '2026-03-16T02:00:00.000Z');
    assert.equal(restarted.used, 3);
  });

  it('10 working days, 3 used before a stop, restarted Monday 16 March: due at the end of Wednesday 25 March', () => {
    // Tue 3, Wed 4, Thu 5 (the stop day) were used: 7 working days remain. The restart day
    // (Mon 16), like the day of acceptance, is not counted: 17, 18, 19, 20, 23, 24, 25 → end
    // of Wednesday 25 March (Asia/Shanghai 23:59:59.999 = 15:59:59.999Z).
    const restarted = restartClock(stopClock(startClock({ workingDays: 10 }, MON_2), THU_5, calendar), MON_16);
    assert.equal(clockDue(restarted, calendar).toISOString(), '2026-03-25T15:59:59.999Z');
    assert.equal(clockDue(restarted, calendar).getTime(), new Date('2026-03-25T23:59:59.999+08:00').getTime());
  });

  it('a stop and a restart at the same instant change nothing: still due Monday 16 March', () => {
    // No time passed while stopped, so the department may neither gain nor lose a working day:
    // Thu 5 is charged by the stop (3 used) and not counted again after the restart (7 left:
    // 6, 9, 10, 11, 12, 13, 16).
    const running = startClock({ workingDays: 10 }, MON_2);
    const bounced = restartClock(stopClock(running, THU_5, calendar), THU_5);
    assert.equal(clockDue(bounced, calendar).toISOString(), clockDue(running, calendar).toISOString());
    assert.equal(clockDue(bounced, calendar).toISOString(), endOf('2026-03-16'));
  });

  it('a PT60S clock stopped after 20 s and restarted later is due 40 s after the restart', () => {
    const start = new Date('2026-03-02T02:00:00.000Z');
    const stopped = stopClock(startClock({ duration: 'PT60S' }, start), new Date('2026-03-02T02:00:20.000Z'), calendar);
    assert.equal(stopped.used, 20_000);
    const restartAt = new Date('2026-03-07T05:30:00.000Z'); // a Saturday: wall-clock time ignores the calendar
    assert.equal(clockDue(restartClock(stopped, restartAt), calendar).toISOString(), '2026-03-07T05:30:40.000Z');
  });

  it('a working-day clock stopped keeps its due as it stood when it stopped', () => {
    const running = startClock({ workingDays: 10 }, MON_2);
    const stopped = stopClock(running, THU_5, calendar);
    // While stopped the clock does not run; its due is the one it had (end of Monday 16
    // March): 7 left counted from the stop day Thu 5 (not counted again): 6, 9–13, 16.
    assert.equal(clockDue(stopped, calendar).toISOString(), endOf('2026-03-16'));
    // it is the due of the clock restarted at stoppedAt
    assert.equal(clockDue(stopped, calendar).toISOString(), clockDue(restartClock(stopped, THU_5), calendar).toISOString());
    // and it does not move while the clock stays stopped: stoppedAt, not now, decides
    assert.equal(clockDue({ ...stopped }, calendar).toISOString(), endOf('2026-03-16'));
  });

  it('a working-day clock stopped after office hours, or on a weekend, keeps its due too', () => {
    const running = startClock({ workingDays: 10 }, MON_2);
    // Thu 5 18:00: start day Fri 6, used Tue–Fri = 4, 6 left from Fri: 9–13, 16
    const evening = stopClock(running, local('2026-03-05 18:00'), calendar);
    assert.equal(evening.used, 4);
    assert.equal(clockDue(evening, calendar).toISOString(), endOf('2026-03-16'));
    // Sat 7: start day Mon 9, used Tue–Fri + Mon 9 = 5, 5 left from Mon 9: 10–13, 16
    const saturday = stopClock(running, local('2026-03-07 10:00'), calendar);
    assert.equal(saturday.used, 5);
    assert.equal(clockDue(saturday, calendar).toISOString(), endOf('2026-03-16'));
  });

  it('a duration clock stopped keeps its due as it stood: PT60S stopped after 20 s is still due start + 60 s', () => {
    const start = new Date('2026-03-02T02:00:00.000Z');
    const stopAt = new Date('2026-03-02T02:00:20.000Z');
    const stopped = stopClock(startClock({ duration: 'PT60S' }, start), stopAt, calendar);
    // 20 s used, 40 s left from the stop: 02:00:20 + 40 s = 02:01:00, as before the stop
    assert.equal(clockDue(stopped, calendar).toISOString(), '2026-03-02T02:01:00.000Z');
    assert.equal(clockDue(stopped, calendar).toISOString(), clockDue(restartClock(stopped, stopAt), calendar).toISOString());
  });

  it('extending a stopped working-day clock moves the due as it stood by the working days', () => {
    // stopped Thu 5 11:00 with its due at the end of Mon 16; + 5 working days: 17, 18, 19, 20, 23
    const stopped = stopClock(startClock({ workingDays: 10 }, MON_2), THU_5, calendar);
    const extended = extendClock(stopped, 5);
    assert.equal(extended.stoppedAt, stopped.stoppedAt);
    assert.equal(clockDue(extended, calendar).toISOString(), endOf('2026-03-23'));
    // restarted Mon 16: 10 + 5 − 3 = 12 left after Mon 16: 17–20, 23–27, 30, 31, Wed 1 April
    assert.equal(clockDue(restartClock(extended, MON_16), calendar).toISOString(), endOf('2026-04-01'));
  });

  it('extending a stopped duration clock moves its due by working days after the day it would have ended', () => {
    // PT60S from Mon 2 March 10:00, stopped after 20 s: due Mon 2 March 10:01 as it stood;
    // + 2 working days after Monday 2: Tue 3, Wed 4 → end of Wednesday 4 March
    const stopped = stopClock(startClock({ duration: 'PT60S' }, MON_2), new Date('2026-03-02T02:00:20.000Z'), calendar);
    assert.equal(clockDue(extendClock(stopped, 2), calendar).toISOString(), endOf('2026-03-04'));
  });

  describe('extension', () => {
    it('adds working days to a working-day limit', () => {
      const extended = extendClock(startClock({ workingDays: 10 }, MON_2), 5);
      assert.equal(extended.extensionDays, 5);
      // 15 working days from Monday 2 March: … 16 (10th), 17, 18, 19, 20, 23 (15th)
      assert.equal(clockDue(extended, calendar).toISOString(), endOf('2026-03-23'));
    });

    it('two extensions add up', () => {
      const twice = extendClock(extendClock(startClock({ workingDays: 10 }, MON_2), 2), 3);
      assert.equal(twice.extensionDays, 5);
      assert.equal(clockDue(twice, calendar).toISOString(), endOf('2026-03-23'));
    });

    it('skips holidays when the calendar has them', () => {
      // 3 working days from Friday 13 Feb 2026, extended by 1 (4 in all): without holidays
      // 16, 17, 18, 19 → Thu 19 Feb; with CAL (Sat 14 Feb worked, 15–23 Feb off) 14, 24, 25, 26 → Thu 26 Feb.
      const c = extendClock(startClock({ workingDays: 3 }, local('2026-02-13 10:00')), 1);
      assert.equal(clockDue(c, calendar).toISOString(), endOf('2026-02-19'));
      assert.equal(clockDue(c, CAL).toISOString(), endOf('2026-02-26'));
    });

    it('a wall-clock limit extended by n working days ends at the end of the n-th working day after the day it would have ended', () => {
      // PT30S from Monday 5 Jan 10:00 would end Monday 5 Jan; 2 working days later is Wednesday 7 Jan
      const c = extendClock(startClock({ duration: 'PT30S' }, local('2026-01-05 10:00')), 2);
      assert.equal(clockDue(c, CAL).toISOString(), endOf('2026-01-07'));
      // PT2H from Friday 6 March 16:00 would end Friday 18:00; 1 working day later is Monday 9 March
      const friday = extendClock(startClock({ duration: 'PT2H' }, local('2026-03-06 16:00')), 1);
      assert.equal(clockDue(friday, calendar).toISOString(), endOf('2026-03-09'));
    });

    it('an extended clock keeps its extension through a stop and a restart', () => {
      const c = extendClock(startClock({ workingDays: 10 }, MON_2), 5);
      const restarted = restartClock(stopClock(c, THU_5, calendar), MON_16);
      assert.equal(restarted.extensionDays, 5);
      assert.equal(restarted.used, 3); // Tue 3, Wed 4, Thu 5
      // 15 − 3 = 12 left after Mon 16: 17–20, 23–27, 30, 31, Wed 1 April
      assert.equal(clockDue(restarted, calendar).toISOString(), endOf('2026-04-01'));
    });
  });
});

describe('stop and immediate restart change nothing (property)', () => {
  // For a clock c and a stop instant t before clockDue(c):
  //   clockDue(restartClock(stopClock(c, t), t)) = clockDue(c)   (no time passed while stopped)
  //   clockDue(stopClock(c, t))                  = clockDue(c)   (a stopped clock's due is as it stood)
  // Why it should hold for working-day limits: stopClock charges the days in (S(start), S(t)]
  // (S = startDay) and the restart counts the rest after S(t), so the due is still the
  // (limit + extension)-th working day after S(start). The stop instants are sampled on every
  // local day of the clock's run, at times before, in and after office hours (09:00–17:00),
  // which covers working days, weekends, holidays (春节, 清明, 元旦) and make-up days of CAL.
  const TIMES = ['00:00', '08:59', '12:00', '16:59', '17:00', '23:59'];
  const STARTS = [
    local('2026-02-12 10:00'), // Thu before 春节 (Sat 14 worked, 15–23 off, Sat 28 worked)
    local('2026-01-02 10:00'), // Fri, a 元旦 holiday (start day Sun 4 Jan, a make-up day)
    local('2026-03-06 18:00'), // Fri after office hours (start day Mon 9)
    local('2026-03-07 10:00'), // Saturday (start day Mon 9)
    local('2026-04-02 16:59'), // Thu before 清明 (Sat 4 – Mon 6 off)
  ];
  /** [limit, extension] in working days */
  const LIMITS = [
    [0, 0],
    [1, 0],
    [3, 0],
    [8, 0],
    [0, 2],
    [3, 2],
  ];
  const DAY_MS = 86_400_000;
  const hhmm = (t: Date) => new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(11, 16); // Shanghai, UTC+8

  /** Every sampled stop instant t with start ≤ t < due, and whether it is after office hours on the due day. */
  function stopsOf(c: ReviewClock): { t: Date; dueDayEvening: boolean }[] {
    const start = new Date(c.segmentStart);
    const due = clockDue(c, CAL);
    const dueDay = localDate(due, CAL.timeZone);
    const out: { t: Date; dueDayEvening: boolean }[] = [];
    for (let d = Date.parse(`${localDate(start, CAL.timeZone)}T00:00:00Z`); ; d += DAY_MS) {
      const day = new Date(d).toISOString().slice(0, 10);
      if (day > dueDay) break;
      for (const time of TIMES) {
        const t = local(`${day} ${time}`);
        if (t < start || t >= due) continue;
        out.push({ t, dueDayEvening: day === dueDay && time >= CAL.officeHours.end });
      }
    }
    return out;
  }

  function counterexamples(pick: (s: { dueDayEvening: boolean }) => boolean) {
    const bad: string[] = [];
    const seen = { total: 0, weekendOrHoliday: 0, beforeHours: 0, inHours: 0, afterHours: 0 };
    for (const start of STARTS)
      for (const [n, ext] of LIMITS) {
        const c = extendClock(startClock({ workingDays: n }, start), ext);
        const due = clockDue(c, CAL).toISOString();
        for (const s of stopsOf(c).filter(pick)) {
          seen.total++;
          const day = localDate(s.t, CAL.timeZone);
          const time = hhmm(s.t);
          if (!isWorkingDay(day, CAL)) seen.weekendOrHoliday++;
          else if (time < CAL.officeHours.start) seen.beforeHours++;
          else if (time < CAL.officeHours.end) seen.inHours++;
          else seen.afterHours++;
          const stopped = stopClock(c, s.t, CAL);
          const bounced = clockDue(restartClock(stopped, s.t), CAL).toISOString();
          const asItStood = clockDue(stopped, CAL).toISOString();
          if (bounced !== due || asItStood !== due)
            bad.push(
              `${n}+${ext} days from ${start.toISOString()}, stopped ${day} ${time}: due ${due}, restarted ${bounced}, stopped ${asItStood}`,
            );
        }
      }
    return { bad, seen };
  }

  it('working-day limits, for every sampled stop except after office hours on the due day itself', () => {
    const { bad, seen } = counterexamples((s) => !s.dueDayEvening);
    // the sample covers what it claims to
    assert.ok(seen.total > 500, `only ${seen.total} stops`);
    for (const [k, v] of Object.entries(seen)) assert.ok(v > 50, `only ${v} stops ${k}`);
    assert.deepEqual(bad, []);
  });

  it('working-day limits, also for a stop after office hours on the due day itself (17:00–23:59, still before the due instant)', () => {
    // Example: 1 working day from Thu 12 Feb 10:00 is due at the end of Fri 13 Feb. Stopped
    // Fri 13 18:00 (before the due instant), its start day is Sat 14 (make-up), so it has used
    // 2 days (13, 14) of 1; the remaining count is clamped to 0 and the due becomes the end of
    // the restart's start day, Sat 14 — one working day later than it stood. Expected: Fri 13.
    const c = startClock({ workingDays: 1 }, local('2026-02-12 10:00'));
    assert.equal(clockDue(c, CAL).toISOString(), endOf('2026-02-13'));
    const t = local('2026-02-13 18:00');
    assert.equal(clockDue(stopClock(c, t, CAL), CAL).toISOString(), endOf('2026-02-13'), 'stopped: the due as it stood');
    assert.equal(clockDue(restartClock(stopClock(c, t, CAL), t), CAL).toISOString(), endOf('2026-02-13'), 'restarted at once');
    const { bad, seen } = counterexamples((s) => s.dueDayEvening);
    assert.ok(seen.total > 20, `only ${seen.total} stops`);
    assert.deepEqual(bad, []);
  });

  it('duration limits without extension: the due stays start + duration for any stop before it', () => {
    for (const duration of ['PT30S', 'PT2H', 'P1D', 'P3DT4H']) {
      const start = local('2026-02-13 16:00'); // Fri before 春节: wall-clock time ignores the calendar
      const c = startClock({ duration }, start);
      const due = clockDue(c, CAL);
      assert.equal(due.getTime(), start.getTime() + durationMs(duration));
      for (const f of [0, 0.001, 0.25, 0.5, 0.999]) {
        const t = new Date(start.getTime() + Math.floor(f * durationMs(duration)));
        assert.equal(clockDue(stopClock(c, t, CAL), CAL).toISOString(), due.toISOString(), `${duration} stopped at ${f}`);
        assert.equal(clockDue(restartClock(stopClock(c, t, CAL), t), CAL).toISOString(), due.toISOString(), `${duration} bounced at ${f}`);
      }
    }
  });

  it('an extended duration limit, stopped before its duration ran out: the extended due stays', () => {
    // PT30S from Mon 5 Jan 10:00 ends Mon 5 Jan; + 2 working days → end of Wed 7 Jan (CAL: no holiday then)
    const c = extendClock(startClock({ duration: 'PT30S' }, local('2026-01-05 10:00')), 2);
    assert.equal(clockDue(c, CAL).toISOString(), endOf('2026-01-07'));
    const t = new Date(local('2026-01-05 10:00').getTime() + 20_000);
    assert.equal(clockDue(stopClock(c, t, CAL), CAL).toISOString(), endOf('2026-01-07'));
    assert.equal(clockDue(restartClock(stopClock(c, t, CAL), t), CAL).toISOString(), endOf('2026-01-07'));
  });

  it('an extended duration limit, stopped during its extension (after the duration ran out, before the extended due): the due stays', () => {
    // As above, due at the end of Wed 7 Jan. Stopped Tue 6 Jan 10:00 — within the extension,
    // before the due instant — the due as it stood is still the end of Wed 7 Jan. The clock
    // has used 1 day of its 30 s, so the base clamps to the stop instant (Tue 6) and the 2
    // extension days are counted after Tue 6 instead of after Mon 5: Thu 8 — a day later.
    const c = extendClock(startClock({ duration: 'PT30S' }, local('2026-01-05 10:00')), 2);
    for (const at of ['2026-01-06 10:00', '2026-01-07 10:00', '2026-01-07 23:59']) {
      const t = local(at);
      assert.equal(clockDue(stopClock(c, t, CAL), CAL).toISOString(), endOf('2026-01-07'), `stopped ${at}: the due as it stood`);
      assert.equal(clockDue(restartClock(stopClock(c, t, CAL), t), CAL).toISOString(), endOf('2026-01-07'), `restarted at once ${at}`);
    }
  });
});

describe('waitSeconds', () => {
  const now = new Date('2026-01-05T02:00:00.000Z');
  const due = (ms: number) => new Date(now.getTime() + ms).toISOString();

  it('is the whole seconds until due', () => assert.equal(waitSeconds(due(30 * SECOND), now), 30));
  it('rounds up, so the wake-up is never before due', () => {
    assert.equal(waitSeconds(due(1500), now), 2);
    assert.equal(waitSeconds(due(29_001), now), 30);
    for (const ms of [1, 999, 1000, 1001, 59_999, 3_600_001]) {
      const w = waitSeconds(due(ms), now);
      assert.ok(now.getTime() + w * 1000 >= now.getTime() + ms, `${ms} ms → ${w} s is early`);
      assert.ok(w * 1000 - ms < 1000, `${ms} ms → ${w} s waits a whole extra second`);
    }
  });
  it('is at least 1 second, also when due now or already past', () => {
    assert.equal(waitSeconds(due(0), now), 1);
    assert.equal(waitSeconds(due(-5 * DAY), now), 1);
    assert.equal(waitSeconds(due(1), now), 1);
  });
  it('is capped at MAX_WAIT_SECONDS for a far due date', () => {
    assert.equal(waitSeconds(due(30 * DAY), now), MAX_WAIT_SECONDS);
    assert.equal(waitSeconds(due(MAX_WAIT_SECONDS * 1000), now), MAX_WAIT_SECONDS);
    assert.equal(waitSeconds(due(MAX_WAIT_SECONDS * 1000 - 1000), now), MAX_WAIT_SECONDS - 1);
  });
  it('reads an instant with an offset as the same instant', () => {
    assert.equal(waitSeconds('2026-01-05T10:00:30+08:00', now), 30);
  });
  it('MAX_WAIT_SECONDS fits a 32-bit signed millisecond timer', () => {
    assert.ok(MAX_WAIT_SECONDS * 1000 <= 2 ** 31 - 1);
  });
});
