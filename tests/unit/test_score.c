/* test_score.c — every scoring and grading rule, each worked out by hand in its comment.
 * The fixture gives every unit equal tallies (all components tie at rank 1, full 30 points) and
 * no deductions (日常考核 70), so a unit's final is 100 − its penalty unless a test says otherwise. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fixture.h"
#include "score/score.h"

typedef struct {
	fixture f;
	model m;
	year_score y;
} run;

/* Loads and scores; expects `want` from score_year. */
static void score(run *r, char *const *sets, int nsets, int want)
{
	assert_int_equal(fx_load(&r->f, &r->m, sets, nsets), EXIT_OK);
	assert_int_equal(score_year(&r->m, &r->y), want);
}

static void done(run *r)
{
	score_free(&r->y);
	model_free(&r->m);
	fx_done(&r->f);
}

static const unit_score *U(run *r, const char *name)
{
	int i = model_find_unit(&r->m, name);
	if (i < 0) fail_msg("no unit %s", name);
	return &r->y.u[i];
}

/* Writes penalties.csv from "NAME:points[:是]" items. */
static void penalties(run *r, const char *const *rows, int n)
{
	strbuf b = {0};
	sb_puts(&b, "单位,扣分,取消评先\n");
	for (int i = 0; i < n; i++) {
		char name[16], dq[8] = "否";
		const char *c1 = strchr(rows[i], ':'), *c2 = strchr(c1 + 1, ':');
		snprintf(name, sizeof name, "%.*s", (int)(c1 - rows[i]), rows[i]);
		if (c2) snprintf(dq, sizeof dq, "%s", c2 + 1);
		sb_printf(&b, "%s,%.*s,%s\n", name, c2 ? (int)(c2 - c1 - 1) : (int)strlen(c1 + 1), c1 + 1, dq);
	}
	fx_write(&r->f, "penalties.csv", "%s", b.s);
	free(b.s);
}

/* Discipline 5, 5, 4, 3 over four windows.
 * competition: ranks 1,1,3,4 → 5, 5, 5−0.2 = 4.80, 5−0.3 = 4.70;
 * dense:       ranks 1,1,2,3 → 5, 5, 4.90, 4.80. */
static void tie_numbering(void **state)
{
	(void)state;
	for (int dense = 0; dense < 2; dense++) {
		run r;
		fx_init(&r.f);
		fx_year(&r.f, 4, 0, 0);
		fx_write(&r.f, "discipline.csv", "单位,得分\nS1,5\nS2,5\nS3,4\nS4,3\n");
		char *sets[] = { dense ? "tie_rank=dense" : "tie_rank=competition" };
		score(&r, sets, 1, 0);
		assert_int_equal(U(&r, "S1")->comp[COMP_DISCIPLINE].rank, 1);
		assert_int_equal(U(&r, "S2")->comp[COMP_DISCIPLINE].rank, 1);
		assert_int_equal(U(&r, "S2")->comp[COMP_DISCIPLINE].ties, 2);
		assert_int_equal(U(&r, "S3")->comp[COMP_DISCIPLINE].rank, dense ? 2 : 3);
		assert_int_equal(U(&r, "S3")->comp[COMP_DISCIPLINE].points, dense ? 49000 : 48000);
		assert_int_equal(U(&r, "S4")->comp[COMP_DISCIPLINE].points, dense ? 48000 : 47000);
		done(&r);
	}
}

/* Vote scores compare as exact fractions: (1×1 + 1×0.8)/2 = 0.9 equals (1×0.9)/1 = 0.9, a tie;
 * (2×1 + 1×0.7)/3 = 0.9 too. All three share rank 1 in both vote components. */
