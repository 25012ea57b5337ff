/* bulletin.c — the 月度通报: the month's ranking with category subtotals, the deduction events
 * grouped by window, a bar chart, and a summary praising the full-score windows. */
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/util.h"
#include "doc/csvout.h"
#include "doc/documents.h"
#include "doc/render.h"
#include "doc/words.h"

typedef struct {
	const model *m;
	int month;
	month_score *ms;
	month_trend *trend;             /* last month's rank, the year-to-date average */
	int *order, *rank, n;
	double chart_floor;             /* the same in every month's chart */
} month_data;

#define WB "\u200B"             /* a header label may break here (ly_table) */
#define TEXT_MM 156             /* the 公文 版心's width (GB/T 9704), the tables' measure */

/* The ranking table, cell for cell what monthly-YYYY-MM.csv holds. */
static void part_ranking(ly_doc *d, const void *p)
{
	const month_data *a = p;
	static const char *const head[] = { "排名", "单位", "类型", "工作" WB "纪律", "工作" WB "规范", "办件" WB "管理", "其他",
		"月度" WB "得分", "累计" WB "平均分", "名次" WB "变化" };
	size_t cols = 10, rows = (size_t)a->n + 1;
	char **cells = xcalloc(rows * cols, sizeof *cells), b[32];
	int dp = csvout_month_places(a->ms, a->order, a->n);
	for (size_t c = 0; c < cols; c++) cells[c] = xstrdup(head[c]);
	for (int i = 0; i < a->n; i++) {
		int u = a->order[i];
		char **r = cells + (size_t)(i + 1) * cols;
		r[0] = xasprintf("%d", a->rank[u]);
		r[1] = xstrdup(a->m->units[u].name);
		r[2] = xstrdup(unit_type_name(a->m->units[u].type));
		for (int c = 0; c < CATEGORY_COUNT; c++) r[3 + c] = xstrdup(dec_fmt(a->ms[u].kept[c], dp, b));
		r[7] = xstrdup(dec_fmt(a->ms[u].score, dp, b));
		r[8] = xstrdup(dec_fmt(a->trend[u].ytd_avg, 2, b));
		r[9] = xstrdup(score_rank_change(a->month, a->trend[u].prev_rank, a->rank[u], b));
	}
	/* Numbers right, names left, the change (↑3, 持平, —) centred under its short header. */
	static const ly_align align[] = { LY_RIGHT, LY_LEFT, LY_LEFT, LY_RIGHT, LY_RIGHT, LY_RIGHT, LY_RIGHT, LY_RIGHT,
		LY_RIGHT, LY_CENTER };
	/* Each column as wide as its widest cell (a header at its widest piece between breaks), the
	 * room left shared equally: ten columns leave a 12-character name (区公安分局出入境管理大队)
	 * on one line, which ly_table's own widths, asking each header for four characters, do not.
	 * When even that is too wide, ly_table's widths wrap the widest column. */
	double widths[10], sum = 0;
	for (size_t c = 0; c < cols; c++) {
		widths[c] = 0;
		for (char *h = xstrdup(head[c]), *piece = h, *next; piece; piece = next) {
			next = strstr(piece, WB);
			if (next) { *next = 0; next += strlen(WB); }
			double w = ly_table_cell_mm(d, FN_TABLE, LY_SIZE_5, piece);
			if (w > widths[c]) widths[c] = w;
			if (!next) free(h);
		}
		for (size_t r = 1; r < rows; r++) {
			double w = ly_table_cell_mm(d, FN_TABLE, LY_SIZE_5, cells[r * cols + c]);
			if (w > widths[c]) widths[c] = w;
		}
		sum += widths[c];
	}
	for (size_t c = 0; c < cols && sum <= TEXT_MM; c++) widths[c] += (TEXT_MM - sum) / (double)cols;
	ly_table t = { .nrows = rows, .ncols = cols, .header_rows = 1, .cells = (const char *const *)cells,
		.widths_mm = sum <= TEXT_MM ? widths : NULL, .align = align, .size = LY_SIZE_5, .where = "月度排名表" };
	doc_table(d, &t, cells);
	free(cells);
}

/* Every deduction of the month, grouped by window in units.csv order, by date within; a
 * group continued on the next page names its window again (ly_table group_col).  Each
 * window's rows come from its (unit, month) bucket: no scan of the year's rows per window. */
