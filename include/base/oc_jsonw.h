/*
 * oc_jsonw: a small append-only JSON text writer into an arena buffer, for
 * outputs on hot paths (no cJSON tree, no printf). Strings are escaped as
 * cJSON prints them (so outputs stay byte-identical): \" \\ \b \f \n \r \t,
 * other bytes below 0x20 as \u00xx (lowercase hex), everything else,
 * including '/', DEL and non-ASCII UTF-8, passed through.
 * Errors (out of memory) are sticky: oc_jsonw_finish then returns NULL.
 */
#ifndef OC_JSONW_H
#define OC_JSONW_H

#include <stddef.h>
#include <stdint.h>
#include "base/oc_arena.h"
#include "base/oc_strs.h"

typedef struct {
	oc_arena *a;
	char *p;
	size_t n, cap;
	int err;
} oc_jsonw;

/* Starts a writer with cap bytes reserved (grown by doubling as needed). */
void oc_jsonw_init(oc_jsonw *w, oc_arena *a, size_t cap);
/* Raw bytes, inserted as they are (already JSON, or punctuation). */
void oc_jsonw_raw(oc_jsonw *w, const char *s, size_t n);
/* A NUL-terminated raw piece. */
void oc_jsonw_lit(oc_jsonw *w, const char *s);
/*
 * The category and reason of a reason built with OC_WHY (oc_err.h), each
 * with its NUL: the text then written is the reason's detail, and the
 * finished text a reason for oc_err.why.
 */
void oc_jsonw_why(oc_jsonw *w, const char *why);
/* A JSON string: quotes and escapes added; n bytes of s. */
void oc_jsonw_str(oc_jsonw *w, const char *s, size_t n);
/* The same for a NUL-terminated string. */
void oc_jsonw_cstr(oc_jsonw *w, const char *s);
/*
 * An integer, written as JSON.stringify writes the same number as a double
 * (oc_num.h): its digits when |v| <= 2^53, every integer a record can hold.
 */
void oc_jsonw_int(oc_jsonw *w, int64_t v);
/* A finite number as JSON.stringify writes it (oc_num.h). */
void oc_jsonw_num(oc_jsonw *w, double v);
/* A JSON array of l's strings. */
void oc_jsonw_strs(oc_jsonw *w, const oc_strs *l);
/*
 * Object members, `"name":value`, preceded by a comma unless the writer's
 * text ends with the '{' that opens their object. The name is escaped as a
 * string is (a name may come from a request: an i18n member's tag).
 */
void oc_jsonw_name(oc_jsonw *w, const char *name);
/* A string member; nothing when s is NULL (an absent member). */
void oc_jsonw_str_member(oc_jsonw *w, const char *name, const char *s);
void oc_jsonw_int_member(oc_jsonw *w, const char *name, int64_t v);
/*
 * An array of strings member. -1, with nothing written and the writer
 * failed, when a string of l is NULL (no JSON holds it); else 0.
 */
int oc_jsonw_strs_member(oc_jsonw *w, const char *name, const oc_strs *l);
/* NUL-terminates and returns the text (length in *len), or NULL after an error. */
char *oc_jsonw_finish(oc_jsonw *w, size_t *len);

#endif
