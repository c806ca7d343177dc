// Unit tests of the deadline watchdog's rules (functions/core/watchdog.ts) and of the opinion a
// department deemed to approve may still file (deemApproved's opinionBy, fileOpinion).
//
// Expected instants are derived by hand. Asia/Shanghai is UTC+8 (no DST): 09:00 local is
// 01:00Z, 10:00 local is 02:00Z, and the end of local day D is D T15:59:59.999Z (`endOf(D)`).
// March 2026 has no holiday: its working days are 2–6, 9–13, 16–20, 23–27, 30–31 (2 March is
// a Monday). 清明 makes Sat 4 – Mon 6 April days off; 春节 makes 15–23 February days off with
// Saturday 14 February worked; Sunday 4 January is worked.
//
// The food-shop case (shopCase) is accepted Monday 2 March 10:00 (2026-03-02T02:00Z). Due:
// fire (10 working days) end of Mon 16 March, health (15) end of Mon 23, market (20) end of
// Mon 30. A limit of n days from 10:00 to 23:59:59.999 local is n days + 13:59:59.999 long, an
// odd number of milliseconds: its exact 50% point falls on half a millisecond (… .9995). The
// watchdog rounds a fraction point UP to a whole millisecond (the index keeps ISO instants, ms
// precision), so the 50% point is the next whole second (… :00.000).
import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import { applyCalendar, deemApproved, settleByDeadline } from '#core/case/deadlines.ts';
import {
  DEADLINE_ACTOR,
  DEFAULT_OPINION_LIMIT,
  DEFAULT_REMINDERS,
  rulesOf,
  type CaseAggregate,
  type CaseChange,
  type ReviewRecord,
} from '#core/case/model.ts';
import { withdrawCase } from '#core/case/outcome.ts';
import { decideReview, fileOpinion } from '#core/case/review-actions.ts';
import { submitCase } from '#core/case/submission.ts';
import type { Calendar } from '#core/calendar.ts';
import type { Service } from '#core/schemas.ts';
import {
  alertIndex,
  caseCheckpoints,
  DEFAULT_WATCHDOG,
  nextAt,
  reviewCheckpoints,
  watchdogStep,
  type WatchdogSettings,
} from '#core/watchdog.ts';
import {
  APPLICANT,
  applyChange,
  assertDomainError,
  CAL,
  calendarWith,
  done,
  endOf,
  local,
  openedCase,
  plusMs,
  arm,
  reviewOf,
  SHOP_AT,
  shopApplication,
  shopCase,
  shopForm,
  shopService,
} from '../support/fixtures.ts';

const S = DEFAULT_WATCHDOG; // grace 5 min, re-drive after 5 min
const WATCHDOG = 'system:watchdog';

const FIRE_DUE = endOf('2026-03-16'); // Mon
const HEALTH_DUE = endOf('2026-03-23'); // Mon
const MARKET_DUE = endOf('2026-03-30'); // Mon
const SHOP_ACCEPTED = '2026-03-02T02:00:00.000Z';

// 50% points of the shop case's clocks (see the header: rounded up to the millisecond).
const FIRE_50 = '2026-03-09T09:00:00.000Z'; // 2 Mar 02:00Z + ⌈(14 d 13:59:59.999)/2⌉ = ⌈7 d 06:59:59.9995⌉ = 7 d 07:00 (Mon 9 17:00 local)
const HEALTH_50 = '2026-03-12T21:00:00.000Z'; // + ⌈(21 d 13:59:59.999)/2⌉ = ⌈10 d 18:59:59.9995⌉ = 10 d 19:00 (Fri 13 05:00 local)
const MARKET_50 = '2026-03-16T09:00:00.000Z'; // + ⌈(28 d 13:59:59.999)/2⌉ = ⌈14 d 06:59:59.9995⌉ = 14 d 07:00 (Mon 16 17:00 local)

type Checkpoints = ReturnType<typeof reviewCheckpoints>;
const iso = (ms: number) => new Date(ms).toISOString();
/** Checkpoints as key, instant (ISO) and kind. */
const brief = (points: Checkpoints) => points.map((p) => ({ key: p.key, at: iso(p.at), kind: p.kind }));
const keys = (points: Checkpoints) => points.map((p) => p.key);

const checkpointsOf = (aggregate: CaseAggregate, department: string, calendar: Calendar = CAL, settings: WatchdogSettings = S) =>
  reviewCheckpoints(aggregate.record, reviewOf(aggregate, department), calendar, settings);

const step = (aggregate: CaseAggregate, now: Date, settings: WatchdogSettings = S) => watchdogStep(aggregate, now, CAL, settings);

/** Run the watchdog at `now` and apply what it changed, as the scheduled handler does. */
function run(aggregate: CaseAggregate, now: Date): CaseAggregate {
  const { change } = step(aggregate, now);
  return change ? applyChange(aggregate, change) : aggregate;
}

/** Every review's waiting task armed by the workflow at `at`. */
function dispatched(aggregate: CaseAggregate, at: Date): CaseAggregate {
  let out = aggregate;
  for (const r of aggregate.reviews) {
    out = arm(out, r.department, { taskToken: `token-${r.department}`, dispatchedAt: at.toISOString(), armedFor: r.dueBy });
    assert.ok(reviewOf(out, r.department).taskToken);
  }
  return out;
}

