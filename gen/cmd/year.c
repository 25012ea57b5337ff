/* year.c — `kaoji year DATA_DIR -o OUT_DIR`: the whole year in one run (annual + every month),
 * fonts parsed once, one summary; what `make run` calls. */
#include <stdio.h>

#include "base/diag.h"
#include "base/util.h"
#include "cmd/cmd.h"
#include "cmd/output.h"
#include "score/score.h"

static const char usage[] =
	"用法: kaoji year DATA_DIR -o OUT_DIR [--set 设置项=值]...\n"
	"一次生成全年的全部文件：results.csv、notice.pdf、scorecards/ 与 scorecards.pdf、\n"
	"每月的 monthly-YYYY-MM.csv 与 bulletin-YYYY-MM.pdf。数据有错时不写出任何文件。\n";

int cmd_year(int argc, char **argv)
{
	cmd_args a;
	int rc = cmd_parse(argc, argv, usage, "o,set", &a);
	if (rc) return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (a.npositional != 1 || !a.out) { fputs(usage, stderr); return EXIT_USAGE; }
	model m;
	year_score y = {0};
	run_output o = {0};
	rc = model_load(&m, a.data_dir, a.sets, a.nsets);
	if (rc == EXIT_OK) rc = score_year(&m, &y);
	if (rc == EXIT_OK) rc = out_begin(&o, a.out, 1);
	if (rc == EXIT_OK) rc = out_annual(&o, &y, 1);
	for (int k = 1; rc == EXIT_OK && k <= (m.set.months < 12 ? m.set.months : 12); k++)
		rc = out_month(&o, &m, k, 1);
	rc = out_end(&o, rc);
	score_free(&y);
	model_free(&m);
	return rc;
}
