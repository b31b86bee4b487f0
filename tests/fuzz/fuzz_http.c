/*
 * A whole OC_KIND_HTTP operation driven by the input, whatever flow the
 * dispatcher picks: the op must end DONE with a well-formed answer (valid JSON,
 * "t" response/api/default, a response status in 100..599) and every effect
 * must be readable.
 *
 * Input: one flags byte (bit 0: the 0.10.x config instead of 1.x; bit 1: the
 * 1.x config with tokenExchangeCallback and resolveExternalToken), then
 * '\n'-separated chunks: method, URL, Authorization, Content-Type, Origin,
 * then one chunk per effect, in the order the op asks. An effect's chunk
 * starts with a selector: 'M' missing, 'F' failed, 'R' rate limited,
 * 'T' a token record built for the Authorization token from
 * "expiresAt|audience|props|scope" (each JSON or text; props sealed and the
 * key wrapped so that the record opens), anything else OK with the rest as
 * data ("data\tmeta" when it holds a tab); for a callback 'F' carries the rest
 * as the description of what it threw. With no chunk left, a KV read is
 * missing and anything else OK and empty. A callback's OK result may be one
 * the shim cannot write: the op may then fail (OC_OP_FAILED), never crash;
 * an answer may also be "throw", and an API answer may leave props to the
 * host (resolveExternalToken's). The 1.x config also enables this project's
 * additions (client_credentials with its callback, introspection) and
 * dynamic registration (in the 0.10.x config too). A JSON answer's body must
 * be a JSON document.
 */
#include "op/oc_op.h"
#include "fuzz_op.h"
#include "op/oc_http.h"
#include "token/oc_token.h"
#include "cJSON.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CHUNKS 64
#define MAX_STEPS 64
#define NOW_MS 1700000000000.0

static oc_config *configs[3];

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	configs[0] = config("{\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"authorizeEndpoint\":\"/authorize\",\"tokenEndpoint\":\"/token\","
		"\"resourceMetadata\":{\"resource\":\"https://example.com/api\"},\"requiredScopes\":[\"read\"],"
		"\"allowClientCredentialsGrant\":true,\"enabledOptions\":[\"clientCredentialsCallback\"],"
		"\"introspectionEndpoint\":\"/introspect\",\"introspectionClients\":[\"c\"],"
		"\"clientRegistrationEndpoint\":\"/register\"}");
	configs[1] = config("{\"generation\":\"0.10\",\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"authorizeEndpoint\":\"/authorize\","
		"\"tokenEndpoint\":\"/token\",\"scopesSupported\":[\"read\",\"write\"],\"clientRegistrationEndpoint\":\"/register\"}");
	configs[2] = config("{\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"authorizeEndpoint\":\"/authorize\",\"tokenEndpoint\":\"/token\","
		"\"resourceMetadata\":{\"resource\":\"https://example.com/api\"},\"requiredScopes\":[\"read\"],"
		"\"enabledOptions\":[\"tokenExchangeCallback\",\"resolveExternalToken\"]}");
	return 0;
}

static char *cstr(chunk c)
{
	char *s = malloc(c.n + 1);
	ENSURE(s != NULL);
	memcpy(s, c.p, c.n);
	s[c.n] = 0;
	return s;
}

/* c as JSON when it parses, else as a JSON string (NULL when empty). */
static cJSON *json_or_string(chunk c)
{
	if (c.n == 0)
		return NULL;
	cJSON *j = cJSON_ParseWithLength(c.p, c.n);
	if (j == NULL) {
		char *s = cstr(c);
		j = cJSON_CreateString(s);
		free(s);
	}
	return j;
}

/* The credential of an Authorization header: after the scheme and its spaces. */
static chunk credential(chunk h)
{
	size_t i = 0;
	while (i < h.n && h.p[i] != ' ')
		i++;
	while (i < h.n && h.p[i] == ' ')
		i++;
	return (chunk){ h.p + i, h.n - i };
}

