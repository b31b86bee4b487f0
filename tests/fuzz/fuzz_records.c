/*
 * KV record decoders; every accepted record re-encodes to a fixed point, and
 * the token and grant records (and the grant's KV metadata) are written byte
 * for byte as the cJSON trees printed them (kv_cjson_ref.c). And records are
 * printed by oc_json_print: whatever cJSON reads, it prints byte for byte as
 * cJSON's own printer does.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "store/oc_kv.h"
#include "base/oc_json_print.h"
#include "cJSON.h"
#include "../c/kv_cjson_ref.h"

/* The writer and its cJSON reference write the same bytes for r. */
#define SAME_AS_TREE(r, enc, enc_ref) do { \
	char *w1, *w2; \
	if (enc(a, r, &w1).code != enc_ref(a, r, &w2).code || (w1 == NULL) != (w2 == NULL) \
	    || (w1 != NULL && strcmp(w1, w2) != 0)) abort(); \
	} while (0)

#define ROUND_TRIP(T, dec, enc) do { \
	T r1, r2; char *o1, *o2; \
	if (dec(a, s, size, &r1).code == OC_OK) { \
		if (enc(a, &r1, &o1).code != OC_OK) abort(); \
		if (dec(a, o1, strlen(o1), &r2).code != OC_OK) abort(); \
		if (enc(a, &r2, &o2).code != OC_OK || strcmp(o1, o2) != 0) abort(); \
	} } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	oc_arena *a = oc_arena_new();
	if (a == NULL)
		return 0;
	ROUND_TRIP(oc_grant, oc_grant_decode, oc_grant_encode);
	ROUND_TRIP(oc_access_rec, oc_access_rec_decode, oc_access_rec_encode);
	ROUND_TRIP(oc_client, oc_client_decode, oc_client_encode);
	oc_grant g;
	oc_access_rec t;
	char *m;
	if (oc_access_rec_decode(a, s, size, &t).code == OC_OK)
		SAME_AS_TREE(&t, oc_access_rec_encode, oc_access_rec_encode_cjson);
	if (oc_grant_decode(a, s, size, &g).code == OC_OK) {
		SAME_AS_TREE(&g, oc_grant_encode, oc_grant_encode_cjson);
		SAME_AS_TREE(&g, oc_grant_kv_metadata, oc_grant_kv_metadata_cjson);
		if (oc_grant_kv_metadata(a, &g, &m).code != OC_OK)
			abort();
		if (m != NULL && strlen(m) > OC_KV_METADATA_MAX)
			abort();
	}
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
	cJSON *j = cJSON_ParseWithLength(s, size);
	if (j != NULL) {
		char *ours = oc_json_print(j), *theirs = cJSON_PrintUnformatted(j);
		if ((ours == NULL) != (theirs == NULL) || (ours != NULL && strcmp(ours, theirs) != 0))
			abort();
		cJSON_free(ours);
		cJSON_free(theirs);
		cJSON_Delete(j);
	}
	return 0;
}
