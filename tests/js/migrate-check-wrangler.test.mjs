// How migrate-check reads through wrangler (bin/migrate-wrangler.mjs), against a
// stand-in wrangler that logs its calls: keys listed per prefix, values read by
// bulk get in batches of 100, and by kv key get (its trailing newline and its
// "Value not found" line) when bulk get fails; the namespace options passed on.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Namespace } from '../../bin/migrate-wrangler.mjs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-fake-wrangler-'));
const log = path.join(dir, 'calls.jsonl');
const fake = path.join(dir, 'wrangler.mjs');
// FAKE_KEYS grant keys (default 250) and one client; key "grant:gone" is listed but deleted.
fs.writeFileSync(fake, `
import fs from 'node:fs';
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + '\\n');
const keys = [...Array.from({ length: Number(process.env.FAKE_KEYS ?? 250) }, (_, i) => 'grant:u:' + String(i).padStart(3, '0')), 'grant:gone', 'client:c'];
const value = (k) => (k === 'grant:gone' ? null : JSON.stringify({ k }));
const [a, b] = args;
if (a === 'kv' && b === 'key' && args[2] === 'list') {
  const prefix = args[args.indexOf('--prefix') + 1];
  process.stdout.write(JSON.stringify(keys.filter((k) => k.startsWith(prefix)).map((name) => ({ name }))));
} else if (a === 'kv' && b === 'bulk') {
  if (process.env.FAKE_NO_BULK) { process.stderr.write('Unknown arguments: bulk'); process.exit(1); }
  const asked = JSON.parse(fs.readFileSync(args[3], 'utf8'));
  process.stdout.write(JSON.stringify(Object.fromEntries(asked.map((k) => [k, { value: value(k) }]))));
} else if (a === 'kv' && b === 'key' && args[2] === 'get') {
  process.stdout.write((value(args[3]) ?? 'Value not found') + '\\n');
} else process.exit(2);
`);
const TARGET = ['--binding', 'OAUTH_KV', '--local', '--persist-to', '/p'];

async function readAll(ns) {
  const keys = [...(await ns.list('grant:')), ...(await ns.list('client:'))].map((k) => k.name);
  const got = [];
  await ns.read(keys, (batch) => got.push(batch));
  return { keys, got };
}

const calls = () => fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('bulk get: 100 keys a call, the namespace options on every call, a deleted key left out', async () => {
  fs.rmSync(log, { force: true });
  const { keys, got } = await readAll(new Namespace(TARGET, [process.execPath, [fake]]));
  assert.equal(keys.length, 252);
  assert.deepEqual(got.map((b) => b.length), [100, 100, 51]);
  assert.deepEqual(got.flat()[0], ['grant:u:000', '{"k":"grant:u:000"}']);
  assert.ok(!got.flat().some(([k]) => k === 'grant:gone'));
  assert.deepEqual(got.flat().at(-1), ['client:c', '{"k":"client:c"}']);
  const c = calls();
  assert.deepEqual(c.map((a) => a.slice(0, 3).join(' ')), ['kv key list', 'kv key list', 'kv bulk get', 'kv bulk get', 'kv bulk get']);
  for (const a of c) assert.deepEqual(a.slice(-TARGET.length), TARGET);
});

test('without bulk get: kv key get per key, its newline removed, "Value not found" left out', async () => {
  fs.rmSync(log, { force: true });
  process.env.FAKE_NO_BULK = '1';
  process.env.FAKE_KEYS = '6';
  try {
    const { got } = await readAll(new Namespace(TARGET, [process.execPath, [fake]]));
    const flat = got.flat();
    assert.equal(flat.length, 7);
    assert.deepEqual(flat[0], ['grant:u:000', '{"k":"grant:u:000"}']);
    assert.ok(!flat.some(([k]) => k === 'grant:gone'));
    const c = calls();
    assert.equal(c.filter((a) => a[1] === 'bulk').length, 1); // tried once, then never again
    const gets = c.filter((a) => a[1] === 'key' && a[2] === 'get');
    assert.equal(gets.length, 8);
    assert.deepEqual(gets.map((a) => a[3]).sort(), ['client:c', 'grant:gone', ...Array.from({ length: 6 }, (_, i) => `grant:u:00${i}`)].sort());
    assert.deepEqual(gets[0].slice(4), ['--text', ...TARGET]);
  } finally {
    delete process.env.FAKE_NO_BULK;
    delete process.env.FAKE_KEYS;
  }
});
