/*
 * authorizationErrorRedirect (src/helper/oc_helper_error_redirect.c): the
 * answers 1.2.3 gives for the same arguments (observed in workerd; the
 * differential test is tests/compat/surface.test.mjs).
 */
#include <stdlib.h>
#include "helper_fixture.h"

/* The URL the op answers for args (JSON), or NULL when it answers an error. */
static char *redirect_of(const char *args)
{
	static char got[1024];
	oc_config cfg = hfx_base_cfg();
	cJSON *out = hfx_run(&cfg, OC_KIND_ERROR_REDIRECT, args);
	const cJSON *v = hfx_value(out);
	char *r = NULL;
	if (cJSON_IsString(v) && strlen(v->valuestring) < sizeof got)
		r = strcpy(got, v->valuestring);
	cJSON_Delete(out);
	return r;
}

OC_TEST(helper_error_redirect_as_reference)
{
	static const struct { const char *args, *want; } cases[] = {
		{ "{\"redirectUri\":\"https://c/cb\",\"code\":\"access_denied\",\"description\":\"The user said no\",\"state\":\"s\",\"issuer\":\"https://i\"}",
		  "https://c/cb?error=access_denied&error_description=The+user+said+no&state=s&iss=https%3A%2F%2Fi" },
		{ "{\"redirectUri\":\"https://c/cb\",\"code\":\"access_denied\"}", "https://c/cb?error=access_denied" },
		/* earlier error, state, iss, error_uri pairs go; the others stay, re-encoded */
		{ "{\"redirectUri\":\"https://c/cb?a=1&state=x&error=y#frag\",\"code\":\"invalid_scope\",\"description\":\"d e+f&g=h \xc3\xbc\",\"state\":\"\"}",
		  "https://c/cb?a=1&error=invalid_scope&error_description=d+e%2Bf%26g%3Dh+%C3%BC#frag" },
		{ "{\"redirectUri\":\"https://c/cb?error=y&a=1&iss=z&error_uri=q&state=1&state=2\",\"code\":\"access_denied\",\"description\":\"d\"}",
		  "https://c/cb?a=1&error=access_denied&error_description=d" },
		{ "{\"redirectUri\":\"https://c/cb?a=b%20c&x&y=%7E&z=a+b\",\"code\":\"access_denied\"}",
		  "https://c/cb?a=b+c&x=&y=%7E&z=a+b&error=access_denied" },
		{ "{\"redirectUri\":\"https://c/cb#\",\"code\":\"access_denied\"}", "https://c/cb?error=access_denied#" },
		{ "{\"redirectUri\":\"  HTTPS://C:443/a/../cb  \",\"code\":\"access_denied\"}", "https://c/cb?error=access_denied" },
		/* the code is set even when empty; the others only when not empty */
		{ "{\"redirectUri\":\"https://c/cb\",\"code\":\"\",\"description\":\"\",\"state\":\"s\",\"issuer\":\"\"}", "https://c/cb?error=&state=s" },
		{ "{\"redirectUri\":\"https://c/cb\",\"code\":\"e\",\"description\":\"*-._~!'()\"}", "https://c/cb?error=e&error_description=*-._%7E%21%27%28%29" },
		/* any scheme, userinfo kept */
		{ "{\"redirectUri\":\"com.example.app:/cb\",\"code\":\"access_denied\",\"state\":\"a b\"}", "com.example.app:/cb?error=access_denied&state=a+b" },
		{ "{\"redirectUri\":\"javascript:alert(1)\",\"code\":\"e\"}", "javascript:alert(1)?error=e" },
		{ "{\"redirectUri\":\"http://[::1]:8080/cb\",\"code\":\"e\"}", "http://[::1]:8080/cb?error=e" },
		{ "{\"redirectUri\":\"https://u:p@c/cb\",\"code\":\"access_denied\"}", "https://u:p@c/cb?error=access_denied" },
		{ "{\"redirectUri\":\"https://a@b:c d@h/\",\"code\":\"e\"}", "https://a%40b:c%20d@h/?error=e" },
		{ "{\"redirectUri\":\"https://:p@h/\",\"code\":\"e\"}", "https://:p@h/?error=e" },
		{ "{\"redirectUri\":\"https://u:@h/\",\"code\":\"e\"}", "https://u@h/?error=e" },
		{ "{\"redirectUri\":\"https://:@h/\",\"code\":\"e\"}", "https://h/?error=e" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *got = redirect_of(cases[i].args);
		CHECK(got != NULL && strcmp(got, cases[i].want) == 0);
		if (got == NULL || strcmp(got, cases[i].want) != 0)
			fprintf(stderr, "  case %zu: got %s\n", i, got ? got : "(error)");
	}
}

OC_TEST(helper_error_redirect_refused)
{
	oc_config cfg = hfx_base_cfg();
	static const char *const bad_url[] = {
		"{\"redirectUri\":\"not a url\",\"code\":\"e\"}",
		"{\"code\":\"e\"}",
		"{\"redirectUri\":\"https://\",\"code\":\"e\"}",
	};
	for (size_t i = 0; i < sizeof bad_url / sizeof *bad_url; i++) {
		cJSON *out = hfx_run(&cfg, OC_KIND_ERROR_REDIRECT, bad_url[i]);
		CHECK(hfx_is_error(out, "invalid_request", "Invalid URL string.", "TypeError"));
		cJSON_Delete(out);
	}
	static const char *const bad_args[] = {
		"{\"redirectUri\":\"https://c/cb\"}",
		"{\"redirectUri\":\"https://c/cb\",\"code\":5}",
		"{\"redirectUri\":\"https://c/cb\",\"code\":\"e\",\"state\":[]}",
		"[]",
	};
	for (size_t i = 0; i < sizeof bad_args / sizeof *bad_args; i++) {
		cJSON *out = hfx_run(&cfg, OC_KIND_ERROR_REDIRECT, bad_args[i]);
		CHECK(hfx_is_error(out, "invalid_request", "authorizationErrorRedirect: arguments must be strings", "TypeError"));
		cJSON_Delete(out);
	}
}
