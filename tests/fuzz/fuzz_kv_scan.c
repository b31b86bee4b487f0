/*
 * The token and grant records read without a cJSON tree (src/store/oc_kv_scan.c)
 * against the same records read through one (tests/c/kv_cjson_ref.c): never a
 * trap, and whatever the input, the scanner accepts it exactly when cJSON and
 * oc_json_check both do, and then decodes it to the same struct.
 */
#include <stdint.h>
#include <stdlib.h>
#include "../c/kv_cjson_ref.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (kv_scan_same((const char *)data, size) < 0)
		abort();
	return 0;
}
