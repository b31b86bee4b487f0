// 0.10.4's AuthorizationError: 1.x's, without redirectTo (0.10.4 leaves the
// redirect to the Worker). The helpers of an oc-oauth-provider/0.10 provider
// throw this class.
import { AuthorizationError as AuthorizationError1 } from '../errors.js';

/** An authorization request error; without redirectUri, render it locally and never redirect. */
export const AuthorizationError = class extends AuthorizationError1 {
  constructor(code, options) {
    super(code, options);
    delete this.redirectTo;
  }
};
// Its name is the class's name whatever a bundler renames the binding to.
Object.defineProperty(AuthorizationError, 'name', { value: 'AuthorizationError' });
