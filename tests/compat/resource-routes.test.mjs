// 1.x API routes and the resource (issue #15), ours against the reference 1.2.3
// in one workerd: a route outside resourceMetadata.resource is refused at
// construction with the reference's message, routes cover paths at segment
// boundaries, and a request outside the token's resource is refused.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';
import { startDual, seen, constructBoth } from './harness/dual.mjs';

const E = { tokenEndpoint: '/token', authorizeEndpoint: '/authorize' };
const res = (resource) => ({ ...E, resourceMetadata: { resource } });

test('construction: every API route must lie under the resource, with the reference\'s message', async () => {
  const api = 'https://example.com/api';
  const cases = [
    { ...res(api), apiRoute: ['/api/', '/other/'] },
    { ...res(api), apiRoute: '/other/' },
    { ...res(api), apiRoute: '/api' },
    { ...res(api), apiRoute: ['/api/v1/', '/api//', '/api/?x=1', '/api/../other/'] },
    { ...res(api), apiRoute: ['/apix/'] },
    { ...res(api), apiRoute: ['/'] },
    { ...res(api), apiRoute: ['/API/'] },
    { ...res(api), apiRoute: ['/api#x'] },
    { ...res('https://example.com/api/'), apiRoute: '/api' },
    { ...res('https://example.com'), apiRoute: ['/api/', '/other/'] },
    { ...res('https://example.com/'), apiRoute: ['/api/', '/other/'] },
    { ...res('https://example.com:8443/api'), apiRoute: ['/other/'] },
    { ...res('http://localhost:8787/api'), apiRoute: ['http://localhost:8787/api/', '/api/x'] },
    { ...res('http://localhost:8787/api'), apiRoute: ['/other/'] },
    // full URLs: the resource's origin, and the path as a URL parser reads it
    { ...res(api), apiRoute: ['https://example.com/api/', 'https://EXAMPLE.com/api/', 'https://example.com:443/api/'] },
    { ...res(api), apiRoute: ['https://example.com/other/'] },
    { ...res(api), apiRoute: ['https://example.com'] },
    { ...res(api), apiRoute: ['https://example.com/apiv2'] },
    { ...res(api), apiRoute: ['https://other.example/api/'] },
    { ...res(api), apiRoute: ['http://example.com/api/'] },
    { ...res('https://example.com:8443/api'), apiRoute: ['https://example.com/api/'] },
    { ...res('http://localhost:8787/api'), apiRoute: ['http://127.0.0.1:8787/api/'] },
    { ...res(api), apiRoute: ['https://example.com/other/../api/', 'https://example.com/%2e%2e/api/', 'https://example.com/api\\x'] },
    { ...res(api), apiRoute: ['https://example.com/api/../other/'] },
    { ...res(api), apiRoute: ['https://example.com/api/%2e%2e/other/'] },
    { ...res(api), apiRoute: ['https://example.com/a%70i/'] },
    { ...res(api), apiRoute: ['/api/', '/other/', 'https://x.example/api/'] },
    // a path route's path ends at '?'; a full URL carries the resource's query parameters
    { ...res(api), apiRoute: ['/api?x', '/other?/api'] },
    { ...res('https://example.com/api?x=1'), apiRoute: ['/api?x=2', 'https://example.com/api', 'https://example.com/api?x=1&y=2', 'https://example.com/api?x=1&x=2'] },
    { ...res('https://example.com/api?x=1'), apiRoute: ['https://example.com/api?x=2'] },
    { ...res('https://example.com/api?x=1&x=2'), apiRoute: ['https://example.com/api?x=1'] },
    { ...res('https://example.com/api?x=1&x=2'), apiRoute: ['https://example.com/api?x=2&x=1'] },
    { ...res('https://example.com/api?x=a%20b'), apiRoute: ['https://example.com/api?x=a+b'] },
    { ...res('https://example.com/api?x=1'), apiRoute: ['https://example.com/other?x=2'] },
    { ...res('https://example.com/api?x=1'), apiRoute: ['https://other.example/api?x=2'] },
    // apiHandlers keys
    { ...res(api), apiHandlers: ['/api/', '/other/'] },
    { ...res(api), apiHandlers: ['/api/a/', '/api/b/'] },
    { ...res(api), apiHandlers: ['https://example.com/other/'] },
    // malformed routes
    { ...res(api), apiRoute: 'api/' },
    { ...res(api), apiRoute: ['/api/', 'api/'] },
    { ...res(api), apiRoute: [''] },
    { ...res(api), apiHandlers: ['/api/', 'x'] },
  ];
  const got = await constructBoth(cases);
  for (const [i, r] of got.entries()) assert.deepEqual(r.ours, r.theirs, `case ${i}: ${JSON.stringify(cases[i])}`);
  // the configuration is refused
  assert.equal(got[0].ours.name, 'TypeError');
});

for (const [label, options, paths] of [
  ['route /api, resource .../api', { ...H.CONFIGS.v1, apiRoute: '/api' }, ['/api', '/api/', '/api/x', '/apix', '/apix/y', '/api2/x', '/api%2Fx', '/API/x', '/other/x', 'https://other.example/api/x']],
  ['route https://example.com/api', { ...H.CONFIGS.v1, apiRoute: 'https://example.com/api' }, ['/api', '/api/x', '/apix', 'https://other.example/api/x']],
  ['route /api/, resource .../api/', { ...H.CONFIGS.v1, apiRoute: '/api/', resourceMetadata: { resource: 'https://example.com/api/' } }, ['/api', '/api/', '/api/x', '/apix']],
  ['resource .../api?x=1: the request carries the query', { ...H.CONFIGS.v1, resourceMetadata: { resource: 'https://example.com/api?x=1' } }, ['/api/data', '/api/data?x=1', '/api/data?x=2', '/api/data?y=2&x=1', '/api/data?x=2&x=1', '/api/data?x=%31']],
  ['resource https://example.com, two routes', { ...H.CONFIGS.v1, apiRoute: ['/api/', '/other/'], resourceMetadata: { resource: 'https://example.com' } }, ['/api/x', '/other/x', '/apix', '/api/../other']],
]) {
  test(`requests: ${label}: the same answers as the reference`, async () => {
    const d = await startDual(options);
    try {
      const vars = await H.setupFixture(d.ours);
      for (const path of paths) {
        for (const auth of [vars.access_token, vars.access_token_flipped, undefined]) {
          const init = auth ? { headers: { authorization: `Bearer ${auth}` } } : {};
          const [theirs, ours] = await d.both(path, init);
          assert.deepEqual(seen(ours), seen(theirs), `${path} ${auth ? 'with a token' : 'without a token'}`);
        }
      }
    } finally {
      await d.dispose();
    }
  });
}