/* A token record that opens with the Authorization token; the caller frees it. */
static char *token_record(oc_arena *a, chunk auth, chunk spec)
{
	static const uint8_t key[OC_TOKEN_KEY_LEN] = { 7, 7, 7 };
	chunk f[4] = { { "", 0 }, { "", 0 }, { "", 0 }, { "", 0 } };
	split((const uint8_t *)spec.p, spec.n, '|', f, 4);
	chunk tok = credential(auth);
	oc_token_parts parts;
	int parsed = oc_token_parse(a, tok.p, tok.n, &parts).code == OC_OK;
	char wrapped[OC_TOKEN_WRAPPED_LEN + 1];
	oc_token_wrap(wrapped, tok.p, tok.n, key);
	oc_arena_bind_json(NULL); /* the record is built with malloc */

	cJSON *props = json_or_string(f[2]);
	char *props_text = props ? cJSON_PrintUnformatted(props) : NULL;
	char *sealed = NULL;
	const char *pt = props_text ? props_text : "{}";
	if (oc_token_props_encrypt_with(a, pt, strlen(pt), key, &sealed).code != OC_OK)
		sealed = "";
	cJSON_Delete(props);
	free(props_text);

	cJSON *r = cJSON_CreateObject(), *g = cJSON_CreateObject();
	ENSURE(r != NULL && g != NULL);
	cJSON_AddStringToObject(r, "id", "x");
	cJSON_AddStringToObject(r, "grantId", parsed ? parts.grant_id : "g");
	cJSON_AddStringToObject(r, "userId", parsed ? parts.user_id : "u");
	cJSON_AddNumberToObject(r, "createdAt", NOW_MS / 1000 - 10);
	if (f[0].n) {
		char *e = cstr(f[0]);
		cJSON_AddNumberToObject(r, "expiresAt", strtod(e, NULL));
		free(e);
	} else {
		cJSON_AddNumberToObject(r, "expiresAt", NOW_MS / 1000 + 3600);
	}
	cJSON *aud = json_or_string(f[1]);
	if (aud)
		cJSON_AddItemToObject(r, "audience", aud);
	cJSON *scope = json_or_string(f[3]);
	if (scope)
		cJSON_AddItemToObject(r, "scope", scope);
	cJSON_AddStringToObject(r, "wrappedEncryptionKey", wrapped);
	cJSON_AddStringToObject(g, "clientId", "c");
	cJSON *gs = cJSON_AddArrayToObject(g, "scope");
	cJSON_AddItemToArray(gs, cJSON_CreateString("read"));
	cJSON_AddStringToObject(g, "encryptedProps", sealed);
	cJSON_AddItemToObject(r, "grant", g);
	char *s = cJSON_PrintUnformatted(r);
	cJSON_Delete(r);
	ENSURE(s != NULL);
	return s;
}

static uint32_t touch(const char *p, uint32_t n)
{
	uint32_t h = 0;
	ENSURE(n == 0 || p != NULL);
	for (uint32_t i = 0; i < n; i++)
		h = h * 31 + (uint8_t)p[i];
	return h;
}