static void part_events(ly_doc *d, const void *p)
{
	const month_data *a = p;
	const model *m = a->m;
	static const char *const head[] = { "单位", "日期", "扣分项", "次数", "扣分", "说明" };
	size_t cols = 6, rows = 1, nall = 0;
	int n;
	for (int u = 0; u < m->nunits; u++) { model_unit_rows(m, u, a->month, &n); nall += (size_t)n; }
	dec *v = xcalloc(nall + 1, sizeof *v);
	size_t k = 0;
	for (int u = 0; u < m->nunits; u++) {
		const int *idx = model_unit_rows(m, u, a->month, &n);
		for (int i = 0; i < n; i++) v[k++] = m->deductions[idx[i]].points * m->deductions[idx[i]].count;
	}
	int dp = dec_places(v, nall, 2);         /* 0.30 beside 12.00, not 0.3 beside 12 */
	free(v);
	char **cells = xcalloc((nall + 1) * cols, sizeof *cells), b[32];
	for (size_t c = 0; c < cols; c++) cells[c] = xstrdup(head[c]);
	for (int u = 0; u < m->nunits; u++) {
		const int *idx = model_unit_rows(m, u, a->month, &n);
		for (int i = 0; i < n; i++) {
			const deduction *e = &m->deductions[idx[i]];
			const item *it = &m->items[e->item];
			char **r = cells + rows++ * cols;
			r[0] = xstrdup(i == 0 ? m->units[u].name : "");
			r[1] = xstrdup(e->date[0] ? doc_month_day(e->date, e->month, b) : "");
			r[2] = xasprintf("%s %s", it->code, it->text);
			r[3] = xasprintf("%d", e->count);
			r[4] = xstrdup(dec_fmt(e->points * e->count, dp, b));
			r[5] = xstrdup(e->note);
		}
	}
	/* 单位 as wide as the longest window name of the data needs (“综合行政执法”, not “综合行政执/法”),
	 * the same in every month, up to 40 mm; 扣分项 gives or takes the difference. */
	double widths[] = { 22, 18, 59, 10, 12, 35 }, name = ly_table_cell_mm(d, FN_TABLE, LY_SIZE_5, head[0]);
	for (int u = 0; u < m->nunits; u++) {
		double w = unit_is_window(&m->units[u]) ? ly_table_cell_mm(d, FN_TABLE, LY_SIZE_5, m->units[u].name) : 0;
		if (w > name) name = w;
	}
	name = name > 40 ? 40 : name;
	widths[2] += widths[0] - name;
	widths[0] = name;
	static const ly_align align[] = { LY_LEFT, LY_LEFT, LY_LEFT, LY_RIGHT, LY_RIGHT, LY_LEFT };
	ly_table t = { .nrows = rows, .ncols = cols, .header_rows = 1, .cells = (const char *const *)cells,
		.widths_mm = widths, .align = align, .size = LY_SIZE_5, .where = "扣分明细表", .group_col = 1 };
	if (rows == 1) ly_body(d, "本月无扣分记录。");
	doc_table(d, &t, cells);
	free(cells);
}

/* Bars of every window's score in ranking order (doubles only place the bars); more than
 * 40 windows are drawn as several charts of equal length, on one scale, so that every name
 * stays readable under its bar. */
static void part_chart(ly_doc *d, const void *p)
{
	const month_data *a = p;
	int parts = (a->n + 39) / 40, per = parts ? (a->n + parts - 1) / parts : 0;
	double *v = xcalloc((size_t)a->n + 1, sizeof *v);
	const char **labels = xcalloc((size_t)a->n + 1, sizeof *labels);
	for (int i = 0; i < a->n; i++) {
		v[i] = (double)a->ms[a->order[i]].score / DEC_ONE;
		labels[i] = a->m->units[a->order[i]].name;
	}
	for (int k = 0; k < parts && !ly_error(d); k++) {
		int from = k * per, n = a->n - from < per ? a->n - from : per;
		char *xl = parts > 1 ? xasprintf("窗口（按本月得分从高到低，第%d至%d个）", from + 1, from + n)
		                     : xstrdup("窗口（按本月得分从高到低）");
		/* The axis starts below the year's lowest score, the same in every month's bulletin. */
		ly_chart c = { .n = (size_t)n, .values = v + from, .labels = labels + from, .height_mm = 50,
			.ymin = a->chart_floor, .ymax = 100, .show_values = 0, .where = "月度得分图", .xlabel = xl,
			.ylabel = "月度得分（分）" };
		ly_chart_add(d, &c);
		free(xl);
	}
	free(v);
	free(labels);
}

