/* render.c — template blocks → layout calls. The directives are listed in templates/README.md. */
#include "doc/render.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/util.h"

/* A date left for the pen: only spaces and 年, 月, 日 ("    年  月  日", trimmed or not). */
static int blank_date(const char *s)
{
	int unit = 0;
	for (const char *p = s; *p;) {
		if (*p == ' ') { p++; continue; }
		if (!strncmp(p, "年", 3) || !strncmp(p, "月", 3) || !strncmp(p, "日", 3)) { p += 3; unit++; continue; }
		return 0;
	}
	return unit == 3;
}

void doc_table(ly_doc *d, ly_table *t, char **cells)
{
	t->cells = (const char *const *)cells;
	if (t->nrows > t->header_rows) ly_table_add(d, t);
	for (size_t i = 0; i < t->nrows * t->ncols; i++) free(cells[i]);
}

ly_style doc_page_style(const tpl_doc *t)
{
	for (size_t i = 0; i < t->n; i++) {
		const tpl_block *b = &t->blocks[i];
		if (b->kind != TB_DIRECTIVE || strcmp(b->name, "页面") || b->nargs < 1) continue;
		if (!strcmp(b->args[0], "普通")) return ly_style_plain(15, LY_PGNUM_NONE);
		if (!strcmp(b->args[0], "普通带页码")) return ly_style_plain(15, LY_PGNUM_CENTER);
		if (!strcmp(b->args[0], "普通带页数")) return ly_style_plain(15, LY_PGNUM_OF);
	}
	return ly_style_gongwen();
}

/* Argument i of a directive, "" when absent. */
static const char *arg(const tpl_block *b, int i) { return i < b->nargs ? b->args[i] : ""; }

/* Reports a directive's error at its template line. */
static int bad(const tpl_doc *t, const tpl_block *b, const char *msg, const char *what)
{
	diag_error(t->path, b->line, 1, "@%s：%s%s", b->name, msg, what ? what : "");
	return -1;
}

/* A date argument → y/m/d (y = 0: left blank in a draft), reporting when malformed. */
static int date_arg(const tpl_doc *t, const tpl_block *b, int i, int *y, int *m, int *d)
{
	int pd = date_parse(arg(b, i), y, m, d);
	if (pd == 0) return 0;
	if (blank_date(arg(b, i))) { *y = *m = *d = 0; return 0; }
	char what[160];
	if (pd == -2) {
		snprintf(what, sizeof what, "%d年%d月只有%d天，实际是“%s”", *y, *m, date_month_days(*y, *m), arg(b, i));
		return bad(t, b, "没有这一天：", what);
	}
	snprintf(what, sizeof what, "“%s”（请在 method.ini 中设置对应日期，如 issue_date = 2023-01-16）", arg(b, i));
	return bad(t, b, "日期应写成 2023-01-16，实际是", what);
}

/* Splits "1. 名称" style lists given as arguments into an array. */
static int attach_note(ly_doc *d, const tpl_block *b)
{
	const char **names = xcalloc((size_t)b->nargs + 1, sizeof *names);
	size_t n = 0;
	for (int i = 0; i < b->nargs; i++)
		if (b->args[i][0]) names[n++] = b->args[i];
	ly_gw_attach_note(d, names, n);
	free(names);
	return 0;
}

/* Size keyword of @行 and friends: 二号, 三号, 四号, 小四, 五号 (default 三号). */
static double size_of(const char *s)
{
	static const struct { const char *name; double pt; } sizes[] = {
		{ "二号", LY_SIZE_2 }, { "小二", LY_SIZE_S2 }, { "三号", LY_SIZE_3 }, { "小三", LY_SIZE_S3 },
		{ "四号", LY_SIZE_4 }, { "小四", LY_SIZE_S4 }, { "五号", LY_SIZE_5 },
	};
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
		if (!strcmp(s, sizes[i].name)) return sizes[i].pt;
	return 0;
}

/* The role of running text (@行, @居中, @右对齐, @小段).  A 公文 page must be set in 仿宋
 * (正文); a plain page (考绩单) is not a 公文 and uses the table font, which it embeds anyway
 * for its tables: one font fewer per file, and the free stand-ins differ a lot in size
 * (WenQuanYi Micro Hei about 60 bytes per compressed glyph against 190 for AR PL UMing). */
