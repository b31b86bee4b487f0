/*
 * The consent helpers' parsers of what a browser or KV sends back: a Cookie
 * header (oc_cookie_find), an approvals cookie value (oc_approvals_read, then
 * remembering one more approval over what was read and reading the result
 * back), and a stored transaction value (oc_consent_open). Input: one byte
 * choosing the parser (modulo 3), then the bytes it reads.
 *
 * Checked: a found cookie value lies inside the header, without white space
 * at its ends; every approval read is {k: string, e: number, s: [strings]};
 * a remembered cookie reads back under its secret with the new approval
 * last; nothing opens without the handle's key.
 */
#include "consent/oc_consent.h"
#include "consent/oc_consent_approvals.h"
#include "base/oc_arena.h"
#include "cJSON.h"
#include <stdint.h>
#include <string.h>

#define ENSURE(c) do { if (!(c)) __builtin_trap(); } while (0)

static const oc_remember R = { "0123456789abcdef0123456789abcdef", 32, NULL, 60 };

static void cookie(const char *h, size_t n)
{
	size_t vn;
	const char *v = oc_cookie_find(h, n, "__Host-oauth-consent-0123456789abcdef", &vn);
	if (v == NULL)
		return;
	ENSURE(v >= h && v + vn <= h + n);
	ENSURE(vn == 0 || (v[0] != ' ' && v[vn - 1] != ' ' && v[0] != '\t' && v[vn - 1] != '\t'));
}

static void entries_valid(const cJSON *l)
{
	const cJSON *e, *s;
	ENSURE(cJSON_IsArray(l));
	cJSON_ArrayForEach(e, l) {
		ENSURE(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(e, "k")));
		ENSURE(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(e, "e")));
		ENSURE(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(e, "s")));
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(e, "s"))
			ENSURE(cJSON_IsString(s));
	}
}

static void approvals(oc_arena *a, const char *v, size_t n)
{
	cJSON *l = oc_approvals_read(a, v, n, &R);
	entries_valid(l);
	cJSON *scope = cJSON_Parse("[\"read\"]");
	char *set = oc_approvals_remember(a, "n", l, "new-key", scope, &R, 1000);
	ENSURE(set != NULL && strncmp(set, "n=", 2) == 0);
	const char *val = set + 2;
	size_t vn = strcspn(val, ";");
	cJSON *back = oc_approvals_read(a, val, vn, &R);
	entries_valid(back);
	int n_back = cJSON_GetArraySize(back);
	ENSURE(n_back >= 1);
	const cJSON *last = cJSON_GetArrayItem(back, n_back - 1);
	ENSURE(strcmp(cJSON_GetObjectItemCaseSensitive(last, "k")->valuestring, "new-key") == 0);
}

static void stored(oc_arena *a, const char *v, size_t n)
{
	char *plain;
	size_t pn;
	ENSURE(oc_consent_open(a, "zbcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ", 43, v, n, &plain, &pn) == -1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	oc_arena *a = oc_arena_new();
	ENSURE(a != NULL);
	oc_arena_bind_json(a);
	const char *p = (const char *)data + 1;
	switch (data[0] % 3) {
	case 0: cookie(p, size - 1); break;
	case 1: approvals(a, p, size - 1); break;
	default: stored(a, p, size - 1); break;
	}
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
	return 0;
}
