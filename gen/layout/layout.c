/* layout.c — the page flow: styles, the 公文 grid, paragraphs, headings, page numbers and
 * the 公文 pieces (标志, 字号, 标题, 署名, 附件, 版记).
 *
 * How 22 × 28 fits exactly: the 3号 em box is 16 pt; 28 of them would be 448 pt but the
 * 版心 is 156 mm = 442.2 pt.  The 字 pitch is set to (442.2 − 16) / 27 = 15.785 pt, i.e.
 * −0.215 pt tracking between characters (glyph side bearings absorb it), so the first
 * character's box starts on the 订口 edge and the 28th ends on the right edge of the 版心.
 * Vertically the same holds: line pitch (637.8 − 16) / 21 = 29.61 pt, the first line's em
 * box touching the 版心 top and the 22nd's bottom the 版心 bottom (1 行 = 1 字 + 13.6 pt,
 * close to the standard's "Hanzi height + 7/8 Hanzi"). */
#include "layout/internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

#define EPS 0.01

/* The GB/T 9704 portrait page. */
ly_style ly_style_gongwen(void)
{
	return (ly_style){
		.width = mm2pt(210), .height = mm2pt(297),
		.top = mm2pt(37), .left = mm2pt(28),
		.body_w = mm2pt(156), .body_h = mm2pt(225),
		.grid = 1, .lines = 22, .chars = 28,
		.pgnum = LY_PGNUM_GONGWEN,
	};
}

/* The GB/T 9704 page turned for wide tables. */
ly_style ly_style_gongwen_landscape(void)
{
	return (ly_style){
		.width = mm2pt(297), .height = mm2pt(210),
		.top = mm2pt(28), .left = mm2pt(297 - 262),
		.body_w = mm2pt(225), .body_h = mm2pt(156),
		.pgnum = LY_PGNUM_GONGWEN, .landscape = 1,
	};
}

/* A free A4 page with equal margins. */
ly_style ly_style_plain(double margin_mm, ly_pgnum pgnum)
{
	return (ly_style){
		.width = mm2pt(210), .height = mm2pt(297),
		.top = mm2pt(margin_mm), .left = mm2pt(margin_mm),
		.body_w = mm2pt(210 - 2 * margin_mm), .body_h = mm2pt(297 - 2 * margin_mm - 10),
		.pgnum = pgnum,
	};
}

/* Derives the grid pitches from the style. */
static void set_style(ly_doc *d, const ly_style *st)
{
	d->st = *st;
	if (st->grid && st->lines > 1 && st->chars > 1) {
		d->pitch = (st->body_h - LY_SIZE_3) / (st->lines - 1);
		d->zi = (st->body_w - LY_SIZE_3) / (st->chars - 1);
	} else {
		d->pitch = LY_SIZE_3 * 1.5;
		d->zi = LY_SIZE_3;
	}
	d->track = d->zi - LY_SIZE_3;
}

/* Creates an empty document in the given style. */
ly_doc *ly_new(const fn_set *fs, const ly_style *style)
{
	ly_doc *d = xcalloc(1, sizeof *d);
	d->fs = fs;
	d->pd = pd_new(fs);
	ly_style g = ly_style_gongwen();
	set_style(d, style ? style : &g);
	d->mixed_space = 0.25;
	return d;
}

/* Sets the Hanzi–Latin space of later paragraphs and titles. */
void ly_set_mixed_space(ly_doc *d, double em) { d->mixed_space = em > 0 ? em : 0; }
/* The Hanzi–Latin space now in force. */
double ly_mixed_space(const ly_doc *d) { return d->mixed_space; }

/* The label LY_PGNUM_OF pages print from the next page on. */
void ly_page_label(ly_doc *d, const char *label)
{
	free(d->pg_label);
	d->pg_label = label && label[0] ? xstrdup(label) : NULL;
}

/* The page total LY_PGNUM_OF pages print from the next page on (0: none). */
void ly_page_total(ly_doc *d, int total) { d->pg_total = total > 0 ? total : 0; }

/* Frees the document and its display list. */
void ly_free(ly_doc *d)
{
	if (!d) return;
	pd_free(d->pd);
	for (size_t i = 0; i < d->npage_of; i++) free(d->page_of[i].label);
	free(d->page_of);
	free(d->pg_label);
	free(d->err);
	free(d);
}

/* Appends src's finished pages to d, shared (pd_append): d's next page starts after them. */
void ly_append(ly_doc *d, ly_doc *src)
{
	if (d->err) return;
	ly_number_pages(src);
	if (d->pages + src->pages > LY_MAX_PAGES) {
		ly_fail(d, "文件超过 %d 页，停止排版（模板中的列表或表格是否重复展开？）", LY_MAX_PAGES);
		return;
	}
	pd_append(d->pd, src->pd);
	d->pages += src->pages;
	d->y = ly_bottom(d);                /* nothing more goes on the last page appended */
}

struct ly_mark {
	ly_doc state;           /* its own pg_label; pd, page_of and err not used */
	pd_mark pd;
};

ly_mark *ly_mark_here(const ly_doc *d)
{
	ly_mark *m = xmalloc(sizeof *m);
	m->state = *d;
	m->state.pg_label = d->pg_label ? xstrdup(d->pg_label) : NULL;
	m->pd = pd_mark_here(d->pd);
	return m;
}

void ly_resume(ly_doc *d, const ly_mark *m)
{
	pd_truncate(d->pd, &m->pd);
	for (size_t i = m->state.npage_of; i < d->npage_of; i++) free(d->page_of[i].label);
	free(d->pg_label);
	free(d->err);
	ly_doc keep = *d;
	*d = m->state;
	d->pd = keep.pd;
	d->page_of = keep.page_of;
	d->cap_page_of = keep.cap_page_of;
	d->pg_label = m->state.pg_label ? xstrdup(m->state.pg_label) : NULL;
	d->err = NULL;
}

int ly_mark_pages(const ly_mark *m) { return m->state.pages; }

