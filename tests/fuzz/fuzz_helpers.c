/*
 * The helper operations (parseAuthRequest, completeAuthorization,
 * createClient, lookupClient, listUserGrants, revokeGrant,
 * insufficientScope, listClients, updateClient, deleteClient, unwrapToken,
 * purgeExpiredData, authorizationErrorRedirect, the migration check) driven by the input: the op must end DONE with a
 * well-formed answer (valid JSON; "t" value or error, or for
 * insufficientScope a response with a status in 100..599; an error's code and
 * description strings) and every effect must be a KV effect the kind may
 * emit, on a well-formed key (non-empty, no NUL, under client:, grant: or
 * token:; grant and token keys under the userId argument), a put's value and
 * metadata JSON objects.
 *
 * Input: one byte choosing the kind (bits 2..7, modulo the 14 helper kinds)
 * and the config (bit 0: 0.10.x instead of 1.x; bit 1: allowImplicitFlow and
 * allowPlainPKCE), then '\n'-separated chunks: the argument text, then one
 * chunk per effect, in the order the op asks. An effect's chunk starts with a
 * selector: 'M' missing, 'F' failed, 'R' rate limited; any other chunk is
 * OK with itself as data (a client or grant record, a KV list answer …).
 * With no chunk left, a KV read is missing, a list complete and empty,
 * anything else OK and empty.
 */
#include "op/oc_op.h"
#include "fuzz_op.h"
#include "cJSON.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CHUNKS 48
#define MAX_STEPS 64
#define NOW_MS 1700000000000.0

static const int kinds[] = {
	OC_KIND_PARSE_AUTH_REQUEST, OC_KIND_COMPLETE_AUTHORIZATION, OC_KIND_CREATE_CLIENT,
	OC_KIND_LOOKUP_CLIENT, OC_KIND_LIST_USER_GRANTS, OC_KIND_REVOKE_GRANT,
	OC_KIND_INSUFFICIENT_SCOPE, OC_KIND_LIST_CLIENTS, OC_KIND_UPDATE_CLIENT, OC_KIND_DELETE_CLIENT,
	OC_KIND_UNWRAP_TOKEN, OC_KIND_PURGE_EXPIRED_DATA, OC_KIND_ERROR_REDIRECT, OC_KIND_MIGRATE_CHECK,
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

static oc_config *configs[4];

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
#define V1 "\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"authorizeEndpoint\":\"/authorize\",\"tokenEndpoint\":\"/token\",\"resourceMetadata\":{\"resource\":\"https://example.com/api\"},\"scopesSupported\":[\"read\",\"write\"]"
#define V0 "\"generation\":\"0.10\",\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"authorizeEndpoint\":\"/authorize\",\"tokenEndpoint\":\"/token\",\"scopesSupported\":[\"read\",\"write\"]"
#define OPTS ",\"allowImplicitFlow\":true,\"allowPlainPKCE\":true"
	configs[0] = config("{" V1 "}");
	configs[1] = config("{" V0 "}");
	configs[2] = config("{" V1 OPTS "}");
	configs[3] = config("{" V0 OPTS "}");
	return 0;
}

static int has_prefix(const char *p, size_t n, const char *pre)
{
	size_t k = strlen(pre);
	return n >= k && memcmp(p, pre, k) == 0;
}

static int is_json_object(const char *p, size_t n)
{
	cJSON *j = cJSON_ParseWithLength(p, n);
	int ok = cJSON_IsObject(j);
	cJSON_Delete(j);
	return ok;
}

/* Bit k set: effect kind k may touch keys under that prefix. */
#define FX(k) (1u << (k))
typedef struct { unsigned client, grant, token; } allowed_fx;

