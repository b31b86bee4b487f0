/* Runs every OC_TEST collected by build.sh into tests_list.h. */
#include "oc_test.h"
#include <stdlib.h>

int oc_test_failures;
int oc_test_checks;

#define X(name) void oc_test_##name(void);
#include "tests_list.h"
#undef X

static int hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

size_t hex_decode(uint8_t *out, const char *hex)
{
	size_t n = 0;
	while (hex[0] && hex[1]) {
		if (hex[0] == ' ') { hex++; continue; }
		out[n++] = (uint8_t)(hexval(hex[0]) << 4 | hexval(hex[1]));
		hex += 2;
	}
	return n;
}

int hex_eq(const uint8_t *bytes, size_t n, const char *hex)
{
	uint8_t buf[4096];
	size_t m = hex_decode(buf, hex);
	return m == n && memcmp(buf, bytes, n) == 0;
}

int main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : NULL;
	int passed = 0, failed = 0;
	struct { const char *name; void (*fn)(void); } tests[] = {
#define X(name) { #name, oc_test_##name },
#include "tests_list.h"
#undef X
	};
	for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
		if (only && !strstr(tests[i].name, only)) continue;
		int before = oc_test_failures;
		tests[i].fn();
		if (oc_test_failures == before) passed++;
		else { failed++; fprintf(stderr, "FAIL %s\n", tests[i].name); }
	}
	printf("c tests (%d checks)\n%d passed, %d failed\n", oc_test_checks, passed, failed);
	return failed ? 1 : 0;
}
