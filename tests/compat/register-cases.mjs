// Dynamic client registration (RFC 7591) cases, differential (register.test.mjs): each request
// goes to the reference 1.2.3 and to ours, side by side in one workerd on one KV namespace
// (harness/dual.mjs). Rule ids are docs/observed/rules-1.2.3.md section 8's.
//
// A case: {id, rule, body (string), method?, headers?, origin?}; `deliberate: {rfc, ours}` marks an
// input no conforming client sends, where ours answers `ours` ({status, error, description}) and
// the reference otherwise.
const R = 'https://client.example.org/cb';
const J = { 'content-type': 'application/json' };
const reg = (o) => JSON.stringify({ redirect_uris: [R], ...o });

export const CASES = [
  // accepted registrations: answer, headers and the record written
  { id: 'minimal', rule: 'R-DCR-ok', body: reg({}) },
  { id: 'mcp-sdk-public', rule: 'R-DCR-ok', body: JSON.stringify({ redirect_uris: ['http://localhost:3000/callback'], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], client_name: 'MCP Inspector', client_uri: 'https://github.com/modelcontextprotocol/inspector', scope: 'read write' }) },
  { id: 'every-member', rule: 'R-DCR-ok', body: JSON.stringify({ zz: { nested: [1, { a: null }] }, 'tos_uri#de': 'https://client.example.org/de/tos', contacts: ['ops@client.example.org', 'x'], client_name: 'Caf\u00e9 \u{1F600} "q" \\ \u0001', jwks_uri: 'https://client.example.org/jwks', 'client_name#fr': 'Le client', tos_uri: 'https://client.example.org/tos', policy_uri: 'http://client.example.org/policy', client_uri: ' https://client.example.org ', logo_uri: 'HTTPS://CLIENT.example.org/logo.png', redirect_uris: [R, R, 'http://127.0.0.1:9/cb', 'cursor://x/cb'], response_types: ['code'], grant_types: ['refresh_token', 'authorization_code', 'refresh_token'], token_endpoint_auth_method: 'client_secret_post', client_id: 'ignored', client_secret: 'ignored', software_statement: 'x.y.z', 'client_name#': 'not i18n', '#fr': 'not i18n', 'contacts#fr': 'not i18n' }) },
  { id: 'repeated-members', rule: 'R-DCR-ok', body: `{"client_name#fr":"a","redirect_uris":["${R}"],"client_name":1,"client_name#de":"b","client_name":"last","client_name#fr":"c"}` },
  // i18n tags are any text after '#': the answer names them escaped (quote, backslash, controls, U+2028, non-ASCII)
  { id: 'i18n-tags-escaped', rule: 'R-DCR-ok', body: reg({ 'client_name#a"b': 'q', 'client_name#\\': 'b', 'client_name#\n\t\u0001\u007f': 'c', 'tos_uri#\u2028\u00e9': 'https://client.example.org/t', 'client_uri#/': 'https://client.example.org' }) },
  { id: 'methods-supported', rule: 'R-DCR-ok', body: reg({ token_endpoint_auth_methods_supported: ['private_key_jwt', 'none', 'client_secret_post'] }) },
  { id: 'preferred-unaccepted-supported', rule: 'R-DCR-ok', body: reg({ token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_methods_supported: ['private_key_jwt', 'none'] }) },
  { id: 'signing-alg-consistent', rule: 'R-DCR-ok', body: reg({ token_endpoint_auth_signing_alg: 'RS256', token_endpoint_auth_signing_alg_values_supported: ['RS256'] }) },
  { id: 'no-grant-no-response', rule: 'R-DCR-ok', body: reg({ grant_types: [], response_types: [] }) },
  { id: 'text-plain', rule: 'R-DCR-ok', headers: { 'content-type': 'text/plain' }, body: reg({}) },
  { id: 'no-content-type', rule: 'R-DCR-ok', headers: {}, body: new TextEncoder().encode(reg({})) },
  { id: 'bom', rule: 'R-DCR-ok', body: '\ufeff' + reg({}) },
  { id: 'whitespace', rule: 'R-DCR-ok', body: ' \t\r\n' + reg({}) + '\n' },
  { id: 'numbers-and-escapes', rule: 'R-DCR-ok', body: `{"redirect_uris":["https:\\/\\/client.example.org\\/cb"],"client_name":"\\u00e9\\ud83d\\ude00\\t","x":[-0,1.5e300,1E-5,0]}` },
  { id: 'cors', rule: 'R-DCR-ok', origin: 'https://app.example', body: reg({}) },
  { id: 'loopback-only', rule: 'R-DCR-ok', body: JSON.stringify({ redirect_uris: ['http://[::1]:8080/cb'] }) },
  { id: 'query-on-endpoint', rule: 'R-DCR-ok', path: '/register?x=1', body: reg({}) },

  // R-DCR-02: other methods (OPTIONS is R-CORS)
  { id: 'get', rule: 'R-DCR-02', method: 'GET' },
  { id: 'put', rule: 'R-DCR-02', method: 'PUT', body: reg({}) },
  { id: 'delete', rule: 'R-DCR-02', method: 'DELETE' },
  { id: 'head', rule: 'R-DCR-02', method: 'HEAD' },
  { id: 'get-cors', rule: 'R-DCR-02', method: 'GET', origin: 'https://app.example' },
  { id: 'options', rule: 'R-DCR-02', method: 'OPTIONS', origin: 'https://app.example' },
  // R-DCR-03 / 04: over 1 MiB (the runtime sends the Content-Length of a fixed body)
  { id: 'over-1mib', rule: 'R-DCR-03', body: reg({ client_name: 'x'.repeat(1 << 20) }) },
  { id: 'over-1mib-stream', rule: 'R-DCR-04', stream: true, body: reg({ client_name: 'x'.repeat(1 << 20) }) },
  { id: 'just-under-1mib', rule: 'R-DCR-ok', body: reg({ client_name: 'x'.repeat((1 << 20) - 100) }) },
  // R-DCR-05: not JSON
  { id: 'empty', rule: 'R-DCR-05', body: '' },
  { id: 'no-body', rule: 'R-DCR-05' },
  { id: 'not-json', rule: 'R-DCR-05', body: '{not json' },
  { id: 'form', rule: 'R-DCR-05', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'redirect_uris=https%3A%2F%2Fclient.example.org%2Fcb' },
  { id: 'trailing-comma', rule: 'R-DCR-05', body: `{"redirect_uris":["${R}"],}` },
  { id: 'leading-zero', rule: 'R-DCR-05', body: `{"redirect_uris":["${R}"],"x":01}` },
  { id: 'single-quotes', rule: 'R-DCR-05', body: `{'redirect_uris':['${R}']}` },
  { id: 'two-texts', rule: 'R-DCR-05', body: reg({}) + '{}' },
  { id: 'raw-tab-in-string', rule: 'R-DCR-05', body: `{"redirect_uris":["${R}"],"client_name":"a\tb"}` },
  { id: 'vertical-tab', rule: 'R-DCR-05', body: '\v' + reg({}) },
  // R-DCR-06: not an object
  { id: 'array', rule: 'R-DCR-06', body: `[${reg({})}]` },
  { id: 'string', rule: 'R-DCR-06', body: '"x"' },
  { id: 'null', rule: 'R-DCR-06', body: 'null' },
  { id: 'number', rule: 'R-DCR-06', body: '1' },
  // R-DCR-07: a string member of another type
  ...['client_name', 'client_id', 'token_endpoint_auth_method', 'token_endpoint_auth_signing_alg', 'client_uri', 'logo_uri', 'policy_uri', 'tos_uri', 'jwks_uri', 'client_name#fr', 'logo_uri#ja']
    .flatMap((m) => [[1, 'number'], [true, 'boolean'], [null, 'null'], [['a'], 'array'], [{}, 'object']]
      .map(([v, t]) => ({ id: `${m}-${t}`, rule: 'R-DCR-07', body: reg({ [m]: v }) }))),
  { id: 'order-auth-first', rule: 'R-DCR-07', body: JSON.stringify({ response_types: 1, client_name: 1, redirect_uris: 1, token_endpoint_auth_method: 1 }) },
  { id: 'order-i18n-before-contacts', rule: 'R-DCR-07', body: JSON.stringify({ contacts: 1, 'client_name#fr': 1, tos_uri: 1 }) },
  // R-DCR-08 / 09: array members
  ...['redirect_uris', 'contacts', 'grant_types', 'response_types', 'token_endpoint_auth_methods_supported', 'token_endpoint_auth_signing_alg_values_supported']
    .flatMap((m) => [['x', 'string'], [1, 'number'], [null, 'null'], [{}, 'object'], [['a', 1], 'number-inside'], [[null], 'null-inside'], [[['a']], 'array-inside']]
      .map(([v, t]) => ({ id: `${m}-${t}`, rule: Array.isArray(v) ? 'R-DCR-09' : 'R-DCR-08', body: JSON.stringify({ redirect_uris: [R], [m]: v }) }))),
  // R-DCR-10: URI members
  ...['client_uri', 'logo_uri', 'policy_uri', 'tos_uri', 'jwks_uri', 'client_uri#en', 'tos_uri#x-y']
    .flatMap((m) => ['ftp://client.example.org/', '/relative', 'https://', 'javascript:alert(1)', 'not a uri', 'https://client.example.org:99999/', 'data:text/plain,x', '']
      .map((v, i) => ({ id: `${m}-bad-${i}`, rule: 'R-DCR-10', body: reg({ [m]: v }) }))),
  { id: 'uri-http-ok', rule: 'R-DCR-ok', body: reg({ client_uri: 'http://client.example.org', 'logo_uri#en': 'https://l/x.png', 'client_name#en-US': 'not a uri' }) },
  // R-DCR-11 / 12: choices
  { id: 'method-not-in-supported', rule: 'R-DCR-11', body: reg({ token_endpoint_auth_method: 'none', token_endpoint_auth_methods_supported: ['client_secret_basic'] }) },
  { id: 'method-not-in-empty-supported', rule: 'R-DCR-11', body: reg({ token_endpoint_auth_method: 'none', token_endpoint_auth_methods_supported: [] }) },
  { id: 'alg-not-in-supported', rule: 'R-DCR-12', body: reg({ token_endpoint_auth_signing_alg: 'RS256', token_endpoint_auth_signing_alg_values_supported: ['ES256'] }) },
  // R-DCR-13: no method both accept
  { id: 'private-key-jwt', rule: 'R-DCR-13', body: reg({ token_endpoint_auth_method: 'private_key_jwt' }) },
  { id: 'supported-empty', rule: 'R-DCR-13', body: reg({ token_endpoint_auth_methods_supported: [] }) },
  { id: 'supported-unknown', rule: 'R-DCR-13', body: reg({ token_endpoint_auth_method: 'tls_client_auth', token_endpoint_auth_methods_supported: ['tls_client_auth', 'x', 'tls_client_auth'] }) },
  { id: 'method-case', rule: 'R-DCR-13', body: reg({ token_endpoint_auth_method: 'None' }) },
  // R-DCR-14: capabilities
  { id: 'implicit', rule: 'R-DCR-14', body: reg({ grant_types: ['implicit'], response_types: ['token'] }) },
  { id: 'client-credentials', rule: 'R-DCR-14', body: reg({ grant_types: ['authorization_code', 'client_credentials'] }) },
  { id: 'token-exchange', rule: 'R-DCR-14', body: reg({ grant_types: ['urn:ietf:params:oauth:grant-type:token-exchange'] }) },
  { id: 'response-id-token', rule: 'R-DCR-14', body: reg({ response_types: ['code', 'id_token'] }) },
  { id: 'refresh-only', rule: 'R-DCR-14', body: reg({ grant_types: ['refresh_token'] }) },
  { id: 'grants-empty', rule: 'R-DCR-14', body: reg({ grant_types: [] }) },
  { id: 'code-without-grant', rule: 'R-DCR-14', body: reg({ grant_types: ['refresh_token'], response_types: ['code'] }) },
  { id: 'grant-before-redirect', rule: 'R-DCR-14', body: JSON.stringify({ grant_types: ['password'] }) },
  // R-DCR-15: redirect URIs
  { id: 'no-redirect', rule: 'R-DCR-15', body: '{"client_name":"x"}' },
  { id: 'redirect-empty', rule: 'R-DCR-15', body: '{"redirect_uris":[]}' },
  { id: 'javascript', rule: 'R-DCR-15', body: '{"redirect_uris":["javascript:alert(1)"]}' },
  { id: 'javascript-beside', rule: 'R-DCR-15', body: `{"redirect_uris":["${R}"," JavaScript:alert(1)"]}` },
  { id: 'fragment', rule: 'R-DCR-15', body: `{"redirect_uris":["${R}#"]}` },
  { id: 'userinfo', rule: 'R-DCR-15', body: '{"redirect_uris":["https://u:p@client.example.org/cb"]}' },
  { id: 'control', rule: 'R-DCR-15', body: JSON.stringify({ redirect_uris: ['https://client.example.org/c\u0085b'] }) },
  { id: 'http-remote', rule: 'R-DCR-15', body: '{"redirect_uris":["http://client.example.org/cb"]}' },
  { id: 'private-use-off', rule: 'R-DCR-15', body: '{"redirect_uris":["cursor://anysphere.cursor-mcp/oauth/callback"]}' },
  { id: 'no-scheme', rule: 'R-DCR-15', body: '{"redirect_uris":["client.example.org/cb"]}' },
];

