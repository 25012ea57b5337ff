/* cmd.h — the subcommands of kaoji, one file each (git builtin/ style). */
#ifndef KAOJI_CMD_H
#define KAOJI_CMD_H

int cmd_check(int argc, char **argv);
int cmd_annual(int argc, char **argv);
int cmd_monthly(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_fonts(int argc, char **argv);
int cmd_notice(int argc, char **argv);
int cmd_year(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_tally(int argc, char **argv);
int cmd_version(int argc, char **argv);         /* kaoji --version, -V */
int cmd_complete(int argc, char **argv);        /* kaoji __complete: words for the bash completion */

#endif

#ifndef KAOJI_CMD_ARGS
#define KAOJI_CMD_ARGS
/* Options common to the subcommands. */
typedef struct {
	const char *data_dir, *out, *month, *unit;
	const char *templates, *fonts;  /* --templates, --fonts: folders searched first (base/paths.h) */
	char *sets[64];                 /* --set assignments, in order */
	int nsets;
	int all, csv_only;
	int strict;                     /* --strict: a missing document setting is an error */
	int draft_notice;               /* --draft-notice: notice.pdf is the 公示稿 */
	int full;                       /* check --full: also a trial layout of every document */
	char *positional[8];
	int npositional;
} cmd_args;

/* Parses argv after the command name; prints `usage` for --help (returns 1) or errors (returns -1).
 * A --set that names no setting or gives it a value it cannot take is an error here, before
 * any data is read: it is the command line that is wrong. */
int cmd_parse(int argc, char **argv, const char *usage, const char *allowed, cmd_args *a);
/* Sets up the template and font folders for data_dir and a's --templates and --fonts
 * (base/paths.h); 0 or an exit status after reporting. */
int cmd_paths(const cmd_args *a, const char *data_dir);
#endif
