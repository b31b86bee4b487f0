// The two generations side by side on one OAUTH_KV, each as the reference and
// as ours: the header x-impl picks one. "theirs" is 0.10.4 and "ours" our
// oc-oauth-provider/0.10 (both with OPTIONS: a 0.10.x Worker's); "theirs1" is
// 1.2.3 and "ours1" our 1.x entry (OPTIONS with resourceMetadata and
// requiredScopes: the same Worker moved to 1.x). Each request gets its own
// copy of env (see dual-worker.js). EXTRA (a function of the library, or an
// object) is merged into the options of "ours" and "theirs".
import * as Ours from '__PROVIDER__';
import * as Ours1 from '../../../js-shim/entry-workerd.js';
import * as Theirs from 'workers-oauth-provider-0.10';
import * as Theirs1 from '@cloudflare/workers-oauth-provider';
import { OPTIONS, EXTRA } from '__OPTIONS__';
import { makeWorker } from './worker-core.js';

const extra = (lib) => (typeof EXTRA === 'function' ? EXTRA(lib) : EXTRA);
const V1 = { resourceMetadata: { resource: 'https://example.com/api' }, requiredScopes: ['read'] };
const workers = {
  ours: makeWorker(Ours, { ...OPTIONS, ...extra(Ours) }),
  theirs: makeWorker(Theirs, { ...OPTIONS, ...extra(Theirs) }),
  ours1: makeWorker(Ours1, { ...OPTIONS, ...V1 }),
  theirs1: makeWorker(Theirs1, { ...OPTIONS, ...V1 }),
};

export default {
  fetch(request, env, ctx) {
    return workers[request.headers.get('x-impl') ?? 'ours'].fetch(request, { ...env }, ctx);
  },
};
