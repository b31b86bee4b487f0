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

/*
 * Whether such a URL may name a document (CIMD §3), as the reference 1.2.3
 * checks it before fetching: NULL when it may, else the reason, in this
 * order (rows R-CIMD-01…09 of docs/observed/rules-1.2.3.md):
 *   - white space JavaScript's trim() removes at either end, or anywhere a
 *     byte below 0x21, DEL, a C1 control (U+0080…U+009F) or '\':
 *     "Client Identifier URL contains invalid whitespace or characters";
 *   - not starting "https://" (any case): "… must use an absolute HTTPS URL";
 *   - new URL() refuses it: "… must be a valid HTTPS URL";
 *   - its parsed scheme is not https: "… must use HTTPS";
 *   - a user name or password: "… must not contain userinfo";
 *   - a fragment other than a bare '#': "… must not contain a fragment";
 *   - no path as written (above): "… must contain a path component";
 *   - a segment of that path whose decoding (decodeURIComponent: "%" and
 *     two hex digits, escaped bytes forming UTF-8) fails: "Client
 *     Identifier URL contains invalid percent encoding";
 *   - a segment that decodes to "." or "..": "… must not contain dot path
 *     segments".
 * The segments are read in order: the first that fails decides.
 */
const char *oc_client_id_url_check(const char *id);

#endif
