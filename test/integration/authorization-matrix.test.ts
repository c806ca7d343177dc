// Every route × every role × the caller's own or someone else's case, as data: the status
// each cell must answer. A route deployed without rows here fails the first test.
import assert from 'node:assert/strict';
import { beforeAll, describe, it } from 'vitest';
import { apiFunctions } from '../../infra/manifest.ts';
import { applicationBody, buildingServiceDefinition } from '../support/fixtures.ts';
import { eventually, useLocalStack, type Client } from '../support/local-stack.ts';

type Role = 'anonymous' | 'owner' | 'otherApplicant' | 'reviewer' | 'otherReviewer' | 'admin';
const ROLES: Role[] = ['anonymous', 'owner', 'otherApplicant', 'reviewer', 'otherReviewer', 'admin'];
/** What a cell needs: a case in review, an incomplete one, one whose planning review was deemed approved (so approved), that case with its permit or rated by its applicant, or one planning approved on commitment. */
type Fixture = 'none' | 'inReview' | 'incomplete' | 'deemed' | 'permitted' | 'onCommitment' | 'rated';
interface Row {
  fixture: Fixture;
  request: (caseId: string) => { method: string; path: string; body?: unknown };
  expect: Record<Role, number>;
}

const all = (status: number): Record<Role, number> => Object.fromEntries(ROLES.map((r) => [r, status])) as Record<Role, number>;
const authed = (rest: Omit<Record<Role, number>, 'anonymous'>): Record<Role, number> => ({ anonymous: 401, ...rest });
const adminsOnly = authed({ owner: 403, otherApplicant: 403, reviewer: 403, otherReviewer: 403, admin: 200 });
const caseReader = authed({ owner: 200, otherApplicant: 404, reviewer: 200, otherReviewer: 404, admin: 200 });
const departmentAction = authed({ owner: 403, otherApplicant: 404, reviewer: 200, otherReviewer: 404, admin: 403 });

