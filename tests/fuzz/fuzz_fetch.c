/*
 * The outbound GET's rules (oc_fetch.h) and the cached set's record
 * (oc_kv_jwks.h): the input as a URL, as a host's answer (meta up to the
 * first NUL byte, the body after it), and as a cache record. A URL accepted
 * must be https without a fragment, userinfo or '%' in its host and not an
 * IPv6 literal; an answer accepted must be within the limit and UTF-8; a
 * record read must give a set inside the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "op/oc_fetch.h"
#include "base/oc_url.h"
#include "base/oc_utf8.h"
#include "store/oc_kv_jwks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	oc_url u;

	if (oc_fetch_url_check(s, size) == NULL) {
		if (oc_url_parse(&u, s, size) != 0 || !oc_slice_ieq(u.scheme, "https") || u.has_fragment ||
		    u.host.n == 0 || u.host.p[0] == '[' || memchr(u.host.p, '%', u.host.n) != NULL ||
		    memchr(s, '@', (size_t)(u.origin.p + u.origin.n - s)) != NULL)
			abort();
	}

	const char *nul = memchr(s, 0, size);
	size_t mlen = nul ? (size_t)(nul - s) : size;
	oc_fx_result r = { OC_FXR_OK, nul ? nul + 1 : NULL, nul ? (uint32_t)(size - mlen - 1) : 0, s, (uint32_t)mlen };
	const char *body;
	size_t len;
	for (uint32_t limit = 0; limit <= 64; limit += 32)
		if (oc_fetch_read(&r, limit, &body, &len) == OC_FETCH_OK &&
		    (len > limit || len != r.len || !oc_utf8_valid(body, len) || mlen < 4 || memcmp(s, "200\n", 4) != 0))
			abort();

	int64_t at;
	const char *set;
	size_t n;
	if (oc_kv_jwks_decode(s, size, &at, &set, &n) == 0 &&
	    (at < 0 || set < s || set + n != s + size || set == s))
		abort();
	return 0;
}
