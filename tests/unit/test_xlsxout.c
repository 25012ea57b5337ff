/* test_xlsxout.c — results.xlsx: a unit name that begins like a formula is a string cell
 * (units.csv refuses such names, so they are planted in the model, as test_csvout does),
 * and every score a cell can hold reads back as the CSV's exact decimal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "doc/xlsxout.h"
#include "fixture.h"
#include "score/score.h"

static const char *const hostile[] = { "=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(1)" };
enum { NH = sizeof hostile / sizeof *hostile };

/* What `unzip -p` prints of one part of the workbook. */
static char *part(const char *xlsx, const char *name)
{
	char *cmd = xasprintf("unzip -p '%s' '%s'", xlsx, name);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	strbuf b = {0};
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, p)) > 0) sb_add(&b, buf, n);
	assert_int_equal(pclose(p), 0);
	free(cmd);
	return b.s ? sb_take(&b) : xstrdup("");
}

/* The XML text of s (& < > escaped as libxlsxwriter escapes element text). */
static char *xml_text(const char *s)
{
	strbuf b = {0};
	for (; *s; s++)
		if (*s == '&') sb_puts(&b, "&amp;");
		else if (*s == '<') sb_puts(&b, "&lt;");
		else if (*s == '>') sb_puts(&b, "&gt;");
		else sb_add(&b, s, 1);
	return sb_take(&b);
}

static void formula_names_are_strings(void **state)
{
	(void)state;
	fixture f;
	model m;
	year_score y = {0};
	fx_init(&f);
	fx_year(&f, NH + 1, 0, 1);
	assert_int_equal(fx_load(&f, &m, NULL, 0), EXIT_OK);
	for (int i = 0; i < NH; i++) {
		free(m.units[i].name);
		m.units[i].name = xstrdup(hostile[i]);
	}
	assert_int_equal(score_year(&m, &y), EXIT_OK);
	char *out = path_join(f.dir, "out");
	assert_int_equal(mkdir_p(out), 0);
	assert_int_equal(xlsxout_results(&y, out), EXIT_OK);
	char *xlsx = path_join(out, "results.xlsx");
	char *sheets = part(xlsx, "xl/worksheets/sheet*.xml");
	for (int i = 0; i < NH; i++) {
		/* As written, no apostrophe: a string cell needs none (inline: constant-memory mode). */
		char *want = xml_text(hostile[i]), *si = xasprintf("t=\"inlineStr\"><is><t>%s</t></is>", want);
		if (!strstr(sheets, si)) fail_msg("no string cell %s in %s", si, sheets);
		free(si);
		free(want);
	}
	assert_null(strstr(sheets, "<f>"));
	free(sheets);
	free(xlsx);
	free(out);
	score_free(&y);
	model_free(&m);
	fx_done(&f);
}

/* Every multiple of 0.0001 up to ±120 (monthly scores, components, finals) and of 0.01 up
 * to ±10,000: the text libxlsxwriter writes ("%.16G") reads back as the same double, and
 * that double is the one nearest the decimal the CSV prints. */
static void numbers_read_back_exactly(void **state)
{
	(void)state;
	char csv[32], xml[40];
	for (dec v = -DEC(120); v <= DEC(120); v++) {
		double d = xlsxout_number(v);
		snprintf(xml, sizeof xml, "%.16G", d);
		if (strtod(xml, NULL) != d || strtod(dec_fmt(v, 4, csv), NULL) != d)
			fail_msg("%s written as %s", dec_fmt(v, 4, csv), xml);
	}
	for (dec v = -DEC(10000); v <= DEC(10000); v += DEC_CENT) {
		double d = xlsxout_number(v);
		snprintf(xml, sizeof xml, "%.16G", d);
		if (strtod(xml, NULL) != d || strtod(dec_fmt(v, 2, csv), NULL) != d)
			fail_msg("%s written as %s", dec_fmt(v, 2, csv), xml);
	}
	/* The brief's examples, and one %.16G does not print short. */
	assert_true(xlsxout_number(847960) == 84.796);
	assert_true(xlsxout_number(3000) == 0.3);
	snprintf(xml, sizeof xml, "%.16G", xlsxout_number(997600));
	assert_string_equal(xml, "99.76000000000001");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(formula_names_are_strings),
		cmocka_unit_test(numbers_read_back_exactly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
