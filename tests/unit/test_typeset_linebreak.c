/* test_typeset_linebreak.c — Chinese line breaking: 禁则, unbreakable ——/……/numbers/words/
 * formulas, greedy filling to the measure, pulling a line in by squeezing marks, the space
 * between scripts, justification. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <linebreak.h>

#include "base/util.h"
#include "layout/linebreak.h"

/* Decodes UTF-8 into glyphs: Hanzi and full-width marks 1 em (16), ASCII half (8). */
static size_t glyphs(const char *s, uint32_t *cps, lb_glyph *g)
{
	size_t n = 0;
	for (const char *p = s, *e = s + strlen(s); p < e; n++) {
		cps[n] = (uint32_t)utf8_next(&p, e);
		g[n] = (lb_glyph){ .cp = cps[n], .adv = cps[n] < 0x80 ? 8 : 16 };
	}
	return n;
}

/* Breaks s at a measure of `chars` em and returns the lines joined by '|'. */
static char *lines_of(const char *s, int chars)
{
	uint32_t cps[512];
	lb_glyph g[512];
	size_t n = glyphs(s, cps, g);
	char brk[512];
	lb_opportunities(cps, n, brk);
	lb_line *ln;
	size_t nl = lb_break(g, n, brk, 0, chars * 16.0, chars * 16.0, &ln);
	strbuf b = {0};
	for (size_t l = 0; l < nl; l++) {
		if (l) sb_puts(&b, "|");
		for (size_t i = ln[l].start; i < ln[l].end; i++) {
			char u[4];
			sb_add(&b, u, (size_t)utf8_put(u, (int32_t)cps[i]));
		}
	}
	free(ln);
	return sb_take(&b);
}

static void test_no_closing_mark_at_start(void **state)
{
	(void)state;
	/* 。 would start line 2: the last character of line 1 moves down with it. */
	char *r = lines_of("一二三四五。六七", 5);
	assert_string_equal(r, "一二三四|五。六七");
	free(r);
	r = lines_of("一二三四五，」六七", 5);
	assert_string_equal(r, "一二三四|五，」六七");
	free(r);
	r = lines_of("一二三四五）六", 5);
	assert_string_equal(r, "一二三四|五）六");
	free(r);
	r = lines_of("一二三四五”六", 5);
	assert_string_equal(r, "一二三四|五”六");
	free(r);
}

static void test_no_opening_mark_at_end(void **state)
{
	(void)state;
	char *r = lines_of("一二三四（五六）", 5);
	assert_string_equal(r, "一二三四|（五六）");
	free(r);
	r = lines_of("一二三四“五六”", 5);
	assert_string_equal(r, "一二三四|“五六”");
	free(r);
	r = lines_of("一二三四《五》", 5);
	assert_string_equal(r, "一二三四|《五》");
	free(r);
}

static void test_units_stay_whole(void **state)
{
	(void)state;
	/* —— is one 2-em unit: it may start a line but is never split. */
	char *r = lines_of("一二三四——五六", 5);
	assert_string_equal(r, "一二三四|——五六");
	free(r);
	r = lines_of("一二三四五——六", 6);
	assert_string_equal(r, "一二三四五|——六");
	free(r);
	/* …… (UAX #14 class IN) stays with the character before it. */
	r = lines_of("一二三四……五", 5);
	assert_string_equal(r, "一二三|四……五");
	free(r);
	/* 92.35 (2.5 em) is never split; it moves to the next line whole. */
	r = lines_of("一二三四92.35分", 5);
	assert_string_equal(r, "一二三四|92.35分");
	free(r);
	r = lines_of("一二三abcde四", 5);
	assert_string_equal(r, "一二三|abcde四");
	free(r);
	/* 99.12% keeps the percent sign. */
	r = lines_of("一二三四五99.12%", 6);
	assert_string_equal(r, "一二三四五|99.12%");
	free(r);
	/* Quota arithmetic is one unit like a number: never split at × (class AI, breakable in zh). */
	r = lines_of("评定（24×40%=9.6，取整", 8);
	assert_string_equal(r, "评定|（24×40%=9.6，|取整");
	free(r);
}

