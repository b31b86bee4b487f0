/*
 * oc_scope: OAuth scope lists (RFC 6749 §3.3).
 *
 * A scope string is scope-tokens separated by spaces; a scope-token is one or
 * more of %x21 / %x23-5B / %x5D-7E (printable ASCII but space, '"' and '\').
 * Runs of spaces and leading or trailing spaces are tolerated (empty tokens
 * are skipped); repeated tokens are kept once, at their first position.
 * Lists are oc_strs; order is preserved everywhere.
 */
#ifndef OC_SCOPE_H
#define OC_SCOPE_H

#include <stddef.h>
#include "base/oc_arena.h"
#include "base/oc_err.h"
#include "base/oc_strs.h"
#include "cJSON.h"

/* 1 if s[0..n) is a non-empty scope-token, else 0. */
int oc_scope_token_ok(const char *s, size_t n);

/*
 * Parses s[0..n) into out (arena strings). An empty or all-space string gives
 * an empty list. OC_ERR_INVALID_SCOPE for any byte outside the charset.
 */
oc_err oc_scope_parse(oc_arena *a, const char *s, size_t n, oc_strs *out);

/* 1 if every token of sub is in super (an empty sub is a subset), else 0. */
int oc_scope_subset(const oc_strs *sub, const oc_strs *super);

/* The tokens of x that are also in y, in x's order, without repeats. */
oc_err oc_scope_intersect(oc_arena *a, const oc_strs *x, const oc_strs *y, oc_strs *out);

/* The tokens joined by single spaces, NUL-terminated; NULL when out of memory. */
char *oc_scope_join(oc_arena *a, const oc_strs *l);

/*
 * A JSON array of strings as a scope list: every element must be a valid
 * scope-token (OC_ERR_INVALID_SCOPE otherwise); repeats are dropped.
 * Strings point into j, which must live in a.
 */
oc_err oc_scope_from_json(oc_arena *a, const cJSON *j, oc_strs *out);

/* The list as a JSON array (cJSON's hooks: bind the arena); NULL on OOM. */
cJSON *oc_scope_to_json(const oc_strs *l);

#endif
