/* main.c — kaoji's entry point: dispatches to one subcommand. */
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "cmd/cmd.h"

static const struct {
	const char *name;
	int (*run)(int, char **);
	const char *help;
} commands[] = {
	{ "check",   cmd_check,   "校验数据文件夹并打印摘要" },
	{ "annual",  cmd_annual,  "计算年度考绩，输出 results.csv 与年度文件" },
	{ "monthly", cmd_monthly, "计算月度考核，输出 monthly-YYYY-MM.csv 与月度通报" },
	{ "year",    cmd_year,    "一次生成全年的全部文件（年度与各月）" },
	{ "diff",    cmd_diff,    "比较两次考绩：哪些单位的结果变了，输入数据哪些行不同" },
	{ "tally",   cmd_tally,   "由 ballots.csv 的选票统计票数，输出 votes.csv 与计票结果 tally.pdf" },
	{ "explain", cmd_explain, "逐项说明一个单位的每个分数从何而来" },
	{ "notice",  cmd_notice,  "按模板生成通知公文" },
	{ "fonts",   cmd_fonts,   "列出字体文件夹、各字体角色的字体链与实际使用的字体文件" },
};

/* Every exit status a command can end with (the man page lists the same; a test compares). */
static const struct {
	int status;
	const char *meaning;
} statuses[] = {
	{ EXIT_OK,        "成功" },
	{ EXIT_USAGE,     "命令行用法错误" },
	{ EXIT_DATAERR,   "数据或模板错误" },
	{ EXIT_NOINPUT,   "找不到数据文件夹或指定的文件夹、文件" },
	{ EXIT_SOFTWARE,  "内部错误" },
	{ EXIT_OSFILE,    "kaoji 的安装缺少文件" },
	{ EXIT_CANTCREAT, "无法写出输出文件" },
	{ EXIT_CONFIG,    "字体不可用" },
};

/* Prints the command list, the global options and the exit statuses. */
static void usage(FILE *fp)
{
	fputs("用法: kaoji 命令 [参数]   (kaoji 命令 --help 或 -h 查看各命令说明)\n"
	      "      kaoji --version | -V   (版本，以及模板、字体文件夹)\n\n命令:\n", fp);
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		fprintf(fp, "  %-8s %s\n", commands[i].name, commands[i].help);
	fputs("\n退出状态:\n", fp);
	for (size_t i = 0; i < sizeof statuses / sizeof *statuses; i++)
		fprintf(fp, "  %-3d %s\n", statuses[i].status, statuses[i].meaning);
}

int main(int argc, char **argv)
{
	if (argc < 2) { usage(stderr); return EXIT_USAGE; }
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
		return cmd_version(argc - 1, argv + 1);
	if (!strcmp(argv[1], "__complete"))            /* not a command for people: not listed */
		return cmd_complete(argc - 1, argv + 1);
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (!strcmp(argv[1], commands[i].name)) {
			return commands[i].run(argc - 1, argv + 1);
		}
	fprintf(stderr, "kaoji: 未知命令“%s”\n\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
