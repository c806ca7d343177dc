// When the deadline watchdog looks at a review (reviewCheckpoints): reminders at fractions
// of the limit used and working days left, escalation on the due day, the safety net after
// the due time, a missing opinion; none for settled and stopped reviews.
//
// Instants are derived by hand; the food-shop case's due dates and reminder instants, and how
// they are derived, are in test/support/watchdog.ts.
import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import { applyCalendar, settleByDeadline } from '#core/case/deadlines.ts';
import { DEFAULT_REMINDERS, rulesOf, type CaseAggregate, type ReviewRecord } from '#core/case/model.ts';
import { withdrawCase } from '#core/case/outcome.ts';
import { decideReview, fileOpinion } from '#core/case/review-actions.ts';
import { nextAt, reviewCheckpoints } from '#core/watchdog.ts';
import { applyChange, CAL, calendarWith, done, endOf, local, openedCase, reviewOf, shopCase, shopService } from '../support/fixtures.ts';
import {
  FIRE_50,
  FIRE_DUE,
  HEALTH_50,
  HEALTH_DUE,
  MARKET_50,
  MARKET_DUE,
  S,
  SHOP_ACCEPTED,
  base,
  brief,
  caseOf,
  checkpointsOf,
  iso,
  keys,
} from '../support/watchdog.ts';

// ------------------------------------------------------------------ reviewCheckpoints

