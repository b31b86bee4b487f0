/* The record decoders and writers through a cJSON tree (kv_cjson_ref.c), for comparison with oc_kv_scan and the records written by oc_jsonw. */
#ifndef KV_CJSON_REF_H
#define KV_CJSON_REF_H

#include "store/oc_kv.h"

oc_err oc_access_rec_decode_cjson(oc_arena *a, const char *json, size_t n, oc_access_rec *out);
oc_err oc_grant_decode_cjson(oc_arena *a, const char *json, size_t n, oc_grant *out);
oc_err oc_client_decode_cjson(oc_arena *a, const char *json, size_t n, oc_client *out);
/* The client record as a cJSON tree printed by oc_json_print, the writer's reference. */
oc_err oc_client_encode_cjson(oc_arena *a, const oc_client *c, char **out);
/*
 * c written by oc_client_encode and by oc_client_encode_cjson: 1 the same
 * bytes, 0 both refused with the same error, -1 otherwise.
 */
int client_encode_same(oc_arena *a, const oc_client *c);

/*
 * s[0..n) read as a token, a grant and a client record by both decoders: 1
 * when one of them is read, and the scanner gives what the tree gives; 0
 * when both are refused as they should be (the scanner refuses exactly what
 * cJSON or oc_json_check refuses); -1 when the decoders disagree, or a client
 * read is not written back the same by both encoders (client_encode_same).
 */
int kv_scan_same(const char *s, size_t n);

/* The token and grant records (and the grant's KV metadata) as cJSON trees printed by oc_json_print. */
oc_err oc_access_rec_encode_cjson(oc_arena *a, const oc_access_rec *t, char **out);
oc_err oc_grant_encode_cjson(oc_arena *a, const oc_grant *g, char **out);
oc_err oc_grant_kv_metadata_cjson(oc_arena *a, const oc_grant *g, char **out);

#endif