function caseOf(service: Service, now: Date = SHOP_AT): CaseAggregate {
  const aggregate = applyChange(
    undefined,
    submitCase({ caseId: 'CASE-W', service, input: shopApplication(), applicantSub: APPLICANT, now, calendar: CAL }),
  );
  assert.equal(aggregate.record.status, 'IN_REVIEW');
  return aggregate;
}

/** The shop case with every review dispatched: no re-drive in the way. */
const base = () => dispatched(shopCase(), SHOP_AT);

/** The change's reviews by department. */
const changed = (change: CaseChange | null, department: string) => change?.reviews.find((r) => r.department === department);

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

// ------------------------------------------------------------------ caseCheckpoints

/**
 * Food-shop case accepted Mon 23 March 10:00 (all dispatched); market asks for a correction
 * Thu 26 March 10:00 (collection window to the end of Fri 27); the notice goes out when the
 * workflow wakes Mon 30 March 10:00: 5 working days from Mon 30 are 31, 1, 2, 3 and Tue 7 April.
 */
function noticed(service: Service = shopService()): CaseAggregate {
  let aggregate = dispatched(caseOf(service, local('2026-03-23 10:00')), local('2026-03-23 10:00'));
  aggregate = applyChange(
    aggregate,
    done(
      decideReview({
        aggregate,
        department: 'market',
        decision: { decision: 'REQUEST_CORRECTION', requested: [{ id: 'business-licence', reason: '营业执照已过期' }] },
        reviewer: 'rev-market',
        now: local('2026-03-26 10:00'),
        calendar: CAL,
      }),
    ).change,
  );
  assert.equal(aggregate.record.correction?.collectUntil, endOf('2026-03-27'));
  const result = settleByDeadline(aggregate, 'market', local('2026-03-30 10:00'), CAL);
  assert.ok(result.kind === 'notDue' && result.change, 'expected the notice');
  return applyChange(aggregate, result.change);
}
const LAPSE_BY = endOf('2026-04-07');

describe('caseCheckpoints', () => {
  it('REDRIVE at acceptance + redriveAfterMs while no review is dispatched', () => {
    const aggregate = shopCase();
    assert.deepEqual(brief(caseCheckpoints(aggregate, CAL, S)), [
      { key: `REDRIVE@${SHOP_ACCEPTED}`, at: '2026-03-02T02:05:00.000Z', kind: 'redrive' },
    ]);
    assert.deepEqual(brief(caseCheckpoints(aggregate, CAL, { ...S, redriveAfterMs: 60_000 })), [
      { key: `REDRIVE@${SHOP_ACCEPTED}`, at: '2026-03-02T02:01:00.000Z', kind: 'redrive' },
    ]);
  });

  it('no REDRIVE once one review is dispatched', () => {
    const aggregate = shopCase();
    assert.deepEqual(
      caseCheckpoints(
        arm(aggregate, 'health', { taskToken: 't-1', dispatchedAt: '2026-03-02T02:00:02.000Z', armedFor: HEALTH_DUE }),
        CAL,
        S,
      ),
      [],
    );
  });

  it('no REDRIVE for a case in review without reviews, nor for a case not in review', () => {
    const aggregate = shopCase();
    assert.deepEqual(caseCheckpoints({ record: aggregate.record, reviews: [] }, CAL, S), []);
    assert.deepEqual(caseCheckpoints(applyChange(aggregate, withdrawCase(aggregate, local('2026-03-02 10:01'))), CAL, S), []);
    const incomplete = applyChange(
      undefined,
      submitCase({
        caseId: 'CASE-I',
        service: shopService(),
        input: shopApplication(shopForm(), []),
        applicantSub: APPLICANT,
        now: SHOP_AT,
        calendar: CAL,
      }),
    );
    assert.equal(incomplete.record.status, 'INCOMPLETE');
    assert.deepEqual(caseCheckpoints(incomplete, CAL, S), []);
  });

  it('LAPSE_WARNING at 09:00 one working day before the lapse day once the notice is out (lapse Tue 7 Apr → Fri 3 Apr 09:00)', () => {
    const aggregate = noticed();
    assert.equal(aggregate.record.correction?.noticeAt, local('2026-03-30 10:00').toISOString());
    assert.equal(aggregate.record.correction?.lapseBy, LAPSE_BY);
    assert.deepEqual(brief(caseCheckpoints(aggregate, CAL, S)), [
      { key: `LAPSE_WARNING@${LAPSE_BY}`, at: '2026-04-03T01:00:00.000Z', kind: 'lapseWarning' },
    ]);
  });

  it('no LAPSE_WARNING while the round is only collecting requests', () => {
    let aggregate = dispatched(shopCase(), SHOP_AT);
    aggregate = applyChange(
      aggregate,
      done(
        decideReview({
          aggregate,
          department: 'market',
          decision: { decision: 'REQUEST_CORRECTION', requested: [{ id: 'business-licence', reason: '过期' }] },
          reviewer: 'rev-market',
          now: local('2026-03-04 10:00'),
          calendar: CAL,
        }),
      ).change,
    );
    assert.ok(aggregate.record.correction && !aggregate.record.correction.noticeAt);
    assert.deepEqual(caseCheckpoints(aggregate, CAL, S), []);
  });

  it('no LAPSE_WARNING when its instant is not after the notice (a 1-working-day limit: notice Mon 10:00, warning would be Mon 09:00)', () => {
    const aggregate = noticed({ ...shopService(), correctionLimit: { workingDays: 1 } });
    assert.equal(aggregate.record.correction?.lapseBy, endOf('2026-03-31'));
    assert.deepEqual(caseCheckpoints(aggregate, CAL, S), []);
  });

  it('nothing for a final case', () => {
    const aggregate = noticed();
    const lapsed = applyChange(aggregate, withdrawCase(aggregate, local('2026-04-01 10:00')));
    assert.equal(lapsed.record.status, 'WITHDRAWN');
    assert.deepEqual(caseCheckpoints(lapsed, CAL, S), []);
    const fresh = shopCase();
    assert.deepEqual(caseCheckpoints(applyChange(fresh, withdrawCase(fresh, SHOP_AT)), CAL, S), []);
  });
});

