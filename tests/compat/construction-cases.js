// The construction rules of the reference 1.2.3 (docs/observed/rules-1.2.3.md,
// section 1) and insufficientScope (R-HLP-01), as calls made on both modules
// in one workerd (harness/calls-worker.js; the test is construction.test.mjs).
//
// Each case: id (starting with its rule id), rule, call (P) => … on a module
// namespace, expect: what the reference does, [class, message] or null when
// it accepts; ours: [class, message] only where this project answers
// differently on purpose (same class, a clearer message), said in `why`.
import { WorkerEntrypoint } from 'cloudflare:workers';

const API = { fetch: () => new Response('api') };
const DEFAULT = { fetch: () => new Response('default') };
class Entry extends WorkerEntrypoint { fetch() { return new Response('entry'); } }
class NotEntry { fetch() { return new Response('plain class'); } }

const BASE = {
  apiRoute: '/api/',
  apiHandler: API,
  defaultHandler: DEFAULT,
  authorizeEndpoint: '/authorize',
  tokenEndpoint: '/token',
  resourceMetadata: { resource: 'https://example.com/api' },
};

// BASE with over merged in, and the names in drop removed.
function opts(over = {}, drop = []) {
  const o = { ...BASE, ...over };
  for (const k of drop) delete o[k];
  return o;
}
const make = (over, drop) => (P) => new P.OAuthProvider(opts(over, drop));
const withResource = (resource, extra = {}) => make({ resourceMetadata: { resource, ...extra } });
const withRm = (rm) => make({ resourceMetadata: { resource: 'https://example.com/api', ...rm } });

const T = (message) => ['TypeError', message];
const HANDLER = (name) => T(`${name} must be either an ExportedHandler object with a fetch method or a class extending WorkerEntrypoint`);
const ENDPOINT = (name) => T(`${name} must be either an absolute path starting with / or a valid URL`);
const R13 = T('resourceMetadata.resource is required and must be an absolute HTTPS URI without a fragment (http is accepted only on a loopback host)');
const R14 = T('resourceMetadata.resource must use a lowercase scheme and lowercase host');
const R15 = T('resourceMetadata.resource must use canonical URL serialization without userinfo, a default port, or dot segments');
const R16 = T('resourceMetadata.resource must not be inside the /.well-known/oauth-protected-resource namespace');
const R17 = T('resourceMetadata.authorization_servers must contain at least one issuer');
const R18 = T('resourceMetadata.authorization_servers must contain valid HTTPS issuer URLs');
const R19 = T('resourceMetadata.authorization_servers must contain valid HTTPS issuer URLs (http is accepted only on a loopback host)');
const R20 = T('requiredScopes (or the deprecated resourceMetadata.scopes_supported) must contain valid OAuth scope tokens');
const R21 = T("resourceMetadata.bearer_methods_supported only supports 'header'");
const R23 = T('Must provide either apiRoute + apiHandler OR apiHandlers. No API route configuration provided.');
const TTL = (name) => T(`${name} must be an integer of at least 60 seconds (Cloudflare KV's minimum expiration window).`);
const R36 = T("refreshTokenTTL must be 0 (no refresh tokens), undefined (no expiry), or an integer of at least 60 seconds (Cloudflare KV's minimum expiration window).");
const R37 = T("clientRegistrationTTL must be undefined (no expiry) or an integer of at least 60 seconds (Cloudflare KV's minimum expiration window).");
const R38 = T('scopesSupported must contain valid OAuth scope tokens');
const HLP01 = T('insufficientScope requires at least one valid OAuth scope token');
const MISSING_ENDPOINT = 'the reference reads a property of undefined (an engine TypeError); ours names the option';

