/* output.c — outputs appear all at once or not at all; fonts are parsed once per run. */
#include "cmd/output.h"

#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/diag.h"
#include "base/publish.h"
#include "base/util.h"
#include "doc/csvout.h"
#include "doc/xlsxout.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int out_prepare(const char *out_dir)
{
	if (stage_recover(out_dir) == 0) return EXIT_OK;
	if (errno == EWOULDBLOCK) diag_error(out_dir, 0, 0, "另一个 kaoji 正在写出这个文件夹，请等它结束后再运行");
	else diag_error(out_dir, 0, 0, "无法准备输出文件夹：%s", sys_error(errno));
	return EXIT_CANTCREAT;
}

/* The first role that sets data whose chain lacks cp (page numbers set only digits).  A
 * code point found in every chain is remembered: a province's names and reasons ask about
 * the same few thousand characters millions of times. */
static const char *fonts_lack(void *ctx, uint32_t cp)
{
	run_output *o = ctx;
	unsigned char *ok = cp <= 0xFFFF ? &o->printable_ok[cp >> 3] : NULL, bit = (unsigned char)(1u << (cp & 7));
	if (ok && (*ok & bit)) return NULL;
	for (int r = 0; r < FN_NROLES; r++)
		if (r != FN_PAGE && fn_pick(o->fonts, (fn_role)r, cp).face < 0) return fn_role_name((fn_role)r);
	if (ok) *ok |= bit;
	return NULL;
}

int out_fonts(run_output *o)
{
	char *err = NULL;
	o->fonts = fn_open(&err);
	if (!o->fonts) {
		int nomem = errno == ENOMEM;
		diag_error(NULL, 0, 0, "%s%s", nomem ? "" : "字体不可用：", err ? err : "未知原因");
		free(err);
		return nomem ? EXIT_SOFTWARE : EXIT_CONFIG;
	}
	o->printable = (printable_fonts){ fonts_lack, o, o->printable_ok };
	/* Once per run, not per document: which roles are set in a stand-in face. */
	if (!o->dry) fn_report_standins(o->fonts, stderr);
	return EXIT_OK;
}

const printable_fonts *out_printable(const run_output *o) { return o->fonts ? &o->printable : NULL; }

int out_begin(run_output *o, const char *out_dir)
{
	o->out = out_dir;
	if (!o->t0) o->t0 = now();
	int rc = out_prepare(out_dir);
	if (rc) return rc;
	o->stage = stage_open(out_dir);
	if (!o->stage) {
		diag_error(out_dir, 0, 0, "无法创建输出文件夹：%s", sys_error(errno));
		return EXIT_CANTCREAT;
	}
	return EXIT_OK;
}

void out_options(run_output *o, const char *data_dir, const cmd_args *a)
{
	free(o->ini);
	o->ini = path_join(data_dir, "method.ini");
	o->strict = a->strict;
	o->opt.publicity = a->draft_notice;
}

/* One message per missing document setting, naming the drafts it caused. */
static int report_drafts(run_output *o, int rc)
{
	for (size_t i = 0; i < o->stats.nmissing; i++) {
		const doc_missing *ms = &o->stats.missing[i];
		char more[64] = "";
		if (ms->documents > 1) snprintf(more, sizeof more, "等%d份文件", ms->documents);
		const char *ini = o->ini ? o->ini : "method.ini";
		if (o->strict)
			diag_error(ini, 0, 0, "没有设置 %s（%s）：%s%s需要它（--strict 要求公文设置齐全）", ms->setting,
				settings_describe(ms->setting), ms->first, more);
		else
			diag_warn(ini, 0, 0, "没有设置 %s（%s）：%s%s印为草稿，该处留空待手写填写", ms->setting,
				settings_describe(ms->setting), ms->first, more);
	}
	return o->strict && o->stats.nmissing && rc == EXIT_OK ? EXIT_DATAERR : rc;
}