static void vote_scores_exact(void **state)
{
	(void)state;
	run r;
	fx_init(&r.f);
	fx_year(&r.f, 3, 0, 0);
	fx_write(&r.f, "votes.csv", "评价主体,单位,非常满意,满意,一般,不满意\n"
		"行风监督员,S1,1,0,1,0\n行风监督员,S2,0,1,0,0\n行风监督员,S3,2,4,0,3\n"
		"领导班子及科室负责人,S1,1,0,1,0\n领导班子及科室负责人,S2,0,1,0,0\n领导班子及科室负责人,S3,2,5,2,1\n");
	score(&r, NULL, 0, 0);
	/* S3 supervisors: (2 + 3.6 + 0 + 2.1)/9 = 7.7/9 = 0.8555… < 0.9 → rank 3 → 5 − 0.2 = 4.80.
	 * S3 leaders: (2 + 4.5 + 1.6 + 0.7)/10 = 0.88 < 0.9 → rank 3 → 10 − 0.2 = 9.80. */
	assert_int_equal(U(&r, "S1")->comp[COMP_SUPERVISORS].rank, 1);
	assert_int_equal(U(&r, "S2")->comp[COMP_SUPERVISORS].rank, 1);
	assert_int_equal(U(&r, "S3")->comp[COMP_SUPERVISORS].points, 48000);
	assert_int_equal(U(&r, "S3")->comp[COMP_LEADERS].points, 98000);
	done(&r);
}

/* A category's deductions beyond its cap stop at 0: 2.15c (10 points, 工作规范 capped at 20) three
 * times in March = 30 → 工作规范 keeps 0, March scores 80, not 70.
 * 日常考核 = (11 × 100 + 80) × 70% ÷ 12 = 1180 × 0.7 / 12 = 68.8333… → 68.83. */
static void category_cap(void **state)
{
	(void)state;
	run r;
	fx_init(&r.f);
	fx_year(&r.f, 2, 0, 0);
	fx_write(&r.f, "deductions.csv", "月份,单位,扣分项,次数\n2022-03,S1,2.15c,3\n");
	score(&r, NULL, 0, 0);
	const unit_score *s = U(&r, "S1");
	assert_int_equal(s->month[2].lost[1], DEC(30));
	assert_int_equal(s->month[2].kept[1], 0);
	assert_int_equal(s->month[2].score, DEC(80));
	assert_int_equal(s->daily, 688300);
	done(&r);
}

/* Half up at exactly x.xx5: three 1-point deductions in a year → Σ = 1197;
 * 1197 × 70% ÷ 12 = 69.825 exactly → 69.83 (binary floating point gives 69.82499… → 69.82).
 * 分中心: quarters 100, 95.5, 92.75, 92.75 → Σ 381 → 381 ÷ 4 × 70% = 66.675 → 66.68. */
static void half_up(void **state)
{
	(void)state;
	run r;
	fx_init(&r.f);
	fx_year(&r.f, 2, 0, 1);
	fx_write(&r.f, "deductions.csv", "月份,单位,扣分项,次数\n2022-01,S1,1.6,1\n2022-05,S1,1.5c,2\n");
	fx_write(&r.f, "quarters.csv", "单位,季度,得分\nF1,1,100\nF1,2,95.5\nF1,3,92.75\nF1,4,92.75\n");
	score(&r, NULL, 0, 0);
	assert_int_equal(U(&r, "S1")->daily_sum, DEC(1197));
	assert_int_equal(U(&r, "S1")->daily, 698300);
	assert_int_equal(U(&r, "F1")->daily, 666800);
	/* final = 69.83 + 30 = 99.83; the other window 100 ranks first. */
	assert_int_equal(U(&r, "S1")->final, 998300);
	assert_int_equal(U(&r, "S1")->rank, 2);
	done(&r);
}

/* Ten single windows: 先进 quota floor(40% × 10) = 4, 良好 floor(40% × 10) = 4, two in the rest band.
 * First final 100. S9 = 100 − 15 = 85.00 = exactly 85% → promoted to 良好 (inclusive);
 * S10 = 100 − 30.01 = 69.99 < 70 → 基本合格. */
