// Headless Chromium for the console's tests: the one @sparticuz/chromium ships inside its npm
// package (so `npm ci` alone installs it), driven by puppeteer-core.
import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/**
 * The package's own flags are for Lambda (one process, web security off): the tests keep
 * the browser's security on (CSP, CORS, same-origin) and several pages open, so they take
 * only what this machine needs (no sandbox: containers run as root; software GL).
 */
const ARGS = [
  '--no-sandbox',
  '--disable-setuid-sandbox',
  "--headless='shell'",
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--no-first-run',
  '--no-default-browser-check',
];

/** What each page did (navigations, console errors, failed requests): told when a wait fails. */
const journal = new WeakMap<Page, string[]>();

function keepJournal(page: Page) {
  const lines: string[] = [];
  journal.set(page, lines);
  const note = (line: string) => {
    lines.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
    if (lines.length > 60) lines.shift();
  };
  page.on('framenavigated', (f) => f === page.mainFrame() && note(`navigated ${f.url()}`));
  page.on('console', (m) => m.type() !== 'debug' && note(`console.${m.type()} ${m.text()}`));
  page.on('pageerror', (e) => note(`page error ${(e as Error).message}`));
  page.on('requestfailed', (r) => note(`request failed ${r.method()} ${r.url()} ${r.failure()?.errorText}`));
  // what the page sends besides reading: a request that never came back shows as sent, unanswered
  page.on('request', (r) => r.method() !== 'GET' && r.method() !== 'OPTIONS' && note(`sent ${r.method()} ${r.url()}`));
  page.on('response', (r) => {
    const method = r.request().method();
    if (r.status() >= 400 || (method !== 'GET' && method !== 'OPTIONS')) note(`answer ${r.status()} ${method} ${r.url()}`);
  });
}

export async function launch(): Promise<Browser> {
  const browser = await puppeteer.launch({
    args: ARGS,
    executablePath: await chromium.executablePath(),
    headless: true,
    defaultViewport: { width: 1280, height: 900 },
  });
  browser.on('targetcreated', async (target) => {
    const page = await target.page().catch(() => null);
    if (page) keepJournal(page);
  });
  return browser;
}

/**
 * Wait until `probe` (run in the page) is truthy; generous cap: a slow machine only waits
 * longer. On a timeout the error says what the page showed.
 */
export async function until(page: Page, probe: string, timeoutMs = 90_000): Promise<void> {
  try {
    await page.waitForFunction(probe, { timeout: timeoutMs, polling: 100 });
  } catch (err) {
    const shown = await page.evaluate(`(document.querySelector('main') ?? document.body)?.textContent?.slice(0, 1500)`).catch(() => '?');
    const fields = await page
      .evaluate(
        `[...document.querySelectorAll('main input, main select, main textarea')].map((e) => (e.id || e.name) + '=' + JSON.stringify(e.value)).join(' ')`,
      )
      .catch(() => '?');
    const story = (journal.get(page) ?? []).join('\n  ');
    throw new Error(
      `${(err as Error).message}: waiting for ${probe} at ${page.url()}; the page showed: ${shown}; fields: ${fields}\n  ${story}`,
    );
  }
}

/** Sign in through the console's local sign-in page. */
export async function signIn(page: Page, base: string, sub: string, role: 'applicants' | 'reviewers' | 'admins', department?: string) {
  await page.goto(`${base}/#/signin`);
  await page.waitForSelector('#signin-sub');
  await page.type('#signin-sub', sub);
  await page.select('#signin-role', role);
  if (department) {
    await page.waitForSelector('#signin-department');
    await page.type('#signin-department', department);
  }
  // the form is the page's once it holds what was typed (a render still on its way could
  // otherwise replace it with an empty one, which the browser would refuse to submit)
  const holds = [`document.querySelector('#signin-sub')?.value === ${JSON.stringify(sub)}`];
  if (department) holds.push(`document.querySelector('#signin-department')?.value === ${JSON.stringify(department)}`);
  await until(page, holds.join(' && '));
  await page.click('form button[type=submit]');
  await until(page, `!location.hash.startsWith('#/signin')`);
}

/** A page of its own (a fresh browser context) in English, signed in; confirmation dialogs accepted. */
export async function pageAs(
  browser: Browser,
  base: string,
  sub: string,
  role: 'applicants' | 'reviewers',
  department?: string,
): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.evaluateOnNewDocument(() => localStorage.setItem('one-stop.lang', 'en'));
  page.on('dialog', (d) => void d.accept());
  await signIn(page, base, sub, role, department);
  return page;
}

/** The visible text of the page's main element. */
export const mainText = (page: Page) => page.$eval('main', (m: any) => m.textContent);
