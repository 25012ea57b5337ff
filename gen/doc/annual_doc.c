/* annual_doc.c — the 年度考绩结果通报 (notice.pdf) and the 考绩单 (scorecards), from results. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/diag.h"
#include "base/util.h"
#include "doc/documents.h"
#include "doc/render.h"

typedef struct {
	const year_score *y;
	int unit;                       /* the scorecard's unit */
	bool window_pool;               /* which ranking table */
} annual_data;

static char *fmt2(dec v, char b[32]) { return dec_fmt(v, 2, b); }

/* The ranking table of one pool: every component, as results.csv has it. */
static void ranking_table(ly_doc *d, const year_score *y, bool windows)
{
	static const char *const head[] = { "排名", "单位", "类型", "日常考核", "纪委监委评价", "第三方满意度评价",
		"行风监督员评价", "领导班子及科室负责人评价", "满意度评价", "扣分", "最终得分", "等次" };
	const model *m = y->m;
	size_t cols = windows ? 12 : 11, rows = 1;
	char **cells = xcalloc((size_t)(m->nunits + 1) * 12, sizeof *cells);
	for (size_t c = 0, k = 0; c < 12; c++) {
		if (!windows && c == 5) continue;
		cells[k++] = xstrdup(!windows && c == 8 ? "综合评价" : head[c]);
	}
	for (int i = 0; i < m->nunits; i++) {
		int u = y->order[i];
		if (unit_is_window(&m->units[u]) != windows) continue;
		const unit_score *s = &y->u[u];
		char b[32];
		char **r = cells + rows++ * cols;
		int k = 0;
		r[k++] = xasprintf("%d", s->rank);
		r[k++] = xstrdup(m->units[u].name);
		r[k++] = xstrdup(unit_type_name(m->units[u].type));
		r[k++] = xstrdup(fmt2(s->daily, b));
		for (int c = 0; c < COMP_COUNT; c++)
			if (windows || c != COMP_THIRD_PARTY) r[k++] = xstrdup(fmt2(s->comp[c].points, b));
		r[k++] = xstrdup(fmt2(s->satisfaction, b));
		r[k++] = xstrdup(fmt2(s->penalty, b));
		r[k++] = xstrdup(fmt2(s->final, b));
		r[k++] = xstrdup(grade_name(s->grade, windows));
	}
	/* Widths for the turned page's 225 mm measure: the names and grades never wrap. */
	static const double ww[] = { 10, 28, 18, 16, 16, 18, 16, 22, 16, 12, 18, 35 };
	static const double sw[] = { 10, 42, 18, 16, 16, 16, 22, 16, 12, 18, 39 };
	ly_table t = { .nrows = rows, .ncols = cols, .header_rows = 1, .cells = (const char *const *)cells,
		.widths_mm = windows ? ww : sw, .size = LY_SIZE_5, .where = windows ? "窗口排名表" : "分中心排名表" };
	doc_table(d, &t, cells);
	free(cells);
}

static void part_window_ranking(ly_doc *d, const void *p) { ranking_table(d, ((const annual_data *)p)->y, true); }
static void part_subcenter_ranking(ly_doc *d, const void *p) { ranking_table(d, ((const annual_data *)p)->y, false); }

