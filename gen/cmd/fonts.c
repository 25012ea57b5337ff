/* fonts.c — `kaoji fonts`: prints each font role's chain and the file actually used. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "cmd/cmd.h"
#include "font/font.h"

/* Prints the usage of this subcommand. */
static void usage(FILE *fp)
{
	fputs("用法: kaoji fonts [--dir 字体文件夹]\n"
	      "列出每个字体角色的字体链，以及实际使用的字体文件（* 标出）。\n"
	      "字体文件夹默认为 $KAOJI_FONTS，未设置时为当前目录下的 fonts/。\n", fp);
}

/* Runs `kaoji fonts`. */
int cmd_fonts(int argc, char **argv)
{
	const char *dir = fn_default_dir();
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) { usage(stdout); return EXIT_OK; }
		if (!strcmp(argv[i], "--dir") && i + 1 < argc) { dir = argv[++i]; continue; }
		fprintf(stderr, "kaoji fonts: 未知参数“%s”\n", argv[i]);
		usage(stderr);
		return EXIT_USAGE;
	}
	char *err = NULL;
	fn_set *fs = fn_open(dir, &err);
	if (!fs) {
		fprintf(stderr, "kaoji fonts: %s\n", err);
		free(err);
		return EXIT_CONFIG;
	}
	fn_describe(fs, stdout);
	fn_close(fs);
	return EXIT_OK;
}
