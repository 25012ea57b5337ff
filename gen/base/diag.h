/* diag.h — error and warning messages in the form FILE:LINE:COL: 错误: …, collected per run. */
#ifndef KAOJI_DIAG_H
#define KAOJI_DIAG_H

#include "base/util.h"

/* Report an error / warning at a place; line or col 0 leaves that part out. */
void diag_error(const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void diag_warn(const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

int  diag_errors(void);            /* errors reported since the last reset */
int  diag_muted(void);             /* past the limit: further errors are counted, not printed */
int  diag_warnings(void);
void diag_reset(void);
/* Send messages to a buffer instead of stderr (tests); NULL restores stderr. */
void diag_capture(strbuf *sink);
/* Progress lines on stderr (the files written, the summary), unless quiet: `check` makes
 * every document to see that it can, and says nothing of them. */
void diag_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void diag_quiet(int on);
/* Messages held for later: diag_hold(h) makes this thread's messages go to h (NULL: back
 * to the run's), uncounted; diag_replay shows and counts them and empties h.  Work done
 * ahead on worker threads reports as if done in order, and only if it is used. */
typedef struct {
	strbuf text;
	int errors, warnings;
} diag_held;
void diag_hold(diag_held *h);
void diag_replay(diag_held *h);
/* Appends from's messages to to's, still held, and empties from. */
void diag_move(diag_held *to, diag_held *from);
/* Prints "还有 N 条错误未显示" when the limit cut some off. */
void diag_finish(void);

#endif
