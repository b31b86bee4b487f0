/* Operation kinds -> step functions. */
#include "oc_ops.h"

oc_op_fn oc_ops_lookup(int kind)
{
	switch (kind) {
	case OC_KIND_TOKEN_LOOKUP: return oc_flow_token_lookup;
	case OC_KIND_HTTP: return oc_flow_http;
	default: return 0;
	}
}
