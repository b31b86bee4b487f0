/* oc_strs: the JSON-array membership test every "is this name listed" question shares. */
#include "oc_test.h"
#include "base/oc_strs.h"

OC_TEST(strs_json_has)
{
	static const struct { const char *json, *s; int want; } cases[] = {
		{ "[\"a\",\"verify\"]", "verify", 1 },
		{ "[\"verify\"]", "verify", 1 },
		{ "[\"verif\",\"verifyx\",\"VERIFY\"]", "verify", 0 },
		{ "[1,null,{\"verify\":1},[\"verify\"]]", "verify", 0 },
		{ "[]", "verify", 0 },
		{ "\"verify\"", "verify", 0 },
		{ "{\"verify\":\"verify\"}", "verify", 0 },
		{ "[\"\"]", "", 1 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		cJSON *j = cJSON_Parse(cases[i].json);
		CHECK(j != NULL);
		CHECK(oc_strs_json_has(j, cases[i].s) == cases[i].want);
		cJSON_Delete(j);
	}
	CHECK(oc_strs_json_has(NULL, "verify") == 0);
}
