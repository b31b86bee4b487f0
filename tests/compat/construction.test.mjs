// Handlers at construction (issue #15), ours against the reference 1.2.3: a
// missing or malformed handler is refused with the reference's message, the
// default handler first, instead of failing later on each request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constructBoth } from './harness/dual.mjs';

const base = { tokenEndpoint: '/token', authorizeEndpoint: '/authorize', resourceMetadata: { resource: 'https://example.com/api' }, apiRoute: '/api/' };

test('a missing or malformed handler is refused as the reference refuses it', async () => {
  const cases = [
    { ...base, noDefault: true },
    { apiRoute: '/api/', tokenEndpoint: '/token', authorizeEndpoint: '/authorize', noDefault: true },
    { ...base, defaultHandler: 'obj' },
    { ...base, defaultHandler: 'num' },
    { ...base, defaultHandler: 'fn' },
    { ...base, apiHandler: 'obj' },
    // the default handler is checked first
    { ...base, apiHandler: 'obj', noDefault: true },
    { ...base, noApiHandler: true, noDefault: true },
    { ...base, apiHandlers: ['/api/'], apiRoute: undefined, noDefault: true },
    { ...base, resourceMetadata: { resource: 'ftp://x' }, noDefault: true },
    { ...base, accessTokenTTL: 1, noDefault: true },
    { ...base, noApiHandler: true },
    { ...base },
  ];
  const got = await constructBoth(cases);
  for (const [i, r] of got.entries()) assert.deepEqual(r.ours, r.theirs, `case ${i}: ${JSON.stringify(cases[i])}`);
  assert.deepEqual(got[0].ours, { name: 'TypeError', message: 'defaultHandler must be either an ExportedHandler object with a fetch method or a class extending WorkerEntrypoint' });
  assert.equal(got.at(-1).ours, 'ok');
});
