/* linebreak.c — break opportunities from libunibreak plus the clreq 禁则, greedy line
 * filling, and inter-character justification. */
#include "layout/linebreak.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <linebreak.h>

#include "base/util.h"
#include "layout/internal.h"

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

/* True when cp is in the list.  Both lists are marks: a Hanzi (most of what is asked,
 * and between U+3400 and U+F8FF) is in neither. */
static int in(const uint32_t *set, size_t n, uint32_t cp)
{
	if (cp >= 0x3400 && cp < 0xF900) return 0;
	for (size_t i = 0; i < n; i++)
		if (set[i] == cp) return 1;
	return 0;
}

/* True for marks that may not start a line. */
int lb_no_start(uint32_t cp) { return in(no_start, sizeof no_start / sizeof *no_start, cp); }
/* True for marks that may not end a line. */
int lb_no_end(uint32_t cp) { return in(no_end, sizeof no_end / sizeof *no_end, cp); }

/* —— (U+2014 pair) and …… (U+2026 pair) are one unit. */
static int paired(uint32_t a, uint32_t b) { return a == b && (a == 0x2014 || a == 0x2026 || a == 0x2E3A); }

/* A date's numbers keep their 年, 月 and 日 (never “2022年12 / 月28日”), and its month
 * keeps its day (never “2022年12月 / 25日”, which reads as two dates); the date may break
 * after 年.  Binding more (the whole date, or every number with its unit, “24 / 个”)
 * makes units so long that the lines they are pushed off stretch badly. */
static int with_number(const uint32_t *cps, size_t i, size_t n)
{
	uint32_t a = cps[i], b = cps[i + 1];
	if (a >= '0' && a <= '9' && (b == 0x5E74 || b == 0x6708 || b == 0x65E5)) return 1;
	if (a != 0x6708 || b < '0' || b > '9') return 0;
	size_t k = i + 1;
	while (k < n && cps[k] >= '0' && cps[k] <= '9') k++;
	return k < n && cps[k] == 0x65E5;
}

/* UAX #14 for text of Hanzi (class ID) and ASCII digits (NU) alone, most table cells
 * (names, amounts): a break is allowed anywhere but inside a number (LB25 NU × NU, then
 * LB31).  0 when the text has anything else, for libunibreak to do. */
static int id_nu_breaks(const uint32_t *cps, size_t n, char *ub)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t c = cps[i];
		if (!((c >= '0' && c <= '9') || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF))) return 0;
	}
	for (size_t i = 0; i + 1 < n; i++)
		ub[i] = cps[i] <= '9' && cps[i + 1] <= '9' ? LINEBREAK_NOBREAK : LINEBREAK_ALLOWBREAK;
	ub[n - 1] = LINEBREAK_MUSTBREAK;
	return 1;
}

/* ---- texts libunibreak has broken, remembered per thread ----------------------------
 * Every scorecard repeats the items' wording (“1.1 窗口工作人员上班迟到或早退……”), the
 * signature line and the headings: of the 588,000 characters a 500-unit province gave
 * libunibreak, two thirds were a text broken before (libunibreak was 7 % of annual).  The answer
 * depends on the code points alone, so remembering it changes no byte of output.  Bounded:
 * texts up to LBM_LEN code points, LBM_MAX of them before those not found again are
 * forgotten (ly_memo_sweep). */
#define LBM_SLOTS 4096          /* a power of two, twice LBM_MAX */
#define LBM_MAX 2048
#define LBM_LEN 256

typedef struct {
	ly_memo_head head;
	size_t n;
	uint32_t *cps;          /* in the entry's block, then brk */
	char *brk;
} lbm_entry;

typedef struct {
	ly_memo_head *slot[LBM_SLOTS];         /* lbm_entry's, by their heads */
	size_t n;
} lbm_t;

static __thread lbm_t *lbm;
static pthread_key_t lbm_key;
static pthread_once_t lbm_once = PTHREAD_ONCE_INIT;

/* Frees a thread's entries and table (the key's destructor). */
static void lbm_free(void *p)
{
	if (!p) return;
	ly_memo_sweep(((lbm_t *)p)->slot, LBM_SLOTS, 0);
	free(p);
}
static void lbm_init(void) { pthread_key_create(&lbm_key, lbm_free); }