/* 考绩单: how each part of the final was reached, adding up to the cent. */
static void part_breakdown(ly_doc *d, const void *p)
{
	const annual_data *a = p;
	const year_score *y = a->y;
	const model *m = y->m;
	const unit *u = &m->units[a->unit];
	const unit_score *s = &y->u[a->unit];
	const pool_score *pool = &y->pool[unit_is_window(u) ? 0 : 1];
	char *cells[4 * 9] = {0};
	size_t rows = 0;
	char b[32], c[48], w[32], mx[32];
	cells[rows * 4 + 0] = xstrdup("项目");
	cells[rows * 4 + 1] = xstrdup("原始值");
	cells[rows * 4 + 2] = xstrdup("名次");
	cells[rows * 4 + 3] = xstrdup("得分");
	rows++;
	cells[rows * 4 + 0] = xasprintf("日常考核（满分%s）", dec_fmt_short(m->set.daily_weight * 100, mx));
	if (unit_is_window(u))
		cells[rows * 4 + 1] = xasprintf("%d个月合计%s ÷ %d × %s", m->set.months, dec_fmt_short(s->daily_sum, c),
			m->set.months, dec_fmt_pct(m->set.daily_weight, w));
	else
		cells[rows * 4 + 1] = xasprintf("4个季度合计%s ÷ 4 × %s", dec_fmt_short(s->daily_sum, c), dec_fmt_pct(m->set.daily_weight, w));
	cells[rows * 4 + 2] = xstrdup("—");
	cells[rows * 4 + 3] = xstrdup(fmt2(s->daily, b));
	rows++;
	for (int k = 0; k < COMP_COUNT; k++) {
		const component *cp = &s->comp[k];
		if (!cp->applies) continue;
		cells[rows * 4 + 0] = xasprintf("%s（满分%s）", component_name[k], dec_fmt_short(cp->max, mx));
		if (k == COMP_SUPERVISORS || k == COMP_LEADERS) {
			int g = k == COMP_SUPERVISORS ? GROUP_SUPERVISORS : GROUP_LEADERS;
			const int64_t *v = u->votes[g];
			cells[rows * 4 + 1] = xasprintf("非常满意%lld、满意%lld、一般%lld、不满意%lld → %s", (long long)v[0], (long long)v[1],
				(long long)v[2], (long long)v[3], dec_fmt_ratio(cp->num, cp->den, 4, c));
		} else
			cells[rows * 4 + 1] = xstrdup(dec_fmt_short(cp->num, c));
		cells[rows * 4 + 2] = cp->ties > 1 ? xasprintf("%d/%d（并列%d）", cp->rank, pool->n, cp->ties)
		                                   : xasprintf("%d/%d", cp->rank, pool->n);
		cells[rows * 4 + 3] = xstrdup(fmt2(cp->points, b));
		rows++;
	}
	cells[rows * 4 + 0] = xstrdup("扣分");
	cells[rows * 4 + 1] = xstrdup(u->penalty_reason ? u->penalty_reason : "无");
	cells[rows * 4 + 2] = xstrdup(u->disqualified ? "取消评先" : "—");
	cells[rows * 4 + 3] = s->penalty ? xasprintf("−%s", fmt2(s->penalty, b)) : xstrdup("0.00");
	rows++;
	cells[rows * 4 + 0] = xstrdup("最终得分");
	cells[rows * 4 + 1] = xasprintf("%s + %s − %s", fmt2(s->daily, b), fmt2(s->satisfaction, c), fmt2(s->penalty, w));
	cells[rows * 4 + 2] = xasprintf("%d/%d", s->rank, pool->n);
	cells[rows * 4 + 3] = xstrdup(fmt2(s->final, b));
	rows++;
	static const double widths[] = { 56, 76, 30, 18 };
	static const ly_align align[] = { LY_LEFT, LY_LEFT, LY_CENTER, LY_RIGHT };
	ly_table t = { .nrows = rows, .ncols = 4, .header_rows = 1, .cells = (const char *const *)cells,
		.widths_mm = widths, .align = align, .size = LY_SIZE_5, .where = "考绩单得分构成表" };
	doc_table(d, &t, cells);
}

