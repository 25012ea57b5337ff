/* explain.c — `kaoji explain DATA_DIR UNIT`: the derivation of every number of one unit, for appeals. */
#include <stdio.h>
#include <string.h>

#include "base/diag.h"
#include "base/util.h"
#include "cmd/cmd.h"
#include "score/score.h"

static const char usage[] =
	"用法: kaoji explain DATA_DIR 单位名称 [--set 设置项=值]...\n"
	"逐项说明一个单位的得分：每月扣分明细与月度得分、日常考核、各评价项的原始值/名次/得分、\n"
	"扣分、最终得分、排名，以及等次的理由（名额算式与85%、70%得分线）。单位申诉时使用。\n";

static char *fmt2(dec v, char b[32]) { return dec_fmt(v, 2, b); }

/* Names of the other units sharing a component rank, "（与A、B并列）". */
static void print_ties(const year_score *y, int ui, int c)
{
	const model *m = y->m;
	const component *k = &y->u[ui].comp[c];
	if (k->ties < 2) return;
	printf("（与");
	int first = 1;
	for (int j = 0; j < m->nunits; j++)
		if (j != ui && unit_is_window(&m->units[j]) == unit_is_window(&m->units[ui]) && y->u[j].comp[c].rank == k->rank) {
			printf("%s%s", first ? "" : "、", m->units[j].name);
			first = 0;
		}
	printf("并列）");
}

/* 日常考核 of a window: every month's deductions by category. */
static void explain_months(const year_score *y, int ui)
{
	const model *m = y->m;
	const unit_score *s = &y->u[ui];
	char a[32], b[32], c[32];
	int months = m->set.months < 12 ? m->set.months : 12;
	for (int mo = 1; mo <= months; mo++) {
		const month_score *ms = &s->month[mo - 1];
		if (!ms->events) { printf("  %d月：无扣分，月度得分 %s\n", mo, dec_fmt_min2(ms->score, a)); continue; }
		printf("  %d月：\n", mo);
		for (int cat = 0; cat < CATEGORY_COUNT; cat++) {
			if (!ms->lost[cat]) continue;
			for (int i = 0; i < m->ndeductions; i++) {
				const deduction *d = &m->deductions[i];
				if (d->unit != ui || d->month != mo || m->items[d->item].category != cat) continue;
				const item *it = &m->items[d->item];
				printf("    %s %s %s：%d次 × %s分 = %s分（deductions.csv 第%d行%s%s）\n", d->date[0] ? d->date : "",
					it->code, it->text, d->count, dec_fmt_short(d->points, a),
					dec_fmt_short(d->points * d->count, b), d->line, d->note[0] ? "，" : "", d->note);
			}
			bool capped = ms->lost[cat] >= m->set.cap[cat];
			printf("    %s小计扣%s分，满分%s%s，得%s\n", category_name[cat], dec_fmt_short(ms->lost[cat], a),
				dec_fmt_short(m->set.cap[cat], b), capped ? "（已扣至0，超出部分不再扣）" : "", dec_fmt_min2(ms->kept[cat], c));
		}
		printf("    月度得分 %s\n", dec_fmt_min2(ms->score, a));
	}
	char sum[48], w[32], exact[48];
	printf("  合计 %s ÷ %d × %s = %s → 日常考核 %s（四舍五入保留两位小数）\n", dec_fmt_short(s->daily_sum, sum),
		m->set.months, dec_fmt_pct(m->set.daily_weight, w),
		dec_fmt_ratio(s->daily_sum * m->set.daily_weight, (int64_t)m->set.months * DEC_ONE, 6, exact), fmt2(s->daily, a));
}

/* Where a group's votes came from when they were tallied from ballots.csv: the ballots
 * received and valid, and every void one by number and reason (an appeal asks which). */
static void explain_ballots(const model *m, int g)
{
	const ballot_tally *bt = &m->ballots;
	if (!bt->used) return;
	printf("    票数由 ballots.csv 的选票统计：%s选票%d张，有效%d张，作废%d张", group_name[g], bt->received[g], bt->valid[g],
		bt->received[g] - bt->valid[g]);
	const char *sep = "（不计票）：";
	for (int i = 0; i < bt->nvoids; i++)
		if (bt->voids[i].group == g) {
			printf("%s第%s号（第%d行）：%s", sep, bt->voids[i].number, bt->voids[i].line, bt->voids[i].reason);
			sep = "；";
		}
	printf("\n");
}