static fn_role text_role(const tpl_doc *t)
{
	return doc_page_style(t).grid ? FN_BODY : FN_TABLE;
}

/* The text of the template's @页脚 (the label of “第N页 共M页”), "" when it has none. */
static const char *footer(const tpl_doc *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->blocks[i].kind == TB_DIRECTIVE && !strcmp(t->blocks[i].name, "页脚") && t->blocks[i].nargs)
			return t->blocks[i].args[0];
	return "";
}

/* 署名 and 成文日期 on a plain page (a 考绩单, not a 公文): one line at the right, in the
 * page's text font and the given size, and unspaced — a 署名 is printed as the organ writes
 * its name (“XX区政务服务中心”), as ly_gw_signature does on a 公文 page. */
static void plain_signature(ly_doc *d, const tpl_doc *t, const char *signer, int y, int m, int dd, double size)
{
	char date[32];
	char *line = xasprintf("%s　%s", signer, ly_date(date, y, m, dd));
	double em = ly_mixed_space(d);
	ly_set_mixed_space(d, 0);
	ly_line(d, text_role(t), size, LY_RIGHT, line);
	ly_set_mixed_space(d, em);
	free(line);
}

/* What one layout pass of a template needs besides its blocks. */
typedef struct {
	const tpl_doc *t;
	const doc_parts *parts;
	int attachments;                /* @附件 blocks: one is “附件”, unnumbered */
	const char *brk;                /* per block: start a new page before it (from an earlier pass) */
	int cut_page;                   /* a page to end early (ly_cut_page), 0 = none */
	double cut_y;
} pass;

/* A title, with “（草稿）” after it when the document printed a blank for a missing setting. */
static char *title_text(const tpl_doc *t, const char *title)
{
	return xasprintf("%s%s", title, t->nmissing ? "（草稿）" : "");
}

/* @标题: "\n" typed in the template forces the line break where the clerk wants it. */
static void title_directive(ly_doc *d, const tpl_doc *t, const char *arg0)
{
	strbuf tb = {0};
	for (const char *p = arg0; *p; p++)
		if (p[0] == '\\' && p[1] == 'n') { sb_puts(&tb, "\n"); p++; } else sb_add(&tb, p, 1);
	char *title = title_text(t, tb.s ? tb.s : "");
	ly_gw_title(d, title);
	free(title);
	free(tb.s);
}

/* @表格 / @图表: the named part, or an error listing the parts this document has. */
static int part_directive(ly_doc *d, const tpl_doc *t, const tpl_block *b, const doc_parts *parts)
{
	for (size_t i = 0; parts && i < parts->nparts; i++)
		if (!strcmp(parts->parts[i].name, arg(b, 0))) { parts->parts[i].add(d, parts->data); return 0; }
	strbuf names = {0};
	for (size_t i = 0; parts && i < parts->nparts; i++) sb_printf(&names, "%s%s", i ? "、" : "", parts->parts[i].name);
	char what[512];
	snprintf(what, sizeof what, "“%s”（这份文件可用：%s）", arg(b, 0), names.s ? names.s : "无");
	free(names.s);
	return bad(t, b, "没有这个表格或图表", what);
}

/* The page of the 版记: the last one, which practice makes even (封四), upright after a
 * turned 附件.  A blank page that makes it even, and the 版记 page after it, carry no page
 * number (GB/T 9704 7.5). */
static void colophon_page(ly_doc *d)
{
	ly_style gw = ly_style_gongwen(), bare = gw;
	bare.pgnum = LY_PGNUM_NONE;
	int pages = ly_page_count(d);
	if (pages && ly_page_style(d)->landscape) {
		if ((pages + 1) % 2 == 0) { ly_new_page(d, &gw, 0); return; }
		ly_new_page(d, &bare, 0);
		ly_new_page(d, &bare, 0);
	} else if (pages % 2)
		ly_new_page(d, &gw, 0);
}

/* The next name of a list of organs (“区委办公室，区政府办公室、…”): its length in bytes,
 * *sep the bytes of the separator after it (，、：。 or none). */
