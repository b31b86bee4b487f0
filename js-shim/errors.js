// The error classes applications catch, with the reference's shapes.

/** An OAuth error with its RFC code, a wire-safe description and an HTTP status. */
export class OAuthError extends Error {
  constructor(code, options = {}) {
    super(options.description ?? code);
    this.name = 'OAuthError';
    this.code = code;
    this.description = options.description ?? '';
    this.statusCode = options.statusCode ?? 400;
    this.headers = options.headers ?? {};
    if (options.internal !== undefined) this.internal = options.internal;
  }
}

/** An authorization request error; redirectTo is set when redirecting back is safe. */
export class AuthorizationError extends Error {
  constructor(code, options = {}) {
    super(options.description ?? code);
    this.name = 'AuthorizationError';
    this.code = code;
    this.description = options.description ?? '';
    for (const k of ['redirectUri', 'state', 'issuer', 'redirectTo']) {
      if (options[k] !== undefined) this[k] = options[k];
    }
  }
}
