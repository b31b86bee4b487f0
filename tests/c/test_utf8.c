#include "oc_test.h"
#include "base/oc_utf8.h"

/* A decoding reference: gather the code point, then judge it. */
static int ref_valid(const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint32_t c = p[i], cp, min;
		size_t len;

		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xE0) == 0xC0) {
			len = 2; cp = c & 0x1F; min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3; cp = c & 0x0F; min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4; cp = c & 0x07; min = 0x10000;
		} else {
			return 0;
		}
		if (n - i < len)
			return 0;
		for (size_t j = 1; j < len; j++) {
			if ((p[i + j] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i + j] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += len;
	}
	return 1;
}

static size_t encode_cp(unsigned char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
	o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

static int valid_hex(const char *hex)
{
	uint8_t b[64];
	size_t n = hex_decode(b, hex);
	return oc_utf8_valid((const char *)b, n);
}

OC_TEST(utf8_known_sequences)
{
	CHECK(oc_utf8_valid(NULL, 0));
	CHECK(oc_utf8_valid("", 0));
	CHECK(oc_utf8_valid("hello", 5));
	CHECK(oc_utf8_valid("a\0b", 3)); /* NUL is valid UTF-8 */
	static const char *const good[] = {
		"7f", "c280", "c3a9", "dfbf", "e0a080", "e282ac", "ed9fbf", "ee8080",
		"efbfbf", "f0908080", "f09f9880", "f48fbfbf", "41c3a942",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		CHECK(valid_hex(good[i]));
	static const char *const bad[] = {
		"80", "bf", "c0", "c080", "c1bf", "e08080", "e09fbf", "f0808080",
		"f08fbfbf", "eda080", "edbfbf", "edb080", "f4908080", "f5808080",
		"f8888080", "fe", "ff", "c3", "e282", "f09f98", "c341", "e28241",
		"f09f4180", "41c3", "c3a9bf", "c0af", "e080af", "f08080af",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK(!valid_hex(bad[i]));
}

OC_TEST(utf8_every_code_point)
{
	int ok = 1;
	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
		unsigned char b[4];
		size_t n = encode_cp(b, cp);
		ok &= oc_utf8_valid((const char *)b, n) == !(cp >= 0xD800 && cp <= 0xDFFF);
		/* Every proper prefix of a multi-byte sequence is truncated. */
		for (size_t k = 1; k < n; k++)
			ok &= !oc_utf8_valid((const char *)b, k);
	}
	CHECK(ok);
}

/* Every 1-, 2- and 3-byte string, and 4-byte strings with every first two
 * bytes, against the reference. */
OC_TEST(utf8_exhaustive_short_strings)
{
	static const unsigned char tails[] = { 0x00, 0x41, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xff };
	int ok = 1;
	for (unsigned a = 0; a < 256; a++) {
		for (unsigned b = 0; b < 256; b++) {
			unsigned char s[4] = { (unsigned char)a, (unsigned char)b };
			ok &= oc_utf8_valid((const char *)s, 1) == ref_valid(s, 1);
			ok &= oc_utf8_valid((const char *)s, 2) == ref_valid(s, 2);
			for (unsigned c = 0; c < 256; c++) {
				s[2] = (unsigned char)c;
				ok &= oc_utf8_valid((const char *)s, 3) == ref_valid(s, 3);
			}
			for (size_t c = 0; c < sizeof tails; c++) {
				for (size_t d = 0; d < sizeof tails; d++) {
					s[2] = tails[c];
					s[3] = tails[d];
					ok &= oc_utf8_valid((const char *)s, 4) == ref_valid(s, 4);
				}
			}
		}
	}
	CHECK(ok);
}
