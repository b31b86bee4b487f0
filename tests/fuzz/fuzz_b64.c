/*
 * base64 / base64url: whatever decodes must re-encode to exactly the input
 * (strict decoding accepts only canonical text), and any bytes must survive
 * encode then decode. The forgiving decode (atob's) accepts at least what the
 * strict one accepts, with the same bytes. Buffers are sized exactly so ASan
 * sees any overrun.
 */
#include "base/oc_b64.h"
#include <stdlib.h>
#include <string.h>

typedef int (*decoder)(uint8_t *, size_t *, const char *, size_t);
typedef size_t (*encoder)(char *, const uint8_t *, size_t);

static void *alloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		abort();
	return p;
}

static void canonical(decoder dec, encoder enc, size_t (*enclen)(size_t),
	const uint8_t *data, size_t size)
{
	uint8_t *raw = alloc(OC_B64_DECMAX(size));
	size_t len = 1;

	if (dec(raw, &len, (const char *)data, size) == 0) {
		char *text = alloc(enclen(len));
		if (len > OC_B64_DECMAX(size) || enc(text, raw, len) != size
			|| memcmp(text, data, size) != 0)
			__builtin_trap();
		free(text);
	} else if (len != 0) {
		__builtin_trap();
	}
	free(raw);
}

static void round_trip(decoder dec, encoder enc, size_t (*enclen)(size_t),
	const uint8_t *data, size_t size)
{
	size_t m = enclen(size), len;
	char *text = alloc(m);
	uint8_t *raw = alloc(OC_B64_DECMAX(m));

	if (enc(text, data, size) != m || dec(raw, &len, text, m) != 0
		|| len != size || memcmp(raw, data, size) != 0)
		__builtin_trap();
	free(raw);
	free(text);
}

static void forgiving(const uint8_t *data, size_t size)
{
	uint8_t *strict = alloc(OC_B64_DECMAX(size)), *loose = alloc(OC_B64_DECMAX(size));
	size_t ls = 1, ll = 1;
	int rs = oc_b64_decode(strict, &ls, (const char *)data, size);
	int rl = oc_b64_decode_forgiving(loose, &ll, (const char *)data, size);

	if ((rl != 0 && ll != 0) || ll > OC_B64_DECMAX(size)
		|| (rs == 0 && (rl != 0 || ll != ls || memcmp(strict, loose, ls) != 0)))
		__builtin_trap();
	free(loose);
	free(strict);
}

static size_t std_len(size_t n) { return OC_B64_ENCLEN(n); }
static size_t url_len(size_t n) { return OC_B64URL_ENCLEN(n); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	canonical(oc_b64_decode, oc_b64_encode, std_len, data, size);
	canonical(oc_b64url_decode, oc_b64url_encode, url_len, data, size);
	round_trip(oc_b64_decode, oc_b64_encode, std_len, data, size);
	round_trip(oc_b64url_decode, oc_b64url_encode, url_len, data, size);
	round_trip(oc_b64_decode_forgiving, oc_b64_encode, std_len, data, size);
	forgiving(data, size);
	return 0;
}
