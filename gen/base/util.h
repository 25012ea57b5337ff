/* util.h — memory, growable strings and small text helpers shared by every module. */
#ifndef KAOJI_UTIL_H
#define KAOJI_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* sysexits.h values, the exit statuses kaoji documents (main.c lists them in the usage). */
enum { EXIT_OK = 0, EXIT_USAGE = 64, EXIT_DATAERR = 65, EXIT_NOINPUT = 66,
       EXIT_SOFTWARE = 70, EXIT_OSFILE = 72, EXIT_CANTCREAT = 73, EXIT_CONFIG = 78 };

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Grows an array `p` of `*cap` elements so that index `need` fits. */
#define GROW(p, need, cap) do { \
	if ((size_t)(need) >= (cap)) { \
		(cap) = (cap) ? (cap) * 2 : 16; \
		if ((cap) <= (size_t)(need)) (cap) = (size_t)(need) + 1; \
		(p) = xrealloc((p), (cap) * sizeof *(p)); } } while (0)

/* Gives back what GROW reserved beyond n elements, once an array is complete (a
 * province's deductions and units left 3.5 MB unused for the whole run). */
#define SHRINK(p, n) ((p) = (n) ? xrealloc((p), (size_t)(n) * sizeof *(p)) : (p))

/* A growable NUL-terminated byte string. */
typedef struct {
	char *s;
	size_t len, cap;
} strbuf;

void sb_grow(strbuf *b, size_t n);      /* room for n more bytes, at least doubling */
void sb_puts(strbuf *b, const char *s);
void sb_reserve(strbuf *b, size_t n);   /* room for n more bytes: one allocation for a known size */

/* Appends n bytes.  Inline: a province's content streams are millions of short pieces,
 * most of a length the compiler knows. */
static inline void sb_add(strbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) sb_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}
void sb_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *sb_take(strbuf *b);               /* returns the string, leaves b empty */

/* Decodes one UTF-8 code point at *p, advancing it; returns -1 on a bad sequence (then *p
 * moves one byte). */
int32_t utf8_decode(const char **p, const char *end);
/* utf8_next, inline for ASCII and the three-byte characters of Chinese text: checks that
 * ask it for every character of a province's data spent a tenth of `check` in the call. */
static inline int32_t utf8_next(const char **pp, const char *end)
{
	const unsigned char *p = (const unsigned char *)*pp;
	if (*pp < end && p[0] < 0x80) { *pp += 1; return p[0]; }
	if (end - *pp >= 3 && (p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
		int32_t cp = (p[0] & 0x0F) << 12 | (p[1] & 0x3F) << 6 | (p[2] & 0x3F);
		if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) { *pp += 3; return cp; }
	}
	return utf8_decode(pp, end);
}
/* Appends the UTF-8 encoding of cp to buf (at least 4 bytes); returns its length. */
int utf8_put(char *buf, int32_t cp);
/* Cuts s to at most max bytes, between characters. */
void utf8_truncate(char *s, size_t max);
/* Number of code points in a UTF-8 string. */
size_t utf8_len(const char *s);

/* A copy of s without leading/trailing half-width, full-width (U+3000) and no-break spaces. */
char *trim_spaces(const char *s);
/* The same text in place: where it starts in s, and its length in *len. */
const char *trim_span(const char *s, size_t *len);

/* The system's reason for errnum, in Chinese with the errno name ("没有权限（EACCES）"):
 * what follows "无法创建输出文件夹：" in a message.  The same whatever the locale. */
const char *sys_error(int errnum);

/* Reads a whole file; NULL with errno set on failure. */
char *read_file(const char *path, size_t *len);
/* Joins a folder and a file name. */
char *path_join(const char *dir, const char *name);

/* Writes a file atomically: data goes to .tmp-XXXXXX beside PATH, renamed to PATH when complete. */
typedef struct {
	FILE *fp;
	char *path, *tmp;
} atomic_file;
int  af_open(atomic_file *af, const char *path);
int  af_commit(atomic_file *af);        /* flush, close, rename; 0 on success (stage_publish syncs) */
void af_abort(atomic_file *af);         /* close and remove the temporary file */
int  mkdir_p(const char *path);



/* Registers a function to run before an out-of-memory exit (publish.c: remove the stage). */
void util_on_fatal(void (*fn)(void));
/* Says why on stderr, runs the registered function and exits (EXIT_SOFTWARE). */
_Noreturn void util_fatal(const char *why);
/* A file name safe on any system for a unit name: path separators and reserved marks → “_”,
 * at most max bytes (cut between characters). */
char *safe_file_name(const char *name, size_t max);
/* Parses a date "2023-01-16", "2023/1/16" or "2023年1月16日": 0, -1 when it is not one of
 * these forms (or the year is outside 1900–9999), -2 when the month has no such day. */
int date_parse(const char *s, int *y, int *m, int *d);
int date_month_days(int y, int m);      /* 28–31; 0 for a month outside 1–12 */
#endif
