// Ours and the reference in one Worker, on one OAUTH_KV: the header
// x-impl: theirs picks the reference, anything else ours.
//
// Each request gets its own copy of env: both libraries set env.OAUTH_PROVIDER
// on the env they are handed (the reference only when it is not set yet), so on
// one shared env the reference's handlers would call our helpers after our
// first request.
import * as Ours from '__PROVIDER__';
import * as Theirs from '@cloudflare/workers-oauth-provider';
import { OPTIONS, EXTRA } from '__OPTIONS__';
import { makeWorker } from './worker-core.js';

// EXTRA may be a function of the library, for callbacks that throw its own error classes.
const extra = (lib) => (typeof EXTRA === 'function' ? EXTRA(lib) : EXTRA);
const ours = makeWorker(Ours, { ...OPTIONS, ...extra(Ours) });
const theirs = makeWorker(Theirs, { ...OPTIONS, ...extra(Theirs) });

export default {
  fetch(request, env, ctx) {
    return (request.headers.get('x-impl') === 'theirs' ? theirs : ours).fetch(request, { ...env }, ctx);
  },
};