export const CASES = [
  { id: 'positive: the base options', rule: '-', call: make(), expect: null },

  // R-CTOR-01: the first thing the constructor does is the `in` operator on its argument.
  ...[['undefined', undefined], ['null', null], ['a string', 'options'], ['a number', 5]].map(([what, v]) => ({
    id: `R-CTOR-01 options ${what}`, rule: 'R-CTOR-01', call: (P) => new P.OAuthProvider(v),
    expect: T(`Cannot use 'in' operator to search for 'authorizationServer' in ${v}`),
  })),
  { id: 'R-CTOR-01 no argument', rule: 'R-CTOR-01', call: (P) => new P.OAuthProvider(), expect: T("Cannot use 'in' operator to search for 'authorizationServer' in undefined") },

  // R-CTOR-03: a handler is an object with a fetch function or a class extending WorkerEntrypoint.
  { id: 'R-CTOR-03 defaultHandler {}', rule: 'R-CTOR-03', call: make({ defaultHandler: {} }), expect: HANDLER('defaultHandler') },
  { id: 'R-CTOR-03 defaultHandler fetch not a function', rule: 'R-CTOR-03', call: make({ defaultHandler: { fetch: 'x' } }), expect: HANDLER('defaultHandler') },
  { id: 'R-CTOR-03 defaultHandler a class not extending WorkerEntrypoint', rule: 'R-CTOR-03', call: make({ defaultHandler: NotEntry }), expect: HANDLER('defaultHandler') },
  { id: 'R-CTOR-03 defaultHandler a function', rule: 'R-CTOR-03', call: make({ defaultHandler: () => new Response('x') }), expect: HANDLER('defaultHandler') },
  { id: 'R-CTOR-03 defaultHandler null', rule: 'R-CTOR-03', call: make({ defaultHandler: null }), expect: HANDLER('defaultHandler') },
  { id: 'R-CTOR-03 positive: defaultHandler a WorkerEntrypoint class', rule: 'R-CTOR-03', call: make({ defaultHandler: Entry }), expect: null },
  { id: 'R-CTOR-03 first: an invalid defaultHandler before resourceMatchOriginOnly', rule: 'R-CTOR-03', call: make({ defaultHandler: {}, resourceMatchOriginOnly: true }), expect: HANDLER('defaultHandler') },

  // R-CTOR-04: the key alone refuses, whatever its value.
  ...[['false', false], ['true', true], ['undefined', undefined]].map(([what, v]) => ({
    id: `R-CTOR-04 resourceMatchOriginOnly ${what}`, rule: 'R-CTOR-04', call: make({ resourceMatchOriginOnly: v }),
    expect: T('resourceMatchOriginOnly was removed in 1.0. Configure resourceMetadata.resource; audiences are compared exactly against that canonical resource. See the migration guide.'),
  })),
  { id: 'R-CTOR-04 first: before an invalid apiHandler and endpoint', rule: 'R-CTOR-04', call: make({ resourceMatchOriginOnly: false, apiHandler: {}, tokenEndpoint: 'x' }), expect: T('resourceMatchOriginOnly was removed in 1.0. Configure resourceMetadata.resource; audiences are compared exactly against that canonical resource. See the migration guide.') },

  // R-CTOR-05: requiredScopes and the deprecated resourceMetadata.scopes_supported, both given (null counts, undefined does not).
  { id: 'R-CTOR-05 both given', rule: 'R-CTOR-05', call: make({ requiredScopes: ['read'], resourceMetadata: { resource: 'https://example.com/api', scopes_supported: ['read'] } }), expect: T('Set requiredScopes only: resourceMetadata.scopes_supported is deprecated in its favour') },
  { id: 'R-CTOR-05 both empty', rule: 'R-CTOR-05', call: make({ requiredScopes: [], resourceMetadata: { resource: 'https://example.com/api', scopes_supported: [] } }), expect: T('Set requiredScopes only: resourceMetadata.scopes_supported is deprecated in its favour') },
  { id: 'R-CTOR-05 requiredScopes null', rule: 'R-CTOR-05', call: make({ requiredScopes: null, resourceMetadata: { resource: 'https://example.com/api', scopes_supported: ['read'] } }), expect: T('Set requiredScopes only: resourceMetadata.scopes_supported is deprecated in its favour') },
  { id: 'R-CTOR-05 positive: requiredScopes undefined', rule: 'R-CTOR-05', call: make({ requiredScopes: undefined, resourceMetadata: { resource: 'https://example.com/api', scopes_supported: ['read'] } }), expect: null },
  { id: 'R-CTOR-05 first: before a bad authorizeEndpoint', rule: 'R-CTOR-05', call: make({ authorizeEndpoint: 'x', requiredScopes: ['a'], resourceMetadata: { resource: 'https://example.com/api', scopes_supported: ['a'] } }), expect: T('Set requiredScopes only: resourceMetadata.scopes_supported is deprecated in its favour') },

  // R-CTOR-06 / R-CTOR-08: no default endpoints in 1.x.
  { id: 'R-CTOR-06 authorizeEndpoint absent', rule: 'R-CTOR-06', call: make({}, ['authorizeEndpoint']), expect: T("Cannot read properties of undefined (reading 'startsWith')"), ours: ENDPOINT('authorizeEndpoint'), why: MISSING_ENDPOINT },
  { id: 'R-CTOR-06 authorizeEndpoint undefined', rule: 'R-CTOR-06', call: make({ authorizeEndpoint: undefined }), expect: T("Cannot read properties of undefined (reading 'startsWith')"), ours: ENDPOINT('authorizeEndpoint'), why: MISSING_ENDPOINT },
  { id: 'R-CTOR-06 authorizeEndpoint null', rule: 'R-CTOR-06', call: make({ authorizeEndpoint: null }), expect: T("Cannot read properties of null (reading 'startsWith')"), ours: ENDPOINT('authorizeEndpoint'), why: MISSING_ENDPOINT },
  { id: 'R-CTOR-08 tokenEndpoint absent', rule: 'R-CTOR-08', call: make({}, ['tokenEndpoint']), expect: T("Cannot read properties of undefined (reading 'startsWith')"), ours: ENDPOINT('tokenEndpoint'), why: MISSING_ENDPOINT },
  { id: 'R-CTOR-08 tokenEndpoint undefined', rule: 'R-CTOR-08', call: make({ tokenEndpoint: undefined }), expect: T("Cannot read properties of undefined (reading 'startsWith')"), ours: ENDPOINT('tokenEndpoint'), why: MISSING_ENDPOINT },

  // R-CTOR-07 / R-CTOR-09: a path starting with / or a URL that parses.
  ...[['authorizeEndpoint', 'R-CTOR-07'], ['tokenEndpoint', 'R-CTOR-09']].flatMap(([name, rule]) => [
    { id: `${rule} ${name} relative`, rule, call: make({ [name]: name.replace('Endpoint', '') }), expect: ENDPOINT(name) },
    { id: `${rule} ${name} empty`, rule, call: make({ [name]: '' }), expect: ENDPOINT(name) },
    { id: `${rule} ${name} a space in the host`, rule, call: make({ [name]: 'https://exa mple.com/x' }), expect: ENDPOINT(name) },
    { id: `${rule} ${name} an unclosed IPv6 host`, rule, call: make({ [name]: 'https://[::1/x' }), expect: ENDPOINT(name) },
    { id: `${rule} ${name} port out of range`, rule, call: make({ [name]: 'https://example.com:65536/x' }), expect: ENDPOINT(name) },
    { id: `${rule} positive: ${name} a full URL`, rule, call: make({ [name]: 'https://example.com/oauth/x' }), expect: null },
  ]),
  // R-CTOR-11: clientRegistrationEndpoint, when truthy, a path starting with / or a URL that parses; falsy disables registration.
  ...[
    ['relative', 'register'], ['a space in the host', 'https://exa mple.com/r'], ['port out of range', 'https://example.com:65536/r'],
  ].map(([what, v]) => ({ id: `R-CTOR-11 clientRegistrationEndpoint ${what}`, rule: 'R-CTOR-11', call: make({ clientRegistrationEndpoint: v }), expect: ENDPOINT('clientRegistrationEndpoint') })),
  { id: 'R-CTOR-11 positive: clientRegistrationEndpoint empty (registration off)', rule: 'R-CTOR-11', call: make({ clientRegistrationEndpoint: '' }), expect: null },
  { id: 'R-CTOR-11 positive: clientRegistrationEndpoint a path', rule: 'R-CTOR-11', call: make({ clientRegistrationEndpoint: '/register' }), expect: null },
  { id: 'R-CTOR-11 positive: clientRegistrationEndpoint a full URL', rule: 'R-CTOR-11', call: make({ clientRegistrationEndpoint: 'https://example.com/register' }), expect: null },
  { id: 'R-CTOR-09 first: tokenEndpoint before resourceMetadata', rule: 'R-CTOR-09', call: make({ tokenEndpoint: 'token', resourceMetadata: { resource: 'http://example.com/api' } }), expect: ENDPOINT('tokenEndpoint') },
  { id: 'R-CTOR-07 first: authorizeEndpoint before tokenEndpoint', rule: 'R-CTOR-07', call: make({ tokenEndpoint: 'token', authorizeEndpoint: 'authorize' }), expect: ENDPOINT('authorizeEndpoint') },
  { id: 'positive: tokenEndpoint equal to authorizeEndpoint', rule: 'Appendix B', call: make({ tokenEndpoint: '/oauth', authorizeEndpoint: '/oauth' }), expect: null },

  // R-CTOR-13: the resource URI syntax, a URL that parses, https or loopback http.
  ...[
    ['remote http', 'http://example.com/api'], ['a fragment', 'https://example.com/api#x'], ['an empty fragment', 'https://example.com/api#'],
    ['no scheme', 'example.com/api'], ['no authority', 'https:/api'], ['a space', 'https://example.com/a b'], ['a double quote', 'https://example.com/a"b'],
    ['a backslash', 'https://example.com\\api'], ['a brace', 'https://example.com/a{b}'], ['a bad escape', 'https://example.com/a%zz'],
    ['non-ASCII', 'https://example.com/é'], ['ftp', 'ftp://example.com/api'], ['a port out of range', 'https://example.com:99999/api'],
    ['a numeric last label', 'https://example.123/api'], ['an unclosed IPv6 host', 'https://[::1/api'], ['empty', ''],
    ['http on localhost.', 'http://localhost./api'],
  ].map(([what, r]) => ({ id: `R-CTOR-13 resource with ${what}`, rule: 'R-CTOR-13', call: withResource(r), expect: R13 })),
  { id: 'R-CTOR-13 resource not a string', rule: 'R-CTOR-13', call: withResource(5), expect: R13 },
  { id: 'R-CTOR-13 resource absent', rule: 'R-CTOR-13', call: make({ resourceMetadata: { resource_name: 'x' } }), expect: R13 },
  ...[
    ['http on localhost', 'http://localhost:8787/api'], ['http on 127.0.0.1', 'http://127.0.0.1/api'], ['http on [::1]', 'http://[::1]:8080/api'],
    ['an origin', 'https://example.com'], ['the root', 'https://example.com/'], ['a query', 'https://example.com/api?tenant=a'],
    ['a port', 'https://example.com:8443/api'], ['an IPv6 host', 'https://[2001:db8::1]/api'],
    ['a trailing slash', 'https://example.com/api/'],
  ].map(([what, r]) => ({ id: `R-CTOR-13 positive: resource with ${what}`, rule: 'R-CTOR-13', call: withResource(r, {}), expect: null })),
  { id: 'R-CTOR-13 positive: resource with an escape', rule: 'R-CTOR-13', call: make({ apiRoute: '/a%20b', resourceMetadata: { resource: 'https://example.com/a%20b' } }), expect: null },

  // R-CTOR-14: scheme and host in lower case.
  ...[['an upper-case scheme', 'HTTPS://example.com/api'], ['an upper-case host', 'https://Example.com/api'], ['upper-case IPv6 hex', 'https://[2001:DB8::1]/api'], ['http on LOCALHOST', 'http://LOCALHOST/api']]
    .map(([what, r]) => ({ id: `R-CTOR-14 resource with ${what}`, rule: 'R-CTOR-14', call: withResource(r), expect: R14 })),
  { id: 'R-CTOR-14 positive: an upper-case path', rule: 'R-CTOR-14', call: make({ apiRoute: '/API/', resourceMetadata: { resource: 'https://example.com/API' } }), expect: null },

  // R-CTOR-15: no userinfo; its own serialization or its origin.
  ...[
    ['userinfo', 'https://user@example.com/api'], ['a password', 'https://user:pw@example.com/api'], ['empty userinfo', 'https://@example.com/api'],
    ['the default port', 'https://example.com:443/api'], ['an empty port', 'https://example.com:/api'], ['a port with a leading zero', 'https://example.com:08443/api'],
    ['a dot segment', 'https://example.com/./api'], ['a double-dot segment', 'https://example.com/x/../api'], ['an escaped dot segment', 'https://example.com/%2e/api'],
    ['a query after the origin', 'https://example.com?x=1'], ['an escaped host character', 'https://%65xample.com/api'], ['a short IPv4 host', 'http://127.1/api'],
    ['a long IPv6 host', 'https://[0:0::1]/api'], ['a quote in the query', "https://example.com/api?a='b'"],
  ].map(([what, r]) => ({ id: `R-CTOR-15 resource with ${what}`, rule: 'R-CTOR-15', call: withResource(r), expect: R15 })),

  // R-CTOR-16: the metadata namespace itself, not a sibling path.
  { id: 'R-CTOR-16 resource is the metadata prefix', rule: 'R-CTOR-16', call: withResource('https://example.com/.well-known/oauth-protected-resource'), expect: R16 },
  { id: 'R-CTOR-16 positive: a sibling of the metadata prefix', rule: 'R-CTOR-16', call: make({ apiRoute: '/.well-known/oauth-protected-resource-x', resourceMetadata: { resource: 'https://example.com/.well-known/oauth-protected-resource-x' } }), expect: null },

  // R-CTOR-17 … R-CTOR-19: authorization_servers.
  { id: 'R-CTOR-17 authorization_servers empty', rule: 'R-CTOR-17', call: withRm({ authorization_servers: [] }), expect: R17 },
  ...[['not a URL', 'as.example.com'], ['a space in the host', 'https://as example.com'], ['a number', 5], ['empty', '']]
    .map(([what, a]) => ({ id: `R-CTOR-18 an issuer ${what}`, rule: 'R-CTOR-18', call: withRm({ authorization_servers: ['https://as.example.com', a] }), expect: R18 })),
  ...[
    ['remote http', 'http://as.example.com'], ['with a query', 'https://as.example.com?x=1'], ['with a fragment', 'https://as.example.com#f'],
    ['upper case', 'https://AS.example.com'], ['with userinfo', 'https://u@as.example.com'], ['with the default port', 'https://as.example.com:443'],
    ['ftp', 'ftp://as.example.com'], ['with a dot segment', 'https://as.example.com/a/../b'], ['with a space in the path', 'https://as.example.com/a b'],
  ].map(([what, a]) => ({ id: `R-CTOR-19 an issuer ${what}`, rule: 'R-CTOR-19', call: withRm({ authorization_servers: [a] }), expect: R19 })),
  ...[['https', ['https://as.example.com']], ['with a path', ['https://as.example.com/tenant']], ['loopback http', ['http://localhost:8787']], ['several', ['https://a.example.com', 'https://b.example.com/']]]
    .map(([what, a]) => ({ id: `R-CTOR-19 positive: issuers ${what}`, rule: 'R-CTOR-19', call: withRm({ authorization_servers: a }), expect: null })),
  { id: 'R-CTOR-17 first: before an invalid bearer method', rule: 'R-CTOR-17', call: withRm({ authorization_servers: [], bearer_methods_supported: ['body'] }), expect: R17 },

  // R-CTOR-20 then R-CTOR-21 (order).
  { id: 'R-CTOR-20 first: an invalid required scope before an invalid bearer method', rule: 'R-CTOR-20', call: make({ requiredScopes: ['a b'], resourceMetadata: { resource: 'https://example.com/api', bearer_methods_supported: ['body'] } }), expect: R20 },
  ...[['body', ['body']], ['header and query', ['header', 'query']], ['a string', 'header']]
    .map(([what, b]) => ({ id: `R-CTOR-21 bearer_methods_supported ${what}`, rule: 'R-CTOR-21', call: withRm({ bearer_methods_supported: b }), expect: R21 })),
  { id: 'R-CTOR-21 positive: header', rule: 'R-CTOR-21', call: withRm({ bearer_methods_supported: ['header'] }), expect: null },
  { id: 'R-CTOR-21 positive: none', rule: 'R-CTOR-21', call: withRm({ bearer_methods_supported: [] }), expect: null },
  { id: 'R-CTOR-13 first: resourceMetadata before the API routes', rule: 'R-CTOR-13', call: make({ apiRoute: 'api', resourceMetadata: { resource: 'http://example.com/api' } }), expect: R13 },

  // R-CTOR-23 boundaries: apiRoute and apiHandler must both be truthy.
  { id: 'R-CTOR-23 apiRoute empty', rule: 'R-CTOR-23', call: make({ apiRoute: '' }), expect: R23 },
  { id: 'R-CTOR-23 apiHandler null', rule: 'R-CTOR-23', call: make({ apiHandler: null }), expect: R23 },
  { id: 'R-CTOR-23 positive: apiRoute null beside apiHandlers', rule: 'R-CTOR-23', call: make({ apiRoute: null, apiHandler: undefined, apiHandlers: { '/api/': API } }), expect: null },

  // R-CTOR-24 … R-CTOR-27.
  ...[['{}', {}], ['fetch not a function', { fetch: 1 }], ['a class not extending WorkerEntrypoint', NotEntry], ['a function', () => 1]]
    .map(([what, h]) => ({ id: `R-CTOR-24 apiHandler ${what}`, rule: 'R-CTOR-24', call: make({ apiHandler: h }), expect: HANDLER('apiHandler') })),
  { id: 'R-CTOR-24 positive: apiHandler a WorkerEntrypoint class', rule: 'R-CTOR-24', call: make({ apiHandler: Entry }), expect: null },
  { id: 'R-CTOR-24 first: apiHandler before apiRoute', rule: 'R-CTOR-24', call: make({ apiHandler: {}, apiRoute: 'api' }), expect: HANDLER('apiHandler') },
  { id: 'R-CTOR-25 apiRoute relative', rule: 'R-CTOR-25', call: make({ apiRoute: 'api/' }), expect: ENDPOINT('apiRoute') },
  { id: 'R-CTOR-25 apiRoute[1] relative', rule: 'R-CTOR-25', call: make({ apiRoute: ['/api/', 'api/v2/'] }), expect: ENDPOINT('apiRoute[1]') },
  { id: 'R-CTOR-25 apiRoute[0] a space in the host', rule: 'R-CTOR-25', call: make({ apiRoute: ['https://exa mple.com/api/'] }), expect: ENDPOINT('apiRoute[0]') },
  { id: 'R-CTOR-26 apiHandlers key relative', rule: 'R-CTOR-26', call: make({ apiRoute: undefined, apiHandler: undefined, apiHandlers: { '/api/': API, 'api/v2/': API } }), expect: ENDPOINT('apiHandlers key: api/v2/') },
  ...[['{}', {}], ['a class not extending WorkerEntrypoint', NotEntry], ['null', null]]
    .map(([what, h]) => ({ id: `R-CTOR-27 apiHandlers value ${what}`, rule: 'R-CTOR-27', call: make({ apiRoute: undefined, apiHandler: undefined, apiHandlers: { '/api/': h } }), expect: HANDLER('apiHandlers[/api/]') })),
  { id: 'R-CTOR-27 first: a value before the next key', rule: 'R-CTOR-27', call: make({ apiRoute: undefined, apiHandler: undefined, apiHandlers: { '/api/': {}, 'v2': API } }), expect: HANDLER('apiHandlers[/api/]') },
  { id: 'R-CTOR-26 first: a key before its value', rule: 'R-CTOR-26', call: make({ apiRoute: undefined, apiHandler: undefined, apiHandlers: { 'v2': {} } }), expect: ENDPOINT('apiHandlers key: v2') },

  // R-CTOR-31 … R-CTOR-37 with explicit undefined and null (R-CTOR-32), and their order.
  { id: 'R-CTOR-32 accessTokenTTL undefined', rule: 'R-CTOR-32', call: make({ accessTokenTTL: undefined }), expect: TTL('accessTokenTTL') },
  { id: 'R-CTOR-32 accessTokenTTL null', rule: 'R-CTOR-32', call: make({ accessTokenTTL: null }), expect: TTL('accessTokenTTL') },
  { id: 'R-CTOR-32 refreshTokenTTL null', rule: 'R-CTOR-32', call: make({ refreshTokenTTL: null }), expect: R36 },
  { id: 'R-CTOR-32 positive: refreshTokenTTL undefined', rule: 'R-CTOR-32', call: make({ refreshTokenTTL: undefined }), expect: null },
  { id: 'R-CTOR-32 refreshTokenIdleTTL null', rule: 'R-CTOR-32', call: make({ refreshTokenIdleTTL: null }), expect: TTL('refreshTokenIdleTTL') },
  { id: 'R-CTOR-32 positive: refreshTokenIdleTTL undefined', rule: 'R-CTOR-32', call: make({ refreshTokenIdleTTL: undefined }), expect: null },
  { id: 'R-CTOR-32 clientRegistrationTTL null', rule: 'R-CTOR-32', call: make({ clientRegistrationTTL: null }), expect: R37 },
  { id: 'R-CTOR-32 positive: clientRegistrationTTL undefined', rule: 'R-CTOR-32', call: make({ clientRegistrationTTL: undefined }), expect: null },
  { id: 'R-CTOR-31 accessTokenTTL a string', rule: 'R-CTOR-31', call: make({ accessTokenTTL: '3600' }), expect: TTL('accessTokenTTL') },
  { id: 'R-CTOR-31 first: accessTokenTTL before refreshTokenIdleTTL', rule: 'R-CTOR-31', call: make({ accessTokenTTL: 10, refreshTokenIdleTTL: 10 }), expect: TTL('accessTokenTTL') },
  { id: 'R-CTOR-33 first: refreshTokenIdleTTL before refreshTokenTTL', rule: 'R-CTOR-33', call: make({ refreshTokenTTL: 30, refreshTokenIdleTTL: 30 }), expect: TTL('refreshTokenIdleTTL') },
  { id: 'R-CTOR-36 first: refreshTokenTTL before clientRegistrationTTL', rule: 'R-CTOR-36', call: make({ refreshTokenTTL: 30, clientRegistrationTTL: 30 }), expect: R36 },
  { id: 'R-CTOR-37 first: clientRegistrationTTL before scopesSupported', rule: 'R-CTOR-37', call: make({ clientRegistrationTTL: 30, scopesSupported: ['a b'] }), expect: R37 },
  { id: 'R-CTOR-38 last: scopesSupported after everything', rule: 'R-CTOR-38', call: make({ scopesSupported: ['a b'] }), expect: R38 },
  { id: 'R-CTOR-31 first: the API routes before accessTokenTTL', rule: 'R-CTOR-25', call: make({ apiRoute: 'api', accessTokenTTL: 1 }), expect: ENDPOINT('apiRoute') },

  // R-CTOR-40 … R-CTOR-44: enterpriseManagedAuthorization (a falsy one is off), after scopesSupported.
  ...(() => {
    const F = async () => null;
    const ema = (over) => make({ enterpriseManagedAuthorization: { trustedIssuers: F, mapClaims: F, ...over } });
    const E = (m) => T(`enterpriseManagedAuthorization.${m}`);
    const R40 = E('trustedIssuers must be a resolver function: (input) => EmaTrustedIssuer | null');
    const R42 = E('jwksCacheTtlSeconds must be greater than 0');
    const R43 = E('clockSkewSeconds must be non-negative');
    const R44 = E('maxAssertionLifetimeSeconds must be greater than 0');
    return [
      { id: 'R-CTOR-40 positive: the functions and the defaults', rule: 'R-CTOR-40', call: ema({}), expect: null },
      { id: 'R-CTOR-40 positive: false is off', rule: 'R-CTOR-40', call: make({ enterpriseManagedAuthorization: false }), expect: null },
      { id: 'R-CTOR-40 trustedIssuers an array of issuers', rule: 'R-CTOR-40', call: ema({ trustedIssuers: [{ issuer: 'https://idp.example', jwksUri: 'https://idp.example/jwks' }] }), expect: R40 },
      { id: 'R-CTOR-40 trustedIssuers absent', rule: 'R-CTOR-40', call: ema({ trustedIssuers: undefined }), expect: R40 },
      { id: 'R-CTOR-40 true as the option', rule: 'R-CTOR-40', call: make({ enterpriseManagedAuthorization: true }), expect: R40 },
      { id: 'R-CTOR-41 mapClaims not a function', rule: 'R-CTOR-41', call: ema({ mapClaims: {} }), expect: E('mapClaims must be a function') },
      ...[['0', 0], ['negative', -1], ['null', null], ['false', false], ['an empty array', []]].map(([what, v]) => ({
        id: `R-CTOR-42 jwksCacheTtlSeconds ${what}`, rule: 'R-CTOR-42', call: ema({ jwksCacheTtlSeconds: v }), expect: R42 })),
      ...[['NaN', NaN], ['a word', 'soon'], ['a numeric string', '600'], ['0.5', 0.5]].map(([what, v]) => ({
        id: `R-CTOR-42 positive: jwksCacheTtlSeconds ${what}`, rule: 'R-CTOR-42', call: ema({ jwksCacheTtlSeconds: v }), expect: null })),
      { id: 'R-CTOR-43 clockSkewSeconds negative', rule: 'R-CTOR-43', call: ema({ clockSkewSeconds: -1 }), expect: R43 },
      { id: 'R-CTOR-43 clockSkewSeconds "-5"', rule: 'R-CTOR-43', call: ema({ clockSkewSeconds: '-5' }), expect: R43 },
      ...[['0', 0], ['null', null]].map(([what, v]) => ({
        id: `R-CTOR-43 positive: clockSkewSeconds ${what}`, rule: 'R-CTOR-43', call: ema({ clockSkewSeconds: v }), expect: null })),
      ...[['0', 0], ['negative', -300], ['null', null]].map(([what, v]) => ({
        id: `R-CTOR-44 maxAssertionLifetimeSeconds ${what}`, rule: 'R-CTOR-44', call: ema({ maxAssertionLifetimeSeconds: v }), expect: R44 })),
      { id: 'R-CTOR-42 first: jwksCacheTtlSeconds before clockSkewSeconds', rule: 'R-CTOR-42', call: ema({ jwksCacheTtlSeconds: 0, clockSkewSeconds: -1 }), expect: R42 },
      { id: 'R-CTOR-40 first: trustedIssuers before mapClaims', rule: 'R-CTOR-40', call: ema({ trustedIssuers: 1, mapClaims: 1 }), expect: R40 },
      { id: 'R-CTOR-38 first: scopesSupported before enterpriseManagedAuthorization', rule: 'R-CTOR-38', call: make({ scopesSupported: ['a b'], enterpriseManagedAuthorization: {} }), expect: R38 },
    ];
  })(),

  // R-HLP-01: insufficientScope wants a non-empty array of scope tokens.
  ...[['empty', []], ['a space', ['a b']], ['a double quote', ['a"b']], ['an empty token', ['']], ['a string', 'read'], ['absent', undefined], ['a number', [5]]]
    .map(([what, scope]) => ({ id: `R-HLP-01 insufficientScope scope ${what}`, rule: 'R-HLP-01', call: (P) => P.insufficientScope({ audience: 'https://example.com/api' }, scope, 'x'), expect: HLP01 })),
  { id: 'R-HLP-01 positive: insufficientScope with repeated scopes', rule: 'R-HLP-01', call: (P) => P.insufficientScope({ audience: 'https://example.com/api' }, ['write', 'admin', 'write'], 'Needs "write"\n'), expect: null },
  { id: 'R-HLP-01 positive: insufficientScope without description', rule: 'R-HLP-01', call: (P) => P.insufficientScope({ audience: 'https://example.com/api' }, ['write']), expect: null },
  { id: 'R-HLP-01 positive: insufficientScope with an empty description', rule: 'R-HLP-01', call: (P) => P.insufficientScope({ audience: 'https://example.com/api' }, ['write'], ''), expect: null },
  { id: 'R-HLP-01 positive: insufficientScope with a description of quotes only', rule: 'R-HLP-01', call: (P) => P.insufficientScope({ audience: 'https://example.com/api' }, ['write'], '"\\"'), expect: null },
  { id: 'R-HLP-01 positive: insufficientScope for an audience with a query', rule: 'R-HLP-01', call: (P) => P.insufficientScope({ audience: 'https://example.com/api?tenant=a' }, ['write'], '  tabs\tand  spaces  '), expect: null },
];