// ------------------------------------------------------------------ nextAt

describe('nextAt', () => {
  const points = checkpointsOf(shopCase(), 'fire');

  it('the earliest point not yet done, whatever the order of the points', () => {
    assert.equal(nextAt(points, undefined), FIRE_50);
    assert.equal(nextAt(points, []), FIRE_50);
    assert.equal(nextAt([...points].reverse(), undefined), FIRE_50);
    assert.equal(nextAt(points, [`USED_50@${FIRE_DUE}`]), '2026-03-13T01:00:00.000Z');
    assert.equal(nextAt(points, [`USED_50@${FIRE_DUE}`, `LEFT_1@${FIRE_DUE}`, `ESCALATE@${FIRE_DUE}`]), '2026-03-16T16:04:59.999Z');
  });

  it('a key of another due time does not count as done', () => {
    assert.equal(nextAt(points, [`USED_50@${endOf('2026-03-13')}`]), FIRE_50);
  });

  it('undefined when every point is done, or there is none', () => {
    assert.equal(nextAt(points, keys(points)), undefined);
    assert.equal(nextAt([], undefined), undefined);
    assert.equal(nextAt([], ['X']), undefined);
  });
});

// ------------------------------------------------------------------ watchdogStep

const AT_10_MAR = local('2026-03-10 10:00'); // past fire's 50% only
const AT_16_MAR = local('2026-03-16 10:00'); // past fire's LEFT_1 and ESCALATE, health's 50%
const NET_AT = new Date('2026-03-16T16:05:00.000Z'); // Tue 17 March 00:05 local: fire due + 5 min (+ 1 ms)

/** The shop case after the watchdog ran Tue 10 March 10:00 and Mon 16 March 10:00. */
const escalated = () => run(run(base(), AT_10_MAR), AT_16_MAR);

describe('watchdogStep: reminders and escalation', () => {
  it('nothing is due before the first point', () => {
    const aggregate = base();
    // fire's 50% point is Mon 9 March 17:00 local (FIRE_50)
    assert.deepEqual(step(aggregate, local('2026-03-09 16:59')), { change: null, wake: [], safetyNet: [], redrive: false });
    assert.deepEqual(step(aggregate, plusMs(new Date(FIRE_50), -1)), { change: null, wake: [], safetyNet: [], redrive: false });
  });

  it('past the 50% point only: one REVIEW_REMINDER, the key recorded on the review', () => {
    const aggregate = base();
    const s = step(aggregate, AT_10_MAR);
    assert.ok(s.change);
    assert.deepEqual(s.change.events, [
      {
        at: AT_10_MAR.toISOString(),
        type: 'REVIEW_REMINDER',
        actor: WATCHDOG,
        department: 'fire',
        detail: { point: '50% of the time used', dueBy: FIRE_DUE },
      },
    ]);
    assert.deepEqual(s.change.reviews, [{ ...reviewOf(aggregate, 'fire'), alertsDone: [`USED_50@${FIRE_DUE}`] }]);
    assert.deepEqual(s.change.record, aggregate.record);
    assert.deepEqual([s.wake, s.safetyNet, s.redrive], [[], [], false]);
  });

  it('each point once: running again on the result changes nothing, then or later', () => {
    const after = run(base(), AT_10_MAR);
    assert.equal(step(after, AT_10_MAR).change, null);
    assert.equal(step(after, local('2026-03-12 10:00')).change, null);
  });

  it('keys already done are kept when more are added', () => {
    const after = run(base(), AT_10_MAR);
    const s = step(after, AT_16_MAR);
    assert.deepEqual(changed(s.change, 'fire')?.alertsDone, [`USED_50@${FIRE_DUE}`, `LEFT_1@${FIRE_DUE}`, `ESCALATE@${FIRE_DUE}`]);
  });

  it('past several points at once: every one of them in one change (reminder, escalation, and another review)', () => {
    const aggregate = run(base(), AT_10_MAR);
    const s = step(aggregate, AT_16_MAR);
    assert.ok(s.change);
    const at = AT_16_MAR.toISOString();
    assert.deepEqual(s.change.events, [
      { at, type: 'REVIEW_REMINDER', actor: WATCHDOG, department: 'health', detail: { point: '50% of the time used', dueBy: HEALTH_DUE } },
      { at, type: 'REVIEW_REMINDER', actor: WATCHDOG, department: 'fire', detail: { point: '1 working day left', dueBy: FIRE_DUE } },
      { at, type: 'REVIEW_ESCALATED', actor: WATCHDOG, department: 'fire', detail: { dueBy: FIRE_DUE } },
    ]);
    assert.deepEqual(
      s.change.reviews.map((r) => [r.department, r.status, r.alertsDone]),
      [
        ['health', 'PENDING', [`USED_50@${HEALTH_DUE}`]],
        ['fire', 'PENDING', [`USED_50@${FIRE_DUE}`, `LEFT_1@${FIRE_DUE}`, `ESCALATE@${FIRE_DUE}`]],
      ],
    );
    assert.equal(step(applyChange(aggregate, s.change), AT_16_MAR).change, null);
  });

  it('a run that missed every earlier point handles them all in one change', () => {
    const s = step(base(), AT_16_MAR);
    assert.deepEqual(
      s.change?.events.filter((e) => e.department === 'fire').map((e) => [e.type, e.detail?.point]),
      [
        ['REVIEW_REMINDER', '50% of the time used'],
        ['REVIEW_REMINDER', '1 working day left'],
        ['REVIEW_ESCALATED', undefined],
      ],
    );
  });
});

