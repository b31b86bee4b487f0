// The demo's consent page driven in Debian's chromium: sign in with the demo
// client, approve (and deny) on the consent page, then see the API and the
// MCP tool answer with the approved user's props.
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
  await page.click('#deny');
  await page.waitForSelector('h1');
  assert.equal(await page.textContent('h1'), 'Denied');
  assert.match(await page.textContent('body'), /access_denied/);
  await page.close();
});
