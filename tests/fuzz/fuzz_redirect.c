/*
 * The redirect URI policy (oauth/oc_redirect): any bytes, split at the first
 * NUL into a registered URI and a requested one, with private-use URIs
 * allowed or not. Nothing crashes; every URI is registered for itself; a
 * usable URI may be registered and matches itself; a redirect built from a
 * usable URI exists and is a fixed point of the builder (its own href, its
 * query serialized as it is).
 */
#include "oauth/oc_redirect.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ENSURE(c) do { if (!(c)) __builtin_trap(); } while (0)

static oc_config *cfgs[2];

static oc_config *cfg_new(const char *allow)
{
	char json[400];
	const char *err = NULL;
	snprintf(json, sizeof json, "{\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"tokenEndpoint\":\"/token\","
		"\"authorizeEndpoint\":\"/authorize\",\"resourceMetadata\":{\"resource\":\"https://example.com/api\"},"
		"\"allowPrivateUseRedirectUris\":%s}", allow);
	oc_config *c = oc_config_new(json, strlen(json), &err);
	ENSURE(c != NULL);
	return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const pairs[] = { "code", "u:g:s", "state", "a b&c", "iss", "https://example.com", NULL };
	static const char *const none[] = { NULL };
	if (cfgs[0] == NULL) {
		cfgs[0] = cfg_new("false");
		cfgs[1] = cfg_new("true");
	}
	if (size == 0 || size > 4096)
		return 0;
	const oc_config *cfg = cfgs[data[0] & 1];
	char *s = malloc(size);
	ENSURE(s != NULL);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = 0;
	char *reg = s, *uri = s + strlen(s) + (strlen(s) < size - 1);
	char *one[] = { reg }, *both[] = { reg, uri };
	oc_strs r1 = { one, 1 }, r2 = { both, 2 };
	oc_arena *a = oc_arena_new();
	ENSURE(a != NULL);

	ENSURE(oc_redirect_registered(&r1, reg) && oc_redirect_registered(&r2, uri));
	int listed = oc_redirect_check_registration(cfg, &r1).code == OC_OK;
	(void)oc_redirect_check_registration(cfg, &r2);
	int match = oc_redirect_match(cfg, &r1, uri);
	ENSURE(match == (oc_redirect_usable(cfg, uri) && oc_redirect_registered(&r1, uri)));
	/* The code exchange accepts a given URI exactly when it is registered. */
	ENSURE((oc_redirect_exchange_check(NULL, &r1, uri, strlen(uri), 0, 1).code == OC_OK)
		== (uri[0] != '\0' && oc_redirect_registered(&r1, uri)));
	if (oc_redirect_usable(cfg, reg)) {
		ENSURE(listed && oc_redirect_match(cfg, &r1, reg));
		char *to = oc_redirect_with(a, reg, pairs);
		ENSURE(to != NULL);
		char *again = oc_redirect_with(a, to, none);
		ENSURE(again != NULL && strcmp(again, to) == 0);
		char *err = oc_redirect_error(a, reg, pairs);
		ENSURE(err != NULL && strstr(err, "state=a+b%26c") != NULL);
	}
	(void)oc_redirect_with(a, uri, pairs);
	(void)oc_redirect_error(a, uri, pairs);
	(void)oc_redirect_fragment(a, uri, pairs);
	oc_arena_free(a);
	free(s);
	return 0;
}
