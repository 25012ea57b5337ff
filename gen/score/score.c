/* score.c — SPEC §3–§4 in exact arithmetic: every value is a dec or a ratio of int64s, never a double. */
#include "score/score.h"

#include <string.h>

#include "base/diag.h"
#include "base/util.h"

const char *const component_name[COMP_COUNT] = {
	"纪委监委评价", "第三方满意度评价", "行风监督员评价", "领导班子及科室负责人评价",
};

const char *grade_name(grade g, bool window)
{
	static const char *const w[] = { "考绩先进窗口", "考绩良好窗口", "考绩合格窗口", "考绩基本合格窗口" };
	static const char *const s[] = { "考绩先进分中心", "考绩良好分中心", "考绩合格分中心", "考绩基本合格分中心" };
	return window ? w[g] : s[g];
}

int score_quota(const settings *s, dec ratio, int n)
{
	int64_t x = ratio * n;
	return (int)(s->quota_rounding == QUOTA_ROUND ? (x + DEC_ONE / 2) / DEC_ONE : x / DEC_ONE);
}

/* a/b compared with c/d (b, d > 0): −1, 0, 1. Products in 128 bits: vote totals times weighted
 * sums outgrow int64 long before the data stops being plausible. */
__extension__ typedef __int128 wide;
static int cmp_ratio(int64_t a, int64_t b, int64_t c, int64_t d)
{
	wide l = (wide)a * d, r = (wide)c * b;
	return (l > r) - (l < r);
}

/* What rank_order compares: the values, addressed through members. */
typedef struct { const int64_t *num, *den; const int *members; } rank_ctx;

/* Higher value first; equal values in members order (a stable sort's result). */
static int rank_order(const void *a, const void *b, void *arg)
{
	const rank_ctx *c = arg;
	int i = *(const int *)a, j = *(const int *)b;
	int r = cmp_ratio(c->num[c->members[j]], c->den[c->members[j]], c->num[c->members[i]], c->den[c->members[i]]);
	return r ? r : (i > j) - (i < j);
}

void score_rank(const int64_t *num, const int64_t *den, const int *members, int n, bool dense, int *rank, int *ties)
{
	/* Sorted once, O(n log n): a province ranks 10,000 units per component. */
	int *pos = xmalloc(((size_t)n + 1) * sizeof *pos);
	for (int i = 0; i < n; i++) pos[i] = i;
	rank_ctx c = { num, den, members };
	qsort_r(pos, (size_t)n, sizeof *pos, rank_order, &c);
	int distinct = 0;
	for (int s = 0, e; s < n; s = e) {
		const int64_t a = num[members[pos[s]]], b = den[members[pos[s]]];
		for (e = s + 1; e < n && !cmp_ratio(num[members[pos[e]]], den[members[pos[e]]], a, b); e++) {}
		distinct++;
		for (int k = s; k < e; k++) {
			rank[pos[k]] = dense ? distinct : s + 1;
			if (ties) ties[pos[k]] = e - s;
		}
	}
	free(pos);
}

void score_month(const model *m, int month, month_score *out)
{
	memset(out, 0, (size_t)m->nunits * sizeof *out);
	for (int i = 0; i < m->ndeductions; i++) {
		const deduction *d = &m->deductions[i];
		if (d->month != month) continue;
		out[d->unit].lost[m->items[d->item].category] += d->points * d->count;
		out[d->unit].events++;
	}
	for (int u = 0; u < m->nunits; u++)
		for (int c = 0; c < CATEGORY_COUNT; c++) {
			dec kept = m->set.cap[c] - out[u].lost[c];
			out[u].kept[c] = kept > 0 ? kept : 0;
			out[u].score += out[u].kept[c];
		}
}

/* 日常考核: windows Σ monthly ÷ months × weight; 分中心 mean of 4 quarters × weight. */
static void daily_scores(const model *m, year_score *y)
{
	month_score *ms = xcalloc((size_t)m->nunits, sizeof *ms);
	int months = m->set.months < 12 ? m->set.months : 12;
	for (int mo = 1; mo <= months; mo++) {
		score_month(m, mo, ms);
		for (int u = 0; u < m->nunits; u++) y->u[u].month[mo - 1] = ms[u];
	}
	free(ms);
	for (int u = 0; u < m->nunits; u++) {
		unit_score *s = &y->u[u];
		int64_t div;
		s->daily_sum = 0;
		if (unit_is_window(&m->units[u])) {
			for (int mo = 0; mo < months; mo++) s->daily_sum += s->month[mo].score;
			div = m->set.months;
		} else {
			for (int q = 0; q < 4; q++) s->daily_sum += m->units[u].quarter[q];
			div = 4;
		}
		s->daily = div ? dec_round_cents(s->daily_sum * m->set.daily_weight, div * DEC_ONE) : 0;
	}
}