static void thresholds(void **state)
{
	(void)state;
	run r;
	fx_init(&r.f);
	fx_year(&r.f, 10, 0, 0);
	const char *p[] = { "S2:1", "S3:2", "S4:3", "S5:4", "S6:5", "S7:6", "S8:7", "S9:15", "S10:30.01" };
	penalties(&r, p, 9);
	score(&r, NULL, 0, 0);
	assert_int_equal(r.y.pool[0].excellent_quota, 4);
	assert_int_equal(r.y.pool[0].good_quota, 4);
	assert_int_equal(U(&r, "S4")->grade, GRADE_EXCELLENT);
	assert_int_equal(U(&r, "S5")->grade, GRADE_GOOD);
	assert_int_equal(U(&r, "S8")->grade, GRADE_GOOD);
	assert_int_equal(U(&r, "S8")->by, BY_GOOD_QUOTA);
	assert_int_equal(U(&r, "S9")->final, DEC(85));
	assert_int_equal(U(&r, "S9")->grade, GRADE_GOOD);
	assert_int_equal(U(&r, "S9")->by, BY_PROMOTED);
	assert_int_equal(U(&r, "S10")->final, 699900);
	assert_int_equal(U(&r, "S10")->grade, GRADE_BASIC);
	done(&r);

	/* One cent the other way: 84.99 → 合格; 70.00 (exactly 70%) → 合格, not 基本合格. */
	fx_init(&r.f);
	fx_year(&r.f, 10, 0, 0);
	const char *q[] = { "S2:1", "S3:2", "S4:3", "S5:4", "S6:5", "S7:6", "S8:7", "S9:15.01", "S10:30" };
	penalties(&r, q, 9);
	score(&r, NULL, 0, 0);
	assert_int_equal(U(&r, "S9")->grade, GRADE_PASS);
	assert_int_equal(U(&r, "S10")->grade, GRADE_PASS);
	done(&r);
}

/* district_excellent: 先进 ratio 40% + 10% → floor(50% × 10) = 5; 良好 stays 4 and is refilled from below. */
static void bonus(void **state)
{
	(void)state;
	run r;
	fx_init(&r.f);
	fx_year(&r.f, 10, 0, 2);
	const char *p[] = { "S2:1", "S3:2", "S4:3", "S5:4", "S6:5", "S7:6", "S8:7", "S9:8", "S10:9", "F2:1" };
	penalties(&r, p, 10);
	char *sets[] = { "district_excellent=true" };
	score(&r, sets, 1, 0);
	assert_int_equal(r.y.pool[0].excellent_quota, 5);
	assert_int_equal(U(&r, "S5")->grade, GRADE_EXCELLENT);
	assert_int_equal(U(&r, "S9")->grade, GRADE_GOOD);
	assert_int_equal(U(&r, "S9")->by, BY_GOOD_QUOTA);
	assert_int_equal(U(&r, "S10")->by, BY_PROMOTED);      /* 91 ≥ 85 */
	/* The bonus is for windows only by default: 分中心 quota floor(40% × 2) = 0. */
	assert_int_equal(r.y.pool[1].excellent_quota, 0);
	done(&r);

	fx_init(&r.f);
	fx_year(&r.f, 10, 0, 2);
	penalties(&r, p, 10);
	char *all[] = { "district_excellent=true", "bonus_applies=all" };
	score(&r, all, 2, 0);
	assert_int_equal(r.y.pool[1].excellent_quota, 1);      /* floor(50% × 2) */
	assert_int_equal(U(&r, "F1")->grade, GRADE_EXCELLENT);
	done(&r);
}

/* S2 (second best) is disqualified: 先进 goes to S1, S3, S4, S5; S2 keeps 良好 by quota. */
static void disqualified(void **state)
{
	(void)state;
	run r;
	fx_init(&r.f);
	fx_year(&r.f, 10, 0, 0);
	const char *p[] = { "S2:0.5:是", "S3:2", "S4:3", "S5:4", "S6:5", "S7:6", "S8:7", "S9:8", "S10:9" };
	penalties(&r, p, 9);
	score(&r, NULL, 0, 0);
	assert_int_equal(U(&r, "S2")->rank, 2);
	assert_int_equal(U(&r, "S2")->grade, GRADE_GOOD);
	assert_true(U(&r, "S2")->lost_excellent);
	assert_int_equal(U(&r, "S5")->grade, GRADE_EXCELLENT);
	assert_int_equal(U(&r, "S6")->grade, GRADE_GOOD);
	done(&r);
}

/* S4 and S5 tie at 96 across the 先进 boundary (quota 4).
 * include: both 先进 (5 in all); exclude: neither, both 良好 by quota (freed place not refilled);
 * error: the run stops with a data error naming them. */
