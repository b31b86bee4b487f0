/* cJSON trees printed as cJSON_PrintUnformatted prints them (see oc_json_print.h). */
#include "base/oc_json_print.h"
#include "base/oc_num.h"
#include <string.h>

/* Two passes over the tree: p == NULL counts the bytes, then they are written. */
typedef struct {
	char *p;
	size_t n;
} out;

__attribute__((noinline)) static void put(out *o, const char *s, size_t n)
{
	if (o->p != NULL)
		memcpy(o->p + o->n, s, n);
	o->n += n;
}

/* Bytes printed as they are: all but controls, '"' and '\\' (cJSON's rule). */
static int plain(unsigned char c)
{
	return c >= 0x20 && c != '"' && c != '\\';
}

/* A string, its plain bytes copied a run at a time (not one memory.copy per byte). */
static void str(out *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *c = (const unsigned char *)(s ? s : "");
	put(o, "\"", 1);
	for (;;) {
		const unsigned char *run = c;
		while (plain(*c))
			c++;
		put(o, (const char *)run, (size_t)(c - run));
		if (*c == 0)
			break;
		const char *short_esc = *c < 0x20 ? strchr("\bb\ff\nn\rr\tt", *c) : NULL;
		char e[6] = { '\\', (char)*c };
		if (*c == '"' || *c == '\\') {
			put(o, e, 2);
		} else if (short_esc != NULL) {
			e[1] = short_esc[1];
			put(o, e, 2);
		} else {
			memcpy(e + 1, "u00", 3);
			e[4] = hex[*c >> 4];
			e[5] = hex[*c & 15];
			put(o, e, 6);
		}
		c++;
	}
	put(o, "\"", 1);
}

/* 0, or -1 for what cJSON refuses to print. */
static int value(out *o, const cJSON *j)
{
	char num[OC_NUM_MAX];
	const cJSON *m;
	int obj;
	switch (j->type & 0xff) {
	case cJSON_NULL:
		put(o, "null", 4);
		return 0;
	case cJSON_False:
		put(o, "false", 5);
		return 0;
	case cJSON_True:
		put(o, "true", 4);
		return 0;
	case cJSON_Number:
		put(o, num, oc_num_format(j->valuedouble, num));
		return 0;
	case cJSON_Raw:
		if (j->valuestring == NULL)
			return -1;
		put(o, j->valuestring, strlen(j->valuestring));
		return 0;
	case cJSON_String:
		str(o, j->valuestring);
		return 0;
	case cJSON_Array:
	case cJSON_Object:
		obj = (j->type & 0xff) == cJSON_Object;
		put(o, obj ? "{" : "[", 1);
		for (m = j->child; m != NULL; m = m->next) {
			if (m != j->child)
				put(o, ",", 1);
			if (obj) {
				str(o, m->string);
				put(o, ":", 1);
			}
			if (value(o, m) != 0)
				return -1;
		}
		put(o, obj ? "}" : "]", 1);
		return 0;
	default:
		return -1;
	}
}

char *oc_json_print(const cJSON *j)
{
	out o = { NULL, 0 };
	if (j == NULL || value(&o, j) != 0 || (o.p = cJSON_malloc(o.n + 1)) == NULL)
		return NULL;
	o.n = 0;
	value(&o, j);
	o.p[o.n] = 0;
	return o.p;
}
