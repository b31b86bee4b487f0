/* The binary answer of an OC_KIND_HTTP op (layout in oc_http.h). */
#include "op/oc_http_binary.h"
#include <string.h>

#define HEAD_BYTES (OC_HTTP_ANSWER_WORDS * 4)

typedef struct {
	uint8_t *p;
	size_t n; /* bytes written */
} out_buf;

static void put_word(out_buf *b, unsigned i, size_t v)
{
	uint8_t *w = b->p + 4 * i;
	w[0] = (uint8_t)v;
	w[1] = (uint8_t)(v >> 8);
	w[2] = (uint8_t)(v >> 16);
	w[3] = (uint8_t)(v >> 24);
}

/* Room for the words and text bytes of text; 0, or -1 when out of memory. */
static int start(oc_op *op, out_buf *b, size_t text)
{
	if (text > OC_ARENA_MAX)
		return -1;
	b->n = HEAD_BYTES;
	b->p = oc_arena_calloc(op->arena, HEAD_BYTES + text);
	return b->p != NULL ? 0 : -1;
}

static void put_bytes(out_buf *b, const void *s, size_t n)
{
	if (n)
		memcpy(b->p + b->n, s, n);
	b->n += n;
}

/* Appends a text and sets words i, i + 1 to its offset and length. */
static void put_text(out_buf *b, unsigned i, const void *s, size_t n)
{
	put_word(b, i, b->n);
	put_word(b, i + 1, n);
	put_bytes(b, s, n);
}

static size_t headers_len(const oc_http_resp *r)
{
	size_t n = 0;
	for (int i = 0; r != NULL && i < r->nheaders; i++)
		n += strlen(r->hname[i]) + strlen(r->hvalue[i]) + 2;
	return n ? n - 1 : 0;
}

/* Words 2..4: the header count and "name\0value…" */
static void put_headers(out_buf *b, const oc_http_resp *r)
{
	int k = r != NULL ? r->nheaders : 0;
	put_word(b, 2, (size_t)k);
	put_word(b, 3, b->n);
	put_word(b, 4, headers_len(r));
	for (int i = 0; i < k; i++) {
		if (i)
			put_bytes(b, "", 1);
		put_bytes(b, r->hname[i], strlen(r->hname[i]) + 1);
		put_bytes(b, r->hvalue[i], strlen(r->hvalue[i]));
	}
}

/* n (0 <= n < 1000) in decimal, then a NUL: the new end of out. */
static char *dec(char *out, int n)
{
	if (n >= 100)
		*out++ = (char)('0' + n / 100);
	if (n >= 10)
		*out++ = (char)('0' + n / 10 % 10);
	*out++ = (char)('0' + n % 10);
	*out++ = 0;
	return out;
}

/* "from\0to\0", an error response's own headers; its length. */
static size_t own_range(char out[32], const oc_http_resp *r)
{
	char *e = dec(out, r->own_from);
	e = dec(e, r->own_to < 0 ? r->nheaders : r->own_to);
	return (size_t)(e - out);
}

/* Words 9, 10: the header modes, when some header has another than 's'. */
static size_t modes_len(const oc_http_resp *r)
{
	return oc_http_resp_has_modes(r) ? (size_t)r->nheaders : 0;
}

static void put_modes(out_buf *b, const oc_http_resp *r)
{
	if (modes_len(r))
		put_text(b, 9, r->hmode, modes_len(r));
}

static oc_op_status done(oc_op *op, out_buf *b)
{
	return oc_op_finish(op, (const char *)b->p, b->n);
}

/* The length of "category\0reason\0detail\0" for a reason w (oc_err.h), "\0\0\0" for none. */
static size_t why_len(const char *w)
{
	size_t n = 0;
	for (int part = 0; part < 3; part++) {
		size_t k = w ? strlen(w + n) : 0;
		n += k + 1;
	}
	return n;
}

oc_op_status oc_http_binary_response(oc_op *op, const oc_http_resp *r, int head)
{
	out_buf b;
	int body = r->body != NULL && !head;
	size_t code_len = r->err_code ? strlen(r->err_code) : 0;
	size_t desc_len = r->err_desc ? strlen(r->err_desc) : 0;
	size_t wlen = r->err_code ? why_len(r->err_why) : 0;
	char own[32];
	size_t own_len = own_range(own, r);
	size_t warn_len = r->warn ? strlen(r->warn) : 0;
	size_t text = headers_len(r) + modes_len(r) + (body ? r->body_len : 0) + warn_len +
		(r->err_code ? code_len + 1 + own_len + wlen + desc_len : 0);
	if (start(op, &b, text) != 0)
		return OC_OP_FAILED;
	put_word(&b, 0, OC_HTTP_ANSWER_RESPONSE);
	put_word(&b, 1, (size_t)r->status);
	put_headers(&b, r);
	if (body)
		put_text(&b, 5, r->body, r->body_len);
	if (r->err_code != NULL) {
		put_word(&b, 7, b.n);
		put_word(&b, 8, code_len + 1 + own_len + wlen + desc_len);
		put_bytes(&b, r->err_code, code_len + 1);
		put_bytes(&b, own, own_len);
		if (r->err_why != NULL)
			put_bytes(&b, r->err_why, wlen);
		else
			put_bytes(&b, "\0\0", 3);
		put_bytes(&b, r->err_desc, desc_len);
		put_word(&b, 13, (size_t)(r->err_request != 0));
	}
	put_modes(&b, r);
	if (r->warn != NULL)
		put_text(&b, 11, r->warn, warn_len);
	return done(op, &b);
}

oc_op_status oc_http_binary_api(oc_op *op, int handler, const char *props, size_t props_len,
	const char *auth, size_t auth_len, const oc_http_resp *extra)
{
	out_buf b;
	size_t sep = props != NULL ? 1 : 0;
	if (props == NULL)
		props_len = 0;
	if (start(op, &b, headers_len(extra) + modes_len(extra) + props_len + auth_len + 2 + sep) != 0)
		return OC_OP_FAILED;
	put_word(&b, 0, OC_HTTP_ANSWER_API);
	put_word(&b, 1, (size_t)handler);
	put_headers(&b, extra);
	put_word(&b, 5, b.n);
	put_word(&b, 6, props_len + auth_len + 2 + sep);
	put_bytes(&b, "[", 1);
	put_bytes(&b, props, props_len);
	put_bytes(&b, ",", sep);
	put_bytes(&b, auth, auth_len);
	put_bytes(&b, "]", 1);
	put_modes(&b, extra);
	return done(op, &b);
}

oc_op_status oc_http_binary_default(oc_op *op)
{
	out_buf b;
	if (start(op, &b, 0) != 0)
		return OC_OP_FAILED;
	put_word(&b, 0, OC_HTTP_ANSWER_DEFAULT);
	return done(op, &b);
}

oc_op_status oc_http_binary_throw(oc_op *op, const char *message, int plain)
{
	out_buf b;
	size_t n = message != NULL ? strlen(message) : 0;
	if (start(op, &b, n) != 0)
		return OC_OP_FAILED;
	put_word(&b, 0, OC_HTTP_ANSWER_THROW);
	put_word(&b, 1, (uint32_t)plain);
	if (message != NULL)
		put_text(&b, 5, message, n);
	return done(op, &b);
}
