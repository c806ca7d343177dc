// The console's main pages at desktop and phone width: no WCAG 2 A/AA violation that axe-core
// finds (labels, names, contrast, landmarks, ARIA), no sideways scrolling on a phone, the
// language switch, focus on each page's heading, and errors in words (never a code).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { applicationBody, buildingServiceDefinition } from '../support/fixtures.ts';
import { tasksOpen, useLocalStack, type Client } from '../support/local-stack.ts';
import { launch, mainText, signIn, until } from './browser.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const start = useLocalStack();
let api: Client;
let browser: Browser;
let caseId: string;

const WIDTHS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 375, height: 740 },
];

beforeAll(async () => {
  api = await start();
  const admin = await api.token('admin-1', ['admins']);
  // limits long enough that nothing is deemed while the pages are looked at
  const service = buildingServiceDefinition();
  service.departments = service.departments.map((d) => ({ ...d, timeLimit: { duration: 'PT2H' } }));
  assert.equal((await api.call('PUT', '/services/building-permit', { token: admin, body: service })).status, 200);
  const applicant = await api.token('citizen-a', ['applicants']);
  const submitted = await api.call('POST', '/applications', { token: applicant, body: applicationBody('building-permit') });
  assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
  caseId = submitted.body.caseId;
  await tasksOpen(api, caseId, submitted.body.receipt.reviews.length);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

async function violations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const result: any = await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`,
  );
  return result.violations.map((v: any) => `${v.id}: ${v.help} (${v.nodes.map((n: any) => n.target.join(' ')).join(', ')})`);
}

/** Each page: where it is, who looks at it, and what shows it has loaded. */
const pages = () => [
  { path: '/', as: undefined, ready: '.card' },
  { path: '/signin', as: undefined, ready: '#signin-sub' },
  { path: '/public', as: undefined, ready: 'table, .problem' },
  { path: '/services/building-permit', as: ['citizen-a', 'applicants'], ready: '#f-applicant_name' },
  { path: '/cases', as: ['citizen-a', 'applicants'], ready: 'table' },
  { path: `/cases/${caseId}`, as: ['citizen-a', 'applicants'], ready: '#case-status' },
  { path: '/work', as: ['reviewer-p', 'reviewers', 'planning'], ready: `tr[data-case="${caseId}"]` },
  { path: `/work/${caseId}/planning`, as: ['reviewer-p', 'reviewers', 'planning'], ready: 'form.decision' },
  { path: '/admin', as: ['admin-1', 'admins'], ready: '#admin-service' },
];

describe('the console is usable by everyone', () => {
  for (const size of WIDTHS)
    it(`every main page at ${size.name} width (${size.width} px): no axe violation, no sideways scrolling, focus on the heading`, async () => {
      const context = await browser.createBrowserContext();
      const found: string[] = [];
      for (const p of pages()) {
        const page = await context.newPage();
        await page.setViewport({ width: size.width, height: size.height });
        if (p.as) await signIn(page, api.url, p.as[0], p.as[1] as 'applicants', p.as[2]);
        await page.goto(`${api.url}/#${p.path}`);
        await page.waitForSelector(p.ready);
        for (const v of await violations(page)) found.push(`${p.path}: ${v}`);
        const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
        if ((overflow as number) > 0) {
          const wide = await page.evaluate(
            `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5).slice(0, 4).map((e) => e.tagName + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '')).join(', ')`,
          );
          found.push(`${p.path}: ${overflow} px wider than the screen (${wide})`);
        }
        const focused = await page.evaluate('document.activeElement?.tagName');
        if (focused !== 'H1') found.push(`${p.path}: focus on ${focused}, not the heading`);
        await page.close();
      }
      await context.close();
      assert.deepEqual(found, []);
    });

  it('switches between Chinese and English, and remembers it', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(`${api.url}/`);
    await page.waitForSelector('.card');
    assert.equal(await page.evaluate('document.documentElement.lang'), 'zh-CN');
    assert.match(await page.$eval('header', (h: any) => h.textContent), /办事指南/);
    await page.click('.account button[lang=en]');
    await until(page, `document.documentElement.lang === 'en'`);
    assert.match(await page.$eval('header', (h: any) => h.textContent), /Services/);
    await page.reload();
    await page.waitForSelector('.card');
    assert.equal(await page.evaluate('document.documentElement.lang'), 'en');
    await context.close();
  });

  it('says what went wrong in words: a case that is not yours is "not found", with no code', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.evaluateOnNewDocument(() => localStorage.setItem('one-stop.lang', 'en'));
    await signIn(page, api.url, 'someone-else', 'applicants');
    await page.goto(`${api.url}/#/cases/${caseId}`);
    await page.waitForSelector('[role=alert]');
    const text = await mainText(page);
    assert.match(text, /Not found: it may have been removed, or you may not see it\./);
    assert.doesNotMatch(text, /NOT_FOUND|404/);
    await context.close();
  });

  it('a reviewer whose decision lost to another is told what won', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.evaluateOnNewDocument(() => localStorage.setItem('one-stop.lang', 'en'));
    await signIn(page, api.url, 'reviewer-f', 'reviewers', 'fire');
    await page.goto(`${api.url}/#/work/${caseId}/fire`);
    await page.waitForSelector('form.decision');
    // a colleague decides first, through the API
    const colleague = await api.call('POST', `/applications/${caseId}/reviews/fire/decision`, {
      token: await api.token('reviewer-g', ['reviewers-fire']),
      body: { decision: 'APPROVE' },
    });
    assert.equal(colleague.status, 200, JSON.stringify(colleague.body));
    await page.click('input[value=REJECT]');
    await page.type('#decision-comment', 'Too close to the road');
    await page.click('form.decision button[type=submit]');
    await page.waitForSelector('[role=alert]');
    assert.match(await mainText(page), /Not sent: this review was settled as “APPROVED” at/);
    await context.close();
  });

  it('a reviewer extends the limit once: the new due date is on the timeline, and no second extension is offered', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.evaluateOnNewDocument(() => localStorage.setItem('one-stop.lang', 'en'));
    await signIn(page, api.url, 'reviewer-e', 'reviewers', 'environment');
    await page.goto(`${api.url}/#/work/${caseId}/environment`);
    await page.waitForSelector('form.extension');
    await page.$eval('#extension-days', (el: any) => {
      el.value = '';
    });
    await page.type('#extension-days', '3');
    await page.click('form.extension button[type=submit]');
    await until(
      page,
      `document.querySelector('li[data-type=REVIEW_EXTENDED]') !== null && document.querySelector('form.extension') === null`,
    );
    const stored = await api.call('GET', `/applications/${caseId}`, { token: await api.token('citizen-a', ['applicants']) });
    assert.equal(stored.body.reviews.find((r: { department: string }) => r.department === 'environment').extension.workingDays, 3);
    await context.close();
  });
});
