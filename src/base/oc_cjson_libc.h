/*
 * Forced into cJSON.c, and only there, by build.sh (-include): cJSON's calls
 * to sprintf, sscanf and strtod become calls to the functions below, so that
 * the C library's printf, scanf and strtod are not linked, and numbers in JSON
 * are written and read as JavaScript does (oc_num.h). cJSON 1.7.15 prints
 * with "%1.15g" and "%1.17g" (numbers), "u%04x" (control characters in
 * strings) and "%i.%i.%i" (cJSON_Version), and reads back with "%lg".
 * cJSON.c itself is the unmodified Debian source.
 */
#ifndef OC_CJSON_LIBC_H
#define OC_CJSON_LIBC_H

#include <stdio.h>
#include <stdlib.h>
#include "base/oc_num.h"

/*
 * The conversions cJSON uses: %d and %i (int), %x (unsigned, zero-padded to
 * the width given), %g (double, written by oc_num_format whatever the width
 * and precision: cJSON asks for 15 digits, reads them back and asks for 17
 * when they do not give the same double; the shortest form passes that check
 * at once, so cJSON prints JavaScript's form). Returns the length written
 * before the NUL, or -1 (nothing usable written) for any other conversion.
 */
int oc_cjson_sprintf(char *out, const char *fmt, ...);

/* Only "%lg": oc_num_parse into the double*; 1 when a number was read, else 0. */
int oc_cjson_sscanf(const char *in, const char *fmt, ...);

#define sprintf oc_cjson_sprintf
#define sscanf oc_cjson_sscanf
#define strtod oc_num_parse

#endif