describe('watchdogStep: the safety net', () => {
  it('past dueBy + grace with the review still PENDING: deemed approved by system:deadline, marked safetyNet, its task woken', () => {
    const aggregate = escalated();
    const s = step(aggregate, NET_AT);
    assert.ok(s.change);
    const at = NET_AT.toISOString();
    const opinionBy = endOf('2026-03-18'); // settled Tue 17: 1 working day → end of Wed 18
    assert.deepEqual(s.change.events, [
      { at, type: 'REVIEW_REMINDER', actor: WATCHDOG, department: 'market', detail: { point: '50% of the time used', dueBy: MARKET_DUE } },
      {
        at,
        type: 'REVIEW_DEEMED_APPROVED',
        actor: DEADLINE_ACTOR,
        department: 'fire',
        detail: { defaultedBy: 'fire', dueBy: FIRE_DUE, settledAt: at, opinionBy, safetyNet: true },
      },
    ]);
    const fire = changed(s.change, 'fire');
    assert.ok(fire);
    assert.equal(fire.status, 'DEEMED_APPROVED');
    assert.equal(fire.decidedBy, 'system:deadline');
    assert.equal(fire.decidedAt, at);
    assert.equal(fire.opinionBy, opinionBy);
    assert.deepEqual(fire.alertsDone, [`USED_50@${FIRE_DUE}`, `LEFT_1@${FIRE_DUE}`, `ESCALATE@${FIRE_DUE}`, `OVERDUE@${FIRE_DUE}`]);
    assert.deepEqual(s.wake, ['fire']);
    assert.deepEqual(s.safetyNet, ['fire']);
    assert.equal(s.redrive, false);
    // The watchdog settles the review; concluding the case is the woken workflow's job.
    assert.equal(s.change.record.status, 'IN_REVIEW');
    assert.equal(step(applyChange(aggregate, s.change), NET_AT).change, null);
  });

  it('exactly at dueBy + grace it acts; a millisecond before it does not', () => {
    const aggregate = escalated();
    const exact = step(aggregate, new Date('2026-03-16T16:04:59.999Z'));
    assert.deepEqual(exact.safetyNet, ['fire']);
    const before = step(aggregate, new Date('2026-03-16T16:04:59.998Z'));
    assert.deepEqual(before.safetyNet, []);
    assert.equal(changed(before.change, 'fire'), undefined);
  });

  it('a review the workflow already settled at its due time gets no safety-net action', () => {
    const aggregate = escalated();
    const settled = settleByDeadline(aggregate, 'fire', new Date('2026-03-16T16:00:00.000Z'), CAL);
    assert.equal(settled.kind, 'settled');
    const after = applyChange(aggregate, settled.kind === 'settled' ? settled.change : (null as never));
    const s = step(after, NET_AT);
    assert.deepEqual(s.safetyNet, []);
    assert.deepEqual(s.wake, []);
    assert.equal(changed(s.change, 'fire'), undefined);
    assert.deepEqual(
      s.change?.events.map((e) => [e.type, e.department]),
      [['REVIEW_REMINDER', 'market']],
    );
  });

  it('a review its department decided before the due time gets no safety-net action', () => {
    const aggregate = escalated();
    const after = applyChange(
      aggregate,
      done(
        decideReview({
          aggregate,
          department: 'fire',
          decision: { decision: 'APPROVE' },
          reviewer: 'rev-fire',
          now: local('2026-03-16 15:00'),
          calendar: CAL,
        }),
      ).change,
    );
    const s = step(after, NET_AT);
    assert.deepEqual(s.safetyNet, []);
    assert.equal(changed(s.change, 'fire'), undefined);
  });

  it("a review waiting for the applicant's correction is not settled by the safety net", () => {
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
    const s = step(asked, NET_AT);
    assert.deepEqual(s.safetyNet, []);
    assert.equal(changed(s.change, 'fire'), undefined);
    assert.ok(!s.change?.events.some((e) => e.department === 'fire'));
  });
});

