// Generates tests/c/cimd_vectors.h: Client ID Metadata Document cases and what the reference
// 1.2.3 makes of each (its getClient with fetch answered by the case; run with node 20+:
// `node tools/gen-cimd-vectors.mjs > tests/c/cimd_vectors.h`). Observed, never copied: the
// expectation is the reference's answer, a CimdFetchError message or the client it builds.
import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(
  "export async function resolve(s, c, n) { return s === 'cloudflare:workers' ? { url: 'data:text/javascript,export class WorkerEntrypoint{}', shortCircuit: true } : n(s, c); }"));
globalThis.Cloudflare = { compatibilityFlags: { global_fetch_strictly_public: true } };
const { OAuthProvider, getOAuthApi } = await import(new URL('../node_modules/@cloudflare/workers-oauth-provider/dist/oauth-provider.js', import.meta.url));

const U = 'https://client.example/oauth/metadata.json';
const doc = (extra = {}) => JSON.stringify({ client_id: U, client_name: 'Example', redirect_uris: ['https://client.example/cb'], ...extra });
const EC = { kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0' };
const RSA = { kty: 'RSA', n: 'sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw', e: 'AQAB' };
const cases = [];
const add = (name, c) => cases.push({ name, url: U, status: 200, ...c });
// R-CIMD-01…09: the client id URL
for (const [name, url] of [
  ['ws-lead', ' ' + U], ['ws-nbsp-tail', U + '\u00a0'], ['space-in', 'https://client.example/a b'], ['tab', 'https://client.example/a\tb'],
  ['c1', 'https://client.example/a\u0085b'], ['backslash', 'https://client.example\\a'], ['del', 'https://client.example/a\u007f'],
  ['http', 'http://client.example/m'], ['no-scheme', 'client.example/m'], ['upper', 'HTTPS://Client.Example/m'],
  ['bad-host', 'https://exa mple/m'], ['bad-port', 'https://client.example:99999/m'], ['empty-host', 'https:///m'],
  ['userinfo', 'https://u@client.example/m'], ['password', 'https://:p@client.example/m'], ['empty-userinfo', 'https://@client.example/m'],
  ['fragment', 'https://client.example/m#f'], ['empty-fragment', 'https://client.example/m#'],
  ['no-path', 'https://client.example'], ['query-only', 'https://client.example?x=/y'], ['root', 'https://client.example/'],
  ['bad-escape', 'https://client.example/a%zz'], ['short-escape', 'https://client.example/a%4'], ['escape-not-utf8', 'https://client.example/%80'],
  ['escape-half', 'https://client.example/%C3'], ['escape-utf8', 'https://client.example/%C3%A9'], ['escape-surrogate', 'https://client.example/%ED%A0%80'],
  ['escape-overlong', 'https://client.example/%C0%AE'], ['escape-mixed', 'https://client.example/%C3\u00e9'],
  ['dot', 'https://client.example/./m'], ['dotdot', 'https://client.example/a/../m'], ['dot-escaped', 'https://client.example/%2e/m'],
  ['dotdot-mixed', 'https://client.example/.%2E/m'], ['dot-last', 'https://client.example/m/.'], ['three-dots', 'https://client.example/.../m'],
  ['dot-query', 'https://client.example/m?.'], ['escape-in-query', 'https://client.example/m?%zz'], ['nonascii-path', 'https://client.example/caf\u00e9'],
  ['bad-escape-after-dot', 'https://client.example/%zz/..'],
]) add('url ' + name, { url, body: JSON.stringify({ client_id: url, client_name: 'x', redirect_uris: ['https://client.example/cb'] }) });
// R-CIMD-10…16: the response
add('status 404', { status: 404, body: doc() });
add('status 302', { status: 302, body: doc() });
add('declared too large', { headers: { 'Content-Length': '6000' }, body: doc() });
add('declared at limit', { headers: { 'Content-Length': '5120' }, body: doc() });
add('no body', { nobody: true });
add('grew too large', { body: doc({ pad: 'x'.repeat(5200) }) });
add('exactly the limit', { body: (d => d.slice(0, -1) + ',"pad":"' + 'x'.repeat(5120 - d.length - 9) + '"}')(doc()) });
add('not utf-8', { bodyB64: Buffer.concat([Buffer.from('{"client_name":"'), Buffer.from([0xff]), Buffer.from('"}')]).toString('base64') });
add('bom', { bodyB64: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc())]).toString('base64') });
add('not json', { body: '{"client_id":' });
add('empty body', { body: '' });
add('trailing comma', { body: '{"a":1,}' });
// R-CIMD-17…29: the document
add('array', { body: '[]' }); add('string', { body: '"x"' }); add('null', { body: 'null' });
add('name number', { body: doc({ client_name: 1 }) });
add('redirect not array', { body: doc({ redirect_uris: 'https://client.example/cb' }) });
add('logo not http', { body: doc({ logo_uri: 'ftp://x/y' }) });
add('jwks_uri bad', { body: doc({ jwks_uri: 'not a url' }) });
add('method not in supported', { body: doc({ token_endpoint_auth_method: 'none', token_endpoint_auth_methods_supported: ['private_key_jwt'] }) });
add('alg not in supported', { body: doc({ token_endpoint_auth_signing_alg: 'RS256', token_endpoint_auth_signing_alg_values_supported: ['ES256'] }) });
add('i18n bad', { body: doc({ 'client_name#fr': 3 }) });
add('contacts bad', { body: doc({ contacts: [1] }) });
add('client_id mismatch', { body: doc({ client_id: U + 'x' }) });
add('client_id absent', { body: JSON.stringify({ client_name: 'x', redirect_uris: ['https://client.example/cb'] }) });
add('client_id number', { body: doc({ client_id: 5 }) });
add('name absent', { body: JSON.stringify({ client_id: U, redirect_uris: ['https://client.example/cb'] }) });
add('name blank', { body: doc({ client_name: ' \u3000\n' }) });
add('redirects absent', { body: JSON.stringify({ client_id: U, client_name: 'x' }) });
add('redirects empty', { body: doc({ redirect_uris: [] }) });
add('redirect javascript', { body: doc({ redirect_uris: ['https://client.example/cb', 'JavaScript:alert(1)'] }) });
add('redirect no scheme', { body: doc({ redirect_uris: ['/cb'] }) });
add('redirect control', { body: doc({ redirect_uris: ['https://client.example/c\u0001b'] }) });
add('redirect http remote kept', { body: doc({ redirect_uris: ['http://client.example/cb', 'cursor://x/cb', 'https://a/b#f'] }) });
add('secret', { body: doc({ client_secret: 's' }) });
add('secret expiry null', { body: doc({ client_secret_expires_at: null }) });
add('jwks not object', { body: doc({ jwks: [] }) });
add('jwks null', { body: doc({ jwks: null }) });
add('jwks keys not array', { body: doc({ jwks: { keys: {} } }) });
add('jwks key not object', { body: doc({ jwks: { keys: [1] } }) });
add('jwks private', { body: doc({ jwks: { keys: [{ ...EC, d: 'x' }] } }) });
add('jwks symmetric', { body: doc({ jwks: { keys: [{ kty: 'oct', k: 'x' }] } }) });
add('jwks without pkj', { body: doc({ jwks: { keys: [EC] } }) });
add('symmetric method', { body: doc({ token_endpoint_auth_method: 'client_secret_basic' }) });
add('symmetric jwt', { body: doc({ token_endpoint_auth_method: 'client_secret_jwt' }) });
add('symmetric in supported only', { body: doc({ token_endpoint_auth_methods_supported: ['client_secret_post', 'none'] }) });
add('no accepted method', { body: doc({ token_endpoint_auth_methods_supported: ['client_secret_post', 'tls_client_auth'] }) });
add('no accepted method empty', { body: doc({ token_endpoint_auth_methods_supported: [] }) });
add('unknown preferred', { body: doc({ token_endpoint_auth_method: 'tls_client_auth' }) });
add('pkj both', { body: doc({ token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [EC] }, jwks_uri: 'https://client.example/jwks' }) });
add('pkj neither', { body: doc({ token_endpoint_auth_method: 'private_key_jwt' }) });
add('pkj empty jwks', { body: doc({ token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [] } }) });
add('pkj jwks_uri http', { body: doc({ token_endpoint_auth_method: 'private_key_jwt', jwks_uri: 'http://client.example/jwks' }) });
add('pkj jwks_uri userinfo', { body: doc({ token_endpoint_auth_method: 'private_key_jwt', jwks_uri: 'https://u:p@client.example/jwks' }) });
add('pkj jwks_uri fragment', { body: doc({ token_endpoint_auth_method: 'private_key_jwt', jwks_uri: 'https://client.example/jwks#k' }) });
add('pkj jwks_uri empty fragment', { body: doc({ token_endpoint_auth_method: 'private_key_jwt', jwks_uri: 'https://client.example/jwks#' }) });
add('pkj alg HS256', { body: doc({ token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg: 'HS256', jwks: { keys: [EC] } }) });
add('pkj algs PS256', { body: doc({ token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg_values_supported: ['PS256'], jwks: { keys: [EC] } }) });
add('pkj no key', { body: doc({ token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'a' }] } }) });
add('pkj no key RS256 only', { body: doc({ token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg: 'RS256', jwks: { keys: [EC] } }) });
add('pkj key use enc', { body: doc({ token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [{ ...EC, use: 'enc' }] } }) });
add('pkj key ops sign', { body: doc({ token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [{ ...EC, key_ops: ['sign'] }] } }) });
add('pkj key ops string', { body: doc({ token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [{ ...EC, key_ops: 'sign' }] } }) });
add('pkj key alg other', { body: doc({ token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [{ ...EC, alg: 'ES384' }] } }) });
add('pkj EC', { body: doc({ token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [EC], extra: 1 } }) });
add('pkj RSA and EC', { body: doc({ token_endpoint_auth_methods_supported: ['private_key_jwt'], jwks: { keys: [RSA, EC] } }) });
add('pkj jwks_uri', { body: doc({ token_endpoint_auth_method: 'private_key_jwt', jwks_uri: 'https://client.example/jwks', token_endpoint_auth_signing_alg_values_supported: ['ES256', 'RS256'] }) });
add('pkj and none', { body: doc({ token_endpoint_auth_methods_supported: ['private_key_jwt', 'none'], jwks: { keys: [EC] } }) });
add('pkj unusable and none', { body: doc({ token_endpoint_auth_methods_supported: ['none', 'private_key_jwt'] }) });
add('pkj unusable and post', { body: doc({ token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'] }) });
add('grants extension dropped', { body: doc({ grant_types: ['authorization_code', 'urn:x', 'refresh_token', 'implicit'], response_types: ['code', 'token'] }) });
add('grants refresh only', { body: doc({ grant_types: ['refresh_token'] }) });
add('responses only code', { body: doc({ grant_types: ['client_credentials'], response_types: ['code'] }) });
add('neither', { body: doc({ grant_types: ['client_credentials'], response_types: ['token'] }) });
add('full display', { body: doc({ client_uri: 'https://client.example', logo_uri: 'https://client.example/l.png', policy_uri: 'http://client.example/p', tos_uri: 'https://client.example/t', contacts: ['a@b'], 'client_name#fr': 'Exemple', 'tos_uri#de': 'https://client.example/de', software_id: 'x', scope: 'a b' }) });
add('duplicate member', { body: '{"client_id":"' + U + '","client_name":"a","client_name":"b","redirect_uris":["https://client.example/cb"]}' });
add('nested', { body: doc({ x: JSON.parse('['.repeat(40) + ']'.repeat(40)) }) });

const opts = { apiRoute: '/api/', apiHandler: { fetch() {} }, defaultHandler: { fetch() {} }, authorizeEndpoint: '/authorize',
  tokenEndpoint: '/token', clientIdMetadataDocumentEnabled: true, resourceMetadata: { resource: 'https://example.com/api' } };
new OAuthProvider(opts);
console.warn = () => {};
const cstr = (b) => '"' + [...b].map(x => x === 0x22 ? '\\"' : x === 0x5c ? '\\\\' : x >= 0x20 && x < 0x7f && x !== 0x3f ? String.fromCharCode(x) : '\\' + x.toString(8).padStart(3, '0')).join('') + '"';
const out = ['/* Generated by tools/gen-cimd-vectors.mjs from the reference 1.2.3: do not edit. */',
  '#ifndef CIMD_VECTORS_H', '#define CIMD_VECTORS_H', 'static const struct cimd_vector {',
  '\tconst char *name, *url, *content_length; int status, has_body; const char *body; size_t n; const char *want;',
  '} cimd_vectors[] = {'];
for (const c of cases) {
  const body = c.nobody ? null : c.bodyB64 !== undefined ? Buffer.from(c.bodyB64, 'base64') : Buffer.from(c.body ?? '');
  globalThis.fetch = async () => new Response(body, { status: c.status, headers: c.headers ?? {} });
  const api = getOAuthApi(opts, { OAUTH_KV: { get: async () => null } });
  let want;
  try { want = 'OK ' + JSON.stringify(await api.provider.getClient(api.env, c.url)); } catch (e) { want = e.message; }
  out.push(`\t{ ${cstr(Buffer.from(c.name))}, ${cstr(Buffer.from(c.url))}, ${c.headers?.['Content-Length'] ? cstr(Buffer.from(c.headers['Content-Length'])) : 'NULL'}, ${c.status}, ${body ? 1 : 0},`,
    `\t  ${body ? cstr(body) : 'NULL'}, ${body ? body.length : 0},`, `\t  ${cstr(Buffer.from(want))} },`);
}
out.push('};', '#endif');
console.log(out.join('\n'));