double doc_year_chart_floor(const model *m)
{
	month_score *ms = xcalloc((size_t)m->nunits, sizeof *ms);
	dec low = DEC(100);
	for (int mo = 1; mo <= (m->set.months < 12 ? m->set.months : 12); mo++) {
		score_month(m, mo, ms);
		for (int u = 0; u < m->nunits; u++)
			if (unit_is_window(&m->units[u]) && ms[u].score < low) low = ms[u].score;
	}
	for (int u = 0; u < m->nunits; u++)
		for (int q = 0; q < 4 && !unit_is_window(&m->units[u]); q++)
			if (m->units[u].quarter[q] < low) low = m->units[u].quarter[q];
	free(ms);
	return doc_chart_floor(low);
}

/* A date value: "2022-08-15" and its text "2022年8月15日". */
static void set_date(tpl_ctx *c, const char *key, int y, int mo, int d)
{
	tpl_setf(c, key, "%04d-%02d-%02d", y, mo, d);
	char *k = xasprintf("%s文字", key);
	tpl_setf(c, k, "%d年%d月%d日", y, mo, d);
	free(k);
}

/* A month's bulletin as laid out (on any thread): its expanded template, its layout (NULL
 * when it failed: rc says how), its file name and metadata, and the messages it held back. */
typedef struct {
	tpl_doc t;
	ly_doc *d;
	int rc;
	char name[64], title[96];
	pd_meta meta;
	diag_held msgs;
} bulletin_t;

/* Lays out month's bulletin (thread-safe: the model and fonts are only read). */
static bulletin_t *make_bulletin(const model *m, int month, const fn_set *fs)
{
	bulletin_t *bt = xcalloc(1, sizeof *bt);
	month_data a = { .m = m, .month = month };
	a.ms = xcalloc((size_t)m->nunits, sizeof *a.ms);
	a.order = xcalloc((size_t)m->nunits, sizeof *a.order);
	a.rank = xcalloc((size_t)m->nunits, sizeof *a.rank);
	a.chart_floor = doc_year_chart_floor(m);
	score_month(m, month, a.ms);
	a.n = score_month_order(m, a.ms, a.order, a.rank);
	a.trend = xcalloc((size_t)m->nunits, sizeof *a.trend);
	score_month_trend(m, month, m->set.bulletin_bottom, a.trend);

	tpl_ctx *c = doc_common_context(m);
	char b[32];
	int64_t sum = 0, lost_units = 0, events = 0;
	dec lost = 0;
	tpl_list(c, "满分窗口");
	for (int i = 0; i < a.n; i++) {
		int u = a.order[i];
		sum += a.ms[u].score;
		events += a.ms[u].events;
		if (a.ms[u].events) lost_units++;
		bool full = true;
		for (int k = 0; k < CATEGORY_COUNT; k++) { lost += a.ms[u].lost[k]; full &= a.ms[u].lost[k] == 0; }
		if (full) tpl_set(tpl_push(c, "满分窗口"), "名称", m->units[u].name);
	}
	int full_count = a.n - (int)lost_units;
	/* Month over month: January has no month before it (the template says so); 连续靠后窗口
	 * lists, in ranking order, the windows in the bottom bulletin_bottom both months. */
	if (month > 1) tpl_setf(c, "上月份", "%d", month - 1); else tpl_set(c, "上月份", "");
	tpl_setf(c, "连续靠后名数", "%d", m->set.bulletin_bottom);
	tpl_list(c, "连续靠后窗口");
	for (int i = 0; i < a.n; i++) {
		int u = a.order[i];
		if (!a.trend[u].bottom) continue;
		tpl_ctx *it = tpl_push(c, "连续靠后窗口");
		tpl_set(it, "名称", m->units[u].name);
		tpl_setf(it, "排名", "%d", a.rank[u]);
		tpl_setf(it, "上月排名", "%d", a.trend[u].prev_rank);
	}
	tpl_setf(c, "月份", "%d", month);
	tpl_setf(c, "考核窗口数", "%d", a.n);
	tpl_set(c, "平均分", a.n ? dec_fmt(dec_round_cents(sum, a.n), 2, b) : "0.00");
	tpl_setf(c, "满分窗口数", "%d", full_count);
	tpl_setf(c, "扣分窗口数", "%lld", (long long)lost_units);
	tpl_setf(c, "扣分条数", "%lld", (long long)events);
	/* The total in the sentence prints like the points in the table under it (25.80, not 25.8). */
	dec *pv = xcalloc((size_t)m->ndeductions + 1, sizeof *pv);
	size_t npv = 0;
	for (int i = 0; i < m->ndeductions; i++)
		if (m->deductions[i].month == month) pv[npv++] = m->deductions[i].points * m->deductions[i].count;
	pv[npv++] = lost;
	tpl_set(c, "扣分合计", dec_fmt(lost, dec_places(pv, npv, 2), b));
	free(pv);
	/* Dated day N of the next month (bulletin_day): the data's date, never the clock. */
	int y = m->year, mo = month + 1;
	if (mo > 12) { mo = 1; y++; }
	set_date(c, "通报日期", y, mo, m->set.bulletin_day);
	/* The deadline for the windows' reports: rectify_days after the bulletin's own date. */
	int dy = y, dm = mo, dd = m->set.bulletin_day;
	doc_add_days(&dy, &dm, &dd, m->set.rectify_days);
	set_date(c, "整改期限", dy, dm, dd);

	static const doc_part parts[] = { { "月度排名表", part_ranking }, { "扣分明细表", part_events }, { "月度得分图", part_chart } };
	doc_parts dp = { parts, 3, &a };
	bt->d = doc_layout_template(fs, "bulletin.tpl", c, &dp, &bt->t, &bt->rc);
	snprintf(bt->name, sizeof bt->name, "bulletin-%04d-%02d.pdf", m->year, month);
	snprintf(bt->title, sizeof bt->title, "%d年%d月窗口考核情况通报%s", m->year, month, bt->t.nmissing ? "（草稿）" : "");
	bt->meta = (pd_meta){ .title = bt->title, .author = m->set.issuer, .year = y, .month = mo, .day = m->set.bulletin_day };
	tpl_free(c);
	free(a.ms);
	free(a.trend);
	free(a.order);
	free(a.rank);
	return bt;
}

