// A correction round and a withdrawal through the console: a reviewer asks for a material
// again, the applicant sees whose move it is, answers with a new file, the review is back
// with the department; then the applicant withdraws and the case says so.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, ElementHandle } from 'puppeteer-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { applicationBody, buildingServiceDefinition } from '../support/fixtures.ts';
import { tasksOpen, useLocalStack, type Client } from '../support/local-stack.ts';
import { launch, mainText, pageAs as openAs, until } from './browser.ts';

const start = useLocalStack();
let api: Client;
let browser: Browser;
let caseId: string;

beforeAll(async () => {
  api = await start();
  const admin = await api.token('admin-1', ['admins']);
  const service = buildingServiceDefinition();
  service.departments = service.departments.map((d) => ({ ...d, timeLimit: { duration: 'PT2H' } }));
  assert.equal((await api.call('PUT', '/services/building-permit', { token: admin, body: service })).status, 200);
  const submitted = await api.call('POST', '/applications', {
    token: await api.token('citizen-c', ['applicants']),
    body: applicationBody('building-permit', { projectName: '滨江大厦', floorArea: 120 }),
  });
  assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
  caseId = submitted.body.caseId;
  await tasksOpen(api, caseId, 2);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

const pageAs = (sub: string, role: 'applicants' | 'reviewers', department?: string) => openAs(browser, api.url, sub, role, department);

const reviewStatus = (department: string) => `document.querySelector('tr[data-department=${department}]')?.dataset.status`;

describe('a correction round and a withdrawal in the console', () => {
  it('a reviewer requests a material again; the applicant answers with a new file; the review is the department’s again', async () => {
    const reviewer = await pageAs('reviewer-p', 'reviewers', 'planning');
    await reviewer.goto(`${api.url}/#/work/${caseId}/planning`);
    await reviewer.waitForSelector('form.decision');
    await reviewer.click('input[value=REQUEST_CORRECTION]');
    await reviewer.waitForSelector('#decision-list');
    await reviewer.type('#decision-list', 'site-plan: the scale is missing');
    await reviewer.click('form.decision button[type=submit]');
    await until(reviewer, `${reviewStatus('planning')} === 'CORRECTION_REQUESTED'`);

    const applicant = await pageAs('citizen-c', 'applicants');
    await applicant.goto(`${api.url}/#/cases/${caseId}`);
    await applicant.waitForSelector('form.correction');
    assert.match(await mainText(applicant), /Waiting for your correction/);
    assert.match(await mainText(applicant), /the scale is missing/);
    const dir = mkdtempSync(join(tmpdir(), 'one-stop-upload-'));
    writeFileSync(join(dir, 'site-plan-v2.pdf'), 'a site plan with its scale');
    const input = (await applicant.$('form.correction input[type=file]')) as ElementHandle<any>;
    await input.uploadFile(join(dir, 'site-plan-v2.pdf'));
    await until(applicant, `document.body.textContent.includes('site-plan-v2.pdf')`);
    await applicant.click('form.correction button[type=submit]');
    await until(applicant, `${reviewStatus('planning')} === 'PENDING'`);
    const stored = await api.call('GET', `/applications/${caseId}`, { token: await api.token('citizen-c', ['applicants']) });
    const plan = stored.body.materials.find((m: { id: string }) => m.id === 'site-plan');
    assert.equal(plan.name, 'site-plan-v2.pdf');
    assert.match(plan.sha256, /^[0-9a-f]{64}$/);
    await reviewer.browserContext().close();
    await applicant.browserContext().close();
  });

  it('the applicant withdraws; the case says so and offers nothing more to do', async () => {
    const applicant = await pageAs('citizen-c', 'applicants');
    await applicant.goto(`${api.url}/#/cases/${caseId}`);
    await applicant.waitForSelector('button.danger');
    await applicant.click('button.danger');
    await until(applicant, `document.querySelector('#case-status')?.dataset.status === 'WITHDRAWN'`);
    assert.equal(await applicant.$('button.danger'), null);
    assert.match(await mainText(applicant), /Withdrawn by the applicant/);
    await applicant.browserContext().close();
  });
});
