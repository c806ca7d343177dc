// The deadline watchdog against the local stack: it reads only what is due, handles each
// point once even when two runs overlap, settles what the workflow missed, re-drives a case
// whose workflow never started, concludes a case a killed writer left open, and records a
// department's missing opinion.
import assert from 'node:assert/strict';
import { beforeAll, describe, it } from 'vitest';
import { applicationBody, buildingServiceDefinition } from '../support/fixtures.ts';
import { eventually, tasksOpen, useLocalStack, type Client } from '../support/local-stack.ts';

process.env.WATCHDOG_GRACE_SECONDS = '1';
process.env.WATCHDOG_REDRIVE_SECONDS = '4';

const stack = useLocalStack();
let api: Client;
let admin: string, alice: string, planning: string;
const tick = () =>
  api.stack.tick('DeadlineWatchdog') as Promise<{ examined: number; cases: number; events: number; safetyNet: number; redriven: number }>;
const getCase = async (caseId: string) => (await api.call('GET', `/applications/${caseId}`, { token: admin })).body;
const count = (c: any, type: string, department?: string) =>
  c.timeline.filter((e: any) => e.type === type && (!department || e.department === department)).length;

beforeAll(async () => {
  api = await stack();
  [admin, alice, planning] = await Promise.all([
    api.token('ada', ['admins']),
    api.token('alice', ['applicants']),
    api.token('pat', ['reviewers-planning']),
  ]);
});

