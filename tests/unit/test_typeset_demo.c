/* test_typeset_demo.c — builds the demo documents with the layout API (a full 公文 from
 * tests/typeset/demo.txt, a full grid page, 37 scorecards, a size probe) and writes them to
 * $TYPESET_OUT (default build/typeset) for tests/e2e/typeset_*.sh to inspect. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "base/util.h"
#include "font/font.h"
#include "layout/layout.h"

static fn_set *fs;

/* The output folder for the rendered PDFs. */
static const char *outdir(void)
{
	const char *e = getenv("TYPESET_OUT");
	return e && *e ? e : "build/typeset";
}

/* Splits s at sep into at most max fields (in place). */
static size_t split(char *s, char sep, char **f, size_t max)
{
	size_t n = 0;
	f[n++] = s;
	for (char *p = s; *p && n < max; p++)
		if (*p == sep) { *p = 0; f[n++] = p + 1; }
	return n;
}

/* Adds tests/typeset/<name> (a CSV without quotes) as a table with one header row. */
static void add_csv_table(ly_doc *d, const char *name)
{
	char *path = xasprintf("tests/typeset/%s", name);
	size_t len;
	char *text = read_file(path, &len);
	assert_non_null(text);
	const char **cells = NULL;
	size_t ncells = 0, cap = 0, rows = 0, cols = 0;
	char *save_ptr;
	for (char *line = strtok_r(text, "\n", &save_ptr); line; line = strtok_r(NULL, "\n", &save_ptr)) {
		char *f[32];
		size_t n = split(line, ',', f, 32);
		if (!cols) cols = n;
		for (size_t i = 0; i < cols; i++) {
			GROW(cells, ncells, cap);
			cells[ncells++] = i < n ? f[i] : "";
		}
		rows++;
	}
	ly_table t = { .nrows = rows, .ncols = cols, .header_rows = 1, .cells = cells,
	               .size = LY_SIZE_5 - 1.5, .where = name };
	ly_table_add(d, &t);
	free(cells);
	free(text);
	free(path);
}

/* Builds the demo 公文 from tests/typeset/demo.txt. */
static ly_doc *build_demo(void)
{
	ly_style st = ly_style_gongwen();
	ly_doc *d = ly_new(fs, &st);
	size_t len;
	char *text = read_file("tests/typeset/demo.txt", &len);
	assert_non_null(text);
	const char *notes[8];
	size_t nnotes = 0;
	char *signer = NULL, *mark = NULL, *save_ptr;
	for (char *line = strtok_r(text, "\n", &save_ptr); line; line = strtok_r(NULL, "\n", &save_ptr)) {
		if (line[0] == '#') continue;
		char *f[10];
		size_t n = split(line, '|', f, 10);
		if (n < 2) continue;
		const char *k = f[0];
		if (!strcmp(k, "标志")) mark = f[1];
		else if (!strcmp(k, "字号")) ly_gw_header(d, mark, f[1]);
		else if (!strcmp(k, "标题")) ly_gw_title(d, f[1]);
		else if (!strcmp(k, "主送")) ly_gw_addressee(d, f[1]);
		else if (!strcmp(k, "段")) ly_body(d, f[1]);
		else if (!strcmp(k, "一级")) ly_heading(d, 1, f[1]);
		else if (!strcmp(k, "二级")) ly_heading(d, 2, f[1]);
		else if (!strcmp(k, "三级")) ly_heading(d, 3, f[1]);
		else if (!strcmp(k, "四级")) ly_heading(d, 4, f[1]);
		else if (!strcmp(k, "表")) add_csv_table(d, f[1]);
		else if (!strcmp(k, "附件说明")) {
			for (size_t i = 1; i < n && nnotes < 8; i++) notes[nnotes++] = f[i];
			ly_gw_attach_note(d, notes, nnotes);
		} else if (!strcmp(k, "署名")) signer = f[1];
		else if (!strcmp(k, "日期") && n >= 4) ly_gw_signature(d, signer, atoi(f[1]), atoi(f[2]), atoi(f[3]));
		else if (!strcmp(k, "附件") && n >= 3) ly_gw_attachment(d, atoi(f[1]), f[2]);
		else if (!strcmp(k, "抄送")) signer = f[1];
		else if (!strcmp(k, "印发") && n >= 5) ly_gw_colophon(d, signer, f[1], atoi(f[2]), atoi(f[3]), atoi(f[4]));
	}
	free(text);
	return d;
}

/* Saves d to outdir()/name, failing the test on error. */
static void save(ly_doc *d, const char *name)
{
	mkdir_p(outdir());
	char *path = path_join(outdir(), name), *err = NULL;
	pd_meta meta = { .title = name, .year = 2023, .month = 1, .day = 5 };
	int rc = ly_save(d, path, &meta, &err);
	if (rc) fprintf(stderr, "%s\n", err);
	assert_int_equal(rc, 0);
	free(path);
}

static void test_demo(void **state)
{
	(void)state;
	ly_doc *d = build_demo();
	assert_null(ly_error(d));
	save(d, "demo.pdf");
	assert_true(ly_page_count(d) >= 4);
	ly_free(d);
}

int main(void)
{
	char *err = NULL;
	fs = fn_open(fn_default_dir(), &err);
	if (!fs) { fprintf(stderr, "%s\n", err); return 1; }
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	fn_close(fs);
	return rc;
}
