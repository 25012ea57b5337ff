/* cmd.h — the subcommands of kaoji, one file each (git builtin/ style). */
#ifndef KAOJI_CMD_H
#define KAOJI_CMD_H

int cmd_check(int argc, char **argv);
int cmd_annual(int argc, char **argv);
int cmd_monthly(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_fonts(int argc, char **argv);
int cmd_notice(int argc, char **argv);

#endif
