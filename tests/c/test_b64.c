#include "oc_test.h"
#include "base/oc_b64.h"

static const char STD[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char URL[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

typedef int (*decoder)(uint8_t *, size_t *, const char *, size_t);

static uint32_t rng = 0x2545f491;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* A plainly written, branchy strict decoder to compare against. */
static int ref_decode(const char *alpha, int padded, uint8_t *out,
	size_t *outlen, const char *s, size_t n)
{
	uint32_t acc = 0;
	size_t len = 0, bits = 0;

	*outlen = 0;
	if (padded) {
		if (n % 4 != 0)
			return -1;
		if (n >= 1 && s[n - 1] == '=') {
			n--;
			if (s[n - 1] == '=')
				n--;
		}
	} else if (n % 4 == 1) {
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const char *p = memchr(alpha, s[i], 64);
		if (p == NULL)
			return -1;
		acc = acc << 6 | (uint32_t)(p - alpha);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[len++] = (uint8_t)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	if (acc != 0)
		return -1;
	*outlen = len;
	return 0;
}

/*
 * Decodes s (n chars, n <= 320) and checks the contract: nothing written past
 * OC_B64_DECMAX(n), *outlen 0 on failure.
 */
static int dec(decoder d, uint8_t *out, size_t *outlen, const char *s, size_t n)
{
	uint8_t buf[256];
	size_t max = OC_B64_DECMAX(n);
	int r, clean = 1;

	memset(buf, 0xA5, max + 16);
	*outlen = 12345;
	r = d(buf, outlen, s, n);
	for (size_t i = max; i < max + 16; i++)
		clean &= buf[i] == 0xA5;
	CHECK(clean);
	if (r == 0) {
		CHECK(*outlen <= max);
		memcpy(out, buf, *outlen);
	} else {
		CHECK(r == -1);
		CHECK(*outlen == 0);
	}
	return r;
}

static int dec_std(const char *s)
{
	uint8_t out[256];
	size_t len;
	return dec(oc_b64_decode, out, &len, s, strlen(s));
}

static int dec_url(const char *s)
{
	uint8_t out[256];
	size_t len;
	return dec(oc_b64url_decode, out, &len, s, strlen(s));
}

OC_TEST(b64_rfc4648_vectors)
{
	static const char *const v[][3] = {
		{ "", "", "" },
		{ "f", "Zg==", "Zg" },
		{ "fo", "Zm8=", "Zm8" },
		{ "foo", "Zm9v", "Zm9v" },
		{ "foob", "Zm9vYg==", "Zm9vYg" },
		{ "fooba", "Zm9vYmE=", "Zm9vYmE" },
		{ "foobar", "Zm9vYmFy", "Zm9vYmFy" },
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		const uint8_t *raw = (const uint8_t *)v[i][0];
		size_t n = strlen(v[i][0]), len;
		char enc[16];
		uint8_t out[16];

		CHECK(oc_b64_encode(enc, raw, n) == strlen(v[i][1]));
		CHECK(OC_B64_ENCLEN(n) == strlen(v[i][1]));
		CHECK_MEM(enc, v[i][1], strlen(v[i][1]));
		CHECK(oc_b64url_encode(enc, raw, n) == strlen(v[i][2]));
		CHECK(OC_B64URL_ENCLEN(n) == strlen(v[i][2]));
		CHECK_MEM(enc, v[i][2], strlen(v[i][2]));
		REQUIRE(dec(oc_b64_decode, out, &len, v[i][1], strlen(v[i][1])) == 0);
		CHECK(len == n && memcmp(out, raw, n) == 0);
		REQUIRE(dec(oc_b64url_decode, out, &len, v[i][2], strlen(v[i][2])) == 0);
		CHECK(len == n && memcmp(out, raw, n) == 0);
	}
}

OC_TEST(b64_whole_alphabet)
{
	static const char hex[] = "00108310518720928b30d38f41149351559761969b71d7"
		"9f8218a39259a7a29aabb2dbafc31cb3d35db7e39ebbf3dfbf";
	uint8_t raw[48], out[48];
	char enc[64];
	size_t len;

	REQUIRE(hex_decode(raw, hex) == 48);
	CHECK(oc_b64_encode(enc, raw, 48) == 64);
	CHECK_MEM(enc, STD, 64);
	CHECK(oc_b64url_encode(enc, raw, 48) == 64);
	CHECK_MEM(enc, URL, 64);
	CHECK(dec(oc_b64_decode, out, &len, STD, 64) == 0 && len == 48);
	CHECK(hex_eq(out, len, hex));
	CHECK(dec(oc_b64url_decode, out, &len, URL, 64) == 0 && len == 48);
	CHECK(hex_eq(out, len, hex));
	/* Each alphabet's two extra symbols are foreign to the other. */
	CHECK(dec(oc_b64_decode, out, &len, URL, 64) == -1);
	CHECK(dec(oc_b64url_decode, out, &len, STD, 64) == -1);
}

OC_TEST(b64_specials_both_alphabets)
{
	uint8_t out[8];
	size_t len;

	CHECK(dec(oc_b64_decode, out, &len, "+/8=", 4) == 0 && hex_eq(out, len, "fbff"));
	CHECK(dec(oc_b64url_decode, out, &len, "-_8", 3) == 0 && hex_eq(out, len, "fbff"));
	CHECK(dec(oc_b64_decode, out, &len, "////", 4) == 0 && hex_eq(out, len, "ffffff"));
	CHECK(dec(oc_b64url_decode, out, &len, "____", 4) == 0 && hex_eq(out, len, "ffffff"));
	CHECK(dec(oc_b64_decode, out, &len, "AAAA", 4) == 0 && hex_eq(out, len, "000000"));
	CHECK(dec_std("-_8=") == -1);
	CHECK(dec_url("+/8") == -1);
}

/* Every byte value, in every position of a quantum, decodes as its index in
 * the alphabet or is refused (but for a final '=' in the standard form). */
OC_TEST(b64_every_byte_every_position)
{
	for (int url = 0; url < 2; url++) {
		const char *alpha = url ? URL : STD;
		decoder d = url ? oc_b64url_decode : oc_b64_decode;
		for (unsigned c = 0; c < 256; c++) {
			const char *p = memchr(alpha, (int)c, 64);
			for (int pos = 0; pos < 4; pos++) {
				char s[4] = { 'A', 'A', 'A', 'A' };
				uint8_t out[3];
				size_t len;
				uint32_t w;
				int r;

				s[pos] = (char)c;
				r = dec(d, out, &len, s, 4);
				if (!url && pos == 3 && c == '=') {
					CHECK(r == 0 && len == 2 && out[0] == 0 && out[1] == 0);
					continue;
				}
				if (p == NULL) {
					CHECK(r == -1);
					continue;
				}
				REQUIRE(r == 0 && len == 3);
				w = (uint32_t)out[0] << 16 | (uint32_t)out[1] << 8 | out[2];
				CHECK(w == (uint32_t)(p - alpha) << (18 - 6 * pos));
			}
		}
	}
}

OC_TEST(b64_round_trip_random)
{
	for (int iter = 0; iter < 20; iter++) {
		for (size_t n = 0; n <= 100; n++) {
			uint8_t raw[100], out[100];
			char enc[136];
			size_t len, m;

			for (size_t i = 0; i < n; i++)
				raw[i] = (uint8_t)rnd();
			m = oc_b64_encode(enc, raw, n);
			CHECK(m == OC_B64_ENCLEN(n));
			for (size_t i = 0; i < m; i++)
				CHECK(memchr(STD, enc[i], 64) != NULL
					|| (enc[i] == '=' && i + 2 >= m));
			CHECK(dec(oc_b64_decode, out, &len, enc, m) == 0);
			CHECK(len == n && memcmp(out, raw, n) == 0);

			m = oc_b64url_encode(enc, raw, n);
			CHECK(m == OC_B64URL_ENCLEN(n));
			for (size_t i = 0; i < m; i++)
				CHECK(memchr(URL, enc[i], 64) != NULL);
			CHECK(dec(oc_b64url_decode, out, &len, enc, m) == 0);
			CHECK(len == n && memcmp(out, raw, n) == 0);
		}
	}
}

OC_TEST(b64_rejects_whitespace_and_foreign_bytes)
{
	static const char *const bad[] = {
		" Zm9v", "Zm9v ", "Zm 9v", "Zm9v\n", "Zm9v\r\n", "\tZm9v", "Zm9v\x0b",
		"Zm9vYmFy\n", "Zm.v", "Zm9v\x80", "Zm\xc3\xa9", "Zm9v!", "Zm9\"",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CHECK(dec_std(bad[i]) == -1);
		CHECK(dec_url(bad[i]) == -1);
	}
	uint8_t out[8];
	size_t len;
	CHECK(dec(oc_b64_decode, out, &len, "Zm\0v", 4) == -1);
	CHECK(dec(oc_b64url_decode, out, &len, "Zm\0v", 4) == -1);
	CHECK(dec(oc_b64_decode, out, &len, "Zg=\0", 4) == -1);
	CHECK(dec(oc_b64url_decode, out, &len, "Zg\0", 3) == -1);
}

OC_TEST(b64_standard_padding_rules)
{
	static const char *const bad[] = {
		"Zg", "Zm8", "Zg=", "Zg===", "Zm9vYg", "Zm9vYmE", "Zm9vY",   /* lengths */
		"====", "A===", "=AAA", "A=AA", "AA=A", "Zm9v====", "Zg==Zg==", /* '=' */
		"Zm9=Zm9v", "Zm=8", "Z=g=", "Zm9vYg=\n", "=", "==", "===",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK(dec_std(bad[i]) == -1);
	CHECK(dec_std("Zg==") == 0);
	CHECK(dec_std("Zm8=") == 0);
	CHECK(dec_std("") == 0);
}

OC_TEST(b64_url_rejects_padding_and_impossible_lengths)
{
	static const char *const bad[] = {
		"Zg==", "Zm8=", "Zg=", "Zm9vYg==", "Zm9vYmE=", "=", "Z=", "Zm9v=",
		"Z", "Zm9vY", "Zm9vYmFyZ", "A", "AAAAA",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK(dec_url(bad[i]) == -1);
}

/* The bits of the last symbol that no byte uses must be zero. */
OC_TEST(b64_rejects_nonzero_trailing_bits)
{
	for (unsigned v = 0; v < 64; v++) {
		char s[5] = { 'Z', STD[v], '=', '=', 0 };
		CHECK((dec_std(s) == 0) == (v % 16 == 0));
		s[1] = URL[v];
		s[2] = 0;
		CHECK((dec_url(s) == 0) == (v % 16 == 0));
		char t[5] = { 'Z', 'm', STD[v], '=', 0 };
		CHECK((dec_std(t) == 0) == (v % 4 == 0));
		t[2] = URL[v];
		t[3] = 0;
		CHECK((dec_url(t) == 0) == (v % 4 == 0));
	}
	CHECK(dec_std("Zh==") == -1);
	CHECK(dec_std("Zm9=") == -1);
	CHECK(dec_url("Zh") == -1);
	CHECK(dec_url("Zm9") == -1);
	CHECK(dec_std("Zm9vYmE=") == 0);
	CHECK(dec_std("Zm9vYmF=") == -1);
}

/* Every pair of bytes, as a whole url string and as a padded standard one,
 * against the reference decoder. */
OC_TEST(b64_exhaustive_two_symbols)
{
	for (unsigned a = 0; a < 256; a++) {
		for (unsigned b = 0; b < 256; b++) {
			char s[4] = { (char)a, (char)b, '=', '=' };
			uint8_t x[4], y[4];
			size_t xl, yl;
			int rx, ry;

			rx = dec(oc_b64url_decode, x, &xl, s, 2);
			ry = ref_decode(URL, 0, y, &yl, s, 2);
			CHECK(rx == ry && xl == yl && memcmp(x, y, xl) == 0);
			rx = dec(oc_b64_decode, x, &xl, s, 4);
			ry = ref_decode(STD, 1, y, &yl, s, 4);
			CHECK(rx == ry && xl == yl && memcmp(x, y, xl) == 0);
		}
	}
}

/* Random near-valid strings: encodings of random bytes with one or two
 * symbols replaced by a byte from a tricky set. */
OC_TEST(b64_differential_mutations)
{
	static const char tricky[] = "=+/-_ \n\r\t\0.A/Q\x80\xff";
	int accepted = 0, refused = 0;

	for (int iter = 0; iter < 50000; iter++) {
		uint8_t raw[12], x[16], y[16];
		char s[20];
		size_t n = rnd() % 12, m, xl, yl;
		int url = (int)(rnd() & 1), rx, ry;

		for (size_t i = 0; i < n; i++)
			raw[i] = (uint8_t)rnd();
		m = url ? oc_b64url_encode(s, raw, n) : oc_b64_encode(s, raw, n);
		for (unsigned k = rnd() % 3; k > 0 && m > 0; k--)
			s[rnd() % m] = tricky[rnd() % (sizeof tricky - 1)];
		if (rnd() % 8 == 0 && m > 0)
			m -= 1 + rnd() % (m < 3 ? m : 3);
		rx = dec(url ? oc_b64url_decode : oc_b64_decode, x, &xl, s, m);
		ry = ref_decode(url ? URL : STD, !url, y, &yl, s, m);
		CHECK(rx == ry && xl == yl && memcmp(x, y, xl) == 0);
		if (rx == 0)
			accepted++;
		else
			refused++;
	}
	CHECK(accepted > 1000 && refused > 1000);
}

/* atob()'s forgiving decode (WHATWG Infra), as Node computes it. */
OC_TEST(b64_forgiving_as_atob)
{
	static const struct { const char *in; const char *out; } cases[] = {
		{ "QUI=", "AB" }, { "QUI", "AB" }, { "QQ==", "A" }, { "QQ", "A" },
		{ "QR==", "A" }, { "QR", "A" },            /* unused bits are ignored */
		{ " Q Q\t=\n=\f\r", "A" },                  /* ASCII whitespace anywhere */
		{ "", "" }, { "  ", "" }, { "YWJj", "abc" },
		{ "QQ=", NULL }, { "Q", NULL }, { "Q===", NULL }, { "=QQ=", NULL },
		{ "QQ==QQ==", NULL }, { "QQ\v==", NULL }, { "QQ-_", NULL }, { "QQ%3D", NULL },
	};
	uint8_t out[32];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t len = 99;
		int r = oc_b64_decode_forgiving(out, &len, cases[i].in, strlen(cases[i].in));
		int ok = cases[i].out ? r == 0 && len == strlen(cases[i].out) && memcmp(out, cases[i].out, len) == 0
		                      : r == -1 && len == 0;
		CHECK(ok);
		if (!ok)
			fprintf(stderr, "  case %zu: \"%s\" -> %d (%zu)\n", i, cases[i].in, r, len);
	}
}
