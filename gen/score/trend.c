/* trend.c — month over month, for the 月度通报 and monthly-YYYY-MM.csv: each window's rank in
 * the month and the month before, its year-to-date average, and whether it stood in the
 * bottom N in both months.  Ranks compare exact monthly scores (SPEC §7.13). */
#include "score/score.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"

int score_month_order(const model *m, const month_score *ms, int *order, int *rank)
{
	int n = 0;
	int64_t *num = xcalloc((size_t)m->nunits + 1, sizeof *num), *den = xcalloc((size_t)m->nunits + 1, sizeof *den);
	for (int u = 0; u < m->nunits; u++)
		if (unit_is_window(&m->units[u])) { order[n++] = u; num[u] = ms[u].score; den[u] = 1; }
	int *r = xcalloc((size_t)n + 1, sizeof *r);
	score_rank(num, den, order, n, false, r, NULL);
	for (int i = 0; i < n; i++) rank[order[i]] = r[i];
	/* By rank, units.csv order among equals: a counting sort (ranks are 1..n), stable and linear. */
	int *at = xcalloc((size_t)n + 2, sizeof *at), *by = xmalloc(((size_t)n + 1) * sizeof *by);
	for (int i = 0; i < n; i++) at[r[i]]++;
	for (int k = 1; k <= n + 1; k++) at[k] += at[k - 1];
	for (int i = 0; i < n; i++) by[at[r[i] - 1]++] = order[i];
	memcpy(order, by, (size_t)n * sizeof *order);
	free(at);
	free(by);
	free(r);
	free(num);
	free(den);
	return n;
}

const char *score_rank_change(int month, int prev, int rank, char buf[16])
{
	if (month <= 1) snprintf(buf, 16, "—");                /* January: nothing to compare with */
	else if (prev <= 0) snprintf(buf, 16, "新");           /* no rank last month */
	else if (prev > rank) snprintf(buf, 16, "↑%d", prev - rank);
	else if (prev < rank) snprintf(buf, 16, "↓%d", rank - prev);
	else snprintf(buf, 16, "持平");
	return buf;
}

dec score_ytd_average(int64_t sum, int months)
{
	/* The exact mean sum ÷ months (a rational: ÷3, ÷7 do not end), rounded once, half up, to
	 * cents: SPEC §3's rule for a value that is printed, as 日常考核 and the bulletin's 平均分. */
	return months > 0 ? dec_round_cents(sum, months) : 0;
}

bool score_in_bottom(int rank, int n, int bottom_n)
{
	/* The last N rank numbers (n − N + 1 … n); a window tied with the month's best is never
	 * among them, though all windows but two score 100 and N is 3. */
	return bottom_n > 0 && rank > n - bottom_n && rank > 1;
}

void score_month_trend(const model *m, int month, int bottom_n, month_trend *t)
{
	memset(t, 0, (size_t)m->nunits * sizeof *t);
	month_score *ms = xcalloc((size_t)m->nunits + 1, sizeof *ms);
	int *order = xcalloc((size_t)m->nunits + 1, sizeof *order), *rank = xcalloc((size_t)m->nunits + 1, sizeof *rank);
	bool *low = xcalloc((size_t)m->nunits + 1, sizeof *low);
	for (int mo = 1; mo <= month; mo++) {
		score_month(m, mo, ms);
		int n = score_month_order(m, ms, order, rank);
		for (int i = 0; i < n; i++) {
			int u = order[i];
			bool in = score_in_bottom(rank[u], n, bottom_n);
			t[u].ytd_sum += ms[u].score;
			if (mo == month - 1) { t[u].prev_rank = rank[u]; low[u] = in; }
			if (mo == month) { t[u].rank = rank[u]; t[u].bottom = in && low[u]; }
		}
	}
	for (int u = 0; u < m->nunits; u++) t[u].ytd_avg = score_ytd_average(t[u].ytd_sum, month);
	free(ms);
	free(order);
	free(rank);
	free(low);
}
