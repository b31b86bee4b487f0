/*
 * oc_form: application/x-www-form-urlencoded bodies and URL query strings.
 *
 * Pairs are split on '&', names from values on the first '='; '+' decodes to
 * space and %XX to the byte. Refused, each with an invalid_request error:
 * input or pair count over the limits, a malformed percent escape, a decoded
 * name or value that is not valid UTF-8 or contains NUL, an empty name, and
 * any name given twice (RFC 6749 §3.1, §3.2: parameters must not repeat). Empty
 * segments ("a=1&&b=2", trailing '&') are skipped. Decoded strings live in the
 * arena and are NUL-terminated. A repeat is refused with the wording of
 * oc_form_repeat_err, which callers that keep repeats (OC_FORM_REPEATS) and
 * refuse some of them use too.
 */
#ifndef OC_FORM_H
#define OC_FORM_H

#include <stddef.h>
#include "base/oc_arena.h"
#include "base/oc_err.h"

typedef struct {
	const char *name;  size_t name_len;
	const char *value; size_t value_len;
} oc_form_pair;

typedef struct {
	oc_form_pair *pairs;
	size_t count;
} oc_form;

typedef struct {
	size_t max_bytes; /* input length */
	size_t max_pairs;
	unsigned flags;   /* OC_FORM_* relaxations; 0 = strict */
} oc_form_limits;

/*
 * Relaxations for callers that must answer like a lenient parser:
 * OC_FORM_REPEATS keeps repeated names (the caller checks them; oc_form_get
 * returns the first); OC_FORM_RAW keeps decoded NUL bytes and invalid UTF-8
 * as they are (values carry their length; the NUL terminator still follows).
 * OC_FORM_WHATWG decodes as URLSearchParams does (WHATWG URL §5.1) and
 * refuses nothing but the limits: a malformed percent escape stays literal,
 * an empty name is kept, and the decoded bytes are made UTF-8 by replacing
 * each byte that does not begin a valid sequence, and each NUL, with U+FFFD
 * (so strings hold no NUL). That last step differs from URLSearchParams,
 * which keeps NUL and replaces a truncated sequence ("%E2%82") with one
 * U+FFFD, not one per byte. Decoded strings may be up to three times their
 * encoded length. OC_FORM_WHATWG with OC_FORM_RAW skips that step: the bytes
 * stay as decoded, as workerd's URLSearchParams keeps them when it serializes
 * a query again.
 */
#define OC_FORM_REPEATS 1u
#define OC_FORM_RAW     2u
#define OC_FORM_WHATWG  4u

/* Defaults: 64 KiB, 64 pairs, strict. */
extern const oc_form_limits oc_form_default_limits;

oc_err oc_form_parse(oc_arena *a, const char *src, size_t n,
	const oc_form_limits *lim, oc_form *out);

/*
 * Decodes one form-encoded string s[0..n) ('+' to space, %XX to the byte)
 * into a NUL-terminated arena string, with the same refusals as
 * oc_form_parse (malformed escapes; NUL or invalid UTF-8 unless OC_FORM_RAW;
 * none but out of memory with OC_FORM_WHATWG).
 */
oc_err oc_form_decode(oc_arena *a, const char *s, size_t n, unsigned flags,
	const char **out, size_t *outlen);

/* The pair named name (NUL-terminated), or NULL. */
const oc_form_pair *oc_form_get(const oc_form *f, const char *name);

/* How many pairs of f are named name (NUL-terminated). */
size_t oc_form_count(const oc_form *f, const char *name);

/*
 * The refusal of a repeated parameter name[0..n): OC_ERR_INVALID_REQUEST
 * 'Request parameter "<name>" must not be repeated' (the reference's wording
 * at its token endpoint), the description built in a; OC_ERR_SERVER_ERROR
 * when a is out of memory.
 */
oc_err oc_form_repeat_err(oc_arena *a, const char *name, size_t n);

/*
 * Whether the query have[0..have_len) carries the query need[0..need_len):
 * each name=value of need is among have's values for that name, both decoded
 * as URLSearchParams does (OC_FORM_WHATWG; repeats kept). With named_only, a
 * name have does not give at all is not required. 1 yes, 0 no, -1 out of
 * memory.
 */
int oc_form_query_carries(oc_arena *a, const char *have, size_t have_len, const char *need,
	size_t need_len, int named_only);

#endif
