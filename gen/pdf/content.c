/* content.c — one page's display list as a PDF content stream: the operators of its rules,
 * fills and glyph runs, each state operator written only when its value changes, every
 * position to 2 decimals.  The glyph codes come from the file being written (write.c). */
#include "pdf/content.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/list.h"

/* Writes v (< 0x10000) as four upper-case hex digits at p; returns the end. */
char *pd_hex4(char *p, unsigned v)
{
	static const char hex[] = "0123456789ABCDEF";
	for (int s = 12; s >= 0; s -= 4) *p++ = hex[(v >> s) & 15];
	return p;
}

/* The page's content stream, with what the page already has set, so each state operator
 * is written only when its value changes. */
typedef struct {
	strbuf b;
	const fn_set *fs;
	pd_code_fn code;        /* each glyph's code, from the file being written */
	void *arg;
	unsigned char *faces;   /* faces[f]: drawn on this page (its resources name it /F<f+1>) */
	int in_text;            /* inside BT … ET */
	long long tx, ty;       /* the text line matrix's origin in 1/100 pt (0, 0 after BT) */
	int scaled;             /* the line matrix is horizontally scaled: the next run sets Tm */
	int font;               /* the values the page currently has (PDF's defaults at first) */
	double size, tc, lw;
	int tr;
	pd_rgb fill, stroke;
	int path;               /* an open path of rules not yet stroked */
	double path_w;
	pd_rgb path_c;
} pen_t;

/* llround(v), inline: half away from zero, exactly as llround for every |v| < 2^63 (below
 * 2^52 the fraction v − trunc(v) is exact; above it v is whole; positions are far less).  A content stream rounds
 * two numbers per glyph run, and the libm call was 1 % of a province's annual run. */
static inline long long round_away(double v)
{
	long long r = (long long)v;
	double frac = v - (double)r;
	return frac >= 0.5 ? r + 1 : frac <= -0.5 ? r - 1 : r;
}

/* Appends v / 10^places and a space, trailing zeros cut.  Written straight into the
 * buffer: a page's content stream is mostly these, two or three per glyph run. */
static void put_fixed(strbuf *b, long long v, int places)
{
	char tmp[64], *e = tmp + 32, *p = e;        /* at most 26 characters, ending at e */
	long long scale = places == 2 ? 100 : 10000;
	int neg = v < 0;
	if (neg) v = -v;
	*--p = ' ';
	int frac = (int)(v % scale), digits = places;
	while (frac && frac % 10 == 0) { frac /= 10; digits--; }
	if (frac) {
		for (int i = 0; i < digits; i++) { *--p = (char)('0' + frac % 10); frac /= 10; }
		*--p = '.';
	}
	long long ip = v / scale;
	do { *--p = (char)('0' + ip % 10); ip /= 10; } while (ip);
	if (neg && v) *--p = '-';
	size_t n = (size_t)(e - p);
	if (b->len + 33 > b->cap) sb_grow(b, 32);
	memcpy(b->s + b->len, p, 32);               /* a fixed length, inline; past n is spare room */
	b->len += n;
	b->s[b->len] = 0;
}

/* Appends a number to 4 decimals (sizes, widths, tracking, colours), trailing zeros cut. */
void pd_put_num(strbuf *b, double x) { put_fixed(b, round_away(x * 10000), 4); }

/* Appends a position to 2 decimals, 1/7200 inch: finer than any printer, and page
 * contents are mostly positions. */
static void put_pos(strbuf *b, double x) { put_fixed(b, round_away(x * 100), 2); }

/* Appends an operator and its line end. */
static inline void put_op(strbuf *b, const char *op)
{
	sb_add(b, op, strlen(op));      /* inline: op is a literal, its length known */
	sb_add(b, "\n", 1);
}

/* True when two colours are the same. */
static int same_rgb(pd_rgb a, pd_rgb b) { return a.r == b.r && a.g == b.g && a.b == b.b; }

/* Appends a colour's three components and the operator. */
static void put_rgb(strbuf *b, pd_rgb c, const char *op)
{
	pd_put_num(b, c.r);
	pd_put_num(b, c.g);
	pd_put_num(b, c.b);
	put_op(b, op);
}