/* 考绩单: the 12 months (windows) or 4 quarters (分中心) behind 日常考核. */
static void part_daily(ly_doc *d, const void *p)
{
	const annual_data *a = p;
	const model *m = a->y->m;
	const unit *u = &m->units[a->unit];
	const unit_score *s = &a->y->u[a->unit];
	char b[32];
	if (!unit_is_window(u)) {
		char *cells[2 * 6];
		cells[0] = xstrdup("季度");
		cells[1] = xstrdup("季度考核得分");
		for (int q = 0; q < 4; q++) {
			cells[2 * (q + 1)] = xasprintf("第%d季度", q + 1);
			cells[2 * (q + 1) + 1] = xstrdup(dec_fmt_min2(u->quarter[q], b));
		}
		cells[10] = xstrdup("合计");
		cells[11] = xstrdup(dec_fmt_min2(s->daily_sum, b));
		ly_table t = { .nrows = 6, .ncols = 2, .header_rows = 1, .size = LY_SIZE_5, .where = "考绩单季度表" };
		doc_table(d, &t, cells);
		return;
	}
	int months = m->set.months < 12 ? m->set.months : 12;
	size_t cols = 3 + CATEGORY_COUNT, rows = (size_t)months + 2;
	char **cells = xcalloc(rows * cols, sizeof *cells);
	cells[0] = xstrdup("月份");
	cells[1] = xstrdup("扣分记录");
	for (int c = 0; c < CATEGORY_COUNT; c++) cells[2 + c] = xasprintf("%s", category_name[c]);
	cells[cols - 1] = xstrdup("月度得分");
	int events = 0;
	for (int mo = 0; mo < months; mo++) {
		char **r = cells + (size_t)(mo + 1) * cols;
		const month_score *ms = &s->month[mo];
		r[0] = xasprintf("%d月", mo + 1);
		r[1] = xasprintf("%d条", ms->events);
		for (int c = 0; c < CATEGORY_COUNT; c++) r[2 + c] = xstrdup(dec_fmt_min2(ms->kept[c], b));
		r[cols - 1] = xstrdup(dec_fmt_min2(ms->score, b));
		events += ms->events;
	}
	char **r = cells + (rows - 1) * cols;
	r[0] = xstrdup("合计");
	r[1] = xasprintf("%d条", events);
	for (int c = 0; c < CATEGORY_COUNT; c++) r[2 + c] = xstrdup("");
	r[cols - 1] = xstrdup(dec_fmt_min2(s->daily_sum, b));
	ly_table t = { .nrows = rows, .ncols = cols, .header_rows = 1, .cells = (const char *const *)cells,
		.size = LY_SIZE_5, .where = "考绩单月度表" };
	doc_table(d, &t, cells);
	free(cells);
}

/* 考绩单: the monthly (or quarterly) trend as a small chart. Doubles only place the marks;
 * the printed numbers are the exact ones in the table above. */
static void part_trend(ly_doc *d, const void *p)
{
	const annual_data *a = p;
	const model *m = a->y->m;
	const unit *u = &m->units[a->unit];
	const unit_score *s = &a->y->u[a->unit];
	double v[12];
	char lab[12][16];
	const char *labels[12];
	int n = unit_is_window(u) ? (m->set.months < 12 ? m->set.months : 12) : 4;
	for (int i = 0; i < n; i++) {
		v[i] = (double)(unit_is_window(u) ? s->month[i].score : u->quarter[i]) / DEC_ONE;
		snprintf(lab[i], sizeof lab[i], unit_is_window(u) ? "%d月" : "Q%d", i + 1);
		labels[i] = lab[i];
	}
	/* The axis starts a little below the lowest value so a tenth of a point shows. */
	double low = 100;
	for (int i = 0; i < n; i++) if (v[i] < low) low = v[i];
	double ymin = low >= 2 ? (double)(((int)low - 2) / 5 * 5) : 0;
	ly_chart c = { .n = (size_t)n, .values = v, .labels = labels, .height_mm = 20, .line = unit_is_window(u),
		.ymin = ymin, .ymax = 100, .where = "考绩单趋势图" };
	ly_chart_add(d, &c);
}