void ly_mark_free(ly_mark *m)
{
	if (m) free(m->state.pg_label);
	free(m);
}

/* The first error met, or NULL. */
const char *ly_error(const ly_doc *d) { return d->err; }
/* The display list under the document. */
pd_doc *ly_pdf(ly_doc *d) { return d->pd; }
/* Pages started so far. */
int ly_page_count(const ly_doc *d) { return d->pages; }
/* The current page's style. */
const ly_style *ly_page_style(const ly_doc *d) { return &d->st; }
/* Bottom edge of the 版心 of the current page. */
static double body_bottom(const ly_doc *d) { return d->st.top + d->st.body_h; }
/* Where the flow of the current page ends (a cut page ends early). */
double ly_bottom(const ly_doc *d)
{
	double b = body_bottom(d);
	return d->cut_page == d->pages && d->cut_y > 0 && d->cut_y < b ? d->cut_y : b;
}
/* The page on which the last table or chart began. */
int ly_block_page(const ly_doc *d) { return d->block_page; }

/* Remembers where page `page` is to end. */
void ly_cut_page(ly_doc *d, int page, double y)
{
	d->cut_page = page;
	d->cut_y = y;
}

/* Records the first error; later ones are dropped. */
void ly_fail(ly_doc *d, const char *fmt, ...)
{
	if (d->err) return;
	va_list ap;
	va_start(ap, fmt);
	d->err = xvasprintf(fmt, ap);
	va_end(ap);
}

/* Formats a 成文日期 without zero padding; year 0 leaves the date blank for the pen. */
char *ly_date(char *buf, int year, int month, int day)
{
	if (year <= 0) snprintf(buf, 32, "%s", LY_BLANK_DATE);
	else snprintf(buf, 32, "%d年%d月%d日", year, month, day);
	return buf;
}

/* A short excerpt of text (at most 20 characters) for error messages. */
static char *excerpt(const char *text)
{
	const char *p = text, *end = text + strlen(text);
	for (int i = 0; i < 20 && p < end; i++) utf8_next(&p, end);
	return p < end ? xasprintf("%.*s…", (int)(p - text), text) : xstrdup(text);
}

static void squeeze(ly_doc *d, ly_glyph *prev, const ly_glyph *next);

/* Where a table cell is, as its messages name it: “表格第3行第2列”. */
static const char *cell_place(const char *what, size_t row, size_t col, char buf[160])
{
	if (!row) return what ? what : "文本";
	snprintf(buf, 160, "%s第%zu行第%zu列", what, row, col);
	return buf;
}

/* Turns text into glyphs, each from the first font of the role that has it. */
int ly_shape(ly_doc *d, fn_role role, double size, pd_rgb color, const char *text,
             const char *where, ly_glyph **out, size_t *n, size_t *cap)
{
	return ly_shape_at(d, role, size, color, text, where, 0, 0, out, n, cap);
}

/* ly_shape for cell (row, col) of the table `what`: the place is only written out for a
 * message (a province's bulletins have a million cells). */
int ly_shape_at(ly_doc *d, fn_role role, double size, pd_rgb color, const char *text,
                const char *what, size_t row, size_t col, ly_glyph **out, size_t *n, size_t *cap)
{
	char buf[160];
	const char *p = text, *end = text + strlen(text);
	/* Room for every character at once: one allocation, not a doubling series per cell. */
	size_t chars = 0;
	for (const char *q = text; q < end; q++) chars += ((unsigned char)*q & 0xC0) != 0x80;
	if (*cap < *n + chars) {
		*cap = *n + chars;
		*out = xrealloc(*out, *cap * sizeof **out);
	}
	while (p < end) {
		const char *at = p;
		int32_t cp = utf8_next(&p, end);
		if (cp < 0) {
			char *ex = excerpt(text);
			ly_fail(d, "文本不是有效的 UTF-8（第 %zu 字节）；出现在%s：“%s”", (size_t)(at - text) + 1,
			        cell_place(what, row, col, buf), ex);
			free(ex);
			return -1;
		}
		if (cp == '\r' || cp == '\t') cp = ' ';
		fn_pick_t pk = { -1, 0 };
		if (cp == '\n') pk = fn_pick(d->fs, role, ' ');
		else pk = fn_pick(d->fs, role, (uint32_t)cp);
		if (pk.face < 0) {
			char *ex = excerpt(text);
			char ch[8] = {0};
			utf8_put(ch, cp);
			if (cp > 0xFFFF)
				ly_fail(d, "字符“%s”(U+%04X) 在基本多文种平面之外，PDF 文件无法排印；出现在%s（%s）：“%s”",
				        ch, (unsigned)cp, cell_place(what, row, col, buf), fn_role_name(role), ex);
			else
				ly_fail(d, "字符“%s”(U+%04X) 在“%s”字体链的所有字体中都没有；出现在%s：“%s”。"
				        "请在 fonts/ 中放入含此字的字体，或在 fonts.map 中为该角色添加后备字体",
				        ch, (unsigned)cp, fn_role_name(role), cell_place(what, row, col, buf), ex);
			free(ex);
			return -1;
		}
		GROW(*out, *n, *cap);
		ly_glyph *g = &(*out)[(*n)++];
		*g = (ly_glyph){ .face = pk.face, .size = size, .embolden = pk.embolden, .color = color };
		g->g.cp = (uint32_t)cp;
		g->g.adv = cp == '\n' ? 0 : fn_advance(d->fs, pk.face, (uint32_t)cp, size);
		if (*n >= 2) squeeze(d, g - 1, g);
	}
	return 0;
}

/* A full-width CJK mark: opening, closing or 点号, one em wide. */
static int full_mark(const ly_glyph *g)
{
	return g->g.cp >= 0x2000 && (lb_no_start(g->g.cp) || lb_no_end(g->g.cp)) && g->g.adv >= 0.9 * g->size;
}

/* A mark that may give up the blank right half of its em box: a closing mark or 点号
 * whose face draws it in the left half. */