/* Raw value of a component for a unit, as num/den. */
static void raw_value(const model *m, const unit *u, int c, int64_t *num, int64_t *den)
{
	*den = 1;
	if (c == COMP_DISCIPLINE) *num = u->discipline;
	else if (c == COMP_THIRD_PARTY) *num = u->third_party;
	else {
		score_votes(&m->set, u->votes[c == COMP_SUPERVISORS ? GROUP_SUPERVISORS : GROUP_LEADERS], num, den);
	}
}

void score_votes(const settings *s, const int64_t *v, int64_t *num, int64_t *den)
{
	int64_t total = 0, sum = 0;
	for (int k = 0; k < VOTE_KINDS; k++) {
		total += v[k];
		sum += v[k] * s->weight[k];
	}
	*num = sum;
	*den = total ? total : 1;
}

/* Component maximum for a unit's pool. */
static dec component_max(const settings *s, bool window, int c)
{
	switch (c) {
	case COMP_DISCIPLINE: return window ? s->max_discipline_window : s->max_discipline_subcenter;
	case COMP_THIRD_PARTY: return window ? s->max_third_party : 0;
	case COMP_SUPERVISORS: return window ? s->max_supervisors_window : s->max_supervisors_subcenter;
	default: return window ? s->max_leaders_window : s->max_leaders_subcenter;
	}
}

/* Rank-based points for every component within each pool. */
static void component_scores(const model *m, year_score *y, const int *members, int n, bool window)
{
	int64_t *num = xcalloc((size_t)m->nunits, sizeof *num), *den = xcalloc((size_t)m->nunits, sizeof *den);
	int *rank = xcalloc((size_t)n + 1, sizeof *rank), *ties = xcalloc((size_t)n + 1, sizeof *ties);
	for (int c = 0; c < COMP_COUNT; c++) {
		if (c == COMP_THIRD_PARTY && !window) continue;
		for (int i = 0; i < n; i++) raw_value(m, &m->units[members[i]], c, &num[members[i]], &den[members[i]]);
		score_rank(num, den, members, n, m->set.tie_rank == TIE_DENSE, rank, ties);
		for (int i = 0; i < n; i++) {
			component *k = &y->u[members[i]].comp[c];
			k->applies = true;
			k->num = num[members[i]];
			k->den = den[members[i]];
			k->rank = rank[i];
			k->ties = ties[i];
			k->max = component_max(&m->set, window, c);
			dec p = k->max - m->set.rank_step * (rank[i] - 1);
			k->points = p > 0 ? dec_round_cents(p, 1) : 0;
		}
	}
	free(num);
	free(den);
	free(rank);
	free(ties);
}

/* Finals and their competition ranks (SPEC §3.5, §7.4). */
static void finals(const model *m, year_score *y, const int *members, int n)
{
	int64_t *num = xcalloc((size_t)m->nunits, sizeof *num), *den = xcalloc((size_t)m->nunits, sizeof *den);
	int *rank = xcalloc((size_t)n + 1, sizeof *rank), *ties = xcalloc((size_t)n + 1, sizeof *ties);
	for (int i = 0; i < n; i++) {
		unit_score *s = &y->u[members[i]];
		s->satisfaction = 0;
		for (int c = 0; c < COMP_COUNT; c++) s->satisfaction += s->comp[c].points;
		s->penalty = m->units[members[i]].penalty;
		s->final = s->daily + s->satisfaction - s->penalty;
		num[members[i]] = s->final;
		den[members[i]] = 1;
	}
	score_rank(num, den, members, n, false, rank, ties);
	for (int i = 0; i < n; i++) { y->u[members[i]].rank = rank[i]; y->u[members[i]].ties = ties[i]; }
	free(num);
	free(den);
	free(rank);
	free(ties);
}

