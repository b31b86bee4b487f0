/*
 * oc_client_id: what a client id names.
 */
#ifndef OC_CLIENT_ID_H
#define OC_CLIENT_ID_H

/*
 * 1 if id is a Client ID Metadata Document URL as the reference tells them
 * apart: it parses as a URL (oc_url_whatwg) with the scheme https, and as
 * written it has a path: after "://" the authority ends at a '/' (not at a
 * '?', a '#' or the end). Such a client has no stored record. 0 otherwise.
 */
int oc_client_id_is_url(const char *id);

#endif
