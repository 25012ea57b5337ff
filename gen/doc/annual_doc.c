/* annual_doc.c — the 年度考绩结果通报 (notice.pdf, or its 公示稿) and the run of 考绩单
 * (scorecards/NN-单位.pdf and the bound scorecards.pdf), from results. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/diag.h"
#include "base/ordered.h"
#include "base/util.h"
#include "doc/annual.h"
#include "doc/documents.h"

#define WB "\u200B"             /* a header label may break here (ly_table) */

static char *fmt2(dec v, char b[32]) { return dec_fmt(v, 2, b); }

char *doc_rank_text(const year_score *y, int ui, char buf[32])
{
	snprintf(buf, 32, "%s第%d名", y->u[ui].ties > 1 ? "并列" : "", y->u[ui].rank);
	return buf;
}

/* A penalty's reason as it reads after “因”: the clerk's “事由：详情，…” becomes
 * “事由（详情），…” — a colon cannot stand inside a causal clause.  Each of several reasons
 * (joined with “；”) is read alone; a detail that has brackets of its own gets a comma instead
 * (the documents never nest brackets). */
static char *reason_clause(const char *reason)
{
	strbuf b = {0};
	const char *p = reason;
	for (;;) {
		const char *end = strstr(p, "；");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *part = xstrndup(p, len), *colon = strstr(part, "：");
		if (!colon || colon == part || !colon[3]) {
			sb_puts(&b, part);
		} else {
			*colon = 0;
			char *detail = colon + 3, *stop = strstr(detail, "，");
			size_t dl = stop ? (size_t)(stop - detail) : strlen(detail);
			char *d = xstrndup(detail, dl);
			if (strstr(d, "（") || strstr(d, "）") || !dl) sb_printf(&b, "%s，%s", part, detail);
			else sb_printf(&b, "%s（%s）%s", part, d, detail + dl);
			free(d);
		}
		free(part);
		if (!end) break;
		sb_puts(&b, "；");
		p = end + strlen("；");
	}
	return b.s ? sb_take(&b) : xstrdup("");
}

/* The ranking table of one pool: every component, as results.csv has it; the 公示稿's grades
 * are proposed ones (拟定等次). */
