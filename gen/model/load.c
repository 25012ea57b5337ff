/* load.c — reads a year's data folder into the model, checking every row against SPEC §5 and §7. */
#include "model/model.h"

#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/diag.h"
#include "base/util.h"
#include "model/printable.h"
#include "model/reader.h"
#include "read/csv.h"

const char *const data_file_name[FILE_COUNT] = {
	"units.csv", "items.csv", "deductions.csv", "quarters.csv", "discipline.csv",
	"third_party.csv", "votes.csv", "penalties.csv", "ballots.csv",
};
const char *const category_name[CATEGORY_COUNT] = { "工作纪律", "工作规范", "办件管理", "其他" };
static const char *const category_alias[CATEGORY_COUNT] = { "discipline", "norms", "casework", "other" };
const char *const group_name[GROUP_COUNT] = { "行风监督员", "领导班子及科室负责人" };

const char *unit_type_name(unit_type t)
{
	return t == UNIT_SINGLE ? "单设窗口" : t == UNIT_COMPREHENSIVE ? "综合窗口" : "分中心";
}

const char *model_builtin_catalog(void)
{
	return ""
#include "catalog_2022.h"
		;
}

int reader_open(reader *r, model *m, data_file f, const csv_column *cols, int ncols, bool required)
{
	struct stat st;
	memset(r, 0, sizeof *r);
	r->m = m;
	r->path = path_join(m->dir, data_file_name[f]);
	if (stat(r->path, &st) != 0) {
		if (required) diag_error(r->path, 0, 0, "缺少必需的数据文件 %s", data_file_name[f]);
		m->files[f].failed = required;
		return required ? -1 : 0;
	}
	m->files[f].present = true;
	if (csv_load(r->path, &r->t) != 0) { m->files[f].failed = true; return -1; }
	m->files[f].enc = r->t.enc;
	m->files[f].rows = r->t.nrows ? (int)r->t.nrows - 1 : 0;
	if (csv_map_header(&r->t, cols, ncols, r->col)) { m->files[f].failed = true; return -1; }
	return 1;
}

void reader_close(reader *r)
{
	csv_free_table(&r->t);
	free((char *)r->path);
	for (int k = 0; k < 4; k++) free(r->trim[k].s);
}

const char *reader_trim(reader *r, size_t i, int c)
{
	/* A province's files have 700,000 such cells: a malloc and free each were a sixth of
	 * `check`. */
	strbuf *b = &r->trim[r->next_trim++ & 3];
	size_t n;
	const char *s = trim_span(CELL(r, i, c), &n);
	if (!s[n]) return s;    /* nothing cut at its end: the cell itself will do */
	b->len = 0;
	sb_add(b, s, n);
	return b->s;
}

/* The longest free text a cell may hold, in characters: a table cell of the bulletin or
 * the scorecard carries a note of this length over a few pages; a longer one is a
 * mistake (a pasted file), which would otherwise take minutes and gigabytes to set. */
enum { TEXT_MAX_CHARS = 2000 };

/* Reports a free-text cell (a note, an item's wording, a reason, a place) that the
 * documents could not print, at its cell; 1 when it did. */
static int unprintable(reader *r, size_t i, int c)
{
	int at = 0;
	size_t n = utf8_len(CELL(r, i, c));
	if (n > TEXT_MAX_CHARS) {
		diag_error(r->path, LINE(r, i, c), COL(r, c), "“%s”太长：最多%d个字，实际是%zu个字", r->t.rows[0].ncells > r->col[c] ?
			r->t.rows[0].cells[r->col[c]].text : "", TEXT_MAX_CHARS, n);
		return 1;
	}
	char *why = printable_problem(CELL(r, i, c), r->m->fonts, &at);
	if (!why) return 0;
	diag_error(r->path, LINE(r, i, c), COL(r, c), "%s（在第%d个字）", why, at);
	free(why);
	return 1;
}

/* Edit distance between two UTF-8 strings, by code point. */
static int edit_distance(const char *a, const char *b)
{
	int32_t ca[64], cb[64];
	int na = 0, nb = 0;
	for (const char *p = a, *e = a + strlen(a); p < e && na < 64;) { int32_t c = utf8_next(&p, e); if (c < 0) break; ca[na++] = c; }
	for (const char *p = b, *e = b + strlen(b); p < e && nb < 64;) { int32_t c = utf8_next(&p, e); if (c < 0) break; cb[nb++] = c; }
	int d[65][65];
	for (int i = 0; i <= na; i++) d[i][0] = i;
	for (int j = 0; j <= nb; j++) d[0][j] = j;
	for (int i = 1; i <= na; i++)
		for (int j = 1; j <= nb; j++) {
			int x = d[i - 1][j] + 1, y = d[i][j - 1] + 1, z = d[i - 1][j - 1] + (ca[i - 1] != cb[j - 1]);
			d[i][j] = x < y ? (x < z ? x : z) : (y < z ? y : z);
		}
	return d[na][nb];
}

