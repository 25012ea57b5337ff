/* xlsxout.c — results.xlsx with libxlsxwriter: one sheet per pool (the rows and columns of
 * results.csv), the windows' monthly scores, every deduction.
 *
 * Numbers are numbers (scores in a 0.00 format, ranks and counts as integers), text is
 * always a string cell: libxlsxwriter makes a formula only of what worksheet_write_formula
 * is given, so a note "=SUM(…)" stays text and needs no apostrophe as in the CSV.  A score
 * is exact hundredths; the cell holds the double nearest to it, which "%.16G" writes and a
 * reader reads back as that same double (xlsxout_number), so the 0.00 display is the CSV's
 * text.  The bytes depend on the input only: the creation time in docProps/core.xml is the
 * last day of the assessment year (libxlsxwriter dates its zip entries itself, fixedly). */
#include "doc/xlsxout.h"

#include <errno.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "base/diag.h"
#include "base/util.h"
#include "doc/csvout.h"
#include "score/result.h"

enum { MAX_COLS = 16 };

/* The workbook being written and the formats its cells share. */
typedef struct {
	lxw_workbook *wb;
	lxw_format *head, *num[5], *integer, *grade[4];
	lxw_error err;                  /* the first failure, LXW_NO_ERROR while all is well */
} book;

/* One sheet: its next row and each column's width so far (in Excel's character units). */
typedef struct {
	book *b;
	lxw_worksheet *ws;
	int ncols, row;
	double width[MAX_COLS];
} sheet;

/* The fill and font colour of each grade: Excel's own “好”, blue, “中性” and “差” styles. */
static const uint32_t grade_fill[4] = { 0xC6EFCE, 0xDDEBF7, 0xFFEB9C, 0xFFC7CE };
static const uint32_t grade_font[4] = { 0x006100, 0x1F4E78, 0x9C5700, 0x9C0006 };

double xlsxout_number(dec v)
{
	/* Both operands are exact doubles, so the quotient is the nearest double to v/10000. */
	return (double)v / (double)DEC_ONE;
}

/* Keeps the first error of the workbook's calls. */
static void check(book *b, lxw_error e)
{
	if (e != LXW_NO_ERROR && b->err == LXW_NO_ERROR) b->err = e;
}

/* How wide s shows: a Chinese character (or any wide one) counts two digits' width. */
static double text_width(const char *s)
{
	double w = 0;
	const char *end = s + strlen(s);
	while (s < end) {
		int32_t cp = utf8_next(&s, end);
		w += cp >= 0x1100 ? 2.1 : 1.1;
	}
	return w;
}

/* Widens column c to fit s. */
static void fit(sheet *sh, int c, const char *s, double extra)
{
	double w = text_width(s) + extra;
	if (w > 60) w = 60;            /* a long note wraps its cell rather than the sheet */
	if (w > sh->width[c]) sh->width[c] = w;
}

/* Adds a sheet with a bold header row that stays in view when scrolling. */
static void sheet_open(sheet *sh, book *b, const char *name, const char *const *head, int n)
{
	memset(sh, 0, sizeof *sh);
	sh->b = b;
	sh->ncols = n;
	sh->ws = workbook_add_worksheet(b->wb, name);
	if (!sh->ws) { check(b, LXW_ERROR_MEMORY_MALLOC_FAILED); return; }
	for (int c = 0; c < n; c++) {
		check(b, worksheet_write_string(sh->ws, 0, (lxw_col_t)c, head[c], b->head));
		fit(sh, c, head[c], 3.5);      /* room for the autofilter's button */
	}
	worksheet_freeze_panes(sh->ws, 1, 0);
	sh->row = 1;
}

/* A text cell (a string, whatever it begins with). */
static void put_text(sheet *sh, int c, const char *s, lxw_format *f)
{
	if (!sh->ws) return;
	if (s[0]) check(sh->b, worksheet_write_string(sh->ws, (lxw_row_t)sh->row, (lxw_col_t)c, s, f));
	else if (f) check(sh->b, worksheet_write_blank(sh->ws, (lxw_row_t)sh->row, (lxw_col_t)c, f));
	fit(sh, c, s, 1.5);
}

