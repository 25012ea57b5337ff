/* annual.c — `kaoji annual DATA_DIR -o OUT_DIR`: the year's scores, ranks, grades and documents;
 * and `kaoji year`, the same plus every month's CSV and bulletin in one run (what `make run` calls). */
#include <stdio.h>
#include <string.h>

#include "base/diag.h"
#include "base/util.h"
#include "cmd/cmd.h"
#include "cmd/output.h"
#include "score/score.h"

static const char annual_usage[] =
	"用法: kaoji annual DATA_DIR -o OUT_DIR [--set 设置项=值]... [--csv-only] [--draft-notice] [--strict]\n"
	"                   [--templates 模板文件夹] [--fonts 字体文件夹]\n"
	"计算年度考绩（日常考核、满意度/综合评价、扣分、最终得分、排名、等次），写出 OUT_DIR 中的\n"
	"results.csv、Excel 工作簿 results.xlsx（每组一张表、月度得分、扣分记录）、年度考绩结果通报 notice.pdf、\n"
	"每个单位的考绩单 scorecards/NN-单位.pdf 和合订本 scorecards.pdf。\n"
	"--set 临时改变一个设置，例如 --set district_excellent=true 试算区考绩优秀时的先进名额；\n"
	"--csv-only 只写 results.csv（不写 results.xlsx）；--draft-notice 把 notice.pdf 印成考绩结果的公示稿（templates/publicity.tpl）。\n"
	"method.ini 缺少公文设置（issuer、doc_number、issue_date…）时照常写出全部文件，用到它的文件印为草稿、\n"
	"该处留空，每个缺少的设置警告一次；--strict 把这些警告当作错误（正式印发前使用）。\n"
	"--templates、--fonts 指定先于其他位置查找的模板、字体文件夹（其后依次是 KAOJI_TEMPLATES、KAOJI_FONTS，\n"
	"DATA_DIR 中的 templates/、fonts/，kaoji 自己的文件夹；kaoji --version 列出这些文件夹）。\n"
	"数据有错时不写出任何文件，退出状态 65。\n";

static const char year_usage[] =
	"用法: kaoji year DATA_DIR -o OUT_DIR [--set 设置项=值]... [--draft-notice] [--strict]\n"
	"                 [--templates 模板文件夹] [--fonts 字体文件夹]\n"
	"一次生成全年的全部文件：results.csv、results.xlsx、notice.pdf、scorecards/ 与 scorecards.pdf、\n"
	"每月的 monthly-YYYY-MM.csv 与 bulletin-YYYY-MM.pdf。--draft-notice、--strict、--templates、--fonts\n"
	"同 kaoji annual。\n"
	"数据有错时不写出任何文件。\n";

/* Loads, scores and writes the annual outputs, and every month's too when `months`. */
static int run(int argc, char **argv, const char *usage, const char *options, int months)
{
	cmd_args a;
	int rc = cmd_parse(argc, argv, usage, options, &a);
	if (rc) return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (a.npositional != 1 || !a.out) { fputs(usage, stderr); return EXIT_USAGE; }
	if ((rc = cmd_paths(&a, a.data_dir))) return rc;
	model m = {0};
	year_score y = {0};
	run_output o = {0};
	rc = out_prepare(a.out);
	if (rc == EXIT_OK && !a.csv_only) rc = out_fonts(&o);
	if (rc == EXIT_OK) rc = model_load(&m, a.data_dir, a.sets, a.nsets, out_printable(&o));
	if (rc == EXIT_OK) rc = score_year(&m, &y);
	if (rc == EXIT_OK) rc = out_begin(&o, a.out);
	if (rc == EXIT_OK) out_options(&o, a.data_dir, &a);
	if (rc == EXIT_OK) rc = out_annual(&o, &y, !a.csv_only);
	if (months && rc == EXIT_OK) rc = out_months(&o, &m, 1, m.set.months < 12 ? m.set.months : 12, 1);
	rc = out_end(&o, rc);
	score_free(&y);
	model_free(&m);
	return rc;
}

int cmd_annual(int argc, char **argv) { return run(argc, argv, annual_usage, "o,set,csv-only,strict,draft-notice,templates,fonts", 0); }
int cmd_year(int argc, char **argv) { return run(argc, argv, year_usage, "o,set,strict,draft-notice,templates,fonts", 1); }
