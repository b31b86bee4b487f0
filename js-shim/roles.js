// What the role classes share with OAuthProvider and the package never
// exports: the options objects OAuthAuthorizationServer builds, which
// OAuthProvider's constructor then reads in the authorization-server role
// (no handlers; the issuer and the resource registry crossing to the core,
// src/config/oc_config_as.h).
export const AUTHORIZATION_SERVER_OPTIONS = new WeakSet();

const ROLE_KEYS = ['issuer', 'resources', 'defaultResource', 'legacyGrantResource'];

// The role's own options as the core reads them (undefined left out).
export function authorizationServerSerial(options) {
  const serial = { role: 'authorizationServer' };
  for (const k of ROLE_KEYS) if (options[k] !== undefined) serial[k] = options[k];
  return serial;
}
