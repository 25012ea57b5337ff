/* csvout.c — writes the CSV outputs through a temporary file, renamed only when complete. */
#include "doc/csvout.h"

#include <errno.h>
#include <string.h>

#include "base/diag.h"
#include "base/util.h"

/* Writes one field as it is, quoted only when it must be (numbers, and text made safe). */
static void raw(FILE *fp, const char *s, int last)
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
static void field(FILE *fp, const char *s, int last)
{
	if (s[0] && strchr("=+-@\t\r", s[0])) {
		char *safe = xasprintf("'%s", s);
		raw(fp, safe, last);
		free(safe);
	} else
		raw(fp, s, last);
}

static void num(FILE *fp, dec v) { char b[32]; raw(fp, dec_fmt(v, 2, b), 0); }

/* Opens OUT_DIR/name for atomic writing, reporting failure. */
static int open_out(atomic_file *af, const char *out_dir, const char *name)
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

static int close_out(atomic_file *af)
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
	int rc = open_out(&af, out_dir, "results.csv");
	if (rc) return rc;
	FILE *fp = af.fp;
	fputs("排名,单位,类型,日常考核,纪委监委评价,第三方满意度评价,行风监督员评价,领导班子及科室负责人评价,"
	      "满意度评价,扣分,最终得分,等次\r\n", fp);
	for (int i = 0; i < y->m->nunits; i++) {
		const unit *u = &y->m->units[y->order[i]];
		const unit_score *s = &y->u[y->order[i]];
		fprintf(fp, "%d,", s->rank);
		field(fp, u->name, 0);
		field(fp, unit_type_name(u->type), 0);
		num(fp, s->daily);
		for (int c = 0; c < COMP_COUNT; c++)
			if (s->comp[c].applies) num(fp, s->comp[c].points); else field(fp, "", 0);
		num(fp, s->satisfaction);
		num(fp, s->penalty);
		num(fp, s->final);
		field(fp, grade_name(s->grade, unit_is_window(u)), 1);
	}
	return close_out(&af);
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
	int rc = open_out(&af, out_dir, name), dp = csvout_month_places(ms, order, n);
	if (!rc) {
		/* SPEC §6's columns, then the month-over-month ones the bulletin's table has too. */
		fputs("排名,单位,类型,工作纪律,工作规范,办件管理,其他,月度得分,累计平均分,名次变化\r\n", af.fp);
		for (int i = 0; i < n; i++) {
			const unit *u = &m->units[order[i]];
			fprintf(af.fp, "%d,", rank[order[i]]);
			field(af.fp, u->name, 0);
			field(af.fp, unit_type_name(u->type), 0);
			/* Monthly values are exact: a discretionary 0.125 shows as 99.875, never rounded,
			 * and then every value of the month shows 3 decimals, as the bulletin's table. */
			char b[32];
			for (int c = 0; c < CATEGORY_COUNT; c++) raw(af.fp, dec_fmt(ms[order[i]].kept[c], dp, b), 0);
			raw(af.fp, dec_fmt(ms[order[i]].score, dp, b), 0);
			num(af.fp, t[order[i]].ytd_avg);
			raw(af.fp, score_rank_change(month, t[order[i]].prev_rank, rank[order[i]], b), 1);
		}
		rc = close_out(&af);
	}
	free(ms);
	free(t);
	free(order);
	free(rank);
	return rc;
}
