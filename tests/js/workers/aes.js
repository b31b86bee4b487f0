// oc_aes (relaxed and plain swizzle builds) against workerd's WebCrypto AES-KW and AES-GCM.
import relaxedMod from '../../../build/bench/aes-relaxed.wasm';
import plainMod from '../../../build/bench/aes-simd128.wasm';

const s = crypto.subtle;
function inst(mod) {
  const i = new WebAssembly.Instance(mod, {});
  i.exports._initialize();
  return i.exports;
}
const rnd = (n) => crypto.getRandomValues(new Uint8Array(n));
const eq = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

async function check(e, rounds) {
  const base = e.aes_buf();
  const mem = () => new Uint8Array(e.memory.buffer);
  const put = (off, bytes) => { mem().set(bytes, base + off); return base + off; };
  const get = (off, n) => mem().slice(base + off, base + off + n);
  const fails = [];
  for (let r = 0; r < rounds; r++) {
    // AES-KW: 16..64 bytes of key data (an HMAC key, so any multiple of 8 is allowed).
    const kek = rnd(32), n = 16 + 8 * (r % 7), data = rnd(n);
    const kk = await s.importKey('raw', kek, 'AES-KW', false, ['wrapKey', 'unwrapKey']);
    const hk = await s.importKey('raw', data, { name: 'HMAC', hash: 'SHA-256' }, true, ['sign']);
    const theirs = new Uint8Array(await s.wrapKey('raw', hk, kk, 'AES-KW'));
    if (e.aes_kw_wrap(base + 4096, put(0, kek), put(64, data), n) !== 0 || !eq(get(4096, n + 8), theirs)) fails.push(`kw wrap ${r}`);
    if (e.aes_kw_unwrap(base + 4096, put(0, kek), put(64, theirs), n + 8) !== 0 || !eq(get(4096, n), data)) fails.push(`kw unwrap ${r}`);
    const bad = theirs.slice(); bad[r % bad.length] ^= 1 << (r % 8);
    mem().fill(0x55, base + 4096, base + 4096 + n);
    if (e.aes_kw_unwrap(base + 4096, put(0, kek), put(64, bad), n + 8) !== -1 || get(4096, n).some((x) => x)) fails.push(`kw tamper ${r}`);
    // AES-GCM: 0..400 bytes, 0..40 bytes of AAD.
    const key = rnd(32), iv = rnd(12), aad = rnd(r % 41), pt = rnd((r * 37) % 401);
    const gk = await s.importKey('raw', key, 'AES-GCM', false, ['encrypt', 'decrypt']);
    const ct = new Uint8Array(await s.encrypt({ name: 'AES-GCM', iv, additionalData: aad }, gk, pt));
    e.aes_gcm_seal(base + 4096, put(0, key), put(32, iv), put(48, aad), aad.length, put(96, pt), pt.length);
    if (!eq(get(4096, pt.length + 16), ct)) fails.push(`gcm seal ${r}`);
    if (e.aes_gcm_open(base + 4096, put(0, key), put(32, iv), put(48, aad), aad.length, put(96, ct), ct.length) !== 0
      || !eq(get(4096, pt.length), pt)) fails.push(`gcm open ${r}`);
    const badc = ct.slice(); badc[r % badc.length] ^= 0x80;
    mem().fill(0x55, base + 4096, base + 4096 + pt.length);
    if (e.aes_gcm_open(base + 4096, put(0, key), put(32, iv), put(48, aad), aad.length, put(96, badc), badc.length) !== -1
      || get(4096, pt.length).some((x) => x)) fails.push(`gcm tamper ${r}`);
    let rejected = false;
    try { await s.decrypt({ name: 'AES-GCM', iv, additionalData: aad }, gk, badc); } catch { rejected = true; }
    if (!rejected) fails.push(`webcrypto accepted tampered ${r}`);
  }
  return fails;
}

export default {
  async fetch(req) {
    const rounds = +new URL(req.url).searchParams.get('rounds');
    const out = { relaxed: await check(inst(relaxedMod), rounds), simd128: await check(inst(plainMod), rounds) };
    return Response.json(out);
  },
};
