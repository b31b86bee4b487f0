// Compiled by tsc --strict in the test run: the public types used as an application would.
import { OAuthProvider, insufficientScope, OAuthError, AuthorizationError, type OAuthHelpers, type AccessTokenAuth } from 'oc-oauth-provider';
const p = new OAuthProvider({ apiRoute: '/api/', apiHandler: { fetch: async () => new Response('x') }, defaultHandler: { fetch: async () => new Response('y') }, resourceMetadata: { resource: 'https://x/api' } });
declare const auth: AccessTokenAuth;
const r: Response = insufficientScope(auth, ['write']);
const e = new OAuthError('invalid_request', { description: 'x' });
const a = new AuthorizationError('access_denied', { description: 'x' });
declare const h: OAuthHelpers;
h.completeAuthorization({ request: { responseType: 'code', clientId: 'c', redirectUri: 'r', scope: [], state: '' }, userId: 'u', metadata: {}, scope: [], props: {} });
export { p, r, e, a };
