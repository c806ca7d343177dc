// When the deadline watchdog looks at a case (caseCheckpoints: re-drive of a workflow that
// never started, a warning before a correction limit lapses, a case left open after its
// last review was settled), the next instant of an item
// (nextAt), and the index the store keeps of it (alertIndex).
//
// Instants are derived by hand; the food-shop case's due dates and reminder instants, and how
// they are derived, are in test/support/watchdog.ts.
import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import type { CaseAggregate } from '#core/case/model.ts';
import { withdrawCase } from '#core/case/outcome.ts';
import { decideReview } from '#core/case/review-actions.ts';
import { submitCase } from '#core/case/submission.ts';
import { alertIndex, caseCheckpoints, eraseAt, nextAt, reviewCheckpoints } from '#core/watchdog.ts';
import {
  APPLICANT,
  applyChange,
  CAL,
  done,
  endOf,
  local,
  plusMs,
  arm,
  SHOP_AT,
  shopApplication,
  shopCase,
  shopForm,
  shopService,
} from '../support/fixtures.ts';
import {
  FIRE_50,
  FIRE_DUE,
  HEALTH_50,
  HEALTH_DUE,
  LAPSE_BY,
  MARKET_50,
  NET_AT,
  S,
  SHOP_ACCEPTED,
  base,
  brief,
  changed,
  checkpointsOf,
  dispatched,
  escalated,
  keys,
  noticed,
  run,
  step,
} from '../support/watchdog.ts';

// ------------------------------------------------------------------ caseCheckpoints

/** The points besides CONCLUDE (every case in review) and ERASE (every case that ended), each tested on its own below. */
const besidesConclude = <P extends { kind: string }>(points: P[]) => points.filter((p) => p.kind !== 'conclude' && p.kind !== 'erase');
/** A case's ERASE point: its retention (S, 1,096 days) after `from`. */
const eraseAfter = (from: string) => {
  const at = new Date(Date.parse(from) + S.retentionMs).toISOString();
  return [{ key: `ERASE@${at}`, at, kind: 'erase' }];
};
const MARKET_CONCLUDE = '2026-03-30T16:09:59.999Z'; // market due (the latest) + 2 × grace

