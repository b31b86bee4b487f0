// Reads a KV namespace through wrangler (kv key list, kv bulk get, kv key get),
// never writing to it. The wrangler of the project the command runs in
// (node_modules/wrangler above the working directory), else `npx wrangler`.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// wrangler kv bulk get reads at most this many keys per call (the KV API's limit).
const BULK = 100;
// kv key get calls in flight at once, when bulk get is not available.
const PARALLEL = 4;

// The command that runs wrangler: [file, leading args].
export function findWrangler(from = process.cwd()) {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const js = path.join(dir, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
    if (fs.existsSync(js)) return [process.execPath, [js]];
    if (path.dirname(dir) === dir) return [process.platform === 'win32' ? 'npx.cmd' : 'npx', ['--yes', 'wrangler']];
  }
}

function run([file, lead], args) {
  return new Promise((resolve, reject) => {
    execFile(file, [...lead, ...args], { maxBuffer: 1 << 30, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(new Error(`wrangler ${args.slice(0, 3).join(' ')} failed: ${(stderr || err.message).trim()}`), { stderr }));
      else resolve(stdout);
    });
  });
}

// target: the wrangler options naming the namespace (--binding, --namespace-id,
// --config, --env, --local/--remote, --persist-to, --preview), as an argument list.
export class Namespace {
  constructor(target, wrangler = findWrangler()) {
    this.target = target;
    this.wrangler = wrangler;
    this.bulk = true;
  }

  // Every key under prefix: [{name, expiration?, metadata?}].
  async list(prefix) {
    const out = await run(this.wrangler, ['kv', 'key', 'list', '--prefix', prefix, ...this.target]);
    const keys = JSON.parse(out);
    if (!Array.isArray(keys)) throw new Error(`wrangler kv key list: unexpected answer ${out.slice(0, 200)}`);
    return keys;
  }

  // The values of keys, in batches; onBatch([[key, value]…]) for each (a key
  // deleted since the list is left out).
  async read(keys, onBatch) {
    for (let i = 0; i < keys.length; i += BULK) {
      const batch = keys.slice(i, i + BULK);
      onBatch(this.bulk ? await this.#bulk(batch).catch(() => this.#fallback(batch)) : await this.#single(batch));
    }
  }

  async #fallback(batch) {
    this.bulk = false;
    return this.#single(batch);
  }

  async #bulk(batch) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-migrate-'));
    const file = path.join(dir, 'keys.json');
    try {
      fs.writeFileSync(file, JSON.stringify(batch));
      const got = JSON.parse(await run(this.wrangler, ['kv', 'bulk', 'get', file, ...this.target]));
      return batch.filter((k) => typeof got[k]?.value === 'string').map((k) => [k, got[k].value]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  async #single(batch) {
    const out = new Array(batch.length);
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const i = next++;
        // the value and a newline; for a key that is gone, this line (and status 0)
        const v = (await run(this.wrangler, ['kv', 'key', 'get', batch[i], '--text', ...this.target])).replace(/\n$/, '');
        out[i] = v === 'Value not found' ? undefined : [batch[i], v];
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    return out.filter(Boolean);
  }
}