describe('watchdogStep: a run after the due time (the watchdog was down)', () => {
  const FIRE_KEYS = [`USED_50@${FIRE_DUE}`, `LEFT_1@${FIRE_DUE}`, `ESCALATE@${FIRE_DUE}`];

  it('a millisecond before the due time the missed reminders and the escalation are still sent', () => {
    const s = step(base(), plusMs(new Date(FIRE_DUE), -1));
    assert.deepEqual(
      s.change?.events.filter((e) => e.department === 'fire').map((e) => [e.type, e.detail?.point]),
      [
        ['REVIEW_REMINDER', '50% of the time used'],
        ['REVIEW_REMINDER', '1 working day left'],
        ['REVIEW_ESCALATED', undefined],
      ],
    );
    assert.deepEqual(changed(s.change, 'fire')?.alertsDone, FIRE_KEYS);
  });

  it('at the due time: the stale reminder and escalation keys are recorded as done, without events; the review stays PENDING', () => {
    const aggregate = base();
    const now = new Date(FIRE_DUE); // Mon 16 March 23:59:59.999 local: now >= dueBy
    const s = step(aggregate, now);
    assert.ok(s.change);
    const at = now.toISOString();
    // The other reviews are before their own due times: their 50% points are reminded.
    assert.deepEqual(s.change.events, [
      { at, type: 'REVIEW_REMINDER', actor: WATCHDOG, department: 'market', detail: { point: '50% of the time used', dueBy: MARKET_DUE } },
      { at, type: 'REVIEW_REMINDER', actor: WATCHDOG, department: 'health', detail: { point: '50% of the time used', dueBy: HEALTH_DUE } },
    ]);
    assert.deepEqual(changed(s.change, 'fire'), { ...reviewOf(aggregate, 'fire'), alertsDone: FIRE_KEYS });
    assert.deepEqual([s.wake, s.safetyNet, s.redrive], [[], [], false]);
    // Handled once: the next instant of fire is the safety net, and a second run adds nothing.
    const after = applyChange(aggregate, s.change);
    assert.equal(alertIndex(after, CAL, S).reviews.get('fire'), '2026-03-16T16:04:59.999Z');
    assert.equal(step(after, now).change, null);
  });

  it('a first run past dueBy + grace: no REVIEW_REMINDER or REVIEW_ESCALATED for the review, every key done, the safety net settles it', () => {
    const aggregate = base(); // the watchdog never ran
    const s = step(aggregate, NET_AT);
    assert.ok(s.change);
    const at = NET_AT.toISOString();
    const opinionBy = endOf('2026-03-18'); // settled Tue 17: 1 working day → end of Wed 18
    assert.deepEqual(s.change.events, [
      { at, type: 'REVIEW_REMINDER', actor: WATCHDOG, department: 'market', detail: { point: '50% of the time used', dueBy: MARKET_DUE } },
      { at, type: 'REVIEW_REMINDER', actor: WATCHDOG, department: 'health', detail: { point: '50% of the time used', dueBy: HEALTH_DUE } },
      {
        at,
        type: 'REVIEW_DEEMED_APPROVED',
        actor: DEADLINE_ACTOR,
        department: 'fire',
        detail: { defaultedBy: 'fire', dueBy: FIRE_DUE, settledAt: at, opinionBy, safetyNet: true },
      },
    ]);
    assert.ok(!s.change.events.some((e) => e.department === 'fire' && (e.type === 'REVIEW_REMINDER' || e.type === 'REVIEW_ESCALATED')));
    const fire = changed(s.change, 'fire');
    assert.ok(fire);
    assert.deepEqual(fire.alertsDone, [...FIRE_KEYS, `OVERDUE@${FIRE_DUE}`]);
    assert.equal(fire.status, 'DEEMED_APPROVED');
    assert.equal(fire.decidedBy, DEADLINE_ACTOR);
    assert.equal(fire.opinionBy, opinionBy);
    assert.deepEqual([s.wake, s.safetyNet, s.redrive], [['fire'], ['fire'], false]);
    assert.equal(step(applyChange(aggregate, s.change), NET_AT).change, null);
  });
});