static void boundary_tie_modes(void **state)
{
	(void)state;
	const char *p[] = { "S2:1", "S3:2", "S4:4", "S5:4", "S6:5", "S7:6", "S8:7", "S9:8", "S10:9" };
	run r;
	fx_init(&r.f);
	fx_year(&r.f, 10, 0, 0);
	penalties(&r, p, 9);
	char *inc[] = { "boundary_ties=include" };
	score(&r, inc, 1, 0);
	assert_int_equal(U(&r, "S5")->grade, GRADE_EXCELLENT);
	assert_int_equal(U(&r, "S5")->by, BY_EXCELLENT_TIE);
	assert_int_equal(r.y.pool[0].excellent_count, 5);
	assert_int_equal(U(&r, "S9")->by, BY_GOOD_QUOTA);      /* 良好 still 4: S6..S9 */
	done(&r);

	fx_init(&r.f);
	fx_year(&r.f, 10, 0, 0);
	penalties(&r, p, 9);
	char *exc[] = { "boundary_ties=exclude" };
	score(&r, exc, 1, 0);
	assert_int_equal(r.y.pool[0].excellent_count, 3);
	assert_int_equal(U(&r, "S4")->grade, GRADE_GOOD);
	assert_true(U(&r, "S4")->pushed_down);
	assert_int_equal(U(&r, "S7")->by, BY_GOOD_QUOTA);      /* S4, S5, S6, S7 */
	assert_int_equal(U(&r, "S8")->by, BY_PROMOTED);
	done(&r);

	fx_init(&r.f);
	fx_year(&r.f, 10, 0, 0);
	penalties(&r, p, 9);
	char *err[] = { "boundary_ties=error" };
	score(&r, err, 1, EXIT_DATAERR);
	assert_true(fx_said(&r.f, "“S4”、“S5”最终得分同为96.00"));
	done(&r);
}

/* A 综合窗口 ranked first: not 先进, takes the first 良好 place, and is the 85%/70% reference.
 * 8 singles + C1: 先进 floor(40% × 8) = 3 (S1..S3 at 99..97), 良好 floor(40% × 9) = 3 (C1, S4, S5).
 * C1 = 100, so 85% line = 85: S8 = 100 − 15.5 = 84.50 → 合格. */
static void comprehensive_first(void **state)
{
	(void)state;
	run r;
	fx_init(&r.f);
	fx_year(&r.f, 8, 1, 0);
	const char *p[] = { "S1:1", "S2:2", "S3:3", "S4:4", "S5:5", "S6:6", "S7:7", "S8:15.5" };
	penalties(&r, p, 8);
	score(&r, NULL, 0, 0);
	assert_int_equal(U(&r, "C1")->rank, 1);
	assert_int_equal(U(&r, "C1")->grade, GRADE_GOOD);
	assert_int_equal(U(&r, "S3")->grade, GRADE_EXCELLENT);
	assert_int_equal(U(&r, "S5")->by, BY_GOOD_QUOTA);
	assert_int_equal(r.y.pool[0].first_final, DEC(100));
	assert_int_equal(U(&r, "S8")->grade, GRADE_PASS);
	assert_int_equal(U(&r, "S7")->by, BY_PROMOTED);
	done(&r);
}

/* Five 分中心: 先进 floor(40% × 5) = 2, 良好 2, the fifth: no 85% promotion; < 70% → 基本合格.
 * F5 = 100 − 31 = 69 < 70 → 基本合格; with 29 it is 71 → 合格. */
static void subcenters(void **state)
{
	(void)state;
	run r;
	fx_init(&r.f);
	fx_year(&r.f, 1, 0, 5);
	const char *p[] = { "F2:1", "F3:2", "F4:3", "F5:31" };
	penalties(&r, p, 4);
	score(&r, NULL, 0, 0);
	assert_int_equal(U(&r, "F2")->grade, GRADE_EXCELLENT);
	assert_int_equal(U(&r, "F4")->grade, GRADE_GOOD);
	assert_int_equal(U(&r, "F5")->grade, GRADE_BASIC);
	assert_string_equal(grade_name(U(&r, "F5")->grade, false), "考绩基本合格分中心");
	done(&r);

	fx_init(&r.f);
	fx_year(&r.f, 1, 0, 5);
	const char *q[] = { "F2:1", "F3:2", "F4:3", "F5:10" };
	penalties(&r, q, 4);
	score(&r, NULL, 0, 0);
	assert_int_equal(U(&r, "F5")->grade, GRADE_PASS);      /* 90: no promotion for 分中心 */
	done(&r);
}

