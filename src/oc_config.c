/* Provider options: parsed once, validated, kept for the provider's life. */
#include "oc_config.h"
#include "oc_arena.h"
#include "cJSON.h"
#include <stdlib.h>

static int get_uint(const cJSON *o, const char *name, uint32_t *out, const char **err,
	const char *msg)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 4294967295.0 ||
	    v->valuedouble != (double)(uint32_t)v->valuedouble) {
		*err = msg;
		return -1;
	}
	*out = (uint32_t)v->valuedouble;
	return 0;
}

static int get_bool(const cJSON *o, const char *name, int *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	*out = cJSON_IsTrue(v);
	return 0;
}

oc_config *oc_config_new(const char *json, size_t n, const char **err)
{
	oc_config *cfg = NULL;
	cJSON *o;

	*err = NULL;
	oc_arena_bind_json(NULL);
	o = cJSON_ParseWithLength(json, n);
	if (o == NULL || !cJSON_IsObject(o)) {
		*err = "options must be a JSON object";
		goto out;
	}
	cfg = calloc(1, sizeof *cfg);
	if (cfg == NULL) {
		*err = "out of memory";
		goto out;
	}
	cfg->access_token_ttl = 3600;
	if (get_uint(o, "accessTokenTTL", &cfg->access_token_ttl, err,
	        "accessTokenTTL must be a non-negative integer number of seconds") ||
	    get_uint(o, "refreshTokenTTL", &cfg->refresh_token_ttl, err,
	        "refreshTokenTTL must be a non-negative integer number of seconds") ||
	    get_uint(o, "refreshTokenIdleTTL", &cfg->refresh_token_idle_ttl, err,
	        "refreshTokenIdleTTL must be a non-negative integer number of seconds")) {
		free(cfg);
		cfg = NULL;
		goto out;
	}
	get_bool(o, "allowPlainPKCE", &cfg->allow_plain_pkce);
	get_bool(o, "allowImplicitFlow", &cfg->allow_implicit_flow);
out:
	cJSON_Delete(o);
	return cfg;
}

void oc_config_free(oc_config *cfg)
{
	free(cfg);
}
