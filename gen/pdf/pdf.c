/* pdf.c — writes a display list as PDF with libharu 2.3.0 as the object and file writer.
 * What libharu does slowly, wrongly or not at all for embedded CJK fonts is done here:
 *   - fonts: each face is hb-subset per document (shared across documents drawing the same
 *     characters); each drawn key (code point and width, fn_key) gets a code = CID = glyph
 *     id of its own.  TrueType faces become CIDFontType2 with /CIDToGIDMap /Identity,
 *     OpenType/CFF faces CIDFontType0 with a rebuilt CFF program as FontFile3 (font/ttf.c,
 *     font/cff.c); the Type0/CIDFont/FontDescriptor dictionaries are built
 *     here (libharu's HPDF_GetFont scans 65,536 codes and writes a 131 KB map per font,
 *     its embedding loses nested composite glyphs such as pinyin ǖ, its ToUnicode is an
 *     encoding CMap poppler warns about, and it embeds no CFF at all);
 *   - page content streams are formatted here (libharu's operators clear a 512-byte
 *     buffer per call) and deflated here with libdeflate, as are ToUnicode and fonts.
 * This uses libharu internals declared in its installed headers (dictionary write hooks,
 * page and document fields); see the comments where they are touched. */
#include "pdf/pdf.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>

#include <libdeflate.h>

#include "config.h"
#include "base/util.h"

enum { OP_GLYPHS, OP_LINE, OP_RECT, OP_POLY };

/* One drawing operation; which fields matter depends on kind. */
typedef struct {
	int kind;
	pd_font font;
	double y;
	fn_key *keys;
	double *xs, *ys;
	size_t n;
	double x1, y1, x2, y2, width;
	int has_fill, rot;
	pd_rgb fill, color;
} op_t;

typedef struct {
	double w, h;
	int rot;                /* the frame new ops are given in */
	op_t *ops;
	size_t nops, cap;
	int refs;               /* documents holding the page (pd_append shares pages) */
	double *packed;         /* once finished, the ops packed (page_pack); ops is then NULL */
} page_t;

struct pd_doc {
	const fn_set *fs;
	page_t **pages;
	size_t npages, cap;
	size_t cur;             /* the page new ops go to: the last, unless pd_select chose one */
};

/* An empty display list drawing with the faces of fs. */
pd_doc *pd_new(const fn_set *fs)
{
	pd_doc *d = xcalloc(1, sizeof *d);
	d->fs = fs;
	return d;
}

/* Frees the display list. */
void pd_free(pd_doc *d)
{
	if (!d) return;
	for (size_t p = 0; p < d->npages; p++) {
		page_t *pg = d->pages[p];
		/* The last document holding a shared page frees it (writer threads end apart). */
		if (__atomic_sub_fetch(&pg->refs, 1, __ATOMIC_ACQ_REL) > 0) continue;
		for (size_t i = 0; pg->ops && i < pg->nops; i++) {
			free(pg->ops[i].keys);
			free(pg->ops[i].xs);
			free(pg->ops[i].ys);
		}
		free(pg->ops);
		free(pg->packed);
		free(pg);
	}
	free(d->pages);
	free(d);
}

/* A packed page is one array of doubles (8-byte slots, so every value keeps its exact
 * bits and alignment): per op a slot of kind, frame, fill flag and count, then the values
 * its kind uses; a glyph run's keys two to a slot, then its x positions.  A scorecard page
 * (about 260 runs and rules) packs into about a seventh of its op records and their
 * arrays, which matters when a province's bound copy holds 20,000 pages until written. */
typedef struct {
	double *v;
	size_t n, cap;
} pack_t;

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

/* Packs a finished page's ops (see pack_t) and frees them. */
static void page_pack(page_t *pg)
{
	if (pg->packed || !pg->ops) return;
	pack_t pk = {0};
	for (size_t i = 0; i < pg->nops; i++) {
		const op_t *o = &pg->ops[i];
		uint32_t head[2] = { (uint32_t)o->kind | (uint32_t)o->rot << 8 | (uint32_t)o->has_fill << 16, (uint32_t)o->n };
		double h;
		memcpy(&h, head, sizeof h);
		pack_put(&pk, h);
		if (o->kind == OP_GLYPHS) {
			const pd_font *f = &o->font;
			const double v[] = { f->face, f->size, f->embolden, f->tracking, f->hscale, f->color.r, f->color.g, f->color.b, o->y };
			for (size_t k = 0; k < sizeof v / sizeof *v; k++) pack_put(&pk, v[k]);
			pack_keys(&pk, o->keys, o->n);
			for (size_t k = 0; k < o->n; k++) pack_put(&pk, o->xs[k]);
		} else {
			const double v[] = { o->x1, o->y1, o->x2, o->y2, o->width, o->fill.r, o->fill.g, o->fill.b,
				o->color.r, o->color.g, o->color.b };
			for (size_t k = 0; k < sizeof v / sizeof *v; k++) pack_put(&pk, v[k]);
			for (size_t k = 0; o->kind == OP_POLY && k < o->n; k++) pack_put(&pk, o->xs[k]);
			for (size_t k = 0; o->kind == OP_POLY && k < o->n; k++) pack_put(&pk, o->ys[k]);
		}
		free(o->keys);
		free(o->xs);
		free(o->ys);
	}
	free(pg->ops);
	pg->ops = NULL;
	pg->packed = pk.v ? xrealloc(pk.v, pk.n * sizeof *pk.v) : xmalloc(sizeof *pk.v);
}

/* The page's ops: its own, or unpacked into *tmp (the caller frees *tmp; the arrays of the
 * ops it holds are the packed page's, or *tmp's tail for the keys). */
