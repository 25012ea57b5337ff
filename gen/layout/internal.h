/* internal.h — the state shared by layout.c, table.c and chart.c (not for document code). */
#ifndef KAOJI_LAYOUT_INTERNAL_H
#define KAOJI_LAYOUT_INTERNAL_H

#include "layout/layout.h"
#include "layout/linebreak.h"

/* The one state struct that carries the page being filled (as in md2pdf). */
struct ly_doc {
	const fn_set *fs;
	pd_doc *pd;
	ly_style st;
	ly_style next;          /* style of the next page started */
	int has_next;
	double y;               /* top of the next line cell / block, pt from the page top */
	int page_no;            /* number of the current page, 0 = no page yet */
	int pages;
	double pitch;           /* grid line pitch (公文: (225 mm − 1 字) / 21) */
	double zi;              /* grid character pitch, 1 字 (公文: (156 mm − 1 字) / 27) */
	double track;           /* tracking that makes 3号 characters land on the 字 pitch */
	double mixed_space;     /* em between Hanzi and Latin/digits in running text */
	int block_page;         /* page on which the last table or chart put its first row */
	char *pg_label;         /* LY_PGNUM_OF: the label before “第N页”, and M of “共M页” (0 = not printed) */
	int pg_total;
	/* LY_PGNUM_OF labels waiting for the page total (ly_number_pages): drawn once the
	 * document is laid out, so one layout is enough however many pages it turns out to have. */
	struct ly_page_of { int page, no, landscape; double left, w, y; char *label; } *page_of;
	size_t npage_of, cap_page_of;
	int cut_page;           /* page (count) whose flow ends early at cut_y, 0 = none */
	double cut_y;
	char *err;
};

/* A glyph with the font it is drawn in (lb_glyph first, so arrays convert); pct: the
 * change of its width in hundredths of an em (FN_HALF for a squeezed mark, see fn_key). */
typedef struct {
	lb_glyph g;
	int face, pct;
	double size, embolden;
	pd_rgb color;
} ly_glyph;

/* A table cell's text as shape_cell leaves it: n glyphs, where each may be followed by a
 * break between words (brk), and by the Chinese rules alone (loose). */
typedef struct {
	ly_glyph *g;
	char *brk, *loose;
	size_t n;
} ly_shaped;
/* The head of an entry of a memory kept per thread (memo.c's shapings, linebreak.c's
 * breaks): its key's hash, and how often it was found (up to 255, halved by each sweep). */
typedef struct {
	uint64_t hash;
	unsigned hits;
} ly_memo_head;
/* Empties a full memory of nslots slots (a power of two, open addressing) but for the
 * entries found most since it last filled, at most keep of them and none never found:
 * what every card repeats (the items' wording, headers, months) stays, a unit's own names
 * and numbers go (keep 0: all go).  Returns the entries left. */
size_t ly_memo_sweep(ly_memo_head **slot, size_t nslots, size_t keep);

/* The shaping this thread remembers for a cell's text in d's fonts, role and size (header:
 * a header label's breaks), or NULL (memo.c). */
const ly_shaped *ly_memo_find(const ly_doc *d, fn_role role, double size, int header, const char *text);
/* Remembers a cell's shaping (a copy), if its text is short enough to be worth it. */
void ly_memo_put(const ly_doc *d, fn_role role, double size, int header, const char *text, const ly_shaped *s);

/* Sets the document's error once (printf-style); later errors are dropped. */
void ly_fail(ly_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Converts text in a role to glyphs, checking every character has a font; appends to
 * the array (out, n, cap).  A full-width mark whose ink is in its left half, followed by
 * another full-width mark (“））”, “）。”, “。””), is set half-width (clreq's punctuation
 * compression), across calls too.  -1 (and the document error) on a missing character. */
int ly_shape(ly_doc *d, fn_role role, double size, pd_rgb color, const char *text,
             const char *where, ly_glyph **out, size_t *n, size_t *cap);
/* The same for cell (row, col), 1-based, of the table `what`, named so in a message. */
int ly_shape_at(ly_doc *d, fn_role role, double size, pd_rgb color, const char *text,
                const char *what, size_t row, size_t col, ly_glyph **out, size_t *n, size_t *cap);
/* Width of glyphs [s, e) with tracking between them. */
double ly_width(const ly_glyph *g, size_t s, size_t e, double tracking);
/* Emits glyphs [s, e) at x0 + x[i − s] on the given baseline, one pd run per font; each
 * glyph is drawn with the code for its width (its pct, plus its `after` space unless it
 * is the last one, so that glyph boxes meet as the characters do). */
void ly_emit(ly_doc *d, const ly_glyph *g, size_t s, size_t e, const double *x, double x0,
             double baseline, double tracking, double hscale);
/* Baseline that puts the top of the glyphs' em box at y (font descriptor ascent). */
double ly_baseline(const ly_doc *d, const ly_glyph *g, double y);
/* Starts a page when none is open; true when there is one. */
int ly_need_page(ly_doc *d);
/* Moves the cursor to the next grid line (grid styles only). */
void ly_snap(ly_doc *d);
/* Gives glyphs [0, n) the mixed-script space (d->mixed_space) between a Hanzi and Latin
 * letters or digits, as their `after`; none next to a mark, none at a line's end, none
 * inside a date (2023年1月16日).  Running text and titles only: 发文字号, 署名 and 成文日期
 * are set as 公文 print them, unspaced. */
void ly_space_scripts(const ly_doc *d, ly_glyph *g, size_t n);
/* Where the flow of the current page ends: the bottom of the 版心, or higher on a page cut
 * short by ly_cut_page. */
double ly_bottom(const ly_doc *d);
/* Draws a simple one-line string at (x, em-top y); returns its width, -1 on error. */
double ly_text(ly_doc *d, fn_role role, double size, pd_rgb color, const char *text,
               double x, double y, ly_align align, double box_w, const char *where);

#endif
