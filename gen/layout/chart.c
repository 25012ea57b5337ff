/* chart.c — small vector charts (bars or a line over categories) drawn with rules and
 * text, for scorecards and monthly reports. */
#include "layout/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

static const pd_rgb BAR = { 0.33, 0.45, 0.62 }, GRID = { 0.75, 0.75, 0.75 };

/* A "nice" tick step (1, 2 or 5 × 10^k) for about five intervals over range. */
static double nice_step(double range)
{
	double raw = range / 5, mag = pow(10, floor(log10(raw))), f = raw / mag;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

/* Formats a value without trailing zeros (92.35, 90, 7.5). */
static void fmt_value(char *buf, size_t n, double v)
{
	snprintf(buf, n, "%.2f", v);
	char *dot = strchr(buf, '.');
	if (!dot) return;
	char *e = buf + strlen(buf) - 1;
	while (e > dot && *e == '0') *e-- = 0;
	if (e == dot) *e = 0;
}

/* Lays out a bar or line chart as one block (a new page if it does not fit). */
void ly_chart_add(ly_doc *d, const ly_chart *c)
{
	if (!ly_need_page(d) || !c->n) return;
	double size = c->size > 0 ? c->size : 8, ph = mm2pt(c->height_mm > 0 ? c->height_mm : 60);
	const char *where = c->where ? c->where : "图表";
	double lo = c->ymin, hi = c->ymax;
	if (lo == 0 && hi == 0) {
		lo = hi = c->values[0];
		for (size_t i = 1; i < c->n; i++) {
			if (c->values[i] < lo) lo = c->values[i];
			if (c->values[i] > hi) hi = c->values[i];
		}
		if (lo > 0 && (!c->line || lo < hi * 0.5)) lo = 0;
		if (hi == lo) hi = lo + 1;
		double st = nice_step(hi - lo);
		lo = floor(lo / st) * st;
		hi = ceil(hi / st) * st;
		if (hi <= lo) hi = lo + st;
	}
	double step = nice_step(hi - lo);
	/* Category labels: one line when they fit the slot, else stacked one character a line,
	 * in a smaller size when a slot is narrower than a character (never overlapping). */
	double axis_w = size * 4, plot_w = d->st.body_w - axis_w, slot = plot_w / (double)c->n;
	double lsize = slot - 1 < size ? slot - 1 : size;
	size_t stack = 1;
	if (c->labels)
		for (size_t i = 0; i < c->n; i++) {
			size_t len = utf8_len(c->labels[i] ? c->labels[i] : "");
			double approx = (double)len * lsize;
			if (approx > slot - 2 && len > stack) stack = len;
		}
	int vertical = stack > 1;
	double label_h = c->labels ? (vertical ? stack * lsize * 1.05 : lsize * 1.4) + 3 : 0;
	/* Axis titles: the value axis's above it, the categories' below their labels. */
	double ytitle_h = c->ylabel ? size * 1.4 : 0, xtitle_h = c->xlabel ? size * 1.4 + 2 : 0;
	double total = ytitle_h + size * 1.5 + ph + label_h + xtitle_h;
	ly_snap(d);
	if (d->y + total > ly_bottom(d) + 0.01) ly_new_page(d, NULL, 0);
	if (d->err) return;
	d->block_page = d->pages;
	if (c->ylabel) ly_text(d, FN_TABLE, size, PD_BLACK, c->ylabel, d->st.left, d->y, LY_LEFT, 0, where);
	double top = d->y + ytitle_h + size * 1.5, x0 = d->st.left + axis_w, bottom = top + ph;
	char buf[32];
	/* Grid and tick labels. */
	for (double v = lo; v <= hi + step * 1e-6; v += step) {
		double y = bottom - (v - lo) / (hi - lo) * ph;
		pd_line(d->pd, x0, y, x0 + plot_w, y, 0.3, GRID);
		fmt_value(buf, sizeof buf, v);
		ly_text(d, FN_TABLE, size, PD_BLACK, buf, d->st.left, y - size / 2, LY_RIGHT, axis_w - 3, where);
	}
	pd_line(d->pd, x0, top, x0, bottom, 0.6, PD_BLACK);
	pd_line(d->pd, x0, bottom, x0 + plot_w, bottom, 0.6, PD_BLACK);
	double *px = xmalloc(c->n * sizeof *px), *py = xmalloc(c->n * sizeof *py);
	for (size_t i = 0; i < c->n && !d->err; i++) {
		double v = c->values[i] < lo ? lo : c->values[i] > hi ? hi : c->values[i];
		double cx = x0 + slot * ((double)i + 0.5), y = bottom - (v - lo) / (hi - lo) * ph;
		px[i] = cx;
		py[i] = y;
		if (!c->line) {
			double bw = slot * 0.6;
			pd_rect(d->pd, cx - bw / 2, y, bw, bottom - y, &BAR, 0, PD_BLACK);
		}
		if (c->show_values) {
			fmt_value(buf, sizeof buf, c->values[i]);
			double vs = slot < size * 3 ? size * 0.8 : size;
			ly_text(d, FN_TABLE, vs, PD_BLACK, buf, cx - slot / 2, y - vs - 2, LY_CENTER, slot, where);
		}
		if (c->labels && c->labels[i]) {
			if (!vertical) {
				ly_text(d, FN_TABLE, lsize, PD_BLACK, c->labels[i], cx - slot / 2, bottom + 3, LY_CENTER, slot, where);
			} else {
				const char *p = c->labels[i], *end = p + strlen(p);
				double ty = bottom + 3;
				while (p < end && !d->err) {
					const char *at = p;
					utf8_next(&p, end);
					char *ch = xstrndup(at, (size_t)(p - at));
					ly_text(d, FN_TABLE, lsize, PD_BLACK, ch, cx - slot / 2, ty, LY_CENTER, slot, where);
					free(ch);
					ty += lsize * 1.05;
				}
			}
		}
	}
	if (c->line && !d->err) {
		pd_polyline(d->pd, px, py, c->n, 1.2, BAR);
		for (size_t i = 0; i < c->n; i++) pd_rect(d->pd, px[i] - 1.8, py[i] - 1.8, 3.6, 3.6, &BAR, 0, PD_BLACK);
	}
	if (c->xlabel && !d->err)
		ly_text(d, FN_TABLE, size, PD_BLACK, c->xlabel, x0, bottom + label_h + 2, LY_CENTER, plot_w, where);
	free(px);
	free(py);
	d->y = bottom + label_h + xtitle_h + size;
}
