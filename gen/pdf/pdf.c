/* pdf.c — the display list: pages of positioned glyph runs, rules, boxes and polylines as
 * layout records them (write.c draws them into a PDF).  A finished page can be shared by
 * two documents (a scorecard's own file and the bound copy) and is then packed into one
 * array, since a page waiting to be written should cost little memory.  A long document's
 * finished pages go further, to a temporary file (page_spill): a province's monthly
 * bulletin runs to 950 pages, 40 MB packed, which would otherwise all be in memory until
 * its last layout pass ends and it is written. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "pdf/list.h"

/* An empty display list drawing with the faces of fs. */
pd_doc *pd_new(const fn_set *fs)
{
	pd_doc *d = xcalloc(1, sizeof *d);
	d->fs = fs;
	d->spill_fd = -1;
	return d;
}

/* Pages a document keeps in memory before it spills the ones it finishes (a scorecard's
 * never spill); tests change it (pd_spill_after). */
static size_t spill_after = 8;

void pd_spill_after(size_t pages) { spill_after = pages; }

/* Moves a finished page's packed ops to the document's temporary file (made on first use,
 * already unlinked, so nothing is left behind whatever happens to the process).  A page
 * stays in memory when there is no file to be had or it cannot take the page. */
static void page_spill(pd_doc *d, page_t *pg)
{
	if (pg->spill_fd >= 0 || pg->nops || !pg->packed_len || pg->refs != 1 || d->spill_fd == -2) return;
	if (d->spill_fd < 0) {
		FILE *f = tmpfile();
		d->spill_fd = f ? dup(fileno(f)) : -2;
		if (f) fclose(f);
		if (d->spill_fd < 0) { d->spill_fd = -2; return; }
	}
	size_t len = pg->packed_len * sizeof *pg->packed;
	if (pwrite(d->spill_fd, pg->packed, len, d->spill_end) != (ssize_t)len) return;
	pg->spill_fd = d->spill_fd;
	pg->spill_at = d->spill_end;
	d->spill_end += (off_t)len;
	free(pg->packed);
	pg->packed = NULL;
}

/* Reads a spilled page's packed ops into buf (packed_len doubles). */
static void spill_read(const page_t *pg, double *buf)
{
	size_t len = pg->packed_len * sizeof *buf, got = 0;
	while (got < len) {
		ssize_t r = pread(pg->spill_fd, (char *)buf + got, len - got, pg->spill_at + (off_t)got);
		if (r < 0 && errno == EINTR) continue;
		if (r <= 0) util_fatal("无法读回排版的临时文件（磁盘出错？）");
		got += (size_t)r;
	}
}

/* Brings a spilled page's packed ops back into memory, to be changed. */
static void page_load(page_t *pg)
{
	if (pg->spill_fd < 0) return;
	pg->packed = xmalloc(pg->packed_len * sizeof *pg->packed);
	spill_read(pg, pg->packed);
	pg->spill_fd = -1;
}

/* A block of the tail ops' arrays: a scorecard page's glyph runs were 150 allocations a
 * page, each freed on its own once the page was packed. */
struct op_chunk {
	struct op_chunk *next;
	size_t used, cap;       /* in doubles */
	double v[];
};

/* 32 KB: a scorecard page's runs fit in one.  A page already packed is only given a page
 * number (ly_number_pages): a province's 950-page bulletin would hold 30 MB of chunks. */
enum { CHUNK_DOUBLES = 4096, CHUNK_PACKED = 64 };

/* Room for n doubles in the page's chunks. */
static double *chunk_take(page_t *pg, size_t n)
{
	struct op_chunk *c = pg->chunks;
	if (!c || c->cap - c->used < n) {
		size_t least = pg->npacked ? CHUNK_PACKED : CHUNK_DOUBLES, cap = n > least ? n : least;
		c = xmalloc(sizeof *c + cap * sizeof *c->v);
		*c = (struct op_chunk){ .next = pg->chunks, .cap = cap };
		pg->chunks = c;
	}
	double *p = c->v + c->used;
	c->used += n;
	return p;
}

