/* scorecard.c — the 考绩单 of one unit: how each component's raw value became its rank and
 * its points, the months (or quarters) behind 日常考核, the trend on the scale every chart of
 * the year shares, and every deduction row the unit may appeal against. */
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "doc/annual.h"
#include "doc/words.h"

#define WB "\u200B"             /* a cell may break here (ly_table) */

static char *fmt2(dec v, char b[32]) { return dec_fmt(v, 2, b); }

/* The components' names as the breakdown's 项目 cells break them: between words only. */
static const char *const comp_label[COMP_COUNT] = {
	"纪委监委" WB "评价", "第三方" WB "满意度" WB "评价", "行风监督员" WB "评价", "领导班子及" WB "科室负责人" WB "评价",
};

/* Greatest common divisor, for exact fractions in lowest terms. */
static int64_t gcd(int64_t a, int64_t b)
{
	while (b) { int64_t t = a % b; a = b; b = t; }
	return a < 0 ? -a : a;
}

/* The decimals of the 日常考核 table (months or quarters and their sum): the breakdown quotes
 * the same sum, so it prints it alike (1193.20 in both, never 1193.2 beside 1193.20). */
static int daily_places(const model *m, const unit *u, const unit_score *s)
{
	dec v[12 * (CATEGORY_COUNT + 1) + 5];
	size_t n = 0;
	if (!unit_is_window(u)) {
		for (int q = 0; q < 4; q++) v[n++] = u->quarter[q];
	} else
		for (int mo = 0; mo < (m->set.months < 12 ? m->set.months : 12); mo++) {
			for (int c = 0; c < CATEGORY_COUNT; c++) v[n++] = s->month[mo].kept[c];
			v[n++] = s->month[mo].score;
		}
	v[n++] = s->daily_sum;
	return dec_places(v, n, 2);
}

/* Row numbers of tally rows, “第4、5行”. */
static void row_lines(strbuf *b, const tally_row *r, int n)
{
	sb_puts(b, "第");
	for (int i = 0; i < n; i++) sb_printf(b, "%s%d", i ? "、" : "", r[i].line);
	sb_puts(b, "行");
}

/* The commission's score: one row as it stands, several as their sum with the rows it adds up,
 * “评价得分2.20＋2.30＝4.50（discipline.csv 第4、5行）” (SPEC §7.2 sums them; a unit must
 * see where its 4.50 comes from). */
static char *discipline_text(const unit *u, dec total)
{
	int n = u->ndiscipline_rows;
	dec *v = xcalloc((size_t)n + 1, sizeof *v);
	for (int i = 0; i < n; i++) v[i] = u->discipline_rows[i].value;
	v[n] = total;
	int dp = dec_places(v, (size_t)n + 1, 2);
	free(v);
	char x[32];
	strbuf b = {0};
	sb_puts(&b, "评价得分");
	if (n > 1) {
		for (int i = 0; i < n; i++) sb_printf(&b, "%s%s", i ? "＋" : "", dec_fmt(u->discipline_rows[i].value, dp, x));
		sb_printf(&b, "＝%s" WB "（discipline.csv ", dec_fmt(total, dp, x));
		row_lines(&b, u->discipline_rows, n);
		sb_puts(&b, "）");
	} else
		sb_puts(&b, dec_fmt(total, dp, x));
	return sb_take(&b);
}

/* A vote score as the evaluator counts it: "(7×1+15×0.9+1×0.8+0×0.7)÷23 = 21.3÷23 =
 * 213/230 ≈ 0.9261", or "= 0.935" when the value ends within 4 decimals; never an ellipsis.
 * It breaks only before an “=”, so the ratio never stands alone on a line.  Votes summed from
 * several rows show each kind's parts and the rows first. */
