/* diffout.c — kaoji diff's report (diffout.h): the same items in the same order on the
 * terminal, in diff.csv and in diff.pdf. */
#include "doc/diffout.h"

#include <string.h>

#include "base/util.h"
#include "doc/csvout.h"
#include "doc/render.h"

/* Rows of the PDF's tables; the page holds this many (五号, 15 mm margins) with room left. */
enum { PDF_UNIT_ROWS = 26, PDF_INPUT_ROWS = 8, PDF_TEXT_CHARS = 40 };

/* “原第5行”, “新第7行”, both, or "" (a row's place in each folder). */
static char *lines_text(const row_change *c)
{
	if (c->old_line && c->new_line) return xasprintf("原第%d行，新第%d行", c->old_line, c->new_line);
	if (c->old_line) return xasprintf("原第%d行", c->old_line);
	return xasprintf("新第%d行", c->new_line);
}

void diffout_print(FILE *fp, const diffout *d)
{
	fprintf(fp, "原：%s\n新：%s\n", d->old->source, d->new->source);
	if (!d->units->n && (!d->rows || !d->rows->n)) { fputs("无变化\n", fp); return; }
	fprintf(fp, "结果有变化的单位：%d个\n", d->units->n);
	for (int i = 0; i < d->units->n; i++) {
		const diff_unit *u = &d->units->u[i];
		char a[32], b[32];
		if (!u->old) { fprintf(fp, "  %s：新增，排名%d，最终得分%s，%s\n", u->new->name, u->new->rank,
			result_cell(u->new, RESULT_FINAL, b), u->new->grade); continue; }
		if (!u->new) { fprintf(fp, "  %s：删除（原排名%d，最终得分%s，%s）\n", u->old->name, u->old->rank,
			result_cell(u->old, RESULT_FINAL, a), u->old->grade); continue; }
		fprintf(fp, "  %s：", u->new->name);
		const char *sep = "";
		for (int c = 0; c < RESULT_COLUMNS; c++)
			if (u->changed[c]) {
				const char *x = result_cell(u->old, c, a), *y = result_cell(u->new, c, b);
				fprintf(fp, "%s%s %s → %s", sep, result_column[c], x[0] ? x : "（空）", y[0] ? y : "（空）");
				sep = "；";
			}
		fputc('\n', fp);
	}
	if (!d->rows) return;
	fprintf(fp, "输入数据有变化的行：%d行\n", d->rows->n);
	for (int i = 0; i < d->rows->n; i++) {
		const row_change *c = &d->rows->c[i];
		char *where = lines_text(c);
		fprintf(fp, "  %s %s %s\n", c->file, row_kind_name[c->kind], where);
		if (c->old_text) fprintf(fp, "    原：%s\n", c->old_text);
		if (c->new_text) fprintf(fp, "    新：%s\n", c->new_text);
		free(where);
	}
}

int diffout_csv(const diffout *d, const char *out_dir)
{
	static const char *const head[] = { "变化", "单位", "项目", "原值", "新值", "文件", "原行号", "新行号" };
	atomic_file af;
	int rc = csvout_open(&af, out_dir, "diff.csv");
	if (rc) return rc;
	FILE *fp = af.fp;
	for (int c = 0; c < 8; c++) csvout_raw(fp, head[c], c == 7);
	for (int i = 0; i < d->units->n; i++) {
		const diff_unit *u = &d->units->u[i];
		char a[32], b[32];
		if (!u->old || !u->new) {
			const result_row *r = u->old ? u->old : u->new;
			csvout_field(fp, u->old ? "删除单位" : "新增单位", 0);
			csvout_field(fp, r->name, 0);
			csvout_field(fp, "最终得分", 0);
			csvout_raw(fp, u->old ? result_cell(r, RESULT_FINAL, a) : "", 0);
			csvout_raw(fp, u->new ? result_cell(r, RESULT_FINAL, b) : "", 0);
			csvout_raw(fp, "", 0); csvout_raw(fp, "", 0); csvout_raw(fp, "", 1);
			continue;
		}
		for (int c = 0; c < RESULT_COLUMNS; c++)
			if (u->changed[c]) {
				csvout_field(fp, "结果改变", 0);
				csvout_field(fp, u->new->name, 0);
				csvout_field(fp, result_column[c], 0);
				(result_is_number(c) ? csvout_raw : csvout_field)(fp, result_cell(u->old, c, a), 0);
				(result_is_number(c) ? csvout_raw : csvout_field)(fp, result_cell(u->new, c, b), 0);
				csvout_raw(fp, "", 0); csvout_raw(fp, "", 0); csvout_raw(fp, "", 1);
			}
	}
	for (int i = 0; d->rows && i < d->rows->n; i++) {
		const row_change *c = &d->rows->c[i];
		char a[16] = "", b[16] = "";
		if (c->old_line) snprintf(a, sizeof a, "%d", c->old_line);
		if (c->new_line) snprintf(b, sizeof b, "%d", c->new_line);
		char *kind = xasprintf("%s行", row_kind_name[c->kind]);
		csvout_field(fp, kind, 0);
		csvout_raw(fp, "", 0); csvout_raw(fp, "", 0);
		csvout_field(fp, c->old_text ? c->old_text : "", 0);
		csvout_field(fp, c->new_text ? c->new_text : "", 0);
		csvout_field(fp, c->file, 0);
		csvout_raw(fp, a, 0);
		csvout_raw(fp, b, 1);
		free(kind);
	}
	return csvout_close(&af);
}

