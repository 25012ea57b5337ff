/* layout.h — kaoji's typesetting API: documents built block by block and flowed onto pages.
 *
 * A document (ly_doc) is laid out as blocks are added: paragraphs are broken into lines
 * (Chinese rules, see linebreak.h), tables split between rows with their header repeated,
 * and each new page gets its number.  Two page styles cover kaoji's output:
 *   - ly_style_gongwen(): the GB/T 9704-2012 page — A4, 天头 37 mm, 订口 28 mm, 版心
 *     156 × 225 mm, 3号 text on a 22-line grid with 28 characters per line, “— N —”
 *     page numbers;
 *   - ly_style_plain(): free A4 pages (考绩单 scorecards, reports) without the grid.
 * One ly_doc may hold any number of pages and styles, e.g. 37 scorecards in one PDF.
 *
 * Errors (a character no font in the role's chain has, one outside the BMP, a table that
 * cannot fit) are kept in the document, first one wins; later calls do nothing, and
 * ly_save returns the message, in Chinese, naming the character, its code point and
 * the text it occurs in.  Fonts come from an fn_set opened once per process. */
#ifndef KAOJI_LAYOUT_H
#define KAOJI_LAYOUT_H

#include <stddef.h>

#include "font/font.h"
#include "pdf/pdf.h"

/* Pages one document may have: past this, layout stops with an error, a last guard against
 * a runaway document filling memory and disk (templates are bounded first, by their
 * expanded size).  The bound copy of 10,000 units' scorecards has about 30,000 pages. */
#define LY_MAX_PAGES 100000

/* Millimetres to points, the unit of every length in this API unless it says mm. */
static inline double mm2pt(double mm) { return mm * 72.0 / 25.4; }

/* Chinese type sizes in points. */
#define LY_SIZE_0   42.0   /* 初号 */
#define LY_SIZE_1   26.0   /* 一号 */
#define LY_SIZE_2   22.0   /* 二号: 公文标题 */
#define LY_SIZE_S2  18.0   /* 小二 */
#define LY_SIZE_3   16.0   /* 三号: 正文 */
#define LY_SIZE_S3  15.0   /* 小三 */
#define LY_SIZE_4   14.0   /* 四号: 版记, 页码 */
#define LY_SIZE_S4  12.0   /* 小四 */
#define LY_SIZE_5   10.5   /* 五号 */

typedef enum { LY_JUSTIFY, LY_LEFT, LY_CENTER, LY_RIGHT } ly_align;

typedef enum {
	LY_PGNUM_NONE,          /* no page numbers (scorecards) */
	LY_PGNUM_GONGWEN,       /* “— N —” 4号 宋体, 7 mm below the 版心, odd right / even left */
	LY_PGNUM_CENTER,        /* “— N —” centred at the same height */
	LY_PGNUM_OF,            /* “label　第N页 共M页” (ly_page_label), 五号, centred at the same height */
} ly_pgnum;

typedef struct {
	double width, height;           /* paper, pt */
	double top, left;               /* 天头, 订口: the 版心's top-left corner, pt */
	double body_w, body_h;          /* 版心, pt */
	int grid;                       /* 1: text lines sit on a grid of `lines` per 版心 */
	int lines, chars;               /* 22 × 28 for 公文 */
	ly_pgnum pgnum;
	int landscape;                  /* laid out sideways on a portrait sheet (see below) */
} ly_style;

ly_style ly_style_gongwen(void);
/* The 公文 page turned for a wide table (GB/T 9704 §10: 表头在订口一边): blocks are laid out
 * in a 297 × 210 mm frame with a 225 × 156 mm 版心, drawn rotated so the frame's top lies on
 * the 订口; the page number stays where portrait pages have it.  width/height/top/left/
 * body_w/body_h describe the landscape frame. */
ly_style ly_style_gongwen_landscape(void);
/* A4 portrait with equal margins (mm) and the given page numbers, no grid. */
ly_style ly_style_plain(double margin_mm, ly_pgnum pgnum);

typedef struct ly_doc ly_doc;

/* A new, empty document; its first page starts with the first block. */
ly_doc *ly_new(const fn_set *fs, const ly_style *style);
void ly_free(ly_doc *d);
/* The first error message, or NULL. */
const char *ly_error(const ly_doc *d);
/* The space between Hanzi and Latin letters or digits in paragraphs and titles, in em
 * (clreq: up to ¼; 0 = none).  Default ¼. */
void ly_set_mixed_space(ly_doc *d, double em);
double ly_mixed_space(const ly_doc *d);
/* What LY_PGNUM_OF pages started from now on print: the label (a copy; NULL or "" = none)
 * before “第N页”, and “共M页” after it when total > 0 (0 while the total is not known). */
void ly_page_label(ly_doc *d, const char *label);
void ly_page_total(ly_doc *d, int total);

