/*
 * oc_strs: a list of NUL-terminated strings living in an arena.
 *
 * The common shape of scope lists, redirect URIs, audiences and every other
 * JSON array of strings the core reads or writes. An empty list has n == 0
 * (v may be NULL).
 */
#ifndef OC_STRS_H
#define OC_STRS_H

#include <stddef.h>
#include "base/oc_arena.h"
#include "base/oc_err.h"
#include "cJSON.h"

typedef struct {
	char **v;
	size_t n;
} oc_strs;

/* 1 if s (NUL-terminated) is one of l's strings, else 0. */
int oc_strs_has(const oc_strs *l, const char *s);

/* 1 if j is a JSON array with the string s (NUL-terminated) among its elements, else 0. */
int oc_strs_json_has(const cJSON *j, const char *s);

/*
 * Reads a JSON array whose elements are all strings, as stored: no other
 * check, duplicates kept. The strings point into j (which must live in a);
 * out->v is allocated in a. Refuses a non-array or a non-string element with
 * OC_ERR_SERVER_ERROR (a stored record is corrupt) and desc.
 */
oc_err oc_strs_from_json(oc_arena *a, const cJSON *j, oc_strs *out, const char *desc);

/*
 * A new JSON array of l's strings, allocated through cJSON's hooks (bind the
 * arena first). NULL when out of memory.
 */
cJSON *oc_strs_to_json(const oc_strs *l);

#endif
