/* csv.c — libcsv underneath; we feed it one physical line at a time so every field knows its line. */
#include "read/csv.h"

#include <csv.h>
#include <string.h>
#include <strings.h>

#include "base/diag.h"
#include "base/util.h"

typedef struct {
	csv_table *t;
	size_t cap;
	csv_row cur;
	size_t curcap;
	int line;            /* physical line being fed */
	int field_line;      /* line where the pending field started */
} parse_state;

/* n bytes from the table's arena: a province's CSVs have a million cells, and one
 * allocation each was a third of reading them. */
static void *arena_take(csv_table *t, size_t n)
{
	n = (n + 7) & ~(size_t)7;
	if (n > t->arena_left) {
		size_t size = n > 60000 ? n : 60000;
		GROW(t->chunks, t->nchunks, t->chunks_cap);
		t->chunks[t->nchunks++] = t->arena = xmalloc(size);
		t->arena_left = size;
	}
	void *p = t->arena;
	t->arena += n;
	t->arena_left -= n;
	return p;
}

/* libcsv callback: one field ended. */
static void on_field(void *s, size_t n, void *data)
{
	parse_state *ps = data;
	GROW(ps->cur.cells, ps->cur.ncells, ps->curcap);
	csv_cell *c = &ps->cur.cells[ps->cur.ncells++];
	if (!s) n = 0;
	c->text = arena_take(ps->t, n + 1);
	if (n) memcpy(c->text, s, n);
	c->text[n] = 0;
	c->line = ps->field_line;
	if (ps->cur.ncells == 1) ps->cur.line = ps->field_line;
	ps->field_line = ps->line;
}

/* libcsv callback: one record ended. Rows of nothing but empty cells (Excel's ",,,") are dropped. */
static void on_row(int c, void *data)
{
	(void)c;
	parse_state *ps = data;
	bool empty = true;
	for (int i = 0; i < ps->cur.ncells; i++)
		if (ps->cur.cells[i].text[0]) { empty = false; break; }
	if (!empty) {
		/* The row keeps an exact copy of its cells; the scratch row is reused. */
		csv_row row = ps->cur;
		row.cells = arena_take(ps->t, (size_t)row.ncells * sizeof *row.cells);
		memcpy(row.cells, ps->cur.cells, (size_t)row.ncells * sizeof *row.cells);
		GROW(ps->t->rows, ps->t->nrows, ps->cap);
		ps->t->rows[ps->t->nrows++] = row;
	}
	ps->cur.ncells = 0;
	ps->field_line = ps->line + 1;
}

/* libcsv's blanks: trimmed around an unquoted field. */
static int csv_blank(char c) { return c == ' ' || c == '\t'; }

/* Whether lines without a quote are split here (tests compare both ways). */
static bool fast_lines = true;

void csv_fast_lines(bool on) { fast_lines = on; }

/* Splits one physical line of n bytes (its line end cut off) that starts a record and has
 * no quote, as libcsv would: fields at every comma, blanks trimmed around each, a line of
 * blanks no record.  libcsv takes every byte through its state machine with a callback
 * check per byte, and was two fifths of a province's `check`; a line with a quote (and
 * whatever record it opens) still goes to libcsv. */
static void split_line(const char *s, size_t n, parse_state *ps)
{
	const char *end = s + n;
	ps->t->split_lines++;
	while (s < end && csv_blank(*s)) s++;
	if (s == end) return;
	for (;;) {
		const char *comma = memchr(s, ',', (size_t)(end - s)), *e = comma ? comma : end;
		while (s < e && csv_blank(*s)) s++;
		const char *f = e;
		while (f > s && csv_blank(f[-1])) f--;
		on_field((void *)s, (size_t)(f - s), ps);
		if (!comma) break;
		s = comma + 1;
	}
	on_row('\n', ps);
}

