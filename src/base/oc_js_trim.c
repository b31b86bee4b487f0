/* String.prototype.trim() on UTF-8 text (see oc_js_trim.h). */
#include "base/oc_js_trim.h"
#include <stdint.h>

/* The code point at s[0..n) and its length; U+FFFD for a byte that starts none. */
static uint32_t code_point(const unsigned char *s, size_t n, size_t *len)
{
	uint32_t c = s[0];
	size_t k = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;

	*len = 1;
	if (c < 0x80 || k == 0 || k >= n)
		return c < 0x80 ? c : 0xfffd;
	c &= 0x3f >> k;
	for (size_t i = 1; i <= k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0xfffd;
		c = c << 6 | (s[i] & 0x3f);
	}
	*len = k + 1;
	return c;
}

/* ECMAScript's WhiteSpace and LineTerminator: what String.prototype.trim removes. */
static int js_space(uint32_t c)
{
	return (c >= 0x09 && c <= 0x0d) || c == 0x20 || c == 0xa0 || c == 0x1680
		|| (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f
		|| c == 0x205f || c == 0x3000 || c == 0xfeff;
}

size_t oc_js_space_len(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len, i = 0;

	while (i < n && js_space(code_point(s + i, n - i, &len)))
		i += len;
	return i;
}

const char *oc_js_trim(const char *str, size_t *n)
{
	size_t len, lead = oc_js_space_len(str, *n), e = *n - lead;
	const unsigned char *s = (const unsigned char *)str + lead;

	while (e > 0) {
		size_t k = e - 1;
		while (k > 0 && e - k < 4 && (s[k] & 0xc0) == 0x80)
			k--;
		if (!js_space(code_point(s + k, e - k, &len)) || k + len != e)
			break;
		e = k;
	}
	*n = e;
	return (const char *)s;
}