static size_t organ(const char *p, size_t *sep)
{
	static const char *const seps[] = { "，", "、", "：", "。", "；" };
	for (size_t n = 0; p[n]; n++)
		for (size_t k = 0; k < sizeof seps / sizeof *seps; k++)
			if (!strncmp(p + n, seps[k], strlen(seps[k]))) { *sep = strlen(seps[k]); return n; }
	*sep = 0;
	return strlen(p);
}

/* Is `name` (len bytes) one of the organs the document's @主送 names? */
static int addressed(const tpl_doc *t, const char *name, size_t len)
{
	for (size_t i = 0; i < t->n; i++) {
		const tpl_block *b = &t->blocks[i];
		if (b->kind != TB_DIRECTIVE || strcmp(b->name, "主送")) continue;
		size_t sep;
		for (const char *p = arg(b, 0); *p; p += sep) {
			size_t n = organ(p, &sep);
			if (n == len && !strncmp(p, name, len)) return 1;
			p += n;
		}
	}
	return 0;
}

/* The 抄送 of the 版记 without the organs the document is addressed to: 抄送机关 are the
 * others that are to know of it (GB/T 9704 7.4.2), so one method.ini cc serves a notice
 * addressed to the windows and a 通知 addressed to the 区纪委区监委 as well. */
static char *cc_others(const tpl_doc *t, const char *cc)
{
	strbuf b = {0};
	size_t sep;
	const char *last_sep = "";
	size_t last_len = 0;
	for (const char *p = cc; *p; p += sep) {
		size_t n = organ(p, &sep);
		if (n && !addressed(t, p, n)) {
			if (b.len) sb_add(&b, last_sep, last_len);
			sb_add(&b, p, n);
		}
		/* the separator that followed a name joins it to the next one kept */
		if (sep && strncmp(p + n, "。", sep)) { last_sep = p + n; last_len = sep; }
		p += n;
	}
	return b.s ? sb_take(&b) : xstrdup("");
}

/* One directive. */
static int directive(ly_doc *d, const pass *ps, const tpl_block *b)
{
	const tpl_doc *t = ps->t;
	const char *n = b->name;
	int y, m, dd;
	if (!strcmp(n, "页面")) return 0;                         /* read by doc_page_style */
	if (!strcmp(n, "版头")) { ly_gw_header(d, arg(b, 0), arg(b, 1)); return 0; }
	if (!strcmp(n, "标题")) { title_directive(d, t, arg(b, 0)); return 0; }
	if (!strcmp(n, "主送")) { ly_gw_addressee(d, arg(b, 0)); return 0; }
	if (!strcmp(n, "附件说明")) return attach_note(d, b);
	if (!strcmp(n, "署名")) {
		if (date_arg(t, b, 1, &y, &m, &dd)) return -1;
		/* A missing 署名 keeps its room on the line (8 字) for the pen. */
		const char *signer = arg(b, 0)[0] ? arg(b, 0) : "　　　　　　　　";
		if (!doc_page_style(t).grid) plain_signature(d, t, signer, y, m, dd, size_of(arg(b, 2)));
		else ly_gw_signature(d, signer, y, m, dd);
		return 0;
	}
	if (!strcmp(n, "页脚")) { ly_page_label(d, arg(b, 0)); return 0; }
	if (!strcmp(n, "附件")) {
		if (!strcmp(arg(b, 2), "横排")) {
			ly_style land = ly_style_gongwen_landscape();
			ly_next_style(d, &land);
		}
		/* GB/T 9704 7.3.7: a single attachment is “附件”, without a number. */
		ly_gw_attachment(d, ps->attachments > 1 ? atoi(arg(b, 0)) : 0, arg(b, 1));
		return 0;
	}
	if (!strcmp(n, "版记")) {
		if (date_arg(t, b, 2, &y, &m, &dd)) return -1;
		colophon_page(d);
		char *cc = cc_others(t, arg(b, 0));
		ly_gw_colophon(d, cc[0] ? cc : NULL, arg(b, 1), y, m, dd);
		free(cc);
		return 0;
	}
	if (!strcmp(n, "分页")) {
		/* "@分页 公文" returns to the upright 公文 page after a turned one (for the 版记). */
		ly_style gw = ly_style_gongwen();
		ly_new_page(d, !strcmp(arg(b, 0), "公文") ? &gw : NULL, 0);
		return 0;
	}
	if (!strcmp(n, "中西文间距")) {
		/* The space between Hanzi and Latin letters or digits, in 字 (0 = none). */
		char *end = NULL;
		double em = strtod(arg(b, 0), &end);
		if (!arg(b, 0)[0] || *end || !(em >= 0 && em <= 0.5)) {
			char what[160];
			snprintf(what, sizeof what, "“%s”", arg(b, 0));
			return bad(t, b, "应写 0 到 0.5 之间的字数（如 0.25），实际是", what);
		}
		ly_set_mixed_space(d, em);
		return 0;
	}
	if (!strcmp(n, "空行")) {
		/* A finite number of lines that fits a page (0–22): nan or −30 would move the cursor
		 * off the page or past every check. */
		double lines = 1;
		if (b->nargs && b->args[0][0]) {
			char *end;
			lines = strtod(b->args[0], &end);
			if (*end || !(lines >= 0 && lines <= 22)) {
				char what[160];
				snprintf(what, sizeof what, "“%s”", b->args[0]);
				return bad(t, b, "行数应为 0 到 22 之间的数，实际是", what);
			}
		}
		ly_skip_lines(d, lines);
		return 0;
	}
	if (!strcmp(n, "大标题")) {
		char *title = title_text(t, arg(b, 0));
		ly_line(d, FN_TITLE, LY_SIZE_S2, LY_CENTER, title);
		free(title);
		return 0;
	}
	if (!strcmp(n, "居中") || !strcmp(n, "行") || !strcmp(n, "右对齐")) {
		ly_align al = !strcmp(n, "居中") ? LY_CENTER : !strcmp(n, "行") ? LY_LEFT : LY_RIGHT;
		ly_line(d, text_role(t), size_of(arg(b, 1)), al, arg(b, 0));
		return 0;
	}
	if (!strcmp(n, "小段")) {
		ly_pstyle pst = { .size = LY_SIZE_5, .indent = 2, .where = "说明" };
		ly_span sp = { text_role(t), arg(b, 0) };
		ly_para(d, &pst, &sp, 1);
		return 0;
	}
	if (!strcmp(n, "表格") || !strcmp(n, "图表")) return part_directive(d, t, b, ps->parts);
	return bad(t, b, "不认识的指令（可用的指令见 templates/README.md）", NULL);
}

