/* template.c — a small mustache-like expander with exact line numbers, and the block reader.
 * A home-made syntax rather than Markdown (md4c): 公文 pieces (版头, 主送, 署名, 版记) are not
 * Markdown elements, and errors must name the template line, which md4c does not report. */
#include "doc/template.h"

#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "base/diag.h"
#include "base/util.h"
#include "read/text.h"

typedef struct entry {
	char *key, *text;               /* text value, or NULL for a list */
	char *missing;                  /* the setting a blank stands for (tpl_set_missing), or NULL */
	tpl_ctx **items;
	size_t nitems, cap;
	struct entry *next;
} entry;

struct tpl_ctx {
	entry *entries;
	const tpl_ctx *parent;
	int index;                      /* position in the parent's list, for @序号 / @最后 … */
	const struct entry *list;       /* … and that list, whose length is its count then */
};

tpl_ctx *tpl_new(void) { return xcalloc(1, sizeof(tpl_ctx)); }

/* Finds or creates key in c. */
static entry *slot(tpl_ctx *c, const char *key)
{
	for (entry *e = c->entries; e; e = e->next)
		if (!strcmp(e->key, key)) return e;
	entry *e = xcalloc(1, sizeof *e);
	e->key = xstrdup(key);
	e->next = c->entries;
	c->entries = e;
	return e;
}

void tpl_set(tpl_ctx *c, const char *key, const char *value)
{
	entry *e = slot(c, key);
	free(e->text);
	e->text = xstrdup(value ? value : "");
}

void tpl_setf(tpl_ctx *c, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	tpl_set(c, key, s);
	free(s);
}

void tpl_list(tpl_ctx *c, const char *list) { slot(c, list); }

void tpl_set_missing(tpl_ctx *c, const char *key, const char *blank, const char *setting)
{
	tpl_set(c, key, blank);
	entry *e = slot(c, key);
	free(e->missing);
	e->missing = xstrdup(setting);
}

tpl_ctx *tpl_child(const tpl_ctx *parent)
{
	tpl_ctx *c = tpl_new();
	c->parent = parent;
	return c;
}

tpl_ctx *tpl_push(tpl_ctx *c, const char *list)
{
	entry *e = slot(c, list);
	tpl_ctx *item = tpl_new();
	item->parent = c;
	GROW(e->items, e->nitems, e->cap);
	e->items[e->nitems++] = item;
	/* The count is read from the list when used: setting it in every item at each push
	 * made a province's lists of 10,000 units quadratic. */
	item->index = (int)e->nitems;
	item->list = e;
	return item;
}

void tpl_free(tpl_ctx *c)
{
	if (!c) return;
	for (entry *e = c->entries, *next; e; e = next) {
		next = e->next;
		for (size_t i = 0; i < e->nitems; i++) tpl_free(e->items[i]);
		free(e->items);
		free(e->key);
		free(e->text);
		free(e->missing);
		free(e);
	}
	free(c);
}

/* Looks key up in c and its parents; NULL when unknown. Built-ins: @序号, @最后. */
static const entry *lookup(const tpl_ctx *c, const char *key, char num[16])
{
	static _Thread_local entry builtin;      /* scorecards are expanded on several threads */
	if (!strcmp(key, "@序号") || !strcmp(key, "@最后")) {
		if (!c->parent) return NULL;
		int count = c->list ? (int)c->list->nitems : 0;
		snprintf(num, 16, "%d", !strcmp(key, "@序号") ? c->index : c->index == count);
		builtin.text = (!strcmp(key, "@最后") && c->index != count) ? "" : num;
		return &builtin;
	}
	for (; c; c = c->parent)
		for (const entry *e = c->entries; e; e = e->next)
			if (!strcmp(e->key, key)) return e;
	return NULL;
}

/* ---- Expansion ------------------------------------------------------------------------- */

typedef struct {
	const char *path, *src;
	strbuf out;
	int *lines;                     /* source line of each output line */
	size_t nlines, cap;
	const char **bol;               /* where each source line begins (line_at's index) */
	size_t nbol;
	int depth;                      /* blocks open around the expansion point */
	int errors;
	int full;                       /* the output reached TPL_MAX_OUTPUT: expansion stopped */
	size_t steps;                   /* tags and list items expanded, up to TPL_MAX_STEPS */
	char **missing;                 /* settings whose blanks were expanded */
	size_t nmissing, mcap;
} expander;