/* A score cell shown with dp decimals (2 for the year's scores). */
static void put_dec(sheet *sh, int c, dec v, int dp)
{
	if (!sh->ws) return;
	check(sh->b, worksheet_write_number(sh->ws, (lxw_row_t)sh->row, (lxw_col_t)c, xlsxout_number(v), sh->b->num[dp]));
	char buf[32];
	fit(sh, c, dec_fmt(v, dp, buf), 1.5);
}

/* An integer cell (a rank, a count). */
static void put_int(sheet *sh, int c, int v)
{
	if (!sh->ws) return;
	check(sh->b, worksheet_write_number(sh->ws, (lxw_row_t)sh->row, (lxw_col_t)c, v, sh->b->integer));
	char buf[16];
	snprintf(buf, sizeof buf, "%d", v);
	fit(sh, c, buf, 1.5);
}

/* Ends a sheet: the autofilter over its rows, the columns as wide as their widest cell. */
static void sheet_close(sheet *sh)
{
	if (!sh->ws) return;
	check(sh->b, worksheet_autofilter(sh->ws, 0, 0, (lxw_row_t)(sh->row - 1), (lxw_col_t)(sh->ncols - 1)));
	for (int c = 0; c < sh->ncols; c++)
		check(sh->b, worksheet_set_column(sh->ws, (lxw_col_t)c, (lxw_col_t)c, sh->width[c], NULL));
}

/* The sheet of one pool: results.csv's columns and rows, in its order. */
static void pool_sheet(book *b, const year_score *y, int windows)
{
	sheet sh;
	sheet_open(&sh, b, windows ? "窗口" : "分中心", result_column, RESULT_COLUMNS);
	for (int i = 0; i < y->m->nunits; i++) {
		if (unit_is_window(&y->m->units[y->order[i]]) != windows) continue;
		result_row r;
		result_row_of(y, y->order[i], &r);
		for (int c = 0; c < RESULT_COLUMNS; c++)
			if (c == RESULT_RANK) put_int(&sh, c, r.rank);
			else if (c == RESULT_GRADE) put_text(&sh, c, r.grade, b->grade[y->u[y->order[i]].grade]);
			else if (!result_is_number(c)) put_text(&sh, c, c == RESULT_NAME ? r.name : r.type, NULL);
			else if (r.has[c]) put_dec(&sh, c, r.v[c], 2);
			else put_text(&sh, c, "", NULL);
		sh.row++;
	}
	sheet_close(&sh);
}

/* 月度得分: every window (units.csv order) × every month, each month with the decimals of
 * its monthly-YYYY-MM.csv. */
static void month_sheet(book *b, const year_score *y)
{
	const model *m = y->m;
	int months = m->set.months < 12 ? m->set.months : 12;
	char names[12][16];
	const char *head[MAX_COLS] = { "单位", "类型" };
	for (int k = 0; k < months; k++) {
		snprintf(names[k], sizeof names[k], "%d月", k + 1);
		head[2 + k] = names[k];
	}
	int *order = xcalloc((size_t)m->nunits + 1, sizeof *order), n = 0, dp[12];
	for (int u = 0; u < m->nunits; u++)
		if (unit_is_window(&m->units[u])) order[n++] = u;
	month_score *ms = xcalloc((size_t)m->nunits + 1, sizeof *ms);
	for (int k = 0; k < months; k++) {
		for (int i = 0; i < n; i++) ms[order[i]] = y->u[order[i]].month[k];
		dp[k] = csvout_month_places(ms, order, n);
	}
	sheet sh;
	sheet_open(&sh, b, "月度得分", head, 2 + months);
	for (int i = 0; i < n; i++) {
		const unit *u = &m->units[order[i]];
		put_text(&sh, 0, u->name, NULL);
		put_text(&sh, 1, unit_type_name(u->type), NULL);
		for (int k = 0; k < months; k++) put_dec(&sh, 2 + k, y->u[order[i]].month[k].score, dp[k]);
		sh.row++;
	}
	sheet_close(&sh);
	free(ms);
	free(order);
}