/* FNV-1a of a unit name: the key of the name index. */
static uint64_t name_hash(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* Adds unit i to the name index (open addressing, kept under half full), so that every
 * CSV row finds its unit in constant time: a province has 10,000 of them. */
static void index_unit(model *m, int i)
{
	if (2 * (size_t)(m->nunits + 1) > m->index_cap) {
		size_t cap = m->index_cap ? m->index_cap * 2 : 64;
		free(m->unit_index);
		m->unit_index = xmalloc(cap * sizeof *m->unit_index);
		for (size_t k = 0; k < cap; k++) m->unit_index[k] = -1;
		m->index_cap = cap;
		for (int j = 0; j < i; j++) {
			size_t k = name_hash(m->units[j].name) & (cap - 1);
			while (m->unit_index[k] >= 0) k = (k + 1) & (cap - 1);
			m->unit_index[k] = j;
		}
	}
	size_t k = name_hash(m->units[i].name) & (m->index_cap - 1);
	while (m->unit_index[k] >= 0) k = (k + 1) & (m->index_cap - 1);
	m->unit_index[k] = i;
}

int model_find_unit(const model *m, const char *name)
{
	if (!m->index_cap) return -1;
	for (size_t k = name_hash(name) & (m->index_cap - 1); m->unit_index[k] >= 0; k = (k + 1) & (m->index_cap - 1))
		if (!strcmp(m->units[m->unit_index[k]].name, name)) return m->unit_index[k];
	return -1;
}

int model_suggest(const model *m, const char *name)
{
	int best = -1, bestd = 1 << 30;
	for (int k = 0; k < m->nunits; k++) {
		const char *known = m->units[k].name;
		int d = edit_distance(name, known);
		/* "公安局" for "公安": containment is the usual slip, count it as one edit. */
		if (name[0] && (strstr(name, known) || strstr(known, name))) d = d < 2 ? d : 1;
		if (d < bestd) { bestd = d; best = k; }
	}
	int len = (int)utf8_len(name);
	return best >= 0 && bestd <= (len > 3 ? len / 2 : 2) ? best : -1;
}

int reader_unit(reader *r, size_t i, int c)
{
	const char *name = reader_trim(r, i, c);
	int u = model_find_unit(r->m, name);
	if (u < 0) {
		/* The nearest name costs a scan of every unit: only for an error that is printed. */
		int best = diag_muted() ? -1 : model_suggest(r->m, name);
		if (!name[0])
			diag_error(r->path, LINE(r, i, c), COL(r, c), "单位名称为空");
		else if (best >= 0)
			diag_error(r->path, LINE(r, i, c), COL(r, c), "units.csv 中没有单位“%s”；是否应为“%s”？",
				name, r->m->units[best].name);
		else
			diag_error(r->path, LINE(r, i, c), COL(r, c), "units.csv 中没有单位“%s”", name);
	}
	return u;
}

/* Parses a decimal cell in [0, max]; reports what was expected. The bounds keep every sum and
 * product of the scoring far inside int64. */
static int dec_at(reader *r, size_t i, int c, int maxdp, bool pct, const char *what, dec max, dec *out)
{
	const char *s = CELL(r, i, c);
	int rc = dec_parse(s, maxdp, pct, out);
	char b[32];
	if (rc == DEC_TOO_PRECISE)
		diag_error(r->path, LINE(r, i, c), COL(r, c), "%s最多%d位小数，实际是“%s”", what, maxdp, s);
	else if (rc == DEC_RANGE || (rc == DEC_OK && *out > max))
		diag_error(r->path, LINE(r, i, c), COL(r, c), "%s不能超过%s，实际是“%s”", what, dec_fmt_short(max, b), s);
	else if (rc || *out < 0)
		diag_error(r->path, LINE(r, i, c), COL(r, c), "%s应为非负数，实际是“%s”", what, s[0] ? s : "（空）");
	else
		return 0;
	return -1;
}

/* Whether cp cannot be seen or reorders text: C0/C1 controls, DEL, bidi controls,
 * zero-width characters, the BOM.  In a unit name they make two names look alike or a
 * file name look like another. */
static int invisible(int32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF;
}

/* What is wrong with a unit name (Chinese, caller frees), or NULL: every document, file
 * name and CSV prints it, so it may not begin like a spreadsheet formula, hold characters
 * that cannot be seen, or hold one the documents cannot print. */
static char *name_problem(const char *name, const printable_fonts *fonts)
{
	if (strchr("=+-@", name[0]))
		return xasprintf("单位名称不能以“%c”开头（表格软件会把它当作公式）：“%s”", name[0], name);
	for (const char *q = name, *e = name + strlen(name); q < e;) {
		int32_t cp = utf8_next(&q, e);
		char ch[8] = {0};
		if (cp >= 0) utf8_put(ch, cp);
		if (cp < 0) return xstrdup("单位名称不是有效的 UTF-8");
		if (invisible(cp)) return xasprintf("单位名称中有看不见的控制字符 U+%04X（会让名称看起来像另一个）", (unsigned)cp);
	}
	char *why = printable_problem(name, fonts, NULL);
	if (why) {
		char *msg = xasprintf("单位名称中%s", why);
		free(why);
		return msg;
	}
	return NULL;
}

/* units.csv: names, kinds and places; names unique. */
static void load_units(model *m)
{
	static const csv_column cols[] = { { "名称", "name", true }, { "类型", "type", true }, { "位置", "location", false } };
	static const struct { const char *zh, *en; unit_type t; } types[] = {
		{ "单设窗口", "single", UNIT_SINGLE }, { "综合窗口", "comprehensive", UNIT_COMPREHENSIVE },
		{ "分中心", "subcenter", UNIT_SUBCENTER },
	};
	reader r;
	if (reader_open(&r, m, FILE_UNITS, cols, 3, true) <= 0) { reader_close(&r); return; }
	size_t cap = 0;
	for (size_t i = 1; i < r.t.nrows; i++) {
		char *name = trim_spaces(CELL(&r, i, 0));
		const char *type = reader_trim(&r, i, 1);
		int t = -1;
		for (int k = 0; k < 3; k++)
			if (!strcmp(type, types[k].zh) || !strcasecmp(type, types[k].en)) t = (int)types[k].t;
		int dup = model_find_unit(m, name);
		if (!name[0])
			diag_error(r.path, LINE(&r, i, 0), COL(&r, 0), "单位名称为空");
		else if (dup >= 0)
			diag_error(r.path, LINE(&r, i, 0), COL(&r, 0), "单位“%s”重复（第%d行已有）", name, m->units[dup].line);
		if (t < 0)
			diag_error(r.path, LINE(&r, i, 1), COL(&r, 1), "类型应为 单设窗口、综合窗口 或 分中心，实际是“%s”",
				type[0] ? type : "（空）");
		char *why = name_problem(name, m->fonts);
		if (why) {
			diag_error(r.path, LINE(&r, i, 0), COL(&r, 0), "%s", why);
			free(why);
		}
		if (!name[0] || dup >= 0) { free(name); continue; }
		GROW(m->units, m->nunits, cap);
		unit *u = &m->units[m->nunits++];
		memset(u, 0, sizeof *u);
		u->name = name;
		/* A unit with a bad type is still a known name, so other files' rows for it raise no
		 * second error; checks that depend on its kind are skipped. */
		u->type = t < 0 ? UNIT_SINGLE : (unit_type)t;
		u->type_unknown = t < 0;
		u->location = trim_spaces(CELL(&r, i, 2));
		unprintable(&r, i, 2);
		u->line = r.t.rows[i].line;
		index_unit(m, m->nunits - 1);
	}
	if (m->nunits == 0 && diag_errors() == 0)
		diag_error(r.path, 1, 1, "units.csv 中没有任何单位");
	SHRINK(m->units, m->nunits);
	reader_close(&r);
}

/* Parses an item code "N.M" or "N.Mx"; returns its category number N or -1. */
static int code_category(const char *code)
{
	int n = 0, i = 0;
	while (code[i] >= '0' && code[i] <= '9') n = n * 10 + (code[i++] - '0');
	if (i == 0 || code[i++] != '.' || !(code[i] >= '0' && code[i] <= '9')) return -1;
	while (code[i] >= '0' && code[i] <= '9') i++;
	while ((code[i] >= 'a' && code[i] <= 'z') || (code[i] >= 'A' && code[i] <= 'Z')) i++;
	return code[i] ? -1 : n;
}

/* items.csv (or the built-in catalog): codes, categories, points, ranges. */
static void load_items(model *m)
{
	static const csv_column cols[] = {
		{ "编号", "code", true }, { "类别", "category", true }, { "内容", "text", true },
		{ "扣分", "points", true }, { "最低", "min", false }, { "最高", "max", false },
	};
	reader r;
	int rc = reader_open(&r, m, FILE_ITEMS, cols, 6, false);
	if (rc == 0) {
		/* Absent: the built-in catalog, parsed the same way so it obeys the same rules. */
		const char *raw = model_builtin_catalog();
		size_t len;
		m->builtin_catalog = true;
		free((char *)r.path);
		r.path = xstrdup("(内置2022年扣分项目录)");
		char *text = text_decode(r.path, raw, strlen(raw), &len, &r.t.enc);
		rc = text && csv_parse_text(r.path, text, len, &r.t) == 0 && csv_map_header(&r.t, cols, 6, r.col) == 0 ? 1 : -1;
		free(text);
	}
	if (rc < 0) { reader_close(&r); return; }
	size_t cap = 0;
	for (size_t i = 1; i < r.t.nrows; i++) {
		char *code = trim_spaces(CELL(&r, i, 0));
		const char *cat = reader_trim(&r, i, 1);
		int c = -1, bad = 0, n = code_category(code);
		for (int k = 0; k < CATEGORY_COUNT; k++)
			if (!strcmp(cat, category_name[k]) || !strcasecmp(cat, category_alias[k])) c = k;
		if (n < 0) {
			diag_error(r.path, LINE(&r, i, 0), COL(&r, 0), "编号应形如 1.2 或 1.2a（类别号.条目号[字母]），实际是“%s”", code);
			bad = 1;
		}
		for (int k = 0; k < m->nitems && !bad; k++)
			if (!strcmp(m->items[k].code, code)) {
				diag_error(r.path, LINE(&r, i, 0), COL(&r, 0), "编号“%s”重复（第%d行已有）", code, m->items[k].line);
				bad = 1;
			}
		if (c < 0) {
			diag_error(r.path, LINE(&r, i, 1), COL(&r, 1), "类别应为 工作纪律、工作规范、办件管理 或 其他，实际是“%s”", cat);
			bad = 1;
		} else if (n > 0 && n != c + 1) {
			diag_error(r.path, LINE(&r, i, 0), COL(&r, 0), "编号“%s”的类别号是%d，但类别是“%s”（应为%d）", code, n, cat, c + 1);
			bad = 1;
		}
		item it = { .code = code, .category = c, .line = r.t.rows[i].line };
		bad |= dec_at(&r, i, 3, 2, false, "扣分", DEC(100), &it.points);
		const char *lo = CELL(&r, i, 4), *hi = CELL(&r, i, 5);
		if (lo[0] || hi[0]) {
			it.has_range = true;
			if (dec_at(&r, i, 4, 2, false, "最低", DEC(100), &it.min) | dec_at(&r, i, 5, 2, false, "最高", DEC(100), &it.max)) bad = 1;
			else if (it.min > it.max || it.points < it.min || it.points > it.max) {
				char a[32], b[32], p[32];
				diag_error(r.path, LINE(&r, i, 3), COL(&r, 3), "扣分范围不成立：应有 最低 ≤ 扣分 ≤ 最高，实际是 %s、%s、%s",
					dec_fmt_short(it.min, a), dec_fmt_short(it.points, p), dec_fmt_short(it.max, b));
				bad = 1;
			}
		}
		if (bad) { free(code); continue; }
		it.text = trim_spaces(CELL(&r, i, 2));
		unprintable(&r, i, 2);
		GROW(m->items, m->nitems, cap);
		m->items[m->nitems++] = it;
	}
	reader_close(&r);
}

/* Parses "2022-03", "2022-3", "2022/3", "2022.03", "2022年3月" (and Excel's "2022/3/1"). */
int parse_month(const char *s, int *year, int *month)
{
	int y, mo, d, n = 0;
	/* The form every row of a province's deductions has (2022-03), read without the
	 * sscanf chain below, which it would reach with the same result. */
	if (s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9' && s[3] >= '0' &&
	    s[3] <= '9' && s[4] == '-' && s[5] >= '0' && s[5] <= '9' &&
	    (!s[6] || (s[6] >= '0' && s[6] <= '9' && !s[7]))) {
		y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		mo = s[6] ? (s[5] - '0') * 10 + (s[6] - '0') : s[5] - '0';
		if (y < 1900 || mo < 1 || mo > 12) return -1;
		*year = y;
		*month = mo;
		return 0;
	}
	/* 2022.3 is refused: a spreadsheet stores 2022.10 as the number 2022.1, so the form
	 * cannot tell October from January (parse_month returns -2 with both readings). */
	if (sscanf(s, "%4d.%d%n", &y, &mo, &n) == 2 && !s[n] && strchr(s, '.') == s + 4) {
		*year = y;
		*month = mo;
		return -2;
	}
	if ((sscanf(s, "%4d年%d月%n", &y, &mo, &n) == 2 && !s[n]) ||
	    (sscanf(s, "%4d-%d%n", &y, &mo, &n) == 2 && !s[n]) ||
	    (sscanf(s, "%4d/%d%n", &y, &mo, &n) == 2 && !s[n]) ||
	    (sscanf(s, "%4d/%d/%d%n", &y, &mo, &d, &n) == 3 && !s[n] && d == 1) ||
	    (sscanf(s, "%4d-%d-%d%n", &y, &mo, &d, &n) == 3 && !s[n] && d == 1)) {
		if (y < 1900 || mo < 1 || mo > 12) return -1;
		*year = y;
		*month = mo;
		return 0;
	}
	return -1;
}

/* The items by code (open addressing, -1 empty, under half full): a province's 70,000
 * deductions each compared their code with two dozen items (3 % of `check`). */
typedef struct {
	int *slot;
	size_t cap;
} item_index;

/* Indexes m's items (the first of a repeated code wins, as a scan from the start did). */
static void item_index_build(item_index *x, const model *m)
{
	x->cap = 16;
	while (x->cap < 2 * (size_t)m->nitems) x->cap *= 2;
	x->slot = xmalloc(x->cap * sizeof *x->slot);
	for (size_t k = 0; k < x->cap; k++) x->slot[k] = -1;
	for (int i = 0; i < m->nitems; i++) {
		size_t k = name_hash(m->items[i].code) & (x->cap - 1);
		for (; x->slot[k] >= 0; k = (k + 1) & (x->cap - 1))
			if (!strcmp(m->items[x->slot[k]].code, m->items[i].code)) break;
		if (x->slot[k] < 0) x->slot[k] = i;
	}
}

/* The item whose code is code, or -1. */
static int find_item(const model *m, const item_index *x, const char *code)
{
	for (size_t k = name_hash(code) & (x->cap - 1); x->slot[k] >= 0; k = (k + 1) & (x->cap - 1))
		if (!strcmp(m->items[x->slot[k]].code, code)) return x->slot[k];
	return -1;
}

/* deductions.csv: each row one or more occurrences of an item at a window in a month. */
static void load_deductions(model *m)
{
	static const csv_column cols[] = {
		{ "月份", "month", true }, { "单位", "unit", true }, { "扣分项", "item", true },
		{ "次数", "count", false }, { "扣分", "points", false }, { "日期", "date", false },
		{ "说明", "note", false },
	};
	reader r;
	if (reader_open(&r, m, FILE_DEDUCTIONS, cols, 7, true) <= 0) { reader_close(&r); return; }
	/* The assessment year: method.ini's, else the most frequent year of the rows. */
	int year = m->set.year;
	if (!year) {
		int years[64] = {0}, base = 0, best = 0;
		for (size_t i = 1; i < r.t.nrows; i++) {
			int y, mo;
			if (!parse_month(reader_trim(&r, i, 0), &y, &mo)) {
				if (!base) base = y - 32;
				if (y - base >= 0 && y - base < 64) years[y - base]++;
			}
		}
		for (int k = 0; k < 64; k++)
			if (years[k] > best) { best = years[k]; year = base + k; }
	}
	m->year = year;
	if (!year) {
		diag_error(r.path, 1, 1, "无法确定考核年度：本文件没有可读的月份；请在 method.ini 中写明，如 year = 2022");
		reader_close(&r);
		return;
	}
	size_t cap = 0;
	item_index items;
	item_index_build(&items, m);
	for (size_t i = 1; i < r.t.nrows; i++) {
		deduction d = { .line = r.t.rows[i].line, .count = 1, .unit = -1, .item = -1 };
		int bad = 0, y, mo;
		const char *month = reader_trim(&r, i, 0);
		int pm = parse_month(month, &y, &mo);
		if (pm == -2) {
			const char *digits = strchr(month, '.') + 1;
			if (strlen(digits) == 1 && digits[0] == '1')
				diag_error(r.path, LINE(&r, i, 0), COL(&r, 0),
					"月份“%s”既可能是%d年1月，也可能是表格软件把“%d.10”（10月）存成的数；请写成 %d-01 或 %d-10",
					month, y, y, y, y);
			else
				diag_error(r.path, LINE(&r, i, 0), COL(&r, 0),
					"月份不能写成“%s”：表格软件会把“%d.10”存成 %d.1，分不清1月和10月；请写成 %d-%02d 或 %d年%d月",
					month, y, y, y, mo, y, mo);
			bad = 1;
		} else if (pm) {
			diag_error(r.path, LINE(&r, i, 0), COL(&r, 0), "月份应写成 %d-03 或 %d年3月，实际是“%s”",
				year ? year : 2022, year ? year : 2022, month[0] ? month : "（空）");
			bad = 1;
		} else if (y != year) {
			diag_error(r.path, LINE(&r, i, 0), COL(&r, 0), "月份“%s”不在考核年度%d年内", month, year);
			bad = 1;
		} else if (mo > m->set.months) {
			diag_error(r.path, LINE(&r, i, 0), COL(&r, 0), "月份“%s”超出考核月数（%d个月）", month, m->set.months);
			bad = 1;
		} else
			d.month = mo;
		d.unit = reader_unit(&r, i, 1);
		if (d.unit < 0) bad = 1;
		else if (!m->units[d.unit].type_unknown && !unit_is_window(&m->units[d.unit])) {
			diag_error(r.path, LINE(&r, i, 1), COL(&r, 1), "“%s”是分中心：月度扣分只适用于窗口（分中心按季度考核，见 quarters.csv）",
				m->units[d.unit].name);
			bad = 1;
		}
		const char *code = reader_trim(&r, i, 2);
		d.item = find_item(m, &items, code);
		if (d.item < 0) {
			diag_error(r.path, LINE(&r, i, 2), COL(&r, 2), "扣分项目录中没有编号“%s”%s", code,
				code[0] ? "" : "（扣分项为空）");
			bad = 1;
		}
		const char *count = reader_trim(&r, i, 3);
		int64_t n;
		if (count[0] && (int_parse(count, &n) || n < 1 || n > 10000)) {
			diag_error(r.path, LINE(&r, i, 3), COL(&r, 3), "次数应为正整数，实际是“%s”", count);
			bad = 1;
		} else if (count[0])
			d.count = (int)n;
		const char *pts = reader_trim(&r, i, 4);
		if (d.item >= 0) {
			const item *it = &m->items[d.item];
			d.points = it->points;
			char a[32], b[32];
			if (pts[0]) {
				int rc = dec_parse(pts, 4, false, &d.points);
				if (rc == DEC_TOO_PRECISE) {
					diag_error(r.path, LINE(&r, i, 4), COL(&r, 4), "扣分最多四位小数，实际是“%s”", pts);
					bad = 1;
				} else if (rc || d.points <= 0) {
					diag_error(r.path, LINE(&r, i, 4), COL(&r, 4), "扣分应为正数（每次扣分），实际是“%s”", pts);
					bad = 1;
				} else if (it->has_range && (d.points < it->min || d.points > it->max)) {
					diag_error(r.path, LINE(&r, i, 4), COL(&r, 4), "扣分项 %s 每次扣 %s–%s 分，实际填了“%s”",
						it->code, dec_fmt_short(it->min, a), dec_fmt_short(it->max, b), pts);
					bad = 1;
				} else if (!it->has_range && d.points != it->points) {
					diag_error(r.path, LINE(&r, i, 4), COL(&r, 4), "扣分项 %s 每次扣 %s 分（没有酌情范围），实际填了“%s”",
						it->code, dec_fmt_short(it->points, a), pts);
					bad = 1;
				}
			}
		}
		char *date = trim_spaces(CELL(&r, i, 5));
		if (date[0]) {
			int dy, dm, dd;
			int pd = date_parse(date, &dy, &dm, &dd);
			if (pd == -2) {
				diag_error(r.path, LINE(&r, i, 5), COL(&r, 5), "没有这一天：%d年%d月只有%d天，实际是“%s”", dy, dm,
					date_month_days(dy, dm), date);
				bad = 1;
			} else if (pd) {
				diag_error(r.path, LINE(&r, i, 5), COL(&r, 5), "日期应写成 2022-03-05，实际是“%s”", date);
				bad = 1;
			} else if (d.month && (dy != year || dm != d.month)) {
				diag_error(r.path, LINE(&r, i, 5), COL(&r, 5), "日期“%s”不在本行的月份（%d年%d月）内", date, year, d.month);
				bad = 1;
			} else {
				/* 2022/3/5, 2022年3月5日 are kept as 2022-03-05 (without printf: 70,000 rows). */
				char iso[11] = { (char)('0' + dy / 1000), (char)('0' + dy / 100 % 10), (char)('0' + dy / 10 % 10),
				                 (char)('0' + dy % 10), '-', (char)('0' + dm / 10), (char)('0' + dm % 10), '-',
				                 (char)('0' + dd / 10), (char)('0' + dd % 10), 0 };
				if (strcmp(date, iso)) { free(date); date = xstrdup(iso); }
			}
		}
		if (bad) { free(date); continue; }
		d.date = date;
		d.note = trim_spaces(CELL(&r, i, 6));
		unprintable(&r, i, 6);
		GROW(m->deductions, m->ndeductions, cap);
		m->deductions[m->ndeductions++] = d;
	}
	SHRINK(m->deductions, m->ndeductions);
	free(items.slot);
	reader_close(&r);
}

/* quarters.csv: the 4 quarterly scores of each 分中心 (附件2, given as input). */
static void load_quarters(model *m, bool required)
{
	static const csv_column cols[] = { { "单位", "unit", true }, { "季度", "quarter", true }, { "得分", "score", true } };
	reader r;
	if (reader_open(&r, m, FILE_QUARTERS, cols, 3, required) <= 0) { reader_close(&r); return; }
	for (size_t i = 1; i < r.t.nrows; i++) {
		int u = reader_unit(&r, i, 0), q = 0;
		const char *qs = reader_trim(&r, i, 1);
		static const char *const digit[] = { "1", "2", "3", "4" }, *const zh[] = { "一", "二", "三", "四" },
			*const nth[] = { "第一季度", "第二季度", "第三季度", "第四季度" }, *const en[] = { "Q1", "Q2", "Q3", "Q4" };
		for (int k = 0; k < 4; k++)
			if (!strcmp(qs, digit[k]) || !strcmp(qs, nth[k]) || !strcasecmp(qs, en[k]) || !strcmp(qs, zh[k])) q = k + 1;
		if (!q)
			diag_error(r.path, LINE(&r, i, 1), COL(&r, 1), "季度应为 1、2、3 或 4，实际是“%s”", qs[0] ? qs : "（空）");
		dec score;
		int bad = dec_at(&r, i, 2, 2, false, "季度得分", DEC(100), &score);
		if (u < 0 || !q) continue;
		unit *un = &m->units[u];
		if (un->type_unknown) continue;
		if (unit_is_window(un))
			diag_error(r.path, LINE(&r, i, 0), COL(&r, 0), "“%s”是%s：季度考核只适用于分中心", un->name, unit_type_name(un->type));
		else if (un->has_quarter[q - 1])
			diag_error(r.path, LINE(&r, i, 1), COL(&r, 1), "“%s”第%d季度的得分重复", un->name, q);
		else {
			/* A row whose unit and quarter are readable is present even when its score is not. */
			un->quarter[q - 1] = bad ? 0 : score;
			un->has_quarter[q - 1] = true;
		}
	}
	reader_close(&r);
}

/* discipline.csv: the commission's scores; repeated rows for a unit are summed. */
static void load_discipline(model *m)
{
	static const csv_column cols[] = { { "单位", "unit", true }, { "得分", "score", true } };
	reader r;
	if (reader_open(&r, m, FILE_DISCIPLINE, cols, 2, true) <= 0) { reader_close(&r); return; }
	for (size_t i = 1; i < r.t.nrows; i++) {
		int u = reader_unit(&r, i, 0);
		dec v;
		int bad = dec_at(&r, i, 1, 4, false, "纪委监委评价得分", DEC(1000), &v);
		if (u < 0) continue;
		m->units[u].discipline += bad ? 0 : v;
		m->units[u].has_discipline = true;
		if (!bad) model_keep_row(&m->units[u].discipline_rows, &m->units[u].ndiscipline_rows, r.t.rows[i].line, v, NULL);
	}
	reader_close(&r);
}

/* third_party.csv: one satisfaction value per window; "98.5%" and "98.5" may not be mixed. */
static void load_third_party(model *m, bool required)
{
	static const csv_column cols[] = { { "单位", "unit", true }, { "满意度", "value", true } };
	reader r;
	if (reader_open(&r, m, FILE_THIRD_PARTY, cols, 2, required) <= 0) { reader_close(&r); return; }
	int pct_line = 0, plain_line = 0, warned_mix = 0;
	for (size_t i = 1; i < r.t.nrows; i++) {
		int u = reader_unit(&r, i, 0);
		dec v = 0;
		/* "98.40%" is read as 98.40: the value is only ranked, and a clerk mixing the two forms
		 * means one scale; the mix is still worth a warning. */
		char *s = trim_spaces(CELL(&r, i, 1));
		size_t n = strlen(s);
		bool pct = n && s[n - 1] == '%';
		if (pct) s[n - 1] = 0;
		int rc = dec_parse(s, 4, false, &v);
		free(s);
		if (rc || v < 0 || v > DEC(1000000)) {
			diag_error(r.path, LINE(&r, i, 1), COL(&r, 1), "第三方满意度应为 0–1000000 之间的数（如 98.62 或 98.62%%，最多4位小数），实际是“%s”",
				CELL(&r, i, 1)[0] ? CELL(&r, i, 1) : "（空）");
			v = 0;
		}
		int *mine = pct ? &pct_line : &plain_line, other = pct ? plain_line : pct_line;
		if (!*mine) *mine = LINE(&r, i, 1);
		if (other && !warned_mix++)
			diag_warn(r.path, LINE(&r, i, 1), COL(&r, 1),
				"满意度有的带百分号、有的不带（另见第%d行）；都按所写数字比较，“98.40%%”即98.40", other);
		if (u < 0 || m->units[u].type_unknown) continue;
		unit *un = &m->units[u];
		if (!unit_is_window(un))
			diag_error(r.path, LINE(&r, i, 0), COL(&r, 0), "“%s”是分中心：第三方满意度评价只适用于窗口", un->name);
		else if (un->has_third_party)
			diag_error(r.path, LINE(&r, i, 0), COL(&r, 0), "“%s”的第三方满意度重复（每个窗口一行）", un->name);
		else {
			un->third_party = v;
			un->has_third_party = true;
		}
	}
	reader_close(&r);
}

/* votes.csv: the two voter groups' counts per unit, summed; then the 30% rule per pool and group. */
static void load_votes(model *m)
{
	static const csv_column cols[] = {
		{ "评价主体", "group", true }, { "单位", "unit", true }, { "非常满意", "very_satisfied", true },
		{ "满意", "satisfied", true }, { "一般", "fair", true }, { "不满意", "unsatisfied", true },
	};
	reader r;
	if (reader_open(&r, m, FILE_VOTES, cols, 6, true) <= 0) { reader_close(&r); return; }
	int64_t pool[2][GROUP_COUNT][VOTE_KINDS] = {{{0}}};
	for (size_t i = 1; i < r.t.nrows; i++) {
		const char *gs = reader_trim(&r, i, 0);
		int g = model_parse_group(gs), bad = 0;
		if (g < 0) {
			diag_error(r.path, LINE(&r, i, 0), COL(&r, 0), "评价主体应为“行风监督员”或“领导班子及科室负责人”，实际是“%s”", gs);
			bad = 1;
		}
		int u = reader_unit(&r, i, 1);
		int64_t v[VOTE_KINDS];
		for (int k = 0; k < VOTE_KINDS; k++) {
			const char *s = reader_trim(&r, i, 2 + k);
			v[k] = 0;
			if (s[0] && (int_parse(s, &v[k]) || v[k] > 1000000)) {
				diag_error(r.path, LINE(&r, i, 2 + k), COL(&r, 2 + k), "%s票数应为 0–1000000 之间的整数，实际是“%s”", cols[2 + k].zh, s);
				bad = 1;
			}
		}
		if (g < 0 || u < 0) continue;
		unit *un = &m->units[u];
		/* Readable unit and group: the row is present even if a count is not (reported above). */
		un->has_votes[g] = true;
		un->votes_line[g] = r.t.rows[i].line;
		if (bad) { un->votes_bad[g] = true; continue; }
		for (int k = 0; k < VOTE_KINDS; k++) {
			un->votes[g][k] += v[k];
			if (!un->type_unknown) pool[unit_is_window(un) ? 0 : 1][g][k] += v[k];
		}
		model_keep_row(&un->vote_rows[g], &un->nvote_rows[g], r.t.rows[i].line, 0, v);
	}
	for (int p = 0; p < 2; p++)
		for (int g = 0; g < GROUP_COUNT; g++) {
			int64_t total = 0, very = pool[p][g][VOTE_VERY];
			for (int k = 0; k < VOTE_KINDS; k++) total += pool[p][g][k];
			if (very * DEC_ONE > m->set.very_satisfied_limit * total) {
				char lim[32];
				diag_error(r.path, 1, COL(&r, 2),
					"%s对%s的非常满意票共 %lld 张，占总票数 %lld 张的比例超过 %s（最多 %lld 张）",
					group_name[g], p ? "分中心" : "窗口", (long long)very, (long long)total,
					dec_fmt_pct(m->set.very_satisfied_limit, lim),
					(long long)(m->set.very_satisfied_limit * total / DEC_ONE));
			}
		}
	reader_close(&r);
}

/* The votes: counted in votes.csv, or tallied from ballots.csv; a folder may not hold both. */
static void load_tallies(model *m)
{
	char *ballots = path_join(m->dir, "ballots.csv"), *votes = path_join(m->dir, "votes.csv");
	struct stat st;
	if (stat(ballots, &st) != 0) load_votes(m);
	else if (stat(votes, &st) == 0) {
		diag_error(ballots, 1, 1, "数据文件夹中同时有 ballots.csv 和 votes.csv：只能有其中一个（ballots.csv 是一张张选票，"
			"由 kaoji 统计票数；votes.csv 是已统计好的票数），请移走不用的那个");
		m->ballots.used = true;
		m->files[FILE_BALLOTS].failed = true;
	} else
		model_load_ballots(m);
	free(ballots);
	free(votes);
}

/* penalties.csv: optional deductions from the final score (组织实施), and 取消评先. */
static void load_penalties(model *m)
{
	static const csv_column cols[] = {
		{ "单位", "unit", true }, { "扣分", "points", true }, { "取消评先", "disqualify", false }, { "原因", "reason", false },
	};
	reader r;
	if (reader_open(&r, m, FILE_PENALTIES, cols, 4, false) <= 0) { reader_close(&r); return; }
	for (size_t i = 1; i < r.t.nrows; i++) {
		int u = reader_unit(&r, i, 0), bad = 0;
		dec v = 0;
		const char *ps = CELL(&r, i, 1);
		if (ps[0]) bad = dec_at(&r, i, 1, 2, false, "扣分", DEC(100), &v);
		const char *dq = reader_trim(&r, i, 2);
		bool dis = false;
		if (!strcmp(dq, "是") || !strcasecmp(dq, "yes") || !strcasecmp(dq, "true") || !strcmp(dq, "1")) dis = true;
		else if (dq[0] && strcmp(dq, "否") && strcasecmp(dq, "no") && strcasecmp(dq, "false") && strcmp(dq, "0")) {
			diag_error(r.path, LINE(&r, i, 2), COL(&r, 2), "取消评先应为“是”或“否”，实际是“%s”", dq);
			bad = 1;
		}
		if (bad || u < 0) continue;
		unit *un = &m->units[u];
		un->penalty += v;
		un->disqualified |= dis;
		const char *reason = reader_trim(&r, i, 3);
		unprintable(&r, i, 3);
		if (reason[0]) {
			char *joined = un->penalty_reason ? xasprintf("%s；%s", un->penalty_reason, reason) : xstrdup(reason);
			free(un->penalty_reason);
			un->penalty_reason = joined;
		}
	}
	reader_close(&r);
}

/* SPEC §7.2: every unit has every component that applies to it. */
static void check_complete(model *m)
{
	char *path = path_join(m->dir, "units.csv");
	/* The votes come from votes.csv or are tallied from ballots.csv (SPEC §7.14). */
	const ballot_tally *bt = &m->ballots;
	const char *from = bt->used ? "ballots.csv" : "votes.csv";
	char *votes = path_join(m->dir, from);
	bool failed = m->files[bt->used ? FILE_BALLOTS : FILE_VOTES].failed;
	for (int i = 0; i < m->nunits; i++) {
		unit *u = &m->units[i];
		if (u->type_unknown) continue;
		/* A file that could not be read has been reported once: no follow-on per unit. */
		if (!u->has_discipline && !m->files[FILE_DISCIPLINE].failed)
			diag_error(path, u->line, 1, "“%s”在 discipline.csv 中没有纪委监委评价得分", u->name);
		if (unit_is_window(u) && !u->has_third_party && !m->files[FILE_THIRD_PARTY].failed)
			diag_error(path, u->line, 1, "窗口“%s”在 third_party.csv 中没有第三方满意度", u->name);
		for (int g = 0; g < GROUP_COUNT && !failed; g++) {
			int64_t total = 0;
			for (int k = 0; k < VOTE_KINDS; k++) total += u->votes[g][k];
			if (!u->has_votes[g])
				diag_error(path, u->line, 1, "“%s”在 %s 中没有%s的评价票", u->name, from, group_name[g]);
			else if (total == 0 && !u->votes_bad[g])
				diag_error(votes, u->votes_line[g], bt->used ? bt->rating_col : 3, "“%s”的%s有效票数为0%s，无法计算评价得分",
					u->name, group_name[g], bt->used ? "（评价它的选票都已作废或为空白）" : "");
		}
		if (!unit_is_window(u) && !m->files[FILE_QUARTERS].failed)
			for (int q = 0; q < 4; q++)
				if (!u->has_quarter[q])
					diag_error(path, u->line, 1, "分中心“%s”在 quarters.csv 中缺少第%d季度得分", u->name, q + 1);
	}
	free(path);
	free(votes);
}

int model_load(model *m, const char *dir, char *const *sets, int nsets, const printable_fonts *fonts)
{
	struct stat st;
	memset(m, 0, sizeof *m);
	m->dir = xstrdup(dir);
	m->fonts = fonts;
	settings_default(&m->set);
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		diag_error(dir, 0, 0, "找不到数据文件夹：%s", sys_error(errno ? errno : ENOTDIR));
		return EXIT_NOINPUT;
	}
	char *ini = path_join(dir, "method.ini");
	settings_load(&m->set, ini, fonts);
	free(ini);
	for (int i = 0; i < nsets; i++) settings_override(&m->set, sets[i], fonts);
	load_units(m);
	if (m->nunits == 0) return EXIT_DATAERR;
	bool windows = false, subcenters = false;
	for (int i = 0; i < m->nunits; i++)
		if (unit_is_window(&m->units[i])) windows = true; else subcenters = true;
	load_items(m);
	load_deductions(m);
	load_quarters(m, subcenters);
	load_discipline(m);
	load_third_party(m, windows);
	load_tallies(m);
	load_penalties(m);
	check_complete(m);
	model_check_placeholders(m);
	model_bucket_rows(m);
	diag_finish();
	return diag_errors() ? EXIT_DATAERR : EXIT_OK;
}

void model_free(model *m)
{
	for (int i = 0; i < m->nunits; i++) {
		free(m->units[i].name);
		free(m->units[i].location);
		free(m->units[i].penalty_reason);
		model_free_rows(&m->units[i]);
	}
	for (int i = 0; i < m->nitems; i++) { free(m->items[i].code); free(m->items[i].text); }
	for (int i = 0; i < m->ndeductions; i++) { free(m->deductions[i].date); free(m->deductions[i].note); }
	for (int i = 0; i < m->ballots.nvoids; i++) { free(m->ballots.voids[i].number); free(m->ballots.voids[i].reason); }
	free(m->ballots.voids);
	free(m->units);
	free(m->unit_index);
	free(m->items);
	free(m->deductions);
	free(m->row_order);
	free(m->row_start);
	free(m->dir);
	settings_free(&m->set);
	memset(m, 0, sizeof *m);
}
