/* Client ids that are Client ID Metadata Document URLs (oc_client_id.h). */
#include "oauth/oc_client_id.h"
#include "base/oc_url_whatwg.h"
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

/* 1 if id, as written, has a path: "://", then an authority ended by '/'. */
static int has_raw_path(const char *id)
{
	const char *a = strstr(id, "://");
	if (a == NULL)
		return 0;
	size_t end = strcspn(a + 3, "/?#");
	return a[3 + end] == '/';
}

int oc_client_id_is_url(const char *id)
{
	size_t n = strlen(id);
	oc_url_whatwg u;
	if (!has_raw_path(id))
		return 0;
	char *buf = n < SIZE_MAX / 4 ? malloc(OC_URL_WHATWG_BUF(n)) : NULL;
	int ok = buf != NULL && oc_url_whatwg_parse(&u, id, n, buf, OC_URL_WHATWG_BUF(n)) == 0
		&& u.scheme.n == 5 && memcmp(u.scheme.p, "https", 5) == 0;
	free(buf);
	return ok;
}
