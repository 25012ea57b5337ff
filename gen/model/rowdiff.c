/* rowdiff.c — the rows two data folders differ in (rowdiff.h).  Rows are matched by a
 * longest common subsequence after the common head and tail are set aside (an appeal
 * changes a few rows of a file: the middle left is small); in each run of removed and
 * added rows, the first removed row pairs with the first added one as a change, and so on. */
#include "model/rowdiff.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "base/diag.h"
#include "base/util.h"
#include "model/model.h"
#include "read/csv.h"

const char *const row_kind_name[3] = { "新增", "删除", "修改" };

/* The longest middle part compared exactly (cells of the LCS table); past it, the rows of
 * the middle pair up in order. */
enum { LCS_MAX_CELLS = 4 * 1000 * 1000 };

/* One file's rows: what is compared (cells joined by U+001F) and what is shown. */
typedef struct {
	char **key, **text;
	int *line;
	int n;
} rows;

/* Appends a row unless it is blank; trailing empty cells (Excel's ",,") are dropped. */
static void add_row(rows *r, size_t *cap, char **cells, int ncells, int line)
{
	while (ncells > 0 && !cells[ncells - 1][0]) ncells--;
	if (!ncells) return;
	strbuf k = {0}, t = {0};
	for (int i = 0; i < ncells; i++) {
		if (i) { sb_puts(&k, "\x1f"); sb_puts(&t, ","); }
		sb_puts(&k, cells[i]);
		sb_puts(&t, cells[i]);
	}
	if ((size_t)r->n + 1 >= *cap) {
		*cap = *cap ? *cap * 2 : 64;
		r->key = xrealloc(r->key, *cap * sizeof *r->key);
		r->text = xrealloc(r->text, *cap * sizeof *r->text);
		r->line = xrealloc(r->line, *cap * sizeof *r->line);
	}
	r->key[r->n] = sb_take(&k);
	r->text[r->n] = sb_take(&t);
	r->line[r->n++] = line;
}

/* Reads dir/name into rows: a CSV by its cells, method.ini by its lines.  A missing file
 * has no rows; 0, or -1 after reporting. */
static int read_rows(const char *dir, const char *name, rows *r)
{
	memset(r, 0, sizeof *r);
	char *path = path_join(dir, name);
	struct stat st;
	size_t cap = 0;
	int rc = 0;
	if (stat(path, &st)) { free(path); return 0; }
	if (strstr(name, ".csv")) {
		csv_table t;
		if (csv_load(path, &t)) rc = -1;
		else {
			for (size_t i = 0; i < t.nrows; i++) {
				char **cells = xcalloc((size_t)t.rows[i].ncells + 1, sizeof *cells);
				for (int c = 0; c < t.rows[i].ncells; c++) cells[c] = t.rows[i].cells[c].text;
				add_row(r, &cap, cells, t.rows[i].ncells, t.rows[i].line);
				free(cells);
			}
			csv_free_table(&t);
		}
	} else {
		size_t len;
		char *text = read_file(path, &len);
		if (!text) { diag_error(path, 0, 0, "无法读取：%s", sys_error(errno)); rc = -1; }
		int line = 1;
		for (char *p = text, *nl; p && *p; p = nl ? nl + 1 : p + strlen(p), line++) {
			nl = strchr(p, '\n');
			char *s = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
			s[strcspn(s, "\r")] = 0;
			char *trimmed = trim_spaces(s);
			add_row(r, &cap, &trimmed, 1, line);
			free(trimmed);
			free(s);
		}
		free(text);
	}
	free(path);
	return rc;
}

static void free_rows(rows *r)
{
	for (int i = 0; i < r->n; i++) { free(r->key[i]); free(r->text[i]); }
	free(r->key);
	free(r->text);
	free(r->line);
}

