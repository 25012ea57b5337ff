/* csvout.c — writes the CSV outputs through a temporary file, renamed only when complete. */
#include "doc/csvout.h"

#include <errno.h>
#include <string.h>

#include "base/diag.h"
#include "base/util.h"

/* Writes one field as it is, quoted only when it must be (numbers, and text made safe). */
void csvout_raw(FILE *fp, const char *s, int last)
{
	if (strpbrk(s, ",\"\r\n")) {
		fputc('"', fp);
		for (; *s; s++) { if (*s == '"') fputc('"', fp); fputc(*s, fp); }
		fputc('"', fp);
	} else
		fputs(s, fp);
	fputs(last ? "\r\n" : ",", fp);
}

/* Writes a text field a spreadsheet must not read as a formula: one that begins with
 * = + - @, a tab or a carriage return gets a leading apostrophe (OWASP's CSV injection
 * advice; Excel and LibreOffice then show the text as it is). */
void csvout_field(FILE *fp, const char *s, int last)
{
	if (s[0] && strchr("=+-@\t\r", s[0])) {
		char *safe = xasprintf("'%s", s);
		csvout_raw(fp, safe, last);
		free(safe);
	} else
		csvout_raw(fp, s, last);
}

int csvout_open(atomic_file *af, const char *out_dir, const char *name)
{
	if (mkdir_p(out_dir)) {
		diag_error(out_dir, 0, 0, "无法创建输出文件夹：%s", sys_error(errno));
		return EXIT_CANTCREAT;
	}
	char *path = path_join(out_dir, name);
	int rc = af_open(af, path) ? EXIT_CANTCREAT : 0;
	if (rc) diag_error(path, 0, 0, "无法写出：%s", sys_error(errno));
	free(path);
	if (!rc) fputs("\xEF\xBB\xBF", af->fp);
	return rc;
}

int csvout_close(atomic_file *af)
{
	char *path = xstrdup(af->path);
	int rc = af_commit(af) ? EXIT_CANTCREAT : 0;
	if (rc) diag_error(path, 0, 0, "无法写出：%s", sys_error(errno));
	free(path);
	return rc;
}

int csvout_results(const year_score *y, const char *out_dir)
{
	atomic_file af;
	int rc = csvout_open(&af, out_dir, "results.csv");
	if (rc) return rc;
	FILE *fp = af.fp;
	for (int c = 0; c < RESULT_COLUMNS; c++) csvout_raw(fp, result_column[c], c == RESULT_COLUMNS - 1);
	for (int i = 0; i < y->m->nunits; i++) {
		result_row r;
		result_row_of(y, y->order[i], &r);
		for (int c = 0; c < RESULT_COLUMNS; c++) {
			char b[32];
			const char *s = result_cell(&r, c, b);
			(result_is_number(c) ? csvout_raw : csvout_field)(fp, s, c == RESULT_COLUMNS - 1);
		}
	}
	return csvout_close(&af);
}

int csvout_votes(const model *m, const char *out_dir)
{
	atomic_file af;
	int rc = csvout_open(&af, out_dir, "votes.csv");
	if (rc) return rc;
	fputs("评价主体,单位,非常满意,满意,一般,不满意\r\n", af.fp);
	for (int g = 0; g < GROUP_COUNT; g++)
		for (int i = 0; i < m->nunits; i++) {
			csvout_field(af.fp, group_name[g], 0);
			csvout_field(af.fp, m->units[i].name, 0);
			const int64_t *v = m->units[i].votes[g];
			fprintf(af.fp, "%lld,%lld,%lld,%lld\r\n", (long long)v[0], (long long)v[1], (long long)v[2], (long long)v[3]);
		}
	return csvout_close(&af);
}

int csvout_month_places(const month_score *ms, const int *order, int n)
{
	dec *v = xcalloc((size_t)n * (CATEGORY_COUNT + 1) + 1, sizeof *v);
	size_t k = 0;
	for (int i = 0; i < n; i++) {
		for (int c = 0; c < CATEGORY_COUNT; c++) v[k++] = ms[order[i]].kept[c];
		v[k++] = ms[order[i]].score;
	}
	int dp = dec_places(v, k, 2);
	free(v);
	return dp;
}

/* A 2-decimal cell (the 累计平均分, rounded once, SPEC §3). */
static void num(FILE *fp, dec v) { char b[32]; csvout_raw(fp, dec_fmt(v, 2, b), 0); }

int csvout_monthly(const model *m, int month, const char *out_dir)
{
	month_score *ms = xcalloc((size_t)m->nunits, sizeof *ms);
	month_trend *t = xcalloc((size_t)m->nunits, sizeof *t);
	int *order = xcalloc((size_t)m->nunits, sizeof *order), *rank = xcalloc((size_t)m->nunits, sizeof *rank);
	score_month(m, month, ms);
	score_month_trend(m, month, m->set.bulletin_bottom, t);
	int n = score_month_order(m, ms, order, rank);
	char name[64];
	snprintf(name, sizeof name, "monthly-%04d-%02d.csv", m->year, month);
	atomic_file af;
	int rc = csvout_open(&af, out_dir, name), dp = csvout_month_places(ms, order, n);
	if (!rc) {
		/* SPEC §6's columns, then the month-over-month ones the bulletin's table has too. */
		fputs("排名,单位,类型,工作纪律,工作规范,办件管理,其他,月度得分,累计平均分,名次变化\r\n", af.fp);
		for (int i = 0; i < n; i++) {
			const unit *u = &m->units[order[i]];
			fprintf(af.fp, "%d,", rank[order[i]]);
			csvout_field(af.fp, u->name, 0);
			csvout_field(af.fp, unit_type_name(u->type), 0);
			/* Monthly values are exact: a discretionary 0.125 shows as 99.875, never rounded,
			 * and then every value of the month shows 3 decimals, as the bulletin's table. */
			char b[32];
			for (int c = 0; c < CATEGORY_COUNT; c++) csvout_raw(af.fp, dec_fmt(ms[order[i]].kept[c], dp, b), 0);
			csvout_raw(af.fp, dec_fmt(ms[order[i]].score, dp, b), 0);
			num(af.fp, t[order[i]].ytd_avg);
			csvout_raw(af.fp, score_rank_change(month, t[order[i]].prev_rank, rank[order[i]], b), 1);
		}
		rc = csvout_close(&af);
	}
	free(ms);
	free(t);
	free(order);
	free(rank);
	return rc;
}
