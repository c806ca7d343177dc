// After the outcome, in the console: the applicant reads and signs a service's commitment
// and is approved at once, the permit issued; the department's reviewer records a failed
// post-check with its reasons and the permit page says REVOKED. The applicant then rates the
// department low, the reviewer answers on the record, and the transparency page shows the
// department's mean rating.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, ElementHandle } from 'puppeteer-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { eventually, useLocalStack, type Client } from '../support/local-stack.ts';
import { launch, mainText, pageAs as openAs, until } from './browser.ts';

const start = useLocalStack();
let api: Client;
let browser: Browser;

const TEXT = 'I declare the sign is fixed as drawn and lit only until 22:00; if not, the permit may be revoked.';
const SERVICE = {
  name: 'Shop sign permit (on commitment)',
  materials: [{ id: 'drawing', name: 'Sign drawing', required: true }],
  form: { fields: [{ name: 'shopName', label: 'Shop name', type: 'string', required: true }] },
  commitment: { text: TEXT },
  departments: [
    { code: 'cityscape', name: 'Cityscape office', timeLimit: { duration: 'PT10M' }, commitment: { postCheckLimit: { workingDays: 10 } } },
  ],
};

beforeAll(async () => {
  api = await start();
  const admin = await api.token('admin-1', ['admins']);
  const put = await api.call('PUT', '/services/sign-commit', { token: admin, body: SERVICE });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

const pageAs = (sub: string, role: 'applicants' | 'reviewers', department?: string) => openAs(browser, api.url, sub, role, department);

let caseId = '';

describe('after approval, in the console', () => {
  it('the applicant signs and is approved at once; a failed post-check revokes the permit', async () => {
    const applicant = await pageAs('citizen-k', 'applicants');
    await applicant.goto(`${api.url}/#/services/sign-commit`);
    await applicant.waitForSelector('#commitment-accept');
    assert.match(await mainText(applicant), /Cityscape office/);
    assert.ok((await mainText(applicant)).includes(TEXT), 'the text to sign is shown');
    await applicant.type('#f-applicant_name', '张三');
    await applicant.type('#f-applicant_idNumber', '110101199003074514');
    await applicant.type('#f-form_shopName', 'Corner Noodles');
    const dir = mkdtempSync(join(tmpdir(), 'one-stop-upload-'));
    writeFileSync(join(dir, 'drawing.txt'), 'the drawing');
    await ((await applicant.$('#f-materials_drawing')) as ElementHandle<any>).uploadFile(join(dir, 'drawing.txt'));
    await until(applicant, `document.body.textContent.includes('drawing.txt')`);
    await applicant.click('#commitment-accept');
    await applicant.click('form button[type=submit]');
    await until(applicant, `location.hash.startsWith('#/cases/')`);
    caseId = decodeURIComponent(((await applicant.evaluate('location.hash')) as string).slice('#/cases/'.length));
    await until(applicant, `document.querySelector('#case-status')?.dataset.status === 'APPROVED'`);
    await until(applicant, `document.querySelector('tr[data-department=cityscape]')?.dataset.status === 'APPROVED_ON_COMMITMENT'`);
    assert.match(await mainText(applicant), /Approved on commitment/);
    const number = `P-${caseId}`;
    await eventually(async () => (await api.call('GET', `/permits/${number}`)).status === 200, 'the permit');

    const reviewer = await pageAs('reviewer-k', 'reviewers', 'cityscape');
    await reviewer.goto(`${api.url}/#/work/${caseId}/cityscape`);
    await reviewer.waitForSelector('form.post-check');
    await reviewer.click('input[name=post-check][value=FAILED]');
    await reviewer.waitForSelector('#post-check-reasons');
    await reviewer.type('#post-check-reasons', 'The sign is lit all night');
    await reviewer.click('form.post-check button[type=submit]');
    await until(reviewer, `document.querySelector('tr[data-department=cityscape] [data-post-check]')?.dataset.postCheck === 'FAILED'`);
    assert.equal(await reviewer.$('form.post-check'), null, 'checked once: the form is gone');

    const permit = await pageAs('citizen-k', 'applicants');
    await permit.goto(`${api.url}/#/permits/${number}`);
    await until(permit, `document.querySelector('#permit-status')?.textContent.length > 0`);
    await eventually(async () => (await api.call('GET', `/permits/${number}`)).body.status === 'REVOKED', 'the revocation');
    await permit.reload();
    await until(permit, `/revoked/i.test(document.querySelector('#permit-status')?.textContent ?? '')`);
    const shown = await mainText(permit);
    assert.match(shown, /The sign is lit all night/);
    assert.ok(shown.includes(TEXT), 'the permit names the commitment it was granted on');
    for (const page of [applicant, reviewer, permit]) await page.close();
  });

  it('the applicant rates the department low; the reviewer answers; the public sees the mean', async () => {
    assert.ok(caseId, 'the case of the test before');
    const applicant = await pageAs('citizen-k', 'applicants');
    await applicant.goto(`${api.url}/#/cases/${caseId}`);
    await applicant.waitForSelector('form.rating');
    await applicant.select('#rate-cityscape', '2');
    await applicant.type('#rate-comment', 'Nobody came to look');
    await applicant.click('form.rating button[type=submit]');
    await until(applicant, `document.querySelector('[data-rated=cityscape]')?.dataset.score === '2'`);

    const reviewer = await pageAs('reviewer-k', 'reviewers', 'cityscape');
    await reviewer.goto(`${api.url}/#/work/${caseId}/cityscape`);
    await reviewer.waitForSelector('#rating-answer');
    assert.match(await mainText(reviewer), /Nobody came to look/);
    await reviewer.type('#rating-answer', 'We will check every sign within a week');
    await reviewer.click('form.answer-rating button[type=submit]');
    await until(
      reviewer,
      `document.body.textContent.includes('We will check every sign within a week') && !document.querySelector('#rating-answer')`,
    );

    const visitor = await (await browser.createBrowserContext()).newPage();
    await visitor.evaluateOnNewDocument(() => localStorage.setItem('one-stop.lang', 'en'));
    await visitor.goto(`${api.url}/#/public`);
    await until(visitor, `document.body.textContent.includes('Mean rating') && document.body.textContent.includes('2 (1)')`);
    assert.doesNotMatch(await mainText(visitor), /Nobody came to look/, 'a single rating is not published');
    for (const page of [applicant, reviewer, visitor]) await page.close();
  });
});
