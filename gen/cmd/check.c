/* check.c — `kaoji check DATA_DIR`: validate a year's data and print what it holds. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/util.h"
#include "cmd/cmd.h"
#include "cmd/output.h"
#include "doc/documents.h"
#include "model/model.h"
#include "score/score.h"

static const char usage[] =
	"用法: kaoji check DATA_DIR [--set 设置项=值]... [--draft-notice] [--strict] [--full]\n"
	"                  [--templates 模板文件夹] [--fonts 字体文件夹]\n"
	"校验数据文件夹中的全部文件；有错误时逐条列出（文件:行:列），退出状态 65。\n"
	"数据中凡是会让 year 失败的（印不出的字、放不下的设置文字、不存在的日期等），check 都逐条报告。\n"
	"--full：另外试排 year 会写出的全部文件（排版而不写出 PDF），连改过的模板中的错误也报告；单位多时较慢。\n"
	"缺少公文设置（issuer、doc_number、issue_date、recipients）只给警告；--strict 时是错误。\n"
	"数据无误时打印摘要：各类单位数、各文件行数、覆盖月份、每月扣分条数、评价票汇总。\n";

/* The ballots behind the votes, when the folder has ballots.csv: received, valid, void (each
 * by number and reason) and the blank ratings that are no vote. */
static void ballots(const model *m)
{
	const ballot_tally *bt = &m->ballots;
	if (!bt->used) return;
	printf("选票（ballots.csv）：\n");
	for (int g = 0; g < GROUP_COUNT; g++) {
		printf("  %s：收到%d张，有效%d张，作废%d张，有效选票中空白评价%d处（不计票）\n", group_name[g], bt->received[g],
			bt->valid[g], bt->received[g] - bt->valid[g], bt->blanks[g]);
		for (int i = 0; i < bt->nvoids; i++)
			if (bt->voids[i].group == g)
				printf("    作废 第%s号（第%d行）：%s\n", bt->voids[i].number, bt->voids[i].line, bt->voids[i].reason);
	}
}

/* Prints the summary of a valid year. */
static void summary(const model *m)
{
	int n[3] = {0};
	for (int i = 0; i < m->nunits; i++) n[m->units[i].type]++;
	printf("数据文件夹：%s（%d年度）\n", m->dir, m->year);
	printf("考绩对象：共%d个，单设窗口%d个，综合窗口%d个，分中心%d个\n", m->nunits, n[0], n[1], n[2]);
	printf("文件：\n");
	for (int f = 0; f < FILE_COUNT; f++) {
		if (!m->files[f].present) {
			if (f == FILE_ITEMS) printf("  %-16s 未提供，使用内置2022年目录（%d项）\n", data_file_name[f], m->nitems);
			else if (f == FILE_PENALTIES) printf("  %-16s 未提供（无扣分）\n", data_file_name[f]);
			continue;
		}
		printf("  %-16s %4d行  %s\n", data_file_name[f], m->files[f].rows, text_encoding_name(m->files[f].enc));
	}
	int per_month[13] = {0}, first = 0, last = 0;
	dec pts[13] = {0};
	for (int i = 0; i < m->ndeductions; i++) {
		const deduction *d = &m->deductions[i];
		per_month[d->month]++;
		pts[d->month] += d->points * d->count;
	}
	for (int mo = 1; mo <= 12; mo++)
		if (per_month[mo]) { if (!first) first = mo; last = mo; }
	if (first) printf("扣分记录覆盖月份：%d年%d月至%d月\n", m->year, first, last);
	else printf("扣分记录：无\n");
	printf("每月扣分：");
	char b[32];
	for (int mo = 1; mo <= m->set.months && mo <= 12; mo++)
		printf("%s%d月 %d条/%s分", mo > 1 ? "，" : "", mo, per_month[mo], dec_fmt_short(pts[mo], b));
	printf("\n评价票：\n");
	for (int pool = 0; pool < 2; pool++)
		for (int g = 0; g < GROUP_COUNT; g++) {
			int64_t v[VOTE_KINDS] = {0}, total = 0;
			int units = 0;
			for (int i = 0; i < m->nunits; i++) {
				if (unit_is_window(&m->units[i]) != (pool == 0)) continue;
				units++;
				for (int k = 0; k < VOTE_KINDS; k++) v[k] += m->units[i].votes[g][k];
			}
			if (!units) continue;
			for (int k = 0; k < VOTE_KINDS; k++) total += v[k];
			/* The share is shown to one decimal, truncated, so 30.0% never hides 30.04%. */
			int64_t permille = total ? v[VOTE_VERY] * 1000 / total : 0;
			printf("  %s·%s：共%lld票（非常满意%lld，满意%lld，一般%lld，不满意%lld），非常满意占%lld.%lld%%\n",
				pool ? "分中心" : "窗口", group_name[g], (long long)total, (long long)v[0], (long long)v[1],
				(long long)v[2], (long long)v[3], (long long)(permille / 10), (long long)(permille % 10));
		}
	ballots(m);
	if (diag_warnings()) printf("警告：%d条（见上）\n", diag_warnings());
	printf("校验通过。\n");
}