/* Frees the page's chunks (its tail ops' arrays). */
static void chunks_free(page_t *pg)
{
	for (struct op_chunk *c = pg->chunks, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	pg->chunks = NULL;
}

/* Frees a page: its ops, their arrays and its packed ops. */
static void page_free(page_t *pg)
{
	chunks_free(pg);
	free(pg->ops);
	free(pg->packed);
	free(pg);
}

/* Lets go of d's pages: the last document holding a shared page frees it (writer threads
 * end apart). */
void pd_drop_pages(pd_doc *d)
{
	for (size_t p = 0; p < d->npages; p++)
		if (__atomic_sub_fetch(&d->pages[p]->refs, 1, __ATOMIC_ACQ_REL) == 0) page_free(d->pages[p]);
	d->npages = d->cur = 0;
}

/* Frees the display list. */
void pd_free(pd_doc *d)
{
	if (!d) return;
	pd_drop_pages(d);
	if (d->spill_fd >= 0) close(d->spill_fd);
	free(d->pages);
	free(d);
}

/* A packed page is one array of doubles (8-byte slots, so every value keeps its exact
 * bits and alignment): per op a slot of kind, frame, fill flag and count, then the values
 * its kind uses; a glyph run's keys two to a slot, then its x positions.  A scorecard page
 * (about 260 runs and rules) packs into about a seventh of its op records and their
 * arrays, which matters when a province's bound copy holds 20,000 pages until written.
 * What most ops leave at its default is not stored (flagged in the head): a glyph run's
 * style beyond face and size (black, no tracking, emboldening or scaling), a rule's fill:
 * a province's notice (10,000 ranked rows) holds 6 MB less. */
enum { PACK_STYLE = 1u << 24, PACK_FILL = 1u << 25 };
typedef struct {
	double *v;
	size_t n, cap;
} pack_t;

/* True for black (and not −0: a packed default must give back the same bits). */
static int is_black(pd_rgb c)
{
	static const pd_rgb k = PD_BLACK;
	return !memcmp(&c, &k, sizeof c);
}

/* Appends one value to the packed page. */
static void pack_put(pack_t *pk, double x)
{
	GROW(pk->v, pk->n, pk->cap);
	pk->v[pk->n++] = x;
}

/* Appends n 32-bit keys, two per slot. */
static void pack_keys(pack_t *pk, const fn_key *keys, size_t n)
{
	for (size_t i = 0; i < n; i += 2) {
		uint32_t two[2] = { keys[i], i + 1 < n ? keys[i + 1] : 0 };
		double x;
		memcpy(&x, two, sizeof x);
		pack_put(pk, x);
	}
}

/* Packs the page's tail of ops after its packed ones (see pack_t) and frees them. */
static void page_pack(page_t *pg)
{
	if (!pg->nops) return;
	page_load(pg);
	/* The slots it will take, counted first: grown a slot at a time, the array was copied
	 * a dozen times a page (3 % of annual). */
	size_t need = pg->packed_len;
	for (size_t i = 0; i < pg->nops; i++) {
		const op_t *o = &pg->ops[i];
		need += o->kind == OP_GLYPHS ? 1 + 3 + 6 + (o->n + 1) / 2 + o->n : 1 + 8 + 3 + (o->kind == OP_POLY ? 2 * o->n : 0);
	}
	pack_t pk = { xrealloc(pg->packed, need * sizeof *pg->packed), pg->packed_len, need };
	for (size_t i = 0; i < pg->nops; i++) {
		const op_t *o = &pg->ops[i];
		const pd_font *f = &o->font;
		uint32_t flags = 0;
		if (o->kind == OP_GLYPHS && (f->embolden != 0 || f->tracking != 0 || f->hscale != 1 || !is_black(f->color)))
			flags |= PACK_STYLE;
		if (o->kind != OP_GLYPHS && (o->has_fill || !is_black(o->fill))) flags |= PACK_FILL;
		uint32_t head[2] = { (uint32_t)o->kind | (uint32_t)o->rot << 8 | (uint32_t)o->has_fill << 16 | flags, (uint32_t)o->n };
		double h;
		memcpy(&h, head, sizeof h);
		pack_put(&pk, h);
		if (o->kind == OP_GLYPHS) {
			pack_put(&pk, f->face);
			pack_put(&pk, f->size);
			pack_put(&pk, o->y);
			if (flags & PACK_STYLE) {
				const double v[] = { f->embolden, f->tracking, f->hscale, f->color.r, f->color.g, f->color.b };
				for (size_t k = 0; k < sizeof v / sizeof *v; k++) pack_put(&pk, v[k]);
			}
			pack_keys(&pk, o->keys, o->n);
			for (size_t k = 0; k < o->n; k++) pack_put(&pk, o->xs[k]);
		} else {
			const double v[] = { o->x1, o->y1, o->x2, o->y2, o->width, o->color.r, o->color.g, o->color.b };
			for (size_t k = 0; k < sizeof v / sizeof *v; k++) pack_put(&pk, v[k]);
			if (flags & PACK_FILL) { pack_put(&pk, o->fill.r); pack_put(&pk, o->fill.g); pack_put(&pk, o->fill.b); }
			for (size_t k = 0; o->kind == OP_POLY && k < o->n; k++) pack_put(&pk, o->xs[k]);
			for (size_t k = 0; o->kind == OP_POLY && k < o->n; k++) pack_put(&pk, o->ys[k]);
		}
	}
	chunks_free(pg);
	pg->npacked += pg->nops;
	free(pg->ops);
	pg->ops = NULL;
	pg->nops = pg->cap = 0;
	pg->packed = xrealloc(pk.v, pk.n * sizeof *pk.v);
	pg->packed_len = pk.n;
}

/* The slots of the packed op at v, and (*nkeys) its keys. */
static inline size_t packed_op_len(const double *v, size_t *nkeys)
{
	uint32_t head[2];
	memcpy(head, v, sizeof head);
	int kind = head[0] & 0xff;
	size_t n = head[1];
	*nkeys = kind == OP_GLYPHS ? n : 0;
	if (kind == OP_GLYPHS) return 1 + 3 + (head[0] & PACK_STYLE ? 6 : 0) + (n + 1) / 2 + n;
	return 1 + 8 + (head[0] & PACK_FILL ? 3 : 0) + (kind == OP_POLY ? 2 * n : 0);
}

const op_t *pd_page_ops(const page_t *pg, op_t **tmp, size_t *count)
{
	*tmp = NULL;
	*count = pg->npacked + pg->nops;
	if (!pg->npacked) return pg->ops;
	/* A spilled page is read back into the front of *tmp, which its x positions then point
	 * into; the ops follow, then their keys (at most two per packed slot). */
	size_t front = pg->spill_fd >= 0 ? pg->packed_len * sizeof(double) : 0;
	char *block = xmalloc(front + *count * sizeof(op_t) + 2 * pg->packed_len * sizeof(fn_key) + 1);
	const double *packed = pg->packed;
	if (front) {
		spill_read(pg, (double *)(void *)block);
		packed = (const double *)(void *)block;
	}
	op_t *ops = (op_t *)(void *)(block + front);
	fn_key *keys = (fn_key *)(ops + *count);
	const double *v = packed;
	for (size_t i = 0; i < pg->npacked; i++) {
		op_t *o = &ops[i];
		memset(o, 0, sizeof *o);
		uint32_t head[2];
		memcpy(head, v++, sizeof head);
		o->kind = head[0] & 0xff;
		o->rot = (head[0] >> 8) & 0xff;
		o->has_fill = (head[0] >> 16) & 0xff;
		o->n = head[1];
		if (o->kind == OP_GLYPHS) {
			o->font = (pd_font){ .face = (int)v[0], .size = v[1], .hscale = 1, .color = PD_BLACK };
			o->y = v[2];
			v += 3;
			if (head[0] & PACK_STYLE) {
				o->font.embolden = v[0];
				o->font.tracking = v[1];
				o->font.hscale = v[2];
				o->font.color = (pd_rgb){ v[3], v[4], v[5] };
				v += 6;
			}
			memcpy(keys, v, o->n * sizeof *keys);
			o->keys = keys;
			keys += o->n;
			v += (o->n + 1) / 2;
			o->xs = (double *)v;
			v += o->n;
		} else {
			o->x1 = v[0]; o->y1 = v[1]; o->x2 = v[2]; o->y2 = v[3]; o->width = v[4];
			o->color = (pd_rgb){ v[5], v[6], v[7] };
			v += 8;
			if (head[0] & PACK_FILL) { o->fill = (pd_rgb){ v[0], v[1], v[2] }; v += 3; }
			if (o->kind == OP_POLY) { o->xs = (double *)v; o->ys = (double *)v + o->n; v += 2 * o->n; }
		}
	}
	/* The tail's records point at the tail's own arrays, which outlive the drawing. */
	if (pg->nops) memcpy(ops + pg->npacked, pg->ops, pg->nops * sizeof *ops);
	*tmp = (op_t *)(void *)block;
	return ops;
}

/* Appends src's pages to d, shared: a scorecard laid out once is drawn into its own file
 * and into the bound copy.  Neither may draw on them afterwards, so they are packed here
 * (page_pack). */
void pd_append(pd_doc *d, const pd_doc *src)
{
	for (size_t p = 0; p < src->npages; p++) {
		page_load(src->pages[p]);               /* a shared page is never spilled */
		page_pack(src->pages[p]);
		GROW(d->pages, d->npages, d->cap);
		__atomic_add_fetch(&src->pages[p]->refs, 1, __ATOMIC_ACQ_REL);
		d->pages[d->npages++] = src->pages[p];
	}
	if (d->npages) d->cur = d->npages - 1;
}

/* Where d's drawing stands now. */
pd_mark pd_mark_here(const pd_doc *d)
{
	pd_mark m = { .npages = d->npages, .cur = d->cur };
	if (d->npages) {
		const page_t *pg = d->pages[d->cur];
		m.npacked = pg->npacked;
		m.packed_len = pg->packed_len;
		m.nops = pg->nops;
		m.rot = pg->rot;
	}
	return m;
}

/* Drops the tail ops of pg from the k-th on (their arrays stay in the chunks until the
 * page is packed, unless every tail op goes). */
static void drop_tail(page_t *pg, size_t k)
{
	if (k == 0) chunks_free(pg);
	if (k < pg->nops) pg->nops = k;
}

/* Takes d back to mark m (see pdf.h).  The marked page may have been packed since: its
 * packed ops are only ever appended, so those kept are the first ones from m's offset. */
void pd_truncate(pd_doc *d, const pd_mark *m)
{
	while (d->npages > m->npages) page_free(d->pages[--d->npages]);
	d->cur = m->cur;
	if (!d->npages) return;
	page_t *pg = d->pages[d->cur];
	page_load(pg);
	size_t keep = m->npacked + m->nops;
	if (keep <= pg->npacked) {
		size_t len = m->packed_len, k;
		for (size_t i = m->npacked; i < keep; i++) len += packed_op_len(pg->packed + len, &k);
		pg->npacked = keep;
		pg->packed_len = len;
		drop_tail(pg, 0);
	} else {
		drop_tail(pg, keep - pg->npacked);
	}
	pg->rot = m->rot;
}

/* Appends a page; later operations go to it.  The page left is packed: a notice's
 * ranking of 10,000 units runs to 600 pages, which are all in memory until written. */
void pd_page(pd_doc *d, double w, double h)
{
	if (d->npages) {
		if (d->pages[d->cur]->nops > d->ops_hint) d->ops_hint = d->pages[d->cur]->nops;
		page_pack(d->pages[d->cur]);
		if (d->npages >= spill_after) page_spill(d, d->pages[d->cur]);
	}
	GROW(d->pages, d->npages, d->cap);
	page_t *pg = xcalloc(1, sizeof *pg);
	*pg = (page_t){ .w = w, .h = h, .refs = 1, .spill_fd = -1 };
	d->cur = d->npages;
	d->pages[d->npages++] = pg;
}

/* Sends later operations to page i (from 0) until the next pd_page or pd_select. */
void pd_select(pd_doc *d, int i)
{
	if (i >= 0 && (size_t)i < d->npages) d->cur = (size_t)i;
}

/* Number of pages so far. */
int pd_npages(const pd_doc *d) { return (int)d->npages; }

/* Switches the frame later operations on this page are given in. */
void pd_rotate(pd_doc *d, int on)
{
	if (!d->npages) pd_page(d, 595.276, 841.89);
	d->pages[d->cur]->rot = on;
}

/* Appends an op to the current page (a page is started if none is). */
static op_t *add_op(pd_doc *d, int kind)
{
	if (!d->npages) pd_page(d, 595.276, 841.89);
	page_t *pg = d->pages[d->cur];
	/* A new page gets room for as many ops as the fullest page so far, or a scorecard
	 * page's 300-odd (doubling from 16 copied a page's op records five times); a packed
	 * page given a page number later grows from GROW's 16. */
	if (!pg->cap && !pg->npacked)
		pg->ops = xmalloc((pg->cap = d->ops_hint > 512 ? d->ops_hint : 512) * sizeof *pg->ops);
	GROW(pg->ops, pg->nops, pg->cap);
	op_t *o = &pg->ops[pg->nops++];
	memset(o, 0, sizeof *o);
	o->kind = kind;
	o->rot = pg->rot;
	return o;
}

/* Records a run of positioned glyphs. */
void pd_glyphs(pd_doc *d, const pd_font *f, double y, const fn_key *keys, const double *x, size_t n)
{
	if (!n) return;
	op_t *o = add_op(d, OP_GLYPHS);
	o->font = *f;
	if (o->font.hscale <= 0) o->font.hscale = 1;
	o->y = y;
	o->n = n;
	/* The positions, then the keys (two to a double). */
	o->xs = chunk_take(d->pages[d->cur], n + (n * sizeof *keys + sizeof *x - 1) / sizeof *x);
	o->keys = (fn_key *)(o->xs + n);
	memcpy(o->xs, x, n * sizeof *x);
	memcpy(o->keys, keys, n * sizeof *keys);
}

/* Records a straight rule. */
void pd_line(pd_doc *d, double x1, double y1, double x2, double y2, double width, pd_rgb color)
{
	op_t *o = add_op(d, OP_LINE);
	o->x1 = x1; o->y1 = y1; o->x2 = x2; o->y2 = y2;
	o->width = width;
	o->color = color;
}

/* Records a filled and/or outlined rectangle. */
void pd_rect(pd_doc *d, double x, double y, double w, double h, const pd_rgb *fill, double line, pd_rgb stroke)
{
	op_t *o = add_op(d, OP_RECT);
	o->x1 = x; o->y1 = y; o->x2 = w; o->y2 = h;
	o->has_fill = fill != NULL;
	if (fill) o->fill = *fill;
	o->width = line;
	o->color = stroke;
}

/* Records an open polyline. */
void pd_polyline(pd_doc *d, const double *xs, const double *ys, size_t n, double width, pd_rgb color)
{
	if (n < 2) return;
	op_t *o = add_op(d, OP_POLY);
	o->n = n;
	o->xs = chunk_take(d->pages[d->cur], 2 * n);       /* xs, then ys */
	o->ys = o->xs + n;
	memcpy(o->xs, xs, n * sizeof *xs);
	memcpy(o->ys, ys, n * sizeof *ys);
	o->width = width;
	o->color = color;
}

