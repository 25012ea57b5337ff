/* fonts.c — `kaoji fonts`: the fonts folders, each font role's chain and the file actually used. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/diag.h"
#include "base/util.h"
#include "cmd/cmd.h"
#include "font/font.h"

static const char usage[] =
	"用法: kaoji fonts [DATA_DIR] [--fonts 字体文件夹]\n"
	"列出字体文件夹（依次是 --fonts、$KAOJI_FONTS、DATA_DIR/fonts/、kaoji 自己的字体文件夹），\n"
	"用到的 fonts.map，每个字体角色的字体链，以及实际使用的字体文件（* 标出）。\n"
	"给出 DATA_DIR 时按这个数据文件夹（其中的 fonts/）列出，与 kaoji annual DATA_DIR 用的字体相同。\n";

/* Runs `kaoji fonts`. */
int cmd_fonts(int argc, char **argv)
{
	cmd_args a;
	int rc = cmd_parse(argc, argv, usage, "fonts", &a);
	if (rc) return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (a.npositional > 1) { fputs(usage, stderr); return EXIT_USAGE; }
	struct stat st;
	int bad = !a.data_dir ? 0 : stat(a.data_dir, &st) != 0 ? errno : !S_ISDIR(st.st_mode) ? ENOTDIR : 0;
	if (bad) {
		diag_error(a.data_dir, 0, 0, "找不到数据文件夹：%s", sys_error(bad));
		return EXIT_NOINPUT;
	}
	if ((rc = cmd_paths(&a, a.data_dir))) return rc;
	char *err = NULL;
	fn_set *fs = fn_open(&err);
	if (!fs) {
		int nomem = errno == ENOMEM;
		fprintf(stderr, "kaoji fonts: %s\n", err);
		free(err);
		return nomem ? EXIT_SOFTWARE : EXIT_CONFIG;
	}
	fn_describe(fs, stdout);
	fn_close(fs);
	return EXIT_OK;
}
