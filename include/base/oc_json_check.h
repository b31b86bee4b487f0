/*
 * oc_json_check: is a request body one JSON text as RFC 8259 defines it, and
 * within the limits the core sets before building a tree of it?
 *
 * Accepted: exactly the grammar of RFC 8259 §2-§7 (what JavaScript's
 * JSON.parse accepts): white space is space, tab, LF and CR only; numbers
 * without leading zeros, '+' or a bare '.'; strings without raw control
 * characters and with the escapes \" \\ \/ \b \f \n \r \t \uXXXX only; no
 * trailing commas or bytes. A leading UTF-8 byte order mark is skipped (the
 * Fetch API's text() drops it).
 *
 * Refused besides, where JSON.parse would accept (RFC 8259 §8.1-§8.2, §9
 * parser limits): bytes that are not UTF-8; a \u escape of U+0000 or a
 * surrogate not paired as UTF-16 requires; a number written with more than
 * OC_JSON_NUMBER_MAX characters (cJSON reads no more); more than max_depth nested arrays
 * and objects; more than max_values values in all (every member value, array
 * element and the root count one).
 */
#ifndef OC_JSON_CHECK_H
#define OC_JSON_CHECK_H

#include <stddef.h>

#define OC_JSON_NUMBER_MAX 63

typedef enum {
	OC_JSON_OK = 0,
	OC_JSON_SYNTAX,     /* not one JSON text, or not UTF-8, or a refused escape */
	OC_JSON_TOO_DEEP,   /* over max_depth */
	OC_JSON_TOO_MANY    /* over max_values */
} oc_json_verdict;

/*
 * Checks s[0..n). *start (may be NULL) receives the offset of the JSON text
 * (3 after a byte order mark, else 0).
 */
oc_json_verdict oc_json_check(const char *s, size_t n, unsigned max_depth, size_t max_values,
	size_t *start);

#endif
