/* table.c — ruled tables: column widths from content (or given), wrapped cell text,
 * numbers right-aligned, rows as tall as their text, header rows repeated on continued pages.
 *
 * Page breaks fall between rows and obey three rules a clerk checks in a printed table:
 * no page holds fewer than 3 of the table's rows (no orphan at the start, no widow at the
 * end); a group of rows (a window's deductions) of up to 3 rows stays on one page, a larger
 * one leaves at least 2 rows on each side of a break; and a group continued on a new page
 * repeats its name there with “（续）”.  Header labels break only between words.  A row
 * too tall for a page (a note of 500 characters) is cut between its text lines and goes on
 * over the next pages, its group's name repeated the same way. */
#include "layout/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

#define PAD_X 3.0       /* pt between a rule and the cell text */
#define PAD_Y 2.5
#define MIN_ROWS 3      /* fewest rows of a table alone on a page */
#define KEEP_GROUP 3    /* groups this small never split */
#define WORD_MARK 0x200B  /* zero width space: a header label may break here */
#define SHORT_CELL 8    /* a body cell this short (a name, a type, a grade) is one word */
#define KEEP_CELLS 4096 /* a table this small stays shaped from measuring to drawing */
#define SMALL_CELL 64   /* a cell of fewer characters is worked on in stack arrays */

/* A cell's text shaped, and broken for its column: one block, its break tables after it. */
typedef struct {
	ly_glyph *g;            /* in the block too when copied from the memory (own_g 0) */
	size_t n, cap;
	char *brk;              /* where it may break: only between words (see shape_cell) */
	char *loose;            /* the Chinese rules alone, for a column too narrow for a word */
	lb_line *lines;         /* one_line, or an allocation kept from one width tried to the next */
	size_t lines_cap;
	int lines_heap, own_g;  /* lines, g are allocations of their own */
	lb_line one_line;       /* most cells are one line */
} cell_text;

/* One cell.  In a long table a body cell is shaped only while it is measured, counted and
 * drawn (cell_drop between): a ranking of 10,000 units would hold 100 MB of glyphs; what
 * planning needs is kept, 32 bytes a cell (a province's two bulletins laid out at once held
 * 16 MB of cells when their text fields were here).  A table of up to KEEP_CELLS cells (a
 * scorecard's) keeps its cells shaped and broken throughout. */
typedef struct {
	cell_text *s;           /* NULL until shaped and once dropped */
	double nat, min;        /* the text's width on one line, and its widest unbreakable unit */
	uint32_t nl;            /* lines in its column */
	uint8_t align;          /* ly_align */
	uint8_t broken;         /* s->lines are for its column */
} cell_t;

/* True when the cell holds a number (digits with . , % + −): those are right-aligned. */
static int numeric(const char *s)
{
	int digit = 0;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') digit = 1;
		else if (!strchr(".,%+- ", *s)) return 0;
	}
	return digit;
}

/* Removes the word marks from text (a copy, or text itself when it has none); marks[k] = 1
 * when a mark followed character k. */
static const char *strip_marks(const char *text, char **marks)
{
	if (!strstr(text, "\u200B")) {         /* WORD_MARK: none, nothing to copy */
		*marks = NULL;
		return text;
	}
	strbuf b = {0};
	size_t nchars = 0, cap = 0;
	*marks = NULL;
	for (const char *p = text, *end = text + strlen(text); p < end;) {
		const char *at = p;
		int32_t cp = utf8_next(&p, end);
		if (cp == WORD_MARK) {
			if (nchars) (*marks)[nchars - 1] = 1;
			continue;
		}
		GROW(*marks, nchars + 1, cap);
		(*marks)[nchars++] = 0;
		sb_add(&b, at, (size_t)(p - at));
	}
	return b.s ? sb_take(&b) : xstrdup("");
}

/* A cell_text for n glyphs, its break tables in the block and, with glyphs, its glyphs
 * before them (otherwise they come in an allocation of their own). */
