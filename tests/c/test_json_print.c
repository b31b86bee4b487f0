#include "oc_test.h"
#include "base/oc_json_print.h"
#include "cJSON.h"
#include <math.h>
#include <stdlib.h>

/* Both printers on the same tree: the same text (or both refuse). */
static void same_as_cjson(const cJSON *j, const char *label)
{
	char *ours = oc_json_print(j), *theirs = cJSON_PrintUnformatted(j);
	CHECK((ours == NULL) == (theirs == NULL));
	if (ours != NULL && theirs != NULL) {
		CHECK_STR(ours, theirs);
		if (strcmp(ours, theirs) != 0)
			fprintf(stderr, "  %s: ours %s, cJSON %s\n", label, ours, theirs);
	}
	cJSON_free(ours);
	cJSON_free(theirs);
}

OC_TEST(json_print_as_cjson)
{
	static const char *texts[] = {
		"null", "true", "false", "0", "-0", "1", "-1", "0.1", "1.5e-7", "1e21", "123456789012345678901234",
		"2147483648", "-2147483649", "9007199254740993", "5e-324", "1.7976931348623157e308",
		"\"\"", "\"a\\\"b\\\\c/d\"", "\"\\b\\f\\n\\r\\t\\u0001\\u001f\\u000b\\u007f\"", "\"caf\\u00e9 \\ud83d\\ude00\"",
		"[]", "{}", "[1,[2,[3,{}]],\"x\"]", "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\\n\"}}",
		"{\"\":\"\",\"k\\u0000\":0}", " { \"sp ace\" : [ 1 , 2 ] } ",
		"{\"redirect_uris\":[\"https://a.example/cb?x=1&y=2#f\"],\"n\":-12.5e3,\"k\":[0.30000000000000004]}",
	};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		cJSON *j = cJSON_Parse(texts[i]);
		REQUIRE(j != NULL);
		same_as_cjson(j, texts[i]);
		cJSON_Delete(j);
	}
}

OC_TEST(json_print_edges)
{
	/* Numbers JSON cannot hold print as null; a NULL string or key as "". */
	cJSON *o = cJSON_CreateObject();
	/* Set after creation: cJSON_CreateNumber converts its argument to int. */
	cJSON_AddNumberToObject(o, "nan", 0)->valuedouble = NAN;
	cJSON_AddNumberToObject(o, "inf", 0)->valuedouble = -INFINITY;
	cJSON_AddNumberToObject(o, "negzero", -0.0);
	cJSON *s = cJSON_CreateString("x");
	cJSON_free(s->valuestring);
	s->valuestring = NULL;
	cJSON_AddItemToObject(o, "nullstr", s);
	cJSON_AddRawToObject(o, "raw", "[1, 2]");
	cJSON *k = cJSON_CreateTrue();
	cJSON_AddItemToObject(o, "k", k);
	cJSON_free(k->string);
	k->string = NULL;
	same_as_cjson(o, "edges");
	char *t = oc_json_print(o);
	REQUIRE(t != NULL);
	CHECK_STR(t, "{\"nan\":null,\"inf\":null,\"negzero\":0,\"nullstr\":\"\",\"raw\":[1, 2],\"\":true}");
	cJSON_free(t);

	/* A Raw item without text, and an item of no JSON type, are refused, as cJSON refuses them. */
	cJSON *raw = cJSON_CreateRaw("1");
	cJSON_free(raw->valuestring);
	raw->valuestring = NULL;
	cJSON *a = cJSON_CreateArray();
	cJSON_AddItemToArray(a, raw);
	CHECK(oc_json_print(a) == NULL);
	same_as_cjson(a, "raw without text");
	raw->type = cJSON_Invalid;
	CHECK(oc_json_print(a) == NULL);
	same_as_cjson(a, "invalid item");
	CHECK(oc_json_print(NULL) == NULL);
	cJSON_Delete(a);
	cJSON_Delete(o);
}
