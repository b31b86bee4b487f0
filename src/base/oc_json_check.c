/* RFC 8259 JSON text validation with depth and value limits (oc_json_check.h). */
#include "base/oc_json_check.h"
#include "base/oc_utf8.h"

typedef struct {
	const unsigned char *p;
	size_t i, n;
	unsigned depth, max_depth;
	size_t values, max_values;
	oc_json_verdict v;
} jc;

static int fail(jc *c, oc_json_verdict v)
{
	if (c->v == OC_JSON_OK)
		c->v = v;
	return -1;
}

static void ws(jc *c)
{
	while (c->i < c->n) {
		unsigned char b = c->p[c->i];
		if (b != ' ' && b != '\t' && b != '\n' && b != '\r')
			return;
		c->i++;
	}
}

static int lit(jc *c, const char *w)
{
	for (; *w; w++, c->i++)
		if (c->i >= c->n || c->p[c->i] != (unsigned char)*w)
			return fail(c, OC_JSON_SYNTAX);
	return 0;
}

static int digit(const jc *c)
{
	return c->i < c->n && c->p[c->i] >= '0' && c->p[c->i] <= '9';
}

static int digits(jc *c)
{
	if (!digit(c))
		return fail(c, OC_JSON_SYNTAX);
	while (digit(c))
		c->i++;
	return 0;
}

static int number(jc *c)
{
	size_t from = c->i;
	if (c->p[c->i] == '-')
		c->i++;
	if (c->i < c->n && c->p[c->i] == '0')
		c->i++;
	else if (digits(c))
		return -1;
	if (c->i < c->n && c->p[c->i] == '.') {
		c->i++;
		if (digits(c))
			return -1;
	}
	if (c->i < c->n && (c->p[c->i] == 'e' || c->p[c->i] == 'E')) {
		c->i++;
		if (c->i < c->n && (c->p[c->i] == '+' || c->p[c->i] == '-'))
			c->i++;
		if (digits(c))
			return -1;
	}
	return c->i - from > OC_JSON_NUMBER_MAX ? fail(c, OC_JSON_SYNTAX) : 0;
}

/* The four hex digits of a \u escape; -1 if malformed. */
static long hex4(jc *c)
{
	long u = 0;
	if (c->n - c->i < 4)
		return -1;
	for (int k = 0; k < 4; k++) {
		unsigned char b = c->p[c->i++];
		int d = b >= '0' && b <= '9' ? b - '0' : (b | 0x20) >= 'a' && (b | 0x20) <= 'f' ? (b | 0x20) - 'a' + 10 : -1;
		if (d < 0)
			return -1;
		u = u * 16 + d;
	}
	return u;
}

static int string(jc *c)
{
	c->i++; /* the opening quote */
	for (;;) {
		if (c->i >= c->n)
			return fail(c, OC_JSON_SYNTAX);
		unsigned char b = c->p[c->i++];
		if (b == '"')
			return 0;
		if (b < 0x20)
			return fail(c, OC_JSON_SYNTAX);
		if (b != '\\')
			continue;
		if (c->i >= c->n)
			return fail(c, OC_JSON_SYNTAX);
		b = c->p[c->i++];
		if (b == '"' || b == '\\' || b == '/' || b == 'b' || b == 'f' || b == 'n' || b == 'r' || b == 't')
			continue;
		if (b != 'u')
			return fail(c, OC_JSON_SYNTAX);
		long u = hex4(c);
		if (u <= 0 || (u >= 0xDC00 && u <= 0xDFFF))
			return fail(c, OC_JSON_SYNTAX); /* malformed, U+0000, or a lone low surrogate */
		if (u >= 0xD800 && u <= 0xDBFF) {
			if (c->n - c->i < 2 || c->p[c->i] != '\\' || c->p[c->i + 1] != 'u')
				return fail(c, OC_JSON_SYNTAX);
			c->i += 2;
			long lo = hex4(c);
			if (lo < 0xDC00 || lo > 0xDFFF)
				return fail(c, OC_JSON_SYNTAX);
		}
	}
}

static int value(jc *c);

/* An array or an object: c->i is at '[' or '{'. */
static int container(jc *c)
{
	int obj = c->p[c->i] == '{';
	unsigned char close = obj ? '}' : ']';
	if (++c->depth > c->max_depth)
		return fail(c, OC_JSON_TOO_DEEP);
	c->i++;
	ws(c);
	if (c->i < c->n && c->p[c->i] == close) {
		c->i++;
		c->depth--;
		return 0;
	}
	for (;;) {
		if (obj) {
			if (c->i >= c->n || c->p[c->i] != '"' || string(c))
				return fail(c, OC_JSON_SYNTAX);
			ws(c);
			if (c->i >= c->n || c->p[c->i] != ':')
				return fail(c, OC_JSON_SYNTAX);
			c->i++;
			ws(c);
		}
		if (value(c))
			return -1;
		ws(c);
		if (c->i >= c->n)
			return fail(c, OC_JSON_SYNTAX);
		if (c->p[c->i] == close) {
			c->i++;
			c->depth--;
			return 0;
		}
		if (c->p[c->i] != ',')
			return fail(c, OC_JSON_SYNTAX);
		c->i++;
		ws(c);
	}
}

static int value(jc *c)
{
	if (++c->values > c->max_values)
		return fail(c, OC_JSON_TOO_MANY);
	if (c->i >= c->n)
		return fail(c, OC_JSON_SYNTAX);
	switch (c->p[c->i]) {
	case '{':
	case '[':
		return container(c);
	case '"':
		return string(c);
	case 't':
		return lit(c, "true");
	case 'f':
		return lit(c, "false");
	case 'n':
		return lit(c, "null");
	default:
		if (c->p[c->i] == '-' || digit(c))
			return number(c);
		return fail(c, OC_JSON_SYNTAX);
	}
}

oc_json_verdict oc_json_check(const char *s, size_t n, unsigned max_depth, size_t max_values,
	size_t *start)
{
	jc c = { (const unsigned char *)s, 0, n, 0, max_depth, 0, max_values, OC_JSON_OK };
	if (n >= 3 && c.p[0] == 0xEF && c.p[1] == 0xBB && c.p[2] == 0xBF)
		c.i = 3;
	if (start != NULL)
		*start = c.i;
	if (!oc_utf8_valid(s + c.i, n - c.i))
		return OC_JSON_SYNTAX;
	ws(&c);
	if (value(&c))
		return c.v;
	ws(&c);
	return c.i == n ? OC_JSON_OK : OC_JSON_SYNTAX;
}