static cell_text *text_block(size_t n, int glyphs)
{
	size_t gbytes = glyphs ? n * sizeof(ly_glyph) : 0;
	cell_text *s = xmalloc(sizeof *s + gbytes + 2 * (n + 1));
	*s = (cell_text){ .g = glyphs ? (ly_glyph *)(s + 1) : NULL, .own_g = !glyphs, .lines_cap = 1 };
	s->lines = &s->one_line;
	s->brk = (char *)(s + 1) + gbytes;
	s->loose = s->brk + n + 1;
	return s;
}

/* Shapes a cell's text and finds where it may break.  A header label, or any cell with word
 * marks, breaks only at its marks, and a short body cell (a unit's name, a type, a grade, a
 * date: a word) not at all; longer text follows the Chinese rules.  Each falls back on the
 * rules when its column is narrower than a word (break_cell). */
static void shape_cell(ly_doc *d, cell_t *ce, fn_role role, double size, const char *text,
                       int header, const char *what, size_t row, size_t col)
{
	const ly_shaped *known = ly_memo_find(d, role, size, header, text);
	if (known) {
		cell_text *s = ce->s = text_block(known->n, 1);
		s->n = s->cap = known->n;
		if (known->n) {
			memcpy(s->g, known->g, known->n * sizeof *s->g);
			memcpy(s->brk, known->brk, known->n);
			memcpy(s->loose, known->loose, known->n);
		}
		return;
	}
	char *marks;
	const char *plain = strip_marks(text, &marks);
	ly_glyph *g = NULL;
	size_t n = 0, cap = 0;
	int failed = ly_shape_at(d, role, size, PD_BLACK, plain, what, row, col, &g, &n, &cap);
	cell_text *s = ce->s = text_block(n, 0);
	s->g = g;
	s->n = n;
	s->cap = cap;
	uint32_t small[SMALL_CELL], *cps = n < SMALL_CELL ? small : xmalloc((n + 1) * sizeof *cps);
	for (size_t k = 0; k < n; k++) cps[k] = g[k].g.cp;
	lb_opportunities(cps, n, s->loose);
	memcpy(s->brk, s->loose, n);
	int marked = 0;
	for (size_t k = 0; marks && k < n; k++) marked |= marks[k];
	int word = header || marked || n <= SHORT_CELL;
	for (size_t k = 0; word && k + 1 < n; k++)
		if (s->brk[k] == LB_ALLOW && !(marks && marks[k])) s->brk[k] = LB_NO;
	if (!failed) ly_memo_put(d, role, size, header, text, &(ly_shaped){ g, s->brk, s->loose, n });
	if (cps != small) free(cps);
	free(marks);
	if (plain != text) free((char *)plain);
}

/* Widest unit that may not be broken (the least a column can be). */
static double min_unit(const cell_text *s)
{
	double best = 0, w = 0;
	for (size_t i = 0; i < s->n; i++) {
		w += s->g[i].g.adv;
		if (s->brk[i] != LB_NO) { if (w > best) best = w; w = 0; }
	}
	return best;
}

double ly_table_cell_mm(ly_doc *d, fn_role role, double size, const char *text)
{
	double w = ly_measure(d, role, size, text);
	return w < 0 ? 0 : (w + 2 * PAD_X) * 25.4 / 72;
}

