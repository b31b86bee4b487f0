/*
 * oc_js_trim: what JavaScript's String.prototype.trim() removes from a UTF-8
 * string: ECMAScript's WhiteSpace and LineTerminator code points (tab, LF,
 * VT, FF, CR, space, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F,
 * U+205F, U+3000, U+FEFF) at both ends. A byte that begins no valid
 * sequence is read as U+FFFD (not white space) and stops the trimming.
 */
#ifndef OC_JS_TRIM_H
#define OC_JS_TRIM_H

#include <stddef.h>

/* How many bytes of that white space s[0..n) begins with. */
size_t oc_js_space_len(const char *s, size_t n);

/* s[0..*n) without that white space at both ends: the new start, *n updated. */
const char *oc_js_trim(const char *s, size_t *n);

#endif