int out_end(run_output *o, int rc)
{
	if (o->bulletins && rc == EXIT_OK) rc = doc_queue_run(o->bulletins, &o->stats);
	else if (o->bulletins) doc_queue_discard(o->bulletins);
	o->bulletins = NULL;
	if (o->fonts) fn_close(o->fonts);
	o->fonts = NULL;
	/* check reports missing document settings itself. */
	if (rc == EXIT_OK && !o->dry) rc = report_drafts(o, rc);
	doc_stats_free(&o->stats);
	free(o->ini);
	o->ini = NULL;
	if (!o->stage) return rc;
	char *what = NULL;
	if (o->dry) {                   /* check: everything was made; nothing is kept */
		stage_discard(o->stage);
		free(o->stage);
		o->stage = NULL;
		return rc;
	}
	if (rc == EXIT_OK && stage_publish(o->stage, o->out, &what)) {
		diag_error(what ? what : o->out, 0, 0, "无法把输出移入文件夹：%s", sys_error(errno));
		rc = EXIT_CANTCREAT;
	}
	free(what);
	if (rc != EXIT_OK) {
		stage_discard(o->stage);
		diag_progress("未写出任何文件。\n");
	} else if (o->stats.documents)
		diag_progress("完成：%d份PDF，共%d页、%.1f KB，用时%.2f秒，输出在 %s/\n", o->stats.documents, o->stats.pages,
			o->stats.bytes / 1024.0, now() - o->t0, o->out);
	free(o->stage);
	return rc;
}

/* What the results.xlsx task needs. */
typedef struct {
	const year_score *y;
	const char *dir;
} xlsx_job;

/* Writes results.xlsx (a doc_task). */
static int write_xlsx(void *arg)
{
	const xlsx_job *x = arg;
	return xlsxout_results(x->y, x->dir);
}

int out_annual(run_output *o, const year_score *y, int pdf)
{
	int rc = csvout_results(y, o->stage);
	if (rc == EXIT_OK) diag_progress("  %-28s %d个单位\n", "results.csv", y->m->nunits);
	if (rc != EXIT_OK || !pdf) return rc;
	/* The workbook is written while the notice is laid out (doc_annual), and reported
	 * before the documents. */
	xlsx_job x = { y, o->stage };
	char *line = xasprintf("  %-28s %d个单位，%d条扣分记录\n", "results.xlsx", y->m->nunits, y->m->ndeductions);
	doc_task t = { write_xlsx, &x, line };
	doc_options opt = o->opt;
	opt.first = &t;
	rc = doc_annual(y, o->fonts, o->stage, &opt, &o->stats);
	free(line);
	return rc;
}

int out_months(run_output *o, const model *m, int first, int last, int pdf)
{
	/* Two months are laid out and written at a time (doc_bulletins) while this thread
	 * writes the CSVs. */
	if (pdf && !o->bulletins) o->bulletins = doc_queue_new();
	/* What the annual documents freed goes back to the system first: it sits in the
	 * writer and card threads' malloc arenas, which the bulletins' two threads do not reuse
	 * (10,000 units: 40 MB of a year's peak). */
	if (pdf) malloc_trim(0);
	doc_bulletins *bs = pdf ? doc_bulletins_start(m, first, last, o->fonts, o->stage, o->bulletins) : NULL;
	int rc = EXIT_OK;
	for (int k = first; rc == EXIT_OK && k <= last; k++) {
		rc = csvout_monthly(m, k, o->stage);
		if (rc == EXIT_OK) diag_progress("  monthly-%04d-%02d.csv\n", m->year, k);
		if (rc == EXIT_OK && pdf) rc = doc_bulletins_next(bs, &o->stats);
	}
	doc_bulletins_stop(bs);
	return rc;
}

int out_tally(run_output *o, const model *m, int pdf)
{
	int rc = csvout_votes(m, o->stage);
	if (rc == EXIT_OK) diag_progress("  %-28s %d个单位\n", "votes.csv", m->nunits);
	if (rc == EXIT_OK && pdf) rc = doc_tally(m, o->fonts, o->stage, &o->stats);
	return rc;
}
