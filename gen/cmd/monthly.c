/* monthly.c — `kaoji monthly DATA_DIR --month 2022-03 -o OUT_DIR`: a month's scores and its 月度通报. */
#include <stdio.h>
#include <string.h>

#include "base/diag.h"
#include "base/util.h"
#include "cmd/cmd.h"
#include "cmd/output.h"
#include "model/model.h"

static const char usage[] =
	"用法: kaoji monthly DATA_DIR (--month 2022-03 | --all) -o OUT_DIR [--set 设置项=值]... [--csv-only] [--strict]\n"
	"                    [--templates 模板文件夹] [--fonts 字体文件夹]\n"
	"计算窗口的月度考核得分，写出 OUT_DIR/monthly-YYYY-MM.csv 和月度通报 bulletin-YYYY-MM.pdf；\n"
	"--month 的写法与 deductions.csv 的月份相同（如 2022-03、2022-3、2022/3、2022年3月）；\n"
	"--all 逐月写出全年；--csv-only 只写 CSV；--strict 时缺少公文设置（issuer）是错误，否则通报印为草稿；\n"
	"--templates、--fonts 同 kaoji annual。\n";

int cmd_monthly(int argc, char **argv)
{
	cmd_args a;
	int rc = cmd_parse(argc, argv, usage, "o,set,month,all,csv-only,strict,templates,fonts", &a);
	if (rc) return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (a.npositional != 1 || !a.out || (!a.month && !a.all)) { fputs(usage, stderr); return EXIT_USAGE; }
	int y = 0, mo = 0, first = 1, last = 0;
	if (a.month && parse_month(a.month, &y, &mo)) {
		fprintf(stderr, "kaoji monthly: --month 应为月份，如 2022-03 或 2022年3月，实际是“%s”\n", a.month);
		return EXIT_USAGE;
	}
	if ((rc = cmd_paths(&a, a.data_dir))) return rc;
	model m = {0};
	run_output o = {0};
	rc = out_prepare(a.out);
	if (rc == EXIT_OK && !a.csv_only) rc = out_fonts(&o);
	if (rc == EXIT_OK) rc = model_load(&m, a.data_dir, a.sets, a.nsets, out_printable(&o));
	if (rc == EXIT_OK) {
		last = m.set.months < 12 ? m.set.months : 12;
		if (!a.all) {
			if (y != m.year || mo > last) {
				fprintf(stderr, "kaoji monthly: --month 应为 %d-01 至 %d-%02d 之间的月份（考核年度%d年，%d个月），实际是“%s”\n",
					m.year, m.year, last, m.year, last, a.month);
				rc = EXIT_USAGE;
			}
			first = last = mo;
		}
	}
	if (rc == EXIT_OK) rc = out_begin(&o, a.out);
	if (rc == EXIT_OK) out_options(&o, a.data_dir, &a);
	if (rc == EXIT_OK) rc = out_months(&o, &m, first, last, !a.csv_only);
	rc = out_end(&o, rc);
	model_free(&m);
	return rc;
}