/* Final higher first; equal finals in units.csv order. */
static int final_order(const void *a, const void *b, void *arg)
{
	const year_score *y = arg;
	int i = *(const int *)a, j = *(const int *)b;
	dec x = y->u[i].final, z = y->u[j].final;
	return x != z ? (x < z) - (x > z) : (i > j) - (i < j);
}

/* Sorts members by final, higher first; equal finals keep units.csv order.  O(n log n). */
static void sort_by_final(const year_score *y, int *members, int n)
{
	qsort_r(members, (size_t)n, sizeof *members, final_order, (void *)y);
}

/* Awards grade g to the first `quota` candidates (in final order), handling a tie across the
 * boundary per boundary_ties. Returns how many were awarded, or −1 (boundary_ties = error). */
static int take_band(const model *m, year_score *y, const int *cand, int n, int quota,
		     grade g, grade_by by, grade_by by_tie, int *excluded, const char *band)
{
	int end = quota < n ? quota : n;            /* award cand[0 .. end-1] */
	*excluded = 0;
	if (quota > 0 && quota < n && y->u[cand[quota - 1]].final == y->u[cand[quota]].final) {
		dec line = y->u[cand[quota]].final;
		int first = quota - 1, last = quota;
		while (first > 0 && y->u[cand[first - 1]].final == line) first--;
		while (last + 1 < n && y->u[cand[last + 1]].final == line) last++;
		if (m->set.boundary_ties == TIES_ERROR) {
			strbuf b = {0};
			char f[32];
			for (int i = first; i <= last; i++) sb_printf(&b, "%s“%s”", i > first ? "、" : "", m->units[cand[i]].name);
			char *units = path_join(m->dir, "units.csv");
			diag_error(units, m->units[cand[first]].line, 1, "%s名额为%d个，但%s最终得分同为%s，并列跨越名额分界；"
				"请在 method.ini 中设置 boundary_ties = include（并列者都评为%s）或 exclude（都不评），"
				"或用 --set boundary_ties=… 试算", band, quota, b.s, dec_fmt(line, 2, f), band);
			free(units);
			free(b.s);
			return -1;
		}
		if (m->set.boundary_ties == TIES_INCLUDE) end = last + 1;
		else {
			end = first;
			*excluded = last - first + 1;
			for (int i = first; i <= last; i++) y->u[cand[i]].pushed_down = true;
		}
	}
	for (int i = 0; i < end; i++) {
		y->u[cand[i]].grade = g;
		y->u[cand[i]].by = i < quota ? by : by_tie;
	}
	return end;
}