describe('reviewCheckpoints: a PENDING review on a working-day limit', () => {
  it('default points: 50% used, 1 working day left (Fri 09:00 before a Monday due day), escalation 09:00 of the due day, the safety net after the grace', () => {
    const points = checkpointsOf(shopCase(), 'fire');
    assert.deepEqual(brief(points), [
      { key: `USED_50@${FIRE_DUE}`, at: FIRE_50, kind: 'reminder' },
      { key: `LEFT_1@${FIRE_DUE}`, at: '2026-03-13T01:00:00.000Z', kind: 'reminder' }, // Fri 13 09:00
      { key: `ESCALATE@${FIRE_DUE}`, at: '2026-03-16T01:00:00.000Z', kind: 'escalate' }, // Mon 16 09:00
      { key: `OVERDUE@${FIRE_DUE}`, at: '2026-03-16T16:04:59.999Z', kind: 'overdue' }, // due + 5 min
    ]);
    // The midpoint: the limit runs 14 d 13:59:59.999 = 1 259 999 999 ms; half of it,
    // 629 999 999.5 ms, rounded up is 630 000 000 ms = 7 d 07:00, a whole millisecond.
    assert.equal(points[0].at, Date.parse(SHOP_ACCEPTED) + 630_000_000);
    assert.equal(points[0].at, Math.ceil(Date.parse(SHOP_ACCEPTED) + 1_259_999_999 / 2));
    assert.ok(Number.isInteger(points[0].at));
    assert.deepEqual(points[0].detail, { point: '50% of the time used' });
    assert.deepEqual(points[1].detail, { point: '1 working day left' });
  });

  it('health and market get the same points on their own clocks', () => {
    const aggregate = shopCase();
    assert.deepEqual(brief(checkpointsOf(aggregate, 'health')), [
      { key: `USED_50@${HEALTH_DUE}`, at: HEALTH_50, kind: 'reminder' },
      { key: `LEFT_1@${HEALTH_DUE}`, at: '2026-03-20T01:00:00.000Z', kind: 'reminder' },
      { key: `ESCALATE@${HEALTH_DUE}`, at: '2026-03-23T01:00:00.000Z', kind: 'escalate' },
      { key: `OVERDUE@${HEALTH_DUE}`, at: '2026-03-23T16:04:59.999Z', kind: 'overdue' },
    ]);
    assert.deepEqual(brief(checkpointsOf(aggregate, 'market')), [
      { key: `USED_50@${MARKET_DUE}`, at: MARKET_50, kind: 'reminder' },
      { key: `LEFT_1@${MARKET_DUE}`, at: '2026-03-27T01:00:00.000Z', kind: 'reminder' },
      { key: `ESCALATE@${MARKET_DUE}`, at: '2026-03-30T01:00:00.000Z', kind: 'escalate' },
      { key: `OVERDUE@${MARKET_DUE}`, at: '2026-03-30T16:04:59.999Z', kind: 'overdue' },
    ]);
  });

  it('the grace of the safety net is a setting', () => {
    const points = checkpointsOf(shopCase(), 'fire', CAL, { ...S, graceMs: 60 * 60_000 });
    assert.deepEqual(brief(points).at(-1), { key: `OVERDUE@${FIRE_DUE}`, at: '2026-03-16T16:59:59.999Z', kind: 'overdue' });
  });

  it('1 working day left skips the days off before the due day (due Tue 7 Apr after 清明 → Fri 3 Apr 09:00)', () => {
    // Accepted Mon 23 March 10:00: fire's 10th working day is Tue 7 April (3 April is the 9th).
    const aggregate = shopCase({ now: local('2026-03-23 10:00') });
    const due = endOf('2026-04-07');
    assert.equal(reviewOf(aggregate, 'fire').dueBy, due);
    assert.deepEqual(brief(checkpointsOf(aggregate, 'fire')).slice(1), [
      { key: `LEFT_1@${due}`, at: '2026-04-03T01:00:00.000Z', kind: 'reminder' },
      { key: `ESCALATE@${due}`, at: '2026-04-07T01:00:00.000Z', kind: 'escalate' },
      { key: `OVERDUE@${due}`, at: '2026-04-07T16:04:59.999Z', kind: 'overdue' },
    ]);
  });

  it('a make-up working day counts (due Tue 24 Feb after 春节 → Sat 14 Feb 09:00)', () => {
    // Building case accepted Thu 12 Feb 10:00: environment's 3 working days are Fri 13, Sat 14 (worked), Tue 24.
    const aggregate = openedCase({ now: local('2026-02-12 10:00') });
    const due = endOf('2026-02-24');
    assert.equal(reviewOf(aggregate, 'environment').dueBy, due);
    const left = checkpointsOf(aggregate, 'environment').find((p) => p.key === `LEFT_1@${due}`);
    assert.ok(left);
    assert.equal(iso(left.at), '2026-02-14T01:00:00.000Z');
  });

  it('points at or before the start of the clock, or at or after its due time, are dropped; the safety net stays', () => {
    // Building case accepted Mon 5 Jan 10:00. Planning has PT2H (due 12:00): 1 working day
    // before is Sun 4 Jan (worked) 09:00 and the escalation is Mon 5 Jan 09:00, both before the start.
    const aggregate = openedCase();
    const planningDue = '2026-01-05T04:00:00.000Z';
    assert.deepEqual(brief(checkpointsOf(aggregate, 'planning')), [
      { key: `USED_50@${planningDue}`, at: '2026-01-05T03:00:00.000Z', kind: 'reminder' }, // 11:00
      { key: `OVERDUE@${planningDue}`, at: '2026-01-05T04:05:00.000Z', kind: 'overdue' },
    ]);
    // Fire has PT30S.
    const fireDue = '2026-01-05T02:00:30.000Z';
    assert.deepEqual(brief(checkpointsOf(aggregate, 'fire')), [
      { key: `USED_50@${fireDue}`, at: '2026-01-05T02:00:15.000Z', kind: 'reminder' },
      { key: `OVERDUE@${fireDue}`, at: '2026-01-05T02:05:30.000Z', kind: 'overdue' },
    ]);
  });

  it('a point exactly at the start of the clock is dropped (escalation 09:00 when the clock starts 09:00)', () => {
    const aggregate = shopCase();
    const r = reviewOf(aggregate, 'fire');
    const dueBy = local('2026-03-03 11:00').toISOString();
    const review: ReviewRecord = { ...r, clock: { ...r.clock, segmentStart: local('2026-03-03 09:00').toISOString() }, dueBy };
    assert.deepEqual(brief(reviewCheckpoints(aggregate.record, review, CAL, S)), [
      { key: `USED_50@${dueBy}`, at: '2026-03-03T02:00:00.000Z', kind: 'reminder' }, // 10:00
      { key: `OVERDUE@${dueBy}`, at: '2026-03-03T03:05:00.000Z', kind: 'overdue' },
    ]);
  });

  it('a point exactly at the due time is dropped (escalation 09:00 when the clock ends 09:00)', () => {
    const aggregate = shopCase();
    const r = reviewOf(aggregate, 'fire');
    const dueBy = local('2026-03-03 09:00').toISOString();
    const review: ReviewRecord = { ...r, clock: { ...r.clock, segmentStart: local('2026-03-03 07:00').toISOString() }, dueBy };
    assert.deepEqual(brief(reviewCheckpoints(aggregate.record, review, CAL, S)), [
      { key: `USED_50@${dueBy}`, at: '2026-03-03T00:00:00.000Z', kind: 'reminder' }, // 08:00
      { key: `OVERDUE@${dueBy}`, at: '2026-03-03T01:05:00.000Z', kind: 'overdue' },
    ]);
  });

  it("a service's reminders replace the defaults (25% and 75% used, 2 working days left)", () => {
    const aggregate = caseOf({ ...shopService(), reminders: { fractionsUsed: [0.25, 0.75], workingDaysLeft: [2] } });
    assert.deepEqual(aggregate.record.rules.reminders, { fractionsUsed: [0.25, 0.75], workingDaysLeft: [2] });
    const points = checkpointsOf(aggregate, 'fire');
    assert.deepEqual(brief(points), [
      { key: `USED_25@${FIRE_DUE}`, at: '2026-03-05T17:30:00.000Z', kind: 'reminder' }, // + ⌈3 d 15:29:59.99975⌉ = 3 d 15:30
      { key: `USED_75@${FIRE_DUE}`, at: '2026-03-13T00:30:00.000Z', kind: 'reminder' }, // + ⌈10 d 22:29:59.99925⌉ = 10 d 22:30
      { key: `LEFT_2@${FIRE_DUE}`, at: '2026-03-12T01:00:00.000Z', kind: 'reminder' }, // Thu 12 09:00
      { key: `ESCALATE@${FIRE_DUE}`, at: '2026-03-16T01:00:00.000Z', kind: 'escalate' },
      { key: `OVERDUE@${FIRE_DUE}`, at: '2026-03-16T16:04:59.999Z', kind: 'overdue' },
    ]);
    assert.deepEqual(points[2].detail, { point: '2 working days left' });
    assert.deepEqual(points[0].detail, { point: '25% of the time used' });
  });

  it('a service giving only one kind of reminder keeps the default of the other', () => {
    assert.deepEqual(rulesOf({ ...shopService(), reminders: { fractionsUsed: [0.9] } }).reminders, {
      fractionsUsed: [0.9],
      workingDaysLeft: [1],
    });
    assert.deepEqual(rulesOf({ ...shopService(), reminders: { workingDaysLeft: [3] } }).reminders, {
      fractionsUsed: [0.5],
      workingDaysLeft: [3],
    });
    assert.deepEqual(rulesOf(shopService()).reminders, DEFAULT_REMINDERS);
  });

  it('a case stored without reminders in its rules gets the default points', () => {
    const aggregate = shopCase();
    const { reminders: _r, ...rules } = aggregate.record.rules;
    const record = { ...aggregate.record, rules };
    assert.deepEqual(reviewCheckpoints(record, reviewOf(aggregate, 'fire'), CAL, S), checkpointsOf(aggregate, 'fire'));
  });

  it('the keys embed the due time: a moved due date re-arms every point', () => {
    const aggregate = shopCase();
    const old = checkpointsOf(aggregate, 'fire');
    const handled: CaseAggregate = {
      ...aggregate,
      reviews: aggregate.reviews.map((r) => (r.department === 'fire' ? { ...r, alertsDone: keys(old) } : r)),
    };
    assert.equal(nextAt(checkpointsOf(handled, 'fire'), reviewOf(handled, 'fire').alertsDone), undefined);
    // Fri 13 March becomes a holiday: fire's 10th working day is now Tue 17 March.
    const cal2 = calendarWith(['2026-03-13']);
    const change = applyCalendar(handled, cal2, local('2026-03-04 10:00'));
    assert.ok(change);
    const moved = applyChange(handled, change);
    const newDue = endOf('2026-03-17');
    assert.equal(reviewOf(moved, 'fire').dueBy, newDue);
    assert.deepEqual(reviewOf(moved, 'fire').alertsDone, keys(old));
    const points = checkpointsOf(moved, 'fire', cal2);
    assert.deepEqual(brief(points), [
      { key: `USED_50@${newDue}`, at: '2026-03-09T21:00:00.000Z', kind: 'reminder' }, // + ⌈(15 d 13:59:59.999)/2⌉ = ⌈7 d 18:59:59.9995⌉ = 7 d 19:00
      { key: `LEFT_1@${newDue}`, at: '2026-03-16T01:00:00.000Z', kind: 'reminder' }, // Mon 16 (13 is off now)
      { key: `ESCALATE@${newDue}`, at: '2026-03-17T01:00:00.000Z', kind: 'escalate' },
      { key: `OVERDUE@${newDue}`, at: '2026-03-17T16:04:59.999Z', kind: 'overdue' },
    ]);
    assert.equal(nextAt(points, reviewOf(moved, 'fire').alertsDone), '2026-03-09T21:00:00.000Z');
  });
});

