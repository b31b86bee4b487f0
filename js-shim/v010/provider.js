// oc-oauth-provider/0.10: the exports of @cloudflare/workers-oauth-provider
// 0.10.4, served by the same core as 1.x under the 0.10.x profile
// (src/config/oc_profile.c), which this entry's OAuthProvider selects.
import { getCore } from '../wasm.js';
import { KIND } from '../core.js';
import { makeHelpers } from '../helpers.js';
import { OAuthProvider as Provider } from '../provider.js';
import { GENERATION_OF, CONFIG_OF, AUTHORIZATION_ERROR_OF } from '../generation.js';
import { AuthorizationError } from './errors.js';

export { OAuthError, ExternalTokenError, CimdFetchError, GrantType } from '../errors.js';
export { AuthorizationError } from './errors.js';
export {
  validateResourceUri, resourceMatches, isValidOAuthScopeToken, base64UrlToBytes, parseJwtJsonPart, getJwtCryptoAlgorithms,
} from './functions.js';

/** The OAuth provider as 0.10.4 behaves: the same options, answers and records. */
export class OAuthProvider extends Provider {}
GENERATION_OF.set(OAuthProvider, '0.10');
AUTHORIZATION_ERROR_OF.set('0.10', AuthorizationError);

/** The helpers of env.OAUTH_PROVIDER outside a request; options are checked as the constructor checks them. */
export function getOAuthApi(options, env) {
  return makeHelpers(getCore(), CONFIG_OF.get(new OAuthProvider(options)), env, KIND, AuthorizationError);
}

export default OAuthProvider;