/* Grades one pool (SPEC §4, §7.7–§7.11). */
static int grade_pool(const model *m, year_score *y, pool_score *p, int *members, int n, bool window)
{
	const settings *s = &m->set;
	bool bonus = s->district_excellent && (window || s->bonus_applies == BONUS_ALL);
	int *cand = xcalloc((size_t)n + 1, sizeof *cand), nc = 0, rc = 0;
	sort_by_final(y, members, n);
	p->windows = window;
	p->n = n;
	p->first = n ? members[0] : -1;
	p->first_final = n ? y->u[members[0]].final : 0;
	p->excellent_ratio = (window ? s->excellent_ratio : s->subcenter_excellent_ratio) + (bonus ? s->bonus_ratio : 0);
	p->good_ratio = window ? s->good_ratio : s->subcenter_good_ratio;
	p->promote_ratio = window ? s->promote_ratio : 0;
	p->basic_ratio = window ? s->basic_ratio : s->subcenter_basic_ratio;
	p->n_single = 0;
	for (int i = 0; i < n; i++)
		if (m->units[members[i]].type != UNIT_COMPREHENSIVE) p->n_single++;
	p->excellent_quota = score_quota(s, p->excellent_ratio, window ? p->n_single : n);
	p->good_quota = score_quota(s, p->good_ratio, n);
	for (int i = 0; i < n; i++) y->u[members[i]].grade = (grade)-1;

	/* 先进: eligible units only (not 综合窗口, not disqualified). */
	for (int i = 0; i < n; i++) {
		const unit *u = &m->units[members[i]];
		if (u->type == UNIT_COMPREHENSIVE || u->disqualified) continue;
		cand[nc++] = members[i];
		y->u[members[i]].eligible_pos = nc;
	}
	/* A disqualified window "would have been 先进" when fewer eligible units than the quota
	 * score above it: with it in their place it would have been inside the quota.  Members
	 * and candidates both run by final, higher first: one walk counts those above. */
	for (int i = 0, above = 0; i < n; i++) {
		const unit *u = &m->units[members[i]];
		if (u->type == UNIT_COMPREHENSIVE || !u->disqualified) continue;
		while (above < nc && y->u[cand[above]].final > y->u[members[i]].final) above++;
		y->u[members[i]].lost_excellent = above < p->excellent_quota;
	}
	p->excellent_count = take_band(m, y, cand, nc, p->excellent_quota, GRADE_EXCELLENT,
		BY_EXCELLENT_QUOTA, BY_EXCELLENT_TIE, &p->excellent_ties_excluded, window ? "考绩先进窗口" : "考绩先进分中心");
	if (p->excellent_count < 0) {
		/* The 良好 band depends on who is 先进: nothing more to decide until the hall does. */
		free(cand);
		return -1;
	}

	/* 良好: the next best of either kind, count fixed (SPEC §7.9). */
	nc = 0;
	for (int i = 0; i < n; i++)
		if ((int)y->u[members[i]].grade < 0) cand[nc++] = members[i];
	/* Each one's place among them (the grade reason quotes it): equal finals share a place. */
	for (int i = 0; i < nc; i++)
		y->u[cand[i]].good_pos = i && y->u[cand[i]].final == y->u[cand[i - 1]].final ? y->u[cand[i - 1]].good_pos : i + 1;
	p->good_by_quota_count = take_band(m, y, cand, nc, p->good_quota, GRADE_GOOD,
		BY_GOOD_QUOTA, BY_GOOD_TIE, &p->good_ties_excluded, window ? "考绩良好窗口" : "考绩良好分中心");
	if (p->good_by_quota_count < 0) rc = -1;

	/* The rest band: 85% promotes (windows only), under 70% is 基本合格; both inclusive as written. */
	for (int i = 0; i < n; i++) {
		unit_score *u = &y->u[members[i]];
		if ((int)u->grade >= 0) continue;
		if (window && (wide)u->final * DEC_ONE >= (wide)p->promote_ratio * p->first_final) { u->grade = GRADE_GOOD; u->by = BY_PROMOTED; }
		else if ((wide)u->final * DEC_ONE < (wide)p->basic_ratio * p->first_final) { u->grade = GRADE_BASIC; u->by = BY_BASIC; }
		else { u->grade = GRADE_PASS; u->by = BY_PASS; }
	}
	memset(p->count, 0, sizeof p->count);
	for (int i = 0; i < n; i++)
		if ((int)y->u[members[i]].grade >= 0) p->count[y->u[members[i]].grade]++;
	free(cand);
	return rc;
}

int score_year(const model *m, year_score *y)
{
	memset(y, 0, sizeof *y);
	y->m = m;
	y->u = xcalloc((size_t)m->nunits, sizeof *y->u);
	y->order = xcalloc((size_t)m->nunits, sizeof *y->order);
	for (int u = 0; u < m->nunits; u++) y->u[u].unit = u;
	daily_scores(m, y);
	int *members = xcalloc((size_t)m->nunits, sizeof *members), rc = 0, k = 0;
	for (int pool = 0; pool < 2; pool++) {
		int n = 0;
		for (int u = 0; u < m->nunits; u++)
			if (unit_is_window(&m->units[u]) == (pool == 0)) members[n++] = u;
		component_scores(m, y, members, n, pool == 0);
		finals(m, y, members, n);
		if (grade_pool(m, y, &y->pool[pool], members, n, pool == 0)) rc = EXIT_DATAERR;
		for (int i = 0; i < n; i++) y->order[k++] = members[i];   /* sorted by final, ties in units order */
	}
	/* Staff places are floor(ratio × staff) as SPEC §4 writes it, whatever quota_rounding says. */
	y->staff_places = m->set.staff_count >= 0 ? (int)(m->set.staff_excellent_ratio * m->set.staff_count / DEC_ONE) : -1;
	free(members);
	return rc;
}

void score_free(year_score *y)
{
	free(y->u);
	free(y->order);
	memset(y, 0, sizeof *y);
}