/* Column widths: given ones (scaled down if too wide) or from content, filling W. */
static void column_widths(const ly_table *t, cell_t *cells, double W, double *cw, double size)
{
	size_t nc = t->ncols;
	if (t->widths_mm) {
		double sum = 0;
		for (size_t c = 0; c < nc; c++) sum += cw[c] = mm2pt(t->widths_mm[c]);
		if (sum > W) for (size_t c = 0; c < nc; c++) cw[c] *= W / sum;
		return;
	}
	double *nat = xcalloc(nc, sizeof *nat), *mn = xcalloc(nc, sizeof *mn);
	double snat = 0, smin = 0;
	for (size_t c = 0; c < nc; c++) {
		for (size_t r = 0; r < t->nrows; r++) {
			cell_t *ce = &cells[r * nc + c];
			double w = ce->nat + 2 * PAD_X, m = ce->min + 2 * PAD_X;
			/* Header text may wrap: ask for about four characters, not the whole label. */
			if (r < t->header_rows && w > 4 * size + 2 * PAD_X)
				w = m > 4 * size + 2 * PAD_X ? m : 4 * size + 2 * PAD_X;
			if (w > nat[c]) nat[c] = w;
			if (m > mn[c]) mn[c] = m;
		}
		if (nat[c] < mn[c]) nat[c] = mn[c];
		snat += nat[c];
		smin += mn[c];
	}
	if (snat <= W) {
		/* Spare room is shared equally: wide text columns need it least. */
		for (size_t c = 0; c < nc; c++) cw[c] = nat[c] + (W - snat) / (double)nc;
	} else if (smin < W) {
		/* Too little room: the widest columns give it up, down to a common width, so that
		 * short names and grades stay on one line while long text wraps. */
		double lo = 0, hi = 0;
		for (size_t c = 0; c < nc; c++) if (nat[c] > hi) hi = nat[c];
		for (int it = 0; it < 60; it++) {
			double cap = (lo + hi) / 2, sum = 0;
			for (size_t c = 0; c < nc; c++) sum += fmax(mn[c], fmin(nat[c], cap));
			if (sum > W) hi = cap; else lo = cap;
		}
		for (size_t c = 0; c < nc; c++) cw[c] = fmax(mn[c], fmin(nat[c], lo));
	} else
		for (size_t c = 0; c < nc; c++) cw[c] = mn[c] * W / smin;
	free(nat);
	free(mn);
}

/* Breaks a cell into lines for a column of width w; returns the number of lines. */
static size_t break_cell(cell_t *ce, double w)
{
	cell_text *s = ce->s;
	lb_glyph small[SMALL_CELL], *lg = s->n < SMALL_CELL ? small : xmalloc((s->n + 1) * sizeof *lg);
	for (size_t k = 0; k < s->n; k++) lg[k] = s->g[k].g;
	if (min_unit(s) > w + 0.01) memcpy(s->brk, s->loose, s->n);    /* a word wider than the column */
	ce->nl = (uint32_t)lb_break_into(lg, s->n, s->brk, 0, w, w, &s->lines, &s->lines_cap, &s->lines_heap);
	ce->broken = 1;
	if (lg != small) free(lg);
	return ce->nl;
}

/* Frees a cell's glyphs and lines (what planning needs stays). */
static void cell_drop(cell_t *ce)
{
	if (ce->s) {
		if (ce->s->own_g) free(ce->s->g);
		if (ce->s->lines_heap) free(ce->s->lines);
		free(ce->s);
	}
	ce->s = NULL;
	ce->broken = 0;
}

/* Height of a row of `lines` lines: the text and its padding, nothing more. */
static double row_height(size_t lines, double size, double leading)
{
	return size + (double)(lines ? lines - 1 : 0) * leading + 2 * PAD_Y;
}

/* A piece of a body row: lines [l0, l1) of its cells (a whole row, or part of one cut
 * between pages). */
typedef struct {
	size_t row;             /* body row */
	size_t l0, l1;
} piece_t;

/* Draws lines [l0, l1) of one row at y with height h (a whole row's lines are centred, a
 * cut row's set from the top); alt, when set, replaces the cell of column alt_col. */
