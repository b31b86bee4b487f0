// Ours and the reference in one Worker, for the calls that need no request
// and no storage: the OAuthProvider constructor and insufficientScope. GET
// /run makes every call of ../construction-cases.js on both modules and
// answers, per case, what each did: {ok} (and, for a Response, its status,
// headers and body) or the error it threw {name, message}.
import * as Ours from '__PROVIDER__';
import * as Theirs from '@cloudflare/workers-oauth-provider';
import { CASES } from '../construction-cases.js';

async function outcome(call, P) {
  try {
    const v = call(P);
    if (!(v instanceof Response)) return { ok: true };
    return { ok: true, status: v.status, headers: Object.fromEntries(v.headers), body: await v.text() };
  } catch (e) {
    return e instanceof Error ? { name: e.name, message: e.message } : { thrown: String(e) };
  }
}

export default {
  async fetch() {
    const out = [];
    for (const c of CASES) {
      out.push({
        id: c.id, rule: c.rule, expect: c.expect, ours: c.ours ?? null,
        theirsGot: await outcome(c.call, Theirs), oursGot: await outcome(c.call, Ours),
      });
    }
    return Response.json(out);
  },
};
