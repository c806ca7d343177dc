// The README's walk-through, driven by a client generated from the OpenAPI document
// (openapi-typescript types in infra/console/src/openapi.d.ts, openapi-fetch), as a client team
// would write it: every path, parameter and body below is checked by tsc against the
// document, and every response against the document by the conformance hook.
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import createClient from 'openapi-fetch';
import type { components, paths } from '../../infra/console/src/openapi.d.ts';
import { conformingFetch, eventually, tasksOpen, useLocalStack } from '../support/local-stack.ts';

const stack = useLocalStack();

/** A client acting as the holder of `token` (the bearer scheme of the document). */
const clientOf = (baseUrl: string, token?: string) =>
  createClient<paths>({ baseUrl, fetch: conformingFetch, ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}) });

describe('a client generated from the OpenAPI document', () => {
  it('publishes a service, submits, lists, decides, sees a deemed approval and the case APPROVED', async () => {
    const local = await stack();
    const [admin, alice, planning] = await Promise.all([
      local.token('ada', ['admins']).then((t) => clientOf(local.url, t)),
      local.token('alice', ['applicants']).then((t) => clientOf(local.url, t)),
      local.token('pat', ['reviewers-planning']).then((t) => clientOf(local.url, t)),
    ]);
    const anyone = clientOf(local.url);

    // 1. An admin publishes a service: planning always reviews, fire only above 200 m², and fire has a short limit
    const definition: components['schemas']['ServiceDefinition'] = {
      name: '商铺装修许可 Shop fitting permit',
      materials: [{ id: 'floor-plan', name: '平面图', required: true }],
      form: { fields: [{ name: 'floorArea', type: 'number', required: true }] },
      departments: [
        { code: 'planning', name: '规划局', timeLimit: { duration: 'PT60S' } },
        { code: 'fire', name: '消防', when: { field: 'floorArea', gt: 200 }, timeLimit: { duration: 'PT3S' } },
      ],
    };
    const published = await admin.PUT('/services/{code}', { params: { path: { code: 'shop-fitting' } }, body: definition });
    assert.equal(published.response.status, 200, JSON.stringify(published.error));
    assert.equal(published.data?.code, 'shop-fitting');
    const catalogue = await anyone.GET('/services');
    assert.ok(catalogue.data?.items.some((s) => s.code === 'shop-fitting'));

    // 2. The applicant submits once, with an Idempotency-Key: a receipt naming both departments
    const submitted = await alice.POST('/applications', {
      params: { header: { 'Idempotency-Key': 'typed-client-first' } },
      body: {
        serviceCode: 'shop-fitting',
        applicant: { name: '张三', idNumber: '110101199003074514' },
        form: { floorArea: 350 },
        materials: [{ id: 'floor-plan', name: '平面图.pdf' }],
      },
    });
    assert.equal(submitted.response.status, 202, JSON.stringify(submitted.error));
    const receipt = submitted.data!;
    assert.ok(receipt.status !== 'INCOMPLETE', 'accepted: the receipt lists the reviews');
    assert.equal(receipt.status, 'IN_REVIEW');
    assert.deepEqual(receipt.receipt.reviews.map((r) => r.department).sort(), ['fire', 'planning']);
    const caseId = receipt.caseId;
    await tasksOpen(local, caseId, 2);

    // 3. Planning sees it on its work list
    const list = await planning.GET('/reviews', { params: { query: { department: 'planning', status: 'PENDING' } } });
    assert.ok(list.data?.items.some((t) => t.caseId === caseId && t.applicantName === '张三'));

    // 4. Planning approves with a condition; a second decision is refused with what won
    const decided = await planning.POST('/applications/{caseId}/reviews/{department}/decision', {
      params: { path: { caseId, department: 'planning' } },
      body: { decision: 'APPROVE', conditions: ['营业时间不超过22点'] },
    });
    assert.equal(decided.data?.status, 'APPROVED', JSON.stringify(decided.error));
    const again = await planning.POST('/applications/{caseId}/reviews/{department}/decision', {
      params: { path: { caseId, department: 'planning' } },
      body: { decision: 'REJECT', comment: 'changed my mind' },
    });
    assert.equal(again.response.status, 409);
    assert.ok(again.error && 'error' in again.error);
    assert.equal(again.error.error.code, 'REVIEW_ALREADY_SETTLED');
    assert.equal(again.error.error.settledAs, 'APPROVED');

    // 5. Fire stays silent: deemed to approve after its limit, and the case is APPROVED
    const approved = await eventually(async () => {
      const r = await alice.GET('/applications/{caseId}', { params: { path: { caseId } } });
      return r.data?.status === 'APPROVED' && r.data;
    }, 'the case approved after the deemed approval');
    const fire = approved.reviews.find((r) => r.department === 'fire');
    assert.equal(fire?.status, 'DEEMED_APPROVED');
    assert.equal(fire?.decidedBy, 'system:deadline');
    assert.equal(fire?.defaultedBy, 'fire');
    assert.equal(approved.outcome, 'APPROVED');
    assert.ok(approved.timeline.some((e) => e.type === 'CASE_APPROVED'));
  });

  it('gets the error envelope, typed, for a refused request', async () => {
    const local = await stack();
    const alice = clientOf(local.url, await local.token('alice', ['applicants']));
    const r = await alice.GET('/applications/{caseId}', { params: { path: { caseId: 'no-such-case' } } });
    assert.equal(r.response.status, 404);
    assert.ok(r.error && 'error' in r.error);
    assert.equal(r.error.error.code, 'NOT_FOUND');
  });
});