static char *vote_text(const model *m, const unit *u, int g, const component *cp)
{
	static const char *const kind[VOTE_KINDS] = { "非常满意", "满意", "一般", "不满意" };
	const int64_t *v = u->votes[g];
	char w[4][32], x[48];
	for (int i = 0; i < 4; i++) dec_fmt_short(m->set.weight[i], w[i]);
	strbuf b = {0};
	int rows = u->nvote_rows[g];
	if (rows > 1) {
		sb_puts(&b, "votes.csv ");
		row_lines(&b, u->vote_rows[g], rows);
		sb_puts(&b, "合计：" WB);
		for (int k = 0; k < VOTE_KINDS; k++) {
			sb_puts(&b, kind[k]);
			for (int r = 0; r < rows; r++) sb_printf(&b, "%s%lld", r ? "＋" : "", (long long)u->vote_rows[g][r].votes[k]);
			sb_printf(&b, "＝%lld%s", (long long)v[k], k + 1 < VOTE_KINDS ? "，" WB : "；" WB);
		}
	}
	sb_printf(&b, "(%lld×%s+%lld×%s+%lld×%s+%lld×%s)÷%lld " WB "= %s÷%lld " WB "= ",
		(long long)v[0], w[0], (long long)v[1], w[1], (long long)v[2], w[2], (long long)v[3], w[3],
		(long long)cp->den, dec_fmt_short(cp->num, x), (long long)cp->den);
	if (cp->num % cp->den == 0) {
		sb_puts(&b, dec_fmt_short(cp->num / cp->den, x));
	} else {
		int64_t n = cp->num, d = cp->den * DEC_ONE, g2 = gcd(n, d);
		dec approx = (cp->num * 10 / cp->den + 5) / 10;     /* half up to 0.0001 */
		sb_printf(&b, "%lld/%lld ≈ %s", (long long)(n / g2), (long long)(d / g2), dec_fmt(approx, 4, x));
	}
	return sb_take(&b);
}

/* How a rank becomes points: "3个单位并列第8名：5 − 0.1 × (8 − 1) = 4.30". */
static char *rank_text(const settings *set, const component *cp)
{
	char mx[32], st[32], p[32];
	strbuf b = {0};
	/* The rank on one line, its arithmetic on the next: every component row reads alike. */
	if (cp->ties > 1) sb_printf(&b, "%d个单位并列第%d名：\n", cp->ties, cp->rank);
	else sb_printf(&b, "第%d名：\n", cp->rank);
	dec raw = cp->max - set->rank_step * (cp->rank - 1);
	sb_printf(&b, "%s − %s × (%d − 1) ", dec_fmt_short(cp->max, mx), dec_fmt_short(set->rank_step, st), cp->rank);
	if (raw < 0) sb_puts(&b, "< 0，得0.00");
	else sb_printf(&b, "= %s", fmt2(cp->points, p));
	return sb_take(&b);
}

/* Appends one row of the breakdown. */
static void row4(char **cells, size_t *rows, char *a, char *b, char *c, char *d)
{
	char **r = cells + *rows * 4;
	r[0] = a; r[1] = b; r[2] = c; r[3] = d;
	(*rows)++;
}