static void ranking_table(ly_doc *d, const year_score *y, bool windows, bool publicity)
{
	/* Header labels break only between their words (WB, see ly_table). */
	static const char *const head[] = { "排名", "单位", "类型", "日常" WB "考核", "纪委监委" WB "评价",
		"第三方" WB "满意度" WB "评价", "行风监督员" WB "评价", "领导班子及" WB "科室负责人" WB "评价",
		"满意度" WB "评价", "扣分", "最终" WB "得分", "等次" };
	static const char *const proposed = "拟定" WB "等次";
	const model *m = y->m;
	size_t cols = windows ? 12 : 11, rows = 1;
	char **cells = xcalloc((size_t)(m->nunits + 1) * 12, sizeof *cells);
	for (size_t c = 0, k = 0; c < 12; c++) {
		if (!windows && c == 5) continue;
		cells[k++] = xstrdup(!windows && c == 8 ? "综合" WB "评价" : c == 11 && publicity ? proposed : head[c]);
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
	/* Widths from the content: on the turned page's 225 mm every name and grade fits one line. */
	ly_table t = { .nrows = rows, .ncols = cols, .header_rows = 1, .cells = (const char *const *)cells,
		.size = LY_SIZE_5, .where = windows ? "窗口排名表" : "分中心排名表" };
	doc_table(d, &t, cells);
	free(cells);
}

static void part_window_ranking(ly_doc *d, const void *p)
{
	ranking_table(d, ((const annual_data *)p)->y, true, ((const annual_data *)p)->publicity);
}
static void part_subcenter_ranking(ly_doc *d, const void *p)
{
	ranking_table(d, ((const annual_data *)p)->y, false, ((const annual_data *)p)->publicity);
}

/* How the 良好 count arose: by quota (ties included) and by the 85% line, e.g. 13 + 10. */
static void grade_sources(tpl_ctx *c, const year_score *y, bool w)
{
	const model *m = y->m;
	int quota = 0, promoted = 0;
	for (int ui = 0; ui < m->nunits; ui++) {
		if (unit_is_window(&m->units[ui]) != w) continue;
		grade_by by = y->u[ui].by;
		quota += by == BY_GOOD_QUOTA || by == BY_GOOD_TIE;
		promoted += by == BY_PROMOTED;
	}
	char *k = xasprintf("%s按名额数", grade_name(GRADE_GOOD, w));
	tpl_setf(c, k, "%d", quota);
	free(k);
	k = xasprintf("%s提档数", grade_name(GRADE_GOOD, w));
	tpl_setf(c, k, "%d", promoted);
	free(k);
}

/* 取消评先窗口 / 取消评先分中心: every disqualified unit with its reason, and whether its
 * final would have made it 先进 (its place then went to the next eligible unit); 扣分窗口 /
 * 扣分分中心: the units that lost points but not 评先, so that every penalty is told. */
static void penalty_lists(tpl_ctx *c, const year_score *y, bool w)
{
	const model *m = y->m;
	const char *lists[2] = { w ? "取消评先窗口" : "取消评先分中心", w ? "扣分窗口" : "扣分分中心" };
	char b[32];
	tpl_list(c, lists[0]);
	tpl_list(c, lists[1]);
	for (int i = 0; i < m->nunits; i++) {
		int ui = y->order[i];
		const unit *u = &m->units[ui];
		if (unit_is_window(u) != w || (!u->disqualified && !y->u[ui].penalty)) continue;
		tpl_ctx *it = tpl_push(c, lists[u->disqualified ? 0 : 1]);
		char *why = reason_clause(u->penalty_reason ? u->penalty_reason : "");
		tpl_set(it, "名称", u->name);
		tpl_set(it, "原因", why);
		free(why);
		/* In a sentence the points read as the method writes them: 扣1分, 扣0.5分. */
		tpl_set(it, "扣分", dec_fmt_short(y->u[ui].penalty, b));
		tpl_set(it, "最终得分", fmt2(y->u[ui].final, b));
		tpl_setf(it, "排名", "%d", y->u[ui].rank);
		tpl_set(it, "排名文字", doc_rank_text(y, ui, b));
		tpl_set(it, "等次", grade_name(y->u[ui].grade, w));
		tpl_set(it, "本可评先进", y->u[ui].lost_excellent ? "是" : "");
	}
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
				tpl_set(it, "排名文字", doc_rank_text(y, ui, b));
			}
			char *k = xasprintf("%s数", gn);
			tpl_setf(c, k, "%d", p->count[g]);
			free(k);
		}
		grade_sources(c, y, w);
		penalty_lists(c, y, w);
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

/* PDF information for one of the run's documents ("（草稿）" after a draft's title). */
static pd_meta meta_for(const model *m, const tpl_doc *t, char *title, size_t n)
{
	if (t && t->nmissing && strlen(title) + 16 < n) strcat(title, "（草稿）");
	pd_meta meta = { .title = title, .author = m->set.issuer };
	date_parse(m->set.issue_date, &meta.year, &meta.month, &meta.day);
	return meta;
}

/* notice.pdf, laid out and written on a thread of its own while the cards are laid out
 * (a province's 10,000-row ranking takes this thread 1.5 s): its template is expanded
 * first, here, so that its errors and drafts come first, and what its layout says is held
 * until notice_settle, as the cards' messages are held until then (notice_show): the run
 * reads as if the notice were laid out before the cards, and a notice that fails stops
 * the run with its message alone. */
typedef struct {
	const model *m;
	const fn_set *fs;
	const char *dir;
	tpl_doc nt;
	doc_parts np;
	doc_slot *slot;
	int rc;                 /* the notice's layout */
	int done;               /* set (atomically) when the thread has finished */
	int threaded, settled;
	pthread_t tid;
	diag_held msgs, cards;  /* the notice's messages; the cards' until it is settled */
} notice_job;

