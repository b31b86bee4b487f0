/*
 * oc_b64: base64 (RFC 4648 §4, with padding) and base64url (§5, no padding).
 *
 * Decoding is strict: any character outside the alphabet, whitespace, wrong
 * or missing padding (standard), any '=' (url), a length that cannot occur,
 * or non-zero unused bits in the last symbol is rejected. Encoding never fails.
 */
#ifndef OC_B64_H
#define OC_B64_H

#include <stddef.h>
#include <stdint.h>

#define OC_B64_ENCLEN(n)    ((((n) + 2) / 3) * 4)
#define OC_B64URL_ENCLEN(n) (((n) * 4 + 2) / 3)
#define OC_B64_DECMAX(n)    ((((n) + 3) / 4) * 3)

/* Writes OC_B64_ENCLEN(n) chars (no NUL) to dst; returns that length. */
size_t oc_b64_encode(char *dst, const uint8_t *src, size_t n);

/* Writes OC_B64URL_ENCLEN(n) chars (no NUL) to dst; returns that length. */
size_t oc_b64url_encode(char *dst, const uint8_t *src, size_t n);

/*
 * Decode n chars into dst (room for OC_B64_DECMAX(n) bytes); *outlen gets the
 * decoded length. Returns 0 on success, -1 on any malformed input (dst content
 * is then unspecified and *outlen is 0).
 */
int oc_b64_decode(uint8_t *dst, size_t *outlen, const char *src, size_t n);
int oc_b64url_decode(uint8_t *dst, size_t *outlen, const char *src, size_t n);

/*
 * The forgiving decode of the WHATWG Infra standard (what atob() does), for
 * peers that are decoded the browser's way: ASCII whitespace (tab, LF, FF, CR,
 * space) is skipped; one or two trailing '=' are dropped when the remaining
 * symbols are a multiple of four; then a symbol count of 4k+1, or any symbol
 * outside the standard alphabet (a '=' elsewhere included), is malformed.
 * Unused bits of the last symbol are ignored. Same contract as oc_b64_decode.
 */
int oc_b64_decode_forgiving(uint8_t *dst, size_t *outlen, const char *src, size_t n);

#endif