/* Text cut to PDF_TEXT_CHARS characters, “…” marking the cut. */
static char *cut(const char *s)
{
	if (!s) return xstrdup("");
	if (utf8_len(s) <= PDF_TEXT_CHARS) return xstrdup(s);
	char *t = xstrdup(s);
	const char *p = t, *end = t + strlen(t);
	for (int k = 0; k < PDF_TEXT_CHARS; k++) utf8_next(&p, end);
	t[p - t] = 0;
	char *r = xasprintf("%s…", t);
	free(t);
	return r;
}

/* The table of units' changes: one row per changed column, the unit named once. */
static void unit_table(ly_doc *doc, const diffout *d)
{
	size_t cols = 4, cap = PDF_UNIT_ROWS + 1, rows = 1;
	char **cells = xcalloc(cap * cols, sizeof *cells);
	const char *head[] = { "单位", "项目", "原", "新" };
	for (size_t c = 0; c < cols; c++) cells[c] = xstrdup(head[c]);
	int more = 0, named = -1;
	for (int i = 0; i < d->units->n; i++) {
		const diff_unit *u = &d->units->u[i];
		for (int c = 0; c < RESULT_COLUMNS; c++) {
			bool whole = !u->old || !u->new;
			if (whole ? c != RESULT_FINAL : !u->changed[c]) continue;
			if (rows == cap) { more++; continue; }
			char a[32], b[32];
			char **r = cells + rows * cols;
			const result_row *name = u->new ? u->new : u->old;
			r[0] = xstrdup(named == i ? "" : name->name);      /* the unit named on its first row */
			named = i;
			r[1] = xstrdup(whole ? (u->old ? "删除单位" : "新增单位") : result_column[c]);
			r[2] = xstrdup(u->old ? result_cell(u->old, c, a) : "");
			r[3] = xstrdup(u->new ? result_cell(u->new, c, b) : "");
			rows++;
		}
	}
	ly_table t = { .nrows = rows, .ncols = cols, .header_rows = 1, .size = LY_SIZE_5, .where = "结果变化表", .group_col = 1 };
	doc_table(doc, &t, cells);
	free(cells);
	if (more) {
		char *s = xasprintf("另有%d项变化，见 diff.csv。", more);
		ly_line(doc, FN_BODY, LY_SIZE_5, LY_LEFT, s);
		free(s);
	}
}

/* The table of input rows that differ. */
static void input_table(ly_doc *doc, const diffout *d)
{
	size_t cols = 4, rows = 1, n = (size_t)d->rows->n < PDF_INPUT_ROWS ? (size_t)d->rows->n : PDF_INPUT_ROWS;
	char **cells = xcalloc((n + 1) * cols, sizeof *cells);
	const char *head[] = { "文件", "变化", "行", "内容" };
	for (size_t c = 0; c < cols; c++) cells[c] = xstrdup(head[c]);
	for (size_t i = 0; i < n; i++, rows++) {
		const row_change *c = &d->rows->c[i];
		char **r = cells + rows * cols;
		r[0] = xstrdup(c->file);
		r[1] = xstrdup(row_kind_name[c->kind]);
		r[2] = lines_text(c);
		char *o = cut(c->old_text), *w = cut(c->new_text);
		r[3] = c->kind == ROW_CHANGED ? xasprintf("原：%s\n新：%s", o, w) : xstrdup(c->old_text ? o : w);
		free(o);
		free(w);
	}
	ly_table t = { .nrows = rows, .ncols = cols, .header_rows = 1, .size = LY_SIZE_5, .where = "输入变化表" };
	doc_table(doc, &t, cells);
	free(cells);
	if ((size_t)d->rows->n > n) {
		char *s = xasprintf("另有%d行，见 diff.csv。", d->rows->n - (int)n);
		ly_line(doc, FN_BODY, LY_SIZE_5, LY_LEFT, s);
		free(s);
	}
}

int diffout_pdf(const diffout *d, const fn_set *fs, const char *out_dir, doc_stats *st)
{
	ly_style style = ly_style_plain(15, LY_PGNUM_NONE);
	ly_doc *doc = ly_new(fs, &style);
	ly_line(doc, FN_TITLE, LY_SIZE_S2, LY_CENTER, "考绩结果变化对照");
	ly_skip_lines(doc, 0.5);
	char *s = xasprintf("原：%s", d->old->source);
	ly_line(doc, FN_BODY, LY_SIZE_5, LY_LEFT, s);
	free(s);
	s = xasprintf("新：%s", d->new->source);
	ly_line(doc, FN_BODY, LY_SIZE_5, LY_LEFT, s);
	free(s);
	ly_skip_lines(doc, 0.5);
	s = d->units->n ? xasprintf("一、结果有变化的单位（%d个）", d->units->n) : xstrdup("一、结果有变化的单位：无");
	ly_line(doc, FN_H1, LY_SIZE_S4, LY_LEFT, s);
	free(s);
	if (d->units->n) unit_table(doc, d);
	if (d->rows) {
		ly_skip_lines(doc, 0.5);
		s = d->rows->n ? xasprintf("二、输入数据有变化的行（%d行）", d->rows->n) : xstrdup("二、输入数据有变化的行：无");
		ly_line(doc, FN_H1, LY_SIZE_S4, LY_LEFT, s);
		free(s);
		if (d->rows->n) input_table(doc, d);
	}
	int rc = ly_error(doc) ? EXIT_DATAERR : EXIT_OK;
	if (!rc) {
		pd_meta meta = { .title = "考绩结果变化对照" };
		rc = doc_save(doc, out_dir, "diff.pdf", &meta, st);
	}
	ly_free(doc);
	return rc;
}