// Run with disallowPublicClientRegistration: true (R-DCR-16 and its neighbours).
export const CLOSED_CASES = [
  { id: 'public', rule: 'R-DCR-16', body: reg({ token_endpoint_auth_method: 'none' }) },
  { id: 'public-supported', rule: 'R-DCR-16', body: reg({ token_endpoint_auth_methods_supported: ['none'] }) },
  { id: 'public-preferred-supported', rule: 'R-DCR-16', body: reg({ token_endpoint_auth_method: 'none', token_endpoint_auth_methods_supported: ['none', 'private_key_jwt'] }) },
  { id: 'public-and-bad-redirect', rule: 'R-DCR-16', body: JSON.stringify({ token_endpoint_auth_method: 'none' }) },
  { id: 'public-and-bad-type', rule: 'R-DCR-16', body: reg({ token_endpoint_auth_method: 'none', client_name: 1 }) },
  { id: 'confidential-falls-back', rule: 'R-DCR-ok', body: reg({ token_endpoint_auth_methods_supported: ['none', 'client_secret_post'] }) },
  { id: 'default-confidential', rule: 'R-DCR-ok', body: reg({}) },
  { id: 'private-key-jwt', rule: 'R-DCR-13', body: reg({ token_endpoint_auth_method: 'private_key_jwt' }) },
  { id: 'array', rule: 'R-DCR-06', body: '[]' },
];