/* Sets the fill colour if it differs. */
static void pen_fill(pen_t *p, pd_rgb c)
{
	if (same_rgb(p->fill, c)) return;
	put_rgb(&p->b, c, "rg");
	p->fill = c;
}

/* Sets the stroke colour if it differs. */
static void pen_stroke(pen_t *p, pd_rgb c)
{
	if (same_rgb(p->stroke, c)) return;
	put_rgb(&p->b, c, "RG");
	p->stroke = c;
}

/* Sets the line width if it differs. */
static void pen_width(pen_t *p, double w)
{
	if (p->lw == w) return;
	pd_put_num(&p->b, w);
	put_op(&p->b, "w");
	p->lw = w;
}

/* Strokes the pending rules, if any. */
static void pen_flush_path(pen_t *p)
{
	if (!p->path) return;
	put_op(&p->b, "S");
	p->path = 0;
}

/* Leaves the text object, if in one, so path and state operators can follow. */
static void pen_end_text(pen_t *p)
{
	if (!p->in_text) return;
	put_op(&p->b, "ET");
	p->in_text = 0;
}

/* Back to page-description mode with nothing pending (before q/Q and at the page end). */
static void pen_settle(pen_t *p)
{
	pen_flush_path(p);
	pen_end_text(p);
}

/* Appends a point and a path operator (m, l). */
static void put_point(strbuf *b, double x, double y, const char *op)
{
	put_pos(b, x);
	put_pos(b, y);
	put_op(b, op);
}

/* Appends code c as the two bytes of a literal string: half the bytes of hex, which
 * were half of a page's content stream.  What the string syntax reads specially is
 * escaped: parentheses, backslash, and CR (a reader takes a bare one for LF). */
static void put_code(strbuf *b, unsigned c)
{
	if (b->len + 5 > b->cap) sb_grow(b, 4);
	char *e = b->s + b->len;
	for (int k = 1; k >= 0; k--) {
		char byte = (char)(c >> 8 * k);
		if (byte == '(' || byte == ')' || byte == '\\') { *e++ = '\\'; *e++ = byte; }
		else if (byte == '\r') { *e++ = '\\'; *e++ = 'r'; }
		else *e++ = byte;
	}
	*e = 0;
	b->len = (size_t)(e - b->s);
}

/* Draws one glyph run: glyphs whose positions follow from the previous advance plus the
 * run's tracking share one text-show operator; others get their own text position.
 * Consecutive runs share one text object. */
static void draw_glyphs(pen_t *p, double ph, const op_t *o)
{
	const pd_font *f = &o->font;
	strbuf *b = &p->b;
	pen_flush_path(p);
	if (!p->in_text) { put_op(b, "BT"); p->in_text = 1; p->tx = p->ty = 0; p->scaled = 0; }
	if (p->font != f->face || p->size != f->size) {
		p->faces[f->face] = 1;
		sb_printf(b, "/F%d ", f->face + 1);
		pd_put_num(b, f->size);
		put_op(b, "Tf");
		p->font = f->face;
		p->size = f->size;
	}
	pen_fill(p, f->color);
	int tr = f->embolden > 0 ? 2 : 0;     /* fill, then stroke: the emboldening outline */
	if (tr) {
		pen_width(p, f->embolden * f->size);
		pen_stroke(p, f->color);
	}
	if (p->tr != tr) {
		pd_put_num(b, tr);
		put_op(b, "Tr");
		p->tr = tr;
	}
	if (p->tc != f->tracking) {
		pd_put_num(b, f->tracking);
		put_op(b, "Tc");
		p->tc = f->tracking;
	}
	double pen = 0;
	int open = 0;
	for (size_t i = 0; i < o->n; i++) {
		if (i == 0 || fabs(o->xs[i] - pen) > 0.005) {
			if (open) put_op(b, ") Tj");
			/* A run starts by moving from the last one's start (Td, in the rounded
			 * positions, so nothing drifts); a compressed 标志 needs the full matrix. */
			long long x = round_away(o->xs[i] * 100), y = round_away((ph - o->y) * 100);
			if (f->hscale != 1 || p->scaled) {
				pd_put_num(b, f->hscale);
				sb_puts(b, "0 0 1 ");
				put_fixed(b, x, 2);
				put_fixed(b, y, 2);
				put_op(b, "Tm");
				p->scaled = f->hscale != 1;
			} else {
				put_fixed(b, x - p->tx, 2);
				put_fixed(b, y - p->ty, 2);
				put_op(b, "Td");
			}
			p->tx = x;
			p->ty = y;
			sb_add(b, "(", 1);
			open = 1;
		}
		put_code(b, p->code(p->arg, f->face, o->keys[i]));
		pen = o->xs[i] + (fn_advance(p->fs, f->face, o->keys[i], f->size) + f->tracking) * f->hscale;
	}
	if (open) put_op(b, ") Tj");
}

