// The web console in a real browser against the local stack: an applicant's incomplete
// submission lists every missing item at once; a complete one is submitted once (a double
// click included); one department approves with a condition, the other stays silent and is
// deemed to approve; the applicant sees the outcome, the condition and the defaulting
// department; an admin's concurrent edit of a service is reported, not lost.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { eventually, useLocalStack, type Client } from '../support/local-stack.ts';
import { launch, mainText, signIn, until } from './browser.ts';

const start = useLocalStack();
let api: Client;
let browser: Browser;
let admin: string;

const SERVICE = {
  name: 'Shop sign permit',
  description: 'A sign over a shop front.',
  legalBasis: 'Local regulation 7',
  materials: [
    { id: 'photo', name: 'Photo of the front', required: true },
    { id: 'drawing', name: 'Sign drawing', required: true },
  ],
  form: {
    fields: [
      { name: 'shopName', label: 'Shop name', type: 'string', required: true, max: 100 },
      { name: 'signArea', label: 'Sign area (m²)', type: 'number', required: true, min: 0.1, max: 50 },
    ],
  },
  departments: [
    // decides in the test; the limit only has to outlast a slow machine
    { code: 'cityscape', name: 'Cityscape office', timeLimit: { duration: 'PT10M' } },
    // stays silent: deemed to approve when its limit passes
    { code: 'roads', name: 'Roads office', timeLimit: { duration: 'PT5S' } },
  ],
};