static const op_t *page_ops(const page_t *pg, op_t **tmp)
{
	*tmp = NULL;
	if (!pg->packed) return pg->ops;
	size_t nkeys = 0;
	const double *v = pg->packed;
	for (size_t i = 0; i < pg->nops; i++) {
		uint32_t head[2];
		memcpy(head, v, sizeof head);
		int kind = head[0] & 0xff;
		size_t n = head[1];
		if (kind == OP_GLYPHS) { nkeys += n; v += 1 + 9 + (n + 1) / 2 + n; }
		else v += 1 + 11 + (kind == OP_POLY ? 2 * n : 0);
	}
	op_t *ops = xmalloc(pg->nops * sizeof *ops + nkeys * sizeof(fn_key) + 1);
	fn_key *keys = (fn_key *)(ops + pg->nops);
	v = pg->packed;
	for (size_t i = 0; i < pg->nops; i++) {
		op_t *o = &ops[i];
		memset(o, 0, sizeof *o);
		uint32_t head[2];
		memcpy(head, v++, sizeof head);
		o->kind = head[0] & 0xff;
		o->rot = (head[0] >> 8) & 0xff;
		o->has_fill = (head[0] >> 16) & 0xff;
		o->n = head[1];
		if (o->kind == OP_GLYPHS) {
			o->font = (pd_font){ .face = (int)v[0], .size = v[1], .embolden = v[2], .tracking = v[3], .hscale = v[4],
				.color = { v[5], v[6], v[7] } };
			o->y = v[8];
			v += 9;
			memcpy(keys, v, o->n * sizeof *keys);
			o->keys = keys;
			keys += o->n;
			v += (o->n + 1) / 2;
			o->xs = (double *)v;
			v += o->n;
		} else {
			o->x1 = v[0]; o->y1 = v[1]; o->x2 = v[2]; o->y2 = v[3]; o->width = v[4];
			o->fill = (pd_rgb){ v[5], v[6], v[7] };
			o->color = (pd_rgb){ v[8], v[9], v[10] };
			v += 11;
			if (o->kind == OP_POLY) { o->xs = (double *)v; o->ys = (double *)v + o->n; v += 2 * o->n; }
		}
	}
	return *tmp = ops;
}

/* Appends src's pages to d, shared: a scorecard laid out once is drawn into its own file
 * and into the bound copy.  Neither may draw on them afterwards, so they are packed here
 * (page_pack). */
void pd_append(pd_doc *d, const pd_doc *src)
{
	for (size_t p = 0; p < src->npages; p++) {
		page_pack(src->pages[p]);
		GROW(d->pages, d->npages, d->cap);
		__atomic_add_fetch(&src->pages[p]->refs, 1, __ATOMIC_ACQ_REL);
		d->pages[d->npages++] = src->pages[p];
	}
	if (d->npages) d->cur = d->npages - 1;
}

/* Appends a page; later operations go to it. */
void pd_page(pd_doc *d, double w, double h)
{
	GROW(d->pages, d->npages, d->cap);
	page_t *pg = xcalloc(1, sizeof *pg);
	*pg = (page_t){ .w = w, .h = h, .refs = 1 };
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
	o->keys = xmalloc(n * sizeof *keys);
	memcpy(o->keys, keys, n * sizeof *keys);
	o->xs = xmalloc(n * sizeof *x);
	memcpy(o->xs, x, n * sizeof *x);
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
	o->xs = xmalloc(n * sizeof *xs);
	o->ys = xmalloc(n * sizeof *ys);
	memcpy(o->xs, xs, n * sizeof *xs);
	memcpy(o->ys, ys, n * sizeof *ys);
	o->width = width;
	o->color = color;
}

/* Per-document state of one face: the keys drawn (code point and width, see fn_key) and
 * the PDF font made for them. */
typedef struct {
	fn_key *keys;
	const fn_subset_t *sub; /* the face subset to keys (shared with other documents) */
	size_t n, cap;
	HPDF_Font font;
} used_t;

/* Everything pd_save needs while it runs (one state struct, as in md2pdf). */
typedef struct {
	pd_doc *d;
	HPDF_Doc pdf;
	used_t *used;           /* one per face of the set */
	int nfaces;
	HPDF_STATUS err, detail;
	int nomem;                              /* an allocation outside libharu failed */
	struct libdeflate_compressor *z, *zc;   /* fonts, page contents: made on first use */
	int ntags;                              /* subset tags handed out (HPDFAA, …) */
} save_t;

/* libharu reports errors through this callback; keep the first and carry on. */
static void on_error(HPDF_STATUS err, HPDF_STATUS detail, void *data)
{
	save_t *s = data;
	if (!s->err) { s->err = err; s->detail = detail; }
}

/* qsort/bsearch order for code points. */
static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* The code key is drawn with (found in the sorted list). */
static unsigned code_of(const used_t *u, fn_key key)
{
	fn_key *p = bsearch(&key, u->keys, u->n, sizeof key, cmp_u32);
	return p ? u->sub->codes[p - u->keys] : 0;
}

/* Adds key to the face's set of drawn keys (open addressing; an empty slot is 0, which no
 * key is: code point 0 is never drawn). */