const matrix: Record<string, Row> = {
  'GET /health': { fixture: 'none', request: () => ({ method: 'GET', path: '/health' }), expect: all(200) },
  'GET /openapi.json': { fixture: 'none', request: () => ({ method: 'GET', path: '/openapi.json' }), expect: all(200) },
  'GET /services': { fixture: 'none', request: () => ({ method: 'GET', path: '/services' }), expect: all(200) },
  'GET /services/{code}': { fixture: 'none', request: () => ({ method: 'GET', path: '/services/matrix' }), expect: all(200) },
  'PUT /services/{code}': {
    fixture: 'none',
    request: () => ({ method: 'PUT', path: '/services/matrix', body: buildingServiceDefinition() }),
    expect: adminsOnly,
  },
  'POST /applications': {
    fixture: 'none',
    request: () => ({ method: 'POST', path: '/applications', body: applicationBody('matrix') }),
    expect: authed({ owner: 202, otherApplicant: 202, reviewer: 403, otherReviewer: 403, admin: 403 }),
  },
  'GET /applications': {
    fixture: 'none',
    request: () => ({ method: 'GET', path: '/applications' }),
    expect: authed({ owner: 200, otherApplicant: 200, reviewer: 200, otherReviewer: 200, admin: 200 }),
  },
  'GET /applications/{caseId}': {
    fixture: 'inReview',
    request: (id) => ({ method: 'GET', path: `/applications/${id}` }),
    expect: caseReader,
  },
  'GET /applications/{caseId}/audit': {
    fixture: 'inReview',
    request: (id) => ({ method: 'GET', path: `/applications/${id}/audit` }),
    expect: caseReader,
  },
  'POST /applications/{caseId}/withdraw': {
    fixture: 'inReview',
    request: (id) => ({ method: 'POST', path: `/applications/${id}/withdraw` }),
    expect: authed({ owner: 200, otherApplicant: 404, reviewer: 403, otherReviewer: 404, admin: 403 }),
  },
  'POST /applications/{caseId}/corrections': {
    fixture: 'incomplete',
    request: (id) => ({ method: 'POST', path: `/applications/${id}/corrections`, body: { form: { projectName: '补正', floorArea: 10 } } }),
    expect: authed({ owner: 200, otherApplicant: 404, reviewer: 404, otherReviewer: 404, admin: 403 }),
  },
  'GET /reviews': {
    fixture: 'none',
    request: () => ({ method: 'GET', path: '/reviews?department=planning' }),
    expect: authed({ owner: 403, otherApplicant: 403, reviewer: 200, otherReviewer: 403, admin: 200 }),
  },
  'POST /applications/{caseId}/reviews/{department}/decision': {
    fixture: 'inReview',
    request: (id) => ({ method: 'POST', path: `/applications/${id}/reviews/planning/decision`, body: { decision: 'APPROVE' } }),
    expect: departmentAction,
  },
  'POST /applications/{caseId}/reviews/{department}/extension': {
    fixture: 'inReview',
    request: (id) => ({
      method: 'POST',
      path: `/applications/${id}/reviews/planning/extension`,
      body: { workingDays: 2, reason: '现场核查' },
    }),
    expect: departmentAction,
  },
  'POST /applications/{caseId}/reviews/{department}/opinion': {
    fixture: 'deemed',
    request: (id) => ({ method: 'POST', path: `/applications/${id}/reviews/planning/opinion`, body: { comment: '同意' } }),
    expect: departmentAction,
  },
  'GET /permits/{number}': { fixture: 'permitted', request: (id) => ({ method: 'GET', path: `/permits/P-${id}` }), expect: all(200) },
  'GET /permits/{number}/verify': {
    fixture: 'permitted',
    request: (id) => ({ method: 'GET', path: `/permits/P-${id}/verify` }),
    expect: all(200),
  },
  'GET /permit-key': { fixture: 'none', request: () => ({ method: 'GET', path: '/permit-key' }), expect: all(200) },
  'POST /permits/{number}/revocation': {
    fixture: 'permitted',
    request: (id) => ({ method: 'POST', path: `/permits/P-${id}/revocation`, body: { reasons: ['资质被吊销'] } }),
    expect: adminsOnly,
  },
  'POST /applications/{caseId}/reviews/{department}/post-check': {
    fixture: 'onCommitment',
    request: (id) => ({ method: 'POST', path: `/applications/${id}/reviews/planning/post-check`, body: { result: 'PASSED' } }),
    expect: departmentAction,
  },
  'POST /applications/{caseId}/rating': {
    fixture: 'deemed',
    request: (id) => ({ method: 'POST', path: `/applications/${id}/rating`, body: { service: { score: 4 } } }),
    expect: authed({ owner: 200, otherApplicant: 404, reviewer: 403, otherReviewer: 404, admin: 403 }),
  },
  'POST /applications/{caseId}/ratings/{department}/answer': {
    fixture: 'rated',
    request: (id) => ({ method: 'POST', path: `/applications/${id}/ratings/planning/answer`, body: { answer: '已改进' } }),
    expect: authed({ owner: 403, otherApplicant: 404, reviewer: 200, otherReviewer: 404, admin: 200 }),
  },
  'PUT /departments/{code}': {
    fixture: 'none',
    request: () => ({ method: 'PUT', path: '/departments/planning', body: { emails: ['p@gov.example'] } }),
    expect: adminsOnly,
  },
  'GET /stats/departments': { fixture: 'none', request: () => ({ method: 'GET', path: '/stats/departments' }), expect: all(200) },
  'GET /stats/services': { fixture: 'none', request: () => ({ method: 'GET', path: '/stats/services' }), expect: all(200) },
  'GET /calendar': { fixture: 'none', request: () => ({ method: 'GET', path: '/calendar' }), expect: all(200) },
  'PUT /calendar': {
    fixture: 'none',
    request: () => ({ method: 'PUT', path: '/calendar', body: { officeHours: { start: '09:00', end: '17:00' } } }),
    expect: adminsOnly,
  },
  'PUT /calendar/years/{year}': {
    fixture: 'none',
    request: () => ({ method: 'PUT', path: '/calendar/years/2031', body: { holidays: ['2031-01-01'] } }),
    expect: adminsOnly,
  },
};

