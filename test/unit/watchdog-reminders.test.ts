// What a watchdog run does (watchdogStep): reminders and escalation, each once; no stale
// reminder after the due time; a missing opinion, a re-drive and a lapse warning.
//
// Instants are derived by hand; the food-shop case's due dates and reminder instants, and how
// they are derived, are in test/support/watchdog.ts.
import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import { DEADLINE_ACTOR } from '#core/case/model.ts';
import { fileOpinion } from '#core/case/review-actions.ts';
import { alertIndex } from '#core/watchdog.ts';
import { applyChange, CAL, endOf, local, plusMs, reviewOf, shopCase } from '../support/fixtures.ts';
import {
  AT_10_MAR,
  AT_16_MAR,
  FIRE_50,
  FIRE_DUE,
  HEALTH_DUE,
  LAPSE_BY,
  MARKET_DUE,
  NET_AT,
  S,
  SHOP_ACCEPTED,
  WATCHDOG,
  base,
  changed,
  escalated,
  noticed,
  run,
  step,
} from '../support/watchdog.ts';

describe('watchdogStep: reminders and escalation', () => {
  it('nothing is due before the first point', () => {
    const aggregate = base();
    // fire's 50% point is Mon 9 March 17:00 local (FIRE_50)
    assert.deepEqual(step(aggregate, local('2026-03-09 16:59')), { change: null, wake: [], safetyNet: [], redrive: false, erase: false });
    assert.deepEqual(step(aggregate, plusMs(new Date(FIRE_50), -1)), {
      change: null,
      wake: [],
      safetyNet: [],
      redrive: false,
      erase: false,
    });
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