static void use_key(used_t *u, fn_key key)
{
	if (2 * (u->n + 1) > u->cap) {
		size_t cap = u->cap ? u->cap * 2 : 1024;
		fn_key *t = xcalloc(cap, sizeof *t);
		for (size_t i = 0; i < u->cap; i++) {
			if (!u->keys[i]) continue;
			size_t k = (u->keys[i] * 2654435761u) & (cap - 1);
			while (t[k]) k = (k + 1) & (cap - 1);
			t[k] = u->keys[i];
		}
		free(u->keys);
		u->keys = t;
		u->cap = cap;
	}
	size_t k = (key * 2654435761u) & (u->cap - 1);
	while (u->keys[k] && u->keys[k] != key) k = (k + 1) & (u->cap - 1);
	if (!u->keys[k]) { u->keys[k] = key; u->n++; }
}

/* Collects the keys each face draws, sorted and unique: each glyph drawn is one hash
 * probe, only the distinct keys are sorted (a province's bound copy draws millions). */
static void collect(save_t *s)
{
	for (size_t p = 0; p < s->d->npages; p++) {
		op_t *tmp;
		const op_t *ops = page_ops(s->d->pages[p], &tmp);
		for (size_t i = 0; i < s->d->pages[p]->nops; i++) {
			const op_t *o = &ops[i];
			if (o->kind != OP_GLYPHS) continue;
			used_t *u = &s->used[o->font.face];
			for (size_t k = 0; k < o->n; k++) use_key(u, o->keys[k]);
		}
		free(tmp);
	}
	for (int f = 0; f < s->nfaces; f++) {
		used_t *u = &s->used[f];
		if (!u->n) continue;
		/* A space is always present, so every subset has the same base. */
		use_key(u, ' ');
		size_t w = 0;
		for (size_t r = 0; r < u->cap; r++)
			if (u->keys[r]) u->keys[w++] = u->keys[r];
		u->n = w;
		qsort(u->keys, u->n, sizeof *u->keys, cmp_u32);
	}
}

/* Compression levels for the streams deflated here (libdeflate: about 2.5 times as fast
 * as zlib at its default, and 1–2 % smaller).  Page contents are repetitive operator text
 * that level 4 packs within 3 % of level 6 in two thirds of the time; font programs, most
 * of every file, get level 6.  The annual package of samples/2022 (notice, 37 cards, bound
 * copy), font/content levels: 1/1 2,389,963 B, 4/4 2,354,799, 6/4 2,340,209, 9/6
 * 2,324,290, 12/6 2,311,896 — 12 costs about half as much CPU again, the rest are within
 * the noise of a loaded 2-core machine; 6/4 is kept.  Both can be set with -D to measure. */
#ifndef PD_ZLEVEL
#define PD_ZLEVEL 6
#endif
#ifndef PD_ZLEVEL_CONTENT
#define PD_ZLEVEL_CONTENT 4
#endif

/* Deflates len bytes into *out (caller frees) as a zlib stream (FlateDecode) at the
 * content or the font level; returns the compressed length, 0 (and s->nomem, *out NULL)
 * when the compressor cannot be had. */
static size_t pd_deflate_at(save_t *s, int content, const void *in, size_t len, unsigned char **out)
{
	struct libdeflate_compressor **z = content ? &s->zc : &s->z;
	*out = NULL;
	if (!*z) *z = libdeflate_alloc_compressor(content ? PD_ZLEVEL_CONTENT : PD_ZLEVEL);
	if (!*z) { s->nomem = 1; return 0; }
	size_t n = libdeflate_zlib_compress_bound(*z, len);
	*out = xmalloc(n);
	n = libdeflate_zlib_compress(*z, in, len, *out, n);
	if (!n) { free(*out); *out = NULL; s->nomem = 1; }
	return n;
}

/* True when a libharu call succeeded and nothing failed before it: the first failure
 * stops the document, since libharu frees an object an Add call could not take. */
static int ok(const save_t *s, HPDF_STATUS st) { return st == HPDF_OK && !s->err && !s->nomem; }

/* Whether the failure met was memory running out (libharu's, ours or the C library's). */
static int out_of_memory(const save_t *s)
{
	return s->nomem || s->err == HPDF_FAILD_TO_ALLOC_MEM || errno == ENOMEM;
}

/* What went wrong, for the message (static text or libharu's code). */
static const char *failure_text(const save_t *s)
{
	static _Thread_local char buf[64];
	if (out_of_memory(s)) return "内存不足";
	snprintf(buf, sizeof buf, "libharu 出错（错误 0x%04X/%u）", (unsigned)s->err, (unsigned)s->detail);
	return buf;
}

/* Deflates at the font-program level (see pd_deflate_at). */
static size_t pd_deflate(save_t *s, const void *in, size_t len, unsigned char **out)
{
	return pd_deflate_at(s, 0, in, len, out);
}

/* Writes the /Filter entry of a stream whose data was deflated here: libharu drops a
 * /Filter key of an unfiltered stream, but calls this hook before closing the dict. */
