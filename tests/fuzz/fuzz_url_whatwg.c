/*
 * The WHATWG URL subset: any bytes either fail or parse into parts that lie
 * in the caller's buffer; a special URL's serialization (without IDN host)
 * parses again to itself, as WHATWG serializations do. The input
 * is an exact-size heap copy so ASan sees any read past its end.
 */
#include "base/oc_url_whatwg.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ENSURE(c) do { if (!(c)) __builtin_trap(); } while (0)

static void inside(oc_slice s, const char *buf, size_t cap)
{
	ENSURE(s.n == 0 || (s.p >= buf && (size_t)(s.p - buf) + s.n <= cap));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t cap = OC_URL_WHATWG_BUF(size);
	char *s = malloc(size ? size : 1), *buf = malloc(cap);
	oc_url_whatwg u, v;
	if (s == NULL || buf == NULL)
		goto out;
	memcpy(s, data, size);
	if (oc_url_whatwg_parse(&u, s, size, buf, cap) != 0)
		goto out;
	inside(u.scheme, buf, cap);
	inside(u.userinfo, buf, cap);
	ENSURE((u.userinfo.n > 0) == (u.has_userinfo != 0));
	inside(u.host, buf, cap);
	inside(u.port, buf, cap);
	inside(u.path, buf, cap);
	inside(u.query, buf, cap);
	inside(u.fragment, buf, cap);
	ENSURE(u.scheme.n > 0);
	if (!u.special || !u.has_host || u.host_idn)
		goto out;
	ENSURE(u.host.n > 0 && u.path.n > 0 && u.path.p[0] == '/');
	ENSURE(oc_url_whatwg_is_loopback(&u) <= 1);
	/* The href, rebuilt, is a fixed point. */
	size_t n = u.scheme.n + 3 + u.userinfo.n + 1 + u.host.n + 1 + u.port.n + u.path.n + u.query.n + u.fragment.n, k = 0;
	char *h = malloc(n), *buf2 = malloc(OC_URL_WHATWG_BUF(n));
	if (h == NULL || buf2 == NULL) {
		free(h);
		free(buf2);
		goto out;
	}
#define ADD(p_, n_) do { if (n_) memcpy(h + k, (p_), (n_)); k += (n_); } while (0)
	ADD(u.scheme.p, u.scheme.n);
	ADD("://", 3);
	if (u.userinfo.n) {
		ADD(u.userinfo.p, u.userinfo.n);
		ADD("@", 1);
	}
	ADD(u.host.p, u.host.n);
	if (u.port.n) {
		ADD(":", 1);
		ADD(u.port.p, u.port.n);
	}
	ADD(u.path.p, u.path.n);
	ADD(u.query.p, u.query.n);
	ADD(u.fragment.p, u.fragment.n);
	ENSURE(oc_url_whatwg_parse(&v, h, k, buf2, OC_URL_WHATWG_BUF(k)) == 0);
	ENSURE(v.userinfo.n == u.userinfo.n && (u.userinfo.n == 0 || memcmp(v.userinfo.p, u.userinfo.p, u.userinfo.n) == 0));
	ENSURE(oc_url_whatwg_is_href(&v, h, k) == !v.has_userinfo); /* is_href refuses userinfo */
	ENSURE(oc_url_whatwg_is_loopback(&v) == oc_url_whatwg_is_loopback(&u));
	free(h);
	free(buf2);
out:
	free(s);
	free(buf);
	return 0;
}
