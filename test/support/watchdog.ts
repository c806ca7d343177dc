import assert from 'node:assert/strict';
import { settleByDeadline } from '#core/case/deadlines.ts';
import type { CaseAggregate, CaseChange } from '#core/case/model.ts';
import { decideReview } from '#core/case/review-actions.ts';
import { submitCase } from '#core/case/submission.ts';
import type { Calendar } from '#core/calendar.ts';
import type { Service } from '#core/schemas.ts';
import { DEFAULT_WATCHDOG, reviewCheckpoints, watchdogStep, type WatchdogSettings } from '#core/watchdog.ts';
import {
  APPLICANT,
  applyChange,
  CAL,
  done,
  endOf,
  local,
  arm,
  reviewOf,
  SHOP_AT,
  shopApplication,
  shopCase,
  shopService,
} from './fixtures.ts';

export const S = DEFAULT_WATCHDOG; // grace 5 min, re-drive after 5 min
export const WATCHDOG = 'system:watchdog';

export const FIRE_DUE = endOf('2026-03-16'); // Mon
export const HEALTH_DUE = endOf('2026-03-23'); // Mon
export const MARKET_DUE = endOf('2026-03-30'); // Mon
export const SHOP_ACCEPTED = '2026-03-02T02:00:00.000Z';

// 50% points of the shop case's clocks (see the header: rounded up to the millisecond).
export const FIRE_50 = '2026-03-09T09:00:00.000Z'; // 2 Mar 02:00Z + ⌈(14 d 13:59:59.999)/2⌉ = ⌈7 d 06:59:59.9995⌉ = 7 d 07:00 (Mon 9 17:00 local)
export const HEALTH_50 = '2026-03-12T21:00:00.000Z'; // + ⌈(21 d 13:59:59.999)/2⌉ = ⌈10 d 18:59:59.9995⌉ = 10 d 19:00 (Fri 13 05:00 local)
export const MARKET_50 = '2026-03-16T09:00:00.000Z'; // + ⌈(28 d 13:59:59.999)/2⌉ = ⌈14 d 06:59:59.9995⌉ = 14 d 07:00 (Mon 16 17:00 local)

export type Checkpoints = ReturnType<typeof reviewCheckpoints>;
export const iso = (ms: number) => new Date(ms).toISOString();
/** Checkpoints as key, instant (ISO) and kind. */
export const brief = (points: Checkpoints) => points.map((p) => ({ key: p.key, at: iso(p.at), kind: p.kind }));
export const keys = (points: Checkpoints) => points.map((p) => p.key);

export const checkpointsOf = (aggregate: CaseAggregate, department: string, calendar: Calendar = CAL, settings: WatchdogSettings = S) =>
  reviewCheckpoints(aggregate.record, reviewOf(aggregate, department), calendar, settings);

export const step = (aggregate: CaseAggregate, now: Date, settings: WatchdogSettings = S) => watchdogStep(aggregate, now, CAL, settings);

/** Run the watchdog at `now` and apply what it changed, as the scheduled handler does. */
export function run(aggregate: CaseAggregate, now: Date): CaseAggregate {
  const { change } = step(aggregate, now);
  return change ? applyChange(aggregate, change) : aggregate;
}

/** Every review's waiting task armed by the workflow at `at`. */
export function dispatched(aggregate: CaseAggregate, at: Date): CaseAggregate {
  let out = aggregate;
  for (const r of aggregate.reviews) {
    out = arm(out, r.department, { taskToken: `token-${r.department}`, dispatchedAt: at.toISOString(), armedFor: r.dueBy });
    assert.ok(reviewOf(out, r.department).taskToken);
  }
  return out;
}

export function caseOf(service: Service, now: Date = SHOP_AT): CaseAggregate {
  const aggregate = applyChange(
    undefined,
    submitCase({ caseId: 'CASE-W', service, input: shopApplication(), applicantSub: APPLICANT, now, calendar: CAL }),
  );
  assert.equal(aggregate.record.status, 'IN_REVIEW');
  return aggregate;
}

/** The shop case with every review dispatched: no re-drive in the way. */
export const base = () => dispatched(shopCase(), SHOP_AT);

/** The change's reviews by department. */
export const changed = (change: CaseChange | null, department: string) => change?.reviews.find((r) => r.department === department);

/**
 * Food-shop case accepted Mon 23 March 10:00 (all dispatched); market asks for a correction
 * Thu 26 March 10:00 (collection window to the end of Fri 27); the notice goes out when the
 * workflow wakes Mon 30 March 10:00: 5 working days from Mon 30 are 31, 1, 2, 3 and Tue 7 April.
 */
export function noticed(service: Service = shopService()): CaseAggregate {
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
export const LAPSE_BY = endOf('2026-04-07');

export const AT_10_MAR = local('2026-03-10 10:00'); // past fire's 50% only
export const AT_16_MAR = local('2026-03-16 10:00'); // past fire's LEFT_1 and ESCALATE, health's 50%
export const NET_AT = new Date('2026-03-16T16:05:00.000Z'); // Tue 17 March 00:05 local: fire due + 5 min (+ 1 ms)

/** The shop case after the watchdog ran Tue 10 March 10:00 and Mon 16 March 10:00. */
export const escalated = () => run(run(base(), AT_10_MAR), AT_16_MAR);
