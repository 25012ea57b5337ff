/* notice.c — placeholder until its issue lands. */
#include <stdio.h>
#include "base/util.h"
#include "cmd/cmd.h"

int cmd_notice(int argc, char **argv)
{
	(void)argc; (void)argv;
	fputs("kaoji notice: 尚未实现\n", stderr);
	return EXIT_SOFTWARE;
}
