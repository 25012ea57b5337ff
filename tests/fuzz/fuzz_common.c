/* fuzz_common.c — the shared data folder of the fuzz targets (see fuzz_common.h). */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/util.h"
#include "model/model.h"

/* good-small's files (items.csv is absent there: cited_items makes one). */
static const char *const names[FZ_NFILES] = {
	"units.csv", "items.csv", "deductions.csv", "quarters.csv", "discipline.csv", "third_party.csv",
	"votes.csv", "penalties.csv", "method.ini",
};
static char *base[FZ_NFILES];
static size_t base_len[FZ_NFILES];
static char folder[256];
static int changed = -2;                /* the file that holds fuzz data now (-1: none, -2: not written) */

/* The built-in catalog's header and the items good-small's deductions cite: good-small has
 * no items.csv, and parsing the whole catalog on every input would halve the speed.  The
 * built-in catalog is still read whenever an input empties items.csv. */
static char *cited_items(const char *deductions)
{
	strbuf b = {0};
	const char *cat = model_builtin_catalog();
	for (const char *line = cat; *line;) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) + 1 : strlen(line);
		size_t code = strcspn(line, ",");
		int keep = line == cat;             /* the header */
		/* cited as ",CODE," in some deductions row */
		for (const char *p = deductions; !keep && (p = strstr(p, ",")); p++)
			keep = !strncmp(p + 1, line, code) && p[1 + code] == ',';
		if (keep) sb_add(&b, line, n);
		line += n;
	}
	return sb_take(&b);
}

/* Reads good-small (the path comes from the build: KAOJI_SEED_DIR) and makes the folder. */
const char *fz_folder(void)
{
	if (folder[0]) return folder;
	const char *seed = getenv("KAOJI_SEED_DIR");
	if (!seed) seed = "tests/data/good-small";
	for (int f = 0; f < FZ_NFILES; f++) {
		char *p = path_join(seed, names[f]);
		base[f] = read_file(p, &base_len[f]);
		free(p);
		if (!base[f]) { base[f] = xstrdup(""); base_len[f] = 0; }
	}
	if (!base_len[FZ_ITEMS] && base[FZ_DEDUCTIONS]) {
		free(base[FZ_ITEMS]);
		base[FZ_ITEMS] = cited_items(base[FZ_DEDUCTIONS]);
		base_len[FZ_ITEMS] = strlen(base[FZ_ITEMS]);
	}
	const char *tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(folder, sizeof folder, "%s/kaoji-fuzz-%d", tmp, (int)getpid());
	mkdir(folder, 0700);
	return folder;
}

/* Writes one file of the folder; an empty items.csv is left out (the built-in catalog). */
static void put(int f, const void *data, size_t n)
{
	char *p = path_join(folder, names[f]);
	if (f == FZ_ITEMS && !n) { unlink(p); free(p); return; }
	FILE *fp = fopen(p, "wb");
	if (fp) {
		if (n) fwrite(data, 1, n, fp);
		fclose(fp);
	}
	free(p);
}

/* Writes the folder with data in place of file `which`: only what differs from what is
 * there (the whole folder once, then the file the last input changed and this one). */
void fz_write(int which, const uint8_t *data, size_t n)
{
	fz_folder();
	for (int f = 0; f < FZ_NFILES; f++) {
		if (f == which) put(f, data, n);
		else if (changed == -2 || f == changed) put(f, base[f], base_len[f]);
	}
	changed = which;
}

/* Captures diagnostics, emptied each time. */
void fz_quiet(void)
{
	static strbuf sink;
	sink.len = 0;
	if (sink.s) sink.s[0] = 0;
	diag_capture(&sink);
	diag_reset();
}
