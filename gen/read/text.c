/* text.c — encoding detection: BOM → UTF-8; valid UTF-8 → UTF-8; else GB18030 via iconv; else an error. */
#include "read/text.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "base/diag.h"

const char *text_encoding_name(text_encoding e)
{
	return e == ENC_GB18030 ? "GB18030" : e == ENC_UTF8_BOM ? "UTF-8 (BOM)" : "UTF-8";
}

/* Offset of the first invalid UTF-8 byte, or n when the whole buffer is valid. */
static size_t utf8_invalid_at(const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	while (p < end) {
		const unsigned char *u = (const unsigned char *)p;
		if (u[0] < 0x80) { p++; continue; }                /* digits, commas: no call */
		/* A Chinese character: E1–EC or EE–EF and two continuation bytes are always valid
		 * (only E0 can be overlong, only ED a surrogate), checked without a call. */
		if (u[0] >= 0xE1 && u[0] != 0xED && u[0] <= 0xEF && end - p >= 3 && (u[1] & 0xC0) == 0x80 &&
		    (u[2] & 0xC0) == 0x80) {
			p += 3;
			continue;
		}
		const char *q = p;
		if (utf8_next(&q, end) < 0) return (size_t)(p - s);
		p = q;
	}
	return n;
}

/* Reports an undecodable byte by line, byte column and offset. */
static void bad_byte(const char *path, const char *bytes, size_t off)
{
	int line = 1;
	size_t bol = 0;
	for (size_t i = 0; i < off; i++)
		if (bytes[i] == '\n') { line++; bol = i + 1; }
	diag_error(path, line, (int)(off - bol) + 1,
		"无法识别的编码：第%zu字节（0x%02X）既不是有效的UTF-8也不是GB18030；"
		"请在Excel/WPS中另存为“CSV UTF-8”或“CSV（逗号分隔）”",
		off, (unsigned char)bytes[off]);
}

/* Converts GB18030 to UTF-8; returns the offset of the first bad byte through *bad. */
static char *from_gb18030(const char *bytes, size_t n, size_t *outlen, size_t *bad)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1) { *bad = 0; return NULL; }
	size_t cap = n * 2 + 16;
	char *out = xmalloc(cap), *in = (char *)bytes, *o = out;
	size_t inleft = n, oleft = cap - 1;
	while (inleft > 0) {
		if (iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1) break;
		if (errno == E2BIG) {
			size_t used = (size_t)(o - out);
			cap *= 2;
			out = xrealloc(out, cap);
			o = out + used;
			oleft = cap - used - 1;
			continue;
		}
		*bad = (size_t)(in - bytes);
		iconv_close(cd);
		free(out);
		return NULL;
	}
	iconv_close(cd);
	*o = 0;
	*outlen = (size_t)(o - out);
	return out;
}

/* text_decode, where raw (malloc'd, n + 1 bytes) may be given up when owned: UTF-8, the
 * common case, is then returned in place instead of copied. */
static char *decode(const char *path, char *raw, size_t n, size_t *outlen, text_encoding *enc, int owned)
{
	const char *bytes = raw;
	size_t bad = 0;
	if (n >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF'))) {
		diag_error(path, 1, 1, "文件是UTF-16（Excel的“Unicode文本”）；请另存为“CSV UTF-8”或“CSV（逗号分隔）”");
		return NULL;
	}
	if (n >= 3 && !memcmp(bytes, "\xEF\xBB\xBF", 3)) {
		if ((bad = utf8_invalid_at(bytes + 3, n - 3)) < n - 3) {
			bad_byte(path, bytes, bad + 3);
			return NULL;
		}
		*enc = ENC_UTF8_BOM;
		*outlen = n - 3;
		if (!owned) return xstrndup(bytes + 3, n - 3);
		memmove(raw, raw + 3, n - 3);
		raw[n - 3] = 0;
		return raw;
	}
	if (utf8_invalid_at(bytes, n) == n) {
		*enc = ENC_UTF8;
		*outlen = n;
		if (!owned) return xstrndup(bytes, n);
		raw[n] = 0;
		return raw;
	}
	char *out = from_gb18030(bytes, n, outlen, &bad);
	if (!out) {
		/* Valid multi-byte UTF-8 before the first bad byte means the file was meant as UTF-8:
		 * that byte is the one to point at; otherwise point where GB18030 fails. */
		size_t u = utf8_invalid_at(bytes, n);
		for (size_t i = 0; i < u; i++)
			if ((unsigned char)bytes[i] >= 0x80) { bad = u; break; }
		bad_byte(path, bytes, bad);
		return NULL;
	}
	*enc = ENC_GB18030;
	return out;
}

char *text_decode(const char *path, const char *bytes, size_t n, size_t *outlen, text_encoding *enc)
{
	return decode(path, (char *)bytes, n, outlen, enc, 0);
}

char *text_load(const char *path, size_t *outlen, text_encoding *enc)
{
	size_t n;
	char *raw = read_file(path, &n);
	if (!raw) { diag_error(path, 0, 0, "无法读取文件：%s", sys_error(errno)); return NULL; }
	if (memchr(raw, 0, n)) {
		size_t off = (size_t)((char *)memchr(raw, 0, n) - raw), bol = 0;
		int line = 1;
		for (size_t i = 0; i < off; i++)
			if (raw[i] == '\n') { line++; bol = i + 1; }
		free(raw);
		diag_error(path, line, (int)(off - bol) + 1, "第%zu字节是NUL：这不是文本文件（CSV）", off);
		return NULL;
	}
	char *s = decode(path, raw, n, outlen, enc, 1);
	if (s != raw) free(raw);
	return s;
}