static allowed_fx allowed(int kind)
{
	switch (kind) {
	case OC_KIND_PARSE_AUTH_REQUEST:
	case OC_KIND_LOOKUP_CLIENT:
		return (allowed_fx){ FX(OC_FX_KV_GET), 0, 0 };
	case OC_KIND_CREATE_CLIENT:
		return (allowed_fx){ FX(OC_FX_KV_PUT), 0, 0 };
	case OC_KIND_COMPLETE_AUTHORIZATION:
		return (allowed_fx){ FX(OC_FX_KV_GET),
			FX(OC_FX_KV_GET) | FX(OC_FX_KV_PUT) | FX(OC_FX_KV_LIST) | FX(OC_FX_KV_DELETE),
			FX(OC_FX_KV_PUT) | FX(OC_FX_KV_LIST) | FX(OC_FX_KV_DELETE) };
	case OC_KIND_LIST_USER_GRANTS:
		return (allowed_fx){ 0, FX(OC_FX_KV_GET) | FX(OC_FX_KV_LIST), 0 };
	case OC_KIND_REVOKE_GRANT:
		return (allowed_fx){ 0, FX(OC_FX_KV_DELETE), FX(OC_FX_KV_LIST) | FX(OC_FX_KV_DELETE) };
	case OC_KIND_LIST_CLIENTS:
		return (allowed_fx){ FX(OC_FX_KV_GET) | FX(OC_FX_KV_LIST), 0, 0 };
	case OC_KIND_UPDATE_CLIENT:
		return (allowed_fx){ FX(OC_FX_KV_GET) | FX(OC_FX_KV_PUT), 0, 0 };
	case OC_KIND_DELETE_CLIENT:
		return (allowed_fx){ FX(OC_FX_KV_DELETE), FX(OC_FX_KV_LIST) | FX(OC_FX_KV_GET) | FX(OC_FX_KV_DELETE),
			FX(OC_FX_KV_LIST) | FX(OC_FX_KV_DELETE) };
	case OC_KIND_UNWRAP_TOKEN:
		return (allowed_fx){ 0, 0, FX(OC_FX_KV_GET) };
	case OC_KIND_PURGE_EXPIRED_DATA:
		return (allowed_fx){ FX(OC_FX_KV_GET), FX(OC_FX_KV_LIST) | FX(OC_FX_KV_GET) | FX(OC_FX_KV_DELETE),
			FX(OC_FX_KV_LIST) | FX(OC_FX_KV_GET) | FX(OC_FX_KV_DELETE) };
	default:
		return (allowed_fx){ 0, 0, 0 };
	}
}

/*
 * A KV effect the kind may emit, on a well-formed key; grant: and token: keys
 * under user ("grant:{user}:", "token:{user}:") when the arguments name one.
 */
static void check_effect(int kind, const char *user, const oc_fx *f)
{
	allowed_fx a = allowed(kind);
	ENSURE(f->kind >= OC_FX_KV_GET && f->kind <= OC_FX_KV_LIST);
	ENSURE(f->key != NULL && f->key_len > 0 && memchr(f->key, 0, f->key_len) == NULL);
	ENSURE(f->val_len == 0 || f->val != NULL);
	ENSURE(f->meta_len == 0 || f->meta != NULL);
	if (has_prefix(f->key, f->key_len, "client:")) {
		ENSURE(a.client & FX(f->kind));
	} else {
		const char *pre = has_prefix(f->key, f->key_len, "grant:") ? "grant:" : "token:";
		size_t k = strlen(pre);
		ENSURE(has_prefix(f->key, f->key_len, pre));
		ENSURE((pre[0] == 'g' ? a.grant : a.token) & FX(f->kind));
		if (user != NULL) {
			size_t u = strlen(user);
			ENSURE(f->key_len > k + u && memcmp(f->key + k, user, u) == 0 && f->key[k + u] == ':');
		}
	}
	switch (f->kind) {
	case OC_FX_KV_PUT:
		ENSURE(f->val != NULL && is_json_object(f->val, f->val_len));
		ENSURE(f->meta == NULL || is_json_object(f->meta, f->meta_len));
		break;
	case OC_FX_KV_LIST:
		ENSURE(f->key[f->key_len - 1] == ':');
		ENSURE(f->val == NULL || f->val_len > 0);
		ENSURE(f->ttl <= 1000);
		break;
	}
}

/* The arguments' userId, malloc'd, or NULL. */
static char *user_of(chunk args)
{
	cJSON *j = cJSON_ParseWithLength(args.p, args.n);
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(j, "userId");
	char *s = cJSON_IsString(u) ? malloc(strlen(u->valuestring) + 1) : NULL;
	if (s != NULL)
		strcpy(s, u->valuestring);
	cJSON_Delete(j);
	return s;
}

