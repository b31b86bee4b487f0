/*
 * oc_kv_ema: the KV records of enterprise-managed authorization.
 *
 * Replay markers, as 1.2.3 writes them (so either library refuses an ID-JAG
 * the other redeemed): key "enterprise-jti:" + hex SHA-256 of
 * "<issuer>\n<jti>", value "1", expirationTtl max(60, exp - now).
 *
 * Key sets of trusted issuers (ours: 1.2.3 keeps them in an in-isolate map):
 * key "oc-ema-jwks:" + hex SHA-256 of "<issuer>\n<jwksUri>", the record of
 * store/oc_kv_jwks.h (the fetch time, '\n', the set as fetched), written
 * with expirationTtl max(60, jwksCacheTtlSeconds rounded up); a set is used
 * while its age is below jwksCacheTtlSeconds.
 */
#ifndef OC_KV_EMA_H
#define OC_KV_EMA_H

#include "base/oc_arena.h"

#define OC_KV_EMA_JTI_PREFIX "enterprise-jti:"
#define OC_KV_EMA_JWKS_PREFIX "oc-ema-jwks:"

/* The replay marker's key (arena); NULL out of memory. */
char *oc_kv_ema_jti_key(oc_arena *a, const char *issuer, const char *jti);

/* The cached key set's key (arena); NULL out of memory. */
char *oc_kv_ema_jwks_key(oc_arena *a, const char *issuer, const char *jwks_uri);

#endif