const stack = useLocalStack();
let api: Client;
const tokens = {} as Record<Role, string | undefined>;

beforeAll(async () => {
  api = await stack();
  tokens.anonymous = undefined;
  tokens.owner = await api.token('owner', ['applicants']);
  tokens.otherApplicant = await api.token('someone-else', ['applicants']);
  tokens.reviewer = await api.token('planner', ['reviewers-planning']);
  tokens.otherReviewer = await api.token('marketeer', ['reviewers-market']);
  tokens.admin = await api.token('admin', ['admins']);
  const admin = tokens.admin;
  await api.call('PUT', '/services/matrix', { token: admin, body: buildingServiceDefinition() });
  await api.call('PUT', '/services/matrix-quick', {
    token: admin,
    body: buildingServiceDefinition({
      departments: [{ code: 'planning', name: '规划局', timeLimit: { duration: 'PT1S' } }],
      opinionLimit: { duration: 'PT5M' },
    }),
  });
  await api.call('PUT', '/services/matrix-commitment', {
    token: admin,
    body: buildingServiceDefinition({
      commitment: { text: '本人承诺所报信息真实。' },
      departments: [
        { code: 'planning', name: '规划局', timeLimit: { duration: 'PT1H' }, commitment: { postCheckLimit: { duration: 'PT1H' } } },
      ],
    }),
  });
});

async function fixture(kind: Fixture): Promise<string> {
  if (kind === 'none') return '';
  const body =
    kind === 'incomplete'
      ? { ...applicationBody('matrix', {}), materials: [] }
      : kind === 'onCommitment'
        ? { ...applicationBody('matrix-commitment'), commitment: { accepted: true } }
        : applicationBody(kind === 'deemed' || kind === 'permitted' || kind === 'rated' ? 'matrix-quick' : 'matrix');
  const r = await api.call('POST', '/applications', { token: tokens.owner, body });
  assert.equal(r.status, 202);
  if (kind === 'deemed' || kind === 'rated')
    await eventually(
      async () =>
        (await api.call('GET', `/applications/${r.body.caseId}`, { token: tokens.admin })).body.reviews[0].status === 'DEEMED_APPROVED',
      'the deemed approval',
    );
  if (kind === 'rated') {
    await eventually(
      async () => (await api.call('GET', `/applications/${r.body.caseId}`, { token: tokens.admin })).body.status === 'APPROVED',
      'the outcome',
    );
    const rated = await api.call('POST', `/applications/${r.body.caseId}/rating`, {
      token: tokens.owner,
      body: { departments: { planning: { score: 2 } } },
    });
    assert.equal(rated.status, 200, JSON.stringify(rated.body));
  }
  if (kind === 'permitted')
    await eventually(async () => (await api.call('GET', `/permits/P-${r.body.caseId}`)).status === 200, 'the permit');
  return r.body.caseId;
}

describe('authorisation matrix', () => {
  it('has rows for exactly the routes that are deployed', () => {
    assert.deepEqual(Object.keys(matrix).sort(), apiFunctions.map((f) => f.route).sort());
  });

  for (const [route, row] of Object.entries(matrix))
    it(route, async () => {
      const got: Record<string, number> = {};
      for (const role of ROLES) {
        const caseId = await fixture(row.fixture); // a fresh case per cell: cells do not see each other's effects
        const { method, path, body } = row.request(caseId);
        got[role] = (await api.call(method, path, { token: tokens[role], body })).status;
      }
      assert.deepEqual(got, row.expect);
    });
});
