/* diff.c — `kaoji diff OLD NEW [-o OUT_DIR]`: who moved between two runs (after an appeal or
 * late data): every unit whose results.csv row changed, old → new, and the input rows that
 * differ.  OLD and NEW are data folders or results.csv files.  Exit 0 when nothing changed,
 * 1 when something did, as diff(1). */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/diag.h"
#include "base/util.h"
#include "cmd/cmd.h"
#include "cmd/output.h"
#include "doc/diffout.h"
#include "score/score.h"

static const char usage[] =
	"用法: kaoji diff OLD NEW [-o OUT_DIR] [--set 设置项=值]... [--fonts 字体文件夹]\n"
	"比较两次考绩：OLD、NEW 是两个数据文件夹，或两个 results.csv。列出结果有变化的每个单位\n"
	"（排名、各项得分、最终得分、等次，原值 → 新值；新增、删除的单位），两个都是数据文件夹时\n"
	"还列出输入数据中新增、删除、修改的行（文件，在各文件夹中的行号）。\n"
	"-o 另把它们写成 OUT_DIR 中的 diff.csv 和一页的 diff.pdf。--set 对两边都生效。\n"
	"退出状态：0 没有变化，1 有变化（同 diff），65 数据有错，64 用法错误。\n";

/* One side: a data folder loaded and scored, or a results.csv read. */
typedef struct {
	model m;
	year_score y;
	result_table t;
	int folder;
} side;

/* Reads one side; 0 or an exit status after reporting. */
static int load(side *s, const char *path, const cmd_args *a, const run_output *o)
{
	struct stat st;
	s->folder = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
	if (!s->folder) return result_read(path, &s->t);
	int rc = model_load(&s->m, path, a->sets, a->nsets, out_printable(o));
	if (rc == EXIT_OK) rc = score_year(&s->m, &s->y);
	if (rc == EXIT_OK) result_table_of(&s->y, path, &s->t);
	return rc;
}

static void side_free(side *s)
{
	result_free(&s->t);
	if (s->folder) { score_free(&s->y); model_free(&s->m); }
}

int cmd_diff(int argc, char **argv)
{
	cmd_args a;
	int rc = cmd_parse(argc, argv, usage, "o,set,fonts", &a);
	if (rc) return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (a.npositional != 2) { fputs(usage, stderr); return EXIT_USAGE; }
	const char *old = a.positional[0], *new = a.positional[1];
	struct stat st;
	if ((rc = cmd_paths(&a, stat(new, &st) == 0 && S_ISDIR(st.st_mode) ? new : NULL))) return rc;
	side s[2] = {0};
	row_diff rows = {0};
	diff_result units = {0};
	run_output o = {0};
	if (a.out) rc = out_prepare(a.out);
	if (rc == EXIT_OK && a.out) rc = out_fonts(&o);
	if (rc == EXIT_OK) rc = load(&s[0], old, &a, &o);
	if (rc == EXIT_OK) rc = load(&s[1], new, &a, &o);
	if (rc == EXIT_OK && s[0].folder && s[1].folder) rc = rowdiff_folders(old, new, &rows);
	int changed = 0;
	if (rc == EXIT_OK) {
		diff_results(&s[0].t, &s[1].t, &units);
		diffout d = { &s[0].t, &s[1].t, &units, s[0].folder && s[1].folder ? &rows : NULL };
		changed = units.n > 0 || rows.n > 0;
		diffout_print(stdout, &d);
		if (a.out) {
			rc = out_begin(&o, a.out);
			if (rc == EXIT_OK) rc = diffout_csv(&d, o.stage);
			if (rc == EXIT_OK) diag_progress("  %-28s %d个单位、%d行有变化\n", "diff.csv", units.n, rows.n);
			if (rc == EXIT_OK) rc = diffout_pdf(&d, o.fonts, o.stage, &o.stats);
		}
	}
	if (a.out) rc = out_end(&o, rc);
	else if (o.fonts) out_end(&o, rc);
	diff_free(&units);
	rowdiff_free(&rows);
	side_free(&s[0]);
	side_free(&s[1]);
	return rc != EXIT_OK ? rc : changed ? 1 : EXIT_OK;
}
