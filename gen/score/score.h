/* score.h — the method's arithmetic: monthly scores, components, finals, ranks, grades (SPEC §3–§4, §7). */
#ifndef KAOJI_SCORE_H
#define KAOJI_SCORE_H

#include "model/model.h"

typedef enum { GRADE_EXCELLENT, GRADE_GOOD, GRADE_PASS, GRADE_BASIC } grade;

/* How a unit came to its grade, for explain and the scorecard. */
typedef enum {
	BY_EXCELLENT_QUOTA,     /* within the 先进 quota */
	BY_EXCELLENT_TIE,       /* tied with the last 先进 place, boundary_ties = include */
	BY_GOOD_QUOTA,
	BY_GOOD_TIE,
	BY_PROMOTED,            /* rest band, final ≥ promote_ratio × first */
	BY_PASS,                /* rest band, between the lines */
	BY_BASIC,               /* rest band, final < basic_ratio × first */
} grade_by;

/* The evaluation components, in results.csv order. */
enum { COMP_DISCIPLINE, COMP_THIRD_PARTY, COMP_SUPERVISORS, COMP_LEADERS, COMP_COUNT };
extern const char *const component_name[COMP_COUNT];

typedef struct {
	bool applies;           /* third party: windows only */
	int64_t num, den;       /* raw value = num / den in dec units (den = 1 except vote scores) */
	int rank, ties;         /* rank in the pool; how many share it (1 = alone) */
	dec max, points;        /* points = max − step × (rank − 1), ≥ 0, rounded to cents */
} component;

/* One month of one window. */
typedef struct {
	dec lost[CATEGORY_COUNT];       /* Σ count × points per category */
	dec kept[CATEGORY_COUNT];       /* max(0, cap − lost) */
	dec score;                      /* Σ kept */
	int events;                     /* deduction rows */
} month_score;

typedef struct {
	int unit;
	month_score month[12];          /* windows */
	int64_t daily_sum;              /* Σ monthly (windows) or Σ quarters (分中心), dec */
	dec daily;                      /* 日常考核, rounded */
	component comp[COMP_COUNT];
	dec satisfaction;               /* Σ component points */
	dec penalty, final;
	int rank;                       /* competition rank on final within the pool */
	int ties;                       /* how many share that rank (1 = alone) */
	grade grade;
	grade_by by;
	bool lost_excellent;            /* would have been 先进 but disqualified */
	bool pushed_down;               /* boundary_ties = exclude moved it to the lower band */
	int eligible_pos;               /* place among units eligible for 先进 (0 = not eligible) */
	int good_pos;                   /* competition place among the pool's units not 先进 (0 = 先进) */
} unit_score;

typedef struct {
	bool windows;
	int n, n_single;                /* pool size; single windows (windows pool) */
	dec excellent_ratio, good_ratio, promote_ratio, basic_ratio;
	int excellent_quota, good_quota;
	int excellent_count, good_by_quota_count;  /* as awarded (ties may exceed the quota) */
	int first;                      /* unit index of the first-ranked unit, -1 if empty */
	dec first_final;
	int count[4];                   /* units per grade */
	int excellent_ties_excluded, good_ties_excluded;
} pool_score;

typedef struct {
	const model *m;
	unit_score *u;                  /* indexed like m->units */
	pool_score pool[2];             /* [0] windows, [1] 分中心 */
	int *order;                     /* results.csv order: windows by rank, then 分中心 */
	int staff_places;               /* -1 when staff_count is not given */
} year_score;

/* Computes everything; 0, or EXIT_DATAERR after reporting (boundary_ties = error). */
int  score_year(const model *m, year_score *y);
void score_free(year_score *y);
/* One month's scores for every window (rank in .rank of the returned array, windows only). */
void score_month(const model *m, int month, month_score *out /* [nunits] */);
/* Quota = ratio × n, floored or rounded half up. */
int  score_quota(const settings *s, dec ratio, int n);
/* The vote score of counts v (非常满意, 满意, 一般, 不满意) as the exact fraction num/den:
 * the weighted sum in dec units over the number of votes (den 1 when there are none). */
void score_votes(const settings *s, const int64_t *v, int64_t *num, int64_t *den);
/* Ranks of the values num/den of members[0..n) (higher first): competition (1,1,3) or
 * dense (1,1,2); ties[i], when given, is how many share rank[i].  O(n log n). */
void score_rank(const int64_t *num, const int64_t *den, const int *members, int n, bool dense, int *rank, int *ties);
const char *grade_name(grade g, bool window);

/* Month over month (trend.c), for the 月度通报 and monthly-YYYY-MM.csv. */
typedef struct {
	int rank, prev_rank;            /* competition ranks this month and last (0: none) */
	int64_t ytd_sum;                /* Σ monthly scores of months 1..month, dec, exact */
	dec ytd_avg;                    /* 累计平均分: ytd_sum ÷ month, rounded half up to cents */
	bool bottom;                    /* in the bottom N this month and last month */
} month_trend;
/* Windows of one month in bulletin order (rank, then units.csv order), with their ranks
 * (competition, on exact scores) in rank[unit]; returns how many. */
int  score_month_order(const model *m, const month_score *ms, int *order, int *rank);
/* Every window's trend in month 1..12 (indexed like m->units); bottom_n = bulletin_bottom. */
void score_month_trend(const model *m, int month, int bottom_n, month_trend *t);
/* 名次变化: "↑3", "↓2", "持平", "新" (no rank last month), "—" in January. */
const char *score_rank_change(int month, int prev, int rank, char buf[16]);
/* 累计平均分 of sum (dec) over months. */
dec  score_ytd_average(int64_t sum, int months);
/* Whether rank (of n) is among the bottom N rank numbers, never tied with the best. */
bool score_in_bottom(int rank, int n, int bottom_n);


#ifndef KAOJI_SCORE_REASON
#define KAOJI_SCORE_REASON
/* Quota arithmetic as the documents write it: "24×40%=9.6，取整为9个" (prose, no arrow). */
char *score_quota_text(const settings *s, dec ratio, int n, int quota);
/* Why a unit has its grade, in Chinese, with the quota arithmetic and the score lines. */
char *score_grade_reason(const year_score *y, int unit);
/* The 85% and 70% lines of a pool as exact decimals ("84.796"). */
char *score_line_text(dec ratio, dec first, char buf[48]);
#endif
#endif
