// Test Worker wrapping an OAuth provider module (the reference, or ours).
// The harness bundles this file with esbuild, aliasing "__PROVIDER__" to the provider module
// under test and "__OPTIONS__" to a generated module exporting the configuration.
// Nothing here is provider-specific beyond the public OAuthProvider / OAuthHelpers API.
import * as Provider from '__PROVIDER__';
import { OPTIONS, EXTRA } from '__OPTIONS__';
import { makeWorker } from './worker-core.js';

export default makeWorker(Provider, { ...OPTIONS, ...EXTRA });
