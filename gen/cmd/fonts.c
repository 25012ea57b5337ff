/* fonts.c — placeholder until its issue lands. */
#include <stdio.h>
#include "base/util.h"
#include "cmd/cmd.h"

int cmd_fonts(int argc, char **argv)
{
	(void)argc; (void)argv;
	fputs("kaoji fonts: 尚未实现\n", stderr);
	return EXIT_SOFTWARE;
}
