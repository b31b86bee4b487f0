// The samples' Env, as a Worker declares its bindings.
import type { OAuthHelpers } from '@cloudflare/workers-oauth-provider';

declare global {
  interface SampleEnv {
    OAUTH_KV: KVNamespace;
    OAUTH_PROVIDER: OAuthHelpers;
    UPSTREAM_SECRET: string;
  }
}
