/* diag.c — collects messages; prints the first DIAG_LIMIT errors so one bad file cannot bury the rest. */
#include "base/diag.h"

#include <stdarg.h>

enum { DIAG_LIMIT = 100 };

static int errors, warnings;
static strbuf *sink;

/* Formats one message and sends it to stderr or the capture buffer. */
static void emit(const char *kind, const char *file, int line, int col, const char *fmt, va_list ap)
{
	strbuf b = {0};
	if (file) {
		sb_puts(&b, file);
		if (line > 0) sb_printf(&b, ":%d", line);
		if (line > 0 && col > 0) sb_printf(&b, ":%d", col);
		sb_puts(&b, ": ");
	}
	sb_printf(&b, "%s: ", kind);
	char *msg = xvasprintf(fmt, ap);
	sb_puts(&b, msg);
	sb_puts(&b, "\n");
	free(msg);
	if (sink) sb_puts(sink, b.s);
	else fputs(b.s, stderr);
	free(b.s);
}

void diag_error(const char *file, int line, int col, const char *fmt, ...)
{
	if (++errors > DIAG_LIMIT) return;
	va_list ap;
	va_start(ap, fmt);
	emit("错误", file, line, col, fmt, ap);
	va_end(ap);
}

void diag_warn(const char *file, int line, int col, const char *fmt, ...)
{
	warnings++;
	va_list ap;
	va_start(ap, fmt);
	emit("警告", file, line, col, fmt, ap);
	va_end(ap);
}

int diag_errors(void) { return errors; }
int diag_warnings(void) { return warnings; }
void diag_reset(void) { errors = warnings = 0; }
void diag_capture(strbuf *b) { sink = b; }

void diag_finish(void)
{
	if (errors > DIAG_LIMIT) {
		char buf[128];
		snprintf(buf, sizeof buf, "还有 %d 条错误未显示\n", errors - DIAG_LIMIT);
		if (sink) sb_puts(sink, buf); else fputs(buf, stderr);
	}
}