/* FNV-1a over the code points. */
static uint64_t lbm_hash(const uint32_t *cps, size_t n)
{
	uint64_t h = 1469598103934665603u ^ n;
	for (size_t i = 0; i < n; i++) { h ^= cps[i]; h *= 1099511628211u; }
	return h;
}

/* The slot holding the text, or the empty one where it would go. */
static ly_memo_head **lbm_slot(lbm_t *m, uint64_t h, const uint32_t *cps, size_t n)
{
	for (size_t k = h & (LBM_SLOTS - 1);; k = (k + 1) & (LBM_SLOTS - 1)) {
		lbm_entry *e = (lbm_entry *)m->slot[k];
		if (!e || (e->head.hash == h && e->n == n && !memcmp(e->cps, cps, n * sizeof *cps))) return &m->slot[k];
	}
}

/* This thread's slot for the text (made on first use, emptied when full); *h its hash. */
static ly_memo_head **lbm_lookup(const uint32_t *cps, size_t n, uint64_t *h)
{
	if (!lbm) {
		pthread_once(&lbm_once, lbm_init);
		lbm = xcalloc(1, sizeof *lbm);
		pthread_setspecific(lbm_key, lbm);
	}
	if (lbm->n >= LBM_MAX) lbm->n = ly_memo_sweep(lbm->slot, LBM_SLOTS, LBM_MAX / 2);
	*h = lbm_hash(cps, n);
	return lbm_slot(lbm, *h, cps, n);
}

/* Remembers brk for the text in *slot (found empty by lbm_slot for hash h). */
static void lbm_put(ly_memo_head **slot, uint64_t h, const uint32_t *cps, size_t n, const char *brk)
{
	lbm_entry *e = xmalloc(sizeof *e + n * sizeof *cps + n);
	*e = (lbm_entry){ .head.hash = h, .n = n, .cps = (uint32_t *)(e + 1) };
	e->brk = (char *)(e->cps + n);
	memcpy(e->cps, cps, n * sizeof *cps);
	memcpy(e->brk, brk, n);
	*slot = &e->head;
	lbm->n++;
}

/* UAX #14 break opportunities plus the clreq 禁则. */
void lb_opportunities(const uint32_t *cps, size_t n, char *brk)
{
	static pthread_once_t ready = PTHREAD_ONCE_INIT;     /* scorecards are laid out on several threads */
	if (!n) return;
	char small[64], *ub = n <= sizeof small ? small : xmalloc(n);
	ly_memo_head **slot = NULL;
	uint64_t h = 0;
	if (!id_nu_breaks(cps, n, ub)) {
		if (n <= LBM_LEN && *(slot = lbm_lookup(cps, n, &h))) {
			lbm_entry *e = (lbm_entry *)*slot;
			if (e->head.hits < 255) e->head.hits++;
			memcpy(brk, e->brk, n);
			if (ub != small) free(ub);
			return;
		}
		pthread_once(&ready, init_linebreak);
		set_linebreaks_utf32((const utf32_t *)cps, n, "zh", ub);
	}
	for (size_t i = 0; i < n; i++) {
		brk[i] = ub[i] == LINEBREAK_MUSTBREAK ? LB_MUST : ub[i] == LINEBREAK_ALLOWBREAK ? LB_ALLOW : LB_NO;
		/* UAX #14 keeps a number with a bracket after it (“5% (approx.)”); a Chinese line may
		 * break before a full-width opening mark: 85% | （84.796分）. */
		if (i + 1 < n && brk[i] == LB_NO && lb_formula(cps[i]) && cps[i + 1] >= 0x3000 && lb_no_end(cps[i + 1]))
			brk[i] = LB_ALLOW;
		if (i + 1 < n && brk[i] == LB_ALLOW &&
		    (lb_no_start(cps[i + 1]) || lb_no_end(cps[i]) || paired(cps[i], cps[i + 1]) ||
		     (lb_formula(cps[i]) && lb_formula(cps[i + 1])) || with_number(cps, i, n)))
			brk[i] = LB_NO;
	}
	brk[n - 1] = LB_MUST;
	if (slot) lbm_put(slot, h, cps, n, brk);
	if (ub != small) free(ub);
}

/* Space-like glyphs dropped at a line end. */
static int blank(uint32_t cp) { return cp == ' ' || cp == 0x3000 || cp == '\n'; }

