/* check.c — placeholder. */
#include <stdio.h>
#include "base/util.h"
#include "cmd/cmd.h"

int cmd_check(int argc, char **argv) { (void)argc; (void)argv; return EXIT_SOFTWARE; }
