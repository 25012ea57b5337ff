/* util.c — memory, growable strings, UTF-8 and file helpers. */
#include "base/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What to undo before the process ends for want of memory (the run's stage). */
static void (*on_fatal)(void);

/* Registers fn to run before an out-of-memory exit. */
void util_on_fatal(void (*fn)(void)) { on_fatal = fn; }

/* Out of memory (or memory spilled to a temporary file that cannot be read back) is not
 * recoverable in a batch tool: say so, remove the run's stage, stop.  The first thread to
 * get here does it; any other waits for the process to end. */
_Noreturn void util_fatal(const char *why)
{
	static atomic_flag dying = ATOMIC_FLAG_INIT;
	if (atomic_flag_test_and_set(&dying))
		for (;;) pause();
	fprintf(stderr, "kaoji: %s\n", why);
	if (on_fatal) on_fatal();
	_exit(EXIT_SOFTWARE);
}

/* util_fatal for a failed allocation. */
static void *oom(void)
{
	util_fatal("内存不足 (out of memory)");
	return NULL;
}

void *xmalloc(size_t n) { void *p = malloc(n ? n : 1); return p ? p : oom(); }
void *xcalloc(size_t n, size_t size) { void *p = calloc(n ? n : 1, size ? size : 1); return p ? p : oom(); }
void *xrealloc(void *p, size_t n) { p = realloc(p, n ? n : 1); return p ? p : oom(); }
char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

char *xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	/* Formatted once when it fits the stack (a scorecard's cells are short), not measured
	 * first and formatted again. */
	char buf[256];
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(buf, sizeof buf, fmt, cp);
	va_end(cp);
	if (n < 0) n = 0, buf[0] = 0;
	char *s = xmalloc((size_t)n + 1);
	if ((size_t)n < sizeof buf) memcpy(s, buf, (size_t)n + 1);
	else vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

void sb_grow(strbuf *b, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
}

void sb_puts(strbuf *b, const char *s) { sb_add(b, s, strlen(s)); }

void sb_reserve(strbuf *b, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = b->len + n + 1;
		b->s = xrealloc(b->s, b->cap);
	}
}

/* Formats straight into b's spare room (a PDF's dictionaries are thousands of these),
 * growing it once when the text does not fit. */