/* Records one change. */
static void note(row_diff *d, const char *file, row_kind kind, const rows *a, int i, const rows *b, int j)
{
	GROW(d->c, (size_t)d->n, d->cap);
	d->c[d->n++] = (row_change){ file, kind, i >= 0 ? a->line[i] : 0, j >= 0 ? b->line[j] : 0,
		i >= 0 ? xstrdup(a->text[i]) : NULL, j >= 0 ? xstrdup(b->text[j]) : NULL };
}

/* A run of removed rows a[i0..i1) and added rows b[j0..j1): pairs first, then the rest. */
static void hunk(row_diff *d, const char *file, const rows *a, int i0, int i1, const rows *b, int j0, int j1)
{
	int k = 0;
	for (; i0 + k < i1 && j0 + k < j1; k++) note(d, file, ROW_CHANGED, a, i0 + k, b, j0 + k);
	for (int i = i0 + k; i < i1; i++) note(d, file, ROW_REMOVED, a, i, b, -1);
	for (int j = j0 + k; j < j1; j++) note(d, file, ROW_ADDED, a, -1, b, j);
}

/* Compares the rows of one file. */
static void compare(row_diff *d, const char *file, const rows *a, const rows *b)
{
	int lo = 0, ha = a->n, hb = b->n;
	while (lo < ha && lo < hb && !strcmp(a->key[lo], b->key[lo])) lo++;
	while (ha > lo && hb > lo && !strcmp(a->key[ha - 1], b->key[hb - 1])) { ha--; hb--; }
	int n = ha - lo, m = hb - lo;
	if ((int64_t)(n + 1) * (m + 1) > LCS_MAX_CELLS) { hunk(d, file, a, lo, ha, b, lo, hb); return; }
	/* L[i][j]: the longest common subsequence of a[lo+i..ha) and b[lo+j..hb). */
	int *L = xcalloc((size_t)(n + 1) * (size_t)(m + 1), sizeof *L);
#define AT(i, j) L[(size_t)(i) * (size_t)(m + 1) + (size_t)(j)]
	for (int i = n - 1; i >= 0; i--)
		for (int j = m - 1; j >= 0; j--)
			AT(i, j) = !strcmp(a->key[lo + i], b->key[lo + j]) ? AT(i + 1, j + 1) + 1
				: AT(i + 1, j) >= AT(i, j + 1) ? AT(i + 1, j) : AT(i, j + 1);
	int i = 0, j = 0, i0 = 0, j0 = 0;
	while (i < n || j < m) {
		if (i < n && j < m && !strcmp(a->key[lo + i], b->key[lo + j])) {
			hunk(d, file, a, lo + i0, lo + i, b, lo + j0, lo + j);
			i0 = ++i;
			j0 = ++j;
		} else if (j >= m || (i < n && AT(i + 1, j) >= AT(i, j + 1))) i++;
		else j++;
	}
	hunk(d, file, a, lo + i0, lo + i, b, lo + j0, lo + j);
#undef AT
	free(L);
}

int rowdiff_folders(const char *old_dir, const char *new_dir, row_diff *d)
{
	memset(d, 0, sizeof *d);
	const char *files[FILE_COUNT + 1];
	for (int f = 0; f < FILE_COUNT; f++) files[f] = data_file_name[f];
	files[FILE_COUNT] = "method.ini";
	for (int f = 0; f <= FILE_COUNT; f++) {
		rows a, b;
		int rc = read_rows(old_dir, files[f], &a);
		if (!rc) rc = read_rows(new_dir, files[f], &b);
		else memset(&b, 0, sizeof b);
		if (!rc) compare(d, files[f], &a, &b);
		free_rows(&a);
		free_rows(&b);
		if (rc) return EXIT_DATAERR;
	}
	return EXIT_OK;
}

void rowdiff_free(row_diff *d)
{
	for (int i = 0; i < d->n; i++) { free(d->c[i].old_text); free(d->c[i].new_text); }
	free(d->c);
	memset(d, 0, sizeof *d);
}
