/* printable.h — whether a text the data holds can be printed: every character inside the
 * Basic Multilingual Plane (the documents' fonts are addressed with 16-bit codes) and drawn
 * by a font of every role, so that `check` refuses, at its file, line and column, what the
 * documents would fail on. */
#ifndef KAOJI_PRINTABLE_H
#define KAOJI_PRINTABLE_H

#include <stdint.h>

/* The run's fonts, as a question: which role's chain lacks cp (its name), NULL when every
 * role draws it.  (cmd/output.c asks fn_pick.) */
typedef struct {
	const char *(*lacks)(void *ctx, uint32_t cp);
	void *ctx;
	const unsigned char *ok;        /* bit cp of the BMP: known to be drawn by every role (lacks
	                                 * sets it), looked at before asking; may be NULL */
} printable_fonts;

/* What in s cannot be printed, in Chinese (caller frees), or NULL.  *col gets the position
 * of the offending character in s, counted in characters from 1.  fonts NULL: only the BMP
 * is checked (a run without documents, or before fonts are known). */
char *printable_problem(const char *s, const printable_fonts *fonts, int *col);

#endif