/* 扣分记录: every deductions.csv row, in its order; 扣分 is per occurrence, 合计 × 次数. */
static void deduction_sheet(book *b, const model *m)
{
	static const char *const head[] = { "月份", "单位", "扣分项", "次数", "扣分", "合计", "日期", "说明" };
	dec *pts = xcalloc((size_t)m->ndeductions * 2 + 1, sizeof *pts);
	for (int i = 0; i < m->ndeductions; i++) {
		pts[i] = m->deductions[i].points;
		pts[m->ndeductions + i] = m->deductions[i].points * m->deductions[i].count;
	}
	int dp = dec_places(pts, (size_t)m->ndeductions * 2, 2);
	free(pts);
	sheet sh;
	sheet_open(&sh, b, "扣分记录", head, 8);
	for (int i = 0; i < m->ndeductions; i++) {
		const deduction *d = &m->deductions[i];
		char month[16];
		snprintf(month, sizeof month, "%04d-%02d", m->year, d->month);
		put_text(&sh, 0, month, NULL);
		put_text(&sh, 1, m->units[d->unit].name, NULL);
		put_text(&sh, 2, m->items[d->item].code, NULL);
		put_int(&sh, 3, d->count);
		put_dec(&sh, 4, d->points, dp);
		put_dec(&sh, 5, d->points * d->count, dp);
		put_text(&sh, 6, d->date ? d->date : "", NULL);
		put_text(&sh, 7, d->note ? d->note : "", NULL);
		sh.row++;
	}
	sheet_close(&sh);
}

/* The formats every sheet uses. */
static void formats(book *b)
{
	static const char *const num[5] = { "0", "0.0", "0.00", "0.000", "0.0000" };
	b->head = workbook_add_format(b->wb);
	format_set_bold(b->head);
	for (int i = 0; i < 5; i++) {
		b->num[i] = workbook_add_format(b->wb);
		format_set_num_format(b->num[i], num[i]);
	}
	b->integer = b->num[0];
	for (int g = 0; g < 4; g++) {
		b->grade[g] = workbook_add_format(b->wb);
		format_set_bg_color(b->grade[g], grade_fill[g]);
		format_set_font_color(b->grade[g], grade_font[g]);
	}
}

int xlsxout_results(const year_score *y, const char *out_dir)
{
	char *path = path_join(out_dir, "results.xlsx");
	atomic_file af;
	if (af_open(&af, path)) {
		diag_error(path, 0, 0, "无法写出：%s", sys_error(errno));
		free(path);
		return EXIT_CANTCREAT;
	}
	/* libxlsxwriter writes the file by its name (af.tmp) and its parts' scratch files in
	 * the stage, not in /tmp.  In constant-memory mode each row goes to its sheet's scratch
	 * file once the next begins (every sheet is written in row order): 10,000 units' cells
	 * would otherwise take 80 MB.  Strings are then inline, not shared, which Excel, WPS
	 * and LibreOffice read alike. */
	lxw_workbook_options opt = { .constant_memory = 1, .tmpdir = (char *)out_dir, .use_zip64 = 0 };
	book b = { .wb = workbook_new_opt(af.tmp, &opt) };
	if (!b.wb) {
		diag_error(path, 0, 0, "无法写出：%s", sys_error(errno ? errno : ENOMEM));
		af_abort(&af);
		free(path);
		return EXIT_CANTCREAT;
	}
	char title[64];
	snprintf(title, sizeof title, "%d年度考绩结果", y->m->year);
	struct tm tm = { .tm_year = y->m->year - 1900, .tm_mon = 11, .tm_mday = 31 };
	lxw_doc_properties props = { .title = title, .created = timegm(&tm) };
	check(&b, workbook_set_properties(b.wb, &props));
	formats(&b);
	pool_sheet(&b, y, 1);
	pool_sheet(&b, y, 0);
	month_sheet(&b, y);
	deduction_sheet(&b, y->m);
	lxw_error e = workbook_close(b.wb);
	if (b.err == LXW_NO_ERROR) b.err = e;
	int rc = EXIT_OK;
	if (b.err != LXW_NO_ERROR) {
		diag_error(path, 0, 0, "无法写出：%s", b.err == LXW_ERROR_CREATING_XLSX_FILE || b.err == LXW_ERROR_ZIP_FILE_OPERATION
			? sys_error(errno) : lxw_strerror(b.err));
		af_abort(&af);
		rc = EXIT_CANTCREAT;
	} else if (af_commit(&af)) {
		diag_error(path, 0, 0, "无法写出：%s", sys_error(errno));
		rc = EXIT_CANTCREAT;
	}
	free(path);
	return rc;
}
