/* Which URLs the core may ask the host to fetch: https, a public name or a public IPv4 address. */
#include "op/oc_fetch.h"
#include "base/oc_url.h"
#include <string.h>

#define NOT_HTTPS "must be an https: URL without userinfo or a fragment"
#define NOT_PUBLIC "must not name localhost or a loopback, private, link-local or reserved address"

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int hex_value(int c)
{
	c = lower(c);
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* 1 if the label p[0..n) is a number as the WHATWG host parser sees one: digits, or 0x and hex digits. */
static int label_is_number(const char *p, size_t n)
{
	int hex = n >= 2 && p[0] == '0' && lower(p[1]) == 'x';
	if (n == 0)
		return 0;
	for (size_t i = hex ? 2 : 0; i < n; i++)
		if (hex ? hex_value(p[i]) < 0 : !(p[i] >= '0' && p[i] <= '9'))
			return 0;
	return 1;
}

/* The value of a numeric label; -1 when it is empty, not a number, or above max. */
static int64_t label_value(const char *p, size_t n, int64_t max)
{
	int base = 10;
	int64_t v = 0;
	size_t i = 0;
	if (n == 0)
		return -1;
	if (n >= 2 && p[0] == '0' && lower(p[1]) == 'x') {
		base = 16;
		i = 2;
	} else if (n >= 2 && p[0] == '0') {
		base = 8;
		i = 1;
	}
	for (; i < n; i++) {
		int d = hex_value(p[i]);
		if (d < 0 || d >= base)
			return -1;
		v = v * base + d;
		if (v > max)
			return -1;
	}
	return v;
}

/* The IPv4 address the host h[0..n) names (1 to 4 numeric labels); -1 when it is no valid one. */
static int64_t ipv4_value(const char *h, size_t n)
{
	int64_t part[4];
	size_t count = 0, start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && h[i] != '.')
			continue;
		if (count == 4)
			return -1;
		if ((part[count] = label_value(h + start, i - start, 0xffffffffLL)) < 0)
			return -1;
		count++;
		start = i + 1;
	}
	int64_t v = 0;
	for (size_t k = 0; k + 1 < count; k++) {
		if (part[k] > 255)
			return -1;
		v = v * 256 + part[k];
	}
	int64_t room = (int64_t)1 << (8 * (5 - count));
	if (part[count - 1] >= room)
		return -1;
	return v * room + part[count - 1];
}

/* 1 if the IPv4 address a is in a loopback, private, link-local, shared or reserved range. */
static int ipv4_not_public(uint32_t a)
{
	static const struct { uint32_t net, mask; } ranges[] = {
		{ 0x00000000u, 0xff000000u }, /* 0/8 */
		{ 0x0a000000u, 0xff000000u }, /* 10/8 */
		{ 0x64400000u, 0xffc00000u }, /* 100.64/10 */
		{ 0x7f000000u, 0xff000000u }, /* 127/8 */
		{ 0xa9fe0000u, 0xffff0000u }, /* 169.254/16 */
		{ 0xac100000u, 0xfff00000u }, /* 172.16/12 */
		{ 0xc0000000u, 0xffffff00u }, /* 192.0.0/24 */
		{ 0xc0a80000u, 0xffff0000u }, /* 192.168/16 */
		{ 0xc6120000u, 0xfffe0000u }, /* 198.18/15 */
		{ 0xe0000000u, 0xe0000000u }, /* 224/3: multicast, reserved, broadcast */
	};
	for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
		if ((a & ranges[i].mask) == ranges[i].net)
			return 1;
	return 0;
}

/* 1 if the host h[0..n) may be fetched from. */
static int host_public(const char *h, size_t n)
{
	if (n > 0 && h[n - 1] == '.')
		n--;
	if (n == 0 || h[0] == '[' || memchr(h, '%', n) != NULL)
		return 0;
	size_t last = n;
	while (last > 0 && h[last - 1] != '.')
		last--;
	static const char lh[] = "localhost";
	size_t ln = sizeof lh - 1;
	if (n - last == ln) {
		size_t k = 0;
		while (k < ln && lower(h[last + k]) == lh[k])
			k++;
		if (k == ln)
			return 0;
	}
	if (!label_is_number(h + last, n - last))
		return 1;
	int64_t a = ipv4_value(h, n);
	return a >= 0 && !ipv4_not_public((uint32_t)a);
}

const char *oc_fetch_url_check(const char *url, size_t n)
{
	oc_url u;
	if (oc_url_parse(&u, url, n) != 0 || !oc_slice_ieq(u.scheme, "https") || u.has_fragment)
		return NOT_HTTPS;
	return host_public(u.host.p, u.host.n) ? NULL : NOT_PUBLIC;
}
