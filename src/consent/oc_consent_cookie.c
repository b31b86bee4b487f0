/* The helpers' cookies: the prefix rule, reading a Cookie header, Set-Cookie values (oc_consent.h). */
#include "consent/oc_consent.h"
#include "base/oc_js_trim.h"
#include <string.h>

static int tchar(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
		|| (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

int oc_consent_prefix_ok(const char *p, size_t n)
{
	if (n < 7 || memcmp(p, "__Host-", 7) != 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!tchar((unsigned char)p[i]))
			return 0;
	return 1;
}

const char *oc_cookie_find(const char *h, size_t n, const char *name, size_t *vn)
{
	size_t want = strlen(name);
	const char *end = h + n;

	while (h != NULL && h <= end) {
		const char *semi = memchr(h, ';', (size_t)(end - h));
		const char *stop = semi ? semi : end;
		const char *eq = memchr(h, '=', (size_t)(stop - h));
		if (eq != NULL) {
			size_t kn = (size_t)(eq - h), valn = (size_t)(stop - eq - 1);
			const char *k = oc_js_trim(h, &kn), *v = oc_js_trim(eq + 1, &valn);
			if (kn == want && memcmp(k, name, kn) == 0) {
				*vn = valn;
				return v;
			}
		}
		if (semi == NULL)
			break;
		h = semi + 1;
	}
	return NULL;
}

char *oc_cookie_set(oc_arena *a, const char *name, const char *value, const char *max_age)
{
	static const char attrs[] = "; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=";
	size_t nn = strlen(name), vn = strlen(value), mn = strlen(max_age);
	char *s = oc_arena_alloc(a, nn + 1 + vn + sizeof attrs - 1 + mn + 1), *p = s;
	if (s == NULL)
		return NULL;
	memcpy(p, name, nn), p += nn;
	*p++ = '=';
	memcpy(p, value, vn), p += vn;
	memcpy(p, attrs, sizeof attrs - 1), p += sizeof attrs - 1;
	memcpy(p, max_age, mn), p += mn;
	*p = 0;
	return s;
}
