// The exported error classes, GrantType and authorizationErrorRedirect, with
// the reference's constructors, properties and instanceof behaviour. The one
// OAuth rule among them, the error redirect, is the core's
// (OC_KIND_ERROR_REDIRECT); this file marshals JavaScript values into strings.
import { getCore } from './wasm.js';
import { KIND } from './core.js';

// A JavaScript value as the reference reads a string: as String() makes it,
// lone surrogates as U+FFFD (as URLSearchParams reads them).
const str = (v) => String(v).toWellFormed();
// An optional one: a falsy value is absent (null).
const optional = (v) => (v ? str(v) : null);

/**
 * The OAuth error redirect back to a client (RFC 6749 §4.1.2.1, RFC 9207):
 * request.redirectUri with error, error_description, state and iss.
 * Throws a TypeError when redirectUri is not a URL.
 */
export function authorizationErrorRedirect(request, code, description) {
  const args = {
    redirectUri: str(request.redirectUri),
    code: str(code),
    description: optional(description),
    state: optional(request.state),
    issuer: optional(request.issuer),
  };
  const out = getCore().runSync(0, KIND.ERROR_REDIRECT, [JSON.stringify(args)]);
  if (out.t === 'error') throw new TypeError(out.description);
  return out.value;
}

/** The OAuth error a callback throws to the library: code, description, status, headers. */
export class OAuthError extends Error {
  constructor(code, options) {
    super(options.description);
    this.name = 'OAuthError';
    this.code = code;
    this.options = { ...options, statusCode: options.statusCode ?? 400 };
    this.description = options.description;
    this.statusCode = options.statusCode ?? 400;
    this.headers = options.headers;
    this.requiredScopes = options.requiredScopes;
  }
}

/** The structured answer resolveExternalToken throws for an expected validation failure. */
export class ExternalTokenError extends Error {
  constructor(code, options) {
    super(options.description);
    this.name = 'ExternalTokenError';
    this.code = code;
    this.description = options.description;
    this.statusCode = options.statusCode;
    this.headers = options.headers;
    this.requiredScopes = options.requiredScopes;
  }
}

/**
 * An authorization request error. redirectTo, the error redirect back to the
 * client, is set only when redirectUri is given and is a URL; without it the
 * error must be rendered locally.
 */
export class AuthorizationError extends Error {
  constructor(code, options) {
    super(options.description);
    this.name = 'AuthorizationError';
    this.code = code;
    this.description = options.description;
    this.redirectUri = options.redirectUri;
    this.state = options.state;
    this.issuer = options.issuer;
    this.redirectTo = undefined;
    if (options.redirectUri) {
      try {
        this.redirectTo = authorizationErrorRedirect(options, code, options.description);
      } catch (e) {
        if (!(e instanceof TypeError)) throw e;
      }
    }
  }
}

/** A Client ID Metadata Document could not be fetched or was invalid. */
export class CimdFetchError extends Error {
  reason = 'metadata_resolution_failed';

  constructor(metadataUrl, cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(`CIMD fetch failed for ${metadataUrl}: ${detail}`);
    this.name = 'CimdFetchError';
    this.metadataUrl = metadataUrl;
    this.detail = detail;
  }
}

/** The grant types, as the reference's GrantType enum. */
export const GrantType = {
  AUTHORIZATION_CODE: 'authorization_code',
  REFRESH_TOKEN: 'refresh_token',
  TOKEN_EXCHANGE: 'urn:ietf:params:oauth:grant-type:token-exchange',
  JWT_BEARER: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
};