/* 考绩单: how each part of the final was reached, adding up to the cent. */
static void part_breakdown(ly_doc *d, const void *p)
{
	const annual_data *a = p;
	const year_score *y = a->y;
	const model *m = y->m;
	const unit *u = &m->units[a->unit];
	const unit_score *s = &y->u[a->unit];
	bool w = unit_is_window(u);
	const pool_score *pool = &y->pool[w ? 0 : 1];
	char *cells[4 * 9] = {0};
	size_t rows = 0;
	char b[32], c[48], x[32], mx[32];
	row4(cells, &rows, xstrdup("项目"), xstrdup("原始值"), xstrdup("名次与计算"), xstrdup("得分"));
	int parts = w ? m->set.months : 4, dp = daily_places(m, u, s);
	/* The arithmetic breaks only after its comma: “四舍五入” is one word. */
	row4(cells, &rows, xasprintf("日常" WB "考核" WB "（满分%s）", dec_fmt_short(m->set.daily_weight * 100, mx)),
		xasprintf("%d个%s得分合计%s", parts, w ? "月" : "季度", dec_fmt(s->daily_sum, dp, c)),
		xasprintf("%s ÷ %d × %s，" WB "四舍五入", dec_fmt(s->daily_sum, dp, c), parts, dec_fmt_pct(m->set.daily_weight, x)),
		xstrdup(fmt2(s->daily, b)));
	for (int k = 0; k < COMP_COUNT; k++) {
		const component *cp = &s->comp[k];
		if (!cp->applies) continue;
		char *raw;
		if (k == COMP_SUPERVISORS || k == COMP_LEADERS)
			raw = vote_text(m, u, k == COMP_SUPERVISORS ? GROUP_SUPERVISORS : GROUP_LEADERS, cp);
		else if (k == COMP_DISCIPLINE)
			raw = discipline_text(u, cp->num);
		else
			raw = xasprintf("满意度%s", dec_fmt(cp->num, dec_places(&cp->num, 1, 2), c));
		row4(cells, &rows, xasprintf("%s" WB "（满分%s）", comp_label[k], dec_fmt_short(cp->max, mx)), raw,
			rank_text(&m->set, cp), xstrdup(fmt2(cp->points, b)));
	}
	row4(cells, &rows, xstrdup("扣分"), xstrdup(u->penalty_reason ? u->penalty_reason : "无"),
		xstrdup(u->disqualified ? "取消评先资格" : "—"), s->penalty ? xasprintf("−%s", fmt2(s->penalty, b)) : xstrdup("0.00"));
	row4(cells, &rows, xstrdup("最终得分"),
		xasprintf("%s + %s − %s", fmt2(s->daily, b), fmt2(s->satisfaction, c), fmt2(s->penalty, x)),
		xasprintf("%s（共%d个%s）", doc_rank_text(y, a->unit, mx), pool->n, w ? "窗口" : "分中心"), xstrdup(fmt2(s->final, b)));
	static const double widths[] = { 36, 72, 58, 14 };
	static const ly_align align[] = { LY_LEFT, LY_LEFT, LY_LEFT, LY_RIGHT };
	ly_table t = { .nrows = rows, .ncols = 4, .header_rows = 1, .widths_mm = widths, .align = align,
		.size = LY_SIZE_5, .where = "考绩单得分构成表" };
	doc_table(d, &t, cells);
}

/* 考绩单, 分中心: the 4 quarters behind 日常考核, printed alike. */
static void quarters_table(ly_doc *d, const model *m, const unit *u, const unit_score *s)
{
	dec v[5] = { u->quarter[0], u->quarter[1], u->quarter[2], u->quarter[3], s->daily_sum };
	int dp = daily_places(m, u, s);
	char *cells[2 * 6], b[32];
	cells[0] = xstrdup("季度");
	cells[1] = xstrdup("季度考核得分");
	for (int q = 0; q < 4; q++) {
		cells[2 * (q + 1)] = xasprintf("第%d季度", q + 1);
		cells[2 * (q + 1) + 1] = xstrdup(dec_fmt(v[q], dp, b));
	}
	cells[10] = xstrdup("合计");
	cells[11] = xstrdup(dec_fmt(v[4], dp, b));
	ly_table t = { .nrows = 6, .ncols = 2, .header_rows = 1, .size = LY_SIZE_5, .where = "考绩单季度表" };
	doc_table(d, &t, cells);
}