static void draw_row(ly_doc *d, const ly_table *t, cell_t *row, const double *cw, double y, double h,
                     double size, double leading, cell_t *alt, size_t alt_col, size_t l0, size_t l1)
{
	double x = d->st.left;
	double xs_small[SMALL_CELL], *xs = xs_small;
	size_t cap = SMALL_CELL;
	for (size_t c = 0; c < t->ncols; c++) {
		cell_t *ce = alt && c == alt_col ? alt : &row[c];
		/* Lines centred in the row: a one-line cell beside a three-line one sits midway. */
		int whole = l0 == 0 && l1 == (size_t)-1;
		size_t a = alt && c == alt_col ? 0 : whole ? 0 : l0;
		size_t b = alt && c == alt_col ? ce->nl : l1 < ce->nl ? l1 : ce->nl;
		double text_h = size + (double)(ce->nl ? ce->nl - 1 : 0) * leading;
		double top = whole ? y + (h - text_h) / 2 : y + PAD_Y;
		const cell_text *s = ce->s;
		lb_glyph small[SMALL_CELL], *lg = s->n < SMALL_CELL ? small : xmalloc((s->n + 1) * sizeof *lg);
		for (size_t i = 0; i < s->n; i++) lg[i] = s->g[i].g;
		for (size_t l = a; l < b; l++) {
			lb_line *ln = &s->lines[l];
			if (ln->end <= ln->start) continue;
			if (ln->end - ln->start > cap) {
				if (xs != xs_small) free(xs);
				xs = xmalloc((cap = ln->end - ln->start) * sizeof *xs);
			}
			lb_place(lg, ln, 0, cw[c] - 2 * PAD_X, 0, xs);
			double x0 = x + PAD_X, room = cw[c] - 2 * PAD_X - ln->width;
			if (ce->align == LY_CENTER) x0 += room / 2;
			else if (ce->align == LY_RIGHT) x0 += room;
			double ty = top + (double)(l - a) * leading;
			ly_emit(d, s->g, ln->start, ln->end, xs, x0, ly_baseline(d, &s->g[ln->start], ty), 0, 1);
		}
		if (lg != small) free(lg);
		x += cw[c];
	}
	if (xs != xs_small) free(xs);
}

/* Rules the rows one page holds of a table, from top down to bottoms[0 … n − 1]: a line
 * above the first row and under each, and each column's sides from top to bottom.  One
 * line each (a row boxed on its own drew every inner rule twice, its sides in pieces): a
 * province's bulletin was 10 rule records a row. */
static void draw_rules(ly_doc *d, const ly_table *t, const double *cw, double top, const double *bottoms, size_t n,
                       double rule)
{
	double left = d->st.left, right = left + d->st.body_w, end = n ? bottoms[n - 1] : top;
	pd_line(d->pd, left, top, right, top, rule, PD_BLACK);
	for (size_t i = 0; i < n; i++) pd_line(d->pd, left, bottoms[i], right, bottoms[i], rule, PD_BLACK);
	double x = left;
	for (size_t c = 0; c < t->ncols; c++) {
		pd_line(d->pd, x, top, x, end, rule, PD_BLACK);
		x += cw[c];
	}
	pd_line(d->pd, right, top, right, end, rule, PD_BLACK);
}

/* The body rows' grouping: gs[r], ge[r] = first and one-past-last row of r's group
 * (rows counted from the first body row).  Without a group column every row is its own. */
static void find_groups(const ly_table *t, size_t first_body, size_t nb, size_t *gs, size_t *ge)
{
	size_t gc = t->group_col;
	for (size_t r = 0; r < nb; r++) {
		const char *cell = gc && gc <= t->ncols ? t->cells[(first_body + r) * t->ncols + gc - 1] : "x";
		gs[r] = r > 0 && (!cell || !cell[0]) ? gs[r - 1] : r;
	}
	for (size_t r = nb; r-- > 0;) ge[r] = r + 1 < nb && gs[r + 1] == gs[r] ? ge[r + 1] : r + 1;
}

/* May a page break fall before body row r? */
static int can_break(const size_t *gs, const size_t *ge, size_t r)
{
	if (gs[r] == r) return 1;
	return ge[r] - gs[r] > KEEP_GROUP && r - gs[r] >= 2 && ge[r] - r >= 2;
}

/* Height of rows [s, e) when s opens a page (a continued group's first row may be taller). */
static double span_height(const double *rh, const double *rh_cont, size_t s, size_t e)
{
	double h = 0;
	for (size_t r = s; r < e; r++) h += r == s ? rh_cont[r] : rh[r];
	return h;
}

/* Chooses the page breaks: brk[k] = the body row that opens page k + 1 of the table (page 0
 * starts at row 0); returns the number of pages.  *fresh is set when even the first rows
 * should start on a new page.  first = room below the header on the current page, full =
 * on a new one.  Returns 0 when a row cannot fit any page. */
