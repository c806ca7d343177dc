import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addWorkingDays, dueInstant, durationMs, MAX_WAIT_SECONDS, waitSeconds } from '#core/clock.ts';

const SECOND = 1000;
const HOUR = 3600 * SECOND;
const DAY = 24 * HOUR;

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
  const from = new Date('2026-01-05T02:00:00.000Z');
  it('a duration is wall-clock time from the start', () => {
    assert.equal(dueInstant({ duration: 'PT30S' }, from).toISOString(), '2026-01-05T02:00:30.000Z');
    assert.equal(dueInstant({ duration: 'PT2H' }, from).toISOString(), '2026-01-05T04:00:00.000Z');
    // a duration runs through the weekend: it is not a working-day count
    assert.equal(dueInstant({ duration: 'P7D' }, from).toISOString(), '2026-01-12T02:00:00.000Z');
  });
  it('workingDays uses the working-day calendar', () => {
    // Monday 10:00 local + 3 working days = end of Thursday local
    assert.equal(dueInstant({ workingDays: 3 }, from).toISOString(), '2026-01-08T15:59:59.999Z');
  });
});

describe('addWorkingDays (Mon–Fri, Asia/Shanghai, UTC+8)', () => {
  // 2026-01-01 is a Thursday, so 2026-01-02 is a Friday and 2026-01-05 a Monday.
  it('from a Friday afternoon local, 1 working day ends at the end of Monday local', () => {
    const fridayAfternoon = new Date('2026-01-02T15:00:00+08:00');
    const due = addWorkingDays(fridayAfternoon, 1);
    assert.equal(due.getTime(), new Date('2026-01-05T23:59:59.999+08:00').getTime());
    assert.equal(due.toISOString(), '2026-01-05T15:59:59.999Z');
  });

  it('from a Saturday, 1 working day ends at the end of Monday local', () => {
    const saturday = new Date('2026-01-03T11:00:00+08:00');
    assert.equal(addWorkingDays(saturday, 1).getTime(), new Date('2026-01-05T23:59:59.999+08:00').getTime());
  });

  it('from a Sunday late evening, 1 working day ends at the end of Monday local', () => {
    const sunday = new Date('2026-01-04T23:30:00+08:00');
    assert.equal(addWorkingDays(sunday, 1).getTime(), new Date('2026-01-05T23:59:59.999+08:00').getTime());
  });

  it('counts from the local day, not the UTC day: Sunday 16:30Z is Monday 00:30 local, so 1 day ends Tuesday', () => {
    const mondayLocal = new Date('2026-01-04T16:30:00Z'); // Sunday in UTC, Monday in Shanghai
    assert.equal(addWorkingDays(mondayLocal, 1).toISOString(), '2026-01-06T15:59:59.999Z');
  });

  it('just before local midnight (Monday 23:59 local) counts from Monday: 1 day ends Tuesday', () => {
    const due = addWorkingDays(new Date('2026-01-05T15:59:00Z'), 1);
    assert.equal(due.getTime(), new Date('2026-01-06T23:59:59.999+08:00').getTime());
  });

  it('just after local midnight (Tuesday 00:01 local) counts from Tuesday: 1 day ends Wednesday', () => {
    const due = addWorkingDays(new Date('2026-01-05T16:01:00Z'), 1);
    assert.equal(due.getTime(), new Date('2026-01-07T23:59:59.999+08:00').getTime());
  });

  it('5 working days from a Monday is the next Monday; 10 spans two weekends', () => {
    const monday = new Date('2026-01-05T09:00:00+08:00');
    assert.equal(addWorkingDays(monday, 5).getTime(), new Date('2026-01-12T23:59:59.999+08:00').getTime());
    assert.equal(addWorkingDays(monday, 10).getTime(), new Date('2026-01-19T23:59:59.999+08:00').getTime());
  });

  it('from a Thursday, 2 working days skip the weekend to Monday', () => {
    const thursday = new Date('2026-01-08T09:00:00+08:00');
    assert.equal(addWorkingDays(thursday, 2).getTime(), new Date('2026-01-12T23:59:59.999+08:00').getTime());
  });

  it('the due instant always falls on a weekday in local time, at 23:59:59.999', () => {
    const start = new Date('2026-01-01T00:00:00+08:00').getTime();
    for (let h = 0; h < 14 * 24; h += 5) {
      const from = new Date(start + h * HOUR);
      for (const n of [1, 2, 3, 7]) {
        const local = new Date(addWorkingDays(from, n).getTime() + 8 * HOUR); // shift to read local fields via UTC getters
        assert.ok(local.getUTCDay() >= 1 && local.getUTCDay() <= 5, `${from.toISOString()} + ${n}`);
        assert.equal(local.toISOString().slice(11), '23:59:59.999Z');
        assert.ok(local.getTime() - 8 * HOUR > from.getTime());
      }
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
  it('MAX_WAIT_SECONDS fits a 32-bit signed millisecond timer', () => {
    assert.ok(MAX_WAIT_SECONDS * 1000 <= 2 ** 31 - 1);
  });
});