/* One evaluation component: raw value → rank among N → points. */
static void explain_component(const year_score *y, int ui, int c, int pool_n)
{
	const model *m = y->m;
	const unit *u = &m->units[ui];
	const component *k = &y->u[ui].comp[c];
	char a[32], b[32], raw[48];
	printf("  %s（满分%s）：", component_name[c], dec_fmt_short(k->max, a));
	if (c == COMP_SUPERVISORS || c == COMP_LEADERS) {
		int g = c == COMP_SUPERVISORS ? GROUP_SUPERVISORS : GROUP_LEADERS;
		const int64_t *v = u->votes[g];
		char w[4][32];
		for (int i = 0; i < 4; i++) dec_fmt_short(m->set.weight[i], w[i]);
		printf("非常满意%lld、满意%lld、一般%lld、不满意%lld，共%lld票；(%lld×%s + %lld×%s + %lld×%s + %lld×%s) ÷ %lld = %s",
			(long long)v[0], (long long)v[1], (long long)v[2], (long long)v[3], (long long)k->den,
			(long long)v[0], w[0], (long long)v[1], w[1], (long long)v[2], w[2], (long long)v[3], w[3],
			(long long)k->den, dec_fmt_ratio(k->num, k->den, 6, raw));
	} else
		printf("%s %s", c == COMP_DISCIPLINE ? "评价得分合计" : "满意度", dec_fmt_short(k->num, raw));
	printf(" → 在%d个%s中排第%d", pool_n, unit_is_window(u) ? "窗口" : "分中心", k->rank);
	print_ties(y, ui, c);
	printf(" → %s − %s × %d = %s\n", dec_fmt_short(k->max, a), dec_fmt_short(m->set.rank_step, b), k->rank - 1, fmt2(k->points, raw));
	if (c == COMP_SUPERVISORS || c == COMP_LEADERS) explain_ballots(m, c == COMP_SUPERVISORS ? GROUP_SUPERVISORS : GROUP_LEADERS);
}

/* Prints the whole derivation for one unit. */
static void explain(const year_score *y, int ui)
{
	const model *m = y->m;
	const unit *u = &m->units[ui];
	const unit_score *s = &y->u[ui];
	const pool_score *p = &y->pool[unit_is_window(u) ? 0 : 1];
	char a[32], b[32], c[32], d[32];
	printf("%s（%s%s%s），%d年度考绩\n\n", u->name, unit_type_name(u->type), u->location[0] ? "，" : "", u->location, m->year);
	printf("一、日常考核（满分%s）\n", dec_fmt_short(m->set.daily_weight * 100, a));
	if (unit_is_window(u)) explain_months(y, ui);
	else {
		char exact[48];
		for (int q = 0; q < 4; q++) printf("  第%d季度 %s\n", q + 1, dec_fmt_short(u->quarter[q], a));
		printf("  平均 %s ÷ 4 × %s = %s → 日常考核 %s\n", dec_fmt_short(s->daily_sum, a), dec_fmt_pct(m->set.daily_weight, b),
			dec_fmt_ratio(s->daily_sum * m->set.daily_weight, 4 * DEC_ONE, 6, exact), fmt2(s->daily, c));
	}
	printf("\n二、%s（满分30）\n", unit_is_window(u) ? "满意度评价" : "综合评价");
	for (int k = 0; k < COMP_COUNT; k++)
		if (s->comp[k].applies) explain_component(y, ui, k, p->n);
	printf("  合计 %s\n", fmt2(s->satisfaction, a));
	printf("\n三、扣分（组织实施）：%s", fmt2(s->penalty, a));
	if (u->penalty_reason) printf("，原因：%s", u->penalty_reason);
	if (u->disqualified) printf("；取消评先资格");
	printf("\n\n四、最终得分：%s + %s − %s = %s，在%d个%s中排第%d\n", fmt2(s->daily, a), fmt2(s->satisfaction, b),
		fmt2(s->penalty, c), fmt2(s->final, d), p->n, unit_is_window(u) ? "窗口" : "分中心", s->rank);
	char *why = score_grade_reason(y, ui);
	printf("\n五、等次：%s\n  %s\n", grade_name(s->grade, unit_is_window(u)), why);
	free(why);
	char l1[48], l2[48];
	printf("  第一名：%s，%s分", m->units[p->first].name, fmt2(p->first_final, a));
	if (unit_is_window(u)) printf("；%s线 %s", dec_fmt_pct(p->promote_ratio, b), score_line_text(p->promote_ratio, p->first_final, l1));
	printf("；%s线 %s\n", dec_fmt_pct(p->basic_ratio, c), score_line_text(p->basic_ratio, p->first_final, l2));
}

int cmd_explain(int argc, char **argv)
{
	cmd_args a;
	int rc = cmd_parse(argc, argv, usage, "set", &a);
	if (rc) return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (a.npositional != 2) { fputs(usage, stderr); return EXIT_USAGE; }
	model m;
	year_score y = {0};
	rc = model_load(&m, a.data_dir, a.sets, a.nsets, NULL);
	if (rc == EXIT_OK) rc = score_year(&m, &y);
	if (rc == EXIT_OK) {
		char *name = trim_spaces(a.positional[1]);
		int ui = model_find_unit(&m, name);
		if (ui < 0) {
			int best = model_suggest(&m, name);
			fprintf(stderr, "kaoji explain: units.csv 中没有单位“%s”%s%s%s\n", name,
				best >= 0 ? "；是否应为“" : "", best >= 0 ? m.units[best].name : "", best >= 0 ? "”？" : "");
			rc = EXIT_USAGE;
		} else
			explain(&y, ui);
		free(name);
	}
	score_free(&y);
	model_free(&m);
	return rc;
}