describe('watchdogStep: missing opinion, re-drive, lapse warning', () => {
  /** escalated(), with fire settled by the safety net Tue 17 March 00:05 (opinion due end of Wed 18). */
  const netted = () => run(escalated(), NET_AT);

  it('a deemed approval whose opinion did not come by opinionBy: OPINION_MISSING, once', () => {
    const aggregate = netted();
    const now = local('2026-03-19 09:00');
    const s = step(aggregate, now);
    assert.ok(s.change);
    assert.deepEqual(s.change.events, [
      { at: now.toISOString(), type: 'OPINION_MISSING', actor: WATCHDOG, department: 'fire', detail: { opinionBy: endOf('2026-03-18') } },
    ]);
    assert.ok(changed(s.change, 'fire')?.alertsDone?.includes(`OPINION@${endOf('2026-03-18')}`));
    assert.equal(changed(s.change, 'fire')?.status, 'DEEMED_APPROVED');
    assert.deepEqual([s.wake, s.safetyNet, s.redrive], [[], [], false]);
    assert.equal(step(applyChange(aggregate, s.change), now).change, null);
  });

  it('no OPINION_MISSING before opinionBy, nor once the opinion is filed', () => {
    const aggregate = netted();
    assert.equal(step(aggregate, local('2026-03-18 23:59')).change, null);
    const filed = applyChange(
      aggregate,
      fileOpinion({ aggregate, department: 'fire', comment: '同意', reviewer: 'rev-fire', now: local('2026-03-18 10:00') }).change,
    );
    assert.equal(step(filed, local('2026-03-19 09:00')).change, null);
  });

  it('at opinionBy the opinion is still accepted and not missing; 1 ms later it is missing', () => {
    const aggregate = netted();
    const opinionBy = endOf('2026-03-18');
    const last = new Date(opinionBy); // Wed 18 March 23:59:59.999 local
    // At opinionBy: no OPINION_MISSING, and an opinion filed then is accepted (no later OPINION_MISSING).
    assert.equal(step(aggregate, last).change, null);
    const { review, change } = fileOpinion({ aggregate, department: 'fire', comment: '同意', reviewer: 'rev-fire', now: last });
    assert.equal(review.opinion?.at, opinionBy);
    const filed = applyChange(aggregate, change);
    assert.equal(step(filed, plusMs(last, 1)).change, null);
    // Without an opinion, 1 ms after opinionBy (Thu 19 00:00 local): OPINION_MISSING.
    const after = plusMs(last, 1);
    assert.equal(after.toISOString(), '2026-03-18T16:00:00.000Z');
    const s = step(aggregate, after);
    assert.deepEqual(s.change?.events, [
      { at: after.toISOString(), type: 'OPINION_MISSING', actor: WATCHDOG, department: 'fire', detail: { opinionBy } },
    ]);
    assert.deepEqual(changed(s.change, 'fire')?.alertsDone, [
      `USED_50@${FIRE_DUE}`,
      `LEFT_1@${FIRE_DUE}`,
      `ESCALATE@${FIRE_DUE}`,
      `OVERDUE@${FIRE_DUE}`,
      `OPINION@${opinionBy}`,
    ]);
  });

  it('a case whose workflow never dispatched a review: redrive and a WORKFLOW_REDRIVEN event, once', () => {
    const aggregate = shopCase();
    const now = local('2026-03-02 10:05');
    assert.equal(step(aggregate, plusMs(now, -1)).change, null);
    const s = step(aggregate, now);
    assert.equal(s.redrive, true);
    assert.ok(s.change);
    assert.deepEqual(s.change.events, [
      { at: now.toISOString(), type: 'WORKFLOW_REDRIVEN', actor: WATCHDOG, detail: { reason: 'no review was dispatched' } },
    ]);
    assert.deepEqual(s.change.record, { ...aggregate.record, alertsDone: [`REDRIVE@${SHOP_ACCEPTED}`] });
    assert.deepEqual(s.change.reviews, []);
    assert.deepEqual([s.wake, s.safetyNet], [[], []]);
    // Still nothing dispatched a minute later: no second re-drive.
    const again = step(applyChange(aggregate, s.change), local('2026-03-02 10:06'));
    assert.equal(again.change, null);
    assert.equal(again.redrive, false);
  });

  it('no re-drive once a review is dispatched', () => {
    const s = step(base(), local('2026-03-02 10:05'));
    assert.equal(s.redrive, false);
    assert.equal(s.change, null);
  });

  it('LAPSE_WARNING with the lapse instant, once', () => {
    const aggregate = noticed();
    const now = local('2026-04-03 09:00');
    assert.ok(!step(aggregate, plusMs(now, -1)).change?.events.some((e) => e.type === 'LAPSE_WARNING'));
    const s = step(aggregate, now);
    assert.ok(s.change);
    // Fire (accepted Mon 23 March, due end of Tue 7 April) is reminded in the same run.
    const fireDue = endOf('2026-04-07');
    const at = now.toISOString();
    assert.deepEqual(s.change.events, [
      { at, type: 'REVIEW_REMINDER', actor: WATCHDOG, department: 'fire', detail: { point: '50% of the time used', dueBy: fireDue } },
      { at, type: 'REVIEW_REMINDER', actor: WATCHDOG, department: 'fire', detail: { point: '1 working day left', dueBy: fireDue } },
      { at, type: 'LAPSE_WARNING', actor: WATCHDOG, detail: { lapseBy: LAPSE_BY } },
    ]);
    assert.deepEqual(s.change.record.alertsDone, [`LAPSE_WARNING@${LAPSE_BY}`]);
    assert.equal(s.redrive, false);
    const after = applyChange(aggregate, s.change);
    assert.ok(!step(after, local('2026-04-07 10:00')).change?.events.some((e) => e.type === 'LAPSE_WARNING'));
  });
});

// ------------------------------------------------------------------ alertIndex

