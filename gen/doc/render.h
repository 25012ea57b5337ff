/* render.h — lays an expanded template (tpl_doc) out on a page: each block becomes a layout call;
 * tables and charts the template names (@表格 名称, @图表 名称) come from the document's code. */
#ifndef KAOJI_RENDER_H
#define KAOJI_RENDER_H

#include "doc/template.h"
#include "layout/layout.h"

/* A named table or chart a template may place. */
typedef struct {
	const char *name;
	void (*add)(ly_doc *d, const void *data);
} doc_part;

typedef struct {
	const doc_part *parts;
	size_t nparts;
	const void *data;               /* passed to each part */
} doc_parts;

/* The page style a template asks for with “@页面 公文|普通|普通带页码|普通带页数” (公文 when
 * it does not). */
ly_style doc_page_style(const tpl_doc *t);

/* What doc_layout changed to get a template's pages right (pages broken before blocks, one
 * page cut short) and the pages it took: enough to lay the same blocks out again, alike, in
 * another document (a scorecard in the bound copy), numbered “第N页 共M页”. */
typedef struct {
	char *brk;                      /* per block: a new page before it */
	int cut_page;                   /* counted from the document's first page; 0 = none */
	double cut_y;
	int pages;
} doc_fixes;
void doc_fixes_free(doc_fixes *fx);

/* Lays out every block onto d in one pass, from a page of its own (numbered from 1, of
 * fx->pages, with the @页脚 label), applying the fixes doc_layout found for the same blocks
 * (fx may be NULL): scorecards are laid out alone first, then into their files and the
 * bound copy.  Unknown directives or parts are errors at the template's line.  Returns 0 or
 * -1 after reporting.  A document that printed a blank for a missing setting (t->nmissing)
 * is a draft: “（草稿）” follows its @标题 / @大标题. */
int doc_render(ly_doc *d, const tpl_doc *t, const doc_parts *parts, const doc_fixes *fx);
/* A new document laid out from t in the style it asks for, again until its pages are right:
 * a heading left at the foot of a page by the table or chart it introduces moves to that
 * table's page; a 署名 that would stand on a page without 2 lines of the text before it (a
 * body paragraph, or an @小段/@行 line on a plain page) takes the last 2 lines of that
 * paragraph along (the whole paragraph, with its heading, when it has fewer than 3 lines on
 * its page).  *rc = 0 or -1 after reporting; *fx (if not NULL) gets what was changed. */
ly_doc *doc_layout(const fn_set *fs, const tpl_doc *t, const doc_parts *parts, int *rc, doc_fixes *fx);
/* Lays out a table whose nrows × ncols cells were allocated by the caller, then frees the
 * cell strings (the array itself stays the caller's). */
void doc_table(ly_doc *d, ly_table *t, char **cells);

#endif
