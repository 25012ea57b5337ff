/* paths.h — kaoji's data folders: where the templates, the fonts (fonts.map, a hall's
 * licensed faces) and the free Fandol faces shipped with kaoji are found, from any folder.
 *
 * Each file is looked for in a list of folders, most specific first, and the first folder
 * that has it wins (so a hall may keep just the one template it rewords):
 *   1. the command line: --templates DIR, --fonts DIR;
 *   2. the environment: KAOJI_TEMPLATES, KAOJI_FONTS;
 *   3. the data folder itself: DATA_DIR/templates, DATA_DIR/fonts (a hall's own);
 *   4. beside the executable: ../share/kaoji when installed (so a DESTDIR install or a
 *      moved tree works), else the source tree build/kaoji lies in (templates/, fonts/, and
 *      build/fonts, where the Makefile puts the Fandol faces);
 *   5. the folder compiled in from PREFIX.
 * A folder named in 1 or 2 must exist; the others are skipped when absent. */
#ifndef KAOJI_PATHS_H
#define KAOJI_PATHS_H

#include <stdbool.h>
#include <stdio.h>

typedef enum { DATA_TEMPLATES, DATA_FONTS, DATA_KINDS } data_kind;

/* One folder of a search list. */
typedef struct {
	char *dir;
	const char *origin;             /* where it comes from, in Chinese ("数据文件夹") */
	bool exists;
} data_folder;

/* Sets this run's lists: data_dir (NULL when the command has none) and the --templates and
 * --fonts options (NULL when not given).  0, or EXIT_NOINPUT after reporting a folder the
 * command line or the environment names that does not exist.  Without a call the lists
 * hold the environment's, the executable's and PREFIX's folders. */
int paths_setup(const char *data_dir, const char *templates, const char *fonts);

/* The folders searched for kind, in order, absent ones included (exists false). */
const data_folder *paths_list(data_kind kind, size_t *n);

/* The first folder of kind holding name: a new path, or NULL. */
char *paths_find(data_kind kind, const char *name);

/* Reports that name (a kind file kaoji ships) is in none of the folders, naming each place
 * searched; returns EXIT_OSFILE: the installation is incomplete, not the data wrong. */
int paths_missing(data_kind kind, const char *name);

/* Prints kind's folders, one a line with where each comes from (kaoji fonts, --version). */
void paths_describe(FILE *fp, data_kind kind);

#endif