static void test_hard_break_and_fill(void **state)
{
	(void)state;
	char *r = lines_of("一二\n三四五六七八", 5);
	assert_string_equal(r, "一二|三四五六七|八");
	free(r);
	/* Over-long unbreakable units are cut at the measure rather than overflowing. */
	r = lines_of("1234567890123", 5);
	assert_string_equal(r, "1234567890|123");
	free(r);
}

static void test_justify(void **state)
{
	(void)state;
	uint32_t cps[64];
	lb_glyph g[64];
	size_t n = glyphs("一二三四92.35五六七八九", cps, g);
	char brk[64];
	lb_opportunities(cps, n, brk);
	lb_line *ln;
	size_t nl = lb_break(g, n, brk, -0.25, 100, 100, &ln);
	assert_true(nl >= 2);
	double x[64];
	lb_place(g, &ln[0], -0.25, 100, 1, x);
	size_t last = ln[0].end - 1;
	/* The justified line ends exactly on the measure. */
	assert_float_equal(x[last - ln[0].start] + g[last].adv, 100, 1e-9);
	/* Inside 92.35 the glyphs keep their natural spacing. */
	for (size_t i = ln[0].start; i + 1 < ln[0].end; i++)
		if (cps[i] < 0x80 && cps[i + 1] < 0x80)
			assert_float_equal(x[i + 1 - ln[0].start] - x[i - ln[0].start], g[i].adv - 0.25, 1e-9);
	/* The last line is not stretched. */
	lb_place(g, &ln[nl - 1], -0.25, 100, 0, x);
	assert_float_equal(x[1], g[ln[nl - 1].start].adv - 0.25, 1e-9);
	free(ln);
}

/* Numbers, percentages and formulas are one unit; a line may break only around them. */
static void test_formula_whole(void **state)
{
	(void)state;
	uint32_t cps[64];
	lb_glyph g[64];
	size_t n = glyphs("为24×40%=9.6，取整为9个", cps, g);
	char brk[64];
	lb_opportunities(cps, n, brk);
	for (size_t i = 1; i + 1 < 10; i++) assert_int_equal(brk[i], LB_NO);   /* 2 4 × 4 0 % = 9 . 6 */
	assert_int_equal(brk[0], LB_ALLOW);                                        /* 为 | 24… */
	char *r = lines_of("考绩先进窗口按单设窗口数的40%评定24×40%=9.6个", 17);
	assert_string_equal(r, "考绩先进窗口按单设窗口数的40%评定|24×40%=9.6个");
	free(r);
}

/* A line a 禁则 leaves short is pulled in by setting the mark that ends it half-width
 * (compress before expanding); marks inside it keep their width. */
static void test_pull_in(void **state)
{
	(void)state;
	uint32_t cps[64];
	lb_glyph g[64];
	/* 10 em: “甲…辛” takes 9.5 (乙 is 1½ em wide), but “，” may not start line 2, so 辛
	 * would go down with it and leave 1½ em; with “，” at half width, 9.5 + ½ fits. */
	size_t n = glyphs("甲乙丙丁戊己、庚辛，癸子", cps, g);
	g[1].adv = 24;
	char brk[64];
	lb_opportunities(cps, n, brk);
	lb_line *ln;
	size_t nl = lb_break(g, n, brk, 0, 160, 160, &ln);
	assert_int_equal(ln[0].end, 8);                 /* no shrink given: 辛 goes down */
	free(ln);
	g[6].shrink = g[9].shrink = 8;
	nl = lb_break(g, n, brk, 0, 160, 160, &ln);
	assert_int_equal(nl, 2);
	assert_int_equal(ln[0].end, 10);
	assert_int_equal(ln[0].shrunk, 1);
	assert_float_equal(ln[0].width, 160, 0.001);
	assert_true(lb_shrunk(g, &ln[0], 9) && !lb_shrunk(g, &ln[0], 6));
	double x[16];
	lb_place(g, &ln[0], 0, 160, 1, x);
	assert_float_equal(x[7], 120, 0.001);           /* 、 keeps its width */
	free(ln);
	/* Needing more than the last mark's half: pushed down and stretched as before. */
	n = glyphs("甲乙丙丁戊己、庚辛壬，癸", cps, g);
	lb_opportunities(cps, n, brk);
	g[6].shrink = g[10].shrink = 8;
	nl = lb_break(g, n, brk, 0, 160, 160, &ln);
	assert_int_equal(ln[0].end, 9);
	assert_int_equal(ln[0].shrunk, 0);
	free(ln);
}