static void check_output(const oc_config *cfg, const char *out, size_t len)
{
	cJSON *o = cJSON_ParseWithLength(out, len);
	ENSURE(cJSON_IsObject(o));
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "t");
	ENSURE(cJSON_IsString(t));
	if (strcmp(t->valuestring, "response") == 0) {
		check_response(o);
	} else if (strcmp(t->valuestring, "api") == 0) {
		const cJSON *h = cJSON_GetObjectItemCaseSensitive(o, "handler");
		ENSURE(cJSON_IsNumber(h) && h->valuedouble >= 0);
		/* ctx.auth: an object; null where the generation has none (0.10.x) */
		const cJSON *auth = cJSON_GetObjectItemCaseSensitive(o, "auth");
		ENSURE(cJSON_IsObject(auth) || (cJSON_IsNull(auth) && !cfg->profile->api_context_auth));
		ENSURE(cJSON_GetObjectItemCaseSensitive(o, "props") != NULL || cfg->has_external_token_resolver);
	} else if (strcmp(t->valuestring, "throw") == 0) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, "message");
		ENSURE(m == NULL || cJSON_IsString(m));
		ENSURE(cfg->has_token_exchange_callback || cfg->has_external_token_resolver);
	} else {
		ENSURE(strcmp(t->valuestring, "default") == 0);
	}
	cJSON_Delete(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static chunk ch[MAX_CHUNKS];
	if (size < 1)
		return 0;
	const oc_config *cfg = configs[data[0] & 2 ? 2 : data[0] & 1];
	int odd_callback = 0; /* a callback answered OK with data the shim cannot write */
	size_t nch = split(data + 1, size - 1, '\n', ch, MAX_CHUNKS);
	for (size_t i = nch; i < OC_HTTP_F__COUNT; i++)
		ch[i] = (chunk){ "", 0 };
	if (nch < OC_HTTP_F__COUNT)
		nch = OC_HTTP_F__COUNT;

	uint8_t *in = malloc(size + 4 * OC_HTTP_F__COUNT);
	size_t in_len = 0;
	ENSURE(in != NULL);
	for (int f = 0; f < OC_HTTP_F__COUNT; f++)
		put_field(in, &in_len, ch[f]);

	oc_arena *a = oc_arena_new();
	oc_op *op = oc_op_begin(cfg, OC_KIND_HTTP, in, in_len, NOW_MS);
	ENSURE(a != NULL && op != NULL);
	free(in);

	size_t next = OC_HTTP_F__COUNT;
	oc_op_status st;
	int steps = 0;
	while ((st = oc_op_step(op)) == OC_OP_EFFECTS) {
		ENSURE(++steps < MAX_STEPS); /* a flow must finish once its effects are answered */
		uint32_t nfx;
		const oc_fx *fx = oc_op_effects(op, &nfx);
		ENSURE(nfx > 0 && fx != NULL);
		oc_fx_result *res = calloc(nfx, sizeof *res);
		char **owned = calloc(nfx, sizeof *owned);
		ENSURE(res != NULL && owned != NULL);
		for (uint32_t i = 0; i < nfx; i++) {
			ENSURE(fx[i].kind >= OC_FX_KV_GET && fx[i].kind <= OC_FX_CALLBACK);
			(void)(touch(fx[i].key, fx[i].key_len) + touch(fx[i].val, fx[i].val_len) +
			       touch(fx[i].meta, fx[i].meta_len));
			if (next >= nch) {
				odd_callback |= fx[i].kind == OC_FX_CALLBACK;
				res[i].status = fx[i].kind == OC_FX_KV_GET ? OC_FXR_MISSING : OC_FXR_OK;
				continue;
			}
			chunk c = ch[next++];
			char sel = c.n ? c.p[0] : 'O';
			chunk rest = { c.p + (c.n ? 1 : 0), c.n ? c.n - 1 : 0 };
			switch (sel) {
			case 'M': res[i].status = OC_FXR_MISSING; break;
			case 'F':
				res[i].status = OC_FXR_FAILED;
				if (fx[i].kind == OC_FX_CALLBACK) {
					res[i].data = rest.p;
					res[i].len = (uint32_t)rest.n;
				}
				break;
			case 'R': res[i].status = OC_FXR_RATE_LIMITED; break;
			case 'T':
				owned[i] = token_record(a, ch[OC_HTTP_F_AUTHORIZATION], rest);
				res[i] = (oc_fx_result){ OC_FXR_OK, owned[i], (uint32_t)strlen(owned[i]), NULL, 0 };
				break;
			default: {
				odd_callback |= fx[i].kind == OC_FX_CALLBACK;
				const char *tab = memchr(rest.p, '\t', rest.n);
				size_t dn = tab ? (size_t)(tab - rest.p) : rest.n;
				res[i] = (oc_fx_result){ OC_FXR_OK, rest.p, (uint32_t)dn, NULL, 0 };
				if (tab) {
					res[i].meta = tab + 1;
					res[i].meta_len = (uint32_t)(rest.n - dn - 1);
				}
			}
			}
		}
		ENSURE(oc_op_resume(op, res, nfx) == 0);
		for (uint32_t i = 0; i < nfx; i++)
			free(owned[i]);
		free(owned);
		free(res);
	}
	if (st == OC_OP_FAILED && odd_callback) {
		oc_op_end(op);
		oc_arena_free(a);
		return 0;
	}
	ENSURE(st == OC_OP_DONE);
	const char *out;
	size_t len;
	oc_op_output(op, &out, &len);
	ENSURE(out != NULL);
	oc_arena_bind_json(NULL);
	check_output(cfg, out, len);
	oc_op_end(op);
	oc_arena_free(a);
	return 0;
}