describe('alertIndex', () => {
  const consistent = (aggregate: CaseAggregate) => {
    const index = alertIndex(aggregate, CAL, S);
    assert.equal(index.case, nextAt(caseCheckpoints(aggregate, CAL, S), aggregate.record.alertsDone));
    assert.deepEqual(
      [...index.reviews.keys()],
      aggregate.reviews.map((r) => r.department),
    );
    for (const r of aggregate.reviews)
      assert.equal(index.reviews.get(r.department), nextAt(reviewCheckpoints(aggregate.record, r, CAL, S), r.alertsDone), r.department);
    return index;
  };

  it("a fresh case: the case's re-drive and each review's 50% point", () => {
    const index = consistent(shopCase());
    assert.equal(index.case, '2026-03-02T02:05:00.000Z');
    assert.deepEqual(Object.fromEntries(index.reviews), { market: MARKET_50, health: HEALTH_50, fire: FIRE_50 });
  });

  it('dispatched: nothing for the case; the next point of each review moves on as the watchdog handles them', () => {
    assert.equal(consistent(base()).case, undefined);
    const index = consistent(escalated());
    assert.deepEqual(Object.fromEntries(index.reviews), {
      market: MARKET_50,
      health: '2026-03-20T01:00:00.000Z',
      fire: '2026-03-16T16:04:59.999Z',
    });
  });

  it('a deemed approval is indexed 1 ms after its opinionBy, and at nothing once the opinion is done', () => {
    const netted = run(escalated(), NET_AT);
    // opinionBy end of Wed 18 (15:59:59.999Z) + 1 ms
    assert.equal(consistent(netted).reviews.get('fire'), '2026-03-18T16:00:00.000Z');
    const missing = run(netted, local('2026-03-19 09:00'));
    assert.equal(consistent(missing).reviews.get('fire'), undefined);
  });

  it('the lapse warning is indexed on the case; a review waiting for the correction on nothing', () => {
    const index = consistent(noticed());
    assert.equal(index.case, '2026-04-03T01:00:00.000Z');
    assert.equal(index.reviews.get('market'), undefined);
  });

  it('undefined for a review decided and for everything of a withdrawn case', () => {
    const aggregate = base();
    const approved = applyChange(
      aggregate,
      done(
        decideReview({
          aggregate,
          department: 'fire',
          decision: { decision: 'APPROVE' },
          reviewer: 'rev-fire',
          now: local('2026-03-05 11:00'),
          calendar: CAL,
        }),
      ).change,
    );
    assert.equal(consistent(approved).reviews.get('fire'), undefined);
    const withdrawn = applyChange(aggregate, withdrawCase(aggregate, local('2026-03-05 11:00')));
    const index = consistent(withdrawn);
    assert.equal(index.case, undefined);
    assert.deepEqual([...index.reviews.values()], [undefined, undefined, undefined]);
  });

  it('a run at the instant an item is indexed for handles that item', () => {
    // The store reads an item once its indexed instant is <= now and runs watchdogStep(now).
    // The exact 50% point lies on half a millisecond; it is rounded up to FIRE_50, so the
    // index (ISO, ms) and the step agree: due at FIRE_50, not a millisecond before.
    const aggregate = base();
    const indexed = alertIndex(aggregate, CAL, S).reviews.get('fire');
    assert.equal(indexed, FIRE_50);
    assert.equal(step(aggregate, plusMs(new Date(indexed!), -1)).change, null);
    const s = step(aggregate, new Date(indexed!));
    assert.deepEqual(changed(s.change, 'fire')?.alertsDone, [`USED_50@${FIRE_DUE}`]);
    // The same for the missing-opinion point of a deemed approval.
    const netted = run(escalated(), NET_AT);
    const opinionAt = alertIndex(netted, CAL, S).reviews.get('fire');
    assert.ok(opinionAt);
    assert.equal(step(netted, plusMs(new Date(opinionAt), -1)).change, null);
    assert.ok(changed(step(netted, new Date(opinionAt)).change, 'fire')?.alertsDone?.includes(`OPINION@${endOf('2026-03-18')}`));
  });
});

// ------------------------------------------------------------------ opinions

describe('deemApproved: opinionBy', () => {
  const fireOf = (aggregate: CaseAggregate) => reviewOf(aggregate, 'fire');

  it('the default opinion limit is 1 working day', () => {
    assert.deepEqual(DEFAULT_OPINION_LIMIT, { workingDays: 1 });
    assert.deepEqual(rulesOf(shopService()).opinionLimit, { workingDays: 1 });
    assert.deepEqual(rulesOf({ ...shopService(), opinionLimit: { workingDays: 3 } }).opinionLimit, { workingDays: 3 });
  });

  it('settled Tue 17 March 00:00 (just after the due day): until the end of Wed 18', () => {
    const aggregate = base();
    const { review, change } = deemApproved(aggregate, fireOf(aggregate), new Date('2026-03-16T16:00:00.000Z'), CAL);
    assert.equal(review.opinionBy, endOf('2026-03-18'));
    assert.equal(review.status, 'DEEMED_APPROVED');
    assert.equal(review.decidedBy, DEADLINE_ACTOR);
    assert.equal(change.events[0].detail?.opinionBy, endOf('2026-03-18'));
  });

  it('settled Fri 3 April 10:00: until the end of Tue 7 April (清明 4–6 off)', () => {
    const aggregate = shopCase({ now: local('2026-03-23 10:00') });
    assert.equal(deemApproved(aggregate, fireOf(aggregate), local('2026-04-03 10:00'), CAL).review.opinionBy, endOf('2026-04-07'));
  });

  it('settled after office hours on Friday: counted from Monday, until the end of Tuesday', () => {
    const aggregate = base();
    assert.equal(deemApproved(aggregate, fireOf(aggregate), local('2026-03-13 17:30'), CAL).review.opinionBy, endOf('2026-03-17'));
  });

  it("the service's opinion limit: 3 working days, or a duration", () => {
    const three = caseOf({ ...shopService(), opinionLimit: { workingDays: 3 } });
    assert.equal(deemApproved(three, fireOf(three), new Date('2026-03-16T16:00:00.000Z'), CAL).review.opinionBy, endOf('2026-03-20'));
    const hours = caseOf({ ...shopService(), opinionLimit: { duration: 'PT4H' } });
    assert.equal(
      deemApproved(hours, fireOf(hours), new Date('2026-03-16T16:00:00.000Z'), CAL).review.opinionBy,
      '2026-03-16T20:00:00.000Z',
    );
  });

  it('a case stored without an opinion limit gets the default', () => {
    const aggregate = base();
    const { opinionLimit: _o, ...rules } = aggregate.record.rules;
    const old = { ...aggregate, record: { ...aggregate.record, rules } };
    assert.equal(deemApproved(old, fireOf(old), new Date('2026-03-16T16:00:00.000Z'), CAL).review.opinionBy, endOf('2026-03-18'));
  });
});