/* Draws one page's operations into p's content stream. */
static void draw_ops(pen_t *p, const page_t *pg)
{
	pen_t saved = *p;
	strbuf *b = &p->b;
	int rot = 0;
	/* Graphics first, then all the text on top: one text object and one path per run of
	 * rules instead of a BT/ET pair for every table cell.  (Nothing here is drawn over
	 * text: fills are cell and bar backgrounds.) */
	op_t *tmp;
	size_t nops;
	const op_t *ops = pd_page_ops(pg, &tmp, &nops);
	for (size_t n = 0; n < 2 * nops; n++) {
		const op_t *o = &ops[n % nops];
		if ((o->kind == OP_GLYPHS) != (n >= nops)) continue;
		if (o->rot != rot) {
			pen_settle(p);
			/* Landscape frame: (u, v) → (v, u) with the frame's top on the left edge. */
			if (o->rot) {
				put_op(b, "q");
				saved = *p;
				sb_puts(b, "0 1 -1 0 ");
				pd_put_num(b, pg->w);
				sb_puts(b, "0 cm\n");
			} else {
				strbuf keep = p->b;
				*p = saved;     /* Q brings back what was set before q */
				p->b = keep;
				put_op(b, "Q");
			}
			rot = o->rot;
		}
		double ph = rot ? pg->w : pg->h;
		if (o->kind == OP_GLYPHS) {
			draw_glyphs(p, ph, o);
			continue;
		}
		pen_end_text(p);
		/* Rules of one width and colour in a row (table grids) go into one path. */
		if (p->path && (o->kind != OP_LINE || p->path_w != o->width || !same_rgb(p->path_c, o->color)))
			pen_flush_path(p);
		switch (o->kind) {
		case OP_LINE:
			if (!p->path) {
				pen_width(p, o->width);
				pen_stroke(p, o->color);
				p->path = 1;
				p->path_w = o->width;
				p->path_c = o->color;
			}
			put_point(b, o->x1, ph - o->y1, "m");
			put_point(b, o->x2, ph - o->y2, "l");
			break;
		case OP_RECT:
			if (o->has_fill) pen_fill(p, o->fill);
			if (o->width > 0) {
				pen_width(p, o->width);
				pen_stroke(p, o->color);
			}
			put_pos(b, o->x1);
			put_pos(b, ph - o->y1 - o->y2);
			put_pos(b, o->x2);
			put_pos(b, o->y2);
			put_op(b, "re");
			put_op(b, o->has_fill && o->width > 0 ? "B" : o->has_fill ? "f" : "S");
			break;
		case OP_POLY:
			pen_width(p, o->width);
			pen_stroke(p, o->color);
			put_point(b, o->xs[0], ph - o->ys[0], "m");
			for (size_t k = 1; k < o->n; k++) put_point(b, o->xs[k], ph - o->ys[k], "l");
			put_op(b, "S");
			break;
		}
	}
	free(tmp);
	pen_settle(p);
	if (rot) put_op(b, "Q");
}

void pd_content(const fn_set *fs, const page_t *pg, pd_code_fn code, void *arg, strbuf *out, unsigned char *faces)
{
	pen_t p = { .b = *out, .fs = fs, .code = code, .arg = arg, .faces = faces, .font = -1, .lw = 1,
	            .fill = PD_BLACK, .stroke = PD_BLACK };
	draw_ops(&p, pg);
	*out = p.b;
}