describe('reviewCheckpoints: settled and stopped reviews', () => {
  /** Fire deemed approved by the workflow at Tue 17 March 00:00 local, just after its due time. */
  function fireDeemed(): CaseAggregate {
    const aggregate = base();
    const result = settleByDeadline(aggregate, 'fire', new Date('2026-03-16T16:00:00.000Z'), CAL);
    assert.equal(result.kind, 'settled');
    return applyChange(aggregate, result.kind === 'settled' ? result.change : (null as never));
  }

  it('DEEMED_APPROVED with an opinionBy and no opinion: one OPINION point 1 ms after opinionBy (an opinion is accepted AT opinionBy)', () => {
    const aggregate = fireDeemed();
    const r = reviewOf(aggregate, 'fire');
    assert.equal(r.opinionBy, endOf('2026-03-18'));
    // end of Wed 18 local (15:59:59.999Z) + 1 ms = Thu 19 00:00 local
    assert.deepEqual(checkpointsOf(aggregate, 'fire'), [
      { key: `OPINION@${endOf('2026-03-18')}`, at: Date.parse(endOf('2026-03-18')) + 1, kind: 'opinion' },
    ]);
    assert.equal(iso(checkpointsOf(aggregate, 'fire')[0].at), '2026-03-18T16:00:00.000Z');
  });

  it('DEEMED_APPROVED with its opinion filed: none', () => {
    const aggregate = fireDeemed();
    const filed = applyChange(
      aggregate,
      fileOpinion({ aggregate, department: 'fire', comment: '同意，附消防意见', reviewer: 'rev-fire', now: local('2026-03-18 10:00') })
        .change,
    );
    assert.deepEqual(checkpointsOf(filed, 'fire'), []);
  });

  it('DEEMED_APPROVED without an opinionBy (a record from before opinions): none', () => {
    const aggregate = fireDeemed();
    const { opinionBy: _o, ...r } = reviewOf(aggregate, 'fire');
    assert.deepEqual(reviewCheckpoints(aggregate.record, r, CAL, S), []);
  });

  it('the opinion point outlives the case: a concluded case still waits for the opinion', () => {
    let aggregate = fireDeemed();
    for (const d of ['market', 'health'])
      aggregate = applyChange(
        aggregate,
        done(
          decideReview({
            aggregate,
            department: d,
            decision: { decision: 'APPROVE' },
            reviewer: `rev-${d}`,
            now: local('2026-03-17 10:00'),
            calendar: CAL,
          }),
        ).change,
      );
    // the last decision concluded the case
    assert.equal(aggregate.record.status, 'APPROVED');
    assert.equal(checkpointsOf(aggregate, 'fire').length, 1);
    assert.deepEqual(checkpointsOf(aggregate, 'market'), []);
    assert.deepEqual(checkpointsOf(aggregate, 'health'), []);
  });

  it('CORRECTION_REQUESTED: none (the clock is stopped)', () => {
    const aggregate = base();
    const asked = applyChange(
      aggregate,
      done(
        decideReview({
          aggregate,
          department: 'fire',
          decision: { decision: 'REQUEST_CORRECTION', requested: [{ id: 'floor-plan', reason: '未标注疏散通道' }] },
          reviewer: 'rev-fire',
          now: local('2026-03-05 11:00'),
          calendar: CAL,
        }),
      ).change,
    );
    assert.equal(reviewOf(asked, 'fire').status, 'CORRECTION_REQUESTED');
    assert.deepEqual(checkpointsOf(asked, 'fire'), []);
  });

  it('APPROVED, REJECTED and WITHDRAWN: none', () => {
    const aggregate = base();
    const at = local('2026-03-05 11:00');
    const approved = applyChange(
      aggregate,
      done(decideReview({ aggregate, department: 'fire', decision: { decision: 'APPROVE' }, reviewer: 'rev-fire', now: at, calendar: CAL }))
        .change,
    );
    assert.deepEqual(checkpointsOf(approved, 'fire'), []);
    const rejected = applyChange(
      aggregate,
      done(
        decideReview({
          aggregate,
          department: 'fire',
          decision: { decision: 'REJECT', comment: '疏散通道不足' },
          reviewer: 'rev-fire',
          now: at,
          calendar: CAL,
        }),
      ).change,
    );
    assert.deepEqual(checkpointsOf(rejected, 'fire'), []);
    const withdrawn = applyChange(aggregate, withdrawCase(aggregate, at));
    for (const r of withdrawn.reviews) assert.deepEqual(reviewCheckpoints(withdrawn.record, r, CAL, S), [], r.department);
  });
});
