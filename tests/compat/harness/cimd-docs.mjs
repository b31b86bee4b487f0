// Client ID Metadata Documents served by a test (cimd.test.mjs, authorization-server.test.mjs)
// through Miniflare's outboundService: the Worker's own fetch() calls are answered here, the URLs
// staying https://. serve(path, answer) publishes a document under DOCS; every request is recorded.
import * as H from './index.mjs';

export const DOCS = 'https://app.example.net';
export const served = new Map();
export const requests = [];
// The outboundService: the answer served for the URL's origin and path, else 404.
export function documentServer(request) {
  const url = new URL(request.url);
  requests.push({ url: request.url, accept: request.headers.get('accept'), cacheControl: request.headers.get('cache-control'), ua: request.headers.get('user-agent') });
  const answer = served.get(url.origin + url.pathname);
  return answer ? answer(request) : new Response('not found', { status: 404 });
}
export const json = (body, init = {}) => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' }, ...init });
// Publishes answer (a function of the Request) at DOCS + path; returns that URL.
export const serve = (path, answer) => { served.set(DOCS + path, answer); return DOCS + path; };
// A public client's document for url, with extra members.
export const doc = (url, extra = {}) => ({ client_id: url, client_name: 'Doc Client', redirect_uris: [H.REDIRECT_URI], token_endpoint_auth_method: 'none', ...extra });
// The compatibility flags CIMD needs, as 1.2.3 requires them.
export const FLAGS = ['nodejs_compat', 'global_fetch_strictly_public'];
