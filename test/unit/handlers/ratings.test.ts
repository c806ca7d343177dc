// The applicant's rating and a department's answer through their HTTP routes, against the
// in-memory case store: who may rate and answer, what is refused and named.
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { caseRoute } from '#http/case-route.ts';
import * as answer from '../../../functions/handlers/answer-rating.ts';
import * as rate from '../../../functions/handlers/rate-application.ts';
import { callRoute, memoryRuntime } from '../../support/memory-runtime.ts';
import { ADMIN, ALICE, approvedCase, CAL, openedCase, plusMs, SUBMITTED_AT } from '../../support/fixtures.ts';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
const FIRE = { sub: 'sub-fei', groups: ['reviewers-fire'] };
const PLANNING = { sub: 'sub-pat', groups: ['reviewers-planning'] };
const MALLORY = { sub: 'sub-mal', groups: ['applicants'] };

async function setUp(agg = approvedCase()) {
  const env = memoryRuntime({ now: plusMs(SUBMITTED_AT, 86_400_000), calendar: CAL });
  const { record, reviews, timeline } = agg;
  await env.seed({ record, reviews, events: timeline.map(({ seq: _, prevHash: __, hash: ___, anchors: ____, ...e }) => e) });
  const caseId = record.caseId;
  const rating = (body: unknown, caller: { sub: string; groups: string[] } = ALICE) =>
    callRoute(caseRoute(rate.route, rate.command, env.runtime), {
      route: 'POST /applications/{caseId}/rating',
      params: { caseId },
      body,
      caller,
    });
  const answering = (department: string, body: unknown, caller: { sub: string; groups: string[] } = FIRE) =>
    callRoute(caseRoute(answer.route, answer.command, env.runtime), {
      route: 'POST /applications/{caseId}/ratings/{department}/answer',
      params: { caseId, department },
      body,
      caller,
    });
  return { ...env, caseId, rating, answering };
}

const issues = (res: { body: any }) => res.body.error.issues.map((i: { path: string }) => i.path);

describe('POST /applications/{caseId}/rating', () => {
  it('the applicant rates after the outcome and changes it; no one else can', async () => {
    const t = await setUp();
    const res = await t.rating({ service: { score: 5 }, departments: { fire: { score: 2, comment: '没有按期答复' } } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.departments.fire.score, 2);
    assert.equal((await t.rating({ departments: { fire: { score: 3 } } })).body.departments.fire.score, 3);
    assert.equal((await t.rating({ service: { score: 1 } }, MALLORY)).status, 404, 'another applicant does not see the case');
    assert.equal((await t.rating({ service: { score: 1 } }, FIRE)).status, 403);
    assert.equal((await t.rating({ service: { score: 1 } }, ADMIN)).status, 403);
    const events = (await t.store.load(t.caseId))!.timeline.filter((e) => e.type === 'RATED');
    assert.equal(events.length, 3);
  });

  it('refuses bad input naming the field, and a case without its outcome', async () => {
    const t = await setUp();
    assert.deepEqual(issues(await t.rating({ departments: { fire: { score: 6 } } })), ['departments.fire.score']);
    assert.deepEqual(issues(await t.rating({ service: { score: 2.5 } })), ['service.score']);
    assert.equal((await t.rating({})).status, 400);
    assert.deepEqual(issues(await t.rating({ departments: { water: { score: 3 } } })), ['departments.water']);
    const open = await setUp(openedCase());
    assert.equal((await open.rating({ service: { score: 4 } })).status, 409);
    assert.equal((await t.store.load(t.caseId))!.record.ratings, undefined, 'nothing written');
  });
});

describe('POST /applications/{caseId}/ratings/{department}/answer', () => {
  it('the department or an admin answers once; another department cannot', async () => {
    const t = await setUp();
    await t.rating({ departments: { fire: { score: 1 }, planning: { score: 2 } } });
    assert.equal((await t.answering('fire', { answer: 'x' }, PLANNING)).status, 403);
    assert.equal((await t.answering('fire', { answer: 'x' }, ALICE)).status, 403);
    assert.deepEqual(issues(await t.answering('fire', { answer: '  ' })), ['answer']);
    const res = await t.answering('fire', { answer: '已整改' });
    assert.equal(res.status, 200);
    assert.equal(res.body.departments.fire.answer.text, '已整改');
    assert.equal((await t.answering('fire', { answer: 'again' })).status, 409);
    assert.equal((await t.answering('planning', { answer: '已改进' }, ADMIN)).status, 200);
    assert.equal((await t.answering('environment', { answer: 'x' }, ADMIN)).status, 404, 'environment was not rated');
  });
});
