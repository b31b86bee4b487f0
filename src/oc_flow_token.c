/* Placeholder until the token endpoint lands: every grant is unsupported. */
#include "oc_ops.h"

oc_op_status oc_flow_token(oc_op *op)
{
	return oc_http_token_error(op, OC_ERR(OC_ERR_UNSUPPORTED_GRANT_TYPE, "Grant type not supported"), 0);
}
