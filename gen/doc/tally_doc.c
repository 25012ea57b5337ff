/* tally_doc.c — tally.pdf, the 计票结果 of ballots.csv: per voter group the ballots received,
 * valid and void (each void one with its number and reason), and per unit the counts and the
 * exact vote score the year's evaluation ranks. */
#include <string.h>

#include "base/util.h"
#include "doc/documents.h"
#include "doc/render.h"

#define WB "\u200B"             /* a header label may break here (ly_table) */

typedef struct {
	const model *m;
} tally_data;

/* num/den (dec units over votes) as a reduced fraction, "213/230", or the decimal when it is one. */
static char *fraction(int64_t num, int64_t den)
{
	char x[32];
	if (num % den == 0) return xstrdup(dec_fmt_short(num / den, x));
	int64_t a = num, b = den * DEC_ONE;
	while (b) { int64_t t = a % b; a = b; b = t; }
	return xasprintf("%lld/%lld", (long long)(num / a), (long long)(den * DEC_ONE / a));
}

/* Ballots received, valid and void, and blank ratings, per group. */
static void part_summary(ly_doc *d, const void *p)
{
	const tally_data *a = p;
	const ballot_tally *bt = &a->m->ballots;
	static const char *const head[] = { "评价主体", "收到选票", "有效选票", "作废选票", "有效选票中的" WB "空白评价" };
	size_t cols = 5, rows = GROUP_COUNT + 1;
	char **cells = xcalloc(rows * cols, sizeof *cells);
	for (size_t c = 0; c < cols; c++) cells[c] = xstrdup(head[c]);
	for (int g = 0; g < GROUP_COUNT; g++) {
		char **r = cells + (size_t)(g + 1) * cols;
		r[0] = xstrdup(group_name[g]);
		r[1] = xasprintf("%d", bt->received[g]);
		r[2] = xasprintf("%d", bt->valid[g]);
		r[3] = xasprintf("%d", bt->received[g] - bt->valid[g]);
		r[4] = xasprintf("%d", bt->blanks[g]);
	}
	ly_table t = { .nrows = rows, .ncols = cols, .header_rows = 1, .cells = (const char *const *)cells,
		.size = LY_SIZE_5, .where = "选票汇总表" };
	doc_table(d, &t, cells);
	free(cells);
}

/* One group's counts per unit (units.csv order, as votes.csv) and the exact vote score. */
static void counts(ly_doc *d, const model *m, int g)
{
	static const char *const head[] = { "单位", "类型", "非常" WB "满意", "满意", "一般", "不满意", "有效" WB "票数",
		"加权" WB "票数", "评价得分" WB "（分数）", "评价得分" WB "（小数）" };
	size_t cols = 10, rows = (size_t)m->nunits + 1;
	char **cells = xcalloc(rows * cols, sizeof *cells), x[48];
	for (size_t c = 0; c < cols; c++) cells[c] = xstrdup(head[c]);
	for (int i = 0; i < m->nunits; i++) {
		const unit *u = &m->units[i];
		char **r = cells + (size_t)(i + 1) * cols;
		int64_t num, den, total = 0;
		score_votes(&m->set, u->votes[g], &num, &den);
		r[0] = xstrdup(u->name);
		r[1] = xstrdup(unit_type_name(u->type));
		for (int k = 0; k < VOTE_KINDS; k++) {
			r[2 + k] = xasprintf("%lld", (long long)u->votes[g][k]);
			total += u->votes[g][k];
		}
		r[6] = xasprintf("%lld", (long long)total);
		r[7] = xstrdup(dec_fmt_short(num, x));
		r[8] = fraction(num, den);
		r[9] = xstrdup(dec_fmt_ratio(num, den, 6, x));
	}
	char *where = xasprintf("%s计票表", group_name[g]);
	ly_table t = { .nrows = rows, .ncols = cols, .header_rows = 1, .cells = (const char *const *)cells,
		.size = LY_SIZE_5, .where = where };
	doc_table(d, &t, cells);
	free(cells);
	free(where);
}

