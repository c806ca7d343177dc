// Signing in as in AWS: the console configured for a Cognito hosted UI (authorization code
// with PKCE), against a stand-in of the hosted UI's two endpoints that checks what Cognito
// checks: the S256 challenge against the verifier, the client, the redirect URI, a code used
// once. Its ID token is signed by the local issuer, so the API accepts it.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { useLocalStack, type Client } from '../support/local-stack.ts';
import { launch, mainText, until } from './browser.ts';

const CLIENT_ID = 'console-client';
let hosted: Server;
let hostedUrl = '';
let redirectUri = '';
const codes = new Map<string, { challenge: string; redirectUri: string; used: boolean }>();
const seen: { authorize: Record<string, string>[]; token: Record<string, string>[]; refused: string[] } = {
  authorize: [],
  token: [],
  refused: [],
};

// the stack's console config must name the hosted UI before the stack starts
let issuerSign: (sub: string) => Promise<string> = async () => {
  throw new Error('no issuer yet');
};
const hostedPort = await new Promise<number>((resolve) => {
  hosted = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://hosted');
    if (req.method === 'GET' && url.pathname === '/oauth2/authorize') {
      const q = Object.fromEntries(url.searchParams);
      seen.authorize.push(q);
      if (
        q.response_type !== 'code' ||
        q.client_id !== CLIENT_ID ||
        q.code_challenge_method !== 'S256' ||
        !q.code_challenge ||
        q.redirect_uri !== redirectUri
      ) {
        res.writeHead(400).end('bad authorize request');
        return;
      }
      // the person signs in here; this stand-in signs in "hosted-user" at once
      const code = randomUUID();
      codes.set(code, { challenge: q.code_challenge, redirectUri: q.redirect_uri, used: false });
      res.writeHead(302, { location: `${q.redirect_uri}?code=${code}&state=${encodeURIComponent(q.state ?? '')}` }).end();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/oauth2/token') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const form = Object.fromEntries(new URLSearchParams(body));
      seen.token.push(form);
      const kept = codes.get(form.code ?? '');
      const challenge = createHash('sha256')
        .update(form.code_verifier ?? '')
        .digest('base64url');
      const refusal =
        form.grant_type !== 'authorization_code'
          ? 'grant_type'
          : form.client_id !== CLIENT_ID
            ? 'client_id'
            : !kept || kept.used
              ? 'code'
              : kept.redirectUri !== form.redirect_uri
                ? 'redirect_uri'
                : kept.challenge !== challenge
                  ? 'code_verifier'
                  : undefined;
      const headers = { 'content-type': 'application/json', 'access-control-allow-origin': '*' };
      if (refusal) {
        seen.refused.push(refusal);
        res.writeHead(400, headers).end(JSON.stringify({ error: 'invalid_grant' }));
        return;
      }
      kept!.used = true;
      const id_token = await issuerSign('hosted-user');
      res.writeHead(200, headers).end(JSON.stringify({ id_token, access_token: 'unused', token_type: 'Bearer', expires_in: 3600 }));
      return;
    }
    res.writeHead(404).end();
  });
  hosted.listen(0, '127.0.0.1', () => resolve((hosted.address() as { port: number }).port));
});
hostedUrl = `http://127.0.0.1:${hostedPort}`;

const start = useLocalStack({ consoleAuth: { kind: 'cognito', domain: hostedUrl, clientId: CLIENT_ID, redirectUri: '' } });
let api: Client;
let browser: Browser;

beforeAll(async () => {
  api = await start();
  redirectUri = `${api.url}/`;
  issuerSign = async (sub) => (await api.stack.issuer.sign({ sub, groups: ['applicants'] })).token;
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  hosted.close();
});

describe('signing in through the hosted UI (authorization code with PKCE)', () => {
  it('sends an S256 challenge, comes back with a code, exchanges it with the verifier, and calls the API signed in', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.evaluateOnNewDocument(() => localStorage.setItem('one-stop.lang', 'en'));
    await page.goto(`${api.url}/#/signin`);
    await page.waitForSelector('main button.primary');
    await page.click('main button.primary');
    await until(page, `document.querySelector('.account .who')?.textContent === 'hosted-user'`);
    assert.equal(seen.authorize.length, 1);
    assert.equal(seen.token.length, 1);
    assert.deepEqual(seen.refused, []);
    const [authorize] = seen.authorize;
    assert.equal(authorize.scope, 'openid email profile');
    assert.ok(authorize.state && authorize.state.length >= 16, 'a state of its own');
    assert.match(seen.token[0].code_verifier, /^[\w-]{43,128}$/, 'a verifier as RFC 7636 wants it');
    assert.equal(await page.evaluate('location.search'), '', 'the code is gone from the address bar');
    // the token is the API's: my applications load
    await page.goto(`${api.url}/#/cases`);
    await until(page, `document.body.textContent.includes('No applications yet')`);
    await context.close();
  });

  it('refuses a return it did not start (another state): no token is asked for, no one is signed in', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.evaluateOnNewDocument(() => localStorage.setItem('one-stop.lang', 'en'));
    const before = seen.token.length;
    await page.goto(`${api.url}/?code=${randomUUID()}&state=forged`);
    await page.waitForSelector('[role=alert]');
    assert.equal(seen.token.length, before);
    assert.doesNotMatch(await mainText(page).catch(() => ''), /hosted-user/);
    assert.equal(await page.evaluate(`sessionStorage.getItem('one-stop.session')`), null);
    await context.close();
  });
});