/* The size of the text a block sets as a paragraph of its own (body text, @小段, @行, @居中,
 * @右对齐), 0 for any other block. */
static double para_size(const tpl_block *b)
{
	if (b->kind == TB_PARA) return LY_SIZE_3;
	if (b->kind != TB_DIRECTIVE) return 0;
	if (!strcmp(b->name, "小段")) return LY_SIZE_5;
	if (!strcmp(b->name, "行") || !strcmp(b->name, "居中") || !strcmp(b->name, "右对齐")) {
		double pt = size_of(arg(b, 1));
		return pt > 0 ? pt : LY_SIZE_3;
	}
	return 0;
}

/* Is block i a table or chart directive? */
static int is_part(const tpl_doc *t, size_t i)
{
	const tpl_block *b = &t->blocks[i];
	return i < t->n && b->kind == TB_DIRECTIVE && (!strcmp(b->name, "表格") || !strcmp(b->name, "图表"));
}

/* Where a paragraph went: its first and last page and the cursor before and after it. */
typedef struct {
	size_t block;                   /* SIZE_MAX: none yet */
	int page0, page1;
	double y0, y1;
	double pitch, top, bottom;      /* its line pitch and its page's 版心 top and bottom */
	int grid;                       /* its lines sit on the 公文 grid */
} para_span;

/* Lines of a paragraph on its last page. */
static int last_lines(const para_span *p)
{
	return (int)((p->y1 - (p->page0 == p->page1 ? p->y0 : p->top)) / p->pitch + 1e-6);
}

/* What a pass found wrong with its pages: a heading left behind by the table or chart it
 * introduces, or a 署名 on a page without body text. */
typedef struct {
	size_t stranded;                /* first heading of a stranded run, SIZE_MAX: none */
	int orphan;                     /* the 署名 stands without text */
	para_span last;                 /* the paragraph before the 署名 */
} findings;

/* Where a pass stood before a block: the layout and what it had found so far. */
typedef struct {
	ly_mark *at;                    /* NULL: not taken, or no longer valid */
	int heads_page;
	size_t heads;
	para_span cur;
	findings f;
} resume_t;

