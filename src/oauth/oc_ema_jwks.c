/* The key set an ID-JAG issuer publishes, as fetched: judged as 1.2.3 judges it (oc_ema.h). */
#include "oauth/oc_ema.h"
#include "base/oc_utf8.h"
#include "base/oc_num.h"
#include <string.h>

static int failed(oc_arena *a, const char *extra, oc_err *e)
{
	*e = oc_ema_refuse(a, OC_EMA_JWKS_FETCH_FAILED, extra);
	return -1;
}

/* The status of meta "<status>\n<content-type>", or -1. */
static int status_of(const oc_fx_result *r)
{
	int status = 0;
	uint32_t i = 0;
	if (r->meta == NULL)
		return -1;
	while (i < r->meta_len && i < 3 && r->meta[i] >= '0' && r->meta[i] <= '9')
		status = status * 10 + (r->meta[i++] - '0');
	return i == 3 && i < r->meta_len && r->meta[i] == '\n' ? status : -1;
}

int oc_ema_jwks_read(oc_arena *a, const oc_fx_result *r, const char **body, size_t *len, oc_jwks *set,
	oc_err *e)
{
	static const char pre[] = "\"status\":";
	char extra[sizeof pre + OC_NUM_INT_MAX];
	int status;

	*body = NULL;
	*len = 0;
	if (r->status != OC_FXR_OK)
		return failed(a, NULL, e);
	if ((status = status_of(r)) < 0)
		return failed(a, NULL, e);
	memcpy(extra, pre, sizeof pre - 1);
	oc_num_int(status, extra + sizeof pre - 1);
	if (status < 200 || status > 299)
		return failed(a, oc_arena_strndup(a, extra, strlen(extra)), e);
	if (r->len > OC_EMA_JWKS_MAX_BYTES || (r->len > 0 && r->data == NULL) || !oc_utf8_valid(r->data, r->len))
		return failed(a, NULL, e);
	oc_jose_status st = oc_jwks_parse(a, r->data != NULL ? r->data : "", r->len, set);
	if (st == OC_JOSE_NOMEM)
		return *e = OC_ERR(OC_ERR_SERVER_ERROR, "out of memory"), -1;
	if (st != OC_JOSE_OK)
		return failed(a, NULL, e);
	*body = r->data;
	*len = r->len;
	return 0;
}
