// The applicant's rating (functions/core/case/rating.ts) and what it adds to the public
// statistics (functions/core/stats.ts): rated after the outcome, changed within the window,
// only departments that answered; a low department rating goes to its admins and is answered
// on the record, once; the aggregates follow every change exactly.
//
// approvedCase() is decided on Monday 2026-01-05 (Asia/Shanghai); the default window of 10
// working days ends with Monday 19 January local: 2026-01-19T15:59:59.999Z.
import { describe, it } from 'vitest';
import assert from 'node:assert/strict';
import { answerRating, rateBy, rateCase, ratingsView } from '#core/case/rating.ts';
import type { CaseAggregate } from '#core/case/model.ts';
import { notificationsFor } from '#core/notifications.ts';
import { departmentStats, serviceStats, statDeltas } from '#core/stats.ts';
import { caseView } from '#core/views.ts';
import { applyChange, approvedCase, assertDomainError, CAL, openedCase, plusMs, SUBMITTED_AT } from '../support/fixtures.ts';

const RATE_BY = '2026-01-19T15:59:59.999Z';
const later = plusMs(SUBMITTED_AT, 86_400_000);

/** Every statistics counter the case's timeline adds, by scope and key. */
function counted(agg: CaseAggregate) {
  const out: Record<string, Record<string, number>> = {};
  for (const d of statDeltas(agg.record, agg.timeline, CAL)) {
    const key = `${d.scope}#${d.key}#${d.period}`;
    out[key] ??= {};
    for (const [k, n] of Object.entries(d.add)) out[key]![k] = (out[key]![k] ?? 0) + n;
  }
  return out;
}

describe('rating a case', () => {
  it('comes after the outcome and within the window', () => {
    assertDomainError(() => rateCase(openedCase(), { service: { score: 5 } }, later, CAL), 'CONFLICT');
    const agg = approvedCase();
    assert.equal(rateBy(agg, CAL), RATE_BY);
    assert.equal(rateCase(agg, { service: { score: 5 } }, new Date(RATE_BY), CAL).events.length, 1);
    assertDomainError(() => rateCase(agg, { service: { score: 5 } }, plusMs(new Date(RATE_BY), 1), CAL), 'CONFLICT', {
      rateBy: RATE_BY,
    });
  });

  it('rates only departments that answered on the case, naming any other', () => {
    assertDomainError(() => rateCase(approvedCase(), { departments: { police: { score: 3 } } }, later, CAL), 'VALIDATION_FAILED', {
      issues: [{ path: 'departments.police', message: 'police did not answer on this case' }],
    });
  });

  it('records each rating; a low one of a department is on its chain and told to its admins', () => {
    const agg = approvedCase();
    const change = rateCase(agg, { service: { score: 4 }, departments: { fire: { score: 2, comment: '超期未答复' } } }, later, CAL);
    assert.deepEqual(
      change.events.map((e) => [e.type, e.department, e.detail]),
      [
        ['RATED', undefined, { target: 'fire', score: 2, comment: '超期未答复' }],
        ['LOW_RATING', 'fire', { score: 2, comment: '超期未答复' }],
        ['RATED', undefined, { target: 'service', score: 4 }],
      ],
    );
    const rated = applyChange(agg, change);
    const low = rated.timeline.find((e) => e.type === 'LOW_RATING')!;
    const [told, ...more] = notificationsFor({ caseId: agg.record.caseId, serviceName: 's', applicantName: 'a' }, low);
    assert.deepEqual(told?.recipient, { kind: 'department-admins', department: 'fire' });
    assert.match(told!.body, /rated the fire department 2 of 5: "超期未答复"/);
    assert.equal(more.length, 0);
    const view = caseView(rated, later, CAL).ratings!;
    assert.equal(view.rateBy, RATE_BY);
    assert.deepEqual(view.departments.fire, { score: 2, comment: '超期未答复', at: later.toISOString() });
    assert.deepEqual(view.service, { score: 4, at: later.toISOString() });
  });

  it('is answered by the department once, on the record', () => {
    const agg = approvedCase();
    const rated = applyChange(agg, rateCase(agg, { departments: { fire: { score: 1 } } }, later, CAL));
    assertDomainError(() => answerRating(rated, 'planning', 'x', 'reviewer:p', later), 'NOT_FOUND');
    const change = answerRating(rated, 'fire', '已整改，今后按期答复', 'reviewer:fei', later);
    assert.deepEqual(
      change.events.map((e) => [e.type, e.actor, e.detail]),
      [['RATING_ANSWERED', 'reviewer:fei', { target: 'fire', score: 1, answer: '已整改，今后按期答复' }]],
    );
    const answered = applyChange(rated, change);
    assert.deepEqual(ratingsView(answered, CAL).departments.fire?.answer, { text: '已整改，今后按期答复', at: later.toISOString() });
    assertDomainError(() => answerRating(answered, 'fire', 'again', 'reviewer:fei', later), 'CONFLICT');
  });
});

describe('the published aggregates', () => {
  it('count, sum, distribution, low and answered follow every rating, its change and its answer, in the month of the outcome', () => {
    // a window of 40 working days: ratings may change into February
    let agg = approvedCase();
    agg = { ...agg, record: { ...agg.record, rules: { ...agg.record.rules, ratingWindow: { workingDays: 40 } } } };
    agg = applyChange(
      agg,
      rateCase(agg, { service: { score: 4 }, departments: { fire: { score: 2 }, planning: { score: 5 } } }, later, CAL),
    );
    agg = applyChange(agg, answerRating(agg, 'fire', '已整改', 'admin:ada', later));
    let fire = departmentStats('2026-01', 'fire', counted(agg)['DEPT#fire#2026-01']!).ratings;
    assert.deepEqual(fire, {
      count: 1,
      mean: 2,
      distribution: { 1: 0, 2: 1, 3: 0, 4: 0, 5: 0 },
      low: 1,
      lowAnswered: 1,
      lowAnsweredShare: 1,
    });
    // in February, still within the window: fire's rating changed to 4; its answer was to the old one
    const changedAt = new Date('2026-02-10T02:00:00.000Z');
    agg = applyChange(agg, rateCase(agg, { departments: { fire: { score: 4 } } }, changedAt, CAL));
    const counters = counted(agg);
    assert.deepEqual(
      Object.keys(counters).filter((k) => k.includes('2026-02')),
      [],
      'counted in the month of the outcome',
    );
    fire = departmentStats('2026-01', 'fire', counters['DEPT#fire#2026-01']!).ratings;
    assert.deepEqual(fire, { count: 1, mean: 4, distribution: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 0 }, low: 0, lowAnswered: 0 });
    assert.equal(agg.record.ratings?.departments?.fire?.answer, undefined, 'a changed rating is a new one');
    const service = serviceStats('2026-01', 'building-permit', counters['SERVICE#building-permit#2026-01']!).ratings;
    assert.deepEqual(service, { count: 1, mean: 4, distribution: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 0 }, low: 0, lowAnswered: 0 });
    assert.equal(departmentStats('2026-01', 'planning', counters['DEPT#planning#2026-01']!).ratings.mean, 5);
  });
});