/* 考绩单: the 12 months (windows) or 4 quarters (分中心) behind 日常考核. */
static void part_daily(ly_doc *d, const void *p)
{
	const annual_data *a = p;
	const model *m = a->y->m;
	const unit *u = &m->units[a->unit];
	const unit_score *s = &a->y->u[a->unit];
	if (!unit_is_window(u)) { quarters_table(d, m, u, s); return; }
	int months = m->set.months < 12 ? m->set.months : 12;
	size_t cols = 3 + CATEGORY_COUNT, rows = (size_t)months + 2;
	/* One number format for the whole table: 99.875 in one month means 3 decimals in all. */
	int dp = daily_places(m, u, s);
	char **cells = xcalloc(rows * cols, sizeof *cells), b[32];
	cells[0] = xstrdup("月份");
	cells[1] = xstrdup("扣分记录");
	for (int c = 0; c < CATEGORY_COUNT; c++) cells[2 + c] = xstrdup(category_name[c]);
	cells[cols - 1] = xstrdup("月度得分");
	int events = 0;
	for (int mo = 0; mo < months; mo++) {
		char **r = cells + (size_t)(mo + 1) * cols;
		const month_score *ms = &s->month[mo];
		r[0] = xasprintf("%d月", mo + 1);
		r[1] = xasprintf("%d条", ms->events);
		for (int c = 0; c < CATEGORY_COUNT; c++) r[2 + c] = xstrdup(dec_fmt(ms->kept[c], dp, b));
		r[cols - 1] = xstrdup(dec_fmt(ms->score, dp, b));
		events += ms->events;
	}
	char **r = cells + (rows - 1) * cols;
	r[0] = xstrdup("合计");
	r[1] = xasprintf("%d条", events);
	for (int c = 0; c < CATEGORY_COUNT; c++) r[2 + c] = xstrdup("");
	r[cols - 1] = xstrdup(dec_fmt(s->daily_sum, dp, b));
	ly_table t = { .nrows = rows, .ncols = cols, .header_rows = 1, .size = LY_SIZE_5, .where = "考绩单月度表" };
	doc_table(d, &t, cells);
	free(cells);
}

/* 考绩单: the monthly (or quarterly) trend, on the scale every chart of the year uses.  Doubles
 * only place the marks; the printed numbers are the exact ones in the table above. */
static void part_trend(ly_doc *d, const void *p)
{
	const annual_data *a = p;
	const model *m = a->y->m;
	const unit *u = &m->units[a->unit];
	const unit_score *s = &a->y->u[a->unit];
	bool w = unit_is_window(u);
	double v[12];
	char lab[12][16];
	const char *labels[12];
	int n = w ? (m->set.months < 12 ? m->set.months : 12) : 4;
	for (int i = 0; i < n; i++) {
		v[i] = (double)(w ? s->month[i].score : u->quarter[i]) / DEC_ONE;
		snprintf(lab[i], sizeof lab[i], w ? "%d月" : "第%d季度", i + 1);
		labels[i] = lab[i];
	}
	ly_chart c = { .n = (size_t)n, .values = v, .labels = labels, .height_mm = 20, .line = w,
		.ymin = a->trend_low, .ymax = 100, .where = "考绩单趋势图",
		.xlabel = w ? "月份" : "季度", .ylabel = w ? "月度得分（分）" : "季度考核得分（分）" };
	ly_chart_add(d, &c);
}

/* The decimals of the 附页's points (each row's and the total, *total): the sentence above the
 * table quotes the total and prints it alike. */
static int deduction_places(const model *m, int ui, dec *total)
{
	int rows;
	const int *idx = model_unit_rows(m, ui, 0, &rows);
	dec *v = xcalloc((size_t)rows + 1, sizeof *v);
	*total = 0;
	for (int i = 0; i < rows; i++) {
		v[i] = m->deductions[idx[i]].points * m->deductions[idx[i]].count;
		*total += v[i];
	}
	v[rows] = *total;
	int dp = dec_places(v, (size_t)rows + 1, 2);
	free(v);
	return dp;
}

