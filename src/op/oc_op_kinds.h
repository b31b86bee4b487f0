/*
 * Internal: the operation kinds and the step function each starts with
 * (oc_op_kinds.c). Each step function owns op->flow from the op's start.
 */
#ifndef OC_OP_KINDS_H
#define OC_OP_KINDS_H

#include "op/oc_op.h"

/* The step function of a kind, or NULL for an unknown kind. */
oc_op_fn oc_op_kind_fn(int kind);

/* ---- OC_KIND_HTTP: the dispatcher, and the flows it hands requests to ---- */
oc_op_status oc_flow_dispatch(oc_op *op);   /* flow/oc_flow_dispatch.c */
oc_op_status oc_flow_token(oc_op *op);      /* POST to the token endpoint: flow/oc_flow_token.c */
oc_op_status oc_flow_bearer(oc_op *op);     /* an API route: flow/oc_flow_bearer.c */
oc_op_status oc_flow_register(oc_op *op);   /* POST to the registration endpoint: flow/oc_flow_register.c */
oc_op_status oc_flow_introspect(oc_op *op); /* POST to the introspection endpoint: flow/oc_flow_introspect.c */
oc_op_status oc_flow_rs(oc_op *op);         /* every request of an OAuthResourceServer: flow/oc_flow_rs.c */

/* ---- helper kinds: one JSON argument in, {"t":"value"|"error"} out ---- */
oc_op_status oc_helper_parse_auth_request(oc_op *op);
oc_op_status oc_helper_complete_authorization(oc_op *op);
oc_op_status oc_helper_create_client(oc_op *op);
oc_op_status oc_helper_lookup_client(oc_op *op);
oc_op_status oc_helper_list_user_grants(oc_op *op);
oc_op_status oc_helper_revoke_grant(oc_op *op);
oc_op_status oc_helper_insufficient_scope(oc_op *op);
oc_op_status oc_helper_list_clients(oc_op *op);        /* helper/oc_helper_clients_list.c */
oc_op_status oc_helper_update_client(oc_op *op);       /* helper/oc_helper_clients_update.c */
oc_op_status oc_helper_delete_client(oc_op *op);       /* helper/oc_helper_clients_delete.c */
oc_op_status oc_helper_unwrap_token(oc_op *op);        /* helper/oc_helper_unwrap.c */
oc_op_status oc_helper_validate_token(oc_op *op);      /* helper/oc_helper_unwrap.c */
oc_op_status oc_helper_purge_expired_data(oc_op *op);  /* helper/oc_helper_purge.c */
oc_op_status oc_helper_error_redirect(oc_op *op);     /* helper/oc_helper_error_redirect.c */
oc_op_status oc_helper_uri_rules(oc_op *op);          /* helper/oc_helper_uri_rules.c */
oc_op_status oc_helper_migrate_check(oc_op *op);      /* helper/oc_helper_migrate_check.c */
oc_op_status oc_helper_exchange_token(oc_op *op);     /* helper/oc_helper_exchange.c */

/* ---- the consent and upstream helpers (src/consent/) ---- */
oc_op_status oc_helper_describe_consent(oc_op *op);   /* consent/oc_helper_describe.c */
oc_op_status oc_helper_begin_consent(oc_op *op);      /* consent/oc_helper_begin.c */
oc_op_status oc_helper_approve_consent(oc_op *op);    /* consent/oc_helper_approve.c */
oc_op_status oc_helper_deny_consent(oc_op *op);       /* consent/oc_helper_deny.c */
oc_op_status oc_helper_consent_remembered(oc_op *op); /* consent/oc_helper_remembered.c */
oc_op_status oc_helper_begin_upstream(oc_op *op);     /* consent/oc_helper_begin.c */
oc_op_status oc_helper_finish_upstream(oc_op *op);    /* consent/oc_helper_finish_upstream.c */

#endif