/* The space after a glyph counts between glyphs of a line, never at its end. */
static void test_space_after(void **state)
{
	(void)state;
	uint32_t cps[64];
	lb_glyph g[64];
	size_t n = glyphs("甲乙丙丁7号", cps, g);
	g[3].after = 4;                                 /* 丁 | 7 */
	g[4].after = 4;                                 /* 7 | 号 */
	char brk[64];
	lb_opportunities(cps, n, brk);
	lb_line *ln;
	size_t nl = lb_break(g, n, brk, 0, 100, 100, &ln);
	assert_int_equal(nl, 1);
	assert_float_equal(ln[0].width, 4 * 16 + 8 + 16 + 8, 0.001);
	double x[8];
	lb_place(g, &ln[0], 0, 100, 0, x);
	assert_float_equal(x[4], 4 * 16 + 4, 0.001);
	assert_float_equal(x[5], 4 * 16 + 4 + 8 + 4, 0.001);
	free(ln);
	/* The line ends after 丁: its space is dropped, so 4 em fit in 64 pt exactly. */
	nl = lb_break(g, n, brk, 0, 64, 64, &ln);
	assert_int_equal(ln[0].end, 4);
	assert_float_equal(ln[0].width, 64, 0.001);
	free(ln);
}

/* Text of Hanzi and digits alone (most table cells) breaks by a rule of its own, not by
 * libunibreak: a break anywhere but inside a number, as UAX #14 has it (checked here
 * against libunibreak on random strings of such characters, the ends of both Hanzi blocks
 * among them), and as lb_opportunities gives it. */
static void test_hanzi_digits(void **state)
{
	(void)state;
	static const uint32_t pool[] = { 0x4E00, 0x9FFF, 0x3400, 0x4DBF, 0x4E2D, 0x6587, 0x7A97, 0x53E3, '0', '5', '9' };
	init_linebreak();
	unsigned seed = 12345;
	for (int t = 0; t < 2000; t++) {
		uint32_t cps[24];
		char ub[24], brk[24];
		seed = seed * 1103515245u + 12345u;
		size_t n = 1 + (seed >> 16) % 24;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			cps[i] = pool[(seed >> 16) % (sizeof pool / sizeof *pool)];
		}
		set_linebreaks_utf32((const utf32_t *)cps, n, "zh", ub);
		lb_opportunities(cps, n, brk);
		for (size_t i = 0; i + 1 < n; i++) {
			int digits = cps[i] <= '9' && cps[i + 1] <= '9';
			assert_int_equal(ub[i], digits ? LINEBREAK_NOBREAK : LINEBREAK_ALLOWBREAK);
			assert_int_equal(brk[i], digits ? LB_NO : LB_ALLOW);
		}
		/* libunibreak's last entry is MUSTBREAK before 5.0, INDETERMINATE since: not compared. */
		assert_int_equal(brk[n - 1], LB_MUST);
	}
	/* The date rules still hold there: 12 keeps its 月, 月 its 28日. */
	uint32_t date[] = { '2', '0', '2', '2', 0x5E74, '1', '2', 0x6708, '2', '8', 0x65E5 };
	char brk[11];
	lb_opportunities(date, 11, brk);
	assert_int_equal(brk[3], LB_NO);
	assert_int_equal(brk[4], LB_ALLOW);
	assert_int_equal(brk[6], LB_NO);
	assert_int_equal(brk[7], LB_NO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_closing_mark_at_start),
		cmocka_unit_test(test_no_opening_mark_at_end),
		cmocka_unit_test(test_units_stay_whole),
		cmocka_unit_test(test_hard_break_and_fill),
		cmocka_unit_test(test_justify),
		cmocka_unit_test(test_formula_whole),
		cmocka_unit_test(test_pull_in),
		cmocka_unit_test(test_space_after),
		cmocka_unit_test(test_hanzi_digits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