/* Greedy line filling at the allowed breaks.  A glyph's `after` counts once another glyph
 * follows it on the line.  When the longest line that fits is short (a 禁则 pushed its
 * last characters down) and the next break fits once the mark ending it gives up its
 * shrink, the line is pulled in to that break.  Only a line's last mark is squeezed so:
 * a half-width mark inside a line reads as a typo to a Chinese reader (marks within a
 * line are squeezed only against each other, by layout). */
size_t lb_break(const lb_glyph *g, size_t n, const char *brk, double tracking,
                double first_w, double rest_w, lb_line **lines)
{
	size_t cap = 0;
	int heap = 1;
	*lines = NULL;
	return lb_break_into(g, n, brk, tracking, first_w, rest_w, lines, &cap, &heap);
}

/* The greedy filling above, into the caller's lines (linebreak.h). */
size_t lb_break_into(const lb_glyph *g, size_t n, const char *brk, double tracking,
                     double first_w, double rest_w, lb_line **lines, size_t *cap, int *heap)
{
	size_t nl = 0;
	size_t s = 0;
	while (s < n) {
		double W = nl ? rest_w : first_w, w = 0, wnat = 0, wmin = 0, wbest = 0;
		size_t best = (size_t)-1, pull = (size_t)-1, i;
		int forced = 0, pull_forced = 0;
		for (i = s; i < n; i++) {
			w += (i > s ? tracking + g[i - 1].after : 0) + g[i].adv;
			if (!blank(g[i].cp)) { wnat = w; wmin = w - g[i].shrink; }
			if (wmin > W + 0.01 && i > s) break;
			int fits = wnat <= W + 0.01;
			if (brk[i] == LB_MUST) {
				if (fits || i == s) { best = i; forced = 1; wbest = wnat; }
				else { pull = i; pull_forced = 1; }
				break;
			}
			if (brk[i] == LB_ALLOW) {
				if (fits) { best = i; wbest = wnat; }
				else if (pull == (size_t)-1) pull = i;
			}
		}
		/* Pull in only a short line (never cram one that is full). */
		if (pull != (size_t)-1 && (best == (size_t)-1 || wbest < W - 0.01)) { best = pull; forced = pull_forced; }
		/* Nothing breakable fits: cut the over-long unit where the measure ends. */
		if (best == (size_t)-1) best = i > s ? i - 1 : s;
		size_t end = best + 1;
		while (end > s && blank(g[end - 1].cp)) end--;
		double width = 0;
		for (size_t k = s; k < end; k++) width += (k > s ? tracking + g[k - 1].after : 0) + g[k].adv;
		int shrunk = end > s && width > W + 0.01 && g[end - 1].shrink > 0;
		if (shrunk) width -= g[end - 1].shrink;
		if (nl == *cap && !*heap) {
			lb_line *mine = xmalloc((*cap = nl < 8 ? 16 : 2 * nl) * sizeof *mine);
			if (nl) memcpy(mine, *lines, nl * sizeof *mine);
			*lines = mine;
			*heap = 1;
		}
		GROW(*lines, nl, *cap);
		(*lines)[nl++] = (lb_line){ s, end, best + 1, width, forced, shrunk };
		s = best + 1;
	}
	return nl;
}

/* Whether glyph i of the line is set narrower: its last glyph, when shrunk. */
int lb_shrunk(const lb_glyph *g, const lb_line *ln, size_t i)
{
	(void)g;
	return ln->shrunk && i + 1 == ln->end;
}

/* True when the gap after glyph i may stretch: not inside a Latin/number run or a pair. */
static int stretches(const lb_glyph *g, size_t i)
{
	return !(lb_formula(g[i].cp) && lb_formula(g[i + 1].cp)) && !paired(g[i].cp, g[i + 1].cp);
}

/* Positions a line's glyphs, spreading slack when justifying. */
void lb_place(const lb_glyph *g, const lb_line *ln, double tracking, double measure, int justify, double *x)
{
	size_t gaps = 0;
	for (size_t i = ln->start; i + 1 < ln->end; i++) gaps += (size_t)stretches(g, i);
	double extra = justify && gaps && measure > ln->width ? (measure - ln->width) / (double)gaps : 0;
	double pos = 0;
	for (size_t i = ln->start; i < ln->end; i++) {
		x[i - ln->start] = pos;
		if (i + 1 < ln->end)
			pos += g[i].adv + tracking + g[i].after + (stretches(g, i) ? extra : 0);
	}
}