/* Lays out the blocks once with the fixes of earlier passes, noting what went wrong:
 * from block `from` on, d and the findings taken back to marks[from] (an earlier pass
 * that differed only after it).  With marks, each block's starting point is kept. */
static int render_pass(ly_doc *d, const pass *ps, findings *f, resume_t *marks, size_t from)
{
	const tpl_doc *t = ps->t;
	int rc = 0, heads_page = 0;
	size_t heads = SIZE_MAX;                /* first heading of the run just drawn */
	para_span cur = { .block = SIZE_MAX };
	f->stranded = SIZE_MAX;
	f->orphan = 0;
	f->last = cur;
	if (from) {
		resume_t *r = &marks[from];
		ly_resume(d, r->at);
		heads_page = r->heads_page;
		heads = r->heads;
		cur = r->cur;
		*f = r->f;
	}
	if (ps->cut_page) ly_cut_page(d, ps->cut_page, ps->cut_y);
	for (size_t i = from; i < t->n; i++) {
		const tpl_block *b = &t->blocks[i];
		if (marks && i > from) {
			resume_t *r = &marks[i];
			ly_mark_free(r->at);
			*r = (resume_t){ ly_mark_here(d), heads_page, heads, cur, *f };
		}
		if (ps->brk && ps->brk[i]) ly_new_page(d, NULL, 0);
		int page0 = ly_page_count(d);
		double y0 = ly_cursor(d);
		switch (b->kind) {
		case TB_PARA: ly_body(d, b->args[0]); break;
		case TB_HEADING: ly_heading(d, b->level, b->args[0]); break;
		case TB_DIRECTIVE: if (directive(d, ps, b)) rc = -1; break;
		}
		if (b->kind == TB_HEADING) {
			if (heads == SIZE_MAX) heads = i;
			heads_page = ly_page_count(d);
			continue;
		}
		/* A heading over a table or chart must stand on the page where its first rows do. */
		if (heads != SIZE_MAX && is_part(t, i) && ly_block_page(d) > heads_page && f->stranded == SIZE_MAX)
			f->stranded = heads;
		heads = SIZE_MAX;
		double size = para_size(b);
		if (size > 0) {
			/* Off the grid a paragraph's lines are 1.5 × its size apart (ly_para). */
			ly_style st = doc_page_style(t);
			cur = (para_span){ i, page0 ? page0 : 1, ly_page_count(d), y0, ly_cursor(d),
				st.grid ? ly_pitch(d) : size * 1.5, st.top, st.top + st.body_h, st.grid };
			/* A heading goes with the paragraph it introduces. */
			if (i > 0 && t->blocks[i - 1].kind == TB_HEADING) cur.block = i - 1;
		}
		/* The 署名 needs 2 lines of the text above it on its page. */
		if (b->kind == TB_DIRECTIVE && !strcmp(b->name, "署名") && cur.block != SIZE_MAX &&
		    (ly_page_count(d) > cur.page1 || (cur.page0 < cur.page1 && last_lines(&cur) < 2))) {
			f->orphan = 1;
			f->last = cur;
		}
	}
	return rc;
}

int doc_render(ly_doc *d, const tpl_doc *t, const doc_parts *parts, const doc_fixes *fx)
{
	pass ps = { .t = t, .parts = parts, .brk = fx ? fx->brk : NULL };
	for (size_t i = 0; i < t->n; i++)
		if (t->blocks[i].kind == TB_DIRECTIVE && !strcmp(t->blocks[i].name, "附件")) ps.attachments++;
	/* Its own first page, numbered 1 of fx->pages, with its footer's label. */
	ly_style st = doc_page_style(t);
	ly_page_label(d, footer(t));
	ly_page_total(d, fx ? fx->pages : 0);
	ly_new_page(d, &st, 1);
	/* The page doc_layout cut, counted from this document's first page. */
	if (fx && fx->cut_page) {
		ps.cut_page = ly_page_count(d) - 1 + fx->cut_page;
		ps.cut_y = fx->cut_y;
	}
	findings f;
	return render_pass(d, &ps, &f, NULL, 0);
}

void doc_fixes_free(doc_fixes *fx)
{
	free(fx->brk);
	memset(fx, 0, sizeof *fx);
}

