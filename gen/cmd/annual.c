/* annual.c — `kaoji annual DATA_DIR -o OUT_DIR`: the year's scores, ranks and grades, and its documents. */
#include <stdio.h>

#include "base/diag.h"
#include "base/util.h"
#include "cmd/cmd.h"
#include "cmd/output.h"
#include "score/score.h"

static const char usage[] =
	"用法: kaoji annual DATA_DIR -o OUT_DIR [--set 设置项=值]... [--csv-only]\n"
	"计算年度考绩（日常考核、满意度/综合评价、扣分、最终得分、排名、等次），写出 OUT_DIR 中的\n"
	"results.csv、年度考绩结果通报 notice.pdf、每个单位的考绩单 scorecards/NN-单位.pdf 和合订本 scorecards.pdf。\n"
	"--set 临时改变一个设置，例如 --set district_excellent=true 试算区考绩优秀时的先进名额；\n"
	"--csv-only 只写 results.csv。数据有错时不写出任何文件，退出状态 65。\n";

int cmd_annual(int argc, char **argv)
{
	cmd_args a;
	int rc = cmd_parse(argc, argv, usage, "o,set,csv-only", &a);
	if (rc) return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (a.npositional != 1 || !a.out) { fputs(usage, stderr); return EXIT_USAGE; }
	model m;
	year_score y = {0};
	run_output o = {0};
	rc = model_load(&m, a.data_dir, a.sets, a.nsets);
	if (rc == EXIT_OK) rc = score_year(&m, &y);
	if (rc == EXIT_OK) rc = out_begin(&o, a.out, !a.csv_only);
	if (rc == EXIT_OK) rc = out_annual(&o, &y, !a.csv_only);
	rc = out_end(&o, rc);
	score_free(&y);
	model_free(&m);
	return rc;
}