/* Adds the year's results to the common context. */
static void annual_context(tpl_ctx *c, const year_score *y)
{
	const model *m = y->m;
	char b[32], l[48];
	for (int pool = 0; pool < 2; pool++) {
		bool w = pool == 0;
		const pool_score *p = &y->pool[pool];
		for (int g = 0; g < 4; g++) {
			const char *gn = grade_name((grade)g, w);
			tpl_list(c, gn);
			for (int i = 0; i < m->nunits; i++) {
				int ui = y->order[i];
				if (unit_is_window(&m->units[ui]) != w || (int)y->u[ui].grade != g) continue;
				tpl_ctx *it = tpl_push(c, gn);
				tpl_set(it, "名称", m->units[ui].name);
				tpl_set(it, "类型", unit_type_name(m->units[ui].type));
				tpl_set(it, "最终得分", fmt2(y->u[ui].final, b));
				tpl_setf(it, "排名", "%d", y->u[ui].rank);
			}
			char *k = xasprintf("%s数", gn);
			tpl_setf(c, k, "%d", p->count[g]);
			free(k);
		}
		const char *pre = w ? "" : "分中心";
		char *k;
		char *qe = score_quota_text(&m->set, p->excellent_ratio, w ? p->n_single : p->n, p->excellent_quota);
		char *qg = score_quota_text(&m->set, p->good_ratio, p->n, p->good_quota);
		k = xasprintf("%s先进名额算式", pre); tpl_set(c, k, qe); free(k);
		k = xasprintf("%s良好名额算式", pre); tpl_set(c, k, qg); free(k);
		k = xasprintf("%s先进名额", pre); tpl_setf(c, k, "%d", p->excellent_quota); free(k);
		k = xasprintf("%s良好名额", pre); tpl_setf(c, k, "%d", p->good_quota); free(k);
		k = xasprintf("%s先进比例", pre); tpl_set(c, k, dec_fmt_pct(p->excellent_ratio, b)); free(k);
		k = xasprintf("%s良好比例", pre); tpl_set(c, k, dec_fmt_pct(p->good_ratio, b)); free(k);
		k = xasprintf("%s基本合格比例", pre); tpl_set(c, k, dec_fmt_pct(p->basic_ratio, b)); free(k);
		k = xasprintf("%s第一名", pre); tpl_set(c, k, p->first >= 0 ? m->units[p->first].name : ""); free(k);
		k = xasprintf("%s第一名得分", pre); tpl_set(c, k, fmt2(p->first_final, b)); free(k);
		k = xasprintf("%s基本合格线", pre); tpl_set(c, k, score_line_text(p->basic_ratio, p->first_final, l)); free(k);
		if (w) {
			tpl_set(c, "提档比例", dec_fmt_pct(p->promote_ratio, b));
			tpl_set(c, "提档线", score_line_text(p->promote_ratio, p->first_final, l));
		}
		free(qe);
		free(qg);
		/* Ties at a quota line: say what happened, as SPEC §4 asks the documents to. */
		strbuf note = {0};
		if (p->excellent_count > p->excellent_quota)
			sb_printf(&note, "因最终得分并列，%s评出%d个，超出名额%d个。", grade_name(GRADE_EXCELLENT, w),
				p->excellent_count, p->excellent_count - p->excellent_quota);
		if (p->excellent_ties_excluded)
			sb_printf(&note, "名额分界处有%d个单位得分并列，均未评为%s，名额不递补。", p->excellent_ties_excluded,
				grade_name(GRADE_EXCELLENT, w));
		if (p->good_by_quota_count > p->good_quota)
			sb_printf(&note, "因最终得分并列，按名额评定的%s为%d个，超出名额%d个。", grade_name(GRADE_GOOD, w),
				p->good_by_quota_count, p->good_by_quota_count - p->good_quota);
		if (p->good_ties_excluded)
			sb_printf(&note, "良好名额分界处有%d个单位得分并列，均按其余单位评定。", p->good_ties_excluded);
		k = xasprintf("%s并列说明", pre);
		tpl_set(c, k, note.s ? note.s : "");
		free(k);
		free(note.s);
	}
	tpl_set(c, "区考绩优秀", m->set.district_excellent ? "是" : "");
	if (m->set.staff_count >= 0) {
		tpl_setf(c, "工作人员人数", "%d", m->set.staff_count);
		tpl_setf(c, "工作人员优秀名额", "%d", y->staff_places);
	} else {
		tpl_set(c, "工作人员人数", "");
		tpl_set(c, "工作人员优秀名额", "");
	}
	tpl_set(c, "工作人员优秀比例", dec_fmt_pct(m->set.staff_excellent_ratio, b));
}

/* The values of one unit's scorecard. */
static void unit_context(tpl_ctx *c, const year_score *y, int ui)
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
	tpl_set(c, "等次", grade_name(s->grade, w));
	char *why = score_grade_reason(y, ui);
	tpl_set(c, "等次理由", why);
	free(why);
}

static pd_meta meta_for(const model *m, const char *title)
{
	pd_meta meta = { .title = title, .author = m->set.issuer };
	doc_parse_date(m->set.issue_date, &meta.year, &meta.month, &meta.day);
	return meta;
}

