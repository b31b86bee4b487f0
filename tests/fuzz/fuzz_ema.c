/*
 * Enterprise-managed authorization's readers (include/oauth/oc_ema.h) on
 * any bytes: the input as an assertion (oc_ema_parse, then oc_ema_claims
 * against fixed expectations: no key is involved), as a resolver's answer
 * (oc_ema_issuer_read), as a mapper's answer (oc_ema_mapped_read) and as a
 * scope parameter (oc_ema_requested_scope). Every refusal carries a code
 * and a reason; what is accepted holds what the header promises.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "oauth/oc_ema.h"

static void refusal(const oc_err *e)
{
	if (e->code == OC_OK || e->desc == NULL || (e->code != OC_ERR_SERVER_ERROR && e->why == NULL))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	oc_arena *a = oc_arena_new();
	const char *s = (const char *)data;
	oc_ema_assertion as;
	oc_ema_issuer is;
	oc_ema_mapped m;
	oc_strs scope, none = { 0 };
	oc_err e;

	if (a == NULL)
		return 0;
	if (oc_ema_parse(a, s, size, &as, &e) == 0) {
		if (as.iss == NULL || as.iss[0] == 0 || size > OC_EMA_MAX_ASSERTION)
			abort();
		oc_ema_issuer trusted = { as.iss, "https://idp.example/jwks", NULL, 1, 1 };
		oc_ema_expect x = { &trusted, "https://as.example", "client-1", "https://as.example/api", 1800000000, 60, 300,
			(size & 2) ? OC_PROFILE_EMA_RESOURCE_CLAIMED : OC_PROFILE_EMA_RESOURCE_CHOSEN, (int)(size & 4) };
		if (oc_ema_claims(a, &as, &x, &e) == 0) {
			if (as.sub == NULL || as.client_id == NULL || as.jti == NULL || as.resource == NULL
			    || strcmp(as.client_id, "client-1") != 0 || !isfinite(as.exp) || as.exp + 60 <= 1800000000
			    || as.exp - as.iat > 360)
				abort();
			for (size_t i = 0; i < as.scopes.n; i++)
				if (as.scopes.v[i][0] == 0 || strchr(as.scopes.v[i], ' ') != NULL)
					abort();
		} else {
			refusal(&e);
		}
	} else {
		refusal(&e);
	}
	if (oc_ema_issuer_read(a, s, size, "https://idp.example", OC_JOSE_ALG_ES256, (int)(size & 1), &is, &e) == 0) {
		/* (a jwksUri is read as new URL reads it: tabs and newlines dropped, so it need not start "https:") */
		if (strcmp(is.issuer, "https://idp.example") != 0 || is.jwks_uri == NULL || !is.es256)
			abort();
	} else {
		refusal(&e);
	}
	if (oc_ema_mapped_read(a, s, size, &m, &e) == 0) {
		if (m.user_id == NULL || m.user_id[0] == 0 || strchr(m.user_id, ':') != NULL || m.props == NULL
		    || m.metadata == NULL || (m.has_ttl && !(m.ttl > 0)))
			abort();
	} else {
		refusal(&e);
	}
	if (oc_ema_requested_scope(a, s, size, 1, &none, &scope, &e) != 0)
		refusal(&e);
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
	return 0;
}
