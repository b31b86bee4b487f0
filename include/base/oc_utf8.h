/*
 * oc_utf8: UTF-8 validation (RFC 3629).
 *
 * Valid means well-formed: no overlong encodings, no surrogates
 * (U+D800..U+DFFF), nothing above U+10FFFF, no stray continuation bytes and
 * no sequence cut short by the end of the input. NUL (U+0000) is valid UTF-8;
 * callers that refuse it check for it themselves.
 */
#ifndef OC_UTF8_H
#define OC_UTF8_H

#include <stddef.h>

/* 1 if s[0..n) is valid UTF-8, else 0. s may be NULL when n is 0. */
int oc_utf8_valid(const char *s, size_t n);

#endif
