// A restart of the local stack loses nothing: cases, tokens, open reviews and their
// deadlines carry on, and nothing is recorded twice.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '../../infra/local/net.ts';
import { projectRoot } from '../../infra/local/lambda.ts';
import { applicationBody, buildingServiceDefinition } from '../support/fixtures.ts';
import { eventually, httpClient, tasksOpen, type HttpClient } from '../support/local-stack.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'one-stop-restart-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** `npm start` as its own process, on the given data directory. */
async function startProcess(): Promise<{ api: HttpClient; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['infra/local/main.ts'], {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(port), ONE_STOP_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  await eventually(async () => output.includes('local stack on'), 'the local stack to start');
  const api = httpClient(`http://127.0.0.1:${port}`);
  return {
    api,
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

it('open cases resume after a restart: decisions still land, deadlines still fire, nothing twice', async () => {
  let running = await startProcess();
  let api = running.api;
  const admin = await api.token('ada', ['admins']);
  const alice = await api.token('alice', ['applicants']);
  const fire = await api.token('fei', ['reviewers-fire']);
  await api.call('PUT', '/services/restartable', {
    token: admin,
    body: buildingServiceDefinition({
      departments: [
        { code: 'planning', name: '规划局', timeLimit: { duration: 'PT8S' } },
        { code: 'fire', name: '消防', timeLimit: { duration: 'PT60S' } },
      ],
    }),
  });
  const submitted = await api.call('POST', '/applications', { token: alice, body: applicationBody('restartable') });
  assert.equal(submitted.status, 202);
  const { caseId } = submitted.body;
  await tasksOpen(api, caseId, 2);
  await running.stop();

  running = await startProcess();
  api = running.api;
  // Tokens issued before the restart are still good; the case is where it was.
  const c = await api.call('GET', `/applications/${caseId}`, { token: alice });
  assert.equal(c.status, 200);
  assert.equal(c.body.status, 'IN_REVIEW');
  // The resumed workflow re-armed the fire review with a fresh task; deciding wakes it.
  await eventually(async () => {
    const r = await api.call('POST', `/applications/${caseId}/reviews/fire/decision`, { token: fire, body: { decision: 'APPROVE' } });
    assert.equal(r.status, 200);
    return true;
  }, 'the fire decision');
  const done = await eventually(async () => {
    const body = (await api.call('GET', `/applications/${caseId}`, { token: alice })).body;
    return body.outcome && body;
  }, 'the outcome');
  // The table stream is read again from its oldest record after the restart: every
  // notification is still delivered once.
  const mail = await eventually(async () => {
    const items = (await api.call('GET', '/local/outbox')).body.items.filter((m: any) => m.caseId === caseId);
    return items.some((m: any) => m.eventType === 'CASE_APPROVED') && items;
  }, 'the outcome notice');
  const ids = mail.map((m: any) => m.id);
  assert.equal(new Set(ids).size, ids.length, 'no notification delivered twice');
  assert.ok(ids.some((id: string) => id.endsWith('#applicant')));
  await running.stop();

  assert.equal(done.outcome, 'APPROVED');
  const planning = done.reviews.find((r: any) => r.department === 'planning');
  assert.equal(planning.status, 'DEEMED_APPROVED');
  assert.ok(Date.parse(planning.decidedAt) >= Date.parse(planning.dueBy));
  const count = (type: string) => done.timeline.filter((e: any) => e.type === type).length;
  assert.equal(count('SUBMITTED'), 1);
  assert.equal(count('REVIEW_APPROVED'), 1);
  assert.equal(count('REVIEW_DEEMED_APPROVED'), 1);
  assert.equal(count('CASE_APPROVED'), 1);
});
