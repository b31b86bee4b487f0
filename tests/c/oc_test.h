/*
 * A minimal test harness. Each test is `OC_TEST(name) { ... }` in any
 * tests/c/test_*.c file; build.sh collects the names and tests/c/main.c runs
 * them all. CHECK records a failure and goes on; REQUIRE returns from the test.
 */
#ifndef OC_TEST_H
#define OC_TEST_H

#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <stddef.h>

extern int oc_test_failures;
extern int oc_test_checks;

#define OC_TEST(name) void oc_test_##name(void)

#define CHECK(cond) do { oc_test_checks++; if (!(cond)) { oc_test_failures++; \
	fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define REQUIRE(cond) do { oc_test_checks++; if (!(cond)) { oc_test_failures++; \
	fprintf(stderr, "%s:%d: REQUIRE failed: %s\n", __FILE__, __LINE__, #cond); return; } } while (0)
#define CHECK_MEM(a, b, n) CHECK(memcmp((a), (b), (n)) == 0)
#define CHECK_STR(a, b) CHECK(strcmp((a), (b)) == 0)

/* Hex helpers for known-answer tests; hex_decode returns the byte count. */
size_t hex_decode(uint8_t *out, const char *hex);
int hex_eq(const uint8_t *bytes, size_t n, const char *hex);

#endif