static size_t plan_pages(const double *rh, const double *rh_cont, const size_t *gs, const size_t *ge, size_t nb,
                         double first, double full, int may_move, int *fresh, size_t *starts)
{
	*fresh = 0;
	for (int attempt = 0; attempt < 2; attempt++) {
		size_t np = 0, s = 0;
		double room = *fresh ? full : first;
		while (s < nb) {
			size_t e = s;
			double used = 0;
			while (e < nb && used + (e == s ? rh_cont[e] : rh[e]) <= room + 0.01) used += e == s ? rh_cont[e] : rh[e], e++;
			if (e == s) {
				if (np == 0 && !*fresh && may_move) break;      /* not even one row here: move */
				return 0;
			}
			if (e < nb) {
				size_t b = e;
				while (b > s && !can_break(gs, ge, b)) b--;
				if (b > s) e = b;
			}
			starts[np++] = s;
			s = e;
			room = full;
		}
		if (s < nb) { *fresh = 1; continue; }
		/* Orphan: a first page with fewer than 3 rows (and more to come) moves to a new page. */
		size_t first_rows = np > 1 ? starts[1] : nb;
		if (!*fresh && may_move && np > 1 && first_rows < MIN_ROWS) { *fresh = 1; continue; }
		/* Widow: the last page takes rows from the one before while that keeps 3. */
		if (np > 1 && nb - starts[np - 1] < MIN_ROWS) {
			size_t prev = starts[np - 2];
			for (size_t b = starts[np - 1]; b-- > prev + MIN_ROWS;) {
				if (!can_break(gs, ge, b)) continue;
				if (span_height(rh, rh_cont, b, nb) > full + 0.01) break;
				starts[np - 1] = b;
				if (nb - b >= MIN_ROWS) break;
			}
		}
		return np;
	}
	return 0;
}

/* Shapes body cell i of t again, unless it was kept, and breaks it for its column of width
 * cw; its number of lines (the same text shapes the same way every time). */
static size_t body_cell(ly_doc *d, const ly_table *t, cell_t *cells, size_t i, fn_role role, double size, double cw,
                        const char *what)
{
	cell_t *ce = &cells[i];
	if (ce->broken) return ce->nl;
	if (!ce->s) shape_cell(d, ce, role, size, t->cells[i] ? t->cells[i] : "", 0, what, i / t->ncols + 1, i % t->ncols + 1);
	return break_cell(ce, cw - 2 * PAD_X);
}