/* Starts a new page in `style` (NULL: keep the current style).  restart > 0 restarts the
 * page numbers at that value (one scorecard per page: restart each, or use LY_PGNUM_NONE). */
void ly_new_page(ly_doc *d, const ly_style *style, int restart);
/* The style the next page (started by a block or ly_gw_attachment) will use; the current
 * page keeps its own.  E.g. ly_next_style(d, &landscape); ly_gw_attachment(d, 1, title). */
void ly_next_style(ly_doc *d, const ly_style *style);
int ly_page_count(const ly_doc *d);
/* Draws the “第N页 共M页” labels of LY_PGNUM_OF pages, M now known (ly_save and ly_append
 * do it when it has not been done). */
void ly_number_pages(ly_doc *d);
/* Appends src's pages to d, shared, not copied: one scorecard layout serves its own file and
 * the bound copy.  src is finished (its labels drawn); neither draws on them again. */
void ly_append(ly_doc *d, ly_doc *src);
/* A point in the layout to come back to (the doc layer's passes: a fix that changes only
 * what follows a block resumes before it).  The document must not have been appended to
 * another (ly_append) or numbered (ly_number_pages) since. */
typedef struct ly_mark ly_mark;
ly_mark *ly_mark_here(const ly_doc *d);
/* Takes d back to m: everything laid out since is dropped and the state restored. */
void ly_resume(ly_doc *d, const ly_mark *m);
/* The page count at m. */
int ly_mark_pages(const ly_mark *m);
void ly_mark_free(ly_mark *m);
/* The style of the current page (e.g. whether it is turned). */
const ly_style *ly_page_style(const ly_doc *d);
/* The line pitch: the grid's (公文) or 1.5 × 三号 elsewhere. */
double ly_pitch(const ly_doc *d);
/* Vertical space: n body lines on the grid, or n × the given leading elsewhere. */
void ly_skip_lines(ly_doc *d, double n);
/* Ends the flow of page `page` (1-based count, the page may not exist yet) at y: no line or
 * row that would reach below y goes on it.  Carries the last lines of a paragraph over to
 * the next page with the 署名 instead of the whole paragraph. */
void ly_cut_page(ly_doc *d, int page, double y);

/* ---- Paragraphs ---------------------------------------------------------------------- */

/* A run of text in one font role (a paragraph may switch roles, e.g. a run-in heading). */
typedef struct {
	fn_role role;
	const char *text;               /* UTF-8; "\n" forces a line break */
} ly_span;

typedef struct {
	double size;                    /* pt; 0 = 三号 16 */
	ly_align align;                 /* JUSTIFY: full lines to the measure, last line not */
	double indent;                  /* first-line indent in 字 (2 for body paragraphs) */
	double left, right;             /* extra margins in 字 */
	double leading;                 /* line pitch pt; 0 = the grid (公文) or 1.5 × size */
	pd_rgb color;
	const char *where;              /* names the element in error messages, e.g. "正文第3段" */
} ly_pstyle;

/* Lays out a paragraph of spans. */
void ly_para(ly_doc *d, const ly_pstyle *ps, const ly_span *spans, size_t n);
/* Body paragraph: 3号 正文, justified, indented 2 字. */
void ly_body(ly_doc *d, const char *text);
/* One line of text in a role, aligned (key/value lines, captions). size 0 = 三号. */
void ly_line(ly_doc *d, fn_role role, double size, ly_align align, const char *text);
/* Heading levels 1–4 (一、 黑体; （一） 楷体; 1. and （1） 正文) as their own paragraph. */
void ly_heading(ly_doc *d, int level, const char *text);
/* A run-in heading followed by body text in the same paragraph: “（一）加强领导。正文……”. */
void ly_heading_run(ly_doc *d, int level, const char *head, const char *text);

/* ---- 公文 pieces (GB/T 9704-2012), in page order ------------------------------------- */

/* 发文机关标志 (red, 小标宋, top 35 mm below the 版心 top, compressed to one line),
 * 发文字号 two lines below (centred; use 〔〕), and the red separator 4 mm below that. */
void ly_gw_header(ly_doc *d, const char *issuer_mark, const char *doc_number);
/* 标题: 2号 小标宋, centred, balanced lines two lines below the red line.  Text between
 * { and } is never broken (names); braces are not printed.  "\n" forces the break. */
void ly_gw_title(ly_doc *d, const char *title);
/* 主送机关: one line below the title, flush left (pass the final “：”). */
void ly_gw_addressee(ly_doc *d, const char *text);
/* 附件说明: “附件：1. 名称” lines, indented 2 字, later items aligned under the first. */
void ly_gw_attach_note(ly_doc *d, const char *const *names, size_t n);
/* 署名 and 成文日期 without seal, one blank line below the text (7.3.5.2); year 0 prints
 * the date blank (a draft). */