int doc_annual(const year_score *y, const fn_set *fs, const char *dir, doc_stats *st)
{
	const model *m = y->m;
	tpl_ctx *ctx = doc_common_context(m);
	annual_context(ctx, y);
	annual_data data = { .y = y };
	static const doc_part notice_parts[] = { { "窗口排名表", part_window_ranking }, { "分中心排名表", part_subcenter_ranking } };
	static const doc_part card_parts[] = { { "得分构成表", part_breakdown }, { "日常考核表", part_daily }, { "趋势图", part_trend } };
	doc_parts np = { notice_parts, 2, &data }, cp = { card_parts, 3, &data };
	char *notice_tpl = path_join(doc_template_dir(), "notice.tpl"), *card_tpl = path_join(doc_template_dir(), "scorecard.tpl");
	char title[128];
	snprintf(title, sizeof title, "%d年度考绩结果通报", m->year);
	pd_meta meta = meta_for(m, title);

	/* Everything is laid out first and written at the end, on all cores (doc_queue). */
	doc_queue *q = doc_queue_new();
	tpl_doc nt;
	int rc = tpl_render_file(notice_tpl, ctx, &nt) ? EXIT_DATAERR : EXIT_OK;
	if (rc == EXIT_OK) {
		int lrc;
		ly_doc *d = doc_layout(fs, &nt, &np, &lrc);
		if (lrc) rc = EXIT_DATAERR;
		doc_queue_add(q, d, dir, "notice.pdf", &meta);
	}
	tpl_doc_free(&nt);

	/* Scorecards: one file per unit, and all of them in one file for printing. */
	char *cards_dir = path_join(dir, "scorecards");
	if (rc == EXIT_OK && mkdir_p(cards_dir)) {
		diag_error(cards_dir, 0, 0, "无法创建文件夹：%s", strerror(errno));
		rc = EXIT_CANTCREAT;
	}
	/* Each unit's template is expanded once; the expansion serves the bound copy and the single file. */
	tpl_doc *cards = xcalloc((size_t)m->nunits, sizeof *cards);
	size_t len;
	text_encoding enc;
	char *src = rc == EXIT_OK ? text_load(card_tpl, &len, &enc) : NULL;
	if (rc == EXIT_OK && !src) rc = EXIT_DATAERR;
	for (int ui = 0; rc == EXIT_OK && ui < m->nunits; ui++) {
		tpl_ctx *uc = tpl_child(ctx);                   /* sees the year's values too */
		unit_context(uc, y, ui);
		if (tpl_render(card_tpl, src, uc, &cards[ui])) rc = EXIT_DATAERR;
		tpl_free(uc);
	}
	free(src);
	/* All scorecards bound in one file first: the longest job, written while the single
	 * scorecards are laid out. */
	ly_style cs = rc == EXIT_OK && m->nunits ? doc_page_style(&cards[0]) : ly_style_plain(15, LY_PGNUM_NONE);
	ly_doc *all = NULL;
	for (int ui = 0; rc == EXIT_OK && ui < m->nunits; ui++) {
		if (ui == 0) all = ly_new(fs, &cs);
		else ly_new_page(all, &cs, 1);
		data.unit = ui;
		if (doc_render(all, &cards[ui], &cp)) rc = EXIT_DATAERR;
	}
	if (rc == EXIT_OK && all) {
		snprintf(title, sizeof title, "%d年度考绩单（全部单位）", m->year);
		meta.title = title;
		doc_queue_add(q, all, dir, "scorecards.pdf", &meta);
		all = NULL;
	}
	ly_free(all);
	for (int ui = 0; rc == EXIT_OK && ui < m->nunits; ui++) {
		data.unit = ui;
		ly_doc *one = ly_new(fs, &cs);
		char *safe = safe_file_name(m->units[ui].name);
		char *name = xasprintf("scorecards/%02d-%s.pdf", ui + 1, safe);
		char *t = xasprintf("%d年度考绩单：%s", m->year, m->units[ui].name);
		pd_meta cm = meta_for(m, t);
		if (doc_render(one, &cards[ui], &cp)) rc = EXIT_DATAERR;
		doc_queue_add(q, one, dir, name, &cm);
		free(safe);
		free(name);
		free(t);
	}
	for (int ui = 0; ui < m->nunits; ui++) tpl_doc_free(&cards[ui]);
	free(cards);
	/* A template error has been reported: write nothing more (the run is discarded). */
	if (rc == EXIT_OK) rc = doc_queue_run(q, st);
	else doc_queue_discard(q);
	free(cards_dir);
	free(notice_tpl);
	free(card_tpl);
	tpl_free(ctx);
	return rc;
}
