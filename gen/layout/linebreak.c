/* linebreak.c — break opportunities from libunibreak plus the clreq 禁则, greedy line
 * filling, and inter-character justification. */
#include "layout/linebreak.h"

#include <stdlib.h>

#include <linebreak.h>

#include "base/util.h"

/* Closing marks and 点号 that clreq forbids at a line start (full- and half-width). */
static const uint32_t no_start[] = {
	0x3001, 0xFF0C, 0x3002, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F, 0xFF09, 0x300B, 0x3009,
	0x300D, 0x300F, 0x3011, 0x3015, 0x3017, 0x3019, 0x201D, 0x2019, 0x00B7, 0x30FB,
	0xFF0E, 0xFF3D, 0xFF5D, 0xFF1E, 0xFF05, 0x2030, 0x2103, 0x3005, 0xFE50, 0xFE51, 0xFE52,
	',', '.', ':', ';', '!', '?', ')', ']', '}', '%',
};
/* Opening marks that may not end a line. */
static const uint32_t no_end[] = {
	0xFF08, 0x300A, 0x3008, 0x300C, 0x300E, 0x3010, 0x3014, 0x3016, 0x3018, 0x201C, 0x2018,
	0xFF3B, 0xFF5B, 0xFF1C, '(', '[', '{',
};

/* True when cp is in the list. */
static int in(const uint32_t *set, size_t n, uint32_t cp)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] == cp) return 1;
	return 0;
}

/* True for marks that may not start a line. */
int lb_no_start(uint32_t cp) { return in(no_start, sizeof no_start / sizeof *no_start, cp); }
/* True for marks that may not end a line. */
int lb_no_end(uint32_t cp) { return in(no_end, sizeof no_end / sizeof *no_end, cp); }

/* Printable ASCII other than space: digits and Latin, which form unbreakable words. */
static int ascii_word(uint32_t cp) { return cp > 0x20 && cp < 0x7F; }

/* × and ÷ between digits: an arithmetic expression (24×40%=9.6) is one unit, like a number. */
static int arith(uint32_t cp) { return cp == 0x00D7 || cp == 0x00F7; }

/* —— (U+2014 pair) and …… (U+2026 pair) are one unit. */
static int paired(uint32_t a, uint32_t b) { return a == b && (a == 0x2014 || a == 0x2026 || a == 0x2E3A); }

/* UAX #14 break opportunities plus the clreq 禁则. */
void lb_opportunities(const uint32_t *cps, size_t n, char *brk)
{
	static int ready;
	if (!n) return;
	if (!ready) { init_linebreak(); ready = 1; }
	char *ub = xmalloc(n);
	set_linebreaks_utf32((const utf32_t *)cps, n, "zh", ub);
	for (size_t i = 0; i < n; i++) {
		brk[i] = ub[i] == LINEBREAK_MUSTBREAK ? LB_MUST : ub[i] == LINEBREAK_ALLOWBREAK ? LB_ALLOW : LB_NO;
		if (i + 1 < n && brk[i] == LB_ALLOW &&
		    (lb_no_start(cps[i + 1]) || lb_no_end(cps[i]) || paired(cps[i], cps[i + 1]) ||
		     (ascii_word(cps[i]) && ascii_word(cps[i + 1])) ||
		     (arith(cps[i]) && ascii_word(cps[i + 1])) || (ascii_word(cps[i]) && arith(cps[i + 1]))))
			brk[i] = LB_NO;
	}
	brk[n - 1] = LB_MUST;
	free(ub);
}

/* Space-like glyphs dropped at a line end. */
static int blank(uint32_t cp) { return cp == ' ' || cp == 0x3000 || cp == '\n'; }

/* Greedy line filling at the allowed breaks. */
size_t lb_break(const lb_glyph *g, size_t n, const char *brk, double tracking,
                double first_w, double rest_w, lb_line **lines)
{
	size_t nl = 0, cap = 0;
	*lines = NULL;
	size_t s = 0;
	while (s < n) {
		double W = nl ? rest_w : first_w, w = 0, wfit = 0;
		size_t best = (size_t)-1, i;
		int forced = 0;
		for (i = s; i < n; i++) {
			w += (i > s ? tracking : 0) + g[i].adv;
			if (!blank(g[i].cp)) wfit = w;
			if (wfit > W + 0.01 && i > s) break;
			if (brk[i] == LB_MUST) { best = i; forced = 1; break; }
			if (brk[i] == LB_ALLOW) best = i;
		}
		/* Nothing breakable fits: cut the over-long unit where the measure ends. */
		if (best == (size_t)-1) best = i > s ? i - 1 : s;
		size_t end = best + 1;
		while (end > s && blank(g[end - 1].cp)) end--;
		double width = 0;
		for (size_t k = s; k < end; k++) width += (k > s ? tracking : 0) + g[k].adv;
		GROW(*lines, nl, cap);
		(*lines)[nl++] = (lb_line){ s, end, best + 1, width, forced };
		s = best + 1;
	}
	return nl;
}

/* Positions a line's glyphs, spreading slack when justifying. */
void lb_place(const lb_glyph *g, const lb_line *ln, double tracking, double measure, int justify, double *x)
{
	size_t gaps = 0;
	for (size_t i = ln->start; i + 1 < ln->end; i++)
		if (!(ascii_word(g[i].cp) && ascii_word(g[i + 1].cp)) && !paired(g[i].cp, g[i + 1].cp)) gaps++;
	double extra = justify && gaps && measure > ln->width ? (measure - ln->width) / (double)gaps : 0;
	double pos = 0;
	for (size_t i = ln->start; i < ln->end; i++) {
		x[i - ln->start] = pos;
		pos += g[i].adv + tracking;
		if (i + 1 < ln->end && !(ascii_word(g[i].cp) && ascii_word(g[i + 1].cp)) && !paired(g[i].cp, g[i + 1].cp))
			pos += extra;
	}
}