int csv_parse_text(const char *path, const char *text, size_t len, csv_table *t)
{
	struct csv_parser p;
	parse_state ps = { .t = t, .line = 1, .field_line = 1 };
	if (!t->path) t->path = xstrdup(path);
	csv_init(&p, CSV_STRICT_FINI | CSV_APPEND_NULL);
	const char *s = text, *end = text + len;
	while (s < end) {
		/* A physical line ends at LF, or at a CR not followed by LF (CR-only files). */
		const char *nl = memchr(s, '\n', (size_t)(end - s)), *cr;
		if (!nl) nl = end;
		if ((cr = memchr(s, '\r', (size_t)(nl - s))) && (cr + 1 == end || cr[1] != '\n')) nl = cr;
		size_t n = nl < end ? (size_t)(nl - s) + 1 : (size_t)(end - s);
		size_t body = (size_t)(nl - s);                 /* the line without its end */
		if (body && nl < end && *nl == '\n' && s[body - 1] == '\r') body--;
		if (fast_lines && p.pstate == 0 && !memchr(s, '"', body)) split_line(s, body, &ps);
		else csv_parse(&p, s, n, on_field, on_row, &ps);
		/* Between records: the next field starts on the next line (skips blank lines). */
		if (p.pstate == 0) ps.field_line = ps.line + 1;
		s += n;
		ps.line++;
	}
	int col = ps.cur.ncells + 1, qline = ps.field_line;
	/* libcsv's state 2 is "inside a field": inside a quoted one at the end means the quote never
	 * closed. (CSV_STRICT_FINI says so only together with CSV_STRICT, which would also reject the
	 * stray quotes inside unquoted fields that a clerk typing in Notepad may well write.) */
	bool open_quote = p.pstate == 2 && p.quoted;
	if (csv_fini(&p, on_field, on_row, &ps) != 0 || open_quote) {
		diag_error(path, qline, col, "引号未闭合：从这里开始的带引号字段直到文件末尾都没有结束的引号（\"）");
		csv_free(&p);
		free(ps.cur.cells);
		return -1;
	}
	csv_free(&p);
	free(ps.cur.cells);
	return 0;
}

int csv_load(const char *path, csv_table *t)
{
	size_t len;
	memset(t, 0, sizeof *t);
	t->path = xstrdup(path);
	char *text = text_load(path, &len, &t->enc);
	if (!text) return -1;
	int rc = csv_parse_text(path, text, len, t);
	free(text);
	return rc;
}

void csv_free_table(csv_table *t)
{
	for (size_t i = 0; i < t->nchunks; i++) free(t->chunks[i]);
	free(t->chunks);
	free(t->rows);
	free(t->path);
	memset(t, 0, sizeof *t);
}

/* Header names compare after trimming spaces; English aliases ignore case. */
static bool header_is(const char *cell, const csv_column *c)
{
	char *h = trim_spaces(cell);
	bool eq = !strcmp(h, c->zh) || (c->en && !strcasecmp(h, c->en));
	free(h);
	return eq;
}

int csv_map_header(const csv_table *t, const csv_column *cols, int ncols, int *idx)
{
	int rc = 0;
	for (int i = 0; i < ncols; i++) idx[i] = -1;
	if (t->nrows == 0) {
		diag_error(t->path, 1, 1, "文件是空的：第一行应是表头");
		return -1;
	}
	const csv_row *h = &t->rows[0];
	for (int j = 0; j < h->ncells; j++) {
		int found = -1;
		for (int i = 0; i < ncols; i++)
			if (header_is(h->cells[j].text, &cols[i])) { found = i; break; }
		if (found < 0) {
			char *name = trim_spaces(h->cells[j].text);
			if (name[0])
				diag_warn(t->path, h->cells[j].line, j + 1, "未知的列“%s”，已忽略", name);
			free(name);
		} else if (idx[found] >= 0) {
			diag_error(t->path, h->cells[j].line, j + 1, "列“%s”重复出现（另见第%d列）",
				cols[found].zh, idx[found] + 1);
			rc = -1;
		} else
			idx[found] = j;
	}
	/* A value in a column without a header is a slip (often a decimal comma: “4,6”), not data to drop. */
	for (size_t r = 1; r < t->nrows; r++)
		for (int j = h->ncells; j < t->rows[r].ncells; j++)
			if (t->rows[r].cells[j].text[0]) {
				diag_error(t->path, t->rows[r].cells[j].line, j + 1,
					"这一列没有表头（表头只有%d列），值“%s”无法归属；小数点是否写成了逗号？", h->ncells,
					t->rows[r].cells[j].text);
				rc = -1;
				break;
			}
	for (int i = 0; i < ncols; i++)
		if (cols[i].required && idx[i] < 0) {
			diag_error(t->path, h->line, 1, "缺少必需的列“%s”（英文表头：%s）", cols[i].zh, cols[i].en);
			rc = -1;
		}
	return rc;
}

const char *csv_text(const csv_row *r, int idx)
{
	return idx >= 0 && idx < r->ncells ? r->cells[idx].text : "";
}

int csv_line(const csv_row *r, int idx)
{
	return idx >= 0 && idx < r->ncells ? r->cells[idx].line : r->line;
}
