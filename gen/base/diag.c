/* diag.c — collects messages; prints the first DIAG_LIMIT errors so one bad file cannot bury the rest. */
#include "base/diag.h"

#include <stdarg.h>

enum { DIAG_LIMIT = 100 };

static int errors, warnings, quiet;
static strbuf *sink;
/* A thread whose messages are held (diag_hold): they are counted and shown when replayed,
 * so that work made ahead on other threads reports in the order it is used. */
static _Thread_local diag_held *held;

/* Shows control characters of a message as \xNN (C1 ones as \uNNNN): a cell's terminal
 * escape must not act on the clerk's terminal.  The final newline stays. */
static void escape_controls(strbuf *b)
{
	int any = 0;
	for (size_t i = 0; i + 1 < b->len; i++) {
		unsigned char c = (unsigned char)b->s[i], n = (unsigned char)b->s[i + 1];
		if (c < 0x20 || c == 0x7F || (c == 0xC2 && n >= 0x80 && n <= 0x9F)) any = 1;
	}
	if (!any) return;
	strbuf e = {0};
	for (size_t i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->s[i], n = i + 1 < b->len ? (unsigned char)b->s[i + 1] : 0;
		if ((c < 0x20 || c == 0x7F) && i + 1 < b->len) sb_printf(&e, "\\x%02X", c);
		else if (c == 0xC2 && n >= 0x80 && n <= 0x9F) { sb_printf(&e, "\\u%04X", n); i++; }   /* C1 controls */
		else sb_add(&e, (const char *)&c, 1);
	}
	free(b->s);
	*b = e;
}

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
	escape_controls(&b);
	if (held) sb_puts(&held->text, b.s);
	else if (sink) sb_puts(sink, b.s);
	else fputs(b.s, stderr);
	free(b.s);
}

void diag_error(const char *file, int line, int col, const char *fmt, ...)
{
	if (held) held->errors++;
	else if (++errors > DIAG_LIMIT) return;
	va_list ap;
	va_start(ap, fmt);
	emit("错误", file, line, col, fmt, ap);
	va_end(ap);
}

void diag_warn(const char *file, int line, int col, const char *fmt, ...)
{
	if (held) held->warnings++;
	else warnings++;
	va_list ap;
	va_start(ap, fmt);
	emit("警告", file, line, col, fmt, ap);
	va_end(ap);
}

void diag_hold(diag_held *h) { held = h; }

void diag_replay(diag_held *h)
{
	if (h->text.s) {
		if (sink) sb_puts(sink, h->text.s);
		else if (errors < DIAG_LIMIT) fputs(h->text.s, stderr);
	}
	errors += h->errors;
	warnings += h->warnings;
	free(h->text.s);
	*h = (diag_held){0};
}

void diag_move(diag_held *to, diag_held *from)
{
	if (from->text.s) sb_puts(&to->text, from->text.s);
	to->errors += from->errors;
	to->warnings += from->warnings;
	free(from->text.s);
	*from = (diag_held){0};
}

int diag_errors(void) { return held ? held->errors : errors; }
int diag_muted(void) { return errors >= DIAG_LIMIT; }
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

void diag_quiet(int on) { quiet = on; }

void diag_progress(const char *fmt, ...)
{
	if (quiet) return;
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}
