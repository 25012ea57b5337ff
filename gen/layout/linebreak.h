/* linebreak.h — Chinese line breaking (W3C clreq, basic level) on top of UAX #14.
 *
 * libunibreak gives the Unicode break opportunities (—— and …… are already unbreakable
 * pairs); lb_opportunities then applies the 禁则 of GB/T 9704 practice on top: no line
 * starts with a closing mark or 点号, none ends with an opening mark, a run of Latin
 * letters, digits and the signs between them (92.35, 40%, 24×40%=9.6) is never split, nor
 * a date's number from its 年, 月 or 日.
 * lb_break fills lines greedily and, where a 禁则 would push characters down and leave a
 * short line, first tries to pull them in by setting the closing mark that would end the
 * line half-width (clreq: compress before expanding); lb_place spreads the slack of a
 * full line between characters (never inside such a run). */
#ifndef KAOJI_LINEBREAK_H
#define KAOJI_LINEBREAK_H

#include <stddef.h>
#include <stdint.h>

enum { LB_NO = 0, LB_ALLOW = 1, LB_MUST = 2 };

/* One glyph to set: its code point and advance (pt, without tracking); after: space that
 * follows it unless it ends a line (the quarter em between Hanzi and Latin); shrink: how
 * much narrower it may be set when it ends a line (a closing mark's blank half). */
typedef struct {
	uint32_t cp;
	double adv, after, shrink;
} lb_glyph;

/* A line: glyphs [start, end) are drawn (trailing spaces and "\n" already dropped);
 * the next line starts at `next`.  forced: ended by "\n" or the paragraph's end;
 * shrunk: its last glyph is set narrower by its shrink (width counts it so). */
typedef struct {
	size_t start, end, next;
	double width;
	int forced, shrunk;
} lb_line;

int lb_no_start(uint32_t cp);   /* may not begin a line: 、，。：；！？ ）》」〕 ” ’ · … */
int lb_no_end(uint32_t cp);     /* may not end a line: （《「〔 “ ‘ … */
/* Printable ASCII other than space, and the signs numbers are written with (× ÷ − ± ‰ °):
 * a run of them is one word, never broken or stretched.  (Inline: asked of every glyph.) */
static inline int lb_formula(uint32_t cp)
{
	return (cp > 0x20 && cp < 0x7F) || cp == 0xD7 || cp == 0xF7 || cp == 0x2212 || cp == 0xB1 || cp == 0x2030 ||
	       cp == 0xB0;
}
/* A Hanzi: the CJK unified ideographs with extension A, the compatibility ideographs, 〇. */
static inline int lb_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       cp == 0x3007;
}

/* brk[i] = LB_NO/LB_ALLOW/LB_MUST for a break after cps[i]; the last entry is LB_MUST. */
void lb_opportunities(const uint32_t *cps, size_t n, char *brk);

/* Breaks glyphs into lines: the first at most first_w wide, the rest rest_w; tracking is
 * added between neighbouring glyphs.  Returns the number of lines in *lines (caller frees). */
size_t lb_break(const lb_glyph *g, size_t n, const char *brk, double tracking,
                double first_w, double rest_w, lb_line **lines);
/* lb_break into *lines, an array of *cap lines grown as needed: the caller's own when *heap
 * is 0 (a table cell's one line, in the cell), which is then replaced by an allocation
 * (*heap set) if the lines outgrow it. */
size_t lb_break_into(const lb_glyph *g, size_t n, const char *brk, double tracking,
                     double first_w, double rest_w, lb_line **lines, size_t *cap, int *heap);

/* Whether glyph i of the line is set narrower by its shrink. */
int lb_shrunk(const lb_glyph *g, const lb_line *ln, size_t i);

/* x offsets of the line's glyphs from the line start; justify spreads measure − width
 * over the gaps that may stretch (not inside digits/Latin or ——/……). */
void lb_place(const lb_glyph *g, const lb_line *ln, double tracking, double measure, int justify, double *x);

#endif
