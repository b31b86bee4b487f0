// Ours and the reference in one Worker, on one OAUTH_KV: the header
// x-impl: theirs picks the reference, anything else ours.
import * as Ours from '__PROVIDER__';
import * as Theirs from '@cloudflare/workers-oauth-provider';
import { OPTIONS, EXTRA } from '__OPTIONS__';
import { makeWorker } from './worker-core.js';

const ours = makeWorker(Ours, { ...OPTIONS, ...EXTRA });
const theirs = makeWorker(Theirs, { ...OPTIONS, ...EXTRA });

export default {
  fetch(request, env, ctx) {
    return (request.headers.get('x-impl') === 'theirs' ? theirs : ours).fetch(request, env, ctx);
  },
};
