/* test_csvout.c — the CSV outputs are safe to open in a spreadsheet: a text cell that
 * begins like a formula (= + - @, a tab, a carriage return) gets a leading apostrophe in
 * results.csv and the monthly CSVs alike, while numbers stay numbers.  units.csv refuses
 * such names (test_validate), so the names are planted in the model directly: this is the
 * writer's own defence. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "doc/csvout.h"
#include "fixture.h"
#include "score/score.h"

static const char *const hostile[] = { "=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(1)", "=cmd|' /C calc'!A0",
                                       "\tTAB", "\rCR" };
enum { NH = sizeof hostile / sizeof *hostile };

/* What the writer must put in the file for a hostile name: apostrophe first, quoted when
 * the text holds a comma, quote or line end. */
static char *expected_cell(const char *name)
{
	char *safe = xasprintf("'%s", name);
	if (!strpbrk(safe, ",\"\r\n")) return safe;
	strbuf b = {0};
	sb_puts(&b, "\"");
	for (const char *p = safe; *p; p++) sb_add(&b, *p == '"' ? "\"\"" : p, 1 + (*p == '"'));
	sb_puts(&b, "\"");
	free(safe);
	return sb_take(&b);
}

/* Loads a year, renames its first NH windows to the hostile names. */
static void hostile_year(fixture *f, model *m)
{
	fx_init(f);
	fx_year(f, NH + 1, 0, 1);
	assert_int_equal(fx_load(f, m, NULL, 0), EXIT_OK);
	for (int i = 0; i < NH; i++) {
		free(m->units[i].name);
		m->units[i].name = xstrdup(hostile[i]);
	}
}

/* Asserts that the file holds every hostile name neutralised and none of them bare. */
static void assert_neutralised(const char *path)
{
	size_t len;
	char *text = read_file(path, &len);
	assert_non_null(text);
	for (int i = 0; i < NH; i++) {
		char *want = expected_cell(hostile[i]);
		if (!strstr(text, want)) fail_msg("%s: want cell %s in:\n%s", path, want, text);
		free(want);
	}
	/* Scores stay bare numbers: the safe first window's final score. */
	assert_non_null(strstr(text, ",100.00"));
	free(text);
}

static void results_csv(void **state)
{
	(void)state;
	fixture f;
	model m;
	year_score y = {0};
	hostile_year(&f, &m);
	assert_int_equal(score_year(&m, &y), EXIT_OK);
	char *out = path_join(f.dir, "out");
	assert_int_equal(csvout_results(&y, out), EXIT_OK);
	char *path = path_join(out, "results.csv");
	assert_neutralised(path);
	free(path);
	free(out);
	score_free(&y);
	model_free(&m);
	fx_done(&f);
}

static void monthly_csv(void **state)
{
	(void)state;
	fixture f;
	model m;
	hostile_year(&f, &m);
	char *out = path_join(f.dir, "out");
	assert_int_equal(csvout_monthly(&m, 3, out), EXIT_OK);
	char *path = path_join(out, "monthly-2022-03.csv");
	assert_neutralised(path);
	free(path);
	free(out);
	model_free(&m);
	fx_done(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(results_csv),
		cmocka_unit_test(monthly_csv),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
