/* linebreak.h — Chinese line breaking (W3C clreq, basic level) on top of UAX #14.
 *
 * libunibreak gives the Unicode break opportunities (numbers like 92.35 and Latin words
 * stay whole; —— and …… are already unbreakable pairs); lb_opportunities then applies
 * the 禁则 of GB/T 9704 practice on top: no line starts with a closing mark or 点号, none
 * ends with an opening mark.  lb_break fills lines greedily; lb_place spreads the slack of
 * a full line between characters (never inside a number or word). */
#ifndef KAOJI_LINEBREAK_H
#define KAOJI_LINEBREAK_H

#include <stddef.h>
#include <stdint.h>

enum { LB_NO = 0, LB_ALLOW = 1, LB_MUST = 2 };

/* One glyph to set: its code point and advance (pt, without tracking). */
typedef struct {
	uint32_t cp;
	double adv;
} lb_glyph;

/* A line: glyphs [start, end) are drawn (trailing spaces and "\n" already dropped);
 * the next line starts at `next`.  forced: ended by "\n" or the paragraph's end. */
typedef struct {
	size_t start, end, next;
	double width;
	int forced;
} lb_line;

int lb_no_start(uint32_t cp);   /* may not begin a line: 、，。：；！？ ）》」〕 ” ’ · … */
int lb_no_end(uint32_t cp);     /* may not end a line: （《「〔 “ ‘ … */

/* brk[i] = LB_NO/LB_ALLOW/LB_MUST for a break after cps[i]; the last entry is LB_MUST. */
void lb_opportunities(const uint32_t *cps, size_t n, char *brk);

/* Breaks glyphs into lines: the first at most first_w wide, the rest rest_w; tracking is
 * added between neighbouring glyphs.  Returns the number of lines in *lines (caller frees). */
size_t lb_break(const lb_glyph *g, size_t n, const char *brk, double tracking,
                double first_w, double rest_w, lb_line **lines);

/* x offsets of the line's glyphs from the line start; justify spreads measure − width
 * over the gaps that may stretch (not inside digits/Latin or ——/……). */
void lb_place(const lb_glyph *g, const lb_line *ln, double tracking, double measure, int justify, double *x);

#endif
