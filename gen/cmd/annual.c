/* annual.c — placeholder until its issue lands. */
#include <stdio.h>
#include "base/util.h"
#include "cmd/cmd.h"

int cmd_annual(int argc, char **argv)
{
	(void)argc; (void)argv;
	fputs("kaoji annual: 尚未实现\n", stderr);
	return EXIT_SOFTWARE;
}
