/* test_ballots.c — ballots.csv (SPEC §7.14): the per-ballot, per-pool 30% limit at its
 * inclusive edge, blank ratings out of the denominator, ballots told apart by group and 票号. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fixture.h"

/* Appends ballot `no` of group g: windows S1..S10 then 分中心 F1..F4, `very` windows and
 * `fvery` 分中心 rated 非常满意 (the first ones), `blank` windows (the last ones) left blank. */
static void ballot(strbuf *b, const char *g, const char *no, int very, int blank, int fvery)
{
	for (int i = 1; i <= 10; i++)
		sb_printf(b, "%s,%s,S%d,%s\n", g, no, i, i <= very ? "非常满意" : i > 10 - blank ? "" : "满意");
	for (int i = 1; i <= 4; i++) sb_printf(b, "%s,%s,F%d,%s\n", g, no, i, i <= fvery ? "1" : "2");
}

/* The fixture year with ballots.csv instead of votes.csv. */
static void setup(fixture *f, const char *rows)
{
	fx_init(f);
	fx_year(f, 10, 0, 4);
	char *votes = path_join(f->dir, "votes.csv");
	unlink(votes);
	free(votes);
	fx_write(f, "ballots.csv", "评价主体,票号,单位,评价\n%s", rows);
}

/* 3 of 10 windows is exactly 30%: valid; 4 of 10 is not.  2 of 7 rated (3 blank) is within
 * floor(30% × 7) = 2; 2 of 6 rated is not: a blank is not in the denominator.  1 of 4 分中心 is
 * within floor(1.2); 2 of 4 is not. */
static void limit_per_ballot(void **state)
{
	(void)state;
	fixture f;
	model m;
	strbuf b = {0};
	ballot(&b, "行风监督员", "A", 3, 0, 1);
	ballot(&b, "行风监督员", "B", 4, 0, 0);
	ballot(&b, "行风监督员", "C", 2, 3, 0);
	ballot(&b, "行风监督员", "D", 2, 4, 0);
	ballot(&b, "行风监督员", "E", 0, 0, 2);
	ballot(&b, "领导班子及科室负责人", "A", 0, 0, 0);
	setup(&f, b.s);
	assert_int_equal(fx_load(&f, &m, NULL, 0), EXIT_OK);
	assert_true(m.ballots.used);
	assert_int_equal(m.ballots.received[GROUP_SUPERVISORS], 5);
	assert_int_equal(m.ballots.valid[GROUP_SUPERVISORS], 2);
	assert_int_equal(m.ballots.blanks[GROUP_SUPERVISORS], 3);
	assert_int_equal(m.ballots.nvoids, 3);
	assert_string_equal(m.ballots.voids[0].number, "B");
	assert_string_equal(m.ballots.voids[0].reason, "对10个窗口中的4个评为非常满意，超过30%（最多3个）");
	assert_int_equal(m.ballots.voids[0].line, 1 + 14 + 4);          /* B's 4th 非常满意, S4 */
	assert_string_equal(m.ballots.voids[1].reason, "对6个窗口中的2个评为非常满意，超过30%（最多1个）");
	assert_string_equal(m.ballots.voids[2].reason, "对4个分中心中的2个评为非常满意，超过30%（最多1个）");
	/* S1: 非常满意 on A and C; S8: 满意 on A, blank on C; F1: 非常满意 on A, 满意 on C. */
	const unit *s1 = &m.units[model_find_unit(&m, "S1")], *s8 = &m.units[model_find_unit(&m, "S8")];
	const unit *f1 = &m.units[model_find_unit(&m, "F1")];
	assert_int_equal(s1->votes[GROUP_SUPERVISORS][VOTE_VERY], 2);
	assert_int_equal(s8->votes[GROUP_SUPERVISORS][VOTE_SATISFIED], 1);
	assert_int_equal(s8->votes[GROUP_SUPERVISORS][VOTE_VERY] + s8->votes[GROUP_SUPERVISORS][VOTE_FAIR], 0);
	assert_int_equal(f1->votes[GROUP_SUPERVISORS][VOTE_VERY], 1);
	assert_int_equal(f1->votes[GROUP_SUPERVISORS][VOTE_SATISFIED], 1);
	assert_int_equal(s1->votes[GROUP_LEADERS][VOTE_SATISFIED], 1);
	model_free(&m);
	/* The limit is the setting: at 40% B (4 of 10) and D (2 of 6) are valid, E (2 of 4 分中心) is not. */
	char *sets[] = { "very_satisfied_limit=40%" };
	diag_reset();
	assert_int_equal(fx_load(&f, &m, sets, 1), EXIT_OK);
	assert_int_equal(m.ballots.valid[GROUP_SUPERVISORS], 4);
	model_free(&m);
	free(b.s);
	fx_done(&f);
}

/* A ballot is its group and 票号: the same number in the other group is another ballot, and a
 * ballot's rows need not be together. */
static void ballots_by_group_and_number(void **state)
{
	(void)state;
	fixture f;
	model m;
	strbuf a = {0}, b = {0}, rows = {0};
	ballot(&a, "行风监督员", "7", 3, 0, 1);
	ballot(&b, "supervisors", "8", 0, 0, 0);
	/* Ballot 7's first 3 rows, ballot 8, then the rest of 7: 7 stays one ballot (3 of 10). */
	const char *cut = a.s;
	for (int i = 0; i < 3; i++) cut = strchr(cut, '\n') + 1;
	sb_add(&rows, a.s, (size_t)(cut - a.s));
	sb_puts(&rows, b.s);
	sb_puts(&rows, cut);
	free(a.s);
	a = (strbuf){0};
	ballot(&a, "领导班子及科室负责人", "7", 0, 0, 0);
	sb_puts(&rows, a.s);
	setup(&f, rows.s);
	assert_int_equal(fx_load(&f, &m, NULL, 0), EXIT_OK);
	assert_int_equal(m.ballots.received[GROUP_SUPERVISORS], 2);
	assert_int_equal(m.ballots.valid[GROUP_SUPERVISORS], 2);
	assert_int_equal(m.ballots.received[GROUP_LEADERS], 1);
	assert_int_equal(m.units[model_find_unit(&m, "S1")].votes[GROUP_SUPERVISORS][VOTE_VERY], 1);
	model_free(&m);
	free(a.s); free(b.s); free(rows.s);
	fx_done(&f);
}

/* votes.csv beside ballots.csv: one error naming both, no follow-on per unit. */
static void both_files(void **state)
{
	(void)state;
	fixture f;
	model m;
	strbuf b = {0};
	ballot(&b, "行风监督员", "1", 0, 0, 0);
	ballot(&b, "领导班子及科室负责人", "1", 0, 0, 0);
	setup(&f, b.s);
	fx_write(&f, "votes.csv", "评价主体,单位,非常满意,满意,一般,不满意\n");
	assert_int_equal(fx_load(&f, &m, NULL, 0), EXIT_DATAERR);
	assert_true(fx_said(&f, "ballots.csv:1:1: 错误: 数据文件夹中同时有 ballots.csv 和 votes.csv"));
	assert_int_equal(diag_errors(), 1);
	model_free(&m);
	free(b.s);
	fx_done(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(limit_per_ballot),
		cmocka_unit_test(ballots_by_group_and_number),
		cmocka_unit_test(both_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
