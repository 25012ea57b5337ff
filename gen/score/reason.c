/* reason.c — the grade of a unit explained in words, for explain and the scorecard. */
#include <string.h>

#include "base/util.h"
#include "score/score.h"

char *score_quota_text(const settings *s, dec ratio, int n, int quota)
{
	char r[32], x[48];
	dec_fmt_ratio(ratio * n, 1, 4, x);
	return xasprintf("%d × %s = %s → %d（%s）", n, dec_fmt_pct(ratio, r), x, quota,
		s->quota_rounding == QUOTA_ROUND ? "四舍五入" : "向下取整");
}

char *score_line_text(dec ratio, dec first, char buf[48])
{
	return dec_fmt_ratio(ratio * first, DEC_ONE, 6, buf);
}

char *score_grade_reason(const year_score *y, int ui)
{
	const model *m = y->m;
	const unit *u = &m->units[ui];
	const unit_score *s = &y->u[ui];
	bool w = unit_is_window(u);
	const pool_score *p = &y->pool[w ? 0 : 1];
	strbuf b = {0};
	char f[32], l1[48], l2[48], r1[32], r2[32], r3[32];
	char *qe = score_quota_text(&m->set, p->excellent_ratio, w ? p->n_single : p->n, p->excellent_quota);
	char *qg = score_quota_text(&m->set, p->good_ratio, p->n, p->good_quota);
	sb_printf(&b, "先进名额：%s%s；良好名额：%s。", w ? "单设窗口 " : "", qe, qg);
	free(qe);
	free(qg);
	if (u->type == UNIT_COMPREHENSIVE)
		sb_puts(&b, "综合窗口不参与考绩先进评比。");
	if (u->disqualified)
		sb_printf(&b, "本单位被取消评先资格%s。", s->lost_excellent ? "，否则本可评为先进" : "");
	switch (s->by) {
	case BY_EXCELLENT_QUOTA:
		sb_printf(&b, "在可评先进的%s中排第%d，在先进名额内。", w ? "单设窗口" : "分中心", s->eligible_pos);
		break;
	case BY_EXCELLENT_TIE:
		sb_printf(&b, "最终得分%s与先进名额最后一名并列，按 boundary_ties = include 一并评为先进（先进%d个，超出名额%d个）。",
			dec_fmt(s->final, 2, f), p->excellent_count, p->excellent_count - p->excellent_quota);
		break;
	case BY_GOOD_QUOTA:
		sb_puts(&b, "在未评先进的单位中按最终得分排序，在良好名额内。");
		break;
	case BY_GOOD_TIE:
		sb_printf(&b, "最终得分%s与良好名额最后一名并列，按 boundary_ties = include 一并评为良好。", dec_fmt(s->final, 2, f));
		break;
	case BY_PROMOTED:
		sb_printf(&b, "在先进、良好名额之外；最终得分%s ≥ 第一名%s的%s（%s），提档为良好。", dec_fmt(s->final, 2, f),
			dec_fmt(p->first_final, 2, r2), dec_fmt_pct(p->promote_ratio, r1),
			score_line_text(p->promote_ratio, p->first_final, l1));
		break;
	case BY_PASS:
		if (w)
			sb_printf(&b, "在先进、良好名额之外；最终得分%s低于第一名%s的%s（%s），不低于其%s（%s），为合格。",
				dec_fmt(s->final, 2, f), dec_fmt(p->first_final, 2, r2), dec_fmt_pct(p->promote_ratio, r1),
				score_line_text(p->promote_ratio, p->first_final, l1), dec_fmt_pct(p->basic_ratio, r3),
				score_line_text(p->basic_ratio, p->first_final, l2));
		else
			sb_printf(&b, "在先进、良好名额之外；最终得分%s不低于第一名%s的%s（%s），为合格。",
				dec_fmt(s->final, 2, f), dec_fmt(p->first_final, 2, r2), dec_fmt_pct(p->basic_ratio, r1),
				score_line_text(p->basic_ratio, p->first_final, l2));
		break;
	case BY_BASIC:
		sb_printf(&b, "在先进、良好名额之外；最终得分%s低于第一名%s的%s（%s），为基本合格。", dec_fmt(s->final, 2, f),
			dec_fmt(p->first_final, 2, r2), dec_fmt_pct(p->basic_ratio, r1), score_line_text(p->basic_ratio, p->first_final, l2));
		break;
	}
	if (s->pushed_down)
		sb_puts(&b, "（本单位与名额分界处的单位得分并列，按 boundary_ties = exclude 一并评入下一档。）");
	return sb_take(&b);
}
