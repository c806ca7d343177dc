// A new calendar (applyCalendar): due dates of running clocks computed with an older one move.
//
// Expected instants are derived by hand. Asia/Shanghai is UTC+8 (no DST): the end of local
// day D is D T15:59:59.999Z (`endOf(D)`). Working days in March 2026 (no holiday):
// 2–6, 9–13, 16–20, 23–27, 30–31; 2 March is a Monday.
import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import { applyCalendar } from '#core/case/deadlines.ts';
import { withdrawCase } from '#core/case/outcome.ts';
import { decideReview, extendReview } from '#core/case/review-actions.ts';
import { submitCase } from '#core/case/submission.ts';
import {
  APPLICANT,
  applyChange,
  CAL,
  calendarWith,
  done,
  endOf,
  local,
  openedCase,
  plusMs,
  reviewOf as review,
  SHOP_AT,
  shopApplication,
  shopCase,
  shopService,
  SUBMITTED_AT,
} from '../support/fixtures.ts';
import { decided } from '../support/fixtures.ts';

describe('applyCalendar', () => {
  const now = local('2026-03-04 10:00');

  it('a holiday inside a running working-day review moves its dueBy one working day later', () => {
    const aggregate = shopCase();
    const v2 = calendarWith(['2026-03-11']); // Wednesday 11 March declared a holiday
    const change = applyCalendar(aggregate, v2, now);
    assert.ok(change);
    assert.deepEqual(
      change.reviews.map((r) => [r.department, r.dueBy, r.calendarVersion]),
      [
        ['market', endOf('2026-03-31'), 2], // was Mon 30
        ['health', endOf('2026-03-24'), 2], // was Mon 23
        ['fire', endOf('2026-03-17'), 2], // was Mon 16
      ],
    );
    assert.deepEqual(change.record, aggregate.record);
    assert.deepEqual(
      change.events.map((e) => [e.type, e.actor, e.department, e.detail]),
      [
        ['DUE_DATE_MOVED', 'system:calendar', 'market', { from: endOf('2026-03-30'), dueBy: endOf('2026-03-31'), calendarVersion: 2 }],
        ['DUE_DATE_MOVED', 'system:calendar', 'health', { from: endOf('2026-03-23'), dueBy: endOf('2026-03-24'), calendarVersion: 2 }],
        ['DUE_DATE_MOVED', 'system:calendar', 'fire', { from: endOf('2026-03-16'), dueBy: endOf('2026-03-17'), calendarVersion: 2 }],
      ],
    );
    for (const e of change.events) assert.equal(e.at, now.toISOString());
  });

  it('only the reviews whose span contains the new holiday move', () => {
    const aggregate = shopCase();
    // Wed 18 March: after fire's due (Mon 16), inside health's and market's
    const change = applyCalendar(aggregate, calendarWith(['2026-03-18']), now);
    assert.ok(change);
    assert.deepEqual(
      change.reviews.map((r) => [r.department, r.dueBy]),
      [
        ['market', endOf('2026-03-31')],
        ['health', endOf('2026-03-24')],
      ],
    );
  });

  it('a removed holiday brings dueBy earlier', () => {
    const aggregate = shopCase({ calendar: calendarWith(['2026-03-11'], 1) });
    const change = applyCalendar(aggregate, { ...CAL, version: 2 }, now);
    assert.ok(change);
    assert.equal(review(change, 'fire').dueBy, endOf('2026-03-16'));
  });

  it('duration-limited reviews are not moved', () => {
    const aggregate = openedCase();
    const change = applyCalendar(aggregate, calendarWith(['2026-01-07']), plusMs(SUBMITTED_AT, 5000));
    assert.ok(change);
    // only environment (3 working days: Tue 6, Thu 8, Fri 9 with Wed 7 off)
    assert.deepEqual(
      change.reviews.map((r) => [r.department, r.dueBy]),
      [['environment', endOf('2026-01-09')]],
    );
  });

  it('a stopped review (waiting for the applicant) is not moved', () => {
    const aggregate = shopCase();
    const stopped = applyChange(
      aggregate,
      done(
        decideReview({
          aggregate,
          department: 'fire',
          decision: { decision: 'REQUEST_CORRECTION', requested: [{ id: 'floor-plan', reason: '不清晰' }] },
          reviewer: 'reviewer-li',
          now: local('2026-03-03 11:00'),
          calendar: CAL,
        }),
      ).change,
    );
    const change = applyCalendar(stopped, calendarWith(['2026-03-11']), now);
    assert.ok(change);
    assert.deepEqual(
      change.reviews.map((r) => r.department),
      ['market', 'health'],
    );
  });

  it('settled reviews are not moved', () => {
    const aggregate = decided(shopCase(), 'market', 'APPROVE', local('2026-03-03 10:00'));
    const change = applyCalendar(aggregate, calendarWith(['2026-03-11']), now);
    assert.ok(change);
    assert.deepEqual(
      change.reviews.map((r) => r.department),
      ['health', 'fire'],
    );
  });

  it('reviews already on the new calendar version are left as they are', () => {
    const aggregate = shopCase();
    const v2 = calendarWith(['2026-03-11']);
    // health extends under v2: its dueBy is computed with v2 already (15 + 2 = 17 working days, 11 March off → Thu 26)
    const extended = applyChange(
      aggregate,
      done(
        extendReview({
          aggregate,
          department: 'health',
          extension: { workingDays: 2, reason: '材料较多' },
          reviewer: 'reviewer-wu',
          now: local('2026-03-03 10:00'),
          calendar: v2,
        }),
      ).change,
    );
    assert.equal(review(extended, 'health').dueBy, endOf('2026-03-26'));
    assert.equal(review(extended, 'health').calendarVersion, 2);
    const change = applyCalendar(extended, v2, now);
    assert.ok(change);
    assert.deepEqual(
      change.reviews.map((r) => r.department),
      ['market', 'fire'],
    );
    // once applied, the same calendar moves nothing
    const after = applyChange(extended, change);
    assert.equal(applyCalendar(after, v2, now), null);
  });

  it('is null when nothing moves', () => {
    const aggregate = shopCase();
    // a holiday on a Saturday, one after every due date, and a new version with no change
    assert.equal(applyCalendar(aggregate, calendarWith(['2026-03-07']), now), null);
    assert.equal(applyCalendar(aggregate, calendarWith(['2026-04-15']), now), null);
    assert.equal(applyCalendar(aggregate, { ...CAL, version: 7 }, now), null);
  });

  it('is null for a case that is not in review', () => {
    const aggregate = shopCase();
    const withdrawn = applyChange(aggregate, withdrawCase(aggregate, now));
    assert.equal(applyCalendar(withdrawn, calendarWith(['2026-03-11']), now), null);
    const incomplete = applyChange(
      undefined,
      submitCase({ caseId: 'X', service: shopService(), input: shopApplication({}), applicantSub: APPLICANT, now: SHOP_AT, calendar: CAL }),
    );
    assert.equal(applyCalendar(incomplete, calendarWith(['2026-03-11']), now), null);
  });
});