/* Frees a bulletin (and its layout, unless issued). */
static void bulletin_free(void *p)
{
	bulletin_t *bt = p;
	if (!bt) return;
	ly_free(bt->d);
	tpl_doc_free(&bt->t);
	free(bt->msgs.text.s);
	free(bt);
}

/* Months first … last in order, two at a time: this thread and a helper each take the
 * next month not yet taken, lay it out and write it into its place in the queue, and this
 * thread issues them in order (messages, drafts).  A province's bulletin holds some 40 MB
 * until written, so it is written by the thread that laid it out, not queued for a writer
 * thread while two more are laid out; and two workers (ordered.h) took 179 MB for
 * 10,000 units' year, each malloc arena peaking at a whole bulletin, where this thread's
 * bulletins reuse the memory the annual documents freed. */
struct doc_bulletins {
	const model *m;
	const fn_set *fs;
	const char *dir;
	int first, n;
	doc_slot **slot;                /* slot[i]: month index i's place in the queue */
	bulletin_t **made;              /* made[i]: laid out (and written), not yet issued */
	int next;                       /* the next month index to take */
	int issued;                     /* months issued so far */
	int stop, threaded;
	pthread_t tid;
	pthread_mutex_t lock;
	pthread_cond_t done;
};

/* Lays out month index i and writes it into its slot, its messages held for when it is
 * issued; then hands it over (any thread). */
static void make_month(doc_bulletins *bs, int i)
{
	diag_held msgs = {0};
	diag_hold(&msgs);
	bulletin_t *bt = make_bulletin(bs->m, bs->first + i, bs->fs);
	if (bt->d && bt->rc == EXIT_OK) doc_slot_fill(bs->slot[i], bt->d, bs->dir, bt->name, &bt->meta);
	else ly_free(bt->d);
	bt->d = NULL;
	diag_hold(NULL);
	bt->msgs = msgs;
	pthread_mutex_lock(&bs->lock);
	bs->made[i] = bt;
	pthread_cond_broadcast(&bs->done);
	pthread_mutex_unlock(&bs->lock);
}

/* Takes the next month not yet taken: its index, or -1 when none is left (or stopping). */
static int take_month(doc_bulletins *bs)
{
	pthread_mutex_lock(&bs->lock);
	int i = !bs->stop && bs->next < bs->n ? bs->next++ : -1;
	pthread_mutex_unlock(&bs->lock);
	return i;
}

