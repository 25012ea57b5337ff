/* render.c — template blocks → layout calls. The directives are listed in templates/README.md. */
#include "doc/render.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/util.h"

int doc_parse_date(const char *s, int *y, int *m, int *d)
{
	int n = 0;
	if ((sscanf(s, "%d-%d-%d%n", y, m, d, &n) == 3 || sscanf(s, "%d年%d月%d日%n", y, m, d, &n) == 3) && !s[n] &&
	    *y >= 1900 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31)
		return 0;
	return -1;
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

/* A date argument → y/m/d, reporting when malformed or missing. */
static int date_arg(const tpl_doc *t, const tpl_block *b, int i, int *y, int *m, int *d)
{
	if (doc_parse_date(arg(b, i), y, m, d) == 0) return 0;
	char what[160];
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

/* One directive. */
static int directive(ly_doc *d, const tpl_doc *t, const tpl_block *b, const doc_parts *parts)
{
	const char *n = b->name;
	int y, m, dd;
	if (!strcmp(n, "页面")) return 0;                         /* read by doc_page_style */
	if (!strcmp(n, "版头")) { ly_gw_header(d, arg(b, 0), arg(b, 1)); return 0; }
	if (!strcmp(n, "标题")) {
		/* "\n" typed in the template forces the title's line break where the clerk wants it. */
		strbuf tb = {0};
		for (const char *p = arg(b, 0); *p; p++)
			if (p[0] == '\\' && p[1] == 'n') { sb_puts(&tb, "\n"); p++; } else sb_add(&tb, p, 1);
		ly_gw_title(d, tb.s ? tb.s : "");
		free(tb.s);
		return 0;
	}
	if (!strcmp(n, "主送")) { ly_gw_addressee(d, arg(b, 0)); return 0; }
	if (!strcmp(n, "附件说明")) return attach_note(d, b);
	if (!strcmp(n, "署名")) {
		if (date_arg(t, b, 1, &y, &m, &dd)) return -1;
		ly_gw_signature(d, arg(b, 0), y, m, dd);
		return 0;
	}
	if (!strcmp(n, "附件")) {
		if (!strcmp(arg(b, 2), "横排")) {
			ly_style land = ly_style_gongwen_landscape();
			ly_next_style(d, &land);
		}
		ly_gw_attachment(d, atoi(arg(b, 0)), arg(b, 1));
		return 0;
	}
	if (!strcmp(n, "版记")) {
		if (date_arg(t, b, 2, &y, &m, &dd)) return -1;
		/* The 版记 closes the last page, which practice makes an even one (封四). */
		if (ly_page_count(d) % 2) {
			ly_style gw = ly_style_gongwen();
			ly_new_page(d, &gw, 0);
		}
		ly_gw_colophon(d, arg(b, 0)[0] ? arg(b, 0) : NULL, arg(b, 1), y, m, dd);
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
	if (!strcmp(n, "空行")) { ly_skip_lines(d, b->nargs && b->args[0][0] ? atof(b->args[0]) : 1); return 0; }
	if (!strcmp(n, "大标题")) { ly_line(d, FN_TITLE, LY_SIZE_S2, LY_CENTER, arg(b, 0)); return 0; }
	if (!strcmp(n, "居中") || !strcmp(n, "行") || !strcmp(n, "右对齐")) {
		ly_align al = !strcmp(n, "居中") ? LY_CENTER : !strcmp(n, "行") ? LY_LEFT : LY_RIGHT;
		ly_line(d, text_role(t), size_of(arg(b, 1)), al, arg(b, 0));
		return 0;
	}
	if (!strcmp(n, "小段")) {
		ly_pstyle ps = { .size = LY_SIZE_5, .indent = 2, .where = "说明" };
		ly_span sp = { text_role(t), arg(b, 0) };
		ly_para(d, &ps, &sp, 1);
		return 0;
	}
	if (!strcmp(n, "表格") || !strcmp(n, "图表")) {
		for (size_t i = 0; parts && i < parts->nparts; i++)
			if (!strcmp(parts->parts[i].name, arg(b, 0))) { parts->parts[i].add(d, parts->data); return 0; }
		strbuf names = {0};
		for (size_t i = 0; parts && i < parts->nparts; i++) sb_printf(&names, "%s%s", i ? "、" : "", parts->parts[i].name);
		char what[512];
		snprintf(what, sizeof what, "“%s”（这份文件可用：%s）", arg(b, 0), names.s ? names.s : "无");
		free(names.s);
		return bad(t, b, "没有这个表格或图表", what);
	}
	return bad(t, b, "不认识的指令（可用的指令见 templates/README.md）", NULL);
}

/* Lays out the blocks, breaking the page before block `brk` (SIZE_MAX: nowhere). *orphan gets the
 * last text block when the 署名 ended up on a page of its own (no body text above it). */
static int render_blocks(ly_doc *d, const tpl_doc *t, const doc_parts *parts, size_t brk, size_t *orphan)
{
	int rc = 0, text_pages = 0;
	size_t last_text = SIZE_MAX;
	for (size_t i = 0; i < t->n; i++) {
		const tpl_block *b = &t->blocks[i];
		if (i == brk) ly_new_page(d, NULL, 0);
		switch (b->kind) {
		case TB_PARA: ly_body(d, b->args[0]); break;
		case TB_HEADING:
			/* A heading over a table or chart needs room for itself and the first rows too
			 * (the layout keeps a heading with one following line only). */
			if (i + 1 < t->n && t->blocks[i + 1].kind == TB_DIRECTIVE && ly_page_count(d) > 0 &&
			    (!strcmp(t->blocks[i + 1].name, "表格") || !strcmp(t->blocks[i + 1].name, "图表"))) {
				ly_style st = doc_page_style(t);
				if (ly_cursor(d) + 5 * LY_SIZE_3 * 1.85 > st.top + st.body_h) ly_new_page(d, NULL, 0);
			}
			ly_heading(d, b->level, b->args[0]);
			break;
		case TB_DIRECTIVE: if (directive(d, t, b, parts)) rc = -1; break;
		}
		if (b->kind == TB_PARA) {
			/* A heading goes with the paragraph it introduces. */
			last_text = i > 0 && t->blocks[i - 1].kind == TB_HEADING ? i - 1 : i;
			text_pages = ly_page_count(d);
		}
		if (b->kind == TB_DIRECTIVE && !strcmp(b->name, "署名") && orphan && last_text != SIZE_MAX &&
		    ly_page_count(d) > text_pages)
			*orphan = last_text;
	}
	return rc;
}

int doc_render(ly_doc *d, const tpl_doc *t, const doc_parts *parts)
{
	return render_blocks(d, t, parts, SIZE_MAX, NULL);
}

ly_doc *doc_layout(const fn_set *fs, const tpl_doc *t, const doc_parts *parts, int *rc)
{
	ly_style st = doc_page_style(t);
	ly_doc *d = ly_new(fs, &st);
	size_t orphan = SIZE_MAX;
	*rc = render_blocks(d, t, parts, SIZE_MAX, &orphan);
	if (*rc == 0 && orphan != SIZE_MAX) {
		/* GB/T 9704 wants body text on the page that carries the 署名: carry the last
		 * paragraph over with it rather than leave the signature alone. */
		ly_free(d);
		d = ly_new(fs, &st);
		*rc = render_blocks(d, t, parts, orphan, NULL);
	}
	return d;
}
