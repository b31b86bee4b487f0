/* The C library calls cJSON makes, narrowed to what it needs (oc_cjson_libc.h). */
#include "base/oc_cjson_libc.h"
#include <stdarg.h>
#include <string.h>

static char *put_uint(char *o, unsigned v, unsigned base, int width)
{
	char tmp[12];
	int n = 0;
	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	for (; width > n; width--)
		*o++ = '0';
	while (n)
		*o++ = tmp[--n];
	return o;
}

int oc_cjson_sprintf(char *out, const char *fmt, ...)
{
	va_list ap;
	char *o = out;
	int ok = 1;
	va_start(ap, fmt);
	while (*fmt && ok) {
		if (*fmt != '%') {
			*o++ = *fmt++;
			continue;
		}
		int width = 0;
		for (fmt++; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (*fmt - '0');
		if (*fmt == '.')
			for (fmt++; *fmt >= '0' && *fmt <= '9'; fmt++)
				;
		switch (*fmt++) {
		case 'g':
			o += oc_num_format(va_arg(ap, double), o);
			break;
		case 'd':
		case 'i': {
			int v = va_arg(ap, int);
			if (v < 0)
				*o++ = '-';
			o = put_uint(o, v < 0 ? 0u - (unsigned)v : (unsigned)v, 10, 0);
			break;
		}
		case 'x':
			o = put_uint(o, va_arg(ap, unsigned), 16, width);
			break;
		default:
			ok = 0;
		}
	}
	va_end(ap);
	*o = '\0';
	return ok ? (int)(o - out) : -1;
}

int oc_cjson_sscanf(const char *in, const char *fmt, ...)
{
	va_list ap;
	char *end;
	if (strcmp(fmt, "%lg") != 0)
		return 0;
	double v = oc_num_parse(in, &end);
	if (end == in)
		return 0;
	va_start(ap, fmt);
	*va_arg(ap, double *) = v;
	va_end(ap);
	return 1;
}
