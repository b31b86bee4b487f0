/*
 * Private to the record codecs (oc_kv_token.c, oc_kv_grant.c, oc_kv_client.c): a record read
 * without a cJSON tree, straight into its struct.
 *
 * The root object is walked once, checked on the way as oc_json_check checks
 * a JSON text (with cJSON's own nesting limit): what it refuses is a
 * malformed record, including what cJSON alone let through (bytes that are
 * not UTF-8, raw control characters, \u0000, white space other than space,
 * tab, LF and CR, leading zeros). A member the table names is read by its
 * kind into the struct (at its offset): the first of duplicate members counts
 * (as cJSON's lookup), a JSON null in it reads as absent, a member of another
 * type or a missing required one is refused. Any other member is skipped (an
 * array or object in it found by its brackets, then checked by oc_json_check). What an accepted record decodes to is what the cJSON tree gave
 * (tests/c/test_kv_scan.c, tests/fuzz/fuzz_kv_scan.c compare the two).
 */
#ifndef OC_KV_SCAN_H
#define OC_KV_SCAN_H

#include <stddef.h>
#include "store/oc_kv.h"

typedef enum {
	KVS_STR,    /* char *: a string */
	KVS_INT,    /* int64_t: an integral number within +-2^53 (kvj_int_of) */
	KVS_STRS,   /* oc_strs: an array of strings */
	KVS_MULTI,  /* oc_kv_strs: a string or an array of strings */
	KVS_OBJ,    /* a nested object, read by sub into the struct at off */
	KVS_JSON    /* cJSON *: any JSON value, as a tree (null included) */
} kvs_kind;

typedef struct kvs_table kvs_table;

typedef struct {
	const char *name;
	unsigned char len, kind, required;
	unsigned short off;      /* offsetof the value */
	short has;               /* offsetof an int set to 1 when present, or -1 */
	const kvs_table *sub;    /* KVS_OBJ */
} kvs_member;

struct kvs_table {
	const kvs_member *m;
	unsigned n;              /* at most 32 */
	/*
	 * keep_rest: every member the table does not name goes, as a tree, into
	 * the cJSON object (created when the first comes) at offset rest, in the
	 * record's order, duplicates included.
	 */
	unsigned char keep_rest;
	unsigned short rest;
};

#define KVS_M(name, kind, req, T, field) \
	{ name, sizeof name - 1, kind, req, (unsigned short)offsetof(T, field), -1, NULL }
#define KVS_H(name, kind, req, T, field, hasfield) \
	{ name, sizeof name - 1, kind, req, (unsigned short)offsetof(T, field), (short)offsetof(T, hasfield), NULL }
#define KVS_O(name, req, T, field, table) \
	{ name, sizeof name - 1, KVS_OBJ, req, (unsigned short)offsetof(T, field), -1, table }

/*
 * Decodes json[0..n) into out (zeroed first) by t; OC_ERR_SERVER_ERROR with
 * desc when the record is malformed or memory runs out. Strings are copied
 * into a; KVS_JSON trees are built in a (bound for cJSON).
 */
oc_err kvs_decode(oc_arena *a, const char *json, size_t n, const kvs_table *t, void *out,
	size_t size, const char *desc);

#endif