describe('caseCheckpoints', () => {
  it('REDRIVE at acceptance + redriveAfterMs while no review is dispatched', () => {
    const aggregate = shopCase();
    assert.deepEqual(brief(caseCheckpoints(aggregate, CAL, S)), [
      { key: `REDRIVE@${SHOP_ACCEPTED}`, at: '2026-03-02T02:05:00.000Z', kind: 'redrive' },
      { key: `CONCLUDE@${MARKET_CONCLUDE}`, at: MARKET_CONCLUDE, kind: 'conclude' },
    ]);
    assert.deepEqual(besidesConclude(brief(caseCheckpoints(aggregate, CAL, { ...S, redriveAfterMs: 60_000 }))), [
      { key: `REDRIVE@${SHOP_ACCEPTED}`, at: '2026-03-02T02:01:00.000Z', kind: 'redrive' },
    ]);
  });

  it('no REDRIVE once one review is dispatched', () => {
    const aggregate = shopCase();
    assert.deepEqual(
      besidesConclude(
        caseCheckpoints(
          arm(aggregate, 'health', { taskToken: 't-1', dispatchedAt: '2026-03-02T02:00:02.000Z', armedFor: HEALTH_DUE }),
          CAL,
          S,
        ),
      ),
      [],
    );
  });

  it('no REDRIVE for a case in review without reviews, nor for a case not in review', () => {
    const aggregate = shopCase();
    assert.deepEqual(caseCheckpoints({ record: aggregate.record, reviews: [] }, CAL, S), []);
    assert.deepEqual(
      besidesConclude(caseCheckpoints(applyChange(aggregate, withdrawCase(aggregate, local('2026-03-02 10:01'))), CAL, S)),
      [],
    );
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
    assert.deepEqual(besidesConclude(caseCheckpoints(incomplete, CAL, S)), []);
  });

  it('LAPSE_WARNING at 09:00 one working day before the lapse day once the notice is out (lapse Tue 7 Apr → Fri 3 Apr 09:00)', () => {
    const aggregate = noticed();
    assert.equal(aggregate.record.correction?.noticeAt, local('2026-03-30 10:00').toISOString());
    assert.equal(aggregate.record.correction?.lapseBy, LAPSE_BY);
    assert.deepEqual(besidesConclude(brief(caseCheckpoints(aggregate, CAL, S))), [
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
    assert.deepEqual(besidesConclude(caseCheckpoints(aggregate, CAL, S)), []);
  });

  it('no LAPSE_WARNING when its instant is not after the notice (a 1-working-day limit: notice Mon 10:00, warning would be Mon 09:00)', () => {
    const aggregate = noticed({ ...shopService(), correctionLimit: { workingDays: 1 } });
    assert.equal(aggregate.record.correction?.lapseBy, endOf('2026-03-31'));
    assert.deepEqual(besidesConclude(caseCheckpoints(aggregate, CAL, S)), []);
  });

  it('only ERASE for a final case: its retention after it ended', () => {
    const aggregate = noticed();
    const lapsed = applyChange(aggregate, withdrawCase(aggregate, local('2026-04-01 10:00')));
    assert.equal(lapsed.record.status, 'WITHDRAWN');
    assert.deepEqual(brief(caseCheckpoints(lapsed, CAL, S)), eraseAfter(local('2026-04-01 10:00').toISOString()));
    const fresh = shopCase();
    assert.deepEqual(brief(caseCheckpoints(applyChange(fresh, withdrawCase(fresh, SHOP_AT)), CAL, S)), eraseAfter(SHOP_AT.toISOString()));
  });
});

describe("ERASE: the end of a case's retention", () => {
  it('an INCOMPLETE case: its retention after its submission; none while in review', () => {
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
    assert.deepEqual(brief(caseCheckpoints(incomplete, CAL, S)), eraseAfter(SHOP_AT.toISOString()));
    assert.equal(
      caseCheckpoints(base(), CAL, S).some((p) => p.kind === 'erase'),
      false,
    );
    assert.equal(eraseAt(base().record, S), undefined);
  });

  it('the retention is a setting', () => {
    const fresh = shopCase();
    const withdrawn = applyChange(fresh, withdrawCase(fresh, SHOP_AT));
    assert.equal(eraseAt(withdrawn.record, { ...S, retentionMs: 60_000 }), SHOP_AT.getTime() + 60_000);
  });

  it('once due, the watchdog erases the case and does nothing else to it', () => {
    const fresh = shopCase();
    const withdrawn = applyChange(fresh, withdrawCase(fresh, SHOP_AT));
    const at = eraseAt(withdrawn.record, S)!;
    assert.deepEqual(step(withdrawn, new Date(at - 1)), { change: null, wake: [], safetyNet: [], redrive: false, erase: false });
    assert.deepEqual(step(withdrawn, new Date(at)), { change: null, wake: [], safetyNet: [], redrive: false, erase: true });
  });
});

describe('CONCLUDE: a case still open after its last review was settled', () => {
  const allApproved = () => {
    let aggregate = base();
    for (const department of ['market', 'health', 'fire'])
      aggregate = applyChange(
        aggregate,
        done(
          decideReview({
            aggregate,
            department,
            decision: { decision: 'APPROVE' },
            reviewer: `rev-${department}`,
            now: local('2026-03-05 11:00'),
            calendar: CAL,
          }),
        ).change,
      );
    return aggregate;
  };

  it('at the latest due time of its reviews + 2 × grace: after the safety net of every review', () => {
    const points = caseCheckpoints(base(), CAL, S);
    assert.deepEqual(brief(points.filter((p) => p.kind === 'conclude')), [
      { key: `CONCLUDE@${MARKET_CONCLUDE}`, at: MARKET_CONCLUDE, kind: 'conclude' },
    ]);
    const overdue = checkpointsOf(base(), 'market').find((p) => p.kind === 'overdue');
    assert.ok(overdue && overdue.at < Date.parse(MARKET_CONCLUDE));
  });

  it('a later due time (an extension) names a new point; a concluded case has none', () => {
    const aggregate = base();
    const later = {
      ...aggregate,
      reviews: aggregate.reviews.map((r) => (r.department === 'market' ? { ...r, dueBy: endOf('2026-04-13') } : r)),
    };
    assert.deepEqual(keys(caseCheckpoints(later, CAL, S)), ['CONCLUDE@2026-04-13T16:09:59.999Z']);
    const approved = allApproved();
    assert.equal(approved.record.status, 'APPROVED');
    assert.deepEqual(besidesConclude(caseCheckpoints(approved, CAL, S)), []);
    assert.equal(
      caseCheckpoints(approved, CAL, S).some((p) => p.kind === 'conclude'),
      false,
    );
  });

  it('the watchdog concludes, once, a case left open with every review settled', () => {
    const approved = allApproved();
    // the state a writer leaves when it stops between settling the last review and concluding
    const stuck: CaseAggregate = {
      ...approved,
      record: { ...approved.record, status: 'IN_REVIEW', outcome: undefined, decidedAt: undefined },
      timeline: approved.timeline.filter((e) => e.type !== 'CASE_APPROVED'),
    };
    const at = new Date(MARKET_CONCLUDE);
    assert.equal(alertIndex(stuck, CAL, S).case, MARKET_CONCLUDE);
    assert.equal(step(stuck, plusMs(at, -1)).change, null);
    const s = step(stuck, at);
    assert.equal(s.change?.record.status, 'APPROVED');
    assert.deepEqual(
      s.change?.events.map((e) => e.type),
      ['CASE_APPROVED'],
    );
    const after = applyChange(stuck, s.change!);
    assert.equal(step(after, plusMs(at, 60_000)).change, null);
    assert.equal(alertIndex(after, CAL, S).case, new Date(eraseAt(after.record, S)!).toISOString(), 'only its erasure is left');
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

  it('dispatched: the case only at its CONCLUDE point; the next point of each review moves on as the watchdog handles them', () => {
    assert.equal(consistent(base()).case, MARKET_CONCLUDE);
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

  it('undefined for a review decided and for every review of a withdrawn case; the case at its erasure', () => {
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
    assert.equal(index.case, new Date(eraseAt(withdrawn.record, S)!).toISOString(), 'only its erasure');
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
