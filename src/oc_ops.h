/* Internal: the table of operation kinds and their step functions. */
#ifndef OC_OPS_H
#define OC_OPS_H

#include "oc_op.h"

oc_op_fn oc_ops_lookup(int kind);

oc_op_status oc_flow_token_lookup(oc_op *op);

#endif
