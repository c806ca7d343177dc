// The lists read across cases (an applicant's cases, every case for admins, a department's
// work list), driven through their HTTP handlers against the in-memory case store: who sees
// what, the order, the status filter, and pages whose cursor is good for its own list only.
import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { decideReview } from '#core/case/review-actions.ts';
import { submitCase } from '#core/case/submission.ts';
import { listApplicationsRoute } from '../../../functions/handlers/list-applications.ts';
import { listReviewsRoute } from '../../../functions/handlers/list-reviews.ts';
import { callRoute, memoryRuntime } from '../../support/memory-runtime.ts';
import { ADMIN, ALICE, APPLICANT, CAL, SUBMITTED_AT, application, buildingService, plusMs } from '../../support/fixtures.ts';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
const BOB = { sub: 'sub-bob', groups: ['applicants'] };
const PLANNING = { sub: 'sub-pat', groups: ['reviewers-planning'] };
const HOUR = 3_600_000;
type Caller = { sub: string; groups: string[] };
type Item = Record<string, unknown>;

/** Alice's cases A1–A3 an hour apart (A2 incomplete: no site plan), Bob's B1 between A1 and A2, all on building-permit. */
async function setUp() {
  const env = memoryRuntime({ now: plusMs(SUBMITTED_AT, 4 * HOUR), calendar: CAL });
  const submitted = (caseId: string, sub: string, at: Date, input = application()) =>
    env.seed(submitCase({ caseId, service: buildingService(), input, applicantSub: sub, now: at, calendar: CAL }));
  await submitted('CASE-A1', APPLICANT, SUBMITTED_AT);
  await submitted('CASE-B1', BOB.sub, plusMs(SUBMITTED_AT, HOUR / 2));
  await submitted('CASE-A2', APPLICANT, plusMs(SUBMITTED_AT, HOUR), { ...application(), materials: [] });
  await submitted('CASE-A3', APPLICANT, plusMs(SUBMITTED_AT, 2 * HOUR));
  const applications = (caller: Caller, query?: Record<string, string>) =>
    callRoute(listApplicationsRoute(env.queries), { route: 'GET /applications', query, caller });
  const reviews = (caller: Caller, query?: Record<string, string>) =>
    callRoute(listReviewsRoute(env.queries), { route: 'GET /reviews', query, caller });
  const approve = async (caseId: string, department: string) => {
    const agg = await env.store.load(caseId);
    assert.ok(agg);
    // within planning's two hours
    const now = plusMs(SUBMITTED_AT, HOUR);
    const done = decideReview({ aggregate: agg, department, decision: { decision: 'APPROVE' }, reviewer: 'r', now, calendar: CAL });
    await env.store.commit(agg, done.change, CAL);
  };
  return { ...env, applications, reviews, approve };
}

const ids = (items: Item[]) => items.map((i) => i.caseId);

