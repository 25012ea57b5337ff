/* dec.c — parsing, rounding and printing exact decimals. */
#include "base/dec.h"

#include <stdio.h>
#include <string.h>

int dec_parse(const char *s, int maxdp, bool allow_pct, dec *out)
{
	bool neg = false, digits = false, pct = false;
	int64_t ip = 0, fp = 0;
	int dp = 0;
	if (*s == '+' || *s == '-') neg = *s++ == '-';
	for (; *s >= '0' && *s <= '9'; s++, digits = true) {
		if (ip > 100000000000LL) return DEC_RANGE;
		ip = ip * 10 + (*s - '0');
	}
	if (*s == '.') {
		s++;
		for (; *s >= '0' && *s <= '9'; s++, digits = true) {
			if (++dp > 4) { if (*s != '0') return DEC_TOO_PRECISE; continue; }
			fp = fp * 10 + (*s - '0');
		}
	}
	if (allow_pct && *s == '%') { pct = true; s++; }
	if (!digits || *s) return DEC_MALFORMED;
	for (int i = dp; i < 4; i++) fp *= 10;
	/* Trailing zeros beyond maxdp are harmless ("0.50"); real digits are not. */
	int64_t unit = 1;
	for (int i = maxdp; i < 4; i++) unit *= 10;
	if (fp % unit) return DEC_TOO_PRECISE;
	dec v = ip * DEC_ONE + fp;
	if (pct) {
		if (v % 100) return DEC_TOO_PRECISE;
		v /= 100;
	}
	*out = neg ? -v : v;
	return DEC_OK;
}

int int_parse(const char *s, int64_t *out)
{
	int64_t v = 0;
	if (!*s) return DEC_MALFORMED;
	for (; *s; s++) {
		if (*s < '0' || *s > '9') return DEC_MALFORMED;
		if (v > 1000000000000LL) return DEC_RANGE;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return DEC_OK;
}

dec dec_round_cents(int64_t num, int64_t den)
{
	return (num + den * 50) / (den * 100) * 100;
}

char *dec_fmt(dec v, int dp, char buf[32])
{
	const char *sign = v < 0 ? "-" : "";
	int64_t a = v < 0 ? -v : v, unit = 1;
	for (int i = dp; i < 4; i++) unit *= 10;
	a = (a + unit / 2) / unit;                  /* half up, for safety; callers pass exact values */
	/* Digits by hand, from the right: every amount of a province's 10,000 scorecards
	 * went through snprintf (1% of annual). */
	char tmp[32], *e = tmp + sizeof tmp, *q = e;
	for (int i = 0; i < dp && q > tmp + 1; i++) { *--q = (char)('0' + a % 10); a /= 10; }
	if (dp > 0) *--q = '.';
	do { *--q = (char)('0' + a % 10); a /= 10; } while (a && q > tmp + 1);
	if (*sign) *--q = '-';
	size_t n = (size_t)(e - q) < 31 ? (size_t)(e - q) : 31;
	memcpy(buf, q, n);
	buf[n] = 0;
	return buf;
}

char *dec_fmt_short(dec v, char buf[32])
{
	int dp = 4;
	int64_t a = v < 0 ? -v : v;
	while (dp > 0 && a % 10 == 0) { a /= 10; dp--; }
	return dec_fmt(v, dp, buf);
}

char *dec_fmt_min2(dec v, char buf[32])
{
	int64_t a = v < 0 ? -v : v;
	return dec_fmt(v, a % 100 == 0 ? 2 : a % 10 == 0 ? 3 : 4, buf);
}

char *dec_fmt_pct(dec v, char buf[32])
{
	dec_fmt_short(v * 100, buf);
	strcat(buf, "%");
	return buf;
}

char *dec_fmt_ratio(int64_t num, int64_t den, int dp, char buf[48])
{
	/* Long division in base 10 on the exact value |num| / (den × 10000), sign in front. */
	const char *sign = num < 0 ? "-" : "";
	if (num < 0) num = -num;
	int64_t scale = den * DEC_ONE, ip = num / scale, rem = num % scale;
	int n = snprintf(buf, 48, "%s%lld", sign, (long long)ip);
	if (rem && dp > 0) {
		buf[n++] = '.';
		for (int i = 0; i < dp && rem && n < 44; i++) {
			rem *= 10;
			buf[n++] = (char)('0' + rem / scale);
			rem %= scale;
		}
		if (rem) { memcpy(buf + n, "…", 3); n += 3; }
	}
	buf[n] = 0;
	return buf;
}

int dec_places(const dec *v, size_t n, int min)
{
	int dp = min;
	for (size_t i = 0; i < n; i++) {
		int64_t a = v[i] < 0 ? -v[i] : v[i];
		int need = a % 10 ? 4 : a % 100 ? 3 : a % 1000 ? 2 : a % DEC_ONE ? 1 : 0;
		if (need > dp) dp = need;
	}
	return dp;
}
