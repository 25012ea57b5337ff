/* table.c — ruled tables: column widths from content (or given), wrapped cell text,
 * numbers right-aligned, rows never split, header rows repeated on continued pages. */
#include "layout/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

#define PAD_X 3.0       /* pt between a rule and the cell text */
#define PAD_Y 2.5

/* One cell, shaped and broken for its column. */
typedef struct {
	ly_glyph *g;
	size_t n, cap;
	char *brk;
	lb_line *lines;
	size_t nl;
	ly_align align;
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

/* Widest unit that may not be broken (the least a column can be). */
static double min_unit(const cell_t *c)
{
	double best = 0, w = 0;
	for (size_t i = 0; i < c->n; i++) {
		w += c->g[i].g.adv;
		if (c->brk[i] != LB_NO) { if (w > best) best = w; w = 0; }
	}
	return best;
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
			double w = ly_width(ce->g, 0, ce->n, 0) + 2 * PAD_X, m = min_unit(ce) + 2 * PAD_X;
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
	for (size_t c = 0; c < nc; c++) {
		/* Spare room is shared equally: wide text columns need it least. */
		if (snat <= W) cw[c] = nat[c] + (W - snat) / (double)nc;
		else if (smin < W && snat > smin) cw[c] = mn[c] + (W - smin) * (nat[c] - mn[c]) / (snat - smin);
		else cw[c] = mn[c] * W / smin;
	}
	free(nat);
	free(mn);
}

/* Draws one row at y with height h. */
static void draw_row(ly_doc *d, const ly_table *t, cell_t *row, const double *cw, double y, double h,
                     double size, double leading, double rule)
{
	double x = d->st.left;
	double *xs = NULL;
	size_t cap = 0;
	pd_line(d->pd, x, y, x + d->st.body_w, y, rule, PD_BLACK);
	pd_line(d->pd, x, y + h, x + d->st.body_w, y + h, rule, PD_BLACK);
	for (size_t c = 0; c < t->ncols; c++) {
		cell_t *ce = &row[c];
		pd_line(d->pd, x, y, x, y + h, rule, PD_BLACK);
		double top = y + (h - ce->nl * leading) / 2 + (leading - size) / 2;
		lb_glyph *lg = xmalloc((ce->n + 1) * sizeof *lg);
		for (size_t i = 0; i < ce->n; i++) lg[i] = ce->g[i].g;
		for (size_t l = 0; l < ce->nl; l++) {
			lb_line *ln = &ce->lines[l];
			if (ln->end <= ln->start) continue;
			GROW(xs, ln->end - ln->start, cap);
			lb_place(lg, ln, 0, cw[c] - 2 * PAD_X, 0, xs);
			double x0 = x + PAD_X, room = cw[c] - 2 * PAD_X - ln->width;
			if (ce->align == LY_CENTER) x0 += room / 2;
			else if (ce->align == LY_RIGHT) x0 += room;
			double ty = top + l * leading;
			ly_emit(d, ce->g, ln->start, ln->end, xs, x0, ly_baseline(d, &ce->g[ln->start], ty), 0, 1);
		}
		free(lg);
		x += cw[c];
	}
	pd_line(d->pd, d->st.left + d->st.body_w, y, d->st.left + d->st.body_w, y + h, rule, PD_BLACK);
	free(xs);
}

/* Lays out a ruled table, splitting between rows. */
void ly_table_add(ly_doc *d, const ly_table *t)
{
	if (!ly_need_page(d) || !t->nrows || !t->ncols) return;
	double size = t->size > 0 ? t->size : LY_SIZE_S4, leading = size * 1.3;
	double rule = t->rule > 0 ? t->rule : 0.5;
	fn_role role = t->role, hrole = t->header_role;
	if (!role && !hrole) { role = FN_TABLE; hrole = FN_H1; }
	size_t nc = t->ncols, ncell = t->nrows * nc;
	cell_t *cells = xcalloc(ncell, sizeof *cells);
	char where[160];
	for (size_t i = 0; i < ncell && !d->err; i++) {
		size_t r = i / nc, c = i % nc;
		const char *txt = t->cells[i] ? t->cells[i] : "";
		snprintf(where, sizeof where, "%s第%zu行第%zu列", t->where ? t->where : "表格", r + 1, c + 1);
		cell_t *ce = &cells[i];
		ly_shape(d, r < t->header_rows ? hrole : role, size, PD_BLACK, txt, where, &ce->g, &ce->n, &ce->cap);
		ce->brk = xmalloc(ce->n + 1);
		uint32_t *cps = xmalloc((ce->n + 1) * sizeof *cps);
		for (size_t k = 0; k < ce->n; k++) cps[k] = ce->g[k].g.cp;
		lb_opportunities(cps, ce->n, ce->brk);
		free(cps);
		ce->align = r < t->header_rows ? LY_CENTER : t->align ? t->align[c] : numeric(txt) ? LY_RIGHT : LY_LEFT;
		if (ce->align == LY_JUSTIFY) ce->align = LY_LEFT;
	}
	double *cw = xcalloc(nc, sizeof *cw), *rh = xcalloc(t->nrows, sizeof *rh);
	if (d->err) goto out;
	column_widths(t, cells, d->st.body_w, cw, size);
	for (size_t r = 0; r < t->nrows; r++) {
		size_t lines = 1;
		for (size_t c = 0; c < nc; c++) {
			cell_t *ce = &cells[r * nc + c];
			lb_glyph *lg = xmalloc((ce->n + 1) * sizeof *lg);
			for (size_t k = 0; k < ce->n; k++) lg[k] = ce->g[k].g;
			double w = cw[c] - 2 * PAD_X;
			ce->nl = lb_break(lg, ce->n, ce->brk, 0, w, w, &ce->lines);
			free(lg);
			if (ce->nl > lines) lines = ce->nl;
		}
		rh[r] = lines * leading + 2 * PAD_Y;
	}
	double head = 0;
	for (size_t r = 0; r < t->header_rows && r < t->nrows; r++) head += rh[r];
	if (head >= d->st.body_h / 2) {
		ly_fail(d, "%s的表头太高（%.0f pt），无法在每页重复", t->where ? t->where : "表格", head);
		goto out;
	}
	ly_snap(d);
	double y = d->y;
	size_t first_body = t->header_rows < t->nrows ? t->header_rows : t->nrows;
	/* Header plus first row must fit, else start on a new page. */
	if (y + head + (first_body < t->nrows ? rh[first_body] : 0) > ly_bottom(d) + 0.01) {
		ly_new_page(d, NULL, 0);
		y = d->y;
	}
	for (size_t r = 0; r < first_body; r++) {
		draw_row(d, t, &cells[r * nc], cw, y, rh[r], size, leading, rule);
		y += rh[r];
	}
	for (size_t r = first_body; r < t->nrows && !d->err; r++) {
		if (y + rh[r] > ly_bottom(d) + 0.01) {
			if (head + rh[r] > d->st.body_h) {
				ly_fail(d, "%s第%zu行太高，一页放不下", t->where ? t->where : "表格", r + 1);
				break;
			}
			ly_new_page(d, NULL, 0);
			y = d->y;
			for (size_t h = 0; h < first_body; h++) {
				draw_row(d, t, &cells[h * nc], cw, y, rh[h], size, leading, rule);
				y += rh[h];
			}
		}
		draw_row(d, t, &cells[r * nc], cw, y, rh[r], size, leading, rule);
		y += rh[r];
	}
	d->y = y + size * 0.5;
out:
	for (size_t i = 0; i < ncell; i++) {
		free(cells[i].g);
		free(cells[i].brk);
		free(cells[i].lines);
	}
	free(cells);
	free(cw);
	free(rh);
}
