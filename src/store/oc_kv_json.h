/*
 * Private helpers shared by the KV record codecs (oc_kv_grant.c,
 * oc_kv_token.c, oc_kv_client.c; records are read by oc_kv_scan.c): the
 * timestamp check, a string-or-array member of a cJSON object, and writers
 * that omit absent members (into a cJSON tree: kvj_put_*; straight into
 * text: kvw_multi beside oc_jsonw's member writers). A reader returns OC_ERR_SERVER_ERROR with desc on
 * a type mismatch; a JSON null reads as absent.
 */
#ifndef OC_KV_JSON_H
#define OC_KV_JSON_H

#include "store/oc_kv.h"
#include "base/oc_jsonw.h"

/* Returns the error of x from the calling function, if any. */
#define KVJ_TRY(x) do { oc_err e_ = (x); if (e_.code != OC_OK) return e_; } while (0)

/* 1 with *out = d when d is an integral number within +-2^53 (a timestamp), else 0. */
int kvj_int_of(double d, int64_t *out);
/* The member name of o, a string or an array of strings, into out (absent when missing or null). */
oc_err kvj_multi(oc_arena *a, const cJSON *o, const char *name, const char *desc,
	oc_kv_strs *out);

/* Writers: 0 on success, -1 when out of memory. NULL / absent writes nothing. */
int kvj_put_str(cJSON *o, const char *name, const char *s);
int kvj_put_int(cJSON *o, const char *name, int64_t v);
int kvj_put_strs(cJSON *o, const char *name, const oc_strs *l);
int kvj_put_multi(cJSON *o, const char *name, const oc_kv_strs *m);

/* 1 when oc_client has a field for the client record member name (oc_kv_client.c), else 0. */
int oc_client_known_member(const char *name);

/* Prints o unformatted into *out; OC_ERR_SERVER_ERROR when out of memory. */
oc_err kvj_print(const cJSON *o, char **out);

/*
 * Records written without a tree, into an oc_jsonw, byte for byte as the
 * writers above and kvj_print write them (tests/c/test_kv_write.c compares
 * them), by oc_jsonw's member writers and this one for a string-or-array
 * member: absent (OC_KV_ABSENT) writes nothing; a list with a NULL string, or
 * a string form without exactly one string, marks the writer failed (as the
 * tree writers refuse them).
 */
void kvw_multi(oc_jsonw *w, const char *name, const oc_kv_strs *m);
/* The text into *out, or desc (OC_ERR_SERVER_ERROR) when the writer failed. */
oc_err kvw_finish(oc_jsonw *w, const char *desc, char **out);

#endif
