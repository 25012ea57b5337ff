/* explain.c — placeholder until its issue lands. */
#include <stdio.h>
#include "base/util.h"
#include "cmd/cmd.h"

int cmd_explain(int argc, char **argv)
{
	(void)argc; (void)argv;
	fputs("kaoji explain: 尚未实现\n", stderr);
	return EXIT_SOFTWARE;
}