/* Guards a blank in the expanded text, so that trimming lines and arguments keeps it; the
 * guards are removed once the blocks are read. */
#define GUARD '\x1e'

/* Removes the guards from a block's text. */
static void unguard(char *s)
{
	char *w = s;
	for (; *s; s++) if (*s != GUARD) *w++ = *s;
	*w = 0;
}

/* Limits that keep a template's work bounded (a hostile or mistaken template must not run
 * for minutes or fill a disk): blocks nested deeper than TPL_MAX_DEPTH, or an expansion
 * longer than TPL_MAX_OUTPUT bytes (four nested {{#each 窗口}} would be 368 MB) or than
 * TPL_MAX_STEPS steps, are errors at the template line. */
#define TPL_MAX_DEPTH 32
#define TPL_MAX_OUTPUT (8u << 20)
/* Nested lists whose bodies print nothing make work without output (found by fuzzing:
 * 54 s for 4 KB): every tag read and list item expanded is counted too.  A province's notice
 * (10,000 units, a few dozen tags each) stays far below; four nested lists of the sample's
 * 33 windows still meet TPL_MAX_OUTPUT first. */
#define TPL_MAX_STEPS (4u << 20)

static int overworked(expander *x, int srcline);

/* Indexes where each source line begins, once, so line_at is a binary search. */
static void index_lines(expander *x)
{
	size_t cap = 0;
	GROW(x->bol, x->nbol, cap);
	x->bol[x->nbol++] = x->src;
	for (const char *s = x->src; (s = strchr(s, '\n')); s++) {
		GROW(x->bol, x->nbol, cap);
		x->bol[x->nbol++] = s + 1;
	}
}

/* Source line of position p. */
static int line_at(const expander *x, const char *p)
{
	size_t lo = 0, hi = x->nbol;             /* the last line start <= p */
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (x->bol[mid] <= p) lo = mid; else hi = mid;
	}
	return (int)lo + 1;
}