/* One group's void ballots: number, reason, ballots.csv line. */
static void voids(ly_doc *d, const model *m, int g)
{
	const ballot_tally *bt = &m->ballots;
	static const char *const head[] = { "票号", "作废原因", "位置" };
	size_t cols = 3, rows = 1;
	char **cells = xcalloc(((size_t)bt->nvoids + 1) * cols, sizeof *cells);
	for (size_t c = 0; c < cols; c++) cells[c] = xstrdup(head[c]);
	for (int i = 0; i < bt->nvoids; i++) {
		if (bt->voids[i].group != g) continue;
		char **r = cells + rows++ * cols;
		r[0] = xstrdup(bt->voids[i].number);
		r[1] = xstrdup(bt->voids[i].reason);
		r[2] = xasprintf("ballots.csv 第%d行", bt->voids[i].line);
	}
	static const double widths[] = { 18, 122, 40 };
	static const ly_align align[] = { LY_LEFT, LY_LEFT, LY_LEFT };
	char *where = xasprintf("%s作废选票", group_name[g]);
	ly_table t = { .nrows = rows, .ncols = cols, .header_rows = 1, .cells = (const char *const *)cells,
		.widths_mm = widths, .align = align, .size = LY_SIZE_5, .where = where };
	doc_table(d, &t, cells);
	free(cells);
	free(where);
}

static void part_counts_supervisors(ly_doc *d, const void *p) { counts(d, ((const tally_data *)p)->m, GROUP_SUPERVISORS); }
static void part_counts_leaders(ly_doc *d, const void *p) { counts(d, ((const tally_data *)p)->m, GROUP_LEADERS); }
static void part_voids_supervisors(ly_doc *d, const void *p) { voids(d, ((const tally_data *)p)->m, GROUP_SUPERVISORS); }
static void part_voids_leaders(ly_doc *d, const void *p) { voids(d, ((const tally_data *)p)->m, GROUP_LEADERS); }

int doc_tally(const model *m, const fn_set *fs, const char *dir, doc_stats *st)
{
	const ballot_tally *bt = &m->ballots;
	tally_data a = { .m = m };
	tpl_ctx *c = doc_common_context(m);
	char b[32];
	tpl_set(c, "非常满意上限", dec_fmt_pct(m->set.very_satisfied_limit, b));
	tpl_set(c, "超限处理", m->set.ballot_limit_rule == BALLOT_VOID ? "作废" : "为数据错误");
	tpl_set(c, "空白处理", m->set.ballot_blank == BLANK_SKIP ? "不计票，也不计入该票的所评单位数"
		: m->set.ballot_blank == BLANK_VOID ? "使该票作废" : "为数据错误");
	static const char *const kind[VOTE_KINDS] = { "权重非常满意", "权重满意", "权重一般", "权重不满意" };
	for (int k = 0; k < VOTE_KINDS; k++) tpl_set(c, kind[k], dec_fmt_short(m->set.weight[k], b));
	static const char *const key[GROUP_COUNT] = { "行风监督员作废", "领导班子及科室负责人作废" };
	for (int g = 0; g < GROUP_COUNT; g++) tpl_setf(c, key[g], "%d", bt->received[g] - bt->valid[g]);
	tpl_setf(c, "作废选票数", "%d", bt->nvoids);

	static const doc_part parts[] = {
		{ "选票汇总表", part_summary },
		{ "行风监督员计票表", part_counts_supervisors }, { "领导班子及科室负责人计票表", part_counts_leaders },
		{ "行风监督员作废选票", part_voids_supervisors }, { "领导班子及科室负责人作废选票", part_voids_leaders },
	};
	doc_parts dp = { parts, sizeof parts / sizeof *parts, &a };
	tpl_doc t;
	int rc;
	ly_doc *d = doc_layout_template(fs, "tally.tpl", c, &dp, &t, &rc);
	if (d) {
		char title[96];
		snprintf(title, sizeof title, "%d年度民主测评计票结果", m->year);
		doc_note_drafts(st, &t, "tally.pdf");
		pd_meta meta = { .title = title, .author = m->set.issuer };
		rc = doc_save(d, dir, "tally.pdf", &meta, st);
		ly_free(d);
	}
	tpl_doc_free(&t);
	tpl_free(c);
	return rc;
}
