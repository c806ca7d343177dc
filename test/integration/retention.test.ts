// A case's retention on the local stack: once it has ended (here withdrawn) or stayed
// INCOMPLETE for the retention (CASE_RETENTION_DAYS, 5 seconds here), the deadline watchdog
// erases it with its reviews and timeline; a case in review is kept; the statistics it
// counted stay; the case item carries the table's TTL as a backstop.
import assert from 'node:assert/strict';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, it } from 'vitest';
import { applicationBody, buildingServiceDefinition } from '../support/fixtures.ts';
import { useLocalStack, type Client } from '../support/local-stack.ts';

const RETENTION_MS = 5_000;
process.env.CASE_RETENTION_DAYS = String(RETENTION_MS / 86_400_000);

const stack = useLocalStack({ timers: false });
let api: Client;
let admin: string, alice: string;
const tick = () => api.stack.tick('DeadlineWatchdog') as Promise<{ erased: number }>;

beforeAll(async () => {
  api = await stack();
  [admin, alice] = await Promise.all([api.token('ada', ['admins']), api.token('alice', ['applicants'])]);
  const r = await api.call('PUT', '/services/keep', {
    token: admin,
    body: buildingServiceDefinition({ departments: [{ code: 'planning', name: '规划局', timeLimit: { duration: 'PT60S' } }] }),
  });
  assert.equal(r.status, 200);
});

async function partition(caseId: string) {
  const { documents } = await import('#adapters/clients.ts');
  const { Items } = await documents.send(
    new QueryCommand({
      TableName: process.env.TABLE_NAME,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `CASE#${caseId}` },
    }),
  );
  return Items ?? [];
}

describe('retention', () => {
  it('erases a case its retention after it ended, and an INCOMPLETE one after its submission; keeps a case in review and the statistics', async () => {
    const submit = (body: unknown) => api.call('POST', '/applications', { token: alice, body });
    const ended = (await submit(applicationBody('keep'))).body.caseId as string;
    const incomplete = (await submit({ ...applicationBody('keep'), materials: [] })).body.caseId as string;
    const open = (await submit(applicationBody('keep'))).body.caseId as string;
    const withdrawn = await api.call('POST', `/applications/${ended}/withdraw`, { token: alice });
    assert.equal(withdrawn.status, 200);
    const waiting = (await api.call('GET', `/applications/${incomplete}`, { token: alice })).body;
    assert.equal(waiting.status, 'INCOMPLETE');
    const firstErasure = Date.parse(waiting.submittedAt) + RETENTION_MS;

    const items = await partition(ended);
    assert.ok(items.length >= 3, 'the case, its review and its timeline');
    const caseItem = items.find((i) => i.kind === 'case')!;
    const erase = Date.parse(withdrawn.body.decidedAt) + RETENTION_MS;
    assert.equal(caseItem.expiration, Math.floor((erase + 30 * 86_400_000) / 1000), "the table's TTL a month after erasure");
    const period = withdrawn.body.submittedAt.slice(0, 7);
    const stats = async () => (await api.call('GET', `/stats/services?period=${period}`)).body;
    const counted = await stats();

    const before = await tick();
    // (a loaded machine may get here after a retention ended: then there is nothing to show)
    if (Date.now() < firstErasure) assert.equal(before.erased, 0, 'nothing before its retention ends');
    await new Promise((r) => setTimeout(r, Math.max(0, erase + 200 - Date.now())));
    const run = await tick();
    assert.equal(run.erased + before.erased, 2);
    for (const caseId of [ended, incomplete]) {
      assert.deepEqual(await partition(caseId), [], `${caseId}: every item gone`);
      assert.equal((await api.call('GET', `/applications/${caseId}`, { token: admin })).status, 404);
    }
    const mine = await api.call('GET', '/applications', { token: alice });
    assert.deepEqual(
      mine.body.items.map((i: any) => i.caseId),
      [open],
    );
    assert.equal((await api.call('GET', `/applications/${open}`, { token: alice })).body.status, 'IN_REVIEW');
    assert.deepEqual(await stats(), counted, 'the statistics it counted stay');
    assert.equal((await tick()).erased, 0, 'once');
  });
});
