// What the entries share and the package never exports: which generation a
// provider class serves (the class oc-oauth-provider/0.10 exports is
// registered as '0.10'; any other is 1.x), the AuthorizationError class the
// helpers throw in a generation (1.x's when none is registered), and each
// provider's core configuration, for getOAuthApi and purgeExpiredData.
export const GENERATION_OF = new WeakMap();
export const CONFIG_OF = new WeakMap();
export const AUTHORIZATION_ERROR_OF = new Map();