/** Every item of a list, `limit` at a time, and the sizes of its pages. */
async function walk(list: (query: Record<string, string>) => ReturnType<typeof callRoute>, query: Record<string, string>) {
  const items: Item[] = [];
  const pages: number[] = [];
  let cursor: string | undefined;
  do {
    const res = await list({ ...query, ...(cursor ? { cursor } : {}) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    items.push(...res.body.items);
    pages.push(res.body.items.length);
    cursor = res.body.nextCursor;
  } while (cursor);
  return { items, pages };
}

describe('GET /applications', () => {
  it('an applicant sees their own cases only, newest first, as summaries with the identity number masked', async () => {
    const t = await setUp();
    const res = await t.applications(ALICE);
    assert.equal(res.status, 200);
    assert.deepEqual(ids(res.body.items), ['CASE-A3', 'CASE-A2', 'CASE-A1']);
    assert.equal(res.body.nextCursor, undefined);
    assert.deepEqual(res.body.items[2], {
      caseId: 'CASE-A1',
      serviceCode: 'building-permit',
      serviceName: buildingService().name,
      status: 'IN_REVIEW',
      submittedAt: SUBMITTED_AT.toISOString(),
      applicantName: '张三',
      applicantIdMasked: '1101**********4514',
    });
    assert.deepEqual(ids((await t.applications(BOB)).body.items), ['CASE-B1']);
    assert.deepEqual((await t.applications({ sub: 'sub-nobody', groups: ['applicants'] })).body, { items: [] });
  });

  it('an admin sees every case, newest first; ?status= lists one status', async () => {
    const t = await setUp();
    assert.deepEqual(ids((await t.applications(ADMIN)).body.items), ['CASE-A3', 'CASE-A2', 'CASE-B1', 'CASE-A1']);
    assert.deepEqual(ids((await t.applications(ADMIN, { status: 'INCOMPLETE' })).body.items), ['CASE-A2']);
    assert.deepEqual(ids((await t.applications(ALICE, { status: 'IN_REVIEW' })).body.items), ['CASE-A3', 'CASE-A1']);
    assert.deepEqual((await t.applications(BOB, { status: 'APPROVED' })).body.items, []);
  });

  it('pages: `limit` at a time, each page after the last, the last without a cursor', async () => {
    const t = await setUp();
    const first = await t.applications(ADMIN, { limit: '3' });
    assert.deepEqual(ids(first.body.items), ['CASE-A3', 'CASE-A2', 'CASE-B1']);
    assert.ok(first.body.nextCursor);
    const second = await t.applications(ADMIN, { limit: '3', cursor: first.body.nextCursor });
    assert.deepEqual(ids(second.body.items), ['CASE-A1']);
    assert.equal(second.body.nextCursor, undefined);
    const { items, pages } = await walk((q) => t.applications(ALICE, q), { limit: '1' });
    assert.deepEqual(ids(items), ['CASE-A3', 'CASE-A2', 'CASE-A1']);
    assert.deepEqual(pages, [1, 1, 1]);
    const filtered = await walk((q) => t.applications(ADMIN, q), { limit: '1', status: 'IN_REVIEW' });
    assert.deepEqual(ids(filtered.items), ['CASE-A3', 'CASE-B1', 'CASE-A1']);
  });

  it('a cursor is good for the list it came from only: another caller’s, another status, altered or truncated, it is 400 at cursor', async () => {
    const t = await setUp();
    const cursor = (await t.applications(ALICE, { limit: '1' })).body.nextCursor as string;
    const [payload, signature] = cursor.split('.');
    const altered = Buffer.from(Buffer.from(payload, 'base64url').toString('utf8').replace('CASE-A3', 'CASE-B1')).toString('base64url');
    const refusals: [Caller, Record<string, string>][] = [
      [BOB, { cursor }],
      [ADMIN, { cursor }],
      [ALICE, { cursor, status: 'IN_REVIEW' }],
      [ALICE, { cursor: cursor.slice(0, -2) }],
      [ALICE, { cursor: payload }],
      [ALICE, { cursor: `${altered}.${signature}` }],
      [ALICE, { cursor: 'not-a-cursor' }],
      [ALICE, { cursor: Buffer.from(JSON.stringify({ after: '9999' })).toString('base64url') }],
    ];
    for (const [caller, query] of refusals) {
      const res = await t.applications(caller, query);
      assert.equal(res.status, 400, JSON.stringify(query));
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.equal(res.body.error.issues[0].path, 'cursor');
    }
    assert.equal((await t.applications(ALICE, { cursor })).status, 200, 'and on its own list it still works');
  });

  it('a bad query is 400 naming the parameter; no token is 401', async () => {
    const t = await setUp();
    for (const [query, path] of [
      [{ limit: '0' }, 'query.limit'],
      [{ limit: '101' }, 'query.limit'],
      [{ status: 'NOPE' }, 'query.status'],
    ] as const) {
      const res = await t.applications(ALICE, query);
      assert.equal(res.status, 400);
      assert.equal(res.body.error.issues[0].path, path);
    }
    assert.equal((await t.applications(ALICE, { sort: 'asc' })).status, 400, 'an unknown parameter');
    assert.equal((await callRoute(listApplicationsRoute(t.queries), { route: 'GET /applications' })).status, 401);
  });
});

describe('GET /reviews', () => {
  it('a department’s reviewer sees its open reviews earliest due first, as tasks', async () => {
    const t = await setUp();
    const res = await t.reviews(PLANNING, { department: 'planning' });
    assert.equal(res.status, 200);
    assert.deepEqual(ids(res.body.items), ['CASE-A1', 'CASE-B1', 'CASE-A3'], 'the incomplete case has no reviews');
    const dues = res.body.items.map((i: Item) => i.dueBy as string);
    assert.deepEqual(dues, [...dues].sort());
    const a1 = (await t.store.load('CASE-A1'))?.reviews.find((r) => r.department === 'planning');
    assert.deepEqual(res.body.items[0], {
      caseId: 'CASE-A1',
      department: 'planning',
      serviceCode: 'building-permit',
      status: 'PENDING',
      dueBy: a1?.dueBy,
      acceptedAt: SUBMITTED_AT.toISOString(),
      applicantName: '张三',
      applicantIdMasked: '1101**********4514',
    });
  });

  it('?status= lists the reviews in that status; a review decided leaves the open list', async () => {
    const t = await setUp();
    await t.approve('CASE-B1', 'planning');
    assert.deepEqual(ids((await t.reviews(PLANNING, { department: 'planning' })).body.items), ['CASE-A1', 'CASE-A3']);
    const approved = await t.reviews(PLANNING, { department: 'planning', status: 'APPROVED' });
    assert.deepEqual(ids(approved.body.items), ['CASE-B1']);
    assert.equal(approved.body.items[0].status, 'APPROVED');
  });

  it('only the department’s reviewers and admins may read it (403); the department is required (400)', async () => {
    const t = await setUp();
    for (const caller of [{ sub: 'sub-fei', groups: ['reviewers-fire'] }, ALICE]) {
      const res = await t.reviews(caller, { department: 'planning' });
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, 'FORBIDDEN');
    }
    assert.deepEqual(ids((await t.reviews(ADMIN, { department: 'fire' })).body.items), ['CASE-A1', 'CASE-B1', 'CASE-A3']);
    const missing = await t.reviews(PLANNING);
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.issues[0].path, 'query.department');
    assert.equal((await t.reviews(PLANNING, { department: 'planning', status: 'DONE' })).status, 400);
    assert.equal((await callRoute(listReviewsRoute(t.queries), { route: 'GET /reviews', query: { department: 'planning' } })).status, 401);
  });

  it('pages through the work list; its cursor is refused on another department’s, another status’s or the case list', async () => {
    const t = await setUp();
    const { items, pages } = await walk((q) => t.reviews(ADMIN, q), { department: 'environment', limit: '2' });
    // three working days from the same day: due at the same instant, then by case id
    assert.deepEqual(ids(items), ['CASE-A1', 'CASE-A3', 'CASE-B1']);
    assert.equal(new Set(items.map((i) => i.dueBy)).size, 1);
    assert.deepEqual(pages, [2, 1]);
    const cursor = (await t.reviews(ADMIN, { department: 'environment', limit: '2' })).body.nextCursor as string;
    for (const [list, query] of [
      [t.reviews, { department: 'fire', cursor }],
      [t.reviews, { department: 'environment', status: 'APPROVED', cursor }],
      [t.applications, { cursor }],
    ] as const) {
      const res = await list(ADMIN, query);
      assert.equal(res.status, 400, JSON.stringify(query));
      assert.equal(res.body.error.issues[0].path, 'cursor');
    }
  });
});