static int is_string(const cJSON *o, const char *name)
{
	return cJSON_IsString(cJSON_GetObjectItemCaseSensitive(o, name));
}

static void check_output(int kind, const char *out, size_t len)
{
	cJSON *o = cJSON_ParseWithLength(out, len);
	ENSURE(cJSON_IsObject(o));
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "t");
	ENSURE(cJSON_IsString(t));
	if (strcmp(t->valuestring, "error") == 0) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(o, "name");
		ENSURE(is_string(o, "code") && is_string(o, "description"));
		ENSURE(cJSON_GetObjectItemCaseSensitive(o, "code")->valuestring[0] != 0);
		ENSURE(name == NULL || cJSON_IsString(name));
	} else if (strcmp(t->valuestring, "response") == 0) {
		ENSURE(kind == OC_KIND_INSUFFICIENT_SCOPE);
		check_response(o);
	} else {
		ENSURE(strcmp(t->valuestring, "value") == 0 && kind != OC_KIND_INSUFFICIENT_SCOPE);
		ENSURE(cJSON_GetObjectItemCaseSensitive(o, "value") != NULL);
	}
	cJSON_Delete(o);
}

static const char EMPTY_LIST[] = "{\"keys\":[],\"list_complete\":true}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static chunk ch[MAX_CHUNKS];
	if (size < 1)
		return 0;
	int kind = kinds[(data[0] >> 2) % NKINDS];
	const oc_config *cfg = configs[data[0] & 3];
	size_t nch = split(data + 1, size - 1, '\n', ch, MAX_CHUNKS);

	/* deleteClient and purgeExpiredData touch every user's keys, whatever the arguments hold */
	char *user = kind == OC_KIND_DELETE_CLIENT || kind == OC_KIND_PURGE_EXPIRED_DATA ? NULL : user_of(ch[0]);
	uint8_t *in = malloc(ch[0].n + 4);
	size_t in_len = 0;
	ENSURE(in != NULL);
	put_field(in, &in_len, ch[0]);

	oc_op *op = oc_op_begin(cfg, kind, in, in_len, NOW_MS);
	ENSURE(op != NULL);
	free(in);

	size_t next = 1;
	oc_op_status st;
	int steps = 0;
	while ((st = oc_op_step(op)) == OC_OP_EFFECTS) {
		ENSURE(++steps < MAX_STEPS); /* a flow must finish once its effects are answered */
		uint32_t nfx;
		const oc_fx *fx = oc_op_effects(op, &nfx);
		ENSURE(nfx > 0 && fx != NULL);
		oc_fx_result *res = calloc(nfx, sizeof *res);
		ENSURE(res != NULL);
		for (uint32_t i = 0; i < nfx; i++) {
			check_effect(kind, user, &fx[i]);
			if (next >= nch) {
				if (fx[i].kind == OC_FX_KV_GET)
					res[i].status = OC_FXR_MISSING;
				else if (fx[i].kind == OC_FX_KV_LIST)
					res[i] = (oc_fx_result){ OC_FXR_OK, EMPTY_LIST, sizeof EMPTY_LIST - 1, NULL, 0 };
				continue;
			}
			chunk c = ch[next++];
			switch (c.n ? c.p[0] : 0) {
			case 'M': res[i].status = OC_FXR_MISSING; break;
			case 'F': res[i].status = OC_FXR_FAILED; break;
			case 'R': res[i].status = OC_FXR_RATE_LIMITED; break;
			default:
				res[i] = (oc_fx_result){ OC_FXR_OK, c.p, (uint32_t)c.n, NULL, 0 };
			}
		}
		ENSURE(oc_op_resume(op, res, nfx) == 0);
		free(res);
	}
	ENSURE(st == OC_OP_DONE);
	const char *out;
	size_t len;
	oc_op_output(op, &out, &len);
	ENSURE(out != NULL);
	check_output(kind, out, len);
	oc_op_end(op);
	free(user);
	return 0;
}