static HPDF_STATUS write_flate_key(HPDF_Dict obj, HPDF_Stream out)
{
	(void)obj;
	return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* A new stream object holding data deflated here, which libharu then copies as it is;
 * NULL on failure. */
static HPDF_Dict packed_stream(save_t *s, const void *data, size_t len)
{
	HPDF_Dict obj = HPDF_DictStream_New(s->pdf->mmgr, s->pdf->xref);
	if (!obj) return NULL;
	unsigned char *z;
	size_t zlen = pd_deflate(s, data, len, &z);
	int good = z && ok(s, HPDF_Stream_Write(obj->stream, z, (HPDF_UINT)zlen));
	free(z);
	obj->filter = HPDF_STREAM_FILTER_NONE;
	obj->write_fn = write_flate_key;
	return good ? obj : NULL;
}

/* Makes the font's ToUnicode CMap: a bfchar map from our codes back to Unicode (libharu's
 * own is an encoding CMap poppler warns about). */
static HPDF_Dict tounicode(save_t *s, const used_t *u)
{
	/* Sorted by code, as the CMap's readers prefer. */
	uint32_t *order = xmalloc(u->n * sizeof *order);
	for (size_t i = 0; i < u->n; i++) order[i] = (uint32_t)u->sub->codes[i] << 16 | (uint32_t)i;
	qsort(order, u->n, sizeof *order, cmp_u32);
	strbuf b = {0};
	sb_puts(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (size_t i = 0; i < u->n; i += 100) {
		size_t k = u->n - i < 100 ? u->n - i : 100;
		sb_printf(&b, "%zu beginbfchar\n", k);
		for (size_t j = i; j < i + k; j++)
			sb_printf(&b, "<%04X> <%04X>\n", (unsigned)(order[j] >> 16), (unsigned)fn_key_cp(u->keys[order[j] & 0xFFFF]));
		sb_puts(&b, "endbfchar\n");
	}
	sb_puts(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	free(order);
	HPDF_Dict cm = packed_stream(s, b.s, b.len);
	free(b.s);
	return cm;
}

/* The deflated font program of a subset, kept with the shared subset (fn_subset_attach)
 * so that documents drawing the same characters deflate it once. */
typedef struct {
	unsigned char *z;
	size_t zlen, raw;
} packed_t;

/* Frees a packed_t. */
static void packed_free(void *p)
{
	if (p) free(((packed_t *)p)->z);
	free(p);
}

/* The FontDescriptor with the subset's program embedded, deflated here and once per shared
 * subset: TrueType as FontFile2; CFF as FontFile3 /CIDFontType0C, the bare CFF table
 * rather than /OpenType, because it is PDF 1.3 (every viewer and printer reads it, the
 * OpenType subtype needs 1.6), its wrapper tables would only add bytes, and cff.c has
 * rebuilt the table for the PDF's codes anyway. */
static HPDF_Dict descriptor(save_t *s, const used_t *u, const fn_metrics *m, const char *name)
{
	const packed_t *pk = fn_subset_attached(s->d->fs, u->sub);
	if (!pk) {
		unsigned plen;
		const char *pdata = hb_blob_get_data(u->sub->program, &plen);
		packed_t *mine = xmalloc(sizeof *mine);
		mine->raw = plen;
		mine->zlen = pd_deflate(s, pdata, plen, &mine->z);
		if (!mine->z) { free(mine); return NULL; }
		pk = fn_subset_attach(s->d->fs, u->sub, mine, packed_free);
	}
	HPDF_MMgr mm = s->pdf->mmgr;
	HPDF_Dict file = HPDF_DictStream_New(mm, s->pdf->xref), desc = NULL;
	HPDF_Array bbox = NULL;
	if (!file || !ok(s, HPDF_Stream_Write(file->stream, pk->z, (HPDF_UINT)pk->zlen))) return NULL;
	file->filter = HPDF_STREAM_FILTER_NONE;
	file->write_fn = write_flate_key;
	if (!ok(s, u->sub->cff ? HPDF_Dict_AddName(file, "Subtype", "CIDFontType0C")
	                       : HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)pk->raw)) ||
	    !(bbox = HPDF_Array_New(mm)))
		return NULL;
	for (int i = 0; i < 4; i++)
		if (!ok(s, HPDF_Array_AddNumber(bbox, m->bbox[i]))) return NULL;
	int good = (desc = HPDF_Dict_New(mm)) && ok(s, HPDF_Xref_Add(s->pdf->xref, desc)) &&
		ok(s, HPDF_Dict_AddName(desc, "Type", "FontDescriptor")) &&
		ok(s, HPDF_Dict_AddNumber(desc, "Ascent", m->ascent)) &&
		ok(s, HPDF_Dict_AddNumber(desc, "Descent", m->descent)) &&
		ok(s, HPDF_Dict_AddNumber(desc, "Flags", m->flags)) &&
		ok(s, HPDF_Dict_Add(desc, "FontBBox", bbox)) &&
		ok(s, HPDF_Dict_AddName(desc, "FontName", name)) &&
		ok(s, HPDF_Dict_AddNumber(desc, "ItalicAngle", m->italic_angle)) &&
		ok(s, HPDF_Dict_AddNumber(desc, "StemV", 0)) &&
		ok(s, HPDF_Dict_AddNumber(desc, "XHeight", m->x_height)) &&
		ok(s, HPDF_Dict_Add(desc, u->sub->cff ? "FontFile3" : "FontFile2", file));
	return good ? desc : NULL;
}

/* The /W array: each code's advance in thousandths of an em (fn_advance of its key), runs
 * of consecutive codes sharing one sub-array; codes with the default width (DW) are left
 * out. */
static HPDF_Array widths(save_t *s, const used_t *u, int face, int dw)
{
	HPDF_MMgr mm = s->pdf->mmgr;
	/* The codes with their advances, in code order. */
	uint32_t *order = xmalloc(u->n * sizeof *order);
	for (size_t i = 0; i < u->n; i++) order[i] = (uint32_t)u->sub->codes[i] << 16 | (uint32_t)i;
	qsort(order, u->n, sizeof *order, cmp_u32);
	HPDF_Array w = HPDF_Array_New(mm), run = NULL;
	unsigned prev = 0;
	for (size_t i = 0; w && i < u->n; i++) {
		unsigned code = order[i] >> 16;
		int adv = (int)lround(fn_advance(s->d->fs, face, u->keys[order[i] & 0xFFFF], 1000));
		if (adv == dw) { run = NULL; continue; }
		if (!run || code != prev + 1) {
			if (!(run = HPDF_Array_New(mm)) || !ok(s, HPDF_Array_AddNumber(w, (HPDF_INT32)code)) ||
			    !ok(s, HPDF_Array_Add(w, run)))
				w = NULL;
		}
		if (w && !ok(s, HPDF_Array_AddNumber(run, adv))) w = NULL;
		prev = code;
	}
	free(order);
	return w;
}

/* Subsets face f and makes its PDF font: a Type0 font (Identity-H, our ToUnicode) over a
 * CIDFont whose CIDs are the codes fn_subset gave the keys — CIDFontType2 for TrueType,
 * CIDFontType0 for CFF.  Built here directly rather than through libharu 2.3.0's
 * HPDF_LoadTTFontFromFile + HPDF_GetFont, without their costs (a UTF-8 encoder table of
 * 256 KB per document, the font re-parsed from a file, 65,536 cmap lookups per font) and
 * bugs (the composite glyphs it loses, its ToUnicode), and for CFF, which it cannot embed. */
static int load_face(save_t *s, int f, char **err)
{
	used_t *u = &s->used[f];
	const char *why = NULL;
	errno = 0;
	u->sub = fn_subset_shared(s->d->fs, f, u->keys, u->n, &why);
	if (!u->sub) {
		if (errno == ENOMEM) s->nomem = 1;
		*err = xasprintf("无法为 %s 生成字体子集（%zu 个字符）：%s", fn_face_path(s->d->fs, f), u->n,
		                 s->nomem ? "内存不足" : why ? why : "原因不明");
		return -1;
	}
	const fn_metrics *m = fn_face_metrics(s->d->fs, f);
	/* The subset tag, in the order libharu hands them out: HPDFAA, HPDFAB, … */
	char name[96];
	snprintf(name, sizeof name, "HPDF%c%c+%s", 'A' + s->ntags / 26 % 26, 'A' + s->ntags % 26, m->name);
	s->ntags++;
	HPDF_MMgr mm = s->pdf->mmgr;
	HPDF_Xref xref = s->pdf->xref;
	HPDF_Dict type0 = NULL, cid = NULL, info = NULL, desc = NULL, tu = NULL;
	HPDF_Array desc_fonts = NULL, dw2 = NULL, w = NULL;
	/* Each step only when every one before it succeeded (see ok()). */
	int good = (desc = descriptor(s, u, m, name)) && (tu = tounicode(s, u)) &&
		(w = widths(s, u, f, m->missing_width)) &&
		(type0 = HPDF_Dict_New(mm)) && ok(s, HPDF_Xref_Add(xref, type0)) &&
		ok(s, HPDF_Dict_AddName(type0, "Type", "Font")) && ok(s, HPDF_Dict_AddName(type0, "BaseFont", name)) &&
		ok(s, HPDF_Dict_AddName(type0, "Subtype", "Type0")) && ok(s, HPDF_Dict_AddName(type0, "Encoding", "Identity-H")) &&
		ok(s, HPDF_Dict_Add(type0, "ToUnicode", tu)) &&
		(desc_fonts = HPDF_Array_New(mm)) && ok(s, HPDF_Dict_Add(type0, "DescendantFonts", desc_fonts)) &&
		(cid = HPDF_Dict_New(mm)) && ok(s, HPDF_Xref_Add(xref, cid)) && ok(s, HPDF_Array_Add(desc_fonts, cid)) &&
		ok(s, HPDF_Dict_AddName(cid, "Type", "Font")) &&
		ok(s, HPDF_Dict_AddName(cid, "Subtype", u->sub->cff ? "CIDFontType0" : "CIDFontType2")) &&
		ok(s, HPDF_Dict_AddName(cid, "BaseFont", name)) && ok(s, HPDF_Dict_AddNumber(cid, "DW", m->missing_width)) &&
		(dw2 = HPDF_Array_New(mm)) && ok(s, HPDF_Array_AddNumber(dw2, m->bbox[1])) &&
		ok(s, HPDF_Array_AddNumber(dw2, m->bbox[1] - m->bbox[3])) && ok(s, HPDF_Dict_Add(cid, "DW2", dw2)) &&
		ok(s, HPDF_Dict_Add(cid, "W", w)) &&
		(info = HPDF_Dict_New(mm)) && ok(s, HPDF_Dict_Add(info, "Registry", HPDF_String_New(mm, "Adobe", NULL))) &&
		ok(s, HPDF_Dict_Add(info, "Ordering", HPDF_String_New(mm, "Identity", NULL))) &&
		ok(s, HPDF_Dict_AddNumber(info, "Supplement", 0)) && ok(s, HPDF_Dict_Add(cid, "CIDSystemInfo", info)) &&
		ok(s, HPDF_Dict_Add(cid, "FontDescriptor", desc)) &&
		/* Codes are glyph ids (a CIDFontType0 finds its glyphs through the CFF charset,
		 * which cff.c made the identity, and may not carry a map). */
		(u->sub->cff || ok(s, HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity")));
	if (!good) {
		*err = xasprintf("无法建立字体 %s：%s", fn_face_path(s->d->fs, f), failure_text(s));
		return -1;
	}
	u->font = type0;
	return 0;
}

/* The page's content stream, written here rather than through libharu's operator calls
 * (each clears a 512-byte buffer byte by byte and formats numbers slowly), with what the
 * page already has set, so each state operator is written only when its value changes. */
typedef struct {
	strbuf b;
	HPDF_Page page;
	int in_text;            /* inside BT … ET */
	long long tx, ty;       /* the text line matrix's origin in 1/100 pt (0, 0 after BT) */
	int scaled;             /* the line matrix is horizontally scaled: the next run sets Tm */
	HPDF_Font font;         /* the values the page currently has (PDF's defaults at first) */
	double size, tc, lw;
	int tr;
	pd_rgb fill, stroke;
	int path;               /* an open path of rules not yet stroked */
	double path_w;
	pd_rgb path_c;
} pen_t;

/* Appends x and a space: at most 4 decimals (1/10,000 pt), trailing zeros dropped. */
static void put_fixed(strbuf *b, long long v, int places);

/* Appends a number to 4 decimals (sizes, widths, tracking, colours), trailing zeros cut. */
static void put_num(strbuf *b, double x) { put_fixed(b, llround(x * 10000), 4); }

/* Appends a position to 2 decimals, 1/7200 inch: finer than any printer, and page
 * contents are mostly positions. */
static void put_pos(strbuf *b, double x) { put_fixed(b, llround(x * 100), 2); }

/* Appends v / 10^places and a space, trailing zeros cut. */
static void put_fixed(strbuf *b, long long v, int places)
{
	char tmp[32], *e = tmp + sizeof tmp, *p = e;
	long long scale = places == 2 ? 100 : 10000;
	int neg = v < 0;
	if (neg) v = -v;
	*--p = ' ';
	int frac = (int)(v % scale), digits = places;
	while (frac && frac % 10 == 0) { frac /= 10; digits--; }
	if (frac) {
		for (int i = 0; i < digits; i++) { *--p = (char)('0' + frac % 10); frac /= 10; }
		*--p = '.';
	}
	long long ip = v / scale;
	do { *--p = (char)('0' + ip % 10); ip /= 10; } while (ip);
	if (neg && v) *--p = '-';
	sb_add(b, p, (size_t)(e - p));
}

/* Appends an operator and its line end. */
static void put_op(strbuf *b, const char *op)
{
	sb_puts(b, op);
	sb_add(b, "\n", 1);
}

/* True when two colours are the same. */
static int same_rgb(pd_rgb a, pd_rgb b) { return a.r == b.r && a.g == b.g && a.b == b.b; }

/* Appends a colour's three components and the operator. */
static void put_rgb(strbuf *b, pd_rgb c, const char *op)
{
	put_num(b, c.r);
	put_num(b, c.g);
	put_num(b, c.b);
	put_op(b, op);
}

/* Sets the fill colour if it differs. */
static void pen_fill(pen_t *p, pd_rgb c)
{
	if (same_rgb(p->fill, c)) return;
	put_rgb(&p->b, c, "rg");
	p->fill = c;
}

/* Sets the stroke colour if it differs. */
static void pen_stroke(pen_t *p, pd_rgb c)
{
	if (same_rgb(p->stroke, c)) return;
	put_rgb(&p->b, c, "RG");
	p->stroke = c;
}

/* Sets the line width if it differs. */
static void pen_width(pen_t *p, double w)
{
	if (p->lw == w) return;
	put_num(&p->b, w);
	put_op(&p->b, "w");
	p->lw = w;
}

/* Strokes the pending rules, if any. */
static void pen_flush_path(pen_t *p)
{
	if (!p->path) return;
	put_op(&p->b, "S");
	p->path = 0;
}

/* Leaves the text object, if in one, so path and state operators can follow. */
static void pen_end_text(pen_t *p)
{
	if (!p->in_text) return;
	put_op(&p->b, "ET");
	p->in_text = 0;
}

/* Back to page-description mode with nothing pending (before q/Q and at the page end). */
static void pen_settle(pen_t *p)
{
	pen_flush_path(p);
	pen_end_text(p);
}

/* Appends a point and a path operator (m, l). */
static void put_point(strbuf *b, double x, double y, const char *op)
{
	put_pos(b, x);
	put_pos(b, y);
	put_op(b, op);
}

/* Draws one glyph run: glyphs whose positions follow from the previous advance plus the
 * run's tracking share one text-show operator; others get their own text matrix.
 * Consecutive runs share one text object (Tm is absolute). */
static void draw_glyphs(save_t *s, pen_t *p, double ph, const op_t *o)
{
	static const char hex[] = "0123456789ABCDEF";
	const pd_font *f = &o->font;
	used_t *u = &s->used[f->face];
	strbuf *b = &p->b;
	pen_flush_path(p);
	if (!p->in_text) { put_op(b, "BT"); p->in_text = 1; p->tx = p->ty = 0; p->scaled = 0; }
	if (p->font != u->font || p->size != f->size) {
		/* Registers the font in the page's resources and gives its name there (F1 …). */
		const char *local = HPDF_Page_GetLocalFontName(p->page, u->font);
		sb_add(b, "/", 1);
		sb_puts(b, local ? local : "F0");
		sb_add(b, " ", 1);
		put_num(b, f->size);
		put_op(b, "Tf");
		p->font = u->font;
		p->size = f->size;
	}
	pen_fill(p, f->color);
	int tr = f->embolden > 0 ? 2 : 0;     /* fill, then stroke: the emboldening outline */
	if (tr) {
		pen_width(p, f->embolden * f->size);
		pen_stroke(p, f->color);
	}
	if (p->tr != tr) {
		put_num(b, tr);
		put_op(b, "Tr");
		p->tr = tr;
	}
	if (p->tc != f->tracking) {
		put_num(b, f->tracking);
		put_op(b, "Tc");
		p->tc = f->tracking;
	}
	double pen = 0;
	int open = 0;
	for (size_t i = 0; i < o->n; i++) {
		if (i == 0 || fabs(o->xs[i] - pen) > 0.005) {
			if (open) put_op(b, "> Tj");
			/* A run starts by moving from the last one's start (Td, in the rounded
			 * positions, so nothing drifts); a compressed 标志 needs the full matrix. */
			long long x = llround(o->xs[i] * 100), y = llround((ph - o->y) * 100);
			if (f->hscale != 1 || p->scaled) {
				put_num(b, f->hscale);
				sb_puts(b, "0 0 1 ");
				put_fixed(b, x, 2);
				put_fixed(b, y, 2);
				put_op(b, "Tm");
				p->scaled = f->hscale != 1;
			} else {
				put_fixed(b, x - p->tx, 2);
				put_fixed(b, y - p->ty, 2);
				put_op(b, "Td");
			}
			p->tx = x;
			p->ty = y;
			sb_add(b, "<", 1);
			open = 1;
		}
		unsigned c = code_of(u, o->keys[i]);
		char h[4] = { hex[c >> 12 & 15], hex[c >> 8 & 15], hex[c >> 4 & 15], hex[c & 15] };
		sb_add(b, h, 4);
		pen = o->xs[i] + (fn_advance(s->d->fs, f->face, o->keys[i], f->size) + f->tracking) * f->hscale;
	}
	if (open) put_op(b, "> Tj");
}

/* Draws one page's operations into its content stream, deflated here. */
static void draw_page(save_t *s, const page_t *pg)
{
	HPDF_Page page = HPDF_AddPage(s->pdf);
	if (!page || s->err) return;
	HPDF_Page_SetWidth(page, (HPDF_REAL)pg->w);
	HPDF_Page_SetHeight(page, (HPDF_REAL)pg->h);
	pen_t p = { .page = page, .lw = 1, .fill = PD_BLACK, .stroke = PD_BLACK };
	pen_t saved = p;
	strbuf *b = &p.b;
	int rot = 0;
	/* Graphics first, then all the text on top: one text object and one path per run of
	 * rules instead of a BT/ET pair for every table cell.  (Nothing here is drawn over
	 * text: fills are cell and bar backgrounds.) */
	op_t *tmp;
	const op_t *ops = page_ops(pg, &tmp);
	for (size_t n = 0; n < 2 * pg->nops; n++) {
		const op_t *o = &ops[n % pg->nops];
		if ((o->kind == OP_GLYPHS) != (n >= pg->nops)) continue;
		if (o->rot != rot) {
			pen_settle(&p);
			/* Landscape frame: (u, v) → (v, u) with the frame's top on the left edge. */
			if (o->rot) {
				put_op(b, "q");
				saved = p;
				sb_puts(b, "0 1 -1 0 ");
				put_num(b, pg->w);
				sb_puts(b, "0 cm\n");
			} else {
				strbuf keep = p.b;
				p = saved;      /* Q brings back what was set before q */
				p.b = keep;
				put_op(b, "Q");
			}
			rot = o->rot;
		}
		double ph = rot ? pg->w : pg->h;
		if (o->kind == OP_GLYPHS) {
			draw_glyphs(s, &p, ph, o);
			continue;
		}
		pen_end_text(&p);
		/* Rules of one width and colour in a row (table grids) go into one path. */
		if (p.path && (o->kind != OP_LINE || p.path_w != o->width || !same_rgb(p.path_c, o->color)))
			pen_flush_path(&p);
		switch (o->kind) {
		case OP_LINE:
			if (!p.path) {
				pen_width(&p, o->width);
				pen_stroke(&p, o->color);
				p.path = 1;
				p.path_w = o->width;
				p.path_c = o->color;
			}
			put_point(b, o->x1, ph - o->y1, "m");
			put_point(b, o->x2, ph - o->y2, "l");
			break;
		case OP_RECT:
			if (o->has_fill) pen_fill(&p, o->fill);
			if (o->width > 0) {
				pen_width(&p, o->width);
				pen_stroke(&p, o->color);
			}
			put_pos(b, o->x1);
			put_pos(b, ph - o->y1 - o->y2);
			put_pos(b, o->x2);
			put_pos(b, o->y2);
			put_op(b, "re");
			put_op(b, o->has_fill && o->width > 0 ? "B" : o->has_fill ? "f" : "S");
			break;
		case OP_POLY:
			pen_width(&p, o->width);
			pen_stroke(&p, o->color);
			put_point(b, o->xs[0], ph - o->ys[0], "m");
			for (size_t k = 1; k < o->n; k++) put_point(b, o->xs[k], ph - o->ys[k], "l");
			put_op(b, "S");
			break;
		}
	}
	free(tmp);
	pen_settle(&p);
	if (rot) put_op(b, "Q");
	HPDF_PageAttr pa = (HPDF_PageAttr)page->attr;
	unsigned char *z;
	size_t zlen = pd_deflate_at(s, 1, b->s ? b->s : "", b->len, &z);
	HPDF_Stream_Write(pa->stream, z, (HPDF_UINT)zlen);
	free(z);
	free(b->s);
	pa->contents->filter = HPDF_STREAM_FILTER_NONE;
	pa->contents->write_fn = write_flate_key;
}

/* Sets an /Info entry to UTF-8 text as a PDF text string: UTF-16BE after a byte-order mark,
 * as libharu's UTF-8 encoder wrote it (no encoder is set up: fonts are built here). */
static void set_info(save_t *s, const char *key, const char *text)
{
	strbuf b = {0};
	sb_add(&b, "\xFE\xFF", 2);
	const char *p = text, *end = text + strlen(text);
	while (p < end) {
		int32_t cp = utf8_next(&p, end);
		if (cp < 0) cp = 0xFFFD;
		unsigned units[2] = { (unsigned)cp, 0 };
		int n = 1;
		if (cp > 0xFFFF) {
			units[0] = 0xD800 + ((unsigned)(cp - 0x10000) >> 10);
			units[1] = 0xDC00 + ((unsigned)(cp - 0x10000) & 0x3FF);
			n = 2;
		}
		for (int i = 0; i < n; i++) {
			char c[2] = { (char)(units[i] >> 8), (char)units[i] };
			sb_add(&b, c, 2);
		}
	}
	HPDF_Dict_Add(s->pdf->info, key, HPDF_Binary_New(s->pdf->mmgr, (HPDF_BYTE *)b.s, (HPDF_UINT)b.len));
	free(b.s);
}

/* libharu's allocator.  libharu 2.3.0 goes on using objects whose allocation failed
 * (HPDF_Page_New adds a NULL MediaBox and crashes in HPDF_Dict_Add), so an allocation may
 * not fail inside it: out of memory ends the run here, cleanly (xmalloc: message, stage
 * removed, exit 70), instead of a segfault later. */
static void *hpdf_alloc(HPDF_UINT size) { return xmalloc(size); }
static void hpdf_free(void *p) { free(p); }

/* Builds the whole PDF into a libharu stream and copies it out. */
int pd_save_mem(pd_doc *d, const pd_meta *meta, unsigned char **buf, size_t *len, char **err)
{
	save_t s = { .d = d, .nfaces = fn_nfaces(d->fs) };
	s.used = xcalloc((size_t)s.nfaces, sizeof *s.used);
	int rc = EXIT_SOFTWARE;
	*buf = NULL;
	*len = 0;
	s.pdf = HPDF_NewEx(on_error, hpdf_alloc, hpdf_free, 0, &s);
	if (!s.pdf) { *err = xstrdup("libharu 无法开始一份文件（内存不足）"); goto out; }
	HPDF_SetCompressionMode(s.pdf, HPDF_COMP_ALL);
	/* Only what the caller gives goes into /Info: no clock, so reruns are byte-identical.
	 * (The ASCII call makes libharu create the dictionary; set_info writes the entries.) */
	HPDF_SetInfoAttr(s.pdf, HPDF_INFO_PRODUCER, "kaoji");
	set_info(&s, "Producer", "kaoji " KAOJI_VERSION " (libharu 2.3.0)");
	if (meta) {
		if (meta->title) set_info(&s, "Title", meta->title);
		if (meta->author) set_info(&s, "Author", meta->author);
		if (meta->subject) set_info(&s, "Subject", meta->subject);
		if (meta->year) {
			HPDF_Date dt = { .year = meta->year, .month = meta->month, .day = meta->day, .ind = ' ' };
			HPDF_SetInfoDateAttr(s.pdf, HPDF_INFO_CREATION_DATE, dt);
		}
	}
	if (s.err) { *err = xasprintf("无法开始一份文件：%s", failure_text(&s)); goto out; }
	collect(&s);
	for (int f = 0; f < s.nfaces; f++)
		if (s.used[f].n && load_face(&s, f, err)) goto out;
	fn_release_pages(d->fs);
	for (size_t p = 0; p < d->npages && !s.err && !s.nomem; p++) draw_page(&s, d->pages[p]);
	if (s.err || s.nomem) { *err = xasprintf("无法绘制页面：%s", failure_text(&s)); goto out; }
	if (HPDF_SaveToStream(s.pdf) != HPDF_OK || s.err) {
		*err = xasprintf("无法生成文件：%s", failure_text(&s));
		goto out;
	}
	HPDF_UINT32 size = HPDF_GetStreamSize(s.pdf);
	*buf = xmalloc(size ? size : 1);
	size_t got = 0;
	while (got < size) {
		HPDF_UINT32 n = size - (HPDF_UINT32)got;
		HPDF_STATUS st = HPDF_ReadFromStream(s.pdf, *buf + got, &n);
		got += n;
		if (st != HPDF_OK || n == 0) break;
	}
	if (got != size) { *err = xasprintf("无法取出生成的文件：%s", failure_text(&s)); goto out; }
	*len = got;
	rc = 0;
out:
	if (s.pdf) HPDF_Free(s.pdf);
	for (int f = 0; f < s.nfaces; f++) {
		free(s.used[f].keys);
		fn_subset_release(s.used[f].sub);
	}
	free(s.used);
	libdeflate_free_compressor(s.z);
	libdeflate_free_compressor(s.zc);
	if (rc) { free(*buf); *buf = NULL; *len = 0; }
	return rc;
}

/* Renders the list and writes it atomically to path. */
int pd_save(pd_doc *d, const char *path, const pd_meta *meta, char **err)
{
	unsigned char *buf;
	size_t len;
	int rc = pd_save_mem(d, meta, &buf, &len, err);
	if (rc) return rc;
	atomic_file af;
	if (af_open(&af, path)) {
		*err = xasprintf("无法创建 %s：%s", path, sys_error(errno));
		free(buf);
		return EXIT_CANTCREAT;
	}
	errno = 0;
	int written = fwrite(buf, 1, len, af.fp) == len;
	int saved = errno;
	free(buf);
	if (!written) {
		af_abort(&af);
		*err = xasprintf("写入 %s 失败：%s", path, sys_error(saved ? saved : EIO));
		return EXIT_CANTCREAT;
	}
	if (af_commit(&af)) {
		*err = xasprintf("无法完成写入 %s：%s", path, sys_error(errno ? errno : EIO));
		return EXIT_CANTCREAT;
	}
	return 0;
}