static int col_at(const expander *x, const char *p)
{
	const char *bol = p;
	while (bol > x->src && bol[-1] != '\n') bol--;
	int n = 1;
	for (const char *s = bol; s < p; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Stops the expansion, once, when the output would pass TPL_MAX_OUTPUT. */
static int overflows(expander *x, size_t n, int srcline)
{
	if (x->full) return 1;
	if (x->out.len + n <= TPL_MAX_OUTPUT) return 0;
	diag_error(x->path, srcline, 1, "模板展开后超过 %u MB（多层 {{#each}} 嵌套？），停止生成", TPL_MAX_OUTPUT >> 20);
	x->errors++;
	x->full = 1;
	return 1;
}

/* Appends output, noting the source line of each line it ends. */
static void emit(expander *x, const char *s, size_t n, int srcline)
{
	if (overflows(x, n, srcline)) return;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n') { GROW(x->lines, x->nlines, x->cap); x->lines[x->nlines++] = srcline; }
	sb_add(&x->out, s, n);
}

/* Appends template text itself: each newline is noted with the line it ends in the template. */
static void emit_src(expander *x, const char *s, size_t n)
{
	int line = line_at(x, s);
	if (overflows(x, n, line)) return;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n') { GROW(x->lines, x->nlines, x->cap); x->lines[x->nlines++] = line++; }
	sb_add(&x->out, s, n);
}

/* Expands a missing value: its blank, guarded, and the setting noted once. */
static void emit_missing(expander *x, const entry *e, int srcline)
{
	size_t i = 0;
	while (i < x->nmissing && strcmp(x->missing[i], e->missing)) i++;
	if (i == x->nmissing) {
		GROW(x->missing, x->nmissing, x->mcap);
		x->missing[x->nmissing++] = xstrdup(e->missing);
	}
	char g = GUARD;
	sb_add(&x->out, &g, 1);
	emit(x, e->text, strlen(e->text), srcline);
	sb_add(&x->out, &g, 1);
}

/* A tag {{…}}: its inner text (trimmed) and where it ends. */
typedef struct {
	const char *start, *end;        /* "{{" and just past "}}" */
	char *body;
	int standalone;                 /* alone on its line: the line disappears */
	const char *line_start, *line_end;   /* when standalone: the whole line incl. "\n" */
} tag;

/* Finds the next tag at or after p; 0 when none. Reports an unclosed one. */
static int next_tag(expander *x, const char *p, const char *limit, tag *t)
{
	const char *s = strstr(p, "{{");
	if (!s || s >= limit || overworked(x, line_at(x, s))) return 0;
	const char *e = strstr(s + 2, "}}");
	const char *nl = memchr(s, '\n', (size_t)(limit - s));
	if (!e || e > limit || (nl && e > nl)) {
		diag_error(x->path, line_at(x, s), col_at(x, s), "“{{”没有对应的“}}”（占位符须写在一行内）");
		x->errors++;
		return -1;
	}
	t->start = s;
	t->end = e + 2;
	char *raw = xstrndup(s + 2, (size_t)(e - s - 2));
	t->body = trim_spaces(raw);
	free(raw);
	/* Standalone: only spaces before it on its line and only spaces up to the newline after. */
	const char *ls = s, *le = t->end;
	while (ls > x->src && (ls[-1] == ' ' || ls[-1] == '\t')) ls--;
	while (*le == ' ' || *le == '\t' || *le == '\r') le++;
	t->standalone = (ls == x->src || ls[-1] == '\n') && (*le == '\n' || !*le) && t->body[0] != '\0' &&
		(t->body[0] == '#' || t->body[0] == '/' || !strcmp(t->body, "else"));
	t->line_start = ls;
	t->line_end = *le == '\n' ? le + 1 : le;
	return 1;
}

static void free_tag(tag *t) { free(t->body); }

/* Finds the tag closing the block opened just before p ({{/each}} or {{/if}}), skipping nested
 * blocks; *els gets an {{else}} at this depth. Returns 0 when missing. */
static int find_close(expander *x, const char *p, const char *limit, const char *kind, tag *close, tag *els)
{
	int depth = 0;
	tag t;
	els->start = NULL;
	while (next_tag(x, p, limit, &t) > 0) {
		char *b = t.body;
		if (b[0] == '#' && x->depth + ++depth >= TPL_MAX_DEPTH) {
			diag_error(x->path, line_at(x, t.start), col_at(x, t.start), "块嵌套超过 %d 层", TPL_MAX_DEPTH);
			x->errors++;
			x->full = 1;
			free_tag(&t);
			break;
		}
		else if (b[0] == '/') {
			if (depth == 0) {
				if (strcmp(b + 1, kind)) {
					diag_error(x->path, line_at(x, t.start), col_at(x, t.start), "应为{{/%s}}，实际是{{%s}}", kind, b);
					x->errors++;
				}
				*close = t;
				return 1;
			}
			depth--;
		} else if (!strcmp(b, "else") && depth == 0 && !els->start) {
			*els = t;
			p = t.end;
			continue;
		}
		p = t.end;
		free_tag(&t);
	}
	if (els->start) { free_tag(els); els->start = NULL; }
	return 0;
}

static void expand(expander *x, const char *p, const char *limit, const tpl_ctx *ctx);

/* {{#each 列表 "、"}} or {{#if 名称}} … : expands the block and returns where to go on. */
static const char *block(expander *x, tag *open, const char *limit, const tpl_ctx *ctx)
{
	char *b = open->body + 1, *kind = b, *arg = b, *sep = NULL;
	while (*arg && *arg != ' ') arg++;
	if (*arg) *arg++ = 0;
	while (*arg == ' ') arg++;
	char *q = strchr(arg, '"');
	if (q) {
		*q = 0;
		sep = q + 1;
		char *qe = strchr(sep, '"');
		if (qe) *qe = 0;
		for (char *e = arg + strlen(arg); e > arg && e[-1] == ' '; e--) e[-1] = 0;
	}
	bool is_each = !strcmp(kind, "each"), is_if = !strcmp(kind, "if") || !strcmp(kind, "unless");
	int line = line_at(x, open->start), col = col_at(x, open->start);
	if (x->depth >= TPL_MAX_DEPTH) {
		diag_error(x->path, line, col, "块嵌套超过 %d 层", TPL_MAX_DEPTH);
		x->errors++;
		x->full = 1;
		return limit;
	}
	if (!is_each && !is_if) {
		diag_error(x->path, line, col, "不认识的块“{{#%s}}”：只有 {{#each 列表}}、{{#if 名称}}、{{#unless 名称}}", kind);
		x->errors++;
		return open->end;
	}
	const char *body = open->standalone ? open->line_end : open->end;
	tag close = {0}, els = {0};
	if (!find_close(x, body, limit, kind, &close, &els)) {
		if (!x->full) {                 /* (too deep: already said) */
			diag_error(x->path, line, col, "{{#%s %s}} 没有对应的 {{/%s}}", kind, arg, kind);
			x->errors++;
		}
		return limit;
	}
	const char *body_end = els.start ? (els.standalone ? els.line_start : els.start)
	                                 : (close.standalone ? close.line_start : close.start);
	const char *else_start = els.start ? (els.standalone ? els.line_end : els.end) : NULL;
	const char *else_end = close.standalone ? close.line_start : close.start;
	const char *after = close.standalone ? close.line_end : close.end;
	char num[16];
	const entry *e = lookup(ctx, arg, num);
	x->depth++;
	if (!e) {
		diag_error(x->path, line, col, "模板中的名称“%s”没有定义（可用的名称见 templates/README.md）", arg);
		x->errors++;
	} else if (is_each) {
		if (e->text) {
			diag_error(x->path, line, col, "“%s”不是列表，不能用于 {{#each}}", arg);
			x->errors++;
		} else
			for (size_t i = 0; i < e->nitems && !overworked(x, line); i++) {
				if (i && sep) emit(x, sep, strlen(sep), line);
				expand(x, body, body_end, e->items[i]);
			}
	} else {
		bool truth = e->missing ? false : e->text ? (e->text[0] && strcmp(e->text, "0")) : e->nitems > 0;
		if (!strcmp(kind, "unless")) truth = !truth;
		if (truth) expand(x, body, body_end, ctx);
		else if (else_start) expand(x, else_start, else_end, ctx);
	}
	x->depth--;
	if (els.start) free_tag(&els);
	free_tag(&close);
	return after;
}

/* Counts one step of expansion; stops it, once, past TPL_MAX_STEPS, and quietly after 100
 * errors (a mistake inside {{#each}} repeats with every item; diag shows the first 100). */
static int overworked(expander *x, int srcline)
{
	if (x->full) return 1;
	if (x->errors >= 100) { x->full = 1; return 1; }
	if (++x->steps <= TPL_MAX_STEPS) return 0;
	diag_error(x->path, srcline, 1, "模板展开的步数超过 %u 万（多层 {{#each}} 嵌套？），停止生成", TPL_MAX_STEPS / 10000);
	x->errors++;
	x->full = 1;
	return 1;
}

/* Expands src[p, limit) into the output. */
static void expand(expander *x, const char *p, const char *limit, const tpl_ctx *ctx)
{
	tag t;
	int rc;
	while (!x->full && (rc = next_tag(x, p, limit, &t)) > 0) {
		const char *text_end = t.standalone ? t.line_start : t.start;
		emit_src(x, p, (size_t)(text_end - p));
		char *b = t.body;
		if (b[0] == '#') {
			p = block(x, &t, limit, ctx);
		} else if (b[0] == '/' || !strcmp(b, "else")) {
			diag_error(x->path, line_at(x, t.start), col_at(x, t.start), "多余的{{%s}}：前面没有对应的 {{#…}}", b);
			x->errors++;
			p = t.end;
		} else if (b[0] == '!') {
			p = t.end;                          /* {{! 注释 }} */
		} else {
			char num[16];
			const entry *e = lookup(ctx, b, num);
			if (!e) {
				diag_error(x->path, line_at(x, t.start), col_at(x, t.start),
					"模板中的名称“%s”没有定义（可用的名称见 templates/README.md）", b);
				x->errors++;
			} else if (!e->text) {
				diag_error(x->path, line_at(x, t.start), col_at(x, t.start), "“%s”是列表，应写在 {{#each %s}} 中", b, b);
				x->errors++;
			} else if (e->missing)
				emit_missing(x, e, line_at(x, t.start));
			else
				emit(x, e->text, strlen(e->text), line_at(x, t.start));
			p = t.end;
		}
		free_tag(&t);
	}
	emit_src(x, p, (size_t)(limit - p));
}

/* ---- Blocks ---------------------------------------------------------------------------- */

/* Splits a directive's arguments at "|" (full-width "｜" too). */
static void split_args(tpl_block *b, const char *s)
{
	size_t cap = 0;
	for (;;) {
		const char *bar = strstr(s, "|"), *fw = strstr(s, "｜");
		const char *cut = bar && (!fw || bar < fw) ? bar : fw;
		size_t n = cut ? (size_t)(cut - s) : strlen(s);
		char *raw = xstrndup(s, n);
		GROW(b->args, b->nargs, cap);
		b->args[b->nargs++] = trim_spaces(raw);
		free(raw);
		if (!cut) break;
		s = cut + (cut == bar ? 1 : strlen("｜"));
	}
}

static void add_block(tpl_doc *d, size_t *cap, tpl_block *b)
{
	GROW(d->blocks, d->n, *cap);
	d->blocks[d->n++] = *b;
}

/* Reads expanded lines into blocks: blank lines end paragraphs; "#…" headings; "@名称 参数|…" directives;
 * lines starting with "//" are comments. */
static void read_blocks(const expander *x, tpl_doc *d)
{
	size_t cap = 0, line = 0;
	strbuf para = {0};
	int para_line = 0;
	const char *s = x->out.s ? x->out.s : "";
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		char *raw = xstrndup(s, n), *t = trim_spaces(raw);
		int src = line < x->nlines ? x->lines[line] : (x->nlines ? x->lines[x->nlines - 1] : 1);
		free(raw);
		bool blank = !t[0], special = t[0] == '#' || t[0] == '@';
		if ((blank || special) && para.len) {
			tpl_block b = { .kind = TB_PARA, .line = para_line };
			b.args = xcalloc(1, sizeof *b.args);
			b.args[0] = sb_take(&para);
			b.nargs = 1;
			add_block(d, &cap, &b);
		}
		if (!strncmp(t, "//", 2)) {
			/* comment */
		} else if (t[0] == '#') {
			tpl_block b = { .kind = TB_HEADING, .line = src };
			const char *h = t;
			while (*h == '#') { b.level++; h++; }
			if (b.level > 4) b.level = 4;
			b.args = xcalloc(1, sizeof *b.args);
			b.args[0] = trim_spaces(h);
			b.nargs = 1;
			add_block(d, &cap, &b);
		} else if (t[0] == '@') {
			tpl_block b = { .kind = TB_DIRECTIVE, .line = src };
			const char *a = t + 1;
			size_t nn = strcspn(a, " \t");
			const char *fs = strstr(a, "　");
			if (fs && (size_t)(fs - a) < nn) nn = (size_t)(fs - a);
			b.name = xstrndup(a, nn);
			a += nn;
			split_args(&b, a);
			if (b.nargs == 1 && !b.args[0][0]) { free(b.args[0]); b.nargs = 0; }
			add_block(d, &cap, &b);
		} else if (!blank) {
			/* Lines of one paragraph join without a space: Chinese text has none. */
			if (!para.len) para_line = src;
			sb_puts(&para, t);
		}
		free(t);
		s += n + (nl != NULL);
		line++;
	}
	if (para.len) {
		tpl_block b = { .kind = TB_PARA, .line = para_line };
		b.args = xcalloc(1, sizeof *b.args);
		b.args[0] = sb_take(&para);
		b.nargs = 1;
		add_block(d, &cap, &b);
	}
}

int tpl_render(const char *path, const char *src, const tpl_ctx *ctx, tpl_doc *out)
{
	expander x = { .path = path, .src = src };
	memset(out, 0, sizeof *out);
	out->path = xstrdup(path);
	index_lines(&x);
	expand(&x, src, src + strlen(src), ctx);
	if (x.out.len && x.out.s[x.out.len - 1] != '\n') emit(&x, "\n", 1, line_at(&x, src + strlen(src)));
	if (!x.errors) read_blocks(&x, out);
	for (size_t i = 0; i < out->n; i++)
		for (int k = 0; k < out->blocks[i].nargs; k++) unguard(out->blocks[i].args[k]);
	out->missing = x.missing;
	out->nmissing = x.nmissing;
	free(x.out.s);
	free(x.lines);
	free(x.bol);
	return x.errors ? -1 : 0;
}

int tpl_render_file(const char *path, const tpl_ctx *ctx, tpl_doc *out)
{
	size_t len;
	text_encoding enc;
	memset(out, 0, sizeof *out);
	char *src = text_load(path, &len, &enc);
	if (!src) return -1;
	int rc = tpl_render(path, src, ctx, out);
	free(src);
	return rc;
}

void tpl_doc_free(tpl_doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		for (int k = 0; k < d->blocks[i].nargs; k++) free(d->blocks[i].args[k]);
		free(d->blocks[i].args);
		free(d->blocks[i].name);
	}
	free(d->blocks);
	free(d->path);
	for (size_t i = 0; i < d->nmissing; i++) free(d->missing[i]);
	free(d->missing);
	memset(d, 0, sizeof *d);
}
