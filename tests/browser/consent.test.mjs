// The demo's consent page driven in Debian's chromium: sign in with the demo
// client, approve (and deny) on the consent page, then see the API and the
// MCP tool answer with the approved user's props; the page's anti-framing
// headers hold in the browser, and its signed single-use form token refuses a
// tampered field and a replayed POST without making a grant.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { startWorker } from '../js/harness.mjs';

const CHROMIUM = '/usr/bin/chromium';
const mf = await startWorker('demo/worker.js', { host: '127.0.0.1', port: 0 });
const base = (await mf.ready).toString().replace(/\/$/, '');
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--no-first-run', '--disable-sync'],
});
after(async () => { await browser.close(); await mf.dispose(); });
const kv = await mf.getKVNamespace('OAUTH_KV');
// The demo user's grant keys ("no grant made" is "the same keys as before").
const grants = async () => (await kv.list({ prefix: 'grant:demo-user:' })).keys.map((k) => k.name).sort();

test('approve: consent page, then tokens, API and MCP answer for the user', async () => {
  const page = await browser.newPage();
  await page.goto(`${base}/`);
  await page.click('#start');
  await page.waitForSelector('#approve');
  const consent = await page.textContent('body');
  assert.match(consent, /Demo client/);
  assert.match(consent, /asks to act as\s+Demo User/);
  assert.match(consent, /read/);
  fs.mkdirSync('build/screenshots', { recursive: true });
  await page.screenshot({ path: 'build/screenshots/consent.png' });
  await page.click('#approve');
  await page.waitForSelector('#api');
  const api = JSON.parse(await page.textContent('#api'));
  assert.deepEqual(api.user, { userId: 'demo-user', name: 'Demo User' });
  assert.deepEqual(api.scope, ['read']);
  const tokens = JSON.parse(await page.textContent('#tokens'));
  assert.equal(tokens.token_type, 'bearer');
  assert.equal(tokens.resource, base);
  const mcp = JSON.parse(await page.textContent('#mcp'));
  assert.deepEqual(JSON.parse(mcp.result.content[0].text).user, { userId: 'demo-user', name: 'Demo User' });
  await page.screenshot({ path: 'build/screenshots/signed-in.png' });
  await page.close();
});

test('deny: the client gets access_denied and no grant is made', async () => {
  const page = await browser.newPage();
  await page.goto(`${base}/demo/start`);
  const before = await grants();
  await page.click('#deny');
  await page.waitForSelector('h1');
  assert.equal(await page.textContent('h1'), 'Denied');
  assert.match(await page.textContent('body'), /access_denied/);
  assert.deepEqual(await grants(), before);
  await page.close();
});

test('the consent page sends frame-ancestors and X-Frame-Options, and chromium will not frame it', async () => {
  const page = await browser.newPage();
  const consent = await page.goto(`${base}/demo/start`);
  assert.equal(consent.status(), 200);
  const headers = consent.headers();
  assert.match(headers['content-security-policy'], /(^|;)\s*frame-ancestors 'none'\s*(;|$)/);
  assert.equal(headers['x-frame-options'], 'DENY');
  const consentUrl = page.url();
  assert.match(consentUrl, /\/authorize\?/);
  // Framed by a page of the same origin: the frame stays empty of the form.
  await page.goto(`${base}/`);
  await page.evaluate((src) => new Promise((resolve) => {
    const f = document.createElement('iframe');
    f.onload = resolve;
    f.src = src;
    document.body.append(f);
  }), consentUrl);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  assert.ok(frame);
  // Chromium shows its own error page in place of the refused document.
  assert.equal(frame.url(), 'chrome-error://chromewebdata/');
  assert.equal(await frame.$('#approve').catch(() => null), null);
  await page.close();
});

test('a tampered form token is refused with 400 and makes no grant', async () => {
  const page = await browser.newPage();
  await page.goto(`${base}/demo/start`);
  await page.waitForSelector('#approve');
  const before = await grants();
  // Change the first character of the signature in the hidden field.
  await page.$eval('input[name=form_token]', (el) => {
    const [n, e, s] = el.value.split('.');
    el.value = `${n}.${e}.${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`;
  });
  const [res] = await Promise.all([page.waitForNavigation(), page.click('#approve')]);
  assert.equal(res.status(), 400);
  assert.equal(await page.textContent('h1'), 'Request refused');
  assert.match(page.url(), /\/authorize\?/);
  assert.deepEqual(await grants(), before);
  await page.close();
});

test('a replayed consent POST is refused with 400 and makes no second grant', async () => {
  const page = await browser.newPage();
  await page.goto(`${base}/demo/start`);
  await page.waitForSelector('#approve');
  const action = new URL(await page.$eval('form', (f) => f.getAttribute('action')), base).toString();
  const token = await page.$eval('input[name=form_token]', (el) => el.value);
  await page.click('#approve');
  await page.waitForSelector('#api');
  const granted = await grants();
  // The same form submission again, from the same browser (its cookies and all).
  const replay = await page.request.post(action, { form: { form_token: token, decision: 'approve' }, maxRedirects: 0 });
  assert.equal(replay.status(), 400);
  assert.match(await replay.text(), /already used/);
  assert.deepEqual(await grants(), granted);
  await page.close();
});