void sb_printf(strbuf *b, const char *fmt, ...)
{
	va_list ap;
	for (int pass = 0; pass < 2; pass++) {
		size_t room = b->cap > b->len ? b->cap - b->len : 0;
		va_start(ap, fmt);
		int n = vsnprintf(room ? b->s + b->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0) return;      /* an encoding error: nothing to add */
		if ((size_t)n < room) { b->len += (size_t)n; return; }
		b->cap = (b->len + (size_t)n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
}

char *sb_take(strbuf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

int32_t utf8_decode(const char **pp, const char *end)
{
	const unsigned char *p = (const unsigned char *)*pp;
	int32_t cp;
	int n;
	if (p >= (const unsigned char *)end) return -1;
	/* A bad sequence still moves past its first byte, so no loop can stall on it. */
	*pp += 1;
	if (p[0] < 0x80) return p[0];
	else if ((p[0] & 0xE0) == 0xC0) { cp = p[0] & 0x1F; n = 1; }
	else if ((p[0] & 0xF0) == 0xE0) { cp = p[0] & 0x0F; n = 2; }
	else if ((p[0] & 0xF8) == 0xF0) { cp = p[0] & 0x07; n = 3; }
	else return -1;
	if (end - (const char *)p <= n) return -1;
	for (int i = 1; i <= n; i++) {
		if ((p[i] & 0xC0) != 0x80) return -1;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	/* Reject overlong forms, surrogates and values past U+10FFFF. */
	if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return -1;
	*pp = (const char *)p + n + 1;
	return cp;
}

int utf8_put(char *buf, int32_t cp)
{
	if (cp < 0x80) { buf[0] = (char)cp; return 1; }
	if (cp < 0x800) { buf[0] = (char)(0xC0 | (cp >> 6)); buf[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
	if (cp < 0x10000) {
		buf[0] = (char)(0xE0 | (cp >> 12)); buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		buf[2] = (char)(0x80 | (cp & 0x3F)); return 3;
	}
	buf[0] = (char)(0xF0 | (cp >> 18)); buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); buf[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t utf8_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80) n++;
	return n;
}

/* Length of the space character at s (ASCII blank, U+3000, U+00A0), or 0. */
static size_t space_at(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	if (*u == ' ' || *u == '\t' || *u == '\r' || *u == '\n') return 1;
	if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) return 3;
	if (u[0] == 0xC2 && u[1] == 0xA0) return 2;
	return 0;
}

const char *trim_span(const char *s, size_t *len)
{
	size_t n;
	while ((n = space_at(s))) s += n;
	/* From the end back (the text is UTF-8, so E3 80 80 and C2 A0 at the end are whole
	 * characters): a province's 70,000 notes were scanned through to find their ends. */
	const unsigned char *b = (const unsigned char *)s, *e = b + strlen(s);
	for (;;) {
		if (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n')) e -= 1;
		else if (e - b >= 3 && e[-3] == 0xE3 && e[-2] == 0x80 && e[-1] == 0x80) e -= 3;
		else if (e - b >= 2 && e[-2] == 0xC2 && e[-1] == 0xA0) e -= 2;
		else break;
	}
	*len = (size_t)(e - b);
	return s;
}

char *trim_spaces(const char *s)
{
	size_t n;
	s = trim_span(s, &n);
	return xstrndup(s, n);
}

char *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) return NULL;
	/* Sized from fstat, read at once; grown only if the file grew meanwhile. */
	struct stat st;
	size_t cap = fstat(fileno(fp), &st) == 0 && st.st_size > 0 ? (size_t)st.st_size + 1 : 4096, n = 0;
	char *buf = xmalloc(cap + 1);
	for (size_t got; (got = fread(buf + n, 1, cap - n, fp)) > 0;) {
		n += got;
		if (n == cap) buf = xrealloc(buf, (cap *= 2) + 1);
	}
	int err = ferror(fp);
	fclose(fp);
	if (err) { free(buf); errno = EIO; return NULL; }
	buf[n] = 0;
	if (len) *len = n;
	return buf;
}

/* The errno values a file tool meets, as a Chinese user reads them (glibc's own Chinese
 * texts need a zh_CN locale, which an office PC may not have set for a shell). */
static const struct { int code; const char *name, *zh; } sys_errors[] = {
	{ EPERM, "EPERM", "不允许的操作（文件可能被设为不可更改）" },
	{ ENOENT, "ENOENT", "没有这个文件或文件夹" },
	{ EIO, "EIO", "读写错误（磁盘或设备故障）" },
	{ ENXIO, "ENXIO", "没有这个设备" },
	{ E2BIG, "E2BIG", "参数太长" },
	{ EBADF, "EBADF", "文件未打开" },
	{ EAGAIN, "EAGAIN", "资源暂时不可用" },
	{ ENOMEM, "ENOMEM", "内存不足" },
	{ EACCES, "EACCES", "没有权限" },
	{ EFAULT, "EFAULT", "地址错误" },
	{ EBUSY, "EBUSY", "文件或设备正在使用中" },
	{ EEXIST, "EEXIST", "已经存在" },
	{ EXDEV, "EXDEV", "不能跨文件系统移动" },
	{ ENODEV, "ENODEV", "没有这个设备" },
	{ ENOTDIR, "ENOTDIR", "路径中有一项不是文件夹" },
	{ EISDIR, "EISDIR", "这是一个文件夹，不是文件" },
	{ EINVAL, "EINVAL", "参数无效" },
	{ ENFILE, "ENFILE", "系统打开的文件太多" },
	{ EMFILE, "EMFILE", "打开的文件太多" },
	{ ETXTBSY, "ETXTBSY", "文件正在被执行" },
	{ EFBIG, "EFBIG", "文件太大" },
	{ ENOSPC, "ENOSPC", "磁盘空间不足" },
	{ ESPIPE, "ESPIPE", "不能定位（管道或终端）" },
	{ EROFS, "EROFS", "文件系统是只读的" },
	{ EMLINK, "EMLINK", "链接太多" },
	{ EPIPE, "EPIPE", "管道已断开" },
	{ ENAMETOOLONG, "ENAMETOOLONG", "文件名太长" },
	{ ENOTEMPTY, "ENOTEMPTY", "文件夹不是空的" },
	{ ELOOP, "ELOOP", "符号链接层数太多（可能成环）" },
	{ EDQUOT, "EDQUOT", "超出磁盘配额" },
	{ ESTALE, "ESTALE", "网络文件已失效" },
	{ ETIMEDOUT, "ETIMEDOUT", "连接超时" },
	{ ENOTSUP, "ENOTSUP", "不支持的操作" },
	{ EOVERFLOW, "EOVERFLOW", "数值超出范围（文件太大？）" },
	{ EILSEQ, "EILSEQ", "字节序列无效" },
};

const char *sys_error(int errnum)
{
	static _Thread_local char text[96];
	for (size_t i = 0; i < sizeof sys_errors / sizeof *sys_errors; i++)
		if (sys_errors[i].code == errnum) {
			snprintf(text, sizeof text, "%s（%s）", sys_errors[i].zh, sys_errors[i].name);
			return text;
		}
	/* A code the table lacks: its number and the C library's words are still the reason. */
	snprintf(text, sizeof text, "系统错误 %d（%s）", errnum, strerror(errnum));
	return text;
}

char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	if (n && dir[n - 1] == '/') return xasprintf("%s%s", dir, name);
	return xasprintf("%s/%s", dir, name);
}

int af_open(atomic_file *af, const char *path)
{
	af->path = xstrdup(path);
	/* The temporary name is short whatever the file's: a name near NAME_MAX must not
	 * fail for its suffix. */
	const char *slash = strrchr(path, '/');
	af->tmp = slash ? xasprintf("%.*s/.tmp-XXXXXX", (int)(slash - path), path) : xstrdup(".tmp-XXXXXX");
	int fd = mkstemp(af->tmp);
	if (fd < 0) { free(af->path); free(af->tmp); return -1; }
	af->fp = fdopen(fd, "wb");
	return af->fp ? 0 : -1;
}

/* The process's umask, read once.  Reading it with umask() means setting it: two writer
 * threads committing at once read each other's temporary 0 (files made world-writable),
 * and the last to restore could leave it 0.  Linux shows it in /proc/self/status; only
 * without that is it read the old way, once. */
static mode_t file_umask;
static pthread_once_t umask_once = PTHREAD_ONCE_INIT;

/* Reads the umask into file_umask (pthread_once). */
static void read_umask(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[128];
	int found = 0;
	unsigned um;
	while (f && !found && fgets(line, sizeof line, f)) found = sscanf(line, "Umask: %o", &um) == 1;
	if (f) fclose(f);
	if (found) file_umask = (mode_t)um;
	else { file_umask = umask(0); umask(file_umask); }
}

int af_commit(atomic_file *af)
{
	int rc = 0;
	if (fflush(af->fp)) rc = -1;
	/* Writeback starts now, not when stage_publish syncs every file: a province's 500 MB
	 * then reach the disk while the next documents are made (the syncs at the end find
	 * them written).  Only a hint: failures are the fsync's to report. */
	if (rc == 0) sync_file_range(fileno(af->fp), 0, 0, SYNC_FILE_RANGE_WRITE);
	/* mkstemp creates 0600; output is meant to be shared like any file the user writes. */
	pthread_once(&umask_once, read_umask);
	fchmod(fileno(af->fp), 0666 & ~file_umask);
	if (fclose(af->fp)) rc = -1;
	if (rc == 0 && rename(af->tmp, af->path)) rc = -1;
	if (rc) remove(af->tmp);
	free(af->path); free(af->tmp);
	return rc;
}

void af_abort(atomic_file *af)
{
	fclose(af->fp);
	remove(af->tmp);
	free(af->path); free(af->tmp);
}

int mkdir_p(const char *path)
{
	if (!path[0]) { errno = ENOENT; return -1; }
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++)
		if (*s == '/') { *s = 0; if (mkdir(p, 0777) && errno != EEXIST) { free(p); return -1; } *s = '/'; }
	int rc = mkdir(p, 0777) && errno != EEXIST ? -1 : 0;
	free(p);
	return rc;
}

char *safe_file_name(const char *name, size_t max)
{
	char *s = xstrdup(name);
	for (char *p = s; *p; p++)
		if (strchr("/\\:*?\"<>|", *p) || (unsigned char)*p < 0x20) *p = '_';
	if (s[0] == '.') s[0] = '_';
	utf8_truncate(s, max);      /* a name of 90 Hanzi would pass NAME_MAX (255 bytes) */
	return s;
}

void utf8_truncate(char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max) return;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80) max--;
	s[max] = 0;
}

/* Whether s is exactly YYYY-MM-DD in ASCII digits. */
static int is_iso_date(const char *s)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (unsigned)(s[i] - '0') > 9) return 0;
	return s[10] == 0;
}

int date_parse(const char *s, int *y, int *m, int *d)
{
	int n = 0;
	/* The form nearly every row has, read without sscanf (a province's deductions.csv has
	 * 70,000 dates); it reads as the first pattern below would. */
	if (is_iso_date(s)) {
		*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		*m = (s[5] - '0') * 10 + (s[6] - '0');
		*d = (s[8] - '0') * 10 + (s[9] - '0');
	} else if (!((sscanf(s, "%4d-%d-%d%n", y, m, d, &n) == 3 && !s[n]) ||
	      (sscanf(s, "%4d/%d/%d%n", y, m, d, &n) == 3 && !s[n]) ||
	      (sscanf(s, "%4d年%d月%d日%n", y, m, d, &n) == 3 && !s[n])))
		return -1;
	if (*y < 1900 || *y > 9999 || *m < 1 || *m > 12 || *d < 1) return -1;
	return *d > date_month_days(*y, *m) ? -2 : 0;
}

int date_month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12) return 0;
	return days[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0));
}