// Run with clientRegistrationTTL: undefined (records that never expire) and allowPrivateUseRedirectUris.
export const OPEN_CASES = [
  { id: 'confidential-no-ttl', rule: 'R-DCR-ok', body: reg({}) },
  { id: 'public-no-ttl', rule: 'R-DCR-ok', body: reg({ token_endpoint_auth_method: 'none' }) },
  { id: 'private-use', rule: 'R-DCR-ok', body: '{"redirect_uris":["cursor://anysphere.cursor-mcp/oauth/callback"]}' },
];

// Inputs no conforming client sends, answered as the RFC named says (README, "Deliberate
// differences from the reference"); the reference registers each.
const nested = (d) => '['.repeat(d) + ']'.repeat(d);
export const DELIBERATE = [
  { id: 'nesting', body: `{"redirect_uris":["${R}"],"x":${nested(40)}}`, rfc: 'RFC 8259 §9: a parser may limit the nesting depth (32 here)', ours: { status: 400, error: 'invalid_client_metadata', description: 'Client metadata nests too deeply' } },
  { id: 'values', body: `{"redirect_uris":["${R}"],"x":[${Array(5000).fill(0).join(',')}]}`, rfc: 'RFC 8259 §9: a parser may limit the size of texts it accepts (4096 values here)', ours: { status: 400, error: 'invalid_client_metadata', description: 'Client metadata has too many values' } },
  { id: 'invalid-utf8', bytes: true, body: Buffer.concat([Buffer.from(`{"redirect_uris":["${R}"],"client_name":"`), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]), rfc: 'RFC 8259 §8.1: JSON text exchanged between systems is UTF-8', ours: { status: 400, error: 'invalid_request', description: 'Invalid JSON payload' } },
  { id: 'nul-escape', body: `{"redirect_uris":["${R}"],"client_name":"a\\u0000b"}`, rfc: 'RFC 8259 §8.2 and RFC 7591 §2: no client metadata value holds U+0000', ours: { status: 400, error: 'invalid_request', description: 'Invalid JSON payload' } },
  { id: 'lone-surrogate', body: `{"redirect_uris":["${R}"],"client_name":"\\ud800"}`, rfc: 'RFC 8259 §8.2: a string of unpaired surrogates is not interoperable', ours: { status: 400, error: 'invalid_request', description: 'Invalid JSON payload' } },
  { id: 'empty-grant-type', body: reg({ grant_types: ['', 'authorization_code'] }), rfc: 'RFC 7591 §2: grant_types are grant types the server supports (the reference skips its check when the first unsupported one is the empty string)', ours: { status: 400, error: 'invalid_client_metadata', description: 'Unsupported grant_type: ' } },
  { id: 'empty-response-type', body: reg({ response_types: ['', 'code'] }), rfc: 'RFC 7591 §2: response_types are response types the server supports (the reference skips its check when the first unsupported one is the empty string)', ours: { status: 400, error: 'invalid_client_metadata', description: 'Unsupported response_type: ' } },
  { id: 'long-number', body: `{"redirect_uris":["${R}"],"x":${'1'.repeat(70)}}`, rfc: 'RFC 8259 §9: a parser may limit the range and precision of numbers (63 characters here)', ours: { status: 400, error: 'invalid_request', description: 'Invalid JSON payload' } },
];