/* The helper: makes months until none is left. */
static void *helper(void *arg)
{
	doc_bulletins *bs = arg;
	for (int i; (i = take_month(bs)) >= 0;) make_month(bs, i);
	return NULL;
}

doc_bulletins *doc_bulletins_start(const model *m, int first, int last, const fn_set *fs, const char *dir, doc_queue *q)
{
	doc_bulletins *bs = xcalloc(1, sizeof *bs);
	*bs = (doc_bulletins){ .m = m, .fs = fs, .dir = dir, .first = first, .n = last - first + 1 };
	bs->slot = xcalloc((size_t)bs->n, sizeof *bs->slot);
	bs->made = xcalloc((size_t)bs->n, sizeof *bs->made);
	for (int i = 0; i < bs->n; i++) bs->slot[i] = doc_queue_reserve(q);
	pthread_mutex_init(&bs->lock, NULL);
	pthread_cond_init(&bs->done, NULL);
	bs->threaded = bs->n > 1 && sysconf(_SC_NPROCESSORS_ONLN) > 1 && pthread_create(&bs->tid, NULL, helper, bs) == 0;
	return bs;
}

int doc_bulletins_next(doc_bulletins *bs, doc_stats *st)
{
	int i = bs->issued;
	if (i >= bs->n) return EXIT_SOFTWARE;
	/* While month i is not made, this thread makes the next one not taken. */
	for (;;) {
		pthread_mutex_lock(&bs->lock);
		int ready = bs->made[i] != NULL;
		pthread_mutex_unlock(&bs->lock);
		if (ready) break;
		int k = take_month(bs);
		if (k >= 0) { make_month(bs, k); continue; }
		pthread_mutex_lock(&bs->lock);
		while (!bs->made[i]) pthread_cond_wait(&bs->done, &bs->lock);
		pthread_mutex_unlock(&bs->lock);
	}
	pthread_mutex_lock(&bs->lock);
	bulletin_t *bt = bs->made[i];
	bs->made[i] = NULL;
	bs->issued++;
	pthread_mutex_unlock(&bs->lock);
	diag_replay(&bt->msgs);
	int rc = bt->rc;
	if (rc == EXIT_OK) doc_note_drafts(st, &bt->t, bt->name);
	bulletin_free(bt);
	return rc;
}

void doc_bulletins_stop(doc_bulletins *bs)
{
	if (!bs) return;
	pthread_mutex_lock(&bs->lock);
	bs->stop = 1;
	pthread_mutex_unlock(&bs->lock);
	if (bs->threaded) pthread_join(bs->tid, NULL);
	for (int i = 0; i < bs->n; i++) bulletin_free(bs->made[i]);
	free(bs->made);
	free(bs->slot);
	pthread_cond_destroy(&bs->done);
	pthread_mutex_destroy(&bs->lock);
	free(bs);
}

int doc_notice(const model *m, const char *template_path, const fn_set *fs, const char *path, doc_stats *st)
{
	tpl_ctx *c = doc_common_context(m);
	tpl_doc t;
	int rc = EXIT_DATAERR;
	if (tpl_render_file(template_path, c, &t) == 0) {
		int lrc;
		ly_doc *d = doc_layout(fs, &t, NULL, &lrc, NULL);
		if (lrc == 0) {
			pd_meta meta = { .author = m->set.issuer };
			for (size_t i = 0; i < t.n; i++)
				if (t.blocks[i].kind == TB_DIRECTIVE && !strcmp(t.blocks[i].name, "标题") && t.blocks[i].nargs) {
					meta.title = t.blocks[i].args[0];
					break;
				}
			for (size_t i = 0; i < t.n; i++)
				if (t.blocks[i].kind == TB_DIRECTIVE && !strcmp(t.blocks[i].name, "署名") && t.blocks[i].nargs > 1)
					date_parse(t.blocks[i].args[1], &meta.year, &meta.month, &meta.day);
			char *dir = xstrdup(path), *slash = strrchr(dir, '/');
			const char *name = path;
			if (slash) { *slash = 0; name = slash + 1; } else { free(dir); dir = xstrdup("."); }
			char *title = meta.title && t.nmissing ? xasprintf("%s（草稿）", meta.title) : NULL;
			if (title) meta.title = title;
			doc_note_drafts(st, &t, name);
			rc = doc_save(d, dir, name, &meta, st);
			free(title);
			free(dir);
		}
		ly_free(d);
	}
	tpl_doc_free(&t);
	tpl_free(c);
	return rc;
}
