// Ratings over HTTP on the local stack, with every stream record and queue message delivered
// twice: the applicant rates after the outcome, a low rating reaches the department's admins
// once, the department answers on the record, and the public statistics show the aggregates
// only (never who rated or what a single case said).
import assert from 'node:assert/strict';
import { beforeAll, describe, it } from 'vitest';
import { applicationBody, buildingServiceDefinition } from '../support/fixtures.ts';
import { type Client, eventually, tasksOpen, useLocalStack } from '../support/local-stack.ts';

const stack = useLocalStack({ redeliver: true });
let api: Client;
let admin: string, alice: string, planning: string;
const period = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7); // the stack's calendar is Asia/Shanghai

beforeAll(async () => {
  api = await stack();
  [admin, alice, planning] = await Promise.all([
    api.token('ada', ['admins']),
    api.token('alice', ['applicants']),
    api.token('pat', ['reviewers-planning']),
  ]);
  const service = buildingServiceDefinition({
    departments: [
      { code: 'planning', name: '规划局 Planning', timeLimit: { duration: 'PT60S' } },
      { code: 'fire', name: '消防 Fire', timeLimit: { duration: 'PT2S' } },
    ],
  });
  assert.equal((await api.call('PUT', '/services/rated', { token: admin, body: service })).status, 200);
  const contacts = { emails: ['planning@gov.example'], adminEmails: ['planning-head@gov.example'] };
  assert.equal((await api.call('PUT', '/departments/planning', { token: admin, body: contacts })).status, 200);
});

describe('ratings', () => {
  it('rated after the outcome; a low rating is told once and answered on the record; the statistics are aggregates', async () => {
    const { caseId } = (await api.call('POST', '/applications', { token: alice, body: applicationBody('rated') })).body;
    const early = await api.call('POST', `/applications/${caseId}/rating`, { token: alice, body: { service: { score: 5 } } });
    assert.equal(early.status, 409, 'not before the outcome');
    await tasksOpen(api, caseId, 2);
    await api.call('POST', `/applications/${caseId}/reviews/planning/decision`, { token: planning, body: { decision: 'APPROVE' } });
    await eventually(
      async () => (await api.call('GET', `/applications/${caseId}`, { token: alice })).body.status === 'APPROVED',
      'the outcome',
    );

    const rated = await api.call('POST', `/applications/${caseId}/rating`, {
      token: alice,
      body: { service: { score: 4 }, departments: { planning: { score: 1, comment: '态度生硬' }, fire: { score: 3 } } },
    });
    assert.equal(rated.status, 200, JSON.stringify(rated.body));
    assert.ok(rated.body.rateBy);
    const told = await eventually(async () => {
      const items = (await api.call('GET', '/local/outbox')).body.items.filter(
        (m: any) => m.caseId === caseId && m.eventType === 'LOW_RATING',
      );
      return items.length > 0 && items;
    }, 'the department admins told');
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // a second delivery would have arrived by now
    const again = (await api.call('GET', '/local/outbox')).body.items.filter(
      (m: any) => m.caseId === caseId && m.eventType === 'LOW_RATING',
    );
    assert.equal(again.length, 1);
    assert.deepEqual(told[0].to, ['planning-head@gov.example']);
    assert.match(told[0].body, /态度生硬/);

    const answered = await api.call('POST', `/applications/${caseId}/ratings/planning/answer`, {
      token: planning,
      body: { answer: '已批评教育，改进服务' },
    });
    assert.equal(answered.status, 200);
    const view = (await api.call('GET', `/applications/${caseId}`, { token: alice })).body;
    assert.equal(view.ratings.departments.planning.answer.text, '已批评教育，改进服务');

    const departments = (await api.call('GET', `/stats/departments?period=${period()}`)).body.items;
    const p = departments.find((d: any) => d.department === 'planning').ratings;
    assert.deepEqual(p, { count: 1, mean: 1, distribution: { 1: 1, 2: 0, 3: 0, 4: 0, 5: 0 }, low: 1, lowAnswered: 1, lowAnsweredShare: 1 });
    assert.equal(departments.find((d: any) => d.department === 'fire').ratings.mean, 3);
    const services = (await api.call('GET', `/stats/services?period=${period()}`)).body.items;
    assert.equal(services.find((s: any) => s.serviceCode === 'rated').ratings.mean, 4);
    assert.doesNotMatch(JSON.stringify(departments), /态度生硬|alice/, 'no single rating is published');
  });
});
