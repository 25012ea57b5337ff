/* reason.c — the grade of a unit explained in words, for explain and the scorecard.  The
 * wording is the documents': Chinese prose, no arrows, no brackets inside brackets. */
#include <string.h>

#include "base/util.h"
#include "score/score.h"

char *score_quota_text(const settings *s, dec ratio, int n, int quota)
{
	char r[32], x[48];
	dec_fmt_ratio(ratio * n, 1, 4, x);
	if ((ratio * n) % DEC_ONE == 0) return xasprintf("%d×%s=%d个", n, dec_fmt_pct(ratio, r), quota);
	return xasprintf("%d×%s=%s，%s为%d个", n, dec_fmt_pct(ratio, r), x,
		s->quota_rounding == QUOTA_ROUND ? "四舍五入" : "取整", quota);
}

char *score_line_text(dec ratio, dec first, char buf[48])
{
	return dec_fmt_ratio(ratio * first, DEC_ONE, 6, buf);
}

/* "第一名（经信，99.76分）得分的85%（84.796分）": a line and the score it is taken of. */
static void line_of_first(strbuf *b, const year_score *y, const pool_score *p, dec ratio, bool name_first)
{
	char f[32], r[32], l[48];
	if (name_first)
		sb_printf(b, "第一名（%s，%s分）得分的", p->first >= 0 ? y->m->units[p->first].name : "",
			dec_fmt(p->first_final, 2, f));
	else
		sb_puts(b, "第一名得分的");
	sb_printf(b, "%s（%s分）", dec_fmt_pct(ratio, r), score_line_text(ratio, p->first_final, l));
}

char *score_grade_reason(const year_score *y, int ui)
{
	const model *m = y->m;
	const unit *u = &m->units[ui];
	const unit_score *s = &y->u[ui];
	bool w = unit_is_window(u);
	const pool_score *p = &y->pool[w ? 0 : 1];
	strbuf b = {0};
	char f[32], r1[32], r2[32];
	char *qe = score_quota_text(&m->set, p->excellent_ratio, w ? p->n_single : p->n, p->excellent_quota);
	char *qg = score_quota_text(&m->set, p->good_ratio, p->n, p->good_quota);
	if (w)
		sb_printf(&b, "先进名额按单设窗口数的%s计算，%s；良好名额按窗口总数的%s计算，%s。",
			dec_fmt_pct(p->excellent_ratio, r1), qe, dec_fmt_pct(p->good_ratio, r2), qg);
	else
		sb_printf(&b, "先进名额按分中心数的%s计算，%s；良好名额按%s计算，%s。",
			dec_fmt_pct(p->excellent_ratio, r1), qe, dec_fmt_pct(p->good_ratio, r2), qg);
	free(qe);
	free(qg);
	if (u->type == UNIT_COMPREHENSIVE)
		sb_puts(&b, "综合窗口不参与考绩先进评比。");
	if (u->disqualified)
		sb_printf(&b, "本单位被取消评先资格%s。", s->lost_excellent ? "，否则本可评为先进" : "");
	dec_fmt(s->final, 2, f);
	switch (s->by) {
	case BY_EXCELLENT_QUOTA:
		sb_printf(&b, "本单位在可评先进的%s中排第%d名，先进名额%d个，在名额内。", w ? "单设窗口" : "分中心",
			s->eligible_pos, p->excellent_quota);
		break;
	case BY_EXCELLENT_TIE:
		sb_printf(&b, "本单位最终得分%s分，与先进名额最后一名并列，按 boundary_ties = include 一并评为先进，先进共%d个，超出名额%d个。",
			f, p->excellent_count, p->excellent_count - p->excellent_quota);
		break;
	case BY_GOOD_QUOTA: {
		/* Its place among the units the 良好 quota is counted over: those not 先进. */
		sb_printf(&b, "本单位在未评先进的%s中按最终得分排第%d名，良好名额%d个，在名额内。", w ? "窗口" : "分中心",
			s->good_pos, p->good_quota);
		break;
	}
	case BY_GOOD_TIE:
		sb_printf(&b, "本单位最终得分%s分，与良好名额最后一名并列，按 boundary_ties = include 一并评为良好。", f);
		break;
	case BY_PROMOTED:
		sb_printf(&b, "本单位在先进、良好名额之外，最终得分%s分，达到", f);
		line_of_first(&b, y, p, p->promote_ratio, true);
		sb_puts(&b, "，提档为良好。");
		break;
	case BY_PASS:
		sb_printf(&b, "本单位在先进、良好名额之外，最终得分%s分，", f);
		if (w) {
			sb_puts(&b, "低于");
			line_of_first(&b, y, p, p->promote_ratio, true);
			sb_puts(&b, "，不低于");
			line_of_first(&b, y, p, p->basic_ratio, false);
		} else {
			sb_puts(&b, "不低于");
			line_of_first(&b, y, p, p->basic_ratio, true);
		}
		sb_puts(&b, "，为合格。");
		break;
	case BY_BASIC:
		sb_printf(&b, "本单位在先进、良好名额之外，最终得分%s分，低于", f);
		line_of_first(&b, y, p, p->basic_ratio, true);
		sb_puts(&b, "，为基本合格。");
		break;
	}
	if (s->pushed_down)
		sb_puts(&b, "本单位与名额分界处的单位得分并列，按 boundary_ties = exclude 一并评入下一档。");
	return sb_take(&b);
}
