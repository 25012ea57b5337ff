/* annual.h — what the notice (annual_doc.c) and the scorecards (scorecard.c) share. */
#ifndef KAOJI_DOC_ANNUAL_H
#define KAOJI_DOC_ANNUAL_H

#include "doc/render.h"
#include "doc/template.h"
#include "score/score.h"

typedef struct {
	const year_score *y;
	int unit;                       /* the scorecard's unit */
	double trend_low;               /* the floor of every chart of the year (doc_year_chart_floor) */
	bool publicity;                 /* the 公示稿: its grades are proposed (拟定等次) */
} annual_data;

/* A unit's final rank in words: “并列第18名” when others share it, else “第18名”. */
char *doc_rank_text(const year_score *y, int ui, char buf[32]);

/* The scorecard's tables and chart (得分构成表, 日常考核表, 趋势图, 扣分明细表). */
extern const doc_part card_parts[];
extern const size_t card_nparts;
/* The values of one unit's scorecard. */
void card_context(tpl_ctx *c, const year_score *y, int ui);

#endif
