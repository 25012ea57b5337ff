/* test_trend.c — month over month (score/trend.c): 名次变化, 累计平均分 and the bottom-N windows,
 * first the helpers, then a three-window year whose ranks and averages are worked out below
 * by hand, then buckets.c's per-(unit, month) rows of the same year. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "doc/csvout.h"
#include "fixture.h"
#include "score/score.h"

static void rank_change(void **state)
{
	(void)state;
	char b[16];
	assert_string_equal(score_rank_change(1, 0, 5, b), "—");       /* January: nothing before it */
	assert_string_equal(score_rank_change(1, 3, 5, b), "—");
	assert_string_equal(score_rank_change(2, 0, 5, b), "新");      /* no rank last month */
	assert_string_equal(score_rank_change(7, 33, 31, b), "↑2");
	assert_string_equal(score_rank_change(7, 1, 32, b), "↓31");
	assert_string_equal(score_rank_change(12, 4, 4, b), "持平");
	assert_string_equal(score_rank_change(2, 100, 1, b), "↑99");
}

static void ytd_average(void **state)
{
	(void)state;
	/* 199.77 ÷ 2 = 99.885 exactly: half up → 99.89 (truncating or half-even would give 99.88). */
	assert_int_equal(score_ytd_average(1997700, 2), 998900);
	/* 298.515 ÷ 3 = 99.505 exactly → 99.51; 299.77 ÷ 3 = 99.92333… → 99.92; 693.10 ÷ 7 = 99.0142… → 99.01. */
	assert_int_equal(score_ytd_average(2985150, 3), 995100);
	assert_int_equal(score_ytd_average(2997700, 3), 999200);
	assert_int_equal(score_ytd_average(6931000, 7), 990100);
	/* 99.994 × 1 → 99.99; 99.995 → 100.00. */
	assert_int_equal(score_ytd_average(999940, 1), 999900);
	assert_int_equal(score_ytd_average(999950, 1), 1000000);
	assert_int_equal(score_ytd_average(0, 0), 0);
}

static void bottom(void **state)
{
	(void)state;
	/* Of 33 windows the bottom 3 are rank numbers 31, 32, 33. */
	assert_true(score_in_bottom(31, 33, 3));
	assert_true(score_in_bottom(33, 33, 3));
	assert_false(score_in_bottom(30, 33, 3));
	assert_false(score_in_bottom(33, 33, 0));             /* bulletin_bottom = 0: nobody */
	/* Two windows, bottom 3: the second is in, the first (the month's best) never. */
	assert_true(score_in_bottom(2, 2, 3));
	assert_false(score_in_bottom(1, 2, 3));
	/* 31 windows tied at 100 (rank 1) and two below: only those two. */
	assert_false(score_in_bottom(1, 33, 3));
	assert_true(score_in_bottom(32, 33, 3));
}

/* Three single windows, deductions (2.14f ranges 0.1–0.3 per time, 1.1 is 0.5, 1.5c is 1):
 *        January          February          March
 *   S1   2.14f 0.1 99.90  2.14f 0.13 99.87  —                 100
 *   S2   1.1       99.50  —          100    2.14f 0.3         99.70
 *   S3   —         100    1.5c       99.00  2.14f 0.3 + 0.185 99.515
 * Ranks: January S3 1, S1 2, S2 3; February S2 1, S1 2, S3 3; March S1 1, S2 2, S3 3.
 * 名次变化 in February: S2 3→1 ↑2, S1 2→2 持平, S3 1→3 ↓2; in March: S1 ↑1, S2 ↓1, S3 持平.
 * 累计平均分 in February: S1 199.77 ÷ 2 = 99.885 → 99.89, S2 199.50 ÷ 2 = 99.75, S3 199 ÷ 2 = 99.50;
 * in March: S1 299.77 ÷ 3 = 99.9233… → 99.92, S2 299.20 ÷ 3 = 99.7333… → 99.73,
 * S3 298.515 ÷ 3 = 99.505 → 99.51.
 * Bottom 1: January S2, February S3, March S3 → only S3 in March, two months running.
 * Bottom 3 (of 3 windows: all but the best): January S1, S2; February S1, S3; March S2, S3 →
 * S1 in February, S3 in March. */