/* Lays out and writes the notice (its thread). */
static void *notice_run(void *arg)
{
	notice_job *n = arg;
	diag_hold(&n->msgs);
	int lrc;
	ly_doc *d = doc_layout(n->fs, &n->nt, &n->np, &lrc, NULL);
	if (lrc) {
		n->rc = EXIT_DATAERR;
		ly_free(d);
	} else {
		char title[128];
		snprintf(title, sizeof title, "%d年度考绩结果%s", n->m->year,
		         ((const annual_data *)n->np.data)->publicity ? "公示" : "通报");
		pd_meta meta = meta_for(n->m, &n->nt, title, sizeof title);
		doc_slot_fill(n->slot, d, n->dir, "notice.pdf", &meta);
	}
	diag_hold(NULL);
	__atomic_store_n(&n->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* notice.pdf: the 通报, or the 公示稿 published for objections before it; its template
 * expanded and its drafts noted here, its layout started (notice_run). */
static int notice_start(notice_job *n, const year_score *y, const tpl_ctx *ctx, const fn_set *fs, const char *dir,
                        annual_data *data, doc_queue *q, doc_stats *st)
{
	static const doc_part parts[] = { { "窗口排名表", part_window_ranking }, { "分中心排名表", part_subcenter_ranking } };
	*n = (notice_job){ .m = y->m, .fs = fs, .dir = dir, .np = { parts, 2, data }, .settled = 1 };
	char *path = doc_template_path(data->publicity ? "publicity.tpl" : "notice.tpl");
	if (!path) return EXIT_OSFILE;
	int rc = tpl_render_file(path, ctx, &n->nt) ? EXIT_DATAERR : EXIT_OK;
	free(path);
	if (rc) { tpl_doc_free(&n->nt); return rc; }
	doc_note_drafts(st, &n->nt, "notice.pdf");
	n->slot = doc_queue_reserve(q);
	n->settled = 0;
	n->threaded = pthread_create(&n->tid, NULL, notice_run, n) == 0;
	if (!n->threaded) notice_run(n);
	return EXIT_OK;
}

/* Whether the notice's thread has finished. */
static int notice_done(const notice_job *n) { return n->settled || __atomic_load_n(&n->done, __ATOMIC_ACQUIRE); }

/* Waits for the notice and shows its messages, then the cards' held until now unless the
 * notice failed; its exit status. */
static int notice_settle(notice_job *n)
{
	if (n->settled) return n->rc;
	if (n->threaded) pthread_join(n->tid, NULL);
	diag_replay(&n->msgs);
	if (n->rc == EXIT_OK) diag_replay(&n->cards);
	free(n->cards.text.s);
	n->cards = (diag_held){0};
	tpl_doc_free(&n->nt);
	n->settled = 1;
	return n->rc;
}

/* Shows a card's messages, or holds them while the notice is not settled. */
static void notice_show(notice_job *n, diag_held *h)
{
	if (n->settled) diag_replay(h);
	else diag_move(&n->cards, h);
}

/* scorecards/NN-单位.pdf for unit ui, laid out as d and drawn by the bound copy's stream
 * (sh; NULL: drawn for itself): queued (the queue frees d and sh once written). */
static void queue_card(const year_score *y, const tpl_doc *card, int ui, ly_doc *d, doc_share *sh, const char *dir,
                       doc_queue *q, doc_stats *st)
{
	const model *m = y->m;
	/* NN-单位.pdf within NAME_MAX (255 bytes): a long name is cut, NN keeps it unique. */
	char nn[16];
	snprintf(nn, sizeof nn, "%02d-", ui + 1);
	char *safe = safe_file_name(m->units[ui].name, 255 - strlen(nn) - strlen(".pdf"));
	char *name = xasprintf("scorecards/%s%s.pdf", nn, safe);
	char title[512];
	snprintf(title, sizeof title, "%d年度考绩单：%s", m->year, m->units[ui].name);
	utf8_truncate(title, sizeof title - 32);        /* room for “（草稿）” */
	pd_meta cm = meta_for(m, card, title, sizeof title);
	doc_note_drafts(st, card, name);
	doc_queue_add_shared(q, d, sh, dir, name, &cm);
	free(safe);
	free(name);
}

/* What the card workers share (read only). */
typedef struct {
	const year_score *y;
	const tpl_ctx *ctx;
	const fn_set *fs;
	const annual_data *data;
	const char *path, *src;
} cards_in;

/* One unit's card as a worker made it: the expanded template, its layout (NULL when it
 * failed: rc says how) and the messages it held back (diag_hold). */
typedef struct {
	tpl_doc card;
	ly_doc *d;
	int rc;
	diag_held msgs;
} card_out;

/* Makes unit ui's card (on a worker thread): scorecard.tpl expanded with the unit's
 * values, laid out (doc_layout: a signature never alone on a page) and numbered. */
static void *make_card(void *arg, int ui)
{
	const cards_in *in = arg;
	card_out *c = xcalloc(1, sizeof *c);
	diag_hold(&c->msgs);
	tpl_ctx *uc = tpl_child(in->ctx);               /* sees the year's values too */
	card_context(uc, in->y, ui);
	c->rc = tpl_render(in->path, in->src, uc, &c->card) ? EXIT_DATAERR : EXIT_OK;
	tpl_free(uc);
	annual_data data = *in->data;
	data.unit = ui;
	doc_parts cp = { card_parts, card_nparts, &data };
	int lrc = 0;
	if (c->rc == EXIT_OK) c->d = doc_layout(in->fs, &c->card, &cp, &lrc, NULL);
	if (c->rc == EXIT_OK && lrc) c->rc = EXIT_DATAERR;
	if (c->rc == EXIT_OK) ly_number_pages(c->d);
	if (c->rc == EXIT_OK && ly_error(c->d)) c->rc = EXIT_DATAERR;
	diag_hold(NULL);
	return c;
}

/* Frees a card not used. */
static void card_free(void *p)
{
	card_out *c = p;
	if (!c) return;
	ly_free(c->d);
	tpl_doc_free(&c->card);
	free(c->msgs.text.s);
	free(c);
}

/* Every unit's 考绩单: laid out on worker threads (make_card) and taken here in unit order,
 * each queued as its own file and appended to the bound copy scorecards.pdf, which shares
 * its pages and is written as it goes (doc_stream): no card's template, layout or pages
 * stay in memory once written.  Each page is drawn and deflated once, with the bound
 * copy's codes, for both files (doc_stream_share).  Each unit starts the bound copy on an odd page, so a
 * duplex print never puts two units on one sheet. */
static int lay_cards(const year_score *y, const tpl_ctx *ctx, const fn_set *fs, annual_data *data, const char *dir,
                     notice_job *notice, doc_queue *q, doc_stats *st)
{
	const model *m = y->m;
	char *path = doc_template_path("scorecard.tpl");
	if (!path) return EXIT_OSFILE;
	size_t len;
	text_encoding enc;
	char *src = text_load(path, &len, &enc);
	int rc = src ? EXIT_OK : EXIT_DATAERR;
	ly_doc *all = NULL;
	doc_stream *bound = NULL;
	ly_style blank;
	cards_in in = { y, ctx, fs, data, path, src };
	om *cards = rc == EXIT_OK ? om_start(m->nunits, make_card, &in) : NULL;
	for (int ui = 0; rc == EXIT_OK && ui < m->nunits; ui++) {
		card_out *c = om_next(cards);
		/* A failed card waits for the notice: if both fail, the notice's error is the one. */
		if ((c->rc || notice_done(notice)) && (rc = notice_settle(notice))) { card_free(c); break; }
		notice_show(notice, &c->msgs);
		rc = c->rc;
		if (rc == EXIT_OK && !all) {
			/* Unit 1's card gives the bound copy its style and draft mark. */
			ly_style cs = doc_page_style(&c->card);
			blank = cs;
			blank.pgnum = LY_PGNUM_NONE;
			all = ly_new(fs, &cs);
			doc_note_drafts(st, &c->card, "scorecards.pdf");
			char title[128], *err = NULL;
			snprintf(title, sizeof title, "%d年度考绩单（全部单位）", m->year);
			pd_meta meta = meta_for(m, &c->card, title, sizeof title);
			if (!(bound = doc_stream_open(fs, dir, "scorecards.pdf", &meta, &err))) {
				diag_error("scorecards.pdf", 0, 0, "无法生成：%s", err);
				free(err);
				rc = EXIT_CANTCREAT;
			}
		}
		if (rc == EXIT_OK) {
			if (ly_page_count(all) % 2) ly_new_page(all, &blank, 1);  /* the blank back of the last sheet */
			ly_append(all, c->d);
			if (ly_error(all)) rc = EXIT_DATAERR;
		}
		if (rc == EXIT_OK) {
			/* The card's pages are drawn once, by the bound copy's thread, for both files. */
			doc_share *sh = doc_stream_share(bound, all, ly_page_count(c->d));
			queue_card(y, &c->card, ui, c->d, sh, dir, q, st);
			c->d = NULL;                            /* the queue frees it */
		}
		card_free(c);
	}
	om_stop(cards, card_free);
	if (rc == EXIT_OK && bound) doc_queue_add_stream(q, bound);
	else doc_stream_abort(bound);
	ly_free(all);
	free(src);
	free(path);
	return rc;
}

/* From how many units the cards are laid out while results.xlsx is written (doc_annual). */
#define CARDS_ALONGSIDE 500

/* lay_cards on a thread of its own, while the caller writes results.xlsx. */
typedef struct {
	const year_score *y;
	const tpl_ctx *ctx;
	const fn_set *fs;
	annual_data *data;
	const char *dir;
	notice_job *notice;
	doc_queue *q;
	doc_stats *st;
	int rc;
	int threaded;
	pthread_t tid;
} cards_job;

/* Runs lay_cards (the cards' thread). */
static void *cards_run(void *arg)
{
	cards_job *c = arg;
	c->rc = lay_cards(c->y, c->ctx, c->fs, c->data, c->dir, c->notice, c->q, c->st);
	return NULL;
}

/* Starts the cards' thread; without one, the cards are laid out by cards_finish. */
static void cards_start(cards_job *c)
{
	c->threaded = pthread_create(&c->tid, NULL, cards_run, c) == 0;
}

/* Waits for the cards (or lays them out now); lay_cards's exit status. */
static int cards_finish(cards_job *c)
{
	if (c->threaded) pthread_join(c->tid, NULL);
	else cards_run(c);
	return c->rc;
}

int doc_annual(const year_score *y, const fn_set *fs, const char *dir, const doc_options *opt, doc_stats *st)
{
	const model *m = y->m;
	tpl_ctx *ctx = doc_common_context(m);
	annual_context(ctx, y);
	bool publicity = opt && opt->publicity;
	annual_data data = { .y = y, .publicity = publicity };
	data.trend_low = doc_year_chart_floor(m);
	/* Each document is written as soon as it is laid out, on all cores (doc_queue). */
	doc_queue *q = doc_queue_new();
	if (opt && opt->first) doc_queue_add_task(q, opt->first);
	notice_job notice;
	int rc = notice_start(&notice, y, ctx, fs, dir, &data, q, st);
	/* The scorecards are issued with the final notice, after the 公示 has ended: the 公示稿
	 * comes alone, whose grades may still change. */
	char *cards_dir = path_join(dir, "scorecards");
	if (rc == EXIT_OK && !publicity && mkdir_p(cards_dir)) {
		diag_error(cards_dir, 0, 0, "无法创建文件夹：%s", sys_error(errno));
		rc = EXIT_CANTCREAT;
	}
	free(cards_dir);
	/* results.xlsx (opt->first) is written on this thread, whose memory is the main arena
	 * (libxlsxwriter does not survive a failed malloc, which a tight limit makes likelier
	 * in a new thread's arena), while the notice's thread lays out the notice and, for a
	 * province, the cards' thread the cards: 10,000 units' workbook took 0.9 s before the
	 * first card.  A hall's few dozen cards wait for it instead (a few milliseconds), since
	 * laying them out alongside it raised the package's peak memory by 2–3 MB. */
	cards_job cards = { y, ctx, fs, &data, dir, &notice, q, st, EXIT_OK, 0, 0 };
	if (rc == EXIT_OK && !publicity && m->nunits >= CARDS_ALONGSIDE) cards_start(&cards);
	if (rc == EXIT_OK) doc_queue_run_tasks(q);
	if (rc == EXIT_OK && !publicity) rc = cards_finish(&cards);
	int nrc = notice_settle(&notice);
	if (rc == EXIT_OK) rc = nrc;
	/* A template error has been reported: write nothing more (the run is discarded). */
	if (rc == EXIT_OK) rc = doc_queue_run(q, st);
	else doc_queue_discard(q);
	tpl_free(ctx);
	return rc;
}