void ly_gw_signature(ly_doc *d, const char *signer, int year, int month, int day);
/* 附件 page: new page, “附件N” (n = 0: “附件”) in 黑体 on line 1, title centred on line 3,
 * one empty line below the title. */
void ly_gw_attachment(ly_doc *d, int n, const char *title);
/* 版记 at the bottom of the current (last) page, a new page if it does not fit: 抄送
 * (NULL = none; “。” is added when missing) and 印发机关 + 印发日期 (year 0: blank), with the
 * last rule on the 版心's bottom edge. */
void ly_gw_colophon(ly_doc *d, const char *cc, const char *printer, int year, int month, int day);

/* "2023年1月5日": Arabic numerals, no zero padding; year 0 gives LY_BLANK_DATE.  buf holds
 * at least 32 bytes. */
char *ly_date(char *buf, int year, int month, int day);
/* A date left blank to be filled in by hand (drafts). */
#define LY_BLANK_DATE "    年  月  日"

/* ---- Tables and charts --------------------------------------------------------------- */

typedef struct {
	size_t nrows, ncols;            /* nrows includes the header rows */
	size_t header_rows;             /* repeated at the top of each continued page */
	const char *const *cells;       /* nrows × ncols, row-major, UTF-8 ("" = empty) */
	const double *widths_mm;        /* per column, or NULL: from content, filling the measure */
	const ly_align *align;          /* per column, or NULL: numbers right, text left */
	double size;                    /* pt, 0 = 小四 12 */
	fn_role role, header_role;      /* 0, 0 = 表格 and 一级标题 (黑体) */
	double rule;                    /* rule width pt, 0 = 0.5 */
	const char *where;              /* for error messages, e.g. "排名表" */
	size_t group_col;               /* 1-based column naming groups of rows, 0 = none: a row whose
	                                 * cell there is empty belongs to the group above */
	const char *cont_mark;          /* after a group's name repeated on a new page, NULL = “（续）” */
} ly_table;
/* Ruled table, full measure wide; rows never split; wrapped cell text; rows as tall as
 * their text.  Page breaks leave no page with fewer than 3 of its rows, keep groups of up
 * to 3 rows together and repeat a continued group's name.  A zero width space (U+200B)
 * marks where a cell may break: a header label, or a cell with such marks, breaks nowhere
 * else ("行风监督员\u200B评价"); short body cells (up to 8 characters: names, types, grades,
 * dates) do not break at all — unless the column is narrower than such a word. */
void ly_table_add(ly_doc *d, const ly_table *t);
/* The width in mm a table cell needs to hold text on one line (its padding included): for a
 * column given a width that must fit every name of the data, not only this table's. */
double ly_table_cell_mm(ly_doc *d, fn_role role, double size, const char *text);

typedef struct {
	size_t n;
	const double *values;
	const char *const *labels;      /* n category labels or NULL (long labels stack vertically) */
	double ymin, ymax;              /* both 0: from the data */
	double height_mm;               /* plot area height, 0 = 60 */
	int line;                       /* 0 bars, 1 line with markers */
	int show_values;                /* print each value above its bar/point */
	double size;                    /* label pt, 0 = 8 */
	const char *where;
	const char *xlabel, *ylabel;    /* axis titles (under the labels / above the value axis), or NULL */
} ly_chart;
void ly_chart_add(ly_doc *d, const ly_chart *c);
/* The page (1-based count) on which the last table or chart put its first row: a heading
 * above it that stayed on an earlier page has lost it. */
int ly_block_page(const ly_doc *d);

/* ---- Free placement (scorecards, custom pieces) --------------------------------------- */

/* The cursor: top of the next block, pt from the top of the current page. */
double ly_cursor(const ly_doc *d);
/* Moves the cursor down (never up past the page top) on the current page. */
void ly_set_cursor(ly_doc *d, double y);
/* Width of text in a role at size pt (no tracking); -1 (and the document error) when a
 * character has no font. */
double ly_measure(ly_doc *d, fn_role role, double size, const char *text);
/* One line of text at (x, em-box top y) in page points, aligned in a box of width w. */
void ly_text_at(ly_doc *d, fn_role role, double size, pd_rgb color, const char *text,
                double x, double y, ly_align align, double w);
/* A rule across the 版心 at the cursor, which moves below it. */
void ly_rule(ly_doc *d, double width, pd_rgb color);

/* ---- Output -------------------------------------------------------------------------- */

/* Writes the PDF atomically.  0, or an exit status with *err (caller frees) holding the
 * first error: EXIT_DATAERR for a layout error (a character no font has), else pd_save's. */
int ly_save(ly_doc *d, const char *path, const pd_meta *meta, char **err);
/* The underlying display list (to add custom drawing on the current page). */
pd_doc *ly_pdf(ly_doc *d);

#endif
