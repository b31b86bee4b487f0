// oc-oauth-provider/0.10 in workerd / Workers: the package's module, loaded by
// the 1.x entry, and 0.10.4's exports.
import '../entry-workerd.js';

export * from './provider.js';
export { default } from './provider.js';