/* 考绩单, second page: every deductions.csv row of the unit, the evidence it may appeal against. */
static void part_deductions(ly_doc *d, const void *p)
{
	const annual_data *a = p;
	const model *m = a->y->m;
	int n;
	const int *idx = model_unit_rows(m, a->unit, 0, &n);      /* by month, date and file line */
	if (!n) return;
	dec total;
	int dp = deduction_places(m, a->unit, &total);
	size_t cols = 6, rows = (size_t)n + 2;
	char **cells = xcalloc(rows * cols, sizeof *cells), b[32];
	static const char *const head[] = { "日期", "扣分项", "次数", "扣分", "说明", "行号" };
	for (size_t c = 0; c < cols; c++) cells[c] = xstrdup(head[c]);
	int count = 0;
	for (int i = 0; i < n; i++) {
		const deduction *e = &m->deductions[idx[i]];
		const item *it = &m->items[e->item];
		char **r = cells + (size_t)(i + 1) * cols;
		r[0] = xstrdup(doc_month_day(e->date, e->month, b));
		r[1] = xasprintf("%s %s", it->code, it->text);
		r[2] = xasprintf("%d", e->count);
		r[3] = xstrdup(dec_fmt(e->points * e->count, dp, b));
		r[4] = xstrdup(e->note);
		r[5] = xasprintf("第%d行", e->line);
		count += e->count;
	}
	char **r = cells + (rows - 1) * cols;
	r[0] = xstrdup("合计");
	r[1] = xasprintf("%d条", n);
	r[2] = xasprintf("%d", count);
	r[3] = xstrdup(dec_fmt(total, dp, b));
	r[4] = xstrdup("");
	r[5] = xstrdup("");
	static const double widths[] = { 19, 74, 10, 13, 48, 16 };
	static const ly_align align[] = { LY_LEFT, LY_LEFT, LY_RIGHT, LY_RIGHT, LY_LEFT, LY_LEFT };
	ly_table t = { .nrows = rows, .ncols = cols, .header_rows = 1, .widths_mm = widths, .align = align,
		.size = LY_SIZE_5, .where = "考绩单扣分明细表" };
	doc_table(d, &t, cells);
	free(cells);
}

const doc_part card_parts[] = {
	{ "得分构成表", part_breakdown }, { "日常考核表", part_daily }, { "趋势图", part_trend },
	{ "扣分明细表", part_deductions },
};
const size_t card_nparts = sizeof card_parts / sizeof *card_parts;

void card_context(tpl_ctx *c, const year_score *y, int ui)
{
	const model *m = y->m;
	const unit *u = &m->units[ui];
	const unit_score *s = &y->u[ui];
	bool w = unit_is_window(u);
	char b[32];
	tpl_set(c, "名称", u->name);
	tpl_set(c, "类型", unit_type_name(u->type));
	tpl_set(c, "位置", u->location);
	tpl_setf(c, "序号", "%02d", ui + 1);
	tpl_set(c, "评价名称", w ? "满意度评价" : "综合评价");
	tpl_set(c, "组名", w ? "窗口" : "分中心");
	tpl_setf(c, "组内单位数", "%d", y->pool[w ? 0 : 1].n);
	tpl_set(c, "日常考核", fmt2(s->daily, b));
	tpl_set(c, "评价合计", fmt2(s->satisfaction, b));
	tpl_set(c, "扣分", fmt2(s->penalty, b));
	tpl_set(c, "扣分原因", u->penalty_reason ? u->penalty_reason : "");
	tpl_set(c, "取消评先", u->disqualified ? "是" : "");
	tpl_set(c, "最终得分", fmt2(s->final, b));
	tpl_setf(c, "排名", "%d", s->rank);
	tpl_set(c, "排名文字", doc_rank_text(y, ui, b));
	tpl_set(c, "等次", grade_name(s->grade, w));
	char *why = score_grade_reason(y, ui);
	tpl_set(c, "等次理由", why);
	free(why);
	int rows;
	model_unit_rows(m, ui, 0, &rows);
	dec total;
	int dp = deduction_places(m, ui, &total);
	tpl_setf(c, "扣分条数", "%d", rows);
	tpl_set(c, "扣分合计", dec_fmt(total, dp, b));
}