/* The fix for a 署名 without 2 lines of text on its page: carry the last 2 lines of the
 * paragraph before it over (cut the paragraph's last page 2 lines early) when a line stays
 * behind (with its heading, if any), or the line before a lone last line; else the whole
 * paragraph and its heading move.  Returns 0 when nothing can be done. */
static int fix_orphan(const findings *f, pass *ps, char *brk)
{
	const para_span *p = &f->last;
	int lines = last_lines(p);
	if (ps->cut_page) {
		/* already cut once: move the whole paragraph */
	} else if (lines == 1 && p->page0 < p->page1) {
		/* One line over: one more joins it (the last line of the page before).  On the grid
		 * that line is the page's last grid line; off it, the last of the paragraph's lines
		 * (from where it began, or the page top) that fit. */
		ps->cut_page = p->page1 - 1;
		if (p->grid) {
			int k = (int)((p->bottom - p->top - LY_SIZE_3) / p->pitch + 1e-6);
			ps->cut_y = p->top + k * p->pitch + LY_SIZE_3 / 2;
		} else {
			double start = p->page0 == p->page1 - 1 ? p->y0 : p->top;
			int k = (int)((p->bottom - start) / p->pitch + 1e-6);
			ps->cut_y = start + (k - 1) * p->pitch + p->pitch / 2;
		}
		return 1;
	} else if (lines >= 3) {
		/* The cut falls inside the third line from the end: it and the lines above stay. */
		ps->cut_page = p->page1;
		ps->cut_y = p->y1 - 2 * p->pitch + (p->grid ? LY_SIZE_3 : p->pitch) / 2;
		return 1;
	}
	if (brk[p->block]) return 0;
	brk[p->block] = 1;
	return 1;
}

/* An empty document for t's first pass, its footer label set. */
static ly_doc *first_pass_doc(const fn_set *fs, const tpl_doc *t, const ly_style *st)
{
	ly_doc *d = ly_new(fs, st);
	ly_page_label(d, footer(t));
	return d;
}

ly_doc *doc_layout(const fn_set *fs, const tpl_doc *t, const doc_parts *parts, int *rc, doc_fixes *fx)
{
	ly_style st = doc_page_style(t);
	char *brk = xcalloc(t->n + 1, 1);
	pass ps = { .t = t, .parts = parts, .brk = brk };
	for (size_t i = 0; i < t->n; i++)
		if (t->blocks[i].kind == TB_DIRECTIVE && !strcmp(t->blocks[i].name, "附件")) ps.attachments++;
	ly_doc *d = first_pass_doc(fs, t, &st);
	resume_t *marks = xcalloc(t->n + 1, sizeof *marks);
	char *was = xmalloc(t->n + 1);
	size_t from = 0;
	/* Each pass fixes what the one before found; a pass changes nothing before the block it
	 * fixes, so a handful always settles, and each resumes where the one before was at that
	 * block (a province's bulletin: a heading moved over its table near the end, 190 pages
	 * not laid out again). */
	for (int n = 0; n < 8; n++) {
		findings f;
		*rc = render_pass(d, &ps, &f, marks, from);
		if (*rc || ly_error(d)) break;
		memcpy(was, brk, t->n + 1);
		int cut_was = ps.cut_page, again = 0;
		if (f.stranded != SIZE_MAX && !brk[f.stranded]) { brk[f.stranded] = 1; again = 1; }
		else if (f.orphan) again = fix_orphan(&f, &ps, brk);
		if (!again) break;
		/* The first block the fix changes: one now preceded by a page break, or the first
		 * that started on or after the page cut. */
		from = 0;
		while (from + 1 < t->n && was[from] == brk[from]) from++;
		while (from > 0 && (!marks[from].at || (ps.cut_page != cut_was && ly_mark_pages(marks[from].at) >= ps.cut_page)))
			from--;
		if (!from) {
			ly_free(d);
			d = first_pass_doc(fs, t, &st);
		}
	}
	for (size_t i = 0; i <= t->n; i++) ly_mark_free(marks[i].at);
	free(marks);
	free(was);
	if (fx) {
		*fx = (doc_fixes){ .brk = brk, .cut_page = ps.cut_page, .cut_y = ps.cut_y, .pages = ly_page_count(d) };
		brk = NULL;
	}
	free(brk);
	return d;
}
