// A consent page built with the consent helpers (tests/js/workers/consent-page.js), driven in
// Debian's chromium: the page shows the client's escaped name and the redirect host; approving
// with a scope unticked and "remember" sends the client a code and sets the signed approvals
// cookie, the binding cookie is cleared; the next authorization skips the page; the used
// handle is refused on a replay (with its binding cookie), another browser's post is refused, and Deny sends
// access_denied with the client's state.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startWorker } from '../js/harness.mjs';

const mf = await startWorker('tests/js/workers/consent-page.js', { host: '127.0.0.1', port: 0 });
const base = (await mf.ready).toString().replace(/\/$/, '').replace('127.0.0.1', 'localhost');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--no-first-run', '--disable-sync'],
});
after(async () => { await browser.close(); await mf.dispose(); });

const query = async (page) => JSON.parse(await page.textContent('#query'));

test('approve with one scope and remember; the next authorization skips the page; replays and other browsers refused', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const res = await page.goto(`${base}/start`);
  assert.equal(res.status(), 200);
  assert.equal(res.headers()['x-frame-options'], 'DENY');
  assert.equal(await page.textContent('#name'), 'Page <b>Test</b>', 'the name is shown as text, escaped');
  assert.equal(await page.textContent('#host'), 'localhost');
  assert.ok(await page.$('#loopback'), 'a local redirect is warned about');
  const bound = (await context.cookies()).filter((c) => c.name.startsWith('__Host-oauth-consent-'));
  assert.equal(bound.length, 1);
  assert.ok(bound[0].secure && bound[0].httpOnly && bound[0].sameSite === 'Lax' && bound[0].path === '/');
  const handle = await page.$eval('input[name=handle]', (el) => el.value);
  await page.uncheck('input[value=write]');
  await page.check('#remember');
  await page.click('#approve');
  await page.waitForSelector('#query');
  const q = await query(page);
  assert.ok(q.code && q.state === 'page-state' && q.iss, JSON.stringify(q));
  const names = (await context.cookies()).map((c) => c.name);
  assert.ok(!names.some((n) => n.startsWith('__Host-oauth-consent-')), 'the binding cookie is cleared');
  assert.ok(names.includes('__Host-oauth-approvals'));
  // remembered for "read" only: a request for "read" skips the page, "read write" shows it again
  await page.goto(`${base}/start`);
  assert.match(page.url(), /\/authorize\?/, 'more scopes than approved: the page again');
  await page.goto((await page.url()).replace('scope=read+write', 'scope=read'));
  await page.waitForSelector('#query');
  assert.ok((await query(page)).code, 'remembered: straight to the client');
  // the used handle, posted again with its binding cookie (kept by whoever replays it)
  const replayer = await browser.newContext();
  const replay = await replayer.request.post(`${base}/authorize`, {
    form: { handle, decision: 'approve', scope: 'read' }, headers: { cookie: `${bound[0].name}=${bound[0].value}` }, maxRedirects: 0,
  });
  assert.equal(replay.status(), 400);
  assert.match(await replay.text(), /expired or was already used/);
  await replayer.close();
  // a live handle posted from another browser
  await page.goto(`${base}/start`);
  const live = await page.$eval('input[name=handle]', (el) => el.value);
  const other = await browser.newContext();
  const stolen = await other.request.post(`${base}/authorize`, { form: { handle: live, decision: 'approve', scope: 'read' }, maxRedirects: 0 });
  assert.equal(stolen.status(), 400);
  assert.match(await stolen.text(), /not started in this browser/);
  await other.close();
  await context.close();
});

test('deny: the client gets access_denied with its state', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/start`);
  await page.click('#deny');
  await page.waitForSelector('#query');
  const q = await query(page);
  assert.equal(q.error, 'access_denied');
  assert.equal(q.state, 'page-state');
  assert.ok(q.iss);
  assert.ok(!q.code);
  await context.close();
});