/* quota_rounding: 9 singles → 40% × 9 = 3.6 → floor 3, round 4. */
static void quota_rounding_modes(void **state)
{
	(void)state;
	settings s;
	settings_default(&s);
	assert_int_equal(score_quota(&s, 4000, 9), 3);
	assert_int_equal(score_quota(&s, 4000, 24), 9);        /* 9.6 → 9 */
	s.quota_rounding = QUOTA_ROUND;
	assert_int_equal(score_quota(&s, 4000, 9), 4);
	assert_int_equal(score_quota(&s, 5000, 5), 3);         /* 2.5 → 3, half up */
	/* The documents' wording: Chinese prose, no arrow, no bracket inside the bracket it goes in. */
	char *t = score_quota_text(&s, 4000, 24, 10);
	assert_string_equal(t, "24×40%=9.6，四舍五入为10个");
	free(t);
	s.quota_rounding = QUOTA_FLOOR;
	t = score_quota_text(&s, 4000, 24, 9);
	assert_string_equal(t, "24×40%=9.6，取整为9个");
	free(t);
	t = score_quota_text(&s, 4000, 25, 10);                /* exact: nothing to round */
	assert_string_equal(t, "25×40%=10个");
	free(t);
	settings_free(&s);
}

/* Equal finals share the final rank (competition) and keep units.csv order in results. */
static void final_ties_order(void **state)
{
	(void)state;
	run r;
	fx_init(&r.f);
	fx_year(&r.f, 4, 0, 0);
	const char *p[] = { "S1:2", "S2:1", "S3:1", "S4:3" };
	penalties(&r, p, 4);
	score(&r, NULL, 0, 0);
	assert_int_equal(U(&r, "S2")->rank, 1);
	assert_int_equal(U(&r, "S3")->rank, 1);
	assert_int_equal(U(&r, "S1")->rank, 3);
	assert_int_equal(r.y.order[0], model_find_unit(&r.m, "S2"));
	assert_int_equal(r.y.order[1], model_find_unit(&r.m, "S3"));
	assert_int_equal(r.y.order[2], model_find_unit(&r.m, "S1"));
	done(&r);
}

/* score_rank sorts: its ranks and tie counts equal the definition's O(n²) count on ratios
 * with many ties (values drawn from a few fractions), in both numberings. */
static void rank_by_sorting(void **state)
{
	(void)state;
	enum { N = 500 };
	int64_t num[N], den[N];
	int members[N], rank[N], ties[N];
	uint32_t x = 12345;
	for (int i = 0; i < N; i++) {
		x = x * 1103515245u + 12345u;
		den[i] = 1 + (x >> 16) % 4;
		num[i] = (int64_t)((x >> 8) % 7) * den[i] / (1 + (int64_t)(x % 2));   /* equal ratios in different terms */
		members[i] = N - 1 - i;                                              /* not in index order */
	}
	for (int dense = 0; dense < 2; dense++) {
		score_rank(num, den, members, N, dense, rank, ties);
		for (int i = 0; i < N; i++) {
			int above = 0, same = 0;
			const int64_t a = num[members[i]], b = den[members[i]];
			for (int j = 0; j < N; j++) {
				__int128 l = (__int128)num[members[j]] * b, r = (__int128)a * den[members[j]];
				same += l == r;
				if (l <= r) continue;
				int first = 1;
				for (int k = 0; dense && k < j; k++)
					if ((__int128)num[members[k]] * den[members[j]] == (__int128)num[members[j]] * den[members[k]]) first = 0;
				above += first;
			}
			assert_int_equal(rank[i], above + 1);
			assert_int_equal(ties[i], same);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rank_by_sorting),
		cmocka_unit_test(tie_numbering),
		cmocka_unit_test(vote_scores_exact),
		cmocka_unit_test(category_cap),
		cmocka_unit_test(half_up),
		cmocka_unit_test(thresholds),
		cmocka_unit_test(bonus),
		cmocka_unit_test(disqualified),
		cmocka_unit_test(boundary_tie_modes),
		cmocka_unit_test(comprehensive_first),
		cmocka_unit_test(subcenters),
		cmocka_unit_test(quota_rounding_modes),
		cmocka_unit_test(final_ties_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