static int left_half(const ly_doc *d, const ly_glyph *g)
{
	return g->pct == 0 && g->g.cp >= 0x2000 && lb_no_start(g->g.cp) && fn_left_half_mark(d->fs, g->face, g->g.cp);
}

/* Sets a left-half mark followed by another full-width mark half-width (“））”, “）。”). */
static void squeeze(ly_doc *d, ly_glyph *prev, const ly_glyph *next)
{
	if (!full_mark(next) || !full_mark(prev) || !left_half(d, prev)) return;
	prev->pct = FN_HALF;
	prev->g.adv = fn_advance(d->fs, prev->face, FN_KEY(prev->g.cp, FN_HALF), prev->size);
}

/* A Latin letter or digit (or the % ‰ ° closing a number) on one side of the space
 * between scripts. */
static int latin_end(uint32_t cp) { return lb_formula(cp) && (cp >= 0x80 || cp == '%' || (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')); }
static int latin_start(uint32_t cp) { return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'); }

/* 年, 月, 日: a date keeps its digits and these together, unspaced (2023年1月16日). */
static int date_unit(uint32_t cp) { return cp == 0x5E74 || cp == 0x6708 || cp == 0x65E5; }

/* Spaces Hanzi from Latin letters and digits (see internal.h); dates and years stay as
 * 公文 print them, unspaced on both sides (关于2022年度, 于2022年12月25日前).  Walked from
 * the end so that whether a run of digits ends in 年, 月 or 日 is known without rescanning
 * it (a long run of digits would make that quadratic). */
void ly_space_scripts(const ly_doc *d, ly_glyph *g, size_t n)
{
	if (d->mixed_space <= 0 || n < 2) return;
	int dated = 0;          /* the digits from i + 1 on end in a date unit */
	for (size_t i = n - 1; i-- > 0;) {
		uint32_t a = g[i].g.cp, b = g[i + 1].g.cp;
		int digit_a = a >= '0' && a <= '9', digit_b = b >= '0' && b <= '9';
		if (!digit_b) dated = 0;
		else if (!(i + 2 < n && g[i + 2].g.cp >= '0' && g[i + 2].g.cp <= '9'))
			dated = i + 2 < n && date_unit(g[i + 2].g.cp);
		if ((digit_a && date_unit(b)) || (date_unit(a) && digit_b)) continue;
		if (digit_b && dated) continue;
		if ((lb_han(a) && latin_start(b)) || (latin_end(a) && lb_han(b)))
			g[i].g.after = d->mixed_space * g[i].size;
	}
}

/* Sums advances plus tracking and each glyph's `after` space between glyphs. */
double ly_width(const ly_glyph *g, size_t s, size_t e, double tracking)
{
	double w = 0;
	for (size_t i = s; i < e; i++) w += (i > s ? tracking + g[i - 1].g.after : 0) + g[i].g.adv;
	return w;
}

/* Baseline that puts the em box top (descriptor ascent) at y. */
double ly_baseline(const ly_doc *d, const ly_glyph *g, double y)
{
	return y + fn_ascent(d->fs, g->face) * g->size;
}

/* The key glyph i of [s, e) is drawn with: its width change, and its space after it when
 * another glyph follows on the line. */
static fn_key key_of(const ly_glyph *g, size_t i, size_t e)
{
	long pct = g[i].pct;
	if (i + 1 < e && g[i].g.after > 0) pct += lround(g[i].g.after / g[i].size * 100);
	if (pct < -100) pct = -100;
	if (pct > 100) pct = 100;
	return FN_KEY(g[i].g.cp, pct);
}

/* Sends glyphs to the display list, one run per font and size. */
void ly_emit(ly_doc *d, const ly_glyph *g, size_t s, size_t e, const double *x, double x0,
             double baseline, double tracking, double hscale)
{
	/* A table cell's line fits the stack (two allocations a line were 2 % of annual). */
	fn_key small_k[64], *cps = e - s < 64 ? small_k : xmalloc((e - s + 1) * sizeof *cps);
	double small_x[64], *xs = e - s < 64 ? small_x : xmalloc((e - s + 1) * sizeof *xs);
	size_t i = s;
	while (i < e) {
		if (g[i].g.cp == '\n' || g[i].g.cp == ' ' || g[i].g.cp == 0x3000) { i++; continue; }
		size_t j = i, k = 0;
		while (j < e && g[j].face == g[i].face && g[j].size == g[i].size &&
		       g[j].embolden == g[i].embolden && !memcmp(&g[j].color, &g[i].color, sizeof g[i].color) &&
		       g[j].g.cp != '\n' && g[j].g.cp != ' ' && g[j].g.cp != 0x3000) {
			cps[k] = key_of(g, j, e);
			xs[k++] = x0 + x[j - s];
			j++;
		}
		pd_font f = { .face = g[i].face, .size = g[i].size, .embolden = g[i].embolden,
		              .tracking = tracking, .hscale = hscale, .color = g[i].color };
		pd_glyphs(d->pd, &f, baseline, cps, xs, k);
		i = j;
	}
	if (cps != small_k) free(cps);
	if (xs != small_x) free(xs);
}

/* “label　第N页 共M页” under a plain page (a scorecard): a sheet that comes loose from the
 * others still says whose it is and how many belong with it.  Remembered here, drawn by
 * ly_number_pages when M is known. */
static void page_of(ly_doc *d, double y)
{
	GROW(d->page_of, d->npage_of, d->cap_page_of);
	d->page_of[d->npage_of++] = (struct ly_page_of){ .page = d->pages - 1, .no = d->page_no, .landscape = d->st.landscape,
		.left = d->st.left, .w = d->st.body_w, .y = y, .label = d->pg_label ? xstrdup(d->pg_label) : NULL };
}

/* Draws the remembered “第N页 共M页” labels, M the document's pages (or ly_page_total's
 * count), in the table font the pages' text uses. */
void ly_number_pages(ly_doc *d)
{
	int total = d->pg_total ? d->pg_total : d->pages;
	for (size_t i = 0; i < d->npage_of && !d->err; i++) {
		struct ly_page_of *p = &d->page_of[i];
		char *txt = xasprintf("%s%s第%d页 共%d页", p->label ? p->label : "", p->label ? "　" : "", p->no, total);
		pd_select(d->pd, p->page);
		pd_rotate(d->pd, 0);
		ly_text(d, FN_TABLE, LY_SIZE_5, PD_BLACK, txt, p->left, p->y, LY_CENTER, p->w, "页码");
		pd_rotate(d->pd, p->landscape);
		free(txt);
		free(p->label);
	}
	d->npage_of = 0;
	if (d->pages) pd_select(d->pd, d->pages - 1);
}

/* Draws the page number of the current page, in the sheet's portrait frame. */
static void page_number(ly_doc *d)
{
	if (d->st.pgnum == LY_PGNUM_NONE) return;
	if (d->st.pgnum == LY_PGNUM_OF) { page_of(d, body_bottom(d) + mm2pt(7)); return; }
	char buf[48];
	snprintf(buf, sizeof buf, "— %d —", d->page_no);
	double left = d->st.left, width = d->st.body_w, bottom = body_bottom(d);
	if (d->st.landscape) {                  /* the portrait 版心 behind the turned frame */
		left = d->st.top;
		width = d->st.body_h;
		bottom = d->st.width - d->st.left;
	}
	double gap = LY_SIZE_4;                 /* 1 字 of the 4号 number */
	double y = bottom + mm2pt(7);           /* the number's box starts 7 mm below the 版心 */
	ly_align al = d->st.pgnum == LY_PGNUM_CENTER ? LY_CENTER : d->page_no % 2 ? LY_RIGHT : LY_LEFT;
	ly_text(d, FN_PAGE, LY_SIZE_4, PD_BLACK, buf, left + gap, y, al, width - 2 * gap, "页码");
}

/* Remembers the style for the next page started. */
void ly_next_style(ly_doc *d, const ly_style *style)
{
	d->next = *style;
	d->has_next = 1;
}

/* Starts a page: style, number, frame. */
void ly_new_page(ly_doc *d, const ly_style *style, int restart)
{
	if (d->err) return;
	if (style) set_style(d, style);
	else if (d->has_next) set_style(d, &d->next);
	d->has_next = 0;
	if (d->pages >= LY_MAX_PAGES) {
		ly_fail(d, "文件超过 %d 页，停止排版（模板中的列表或表格是否重复展开？）", LY_MAX_PAGES);
		return;
	}
	if (d->st.landscape) pd_page(d->pd, d->st.height, d->st.width);
	else pd_page(d->pd, d->st.width, d->st.height);
	d->pages++;
	d->page_no = restart > 0 ? restart : d->page_no + 1;
	d->y = d->st.top;
	page_number(d);
	if (d->st.landscape) pd_rotate(d->pd, 1);
}

/* Opens the first page lazily; false once the document has failed. */
int ly_need_page(ly_doc *d)
{
	if (d->err) return 0;
	if (!d->pages) ly_new_page(d, NULL, 0);
	return !d->err;
}

/* Rounds the cursor up to the next grid line. */
void ly_snap(ly_doc *d)
{
	if (!d->st.grid) return;
	double k = ceil((d->y - d->st.top) / d->pitch - 1e-6);
	d->y = d->st.top + k * d->pitch;
}

/* Room for one line of the given size at the cursor; starts a new page when there is none.
 * Returns the top of the em box. */
static double line_slot(ly_doc *d, double size, double leading)
{
	if (d->st.grid) {
		ly_snap(d);
		if (d->y + LY_SIZE_3 > ly_bottom(d) + EPS) ly_new_page(d, NULL, 0);
		/* Larger or smaller text shares the body line's box bottom. */
		return d->y + LY_SIZE_3 - size;
	}
	if (d->y + leading > ly_bottom(d) + EPS) ly_new_page(d, NULL, 0);
	return d->y + (leading - size) / 2;
}

/* Advances the cursor past one line. */
static void line_done(ly_doc *d, double leading)
{
	d->y += d->st.grid ? d->pitch : leading;
}

/* The distance from one body line to the next. */
double ly_pitch(const ly_doc *d) { return d->pitch; }

/* Leaves n blank lines. */
void ly_skip_lines(ly_doc *d, double n)
{
	if (!ly_need_page(d)) return;
	ly_snap(d);
	d->y += n * d->pitch;
}

/* Draws one unbroken line of text in a box, aligned. */
double ly_text(ly_doc *d, fn_role role, double size, pd_rgb color, const char *text,
               double x, double y, ly_align align, double box_w, const char *where)
{
	ly_glyph *g = NULL;
	size_t n = 0, cap = 0;
	if (ly_shape(d, role, size, color, text, where, &g, &n, &cap) || !n) { free(g); return d->err ? -1 : 0; }
	double w = ly_width(g, 0, n, 0);
	double *xs = xmalloc(n * sizeof *xs);
	double pos = 0;
	for (size_t i = 0; i < n; i++) { xs[i] = pos; pos += g[i].g.adv + g[i].g.after; }
	double x0 = align == LY_CENTER ? x + (box_w - w) / 2 : align == LY_RIGHT ? x + box_w - w : x;
	ly_emit(d, g, 0, n, xs, x0, ly_baseline(d, g, y), 0, 1);
	free(xs);
	free(g);
	return w;
}

/* Shapes, breaks, justifies and places a paragraph, page by page. */
void ly_para(ly_doc *d, const ly_pstyle *ps, const ly_span *spans, size_t nspans)
{
	if (!ly_need_page(d)) return;
	double size = ps->size > 0 ? ps->size : LY_SIZE_3;
	double leading = ps->leading > 0 ? ps->leading : d->st.grid ? d->pitch : size * 1.5;
	/* On the grid, 3号 text is tracked onto the 字 pitch; other sizes keep their advance. */
	double track = d->st.grid && size == LY_SIZE_3 ? d->track : 0;
	double zi = d->st.grid && size == LY_SIZE_3 ? d->zi : size;
	ly_glyph *g = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < nspans; i++)
		if (ly_shape(d, spans[i].role, size, ps->color, spans[i].text, ps->where, &g, &n, &cap)) { free(g); return; }
	if (!n) { free(g); line_slot(d, size, leading); line_done(d, leading); return; }
	uint32_t *cps = xmalloc(n * sizeof *cps);
	for (size_t i = 0; i < n; i++) cps[i] = g[i].g.cp;
	char *brk = xmalloc(n);
	lb_opportunities(cps, n, brk);
	ly_space_scripts(d, g, n);
	/* A closing mark may give up its blank half to pull a line in (lb_break). */
	lb_glyph *lg = xmalloc(n * sizeof *lg);
	for (size_t i = 0; i < n; i++) {
		lg[i] = g[i].g;
		if (left_half(d, &g[i])) lg[i].shrink = g[i].g.adv - fn_advance(d->fs, g[i].face, FN_KEY(g[i].g.cp, FN_HALF), size);
	}
	double x_left = d->st.left + ps->left * zi;
	double measure = d->st.body_w - (ps->left + ps->right) * zi;
	double indent = ps->indent * zi;
	lb_line *lines;
	size_t nl = lb_break(lg, n, brk, track, measure - indent, measure, &lines);
	double *xs = xmalloc(n * sizeof *xs);
	for (size_t l = 0; l < nl && !d->err; l++) {
		lb_line *ln = &lines[l];
		double m = l ? measure : measure - indent, x0 = x_left + (l ? 0 : indent);
		int justify = ps->align == LY_JUSTIFY && !ln->forced;
		lb_place(lg, ln, track, m, justify, xs);
		if (ps->align == LY_CENTER) x0 += (m - ln->width) / 2;
		else if (ps->align == LY_RIGHT) x0 += m - ln->width;
		double top = line_slot(d, size, leading);
		for (size_t i = ln->start; ln->shrunk && i < ln->end; i++)
			if (lb_shrunk(lg, ln, i)) {
				g[i].pct = FN_HALF;
				g[i].g.adv = fn_advance(d->fs, g[i].face, FN_KEY(g[i].g.cp, FN_HALF), size);
			}
		if (ln->end > ln->start)
			ly_emit(d, g, ln->start, ln->end, xs, x0, ly_baseline(d, &g[ln->start], top), track, 1);
		line_done(d, leading);
	}
	free(xs);
	free(lines);
	free(lg);
	free(brk);
	free(cps);
	free(g);
}

/* A 正文 paragraph. */
void ly_body(ly_doc *d, const char *text)
{
	ly_pstyle ps = { .indent = 2, .where = "正文" };
	ly_span s = { FN_BODY, text };
	ly_para(d, &ps, &s, 1);
}

/* A single aligned line (wraps if too long). */
void ly_line(ly_doc *d, fn_role role, double size, ly_align align, const char *text)
{
	ly_pstyle ps = { .size = size, .align = align == LY_JUSTIFY ? LY_LEFT : align, .where = "文本行" };
	ly_span s = { role, text };
	ly_para(d, &ps, &s, 1);
}

/* The role of a heading level: 一、 黑体, （一） 楷体, 1. and （1） 仿宋. */
static fn_role heading_role(int level)
{
	return level == 1 ? FN_H1 : level == 2 ? FN_H2 : FN_BODY;
}

/* A heading paragraph in its level's font. */
void ly_heading(ly_doc *d, int level, const char *text)
{
	/* A heading never ends a page: it needs the line after it too. */
	if (ly_need_page(d) && d->st.grid) {
		ly_snap(d);
		if (d->y + d->pitch + LY_SIZE_3 > ly_bottom(d) + EPS) ly_new_page(d, NULL, 0);
	}
	ly_pstyle ps = { .indent = 2, .where = "标题层次" };
	ly_span s = { heading_role(level), text };
	ly_para(d, &ps, &s, 1);
}

/* A run-in heading followed by body text. */
void ly_heading_run(ly_doc *d, int level, const char *head, const char *text)
{
	ly_pstyle ps = { .indent = 2, .where = "正文" };
	ly_span s[2] = { { heading_role(level), head }, { FN_BODY, text } };
	ly_para(d, &ps, s, 2);
}

/* Draws 发文机关标志, 发文字号 and the red separator. */
void ly_gw_header(ly_doc *d, const char *mark, const char *docnum)
{
	if (!ly_need_page(d)) return;
	/* 标志: 小初 36 pt unless the line is too long, then compressed horizontally. */
	double size = 36;
	ly_glyph *g = NULL;
	size_t n = 0, cap = 0;
	if (ly_shape(d, FN_TITLE, size, PD_RED, mark, "发文机关标志", &g, &n, &cap) || !n) { free(g); return; }
	double w = ly_width(g, 0, n, 0), hscale = w > d->st.body_w ? d->st.body_w / w : 1;
	/* Narrower than half its width, a 标志 no longer reads as one. */
	if (hscale < 0.5) {
		ly_fail(d, "发文机关标志太长：压缩到一半宽度仍超出版心（%.0f pt，版心 %.0f pt），请缩短（method.ini 的 issuer_mark 或 issuer）",
		        w / 2, d->st.body_w);
		free(g);
		return;
	}
	double *xs = xmalloc(n * sizeof *xs), pos = 0;
	for (size_t i = 0; i < n; i++) { xs[i] = pos; pos += g[i].g.adv * hscale; }
	double top = d->st.top + mm2pt(35);
	ly_emit(d, g, 0, n, xs, d->st.left + (d->st.body_w - w * hscale) / 2, ly_baseline(d, g, top), 0, hscale);
	free(xs);
	free(g);
	/* 发文字号: two blank lines below the 标志, centred. */
	d->y = top + size;
	ly_snap(d);
	d->y += 2 * d->pitch;
	double ytop = line_slot(d, LY_SIZE_3, d->pitch);
	if (ly_text(d, FN_BODY, LY_SIZE_3, PD_BLACK, docnum, d->st.left, ytop, LY_CENTER, d->st.body_w, "发文字号") >
	    d->st.body_w + EPS)
		ly_fail(d, "发文字号太长，一行放不下（method.ini 的 doc_number）");
	/* Red separator 4 mm below the 字号, the 版心 wide. */
	double ry = ytop + LY_SIZE_3 + mm2pt(4);
	pd_line(d->pd, d->st.left, ry, d->st.left + d->st.body_w, ry, 1.0, PD_RED);
	/* The title goes two blank lines below the red line. */
	d->y = ry;
	ly_snap(d);
	d->y += 2 * d->pitch;
}

static double line_width(const ly_glyph *g, const double *pre, size_t s, size_t a, size_t b);

/* Good places to break a title: after 关于, 的, 和, 与, 及 and punctuation. */
static int good_break(const ly_glyph *g, size_t i)
{
	uint32_t c = g[i].g.cp;
	if (c == 0x7684 || c == 0x548C || c == 0x4E0E || c == 0x53CA || c == 0x3001 || c == 0xFF0C) return 1;
	return i >= 1 && g[i - 1].g.cp == 0x5173 && c == 0x4E8E;     /* 关于 */
}

/* A blank a title line does not show at its end. */
static int title_blank(uint32_t cp) { return cp == '\n' || cp == ' ' || cp == 0x3000; }

/* The title's line breaks in [s, pe): the fewest lines that fit W, balanced by dynamic
 * programming over the allowed breaks — the sum of squared differences from the mean
 * line width, plus a penalty for each break at a poor place — in O(breaks² × lines).
 * Widths are natural advances with the mixed-script space (titles are not tracked).
 * cuts[] gets where each line after the first starts; returns the number of lines, 0
 * when no break fits. */
static int balance(const ly_glyph *g, size_t s, size_t pe, const char *brk, double W, size_t *cuts)
{
	/* Points: where lines may start, then the end. */
	size_t np = 0, *pt = xmalloc((pe - s + 2) * sizeof *pt);
	pt[np++] = s;
	for (size_t k = s; k + 1 < pe; k++)
		if (brk[k] == LB_ALLOW) pt[np++] = k + 1;
	pt[np++] = pe;
	/* pre[i]: width of [s, i) with every glyph's space after it. */
	double *pre = xmalloc((pe - s + 1) * sizeof *pre);
	pre[0] = 0;
	for (size_t i = s; i < pe; i++) pre[i - s + 1] = pre[i - s] + g[i].g.adv + g[i].g.after;
	#define LINE_W(a, b) line_width(g, pre, s, pt[a], pt[b])
	double total = LINE_W(0, np - 1), pen = g[s].size * 1.5;
	int lines = (int)ceil(total / W - 1e-9), found = 0;
	if (lines < 1) lines = 1;
	double *cost = xmalloc((size_t)np * sizeof *cost), *next = xmalloc((size_t)np * sizeof *next);
	size_t *from = xmalloc((size_t)np * 40 * sizeof *from);
	for (; !found && lines <= 40 && lines < (int)np; lines++) {
		double mean = total / lines;
		for (size_t b = 0; b < np; b++) cost[b] = b == 0 ? 0 : 1e300;
		for (int l = 1; l <= lines; l++) {
			for (size_t b = 0; b < np; b++) {
				next[b] = 1e300;
				if (b == 0 || (l == lines && b != np - 1) || (l < lines && b == np - 1)) continue;
				for (size_t a = 0; a < b; a++) {
					if (cost[a] >= 1e300) continue;
					double w = LINE_W(a, b);
					if (w > W + EPS) continue;
					double c = cost[a] + (w - mean) * (w - mean) + (b < np - 1 && !good_break(g, pt[b] - 1) ? pen * pen : 0);
					if (c < next[b]) { next[b] = c; from[(size_t)(l - 1) * np + b] = a; }
				}
			}
			memcpy(cost, next, np * sizeof *cost);
		}
		if (cost[np - 1] < 1e300) {
			found = lines;
			size_t b = np - 1;
			for (int l = lines; l > 1; l--) {
				b = from[(size_t)(l - 1) * np + b];
				cuts[l - 2] = pt[b];
			}
		}
	}
	#undef LINE_W
	free(cost);
	free(next);
	free(from);
	free(pre);
	free(pt);
	return found;
}

/* Width of the title line [a, b): its glyphs and the spaces between them, trailing blanks
 * and the last glyph's space left out. */
static double line_width(const ly_glyph *g, const double *pre, size_t s, size_t a, size_t b)
{
	while (b > a && title_blank(g[b - 1].g.cp)) b--;
	if (b == a) return 0;
	return pre[b - s] - pre[a - s] - g[b - 1].g.after;
}

/* Sets the 公文 title in balanced centred lines. */
void ly_gw_title(ly_doc *d, const char *title)
{
	if (!ly_need_page(d)) return;
	/* Strip the { } that protect names, numbering each group: a title never breaks
	 * inside one, but may between two that touch ({窗口、分中心}{考绩评价}). */
	strbuf plain = {0};
	int *group = xcalloc(strlen(title) + 1, sizeof *group);
	size_t nchars = 0;
	int depth = 0, groups = 0, cur = 0;
	for (const char *p = title, *end = title + strlen(title); p < end; ) {
		const char *at = p;
		int32_t cp = utf8_next(&p, end);
		if (cp == '{') { if (!depth++) cur = ++groups; continue; }
		if (cp == '}') { if (depth && !--depth) cur = 0; continue; }
		sb_add(&plain, at, (size_t)(p - at));
		group[nchars++] = cur;
	}
	ly_glyph *g = NULL;
	size_t n = 0, cap = 0;
	double size = LY_SIZE_2;
	if (ly_shape(d, FN_TITLE, size, PD_BLACK, plain.s ? plain.s : "", "公文标题", &g, &n, &cap) || !n) goto out;
	uint32_t *cps = xmalloc(n * sizeof *cps);
	for (size_t i = 0; i < n; i++) cps[i] = g[i].g.cp;
	char *brk = xmalloc(n);
	lb_opportunities(cps, n, brk);
	for (size_t i = 0; i + 1 < n; i++)
		if (group[i] && group[i] == group[i + 1]) brk[i] = LB_NO;
	ly_space_scripts(d, g, n);
	double W = d->st.body_w;
	/* Lines: split at forced breaks, balance each piece. */
	size_t *cuts = xmalloc((n + 1) * sizeof *cuts), ncuts = 0;
	size_t s = 0;
	for (size_t i = 0; i < n; i++)
		if (brk[i] == LB_MUST) {
			size_t e = i + 1, pe = cps[i] == '\n' ? i : e;
			if (pe > s) {
				int lines = balance(g, s, pe, brk, W, cuts + ncuts);
				if (lines > 1) ncuts += (size_t)lines - 1;
			}
			cuts[ncuts++] = e;
			s = e;
		}
	double *xs = xmalloc(n * sizeof *xs);
	s = 0;
	for (size_t c = 0; c < ncuts; c++) {
		size_t e = cuts[c], pe = e;
		while (pe > s && title_blank(cps[pe - 1])) pe--;
		double w = 0, pos = 0;
		for (size_t i = s; i < pe; i++) {
			xs[i - s] = pos;
			pos += g[i].g.adv + (i + 1 < pe ? g[i].g.after : 0);
			w = pos;
		}
		double top = line_slot(d, size, d->pitch);
		if (pe > s) ly_emit(d, g, s, pe, xs, d->st.left + (W - w) / 2, ly_baseline(d, &g[s], top), 0, 1);
		line_done(d, d->pitch);
		s = e;
	}
	free(xs);
	free(cuts);
	free(brk);
	free(cps);
out:
	free(g);
	free(group);
	free(plain.s);
}

/* Sets the 主送机关 line one blank line below the title. */
void ly_gw_addressee(ly_doc *d, const char *text)
{
	if (!ly_need_page(d)) return;
	ly_skip_lines(d, 1);
	ly_pstyle ps = { .align = LY_JUSTIFY, .where = "主送机关" };
	ly_span s = { FN_BODY, text };
	ly_para(d, &ps, &s, 1);
}

/* Sets the 附件说明 lines. */
void ly_gw_attach_note(ly_doc *d, const char *const *names, size_t n)
{
	if (!ly_need_page(d) || !n) return;
	ly_skip_lines(d, 1);
	for (size_t i = 0; i < n && !d->err; i++) {
		char *txt = n == 1 ? xasprintf("附件：%s", names[0])
		                   : xasprintf("%s%zu. %s", i ? "" : "附件：", i + 1, names[i]);
		/* Later items line up under the first item's number: 2 字 + “附件：” (3 字). */
		ly_pstyle ps = { .indent = i ? 0 : -3, .left = 5, .where = "附件说明" };
		ly_span s = { FN_BODY, txt };
		ly_para(d, &ps, &s, 1);
		free(txt);
	}
}

/* Sets 署名 and 成文日期 (no seal) per GB/T 9704 7.3.5.2. */
void ly_gw_signature(ly_doc *d, const char *signer, int year, int month, int day)
{
	if (!ly_need_page(d)) return;
	char date[32];
	ly_date(date, year, month, day);
	ly_glyph *g = NULL;
	size_t n = 0, cap = 0;
	if (ly_shape(d, FN_BODY, LY_SIZE_3, PD_BLACK, signer, "发文机关署名", &g, &n, &cap)) { free(g); return; }
	size_t ns = n;
	if (ly_shape(d, FN_BODY, LY_SIZE_3, PD_BLACK, date, "成文日期", &g, &n, &cap)) { free(g); return; }
	double sw = ly_width(g, 0, ns, d->track), dw = ly_width(g, ns, n, d->track);
	double right = d->st.left + d->st.body_w - 2 * d->zi;   /* 右空二字 */
	double sx, dx;
	if (dw > sw - 2 * d->zi) {          /* date would stick out: it gets the 2 字 margin */
		dx = right - dw;
		sx = dx - 2 * d->zi;
	} else {                            /* date starts 2 字 right of the signer */
		sx = right - sw;
		dx = sx + 2 * d->zi;
	}
	if (sx < d->st.left - EPS) {
		ly_fail(d, "发文机关署名太长，一行放不下（右空二字）：“%s”", signer);
		free(g);
		return;
	}
	ly_skip_lines(d, 1);
	/* Keep the pair together on one page. */
	if (d->st.grid && d->y + d->pitch + LY_SIZE_3 > ly_bottom(d) + EPS) ly_new_page(d, NULL, 0);
	double *xs = xmalloc(n * sizeof *xs);
	for (int part = 0; part < 2; part++) {
		size_t s = part ? ns : 0, e = part ? n : ns;
		double pos = 0;
		for (size_t i = s; i < e; i++) { xs[i - s] = pos; pos += g[i].g.adv + d->track + g[i].g.after; }
		double top = line_slot(d, LY_SIZE_3, d->pitch);
		if (e > s) ly_emit(d, g, s, e, xs, part ? dx : sx, ly_baseline(d, &g[s], top), d->track, 1);
		line_done(d, d->pitch);
	}
	free(xs);
	free(g);
}

/* Starts an 附件 page with its label and title. */
void ly_gw_attachment(ly_doc *d, int num, const char *title)
{
	if (d->err) return;
	ly_new_page(d, NULL, 0);
	char buf[32];
	if (num > 0) snprintf(buf, sizeof buf, "附件%d", num);
	else snprintf(buf, sizeof buf, "附件");
	ly_pstyle ps = { .align = LY_LEFT, .where = "附件标识" };
	ly_span s = { FN_H1, buf };
	ly_para(d, &ps, &s, 1);
	ly_skip_lines(d, 1);
	if (title && *title) {
		ly_gw_title(d, title);
		ly_skip_lines(d, 1);            /* one empty line between the title and what follows */
	}
}

/* Sets the 版记 on the bottom of the last page's 版心. */
void ly_gw_colophon(ly_doc *d, const char *cc, const char *printer, int year, int month, int day)
{
	if (!ly_need_page(d)) return;
	double size = LY_SIZE_4, gap = LY_SIZE_4, rowh = d->pitch;
	double bottom = body_bottom(d);
	int rows = cc && *cc ? 2 : 1;
	/* Measure the 抄送 text: it may wrap (hanging under the first name). */
	ly_glyph *g = NULL;
	size_t n = 0, cap = 0;
	lb_line *lines = NULL;
	size_t nl = 0;
	/* “抄送：…。”: the list ends with a full stop (GB/T 9704 7.4.2), whether or not it was typed. */
	size_t cl = cc ? strlen(cc) : 0;
	int stop = cl >= 3 && !strcmp(cc + cl - 3, "。");
	char *cctext = cl ? xasprintf("抄送：%s%s", cc, stop ? "" : "。") : NULL;
	double W = d->st.body_w - 2 * gap, hang = 0;
	if (cctext) {
		if (ly_shape(d, FN_BODY, size, PD_BLACK, cctext, "版记抄送", &g, &n, &cap)) goto out;
		hang = ly_width(g, 0, 3, 0);
		uint32_t *cps = xmalloc(n * sizeof *cps);
		lb_glyph *lg = xmalloc(n * sizeof *lg);
		for (size_t i = 0; i < n; i++) { cps[i] = g[i].g.cp; lg[i] = g[i].g; }
		char *brk = xmalloc(n);
		lb_opportunities(cps, n, brk);
		nl = lb_break(lg, n, brk, 0, W, W - hang, &lines);
		free(brk);
		free(cps);
		free(lg);
		rows = 1 + (int)nl;
	}
	double need = rows * rowh;
	ly_snap(d);
	if (d->y > bottom - need - EPS) ly_new_page(d, NULL, 0);
	if (d->err) goto out;
	double x0 = d->st.left, x1 = d->st.left + d->st.body_w;
	double first = bottom - need;
	/* Rules: first and last 0.35 mm, the ones between 0.25 mm. */
	pd_line(d->pd, x0, first, x1, first, mm2pt(0.35), PD_BLACK);
	pd_line(d->pd, x0, bottom, x1, bottom, mm2pt(0.35), PD_BLACK);
	if (cctext) {
		double *xs = xmalloc(n * sizeof *xs);
		lb_glyph *lg = xmalloc(n * sizeof *lg);
		for (size_t i = 0; i < n; i++) lg[i] = g[i].g;
		for (size_t l = 0; l < nl; l++) {
			double m = l ? W - hang : W;
			lb_place(lg, &lines[l], 0, m, !lines[l].forced, xs);
			double top = first + l * rowh + (rowh - size) / 2;
			ly_emit(d, g, lines[l].start, lines[l].end, xs, x0 + gap + (l ? hang : 0),
			        ly_baseline(d, &g[lines[l].start], top), 0, 1);
		}
		free(lg);
		free(xs);
		double mid = bottom - rowh;
		pd_line(d->pd, x0, mid, x1, mid, mm2pt(0.25), PD_BLACK);
	}
	char date[48], dbuf[32];
	snprintf(date, sizeof date, "%s印发", ly_date(dbuf, year, month, day));
	double top = bottom - rowh + (rowh - size) / 2;
	double pw = ly_text(d, FN_BODY, size, PD_BLACK, printer, x0 + gap, top, LY_LEFT, 0, "版记印发机关");
	double dw = ly_text(d, FN_BODY, size, PD_BLACK, date, x0 + gap, top, LY_RIGHT, W, "版记印发日期");
	/* The two share the line with at least one 字 between them. */
	if (pw + dw + size > W + EPS)
		ly_fail(d, "版记的印发机关太长，与印发日期放不进一行：“%s”（method.ini 的 printer 或 issuer）", printer);
	d->y = bottom;
out:
	free(lines);
	free(g);
	free(cctext);
}

/* The cursor position on the current page. */
double ly_cursor(const ly_doc *d) { return d->y; }

/* Moves the cursor to y (pt from the page top). */
void ly_set_cursor(ly_doc *d, double y)
{
	if (!ly_need_page(d)) return;
	d->y = y < d->st.top ? d->st.top : y;
}

/* Measures text in a role, checking every character has a font. */
double ly_measure(ly_doc *d, fn_role role, double size, const char *text)
{
	ly_glyph *g = NULL;
	size_t n = 0, cap = 0;
	double w = ly_shape(d, role, size, PD_BLACK, text, "测量文本", &g, &n, &cap) ? -1 : ly_width(g, 0, n, 0);
	free(g);
	return w;
}

/* Public wrapper of ly_text for free placement. */
void ly_text_at(ly_doc *d, fn_role role, double size, pd_rgb color, const char *text,
                double x, double y, ly_align align, double w)
{
	if (ly_need_page(d)) ly_text(d, role, size, color, text, x, y, align, w, "定位文本");
}

/* Draws a rule across the 版心 at the cursor. */
void ly_rule(ly_doc *d, double width, pd_rgb color)
{
	if (!ly_need_page(d)) return;
	d->y += width / 2;
	pd_line(d->pd, d->st.left, d->y, d->st.left + d->st.body_w, d->y, width, color);
	d->y += width / 2 + 2;
}

/* Writes the PDF, or returns the first layout error. */
int ly_save(ly_doc *d, const char *path, const pd_meta *meta, char **err)
{
	if (!d->pages) ly_new_page(d, NULL, 0);
	ly_number_pages(d);
	if (d->err) { *err = xstrdup(d->err); return EXIT_DATAERR; }
	return pd_save(d->pd, path, meta, err);
}
