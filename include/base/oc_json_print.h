/*
 * oc_json_print: a cJSON tree as JSON text, byte for byte as cJSON 1.7.15's
 * cJSON_PrintUnformatted prints it, in place of cJSON's printer (its growing
 * buffers, and its number printing through sprintf, are not linked):
 * no whitespace; strings escaped as oc_jsonw escapes them (\" \\ \b \f \n \r
 * \t, other bytes below 0x20 as \u00xx, everything else as it is; a NULL
 * string or key as ""); numbers as JSON.stringify writes them (oc_num.h:
 * cJSON's "%d" / "%1.15g" / "%1.17g" give that form once its sprintf is
 * oc_cjson_sprintf); a Raw item's text as it is.
 *
 * Returns the NUL-terminated text in memory from cJSON_malloc (release with
 * cJSON_free; in an op, the op's arena), sized exactly, never grown; NULL when
 * memory runs out, for a Raw item without text, or an item of no JSON type.
 */
#ifndef OC_JSON_PRINT_H
#define OC_JSON_PRINT_H

#include "cJSON.h"

char *oc_json_print(const cJSON *j);

#endif
