// The consent and upstream helpers of ours and of the reference in one Worker,
// on one OAUTH_KV (x-impl: theirs picks the reference), driven over HTTP with
// the browser's cookies (tests/compat/consent.test.mjs). Each route calls one
// helper and answers its result as JSON with the helper's headers on the
// response; a helper that throws answers 400 {error: {name, code, description, …}}.
import * as Ours from '__PROVIDER__';
import * as Theirs from '@cloudflare/workers-oauth-provider';
import { OPTIONS } from '__OPTIONS__';
import { defaultHandler as testOps, apiHandler } from './worker-core.js';

function described(e) {
  const out = { name: e?.name, message: e?.message };
  for (const k of ['code', 'description', 'redirectUri', 'redirectTo']) if (e?.[k] !== undefined) out[k] = e[k];
  return out;
}

function answer(value, headers = new Headers(), status = 200) {
  headers.set('content-type', 'application/json');
  return new Response(JSON.stringify(value ?? null), { status, headers });
}

// A value the test cannot send as JSON: {"$undefined": true}, {"$nan": true}, {"$fn": true} inside body.args.
function revive(v) {
  if (Array.isArray(v)) return v.map(revive);
  if (v && typeof v === 'object') {
    if (v.$undefined) return undefined;
    if (v.$nan) return NaN;
    if (v.$fn) return () => 1;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x)]));
  }
  return v;
}

const routes = {
  async 'GET /authorize'(req, oauth) {
    const request = await oauth.parseAuthRequest(req);
    const details = await oauth.describeConsent(request);
    const consent = await oauth.beginConsent(request);
    return answer({ details, handle: consent.handle, request }, consent.headers);
  },
  async 'POST /approve'(req, oauth, body) {
    const approved = await oauth.approveConsent(req, body.handle, revive(body.options));
    if (!body.upstream) return answer({ request: approved.request }, approved.headers);
    const { state, headers } = await oauth.beginUpstream(approved.request, { data: body.upstream.data, headers: approved.headers });
    return answer({ request: approved.request, state }, headers);
  },
  async 'POST /deny'(req, oauth, body) {
    const denied = await oauth.denyConsent(req, body.handle, revive(body.options));
    return answer({ request: denied.request, redirectTo: denied.redirectTo }, denied.headers, 302);
  },
  async 'POST /remembered'(req, oauth, body) {
    return answer({ remembered: await oauth.isConsentRemembered(req, body.request, revive(body.remember)) });
  },
  async 'POST /describe'(req, oauth, body) {
    return answer(await oauth.describeConsent(body.request));
  },
  async 'POST /upstream'(req, oauth, body) {
    const headers = body.headers ? new Headers(body.headers) : undefined;
    const t = await oauth.beginUpstream(body.request, body.noOptions ? undefined : { data: revive(body.data), headers });
    return answer({ state: t.state, same: headers === undefined || t.headers === headers }, t.headers);
  },
  async 'GET /callback'(req, oauth) {
    const { request, data, headers } = await oauth.finishUpstream(req);
    return answer({ request, data, hasData: data !== undefined }, headers);
  },
  async 'POST /call'(req, oauth, body) {
    const args = revive(body.args).map((a) => (a === '$request' ? req : a));
    return answer({ result: await oauth[body.method](...args) });
  },
};

const defaultHandler = {
  async fetch(req, env, ctx) {
    const url = new URL(req.url);
    if (url.pathname.startsWith('/__test/')) return testOps.fetch(req, env, ctx);
    const route = routes[`${req.method} ${url.pathname}`];
    if (!route) return new Response('not found', { status: 404 });
    try {
      return await route(req, env.OAUTH_PROVIDER, req.method === 'POST' ? await req.json() : undefined);
    } catch (e) {
      return answer({ error: described(e) }, new Headers(), 400);
    }
  },
};

function make(Provider) {
  const P = Provider.OAuthProvider ?? Provider.default;
  return new P({ ...OPTIONS, apiHandler, defaultHandler });
}

const ours = make(Ours);
const theirs = make(Theirs);

export default {
  fetch(request, env, ctx) {
    return (request.headers.get('x-impl') === 'theirs' ? theirs : ours).fetch(request, { ...env }, ctx);
  },
};
