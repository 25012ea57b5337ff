/* main.c — kaoji's entry point: dispatches to one subcommand. */
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "cmd/cmd.h"
#include "model/model.h"

static const struct {
	const char *name;
	int (*run)(int, char **);
	const char *help;
} commands[] = {
	{ "check",   cmd_check,   "校验数据文件夹并打印摘要" },
	{ "annual",  cmd_annual,  "计算年度考绩，输出 results.csv 与年度文件" },
	{ "monthly", cmd_monthly, "计算月度考核，输出 monthly-YYYY-MM.csv 与月度通报" },
	{ "year",    cmd_year,    "一次生成全年的全部文件（年度与各月）" },
	{ "explain", cmd_explain, "逐项说明一个单位的每个分数从何而来" },
	{ "notice",  cmd_notice,  "按模板生成通知公文" },
	{ "fonts",   cmd_fonts,   "列出各字体角色的字体链与实际使用的字体文件" },
};

/* Prints the command list. */
static void usage(FILE *fp)
{
	fputs("用法: kaoji 命令 [参数]   (kaoji 命令 --help 查看各命令说明)\n\n命令:\n", fp);
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		fprintf(fp, "  %-8s %s\n", commands[i].name, commands[i].help);
	fputs("\n退出状态: 0 成功; 64 用法错误; 65 数据错误; 66 找不到输入; 73 无法写出; 70 内部错误\n", fp);
}

/* --strict also holds the data to what may be issued (a placeholder catalog text is an
 * error, model/placeholder.c) for the commands that print for issue.  The commands' own
 * option parser does not pass it to the loader, so it is read here. */
static void strict_data(int argc, char **argv)
{
	static const char *const issuing[] = { "check", "annual", "monthly", "year" };
	int issues = 0;
	for (size_t i = 0; i < sizeof issuing / sizeof *issuing; i++) issues |= !strcmp(argv[1], issuing[i]);
	for (int i = 2; issues && i < argc; i++)
		if (!strcmp(argv[i], "--strict")) model_set_strict(true);
}

int main(int argc, char **argv)
{
	if (argc < 2) { usage(stderr); return EXIT_USAGE; }
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (!strcmp(argv[1], commands[i].name)) {
			strict_data(argc, argv);
			return commands[i].run(argc - 1, argv + 1);
		}
	fprintf(stderr, "kaoji: 未知命令“%s”\n\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
