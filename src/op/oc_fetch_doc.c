/* The outbound GET in document mode: asking for it, and reading what the host answered (op/oc_fetch.h). */
#include "op/oc_fetch.h"
#include <string.h>

oc_fx *oc_fetch_emit_document(oc_op *op, const char *url, uint32_t max_bytes, uint32_t timeout_ms)
{
	oc_fx *fx = oc_fetch_emit(op, url, max_bytes, timeout_ms);
	const char *agent = op->cfg->profile->cimd_user_agent;
	if (fx != NULL) {
		fx->val = "document";
		fx->val_len = 8;
		if (agent != NULL) {
			fx->meta = agent;
			fx->meta_len = (uint32_t)strlen(agent);
		}
	}
	return fx;
}

/* The next line of meta from *p (up to '\n' or the end; *p NULL after the last); 0 when there is none. */
static int line(const char **p, const char *end, const char **s, size_t *n)
{
	if (*p == NULL)
		return 0;
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	*s = *p;
	*n = (size_t)((nl != NULL ? nl : end) - *p);
	*p = nl != NULL ? nl + 1 : NULL;
	return 1;
}

/* A header line: "" absent (*out NULL), ":" and the value; -1 otherwise or out of memory. */
static int header(oc_arena *a, const char *s, size_t n, const char **out)
{
	*out = NULL;
	if (n == 0)
		return 0;
	if (s[0] != ':' || memchr(s, 0, n) != NULL)
		return -1;
	*out = oc_arena_strndup(a, s + 1, n - 1);
	return *out != NULL ? 0 : -1;
}

oc_fetch_status oc_fetch_read_document(oc_arena *a, const oc_fx_result *r, oc_fetch_doc *d)
{
	const char *p, *end, *s;
	size_t n;

	memset(d, 0, sizeof *d);
	if (r->status == OC_FXR_TIMEOUT)
		return OC_FETCH_TIMEOUT;
	if (r->status == OC_FXR_FAILED) {
		d->failure = r->data != NULL ? oc_arena_strndup(a, r->data, r->len) : "";
		return d->failure != NULL ? OC_FETCH_NETWORK : OC_FETCH_BAD_ANSWER;
	}
	if (r->status != OC_FXR_OK || r->meta == NULL)
		return OC_FETCH_BAD_ANSWER;
	p = r->meta;
	end = r->meta + r->meta_len;
	if (!line(&p, end, &s, &n) || n != 3)
		return OC_FETCH_BAD_ANSWER;
	for (size_t i = 0; i < 3; i++) {
		if (s[i] < '0' || s[i] > '9')
			return OC_FETCH_BAD_ANSWER;
		d->status = d->status * 10 + (s[i] - '0');
	}
	if (d->status < 100)
		return OC_FETCH_BAD_ANSWER;
	if (!line(&p, end, &s, &n) || n != 1 || (s[0] != 'b' && s[0] != '-' && s[0] != '+'))
		return OC_FETCH_BAD_ANSWER;
	d->has_body = s[0] != '-';
	d->too_large = s[0] == '+';
	if (!line(&p, end, &s, &n) || header(a, s, n, &d->content_length) != 0)
		return OC_FETCH_BAD_ANSWER;
	if (!line(&p, end, &s, &n) || header(a, s, n, &d->cache_control) != 0)
		return OC_FETCH_BAD_ANSWER;
	const char **more[] = { &d->content_type, &d->etag, &d->last_modified };
	for (size_t i = 0; i < 3 && p != NULL; i++)
		if (!line(&p, end, &s, &n) || header(a, s, n, more[i]) != 0)
			return OC_FETCH_BAD_ANSWER;
	if (p != NULL)
		return OC_FETCH_BAD_ANSWER;
	if (d->has_body && !d->too_large) {
		if (r->len > 0 && r->data == NULL)
			return OC_FETCH_BAD_ANSWER;
		d->body = r->data != NULL ? r->data : "";
		d->n = r->len;
	}
	return OC_FETCH_OK;
}
