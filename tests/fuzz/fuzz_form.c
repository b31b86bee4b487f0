/*
 * Form parsing: any input either fails with invalid_request and an empty
 * result, or yields pairs that keep every promise of oc_form.h. Parsed three
 * times: with the default limits, with tight ones, and as URLSearchParams
 * (OC_FORM_WHATWG: refused only over the limits; repeats and empty names
 * kept; strings up to three times the input).
 */
#include "base/oc_form.h"
#include "base/oc_utf8.h"
#include <stdint.h>
#include <string.h>

static int good_string(const char *s, size_t n, size_t max)
{
	return s != NULL && n <= max && s[n] == 0 && memchr(s, 0, n) == NULL
		&& oc_utf8_valid(s, n);
}

static void check(const uint8_t *data, size_t size, const oc_form_limits *lim)
{
	oc_arena *a = oc_arena_new();
	oc_form f;
	oc_err e;
	int whatwg = (lim->flags & OC_FORM_WHATWG) != 0;

	if (a == NULL)
		return;
	e = oc_form_parse(a, (const char *)data, size, lim, &f);
	if (e.code != OC_OK) {
		if (e.code != OC_ERR_INVALID_REQUEST || e.desc == NULL
			|| f.pairs != NULL || f.count != 0)
			__builtin_trap();
		if (whatwg && size <= lim->max_bytes && size <= lim->max_pairs)
			__builtin_trap();
		oc_arena_free(a);
		return;
	}
	if (size > lim->max_bytes || f.count > lim->max_pairs
		|| (f.count > 0) != (f.pairs != NULL))
		__builtin_trap();
	for (size_t i = 0; i < f.count; i++) {
		const oc_form_pair *p = &f.pairs[i];
		size_t max = whatwg ? 3 * size : size;
		if ((p->name_len == 0 && !whatwg) || !good_string(p->name, p->name_len, max)
			|| !good_string(p->value, p->value_len, max)
			|| (!whatwg && oc_form_get(&f, p->name) != p))
			__builtin_trap();
		for (size_t j = 0; j < i && !whatwg; j++)
			if (f.pairs[j].name_len == p->name_len
				&& memcmp(f.pairs[j].name, p->name, p->name_len) == 0)
				__builtin_trap();
	}
	oc_arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const oc_form_limits tight = { 40, 3, 0 };
	static const oc_form_limits whatwg = { 65536, 65536, OC_FORM_REPEATS | OC_FORM_WHATWG };

	check(data, size, &oc_form_default_limits);
	check(data, size, &tight);
	check(data, size, &whatwg);
	return 0;
}