static void three_windows(fixture *f, model *m, const char *sets)
{
	fx_init(f);
	fx_year(f, 3, 0, 0);
	fx_write(f, "deductions.csv", "月份,单位,扣分项,次数,扣分,日期,说明\n"
		"2022-01,S1,2.14f,1,0.1,,\n2022-01,S2,1.1,1,,,\n"
		"2022-02,S1,2.14f,1,0.13,,\n2022-02,S3,1.5c,1,,,\n"
		"2022-03,S3,2.14f,1,0.3,2022-03-20,\n2022-03,S2,2.14f,1,0.3,,\n2022-03,S3,2.14f,1,0.185,2022-03-02,\n");
	char *set[] = { (char *)sets };
	assert_int_equal(fx_load(f, m, set, sets ? 1 : 0), EXIT_OK);
}

static const month_trend *T(const model *m, const month_trend *t, const char *name)
{
	int i = model_find_unit(m, name);
	if (i < 0) fail_msg("no unit %s", name);
	return &t[i];
}

static void hand_worked_year(void **state)
{
	(void)state;
	fixture f;
	model m;
	three_windows(&f, &m, NULL);
	month_trend t[3];
	char b[16];
	score_month_trend(&m, 2, 3, t);
	assert_int_equal(T(&m, t, "S1")->rank, 2);
	assert_int_equal(T(&m, t, "S1")->prev_rank, 2);
	assert_int_equal(T(&m, t, "S2")->rank, 1);
	assert_int_equal(T(&m, t, "S2")->prev_rank, 3);
	assert_int_equal(T(&m, t, "S3")->prev_rank, 1);
	assert_string_equal(score_rank_change(2, T(&m, t, "S2")->prev_rank, T(&m, t, "S2")->rank, b), "↑2");
	assert_string_equal(score_rank_change(2, T(&m, t, "S3")->prev_rank, T(&m, t, "S3")->rank, b), "↓2");
	assert_int_equal(T(&m, t, "S1")->ytd_sum, 1997700);
	assert_int_equal(T(&m, t, "S1")->ytd_avg, 998900);
	assert_int_equal(T(&m, t, "S2")->ytd_avg, 997500);
	assert_int_equal(T(&m, t, "S3")->ytd_avg, 995000);
	assert_true(T(&m, t, "S1")->bottom);
	assert_false(T(&m, t, "S2")->bottom);
	assert_false(T(&m, t, "S3")->bottom);
	score_month_trend(&m, 3, 3, t);
	assert_int_equal(T(&m, t, "S3")->ytd_sum, 2985150);
	assert_int_equal(T(&m, t, "S1")->ytd_avg, 999200);
	assert_int_equal(T(&m, t, "S2")->ytd_avg, 997300);
	assert_int_equal(T(&m, t, "S3")->ytd_avg, 995100);
	assert_false(T(&m, t, "S1")->bottom);
	assert_false(T(&m, t, "S2")->bottom);
	assert_true(T(&m, t, "S3")->bottom);
	score_month_trend(&m, 2, 1, t);
	assert_false(T(&m, t, "S1")->bottom || T(&m, t, "S2")->bottom || T(&m, t, "S3")->bottom);
	score_month_trend(&m, 3, 1, t);
	assert_true(T(&m, t, "S3")->bottom);
	assert_false(T(&m, t, "S1")->bottom || T(&m, t, "S2")->bottom);
	/* January: every previous rank is 0 and the average is the month's score. */
	score_month_trend(&m, 1, 3, t);
	assert_int_equal(T(&m, t, "S1")->prev_rank, 0);
	assert_int_equal(T(&m, t, "S1")->ytd_avg, 999000);
	assert_false(T(&m, t, "S1")->bottom || T(&m, t, "S2")->bottom);
	model_free(&m);
	fx_done(&f);
}