describe('deadline watchdog', () => {
  it('reads only what is due, among tens of thousands of open reviews', async () => {
    const { documents } = await import('#adapters/clients.ts');
    const { BatchWriteCommand } = await import('@aws-sdk/lib-dynamodb');
    const { shardOf } = await import('#adapters/shards.ts');
    const { alertPk, reviewKey } = await import('#adapters/case-keys.ts');
    const { table } = await import('../../infra/manifest.ts');
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const past = new Date(Date.now() - 60_000).toISOString();
    const open = 20_000;
    const due = 7;
    const items = Array.from({ length: open + due }, (_, i) => {
      const caseId = `SEED${String(i).padStart(6, '0')}`;
      return {
        ...reviewKey(caseId, 'planning'),
        kind: 'review',
        caseId,
        department: 'planning',
        GSI3PK: alertPk(shardOf(caseId, table.shards.alerts)),
        GSI3SK: `${i < due ? past : future}#${caseId}#planning`,
      };
    });
    const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, i) => items.slice(i * 25, i * 25 + 25));
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let b = batches.shift(); b; b = batches.shift()) {
          let request: Record<string, any[]> | undefined = { 'one-stop': b.map((Item) => ({ PutRequest: { Item } })) };
          while (request && Object.keys(request).length)
            request = (await documents.send(new BatchWriteCommand({ RequestItems: request }))).UnprocessedItems as never;
        }
      }),
    );
    const run = await tick();
    assert.equal(run.examined, due, `read ${run.examined} index entries, not the ${open + due} open reviews`);
    assert.equal(run.cases, due);
  });

  it('reminds a department once at each point of its limit, even when two runs overlap', async () => {
    await api.call('PUT', '/services/reminded', {
      token: admin,
      body: buildingServiceDefinition({
        departments: [{ code: 'planning', name: '规划局', timeLimit: { duration: 'PT4S' } }],
        reminders: { fractionsUsed: [0.5] },
      }),
    });
    const { caseId } = (await api.call('POST', '/applications', { token: alice, body: applicationBody('reminded') })).body;
    await new Promise((r) => setTimeout(r, 2_300));
    await Promise.all([tick(), tick(), tick()]);
    await tick();
    const c = await getCase(caseId);
    assert.equal(count(c, 'REVIEW_REMINDER', 'planning'), 1);
    const reminder = c.timeline.find((e: any) => e.type === 'REVIEW_REMINDER');
    assert.equal(reminder.detail.point, '50% of the time used');
    assert.equal(reminder.detail.dueBy, c.reviews[0].dueBy);
    assert.ok(Date.parse(reminder.at) >= Date.parse(c.acceptedAt) + 2_000);
  });

  it('settles what the workflow missed, and re-drives a case whose workflow never started', async () => {
    // A case accepted in the table whose workflow start was lost.
    const store = await import('#adapters/case-store.ts');
    const { submitCase } = await import('#core/case/submission.ts');
    const { currentCalendar } = await import('#adapters/calendar-store.ts');
    const calendar = await currentCalendar();
    const lost = async (caseId: string, departments: { code: string; name: string; timeLimit: { duration: string } }[]) =>
      store.commitChange(
        undefined,
        submitCase({
          caseId,
          service: { code: 'lost', name: 'Lost start', materials: [], form: { fields: [] }, departments },
          input: { serviceCode: 'lost', applicant: { name: '王五', idNumber: '110105194910010015' }, form: {}, materials: [] },
          applicantSub: 'alice',
          now: new Date(),
          calendar,
        }),
        calendar,
      );
    const caseId = `LOST${Date.now()}`;
    const lastOne = `LOST1${Date.now()}`;
    await lost(caseId, [
      { code: 'planning', name: '规划局', timeLimit: { duration: 'PT1S' } },
      { code: 'fire', name: '消防', timeLimit: { duration: 'PT6S' } },
    ]);
    await lost(lastOne, [{ code: 'planning', name: '规划局', timeLimit: { duration: 'PT1S' } }]);
    await new Promise((r) => setTimeout(r, 2_300)); // past due (1 s) and grace (1 s), before the re-drive (4 s)
    const first = await tick();
    assert.ok(first.safetyNet >= 2);
    let c = await getCase(caseId);
    assert.equal(c.reviews.find((r: any) => r.department === 'planning').status, 'DEEMED_APPROVED');
    assert.equal(c.status, 'IN_REVIEW');
    const settled = c.timeline.find((e: any) => e.type === 'REVIEW_DEEMED_APPROVED');
    assert.equal(settled.detail.safetyNet, true);
    assert.equal(count(c, 'WORKFLOW_REDRIVEN'), 0);
    // a safety-net settlement that leaves nothing open concludes the case in the same change
    const concluded = await getCase(lastOne);
    assert.equal(concluded.outcome, 'APPROVED');
    assert.deepEqual(
      // the permit the approval issues may already follow
      concluded.timeline
        .filter((e: any) => e.type !== 'PERMIT_ISSUED')
        .slice(-2)
        .map((e: any) => e.type),
      ['REVIEW_DEEMED_APPROVED', 'CASE_APPROVED'],
    );
    await new Promise((r) => setTimeout(r, Date.parse(c.acceptedAt) + 4_200 - Date.now()));
    const second = await tick();
    assert.ok(second.redriven >= 1);
    c = await eventually(async () => {
      const body = await getCase(caseId);
      return body.outcome && body;
    }, 'the re-driven workflow to conclude');
    assert.equal(c.outcome, 'APPROVED');
    assert.equal(count(c, 'WORKFLOW_REDRIVEN'), 1);
    assert.equal(count(c, 'REVIEW_DEEMED_APPROVED', 'planning'), 1, 'settled once, by the safety net');
    assert.equal(count(c, 'REVIEW_DEEMED_APPROVED', 'fire'), 1, 'settled by the re-driven workflow');
    assert.equal(count(c, 'CASE_APPROVED'), 1);
    await tick();
    assert.equal(count(await getCase(caseId), 'WORKFLOW_REDRIVEN'), 1, 'once');
  });

  it('concludes, once, a case left open with every review settled (a writer killed between the two writes)', async () => {
    const store = await import('#adapters/case-store.ts');
    const { submitCase } = await import('#core/case/submission.ts');
    const { decideReview } = await import('#core/case/review-actions.ts');
    const { currentCalendar } = await import('#adapters/calendar-store.ts');
    const calendar = await currentCalendar();
    const caseId = `STUCK${Date.now()}`;
    const limit = { duration: 'PT2S' };
    const opened = await store.commitChange(
      undefined,
      submitCase({
        caseId,
        service: {
          code: 'stuck',
          name: 'Stuck',
          materials: [],
          form: { fields: [] },
          departments: [
            { code: 'planning', name: '规划局', timeLimit: limit },
            { code: 'fire', name: '消防', timeLimit: limit },
          ],
        },
        input: { serviceCode: 'stuck', applicant: { name: '王五', idNumber: '110105194910010015' }, form: {}, materials: [] },
        applicantSub: 'alice',
        now: new Date(),
        calendar,
      }),
      calendar,
    );
    // Both departments decide on the same read, each seeing the other open: two writes of the
    // review items, and then nobody concludes (the processes were killed).
    for (const department of ['planning', 'fire'])
      await store.commitChange(
        opened,
        decideReview({ aggregate: opened, department, decision: { decision: 'APPROVE' }, reviewer: 'x', now: new Date(), calendar }).change,
        calendar,
      );
    // (read from the table: any use of the case through the API, a GET included, would conclude it first)
    const stuck = await store.loadCase(caseId);
    assert.equal(stuck?.record.status, 'IN_REVIEW');
    assert.deepEqual(
      stuck?.reviews.map((r) => r.status),
      ['APPROVED', 'APPROVED'],
    );
    // past the last due time (2 s) and twice the grace (2 × 1 s): the CONCLUDE point
    await new Promise((r) => setTimeout(r, Date.parse(stuck!.record.acceptedAt!) + 4_300 - Date.now()));
    await tick();
    assert.equal((await store.loadCase(caseId))?.record.status, 'APPROVED', 'concluded by the watchdog');
    const c = await getCase(caseId);
    assert.equal(c.outcome, 'APPROVED');
    assert.equal(count(c, 'CASE_APPROVED'), 1);
    await tick();
    assert.equal(count(await getCase(caseId), 'CASE_APPROVED'), 1, 'once');
  });

  it('a case whose reviews were armed is not re-driven, and leaves the index after one look', async () => {
    await api.call('PUT', '/services/armed', {
      token: admin,
      body: buildingServiceDefinition({ departments: [{ code: 'planning', name: '规划局', timeLimit: { duration: 'PT60S' } }] }),
    });
    const { caseId } = (await api.call('POST', '/applications', { token: alice, body: applicationBody('armed') })).body;
    await tasksOpen(api, caseId, 1);
    const accepted = Date.parse((await getCase(caseId)).acceptedAt);
    await new Promise((r) => setTimeout(r, Math.max(0, accepted + 4_500 - Date.now()))); // past the re-drive point
    const queries = await import('#adapters/case-queries.ts');
    const listed = async () => {
      const due: string[] = [];
      for await (const id of queries.casesDue(new Date())) due.push(id);
      return due.includes(caseId);
    };
    assert.equal(await listed(), true, 'the re-drive point was indexed at acceptance');
    await tick();
    assert.equal(count(await getCase(caseId), 'WORKFLOW_REDRIVEN'), 0);
    assert.equal(await listed(), false, 'looked at once, the stale entry is gone');
    await api.call('POST', `/applications/${caseId}/withdraw`, { token: alice });
  });

  it('a department deemed to approve may file its opinion, once and in time; a missing one is recorded', async () => {
    await api.call('PUT', '/services/opinion', {
      token: admin,
      body: buildingServiceDefinition({
        departments: [{ code: 'planning', name: '规划局', timeLimit: { duration: 'PT1S' } }],
        opinionLimit: { duration: 'PT2S' },
      }),
    });
    const filed = (await api.call('POST', '/applications', { token: alice, body: applicationBody('opinion') })).body.caseId;
    const missed = (await api.call('POST', '/applications', { token: alice, body: applicationBody('opinion') })).body.caseId;
    for (const id of [filed, missed]) await eventually(async () => (await getCase(id)).outcome, 'the deemed approval');
    const path = `/applications/${filed}/reviews/planning/opinion`;
    assert.equal((await api.call('POST', path, { token: await api.token('fei', ['reviewers-fire']), body: { comment: 'x' } })).status, 404);
    const r = await api.call('POST', path, { token: planning, body: { comment: '材料齐全，同意。' } });
    assert.equal(r.status, 200);
    assert.equal(r.body.opinion.comment, '材料齐全，同意。');
    assert.equal((await api.call('POST', path, { token: planning, body: { comment: 'again' } })).status, 409);
    const c = await getCase(filed);
    assert.equal(c.outcome, 'APPROVED', 'the outcome stands');
    assert.equal(count(c, 'REVIEW_OPINION', 'planning'), 1);
    await new Promise((r) => setTimeout(r, 2_200));
    await tick();
    assert.equal(count(await getCase(missed), 'OPINION_MISSING', 'planning'), 1);
    assert.equal(count(await getCase(filed), 'OPINION_MISSING', 'planning'), 0);
    const late = await api.call('POST', `/applications/${missed}/reviews/planning/opinion`, { token: planning, body: { comment: 'late' } });
    assert.equal(late.status, 409);
  });
});
