/* complete.c — `kaoji __complete WHAT`, for the bash completion (doc/kaoji.bash), not for people:
 * the words only kaoji knows, so the completion keeps no second list of them.
 *   kaoji __complete settings            every --set key, a tab, and its few values ("a|b") if any
 *   kaoji __complete months DATA_DIR     the months --month takes for that year (2022-01 …) */
#include <stdio.h>
#include <string.h>

#include "base/diag.h"
#include "base/util.h"
#include "cmd/cmd.h"
#include "model/model.h"

/* The keys of the settings table. */
static int settings_words(void)
{
	const char *key, *choices;
	for (size_t i = 0; (key = settings_key(i, &choices)); i++) printf("%s\t%s\n", key, choices ? choices : "");
	return EXIT_OK;
}

/* The assessed months of the data folder's year; nothing when it does not load. */
static int month_words(const char *dir)
{
	strbuf quiet = {0};
	diag_capture(&quiet);           /* a half-typed folder is no error to show mid-line */
	model m;
	int rc = model_load(&m, dir, NULL, 0, NULL);
	diag_capture(NULL);
	free(quiet.s);
	if (rc == EXIT_OK)
		for (int mo = 1; mo <= m.set.months && mo <= 12; mo++) printf("%04d-%02d\n", m.year, mo);
	model_free(&m);
	return EXIT_OK;
}

int cmd_complete(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "settings")) return settings_words();
	if (argc == 3 && !strcmp(argv[1], "months")) return month_words(argv[2]);
	fputs("用法: kaoji __complete settings | kaoji __complete months DATA_DIR（供 bash 补全使用）\n", stderr);
	return EXIT_USAGE;
}