/* Lays out a ruled table, splitting between rows (see the top of this file). */
void ly_table_add(ly_doc *d, const ly_table *t)
{
	if (!ly_need_page(d) || !t->nrows || !t->ncols) return;
	double size = t->size > 0 ? t->size : LY_SIZE_S4, leading = size * 1.3;
	double rule = t->rule > 0 ? t->rule : 0.5;
	fn_role role = t->role, hrole = t->header_role;
	if (!role && !hrole) { role = FN_TABLE; hrole = FN_H1; }
	const char *what = t->where ? t->where : "表格";
	size_t nc = t->ncols, ncell = t->nrows * nc;
	int keep = ncell <= KEEP_CELLS;
	size_t first_body = t->header_rows < t->nrows ? t->header_rows : t->nrows, nb = t->nrows - first_body;
	cell_t *cells = xcalloc(ncell, sizeof *cells), *alt = xcalloc(nb + 1, sizeof *alt);
	size_t *gs = xcalloc(nb + 1, sizeof *gs), *ge = xcalloc(nb + 1, sizeof *ge), *starts = xcalloc(nb + 1, sizeof *starts);
	double *cw = xcalloc(nc, sizeof *cw), *rh = xcalloc(t->nrows, sizeof *rh), *rh_cont = xcalloc(nb + 1, sizeof *rh_cont);
	size_t gc = t->group_col && t->group_col <= nc ? t->group_col - 1 : (size_t)-1;
	piece_t *pc = NULL;
	size_t npc = 0, cap_pc = 0;
	for (size_t i = 0; i < ncell && !d->err; i++) {
		size_t r = i / nc, c = i % nc;
		const char *txt = t->cells[i] ? t->cells[i] : "";
		cell_t *ce = &cells[i];
		shape_cell(d, ce, r < t->header_rows ? hrole : role, size, txt, r < t->header_rows, what, r + 1, c + 1);
		ce->nat = ly_width(ce->s->g, 0, ce->s->n, 0);
		ce->min = min_unit(ce->s);
		ce->align = (uint8_t)(r < t->header_rows ? LY_CENTER : t->align ? t->align[c] : numeric(txt) ? LY_RIGHT : LY_LEFT);
		if (ce->align == LY_JUSTIFY) ce->align = LY_LEFT;
		if (r >= t->header_rows && !keep) cell_drop(ce);
	}
	if (d->err) goto out;
	find_groups(t, first_body, nb, gs, ge);
	column_widths(t, cells, d->st.body_w, cw, size);
	for (size_t r = 0; r < t->nrows; r++) {
		size_t lines = 1;
		for (size_t c = 0; c < nc; c++) {
			size_t nl = r < first_body ? break_cell(&cells[r * nc + c], cw[c] - 2 * PAD_X)
			                           : body_cell(d, t, cells, r * nc + c, role, size, cw[c], what);
			if (nl > lines) lines = nl;
			if (r >= first_body && !keep) cell_drop(&cells[r * nc + c]);
		}
		rh[r] = row_height(lines, size, leading);
	}
	/* A group's later rows, should one open a page, name the group again: “住建（续）”. */
	for (size_t r = 0; r < nb; r++) {
		rh_cont[r] = rh[first_body + r];
		if (gc == (size_t)-1 || gs[r] == r || !can_break(gs, ge, r)) continue;
		const char *name = t->cells[(first_body + gs[r]) * nc + gc];
		char *txt = xasprintf("%s%s", name ? name : "", t->cont_mark ? t->cont_mark : "（续）");
		shape_cell(d, &alt[r], role, size, txt, 0, what, first_body + r + 1, gc + 1);
		free(txt);
		alt[r].align = cells[(first_body + gs[r]) * nc + gc].align;
		size_t lines = break_cell(&alt[r], cw[gc] - 2 * PAD_X);
		for (size_t c = 0; c < nc; c++)
			if (c != gc && cells[(first_body + r) * nc + c].nl > lines) lines = cells[(first_body + r) * nc + c].nl;
		rh_cont[r] = row_height(lines, size, leading);
	}
	if (d->err) goto out;
	double head = 0;
	for (size_t r = 0; r < first_body; r++) head += rh[r];
	if (head >= d->st.body_h / 2) {
		ly_fail(d, "%s的表头太高（%.0f pt），无法在每页重复", what, head);
		goto out;
	}
	/* Rows taller than a page are cut between text lines into pieces that each fit one. */
	double full = d->st.body_h - head;
	size_t per_page = (size_t)floor((full - 2 * PAD_Y - size) / leading) + 1;
	for (size_t r = 0; r < nb; r++) {
		size_t lines = 0;
		for (size_t c = 0; c < nc; c++) if (cells[(first_body + r) * nc + c].nl > lines) lines = cells[(first_body + r) * nc + c].nl;
		if (rh[first_body + r] <= full + 0.01 && rh_cont[r] <= full + 0.01) {
			GROW(pc, npc, cap_pc);
			pc[npc++] = (piece_t){ r, 0, (size_t)-1 };
			continue;
		}
		for (size_t l = 0; l < lines; l += per_page) {
			GROW(pc, npc, cap_pc);
			pc[npc++] = (piece_t){ r, l, l + per_page < lines ? l + per_page : lines };
		}
		/* Its continuations name the group again, like a continued group's rows. */
		if (gc != (size_t)-1 && !alt[r].s) {
			const char *name = t->cells[(first_body + gs[r]) * nc + gc];
			char *txt = xasprintf("%s%s", name ? name : "", t->cont_mark ? t->cont_mark : "（续）");
			shape_cell(d, &alt[r], role, size, txt, 0, what, first_body + r + 1, gc + 1);
			free(txt);
			alt[r].align = cells[(first_body + r) * nc + gc].align;
			break_cell(&alt[r], cw[gc] - 2 * PAD_X);
		}
	}
	if (d->err) goto out;
	/* The pieces' heights and groups, as plan_pages sees them. */
	double *ph = xcalloc(npc + 1, sizeof *ph), *ph_cont = xcalloc(npc + 1, sizeof *ph_cont);
	size_t *pgs = xcalloc(npc + 1, sizeof *pgs), *pge = xcalloc(npc + 1, sizeof *pge), *first_piece = xcalloc(nb + 1, sizeof *first_piece);
	starts = xrealloc(starts, (npc + 1) * sizeof *starts);
	for (size_t p = npc; p-- > 0;) first_piece[pc[p].row] = p;
	first_piece[nb] = npc;
	for (size_t p = 0; p < npc; p++) {
		size_t r = pc[p].row;
		if (pc[p].l1 == (size_t)-1) {
			ph[p] = rh[first_body + r];
			ph_cont[p] = rh_cont[r];
			pgs[p] = first_piece[gs[r]];
			pge[p] = first_piece[ge[r]];
		} else {
			size_t lines = pc[p].l1 - pc[p].l0;
			if (pc[p].l0 > 0 && alt[r].nl > lines) lines = alt[r].nl;
			ph[p] = ph_cont[p] = row_height(lines, size, leading);
			pgs[p] = p;
			pge[p] = p + 1;
		}
	}
	ly_snap(d);
	double y = d->y;
	int fresh = 0;
	size_t np = 0;
	if (npc) {
		np = plan_pages(ph, ph_cont, pgs, pge, npc, ly_bottom(d) - y - head, full, y > d->st.top + 0.01, &fresh, starts);
		if (!np) ly_fail(d, "%s有一行太高，一页放不下", what);
	} else if (y + head > ly_bottom(d) + 0.01)
		fresh = 1;
	if (!d->err) {
		if (fresh) { ly_new_page(d, NULL, 0); y = d->y; }
		d->block_page = d->pages;
		double *bottoms = xmalloc((first_body + npc + 1) * sizeof *bottoms);
		for (size_t p = 0; p == 0 || p < np; p++) {
			if (p > 0) { ly_new_page(d, NULL, 0); y = d->y; }
			double top = y;
			size_t nrow = 0;
			for (size_t h = 0; h < first_body; h++) {
				draw_row(d, t, &cells[h * nc], cw, y, rh[h], size, leading, NULL, 0, 0, (size_t)-1);
				y += rh[h];
				bottoms[nrow++] = y;
			}
			size_t s0 = np ? starts[p] : 0, e = p + 1 < np ? starts[p + 1] : npc;
			for (size_t q = s0; q < e; q++) {
				size_t r = pc[q].row;
				int whole = pc[q].l1 == (size_t)-1;
				/* The group's name again: a continued group at the top of a page, or the rest
				 * of a cut row. */
				int named = alt[r].s && (whole ? q == s0 && p > 0 : pc[q].l0 > 0);
				double h = whole && named ? ph_cont[q] : ph[q];
				cell_t *row = &cells[(first_body + r) * nc];
				for (size_t c = 0; c < nc; c++) body_cell(d, t, cells, (first_body + r) * nc + c, role, size, cw[c], what);
				draw_row(d, t, row, cw, y, h, size, leading, named ? &alt[r] : NULL, gc, pc[q].l0, pc[q].l1);
				if (!keep) for (size_t c = 0; c < nc; c++) cell_drop(&row[c]);
				y += h;
				bottoms[nrow++] = y;
			}
			draw_rules(d, t, cw, top, bottoms, nrow, rule);
		}
		free(bottoms);
	}
	free(ph);
	free(ph_cont);
	free(pgs);
	free(pge);
	free(first_piece);
	d->y = y + size * 0.5;
out:
	for (size_t i = 0; i < ncell; i++) cell_drop(&cells[i]);
	for (size_t i = 0; i < nb; i++) cell_drop(&alt[i]);
	free(cells);
	free(alt);
	free(pc);
	free(gs);
	free(ge);
	free(starts);
	free(cw);
	free(rh);
	free(rh_cont);
}
