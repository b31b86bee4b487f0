// The test's `env` from cloudflare:test is the Worker's Env.
import type { Env as WorkerEnv } from '../src/index';

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {}
  }
}