beforeAll(async () => {
  api = await start();
  admin = await api.token('admin-1', ['admins']);
  const put = await api.call('PUT', '/services/shop-sign', { token: admin, body: SERVICE });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
  if (process.env.DEBUG_BROWSER) page.on('console', (m) => console.error(`[page] ${m.text()}`));
  return page;
}

describe('the web console', () => {
  it('serves the page under a strict Content-Security-Policy, with its runtime config beside it', async () => {
    const res = await fetch(`${api.url}/`);
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    const html = await res.text();
    assert.doesNotMatch(html, /<script>|<style>|style=/, 'no inline script or style');
    assert.deepEqual(await (await fetch(`${api.url}/config.json`)).json(), { apiUrl: '', auth: { kind: 'local' } });
  });

  let caseId = '';

  it('an incomplete application shows every missing item at once, and sends nothing', async () => {
    const page = await newPage();
    await signIn(page, api.url, 'citizen-1', 'applicants');
    await page.goto(`${api.url}/#/services/shop-sign`);
    await page.waitForSelector('form button[type=submit]');
    await page.type('#f-form_signArea', '900');
    await page.click('form button[type=submit]');
    await page.waitForSelector('#notices');
    const items = await page.$$eval('#notices li', (lis) => lis.map((li: any) => li.textContent));
    // the name, the ID number, the shop name, the area out of range, both materials
    assert.equal(items.length, 6, items.join('\n'));
    for (const what of ['Shop name', 'Sign area', 'Photo of the front', 'Sign drawing'])
      assert.ok(
        items.some((i) => i.includes(what)),
        `${what} in ${items.join(' | ')}`,
      );
    const invalid = await page.$$eval('[aria-invalid=true]', (els) => els.map((e: any) => e.id));
    assert.ok(invalid.includes('f-form_shopName') && invalid.includes('f-materials_photo'), invalid.join());
    const list = await api.call('GET', '/applications', { token: await api.token('citizen-1', ['applicants']) });
    assert.equal(list.body.items.length, 0, 'nothing was submitted');
    await page.close();
  });

  it('a complete application is submitted once, even clicked twice, and opens its case page', async () => {
    const page = await newPage();
    await signIn(page, api.url, 'citizen-1', 'applicants');
    await page.goto(`${api.url}/#/services/shop-sign`);
    await page.waitForSelector('#f-applicant_name');
    await page.type('#f-applicant_name', '张三');
    await page.type('#f-applicant_idNumber', '110101199003074514');
    await page.type('#f-form_shopName', 'Corner Noodles');
    await page.type('#f-form_signArea', '2.5');
    const dir = mkdtempSync(join(tmpdir(), 'one-stop-upload-'));
    for (const id of ['photo', 'drawing']) {
      writeFileSync(join(dir, `${id}.txt`), `the ${id}`);
      const input = (await page.$(`#f-materials_${id}`)) as ElementHandle<any>;
      await input.uploadFile(join(dir, `${id}.txt`));
      await until(page, `document.body.textContent.includes('${id}.txt')`);
    }
    const button = (await page.$('form button[type=submit]'))!;
    await Promise.all([button.click(), button.click()]);
    await until(page, `location.hash.startsWith('#/cases/')`);
    caseId = decodeURIComponent(((await page.evaluate('location.hash')) as string).slice('#/cases/'.length));
    await page.waitForSelector('#case-status');
    const list = await api.call('GET', '/applications', { token: await api.token('citizen-1', ['applicants']) });
    assert.deepEqual(
      list.body.items.map((c: { caseId: string }) => c.caseId),
      [caseId],
      'one case',
    );
    const text = await mainText(page);
    assert.match(text, /Cityscape office/);
    assert.match(text, /Roads office/);
    await page.close();
  });

  it('a reviewer approves with a condition from the work list; the silent department is deemed to approve', async () => {
    assert.ok(caseId, 'the case of the test before');
    // the review is armed once the workflow reaches it
    const page = await newPage();
    await signIn(page, api.url, 'reviewer-c', 'reviewers', 'cityscape');
    await until(page, `document.querySelector('tr[data-case="${caseId}"] a') !== null`);
    await page.click(`tr[data-case="${caseId}"] a`);
    await page.waitForSelector('form.decision');
    await page.click('input[value=APPROVE_WITH_CONDITIONS]');
    await page.waitForSelector('#decision-list');
    await page.type('#decision-list', 'The sign is lit only until 22:00');
    await page.click('form.decision button[type=submit]');
    await until(page, `document.querySelector('tr[data-department=cityscape]')?.dataset.status === 'APPROVED'`);
    await page.close();
  });

  it('the applicant sees the outcome, the condition, and the department that defaulted', async () => {
    const page = await newPage();
    await page.evaluateOnNewDocument(() => localStorage.setItem('one-stop.lang', 'en'));
    await signIn(page, api.url, 'citizen-1', 'applicants');
    await page.goto(`${api.url}/#/cases/${encodeURIComponent(caseId)}`);
    await until(page, `document.querySelector('#case-status')?.dataset.status === 'APPROVED'`);
    const text = await mainText(page);
    assert.match(text, /The sign is lit only until 22:00/);
    assert.equal(await page.$eval('tr[data-department=roads]', (tr: any) => tr.dataset.status), 'DEEMED_APPROVED');
    assert.match(text, /Roads office did not answer in time and is deemed to approve/);
    assert.match(text, /Concluded: approved/);
    // the permit it issued, signed and verified, with the silent department's tacit approval on it
    await eventually(async () => (await api.call('GET', `/permits/P-${caseId}`)).status === 200, 'the permit');
    await page.reload();
    await until(page, `document.querySelector('.permit-link a') !== null`);
    await page.click('.permit-link a');
    await until(page, `document.querySelector('#permit-status')?.textContent === 'Valid'`);
    const permit = await mainText(page);
    assert.match(permit, /Signature verified/);
    assert.match(permit, /The sign is lit only until 22:00/);
    assert.match(permit, /Certificate of tacit approval/);
    assert.match(permit, /Roads office: Due by .*Roads office did not decide by/);
    assert.doesNotMatch(permit, /110101199003074514/);
    await page.close();
  });

  it('the department deemed to approve files its opinion afterwards; the outcome stands', async () => {
    const page = await newPage();
    await page.evaluateOnNewDocument(() => localStorage.setItem('one-stop.lang', 'en'));
    await signIn(page, api.url, 'reviewer-r', 'reviewers', 'roads');
    await page.goto(`${api.url}/#/work/${encodeURIComponent(caseId)}/roads`);
    await page.waitForSelector('form.opinion');
    await page.type('#opinion-comment', 'No objection; keep the pavement clear');
    await page.click('form.opinion button[type=submit]');
    await until(page, `document.querySelector('form.opinion') === null && document.body.textContent.includes('keep the pavement clear')`);
    assert.equal(await page.$eval('#case-status, tr[data-department=roads]', (el: any) => el.dataset.status), 'DEEMED_APPROVED');
    const stored = await api.call('GET', `/applications/${caseId}`, { token: await api.token('citizen-1', ['applicants']) });
    assert.equal(stored.body.status, 'APPROVED');
    await page.close();
  });

  it('the transparency page marks the department that defaulted this month', async () => {
    const page = await newPage();
    await page.goto(`${api.url}/#/public`);
    await page.waitForSelector('table tbody tr');
    const rows = await page.$$eval('table tbody tr', (trs: any[]) => trs.map((tr) => [tr.querySelector('th').textContent, tr.className]));
    assert.deepEqual(
      rows.find(([d]) => d === 'roads'),
      ['roads', 'defaulted'],
      JSON.stringify(rows),
    );
    assert.deepEqual(
      rows.find(([d]) => d === 'cityscape'),
      ['cityscape', ''],
      JSON.stringify(rows),
    );
    assert.ok(await page.$('figure svg rect.bar'), 'the chart of working days to decide');
    await page.close();
  });

  it("an admin sets a department's contacts and a year of the working-day calendar", async () => {
    const page = await newPage();
    await page.evaluateOnNewDocument(() => localStorage.setItem('one-stop.lang', 'en'));
    await signIn(page, api.url, 'admin-1', 'admins');
    await page.goto(`${api.url}/#/admin`);
    await page.waitForSelector('form.contacts');
    await page.type('#contacts-code', 'roads');
    await page.type('#contacts-emails', 'roads@gov.example\nroads-duty@gov.example');
    await page.click('form.contacts button[type=submit]');
    await until(page, `document.querySelector('form.contacts [role=status]')?.textContent === 'Saved'`);
    const year = '2031';
    await page.$eval('#calendar-year', (el: any) => {
      el.value = '';
    });
    await page.type('#calendar-year', year);
    // the form is open for editing once that year's days are loaded
    await page.waitForSelector(`form.calendar[data-loaded="${year}"] #calendar-holidays:not([disabled])`);
    await page.type('#calendar-holidays', '2031-10-01\n2031-10-02');
    await page.click('form.calendar button[type=submit]');
    await until(page, `document.querySelector('form.calendar [role=status]') || document.querySelector('form.calendar [role=alert]')`);
    assert.equal(await page.$eval('form.calendar', (f: any) => f.querySelector('[role=status]')?.textContent ?? f.textContent), 'Saved');
    const calendar = await api.call('GET', '/calendar');
    assert.deepEqual(calendar.body.years[year], { holidays: ['2031-10-01', '2031-10-02'], workdays: [] });
    await page.close();
  });

  it("a second tab's concurrent edit of a service is reported, not lost", async () => {
    const context = await browser.createBrowserContext();
    const [first, second] = [await context.newPage(), await context.newPage()];
    for (const page of [first, second]) {
      await page.evaluateOnNewDocument(() => localStorage.setItem('one-stop.lang', 'en'));
      await signIn(page, api.url, 'admin-1', 'admins');
      await page.goto(`${api.url}/#/admin`);
      await until(page, `document.querySelector('#admin-service option[value="shop-sign"]') !== null`);
      await page.select('#admin-service', 'shop-sign');
      await until(page, `document.querySelector('#admin-json').value.includes('Shop sign permit')`);
    }
    const edit = async (page: Page, from: string, to: string) => {
      await page.$eval(
        '#admin-json',
        (area: any, [a, b]) => {
          area.value = area.value.replace(a, b);
          area.dispatchEvent(new Event('input', { bubbles: true }));
        },
        [from, to],
      );
      await page.click('form.admin button[type=submit]');
      await until(page, `document.querySelector('form.admin [role=status]') !== null`);
      return page.$eval('form.admin [role=status]', (el: any) => el.textContent);
    };
    assert.equal(await edit(first, 'A sign over a shop front.', 'A sign over a shop front, lit or not.'), 'Saved');
    assert.match(await edit(second, 'Local regulation 7', 'Local regulation 8'), /someone else changed this service/);
    const stored = await api.call('GET', '/services/shop-sign');
    assert.equal(stored.body.description, 'A sign over a shop front, lit or not.');
    assert.equal(stored.body.legalBasis, 'Local regulation 7', 'the stale edit was not written');
    await context.close();
  });
});
