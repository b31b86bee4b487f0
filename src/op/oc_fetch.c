/* The outbound GET effect: asking for it, and judging what the host answered. */
#include "op/oc_fetch.h"
#include "base/oc_utf8.h"
#include <string.h>

oc_fx *oc_fetch_emit(oc_op *op, const char *url, uint32_t max_bytes, uint32_t timeout_ms)
{
	oc_fx *fx = oc_op_emit(op, OC_FX_FETCH, url, strlen(url));
	if (fx != NULL) {
		fx->ttl = max_bytes;
		fx->expiration = timeout_ms;
	}
	return fx;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* 1 if the media type p[0..n) (parameters and surrounding spaces ignored) is application/json or application/<x>+json. */
static int json_media_type(const char *p, size_t n)
{
	static const char app[] = "application/", suffix[] = "+json";
	const size_t an = sizeof app - 1, sn = sizeof suffix - 1;
	const char *semi = memchr(p, ';', n);
	if (semi != NULL)
		n = (size_t)(semi - p);
	while (n > 0 && (*p == ' ' || *p == '\t'))
		p++, n--;
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (n < an + 4)
		return 0;
	for (size_t i = 0; i < an; i++)
		if (lower(p[i]) != app[i])
			return 0;
	const char *sub = p + an;
	size_t m = n - an;
	if (m == 4 && lower(sub[0]) == 'j' && lower(sub[1]) == 's' && lower(sub[2]) == 'o' && lower(sub[3]) == 'n')
		return 1;
	if (m <= sn)
		return 0;
	for (size_t i = 0; i < sn; i++)
		if (lower(sub[m - sn + i]) != suffix[i])
			return 0;
	return 1;
}

int oc_fetch_http_status(const oc_fx_result *r)
{
	int status = 0;
	uint32_t i = 0;
	if (r->status != OC_FXR_OK || r->meta == NULL)
		return -1;
	while (i < r->meta_len && i < 3 && r->meta[i] >= '0' && r->meta[i] <= '9')
		status = status * 10 + (r->meta[i++] - '0');
	return i == 3 && i < r->meta_len && r->meta[i] == '\n' ? status : -1;
}

oc_fetch_status oc_fetch_read(const oc_fx_result *r, uint32_t max_bytes, const char **body, size_t *len)
{
	int status;

	*body = NULL;
	*len = 0;
	switch (r->status) {
	case OC_FXR_OK:
		break;
	case OC_FXR_TIMEOUT:
		return OC_FETCH_TIMEOUT;
	case OC_FXR_TOO_LARGE:
		return OC_FETCH_TOO_LARGE;
	case OC_FXR_FAILED:
		return OC_FETCH_NETWORK;
	default:
		return OC_FETCH_BAD_ANSWER;
	}
	if ((status = oc_fetch_http_status(r)) < 0)
		return OC_FETCH_BAD_ANSWER;
	if (status >= 300 && status < 400)
		return OC_FETCH_REDIRECT;
	if (status != 200)
		return OC_FETCH_STATUS;
	if (!json_media_type(r->meta + 4, r->meta_len - 4))
		return OC_FETCH_CONTENT_TYPE;
	if (r->len > max_bytes)
		return OC_FETCH_TOO_LARGE;
	if (r->len > 0 && r->data == NULL)
		return OC_FETCH_BAD_ANSWER;
	if (!oc_utf8_valid(r->data, r->len))
		return OC_FETCH_NOT_UTF8;
	*body = r->data != NULL ? r->data : "";
	*len = r->len;
	return OC_FETCH_OK;
}

const char *oc_fetch_status_name(oc_fetch_status st)
{
	static const char *const names[] = {
		"fetch_ok", "fetch_network", "fetch_timeout", "fetch_too_large", "fetch_redirect",
		"fetch_status", "fetch_content_type", "fetch_not_utf8", "fetch_bad_answer"
	};
	return (unsigned)st < sizeof names / sizeof names[0] ? names[st] : "fetch_bad_answer";
}