// Run with CALLBACK as clientRegistrationCallback (R-DCR-18, R-DCR-19): what it answers depends on
// the client_name registered; it is handed the parsed body and a request whose body it can read.
export const CALLBACK = `{
  clientRegistrationCallback: async ({ clientMetadata, request }) => {
    const again = await request.json();
    if (JSON.stringify(again) !== JSON.stringify(clientMetadata)) return { description: 'the request body differs' };
    if (request.method !== 'POST' || !request.url.endsWith('/register')) return { description: 'not the request' };
    switch (clientMetadata.client_name) {
      case 'throw': throw new Error('boom');
      case 'deny': return { code: 'access_denied', description: 'not today', status: 403 };
      case 'defaults': return {};
      case 'empty-strings': return { code: '', description: '', status: null };
      case 'rate': return { code: 'temporarily_unavailable', status: 429 };
      case 'string': return 'no';
      default: return undefined;
    }
  },
}`;
export const CALLBACK_CASES = [
  { id: 'allowed', rule: 'R-DCR-ok', body: reg({ client_name: 'ok', extra: [1, { a: 'b' }] }) },
  { id: 'allowed-public', rule: 'R-DCR-ok', body: reg({ client_name: 'ok', token_endpoint_auth_method: 'none' }) },
  { id: 'allowed-bom', rule: 'R-DCR-ok', body: '\ufeff' + reg({ client_name: 'ok' }) },
  { id: 'throws', rule: 'R-DCR-18', body: reg({ client_name: 'throw' }) },
  { id: 'denies', rule: 'R-DCR-19', body: reg({ client_name: 'deny' }) },
  { id: 'denies-defaults', rule: 'R-DCR-19', body: reg({ client_name: 'defaults' }) },
  { id: 'denies-empty-strings', rule: 'R-DCR-19', body: reg({ client_name: 'empty-strings' }) },
  { id: 'denies-429', rule: 'R-DCR-19', body: reg({ client_name: 'rate' }) },
  { id: 'denies-string', rule: 'R-DCR-19', body: reg({ client_name: 'string' }) },
  { id: 'invalid-metadata-first', rule: 'R-DCR-15', body: JSON.stringify({ client_name: 'throw' }) },
  { id: 'denies-cors', rule: 'R-DCR-19', origin: 'https://app.example', body: reg({ client_name: 'deny' }) },
];