describe('fileOpinion', () => {
  /** Fire deemed approved Tue 17 March 00:00 by the workflow; opinion due by the end of Wed 18. */
  function deemed(): CaseAggregate {
    const aggregate = base();
    const result = settleByDeadline(aggregate, 'fire', new Date('2026-03-16T16:00:00.000Z'), CAL);
    assert.ok(result.kind === 'settled');
    return applyChange(aggregate, result.change);
  }
  const OPINION_BY = endOf('2026-03-18');

  it('on a deemed approval: the opinion on the review and a REVIEW_OPINION event, the outcome unchanged', () => {
    const aggregate = deemed();
    const now = local('2026-03-18 10:00');
    const { change, review } = fileOpinion({ aggregate, department: 'fire', comment: '同意，建议加装喷淋', reviewer: 'rev-fire', now });
    assert.equal(review.status, 'DEEMED_APPROVED');
    assert.deepEqual(review.opinion, { comment: '同意，建议加装喷淋', at: now.toISOString(), by: 'rev-fire' });
    assert.deepEqual(change.reviews, [review]);
    assert.deepEqual(change.record, aggregate.record);
    assert.deepEqual(change.events, [
      {
        at: now.toISOString(),
        type: 'REVIEW_OPINION',
        actor: 'reviewer:rev-fire',
        department: 'fire',
        detail: { comment: '同意，建议加装喷淋', outcomeUnchanged: true },
      },
    ]);
  });

  it('once: a second opinion is a CONFLICT', () => {
    const aggregate = deemed();
    const filed = applyChange(
      aggregate,
      fileOpinion({ aggregate, department: 'fire', comment: '同意', reviewer: 'rev-fire', now: local('2026-03-18 10:00') }).change,
    );
    assertDomainError(
      () =>
        fileOpinion({ aggregate: filed, department: 'fire', comment: '补充意见', reviewer: 'rev-fire', now: local('2026-03-18 11:00') }),
      'CONFLICT',
      {
        opinion: reviewOf(filed, 'fire').opinion,
      },
    );
  });

  it('until opinionBy: at it accepted, a millisecond after it a CONFLICT', () => {
    const aggregate = deemed();
    assert.equal(
      fileOpinion({ aggregate, department: 'fire', comment: '同意', reviewer: 'rev-fire', now: new Date(OPINION_BY) }).review.opinion?.at,
      OPINION_BY,
    );
    assertDomainError(
      () => fileOpinion({ aggregate, department: 'fire', comment: '同意', reviewer: 'rev-fire', now: plusMs(new Date(OPINION_BY), 1) }),
      'CONFLICT',
      {
        opinionBy: OPINION_BY,
      },
    );
  });

  it('only on a deemed approval: PENDING, APPROVED, CORRECTION_REQUESTED are a CONFLICT; an unknown department NOT_FOUND', () => {
    const aggregate = base();
    const at = local('2026-03-05 11:00');
    assertDomainError(() => fileOpinion({ aggregate, department: 'fire', comment: 'x', reviewer: 'rev-fire', now: at }), 'CONFLICT', {
      status: 'PENDING',
    });
    const approved = applyChange(
      aggregate,
      done(decideReview({ aggregate, department: 'fire', decision: { decision: 'APPROVE' }, reviewer: 'rev-fire', now: at, calendar: CAL }))
        .change,
    );
    assertDomainError(
      () => fileOpinion({ aggregate: approved, department: 'fire', comment: 'x', reviewer: 'rev-fire', now: at }),
      'CONFLICT',
      { status: 'APPROVED' },
    );
    const asked = applyChange(
      aggregate,
      done(
        decideReview({
          aggregate,
          department: 'health',
          decision: { decision: 'REQUEST_CORRECTION', requested: [{ id: 'health-certs', reason: '缺' }] },
          reviewer: 'rev-h',
          now: at,
          calendar: CAL,
        }),
      ).change,
    );
    assertDomainError(() => fileOpinion({ aggregate: asked, department: 'health', comment: 'x', reviewer: 'rev-h', now: at }), 'CONFLICT', {
      status: 'CORRECTION_REQUESTED',
    });
    assertDomainError(() => fileOpinion({ aggregate, department: 'police', comment: 'x', reviewer: 'rev-p', now: at }), 'NOT_FOUND');
  });

  it('a deemed approval without an opinionBy (from before opinions) takes no opinion', () => {
    const aggregate = deemed();
    const { opinionBy: _o, ...fire } = reviewOf(aggregate, 'fire');
    const old = { ...aggregate, reviews: aggregate.reviews.map((r) => (r.department === 'fire' ? fire : r)) };
    assertDomainError(
      () => fileOpinion({ aggregate: old, department: 'fire', comment: 'x', reviewer: 'rev-fire', now: local('2026-03-18 10:00') }),
      'CONFLICT',
      {
        status: 'DEEMED_APPROVED',
      },
    );
  });

  it('after the case concluded: still accepted, the case unchanged', () => {
    let aggregate = deemed();
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
    assert.equal(aggregate.record.status, 'APPROVED');
    const { change } = fileOpinion({
      aggregate,
      department: 'fire',
      comment: '同意',
      reviewer: 'rev-fire',
      now: local('2026-03-18 10:00'),
    });
    assert.deepEqual(change.record, aggregate.record);
    assert.equal(applyChange(aggregate, change).record.outcome, 'APPROVED');
  });
});