/* Reads a whole file (the BOM and CRLF kept). */
static char *slurp(const char *dir, const char *name)
{
	char *path = path_join(dir, name);
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	static char buf[4096];
	size_t n = fread(buf, 1, sizeof buf - 1, fp);
	buf[n] = 0;
	fclose(fp);
	free(path);
	return buf;
}

/* The monthly CSVs of that year, byte for byte: March has a 3-decimal score (99.515), so the
 * month's values show 3 decimals; 累计平均分 always 2. */
static void monthly_csv_columns(void **state)
{
	(void)state;
	fixture f;
	model m;
	three_windows(&f, &m, NULL);
	char *out = path_join(f.dir, "out");
	for (int mo = 1; mo <= 3; mo++) assert_int_equal(csvout_monthly(&m, mo, out), EXIT_OK);
	const char *head = "\xEF\xBB\xBF排名,单位,类型,工作纪律,工作规范,办件管理,其他,月度得分,累计平均分,名次变化\r\n";
	char want[2048];
	snprintf(want, sizeof want, "%s%s", head,
		"1,S3,单设窗口,25.00,20.00,50.00,5.00,100.00,100.00,—\r\n"
		"2,S1,单设窗口,25.00,19.90,50.00,5.00,99.90,99.90,—\r\n"
		"3,S2,单设窗口,24.50,20.00,50.00,5.00,99.50,99.50,—\r\n");
	assert_string_equal(slurp(out, "monthly-2022-01.csv"), want);
	snprintf(want, sizeof want, "%s%s", head,
		"1,S2,单设窗口,25.00,20.00,50.00,5.00,100.00,99.75,↑2\r\n"
		"2,S1,单设窗口,25.00,19.87,50.00,5.00,99.87,99.89,持平\r\n"
		"3,S3,单设窗口,24.00,20.00,50.00,5.00,99.00,99.50,↓2\r\n");
	assert_string_equal(slurp(out, "monthly-2022-02.csv"), want);
	snprintf(want, sizeof want, "%s%s", head,
		"1,S1,单设窗口,25.000,20.000,50.000,5.000,100.000,99.92,↑1\r\n"
		"2,S2,单设窗口,25.000,19.700,50.000,5.000,99.700,99.73,↓1\r\n"
		"3,S3,单设窗口,25.000,19.515,50.000,5.000,99.515,99.51,持平\r\n");
	assert_string_equal(slurp(out, "monthly-2022-03.csv"), want);
	free(out);
	model_free(&m);
	fx_done(&f);
}

/* buckets.c: S3's March rows come by date (03-02 before 03-20), not file order; the whole
 * year by month; a month without rows is empty. */
static void unit_rows(void **state)
{
	(void)state;
	fixture f;
	model m;
	three_windows(&f, &m, NULL);
	int n, s3 = model_find_unit(&m, "S3"), s1 = model_find_unit(&m, "S1");
	const int *r = model_unit_rows(&m, s3, 3, &n);
	assert_int_equal(n, 2);
	assert_string_equal(m.deductions[r[0]].date, "2022-03-02");
	assert_string_equal(m.deductions[r[1]].date, "2022-03-20");
	r = model_unit_rows(&m, s3, 0, &n);
	assert_int_equal(n, 3);
	assert_int_equal(m.deductions[r[0]].month, 2);
	assert_int_equal(m.deductions[r[0]].line, 5);
	model_unit_rows(&m, s3, 1, &n);
	assert_int_equal(n, 0);
	r = model_unit_rows(&m, s1, 0, &n);
	assert_int_equal(n, 2);
	assert_int_equal(m.deductions[r[0]].line, 2);
	assert_int_equal(m.deductions[r[1]].line, 4);
	model_unit_rows(&m, s1, 12, &n);
	assert_int_equal(n, 0);
	model_free(&m);
	fx_done(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rank_change),
		cmocka_unit_test(ytd_average),
		cmocka_unit_test(bottom),
		cmocka_unit_test(hand_worked_year),
		cmocka_unit_test(monthly_csv_columns),
		cmocka_unit_test(unit_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