/* The document settings the annual notice needs: each one missing makes its documents drafts
 * (an error under --strict).  Returns the number missing. */
static int document_settings(const model *m, int strict)
{
	const settings *s = &m->set;
	const struct { const char *key, *value, *example; } need[] = {
		{ "issuer", s->issuer, "issuer = XX区政务服务中心" },
		{ "doc_number", s->doc_number, "doc_number = X政服〔2023〕3号" },
		{ "issue_date", s->issue_date, "issue_date = 2023-01-16" },
		{ "recipients", s->recipients, "recipients = 各窗口、各分中心" },
	};
	char *ini = path_join(m->dir, "method.ini");
	int missing = 0;
	for (size_t i = 0; i < sizeof need / sizeof *need; i++) {
		if (need[i].value[0]) continue;
		missing++;
		if (strict)
			diag_error(ini, 0, 0, "没有设置 %s（%s），如 %s", need[i].key, settings_describe(need[i].key), need[i].example);
		else
			diag_warn(ini, 0, 0, "没有设置 %s（%s）：用到它的文件将印为草稿、该处留空；正式印发前请设置，如 %s",
				need[i].key, settings_describe(need[i].key), need[i].example);
	}
	free(ini);
	return missing;
}

/* Lays out every document `kaoji year` would make (the CSVs in a scratch folder removed
 * afterwards), writing no PDF, so that whatever would stop `year` (a template's mistake, a
 * table header no page can hold) stops check. */
static int dry_run(model *m, const cmd_args *a, run_output *o)
{
	year_score y = {0};
	int rc = score_year(m, &y);
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/kaoji-check-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int made = 0;
	if (rc == EXIT_OK && !(made = mkdtemp(dir) != NULL)) {
		diag_error(dir, 0, 0, "无法创建校验用的临时文件夹：%s", sys_error(errno));
		rc = EXIT_CANTCREAT;
	}
	diag_quiet(1);
	doc_trial_run(1);
	if (rc == EXIT_OK) rc = out_begin(o, dir);
	if (rc == EXIT_OK) out_options(o, m->dir, a);
	if (rc == EXIT_OK) rc = out_annual(o, &y, 1);
	if (rc == EXIT_OK) rc = out_months(o, m, 1, m->set.months < 12 ? m->set.months : 12, 1);
	rc = out_end(o, rc);
	doc_trial_run(0);
	diag_quiet(0);
	if (made) rmdir(dir);
	free(dir);
	score_free(&y);
	return rc;
}

int cmd_check(int argc, char **argv)
{
	cmd_args a;
	int rc = cmd_parse(argc, argv, usage, "set,strict,draft-notice,full,templates,fonts", &a);
	if (rc) return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (a.npositional != 1) { fputs(usage, stderr); return EXIT_USAGE; }
	if ((rc = cmd_paths(&a, a.data_dir))) return rc;
	model m = {0};
	run_output o = { .dry = 1 };
	rc = out_fonts(&o);
	if (rc == EXIT_OK) rc = model_load(&m, a.data_dir, a.sets, a.nsets, out_printable(&o));
	if (rc == EXIT_OK && document_settings(&m, a.strict) && a.strict) rc = EXIT_DATAERR;
	/* Every data defect year could meet is found while loading (tests/e2e/hostile.sh runs
	 * check and year on every test folder); the trial layout adds a template's mistakes,
	 * at the cost of laying out the whole year (a province: minutes, not 0.3 s). */
	if (rc == EXIT_OK && a.full) rc = dry_run(&m, &a, &o);
	else out_end(&o, rc);
	if (rc == EXIT_OK) summary(&m);
	else fprintf(stderr, "校验未通过：%d个错误。\n", diag_errors());
	model_free(&m);
	return rc;
}
