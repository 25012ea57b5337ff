/* tally.c — `kaoji tally DATA_DIR -o OUT_DIR`: the votes counted from ballots.csv, written as the
 * votes.csv annual uses (it tallies the same way) and as tally.pdf, with every void ballot. */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "base/diag.h"
#include "base/util.h"
#include "cmd/cmd.h"
#include "cmd/output.h"

static const char usage[] =
	"用法: kaoji tally DATA_DIR -o OUT_DIR [--set 设置项=值]... [--templates 模板文件夹] [--fonts 字体文件夹]\n"
	"由 DATA_DIR/ballots.csv 中的选票（评价主体、票号、单位、评价）统计两类评价主体对每个单位的票数，\n"
	"写出 OUT_DIR 中的 votes.csv（annual、year 用的就是同样的统计）和计票结果 tally.pdf：\n"
	"各评价主体收到、有效、作废的选票（每张作废选票的票号和原因），每个单位的票数和精确的评价得分。\n"
	"一张选票对所评窗口（或分中心）评“非常满意”超过 very_satisfied_limit（默认 30%），或对同一单位评价两次，\n"
	"该票作废（--set ballot_limit_rule=error 时是数据错误）；空白的评价不计票（ballot_blank=skip|void|error）。\n"
	"数据有错时不写出任何文件，退出状态 65。\n";

int cmd_tally(int argc, char **argv)
{
	cmd_args a;
	int rc = cmd_parse(argc, argv, usage, "o,set,templates,fonts", &a);
	if (rc) return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (a.npositional != 1 || !a.out) { fputs(usage, stderr); return EXIT_USAGE; }
	char *ballots = path_join(a.data_dir, "ballots.csv");
	struct stat st;
	if (stat(a.data_dir, &st) == 0 && stat(ballots, &st) != 0) {
		diag_error(ballots, 0, 0, "没有 ballots.csv：kaoji tally 由一张张选票统计票数（%s）", sys_error(errno));
		free(ballots);
		return EXIT_NOINPUT;
	}
	free(ballots);
	if ((rc = cmd_paths(&a, a.data_dir))) return rc;
	model m = {0};
	run_output o = {0};
	rc = out_prepare(a.out);
	if (rc == EXIT_OK) rc = out_fonts(&o);
	if (rc == EXIT_OK) rc = model_load(&m, a.data_dir, a.sets, a.nsets, out_printable(&o));
	if (rc == EXIT_OK) rc = out_begin(&o, a.out);
	if (rc == EXIT_OK) out_options(&o, a.data_dir, &a);
	if (rc == EXIT_OK) rc = out_tally(&o, &m, 1);
	rc = out_end(&o, rc);
	model_free(&m);
	return rc;
}
