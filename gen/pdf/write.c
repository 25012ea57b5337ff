/* write.c — writes display lists as PDF 1.3, page by page, with the fonts last.
 *
 * A page is drawn into its content stream, deflated and written the moment it is given,
 * and its display list let go: a province's bound scorecards.pdf (40,000 pages) is written
 * with one scorecard's pages in memory.  This needs each glyph's code before the font
 * exists, so a drawn key (code point and width, fn_key) gets the next code of its face the
 * first time it is drawn; at the end each face is subset with glyph k = code k
 * (fn_subset_shared), so that code = CID = glyph id: TrueType faces become CIDFontType2
 * with /CIDToGIDMap /Identity, OpenType/CFF faces CIDFontType0 with a rebuilt CFF as
 * FontFile3 (font/cff.c, font/ttf.c).  A page's content stream is made by content.c.
 * Pages can be drawn once for two files (pd_writer_add_drawn, pd_save_drawn): a province's
 * scorecards are drawn into the bound copy, and the same deflated streams go into each
 * card's own file, whose fonts then carry the bound copy's codes.  The few kinds of
 * object a kaoji PDF has are written here directly: libharu 2.3.0, which wrote them
 * before, holds every object of a file until it is saved (1.15 GB for that bound copy),
 * embeds no CFF, loses nested composite glyphs, and writes a ToUnicode poppler warns
 * about. */
#include "pdf/pdf.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>

#include "config.h"
#include "base/util.h"
#include "pdf/content.h"
#include "pdf/list.h"

enum { OBJ_CATALOG = 1, OBJ_PAGES, OBJ_INFO, OBJ_FIRST_FREE };

/* One face as this file draws it: the codes its keys were given, in the order drawn. */
typedef struct {
	uint32_t *slot;         /* open addressing over keys (0: empty; code point 0 is never drawn) */
	uint16_t *code;         /* code[i]: the code of the key in slot[i] */
	size_t cap;
	fn_key *keys;           /* keys[c - 1]: the key drawn with code c (or cid[c - 1]) */
	size_t n, kcap;
	unsigned *cid;          /* a file of pages drawn elsewhere (pd_save_drawn): keys[i]'s code,
	                         * increasing; NULL: code i + 1 */
	uint32_t *seen;         /* recording (pd_writer_add_drawn): seen[c] = the recording that saw c */
	size_t seencap;
	unsigned obj;           /* its Type0 font's object number, 0 until first drawn */
} face_use;

/* A page drawn once for two files: its deflated content stream and the faces it names. */
typedef struct {
	double w, h;
	unsigned char *z, *faces;
	size_t zlen;
} drawn_page;

/* Pages drawn by one writer for a second file (pd_writer_add_drawn): their streams, and per
 * face the keys they draw with the codes the drawing writer gave them. */
struct pd_drawn {
	const fn_set *fs;
	int nfaces;
	drawn_page *pages;
	size_t npages, pcap;
	struct drawn_face { fn_key *keys; unsigned *codes; size_t n, cap; } *faces;
};

/* Everything a file being written needs (one state struct, as in md2pdf). */
struct pd_writer {
	const fn_set *fs;
	FILE *fp;
	atomic_file af;         /* af.fp is fp when writing to a file */
	char *path;             /* the file's name, for messages (af's is freed with it) */
	int to_file;
	size_t off;             /* bytes written so far */
	size_t *xref;           /* xref[n]: object n's offset (0: not yet written) */
	size_t nobj, xcap;      /* object numbers handed out: 1 … nobj - 1 */
	unsigned *kids;         /* the page objects, in order */
	size_t nkids, kidcap;
	face_use *faces;
	int nfaces;
	struct libdeflate_compressor *z, *zc;   /* fonts, page contents: made on first use */
	pd_drawn *rec;                          /* recording the codes drawn into it, or NULL */
	uint32_t nrec;                          /* recordings made: the current one's number */
	strbuf tmp;                             /* one object's text at a time */
	size_t content_len;                     /* the longest content stream so far */
	int failed, nomem, too_many;
	int write_errno;                        /* why the first write failed */
	char *why;                              /* the first failure, when not a write error */
};

/* Compression levels for the streams deflated here (libdeflate: about 2.5 times as fast
 * as zlib at its default, and 1–2 % smaller).  Measured once kaoji made its own CFF
 * subsets, deflate was a quarter of the CPU: notice and 37 cards of samples/2022 in bytes,
 * and user CPU of 2,000 units' annual run, font/content levels 6/4: 2,074,139 B, 6.0 s;
 * 2/2: 2,088,265 B, 5.6 s; 1/1: 2,101,781 B, 4.9 s.  Level 1 costs 1.3 % in bytes (the
 * package stays at 0.84 of Typst's) for a fifth of the CPU; both can be set with -D.
 * CFF programs are not deflated at all (put_program). */
#ifndef PD_ZLEVEL
#define PD_ZLEVEL 1
#endif
#ifndef PD_ZLEVEL_CONTENT
#define PD_ZLEVEL_CONTENT 1
#endif

/* ---- the file: bytes, objects, streams ---------------------------------------------- */

/* Appends bytes to the file, counting them. */
static void put(pd_writer *w, const void *data, size_t len)
{
	if (len && fwrite(data, 1, len, w->fp) != len && !w->failed) {
		w->failed = 1;
		w->write_errno = errno;
	}
	w->off += len;
}

/* Writes the object text collected in w->tmp and empties it. */
static void put_tmp(pd_writer *w)
{
	put(w, w->tmp.s, w->tmp.len);
	w->tmp.len = 0;
}

/* A new object number. */
static unsigned new_obj(pd_writer *w)
{
	GROW(w->xref, w->nobj, w->xcap);
	w->xref[w->nobj] = 0;
	return (unsigned)w->nobj++;
}

/* Starts object n here: its offset noted and its header put in w->tmp. */
static void begin_obj(pd_writer *w, unsigned n)
{
	put_tmp(w);
	w->xref[n] = w->off;
	/* "n 0 obj" and the xref lines are formatted by hand: with sb_printf the two were 0.8 %
	 * of a province's annual run. */
	char head[24], *q = head + sizeof head;
	q -= 7;
	memcpy(q, " 0 obj\n", 7);
	do { *--q = (char)('0' + n % 10); n /= 10; } while (n);
	sb_add(&w->tmp, q, (size_t)(head + sizeof head - q));
}

/* Ends the object begun (its dictionary text is in w->tmp) and writes it. */
static void end_obj(pd_writer *w)
{
	sb_puts(&w->tmp, "\nendobj\n");
	put_tmp(w);
}

/* Deflates len bytes into *out (caller frees) as a zlib stream (FlateDecode) at the
 * content or the font level; the compressed length, or 0 (*out NULL) on failure. */
static size_t deflate_at(pd_writer *w, int content, const void *in, size_t len, unsigned char **out)
{
	struct libdeflate_compressor **z = content ? &w->zc : &w->z;
	*out = NULL;
	if (!*z) *z = libdeflate_alloc_compressor(content ? PD_ZLEVEL_CONTENT : PD_ZLEVEL);
	if (!*z) { w->nomem = 1; return 0; }
	size_t n = libdeflate_zlib_compress_bound(*z, len);
	*out = xmalloc(n);
	n = libdeflate_zlib_compress(*z, in, len, *out, n);
	if (!n) { free(*out); *out = NULL; w->nomem = 1; }
	return n;
}

/* Writes object n as a stream of data, deflated or not; dict holds the entries beyond
 * /Length and /Filter (may be ""). */
static void put_stream_as(pd_writer *w, unsigned n, const char *dict, const void *z, size_t zlen,
                          int deflated)
{
	begin_obj(w, n);
	sb_printf(&w->tmp, "<< %s/Length %zu%s >>\nstream\n", dict, zlen,
	          deflated ? " /Filter /FlateDecode" : "");
	put_tmp(w);
	put(w, z, zlen);
	sb_puts(&w->tmp, "\nendstream");
	end_obj(w);
}

/* Writes object n as a stream of already deflated data (put_stream_as). */
static void put_stream(pd_writer *w, unsigned n, const char *dict, const void *z, size_t zlen)
{
	put_stream_as(w, n, dict, z, zlen, 1);
}

/* A stream shorter than this is stored as it is: deflating one costs libdeflate some 40 µs
 * however short it is (a block's Huffman codes are built anew), and a scorecard's two
 * ToUnicode CMaps (0.5 and 1.5 KB) were 1,000 of a 500-unit annual run's 2,000 deflate
 * calls, 5 % of its instructions, to save 900 bytes a card. */
#define STORE_BELOW 4096

/* Deflates data at the font level (a short stream: stored) and writes it as stream object n. */
static void put_deflated(pd_writer *w, unsigned n, const char *dict, const void *data, size_t len)
{
	if (len < STORE_BELOW) {
		put_stream_as(w, n, dict, data, len, 0);
		return;
	}
	unsigned char *z;
	size_t zlen = deflate_at(w, 0, data, len, &z);
	if (z) put_stream(w, n, dict, z, zlen);
	free(z);
}

/* Writes code point cp in UTF-16 as hex (4 digits, or 8 for a surrogate pair); returns the end. */
static char *put_utf16_hex(char *p, uint32_t cp)
{
	if (cp <= 0xFFFF) return pd_hex4(p, cp);
	p = pd_hex4(p, 0xD800 + ((cp - 0x10000) >> 10));
	return pd_hex4(p, 0xDC00 + ((cp - 0x10000) & 0x3FF));
}

/* Appends UTF-8 text as a PDF text string: UTF-16BE after a byte-order mark, in hex. */
static void put_text(strbuf *b, const char *text)
{
	sb_puts(b, "<FEFF");
	const char *p = text, *end = text + strlen(text);
	while (p < end) {
		int32_t cp = utf8_next(&p, end);
		if (cp < 0) cp = 0xFFFD;
		char h[8];
		sb_add(b, h, (size_t)(put_utf16_hex(h, (uint32_t)cp) - h));
	}
	sb_puts(b, ">");
}

/* ---- codes: given at first use ------------------------------------------------------- */

/* The code key is drawn with in face f, given now if it has none (0 when the face has
 * run out of codes: the file then fails). */
static unsigned new_code(pd_writer *w, int f, fn_key key)
{
	face_use *u = &w->faces[f];
	if (2 * (u->n + 1) > u->cap) {
		size_t cap = u->cap ? u->cap * 2 : 1024;
		uint32_t *slot = xcalloc(cap, sizeof *slot);
		uint16_t *code = xmalloc(cap * sizeof *code);
		for (size_t i = 0; i < u->cap; i++) {
			if (!u->slot[i]) continue;
			size_t k = (u->slot[i] * 2654435761u) & (cap - 1);
			while (slot[k]) k = (k + 1) & (cap - 1);
			slot[k] = u->slot[i];
			code[k] = u->code[i];
		}
		free(u->slot);
		free(u->code);
		u->slot = slot;
		u->code = code;
		u->cap = cap;
	}
	size_t k = (key * 2654435761u) & (u->cap - 1);
	while (u->slot[k] && u->slot[k] != key) k = (k + 1) & (u->cap - 1);
	if (u->slot[k]) return u->code[k];
	if (u->n >= FN_MAX_CODES) { w->too_many = w->failed = 1; return 0; }
	GROW(u->keys, u->n, u->kcap);
	u->keys[u->n++] = key;
	u->slot[k] = key;
	u->code[k] = (uint16_t)u->n;
	if (!u->obj) u->obj = new_obj(w);
	return u->n;
}

/* Notes in the recording that key was drawn with code c in face f, the first time. */
static void record(pd_writer *w, int f, fn_key key, unsigned c)
{
	face_use *u = &w->faces[f];
	if (c >= u->seencap) {
		size_t cap = u->seencap ? u->seencap : 256;
		while (cap <= c) cap *= 2;
		u->seen = xrealloc(u->seen, cap * sizeof *u->seen);
		memset(u->seen + u->seencap, 0, (cap - u->seencap) * sizeof *u->seen);
		u->seencap = cap;
	}
	if (u->seen[c] == w->nrec) return;
	u->seen[c] = w->nrec;
	struct drawn_face *df = &w->rec->faces[f];
	if (df->n == df->cap) {
		df->cap = df->cap ? 2 * df->cap : 64;
		df->keys = xrealloc(df->keys, df->cap * sizeof *df->keys);
		df->codes = xrealloc(df->codes, df->cap * sizeof *df->codes);
	}
	df->keys[df->n] = key;
	df->codes[df->n++] = c;
}

/* The code key is drawn with in face f (new_code), noted when recording (a pd_code_fn). */
static unsigned code_of(void *arg, int f, fn_key key)
{
	pd_writer *w = arg;
	unsigned c = new_code(w, f, key);
	if (w->rec && c) record(w, f, key, c);
	return c;
}

/* ---- pages ------------------------------------------------------------------------- */

/* Writes a page of size w × h: its deflated content stream z and its page object, whose
 * resources name the faces flagged in faces. */
static void put_page(pd_writer *w, double pw, double ph, const unsigned char *faces, const void *z, size_t zlen)
{
	unsigned contents = new_obj(w), page = new_obj(w);
	put_stream(w, contents, "", z, zlen);
	begin_obj(w, page);
	strbuf *b = &w->tmp;
	sb_printf(b, "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 ", OBJ_PAGES);
	pd_put_num(b, pw);
	pd_put_num(b, ph);
	sb_puts(b, "] /Resources << /Font <<");
	for (int f = 0; f < w->nfaces; f++)
		if (faces[f]) sb_printf(b, " /F%d %u 0 R", f + 1, w->faces[f].obj);
	sb_printf(b, " >> >> /Contents %u 0 R >>", contents);
	end_obj(w);
	GROW(w->kids, w->nkids, w->kidcap);
	w->kids[w->nkids++] = page;
}

/* Writes one page: its content stream, deflated, and its page object; when recording,
 * the stream and the faces are kept for the second file too. */
static void write_page(pd_writer *w, const page_t *pg)
{
	unsigned char *faces = xcalloc((size_t)w->nfaces + 1, 1);
	strbuf b = {0};
	sb_reserve(&b, w->content_len ? w->content_len : 4096);     /* not grown by doubling each page */
	pd_content(w->fs, pg, code_of, w, &b, faces);
	if (b.len > w->content_len) w->content_len = b.len;
	unsigned char *z;
	size_t zlen = deflate_at(w, 1, b.s ? b.s : "", b.len, &z);
	free(b.s);
	if (!z) { free(faces); return; }
	put_page(w, pg->w, pg->h, faces, z, zlen);
	if (w->rec) {
		pd_drawn *r = w->rec;
		GROW(r->pages, r->npages, r->pcap);
		r->pages[r->npages++] = (drawn_page){ pg->w, pg->h, z, faces, zlen };
		return;
	}
	free(z);
	free(faces);
}

/* ---- fonts ---------------------------------------------------------------------------- */

/* A subset's tag (six capitals before its name, PDF 9.6.4), from its characters: two
 * files drawing different characters never give a viewer two fonts of one name. */
static void subset_tag(const face_use *u, int face, char tag[7])
{
	uint64_t h = 1469598103934665603u ^ (uint64_t)(unsigned)face;
	for (size_t i = 0; i < u->n; i++) { h ^= u->keys[i]; h *= 1099511628211u; }
	for (int i = 0; i < 6; i++) { tag[i] = (char)('A' + h % 26); h /= 26; }
	tag[6] = 0;
}

/* Code i of a face's ToUnicode: the bound copy's when it gave the codes, else i + 1. */
static unsigned tu_code(const face_use *u, size_t i) { return u->cid ? u->cid[i] : (unsigned)(i + 1); }

/* Where the run of consecutive codes starting at entry i ends: a bfrange may not cross a
 * multiple of 256 (its codes differ only in the last byte). */
static size_t tu_run(const face_use *u, size_t i)
{
	size_t j = i + 1;
	while (j < u->n && tu_code(u, j) == tu_code(u, j - 1) + 1 && (tu_code(u, j) & 0xFF)) j++;
	return j;
}

/* The ToUnicode CMap: the codes back to the code points.  A run of consecutive codes is
 * one bfrange line with an array of code points, a lone code a bfchar line: a scorecard's
 * 300 codes come in about 30 runs (the bound copy gave each card's new characters codes
 * in a row), which halves the text deflated for every card file (5 % of annual's CPU). */
static void put_tounicode(pd_writer *w, unsigned n, const face_use *u)
{
	strbuf b = {0};
	sb_reserve(&b, 512 + 8 * u->n);
	sb_puts(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
	        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (int ranges = 0; ranges < 2; ranges++) {
		/* Lone codes first (bfchar), then runs (bfrange), at most 100 lines a block. */
		size_t lines = 0;
		for (size_t i = 0; i < u->n; i = tu_run(u, i)) lines += (tu_run(u, i) - i > 1) == ranges;
		for (size_t i = 0, done = 0; i < u->n; i = tu_run(u, i)) {
			size_t j = tu_run(u, i);
			if ((j - i > 1) != ranges) continue;
			if (done % 100 == 0) {
				size_t k = lines - done < 100 ? lines - done : 100;
				char head[32];
				snprintf(head, sizeof head, "%zu %s\n", k, ranges ? "beginbfrange" : "beginbfchar");
				sb_puts(&b, head);
			}
			/* By hand: a card's lines through printf were 6 % of annual. */
			char line[40], *e = line;
			*e++ = '<';
			e = pd_hex4(e, tu_code(u, i));
			*e++ = '>'; *e++ = ' ';
			if (ranges) {
				*e++ = '<';
				e = pd_hex4(e, tu_code(u, j - 1));
				*e++ = '>'; *e++ = ' '; *e++ = '[';
			}
			sb_add(&b, line, (size_t)(e - line));
			for (size_t k = i; k < j; k++) {
				e = line;
				if (k > i) *e++ = (k - i) % 16 ? ' ' : '\n';
				*e++ = '<';
				e = put_utf16_hex(e, fn_key_cp(u->keys[k]));
				*e++ = '>';
				sb_add(&b, line, (size_t)(e - line));
			}
			sb_puts(&b, ranges ? "]\n" : "\n");
			if (++done % 100 == 0 || done == lines) sb_puts(&b, ranges ? "endbfrange\n" : "endbfchar\n");
		}
	}
	sb_puts(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	put_deflated(w, n, "", b.s, b.len);
	free(b.s);
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

/* Writes the subset's program as object n: TrueType as FontFile2, deflated; CFF as FontFile3
 * /CIDFontType0C, the bare CFF table rather than /OpenType, because it is PDF 1.3 (every
 * viewer and printer reads it, the OpenType subtype needs 1.6), its wrapper tables would
 * only add bytes, and cff.c has rebuilt the table for the PDF's codes anyway.  The CFF is
 * stored as it is: Type 2 charstrings are compact code already, and deflating them at
 * level 1 (90 MB/s on them) took 18 % of a 2,000-unit annual run's CPU to save 15 % of
 * the program's bytes.  Measured: that run's user CPU 5.35 → 4.39 s; notice + 37 cards of
 * samples/2022 2,061,504 → 2,358,585 B, 0.83 → 0.95 of Typst's.  glyf outlines halve. */
static int put_program(pd_writer *w, unsigned n, const fn_subset_t *sub)
{
	unsigned plen;
	const char *pdata = hb_blob_get_data(sub->program, &plen);
	if (sub->cff) {
		put_stream_as(w, n, "/Subtype /CIDFontType0C ", pdata, plen, 0);
		return 0;
	}
	const packed_t *pk = fn_subset_attached(w->fs, sub);
	if (!pk) {
		packed_t *mine = xmalloc(sizeof *mine);
		mine->raw = plen;
		mine->zlen = deflate_at(w, 0, pdata, plen, &mine->z);
		if (!mine->z) { free(mine); return -1; }
		pk = fn_subset_attach(w->fs, sub, mine, packed_free);
	}
	char dict[48];
	snprintf(dict, sizeof dict, "/Length1 %zu ", pk->raw);
	put_stream(w, n, dict, pk->z, pk->zlen);
	return 0;
}

/* Appends v in decimal after the character sep (none when 0): a card's /W arrays were
 * 120 printf calls a file. */
static void put_int(strbuf *b, char sep, long v)
{
	char tmp[24], *q = tmp + sizeof tmp;
	unsigned long a = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	do { *--q = (char)('0' + a % 10); a /= 10; } while (a);
	if (v < 0) *--q = '-';
	if (sep) *--q = sep;
	sb_add(b, q, (size_t)(tmp + sizeof tmp - q));
}

/* Appends the /W array: each code's advance in thousandths of an em (fn_advance of its
 * key), runs of consecutive codes sharing one sub-array; codes with the default width
 * (DW) are left out. */
static void put_widths(pd_writer *w, const face_use *u, int face, int dw)
{
	strbuf *b = &w->tmp;
	sb_puts(b, " /W [");
	int open = 0;
	for (size_t i = 0; i < u->n; i++) {
		int adv = (int)lround(fn_advance(w->fs, face, u->keys[i], 1000));
		/* A run of widths goes on while the codes follow each other. */
		if (open && u->cid && u->cid[i] != u->cid[i - 1] + 1) {
			sb_puts(b, "]");
			open = 0;
		}
		if (adv == dw) {
			if (open) sb_puts(b, "]");
			open = 0;
			continue;
		}
		if (!open) {
			put_int(b, ' ', (long)(u->cid ? u->cid[i] : (unsigned)(i + 1)));
			sb_add(b, " [", 2);
		}
		put_int(b, open ? ' ' : 0, adv);
		open = 1;
	}
	sb_puts(b, open ? "]]" : "]");
}

/* Writes a TrueType CIDFont's CIDToGIDMap for codes drawn elsewhere: code u->cid[i] is
 * glyph i + 1 (two bytes per code up to the highest; codes not drawn are glyph 0). */
static void put_cid_to_gid(pd_writer *w, unsigned n, const face_use *u)
{
	size_t len = 2 * ((size_t)u->cid[u->n - 1] + 1);
	unsigned char *m = xcalloc(len, 1);
	for (size_t i = 0; i < u->n; i++) {
		m[2 * u->cid[i]] = (unsigned char)((i + 1) >> 8);
		m[2 * u->cid[i] + 1] = (unsigned char)(i + 1);
	}
	put_deflated(w, n, "", m, len);
	free(m);
}

/* Subsets face f to the keys drawn with it and writes its font: a Type0 font (Identity-H,
 * our ToUnicode) over a CIDFont whose CIDs are the codes. */
static int write_font(pd_writer *w, int f)
{
	face_use *u = &w->faces[f];
	const char *why = NULL;
	errno = 0;
	const fn_subset_t *sub = fn_subset_shared(w->fs, f, u->keys, u->cid, u->n, &why);
	if (!sub) {
		if (errno == ENOMEM) w->nomem = 1;
		w->why = xasprintf("无法为 %s 生成字体子集（%zu 个字符）：%s", fn_face_path(w->fs, f), u->n,
		                   w->nomem ? "内存不足" : why ? why : "原因不明");
		return -1;
	}
	const fn_metrics *m = fn_face_metrics(w->fs, f);
	char tag[7];
	subset_tag(u, f, tag);
	unsigned file = new_obj(w), desc = new_obj(w), tu = new_obj(w), cid = new_obj(w);
	if (put_program(w, file, sub)) { fn_subset_release(sub); return -1; }
	int cff = sub->cff;
	fn_subset_release(sub);
	unsigned map = !cff && u->cid ? new_obj(w) : 0;
	if (map) put_cid_to_gid(w, map, u);
	begin_obj(w, desc);
	strbuf *b = &w->tmp;
	sb_printf(b, "<< /Type /FontDescriptor /FontName /%s+%s /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %d "
	          "/Ascent %d /Descent %d /XHeight %d /StemV 0 /%s %u 0 R >>",
	          tag, m->name, m->flags, m->bbox[0], m->bbox[1], m->bbox[2], m->bbox[3], m->italic_angle,
	          m->ascent, m->descent, m->x_height, cff ? "FontFile3" : "FontFile2", file);
	end_obj(w);
	put_tounicode(w, tu, u);
	begin_obj(w, cid);
	sb_printf(b, "<< /Type /Font /Subtype /%s /BaseFont /%s+%s "
	          "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
	          "/FontDescriptor %u 0 R /DW %d /DW2 [%d %d]",
	          cff ? "CIDFontType0" : "CIDFontType2", tag, m->name, desc, m->missing_width,
	          m->bbox[1], m->bbox[1] - m->bbox[3]);
	put_widths(w, u, f, m->missing_width);
	/* Codes are glyph ids, or mapped to them (a CIDFontType0 finds its glyphs through the
	 * CFF charset, which cff.c made the identity or the codes, and may not carry a map). */
	if (map) sb_printf(b, " /CIDToGIDMap %u 0 R", map);
	else if (!cff) sb_puts(b, " /CIDToGIDMap /Identity");
	sb_puts(b, " >>");
	end_obj(w);
	begin_obj(w, u->obj);
	sb_printf(b, "<< /Type /Font /Subtype /Type0 /BaseFont /%s+%s /Encoding /Identity-H "
	          "/DescendantFonts [%u 0 R] /ToUnicode %u 0 R >>", tag, m->name, cid, tu);
	end_obj(w);
	return 0;
}

/* ---- the writer ----------------------------------------------------------------------- */

/* A writer on fp: the header and the document information written. */
static pd_writer *writer_on(const fn_set *fs, FILE *fp, const pd_meta *meta)
{
	pd_writer *w = xcalloc(1, sizeof *w);
	w->fs = fs;
	w->fp = fp;
	w->nfaces = fn_nfaces(fs);
	w->faces = xcalloc((size_t)w->nfaces + 1, sizeof *w->faces);
	while (w->nobj < OBJ_FIRST_FREE) new_obj(w);
	/* A comment of bytes above 127 marks the file binary for transfer programs. */
	sb_puts(&w->tmp, "%PDF-1.3\n%\xE2\xE3\xCF\xD3\n");
	/* Only what the caller gives goes into /Info: no clock, so reruns are byte-identical. */
	begin_obj(w, OBJ_INFO);
	strbuf *b = &w->tmp;
	sb_puts(b, "<< /Producer ");
	put_text(b, "kaoji " KAOJI_VERSION);
	if (meta && meta->title) { sb_puts(b, " /Title "); put_text(b, meta->title); }
	if (meta && meta->author) { sb_puts(b, " /Author "); put_text(b, meta->author); }
	if (meta && meta->subject) { sb_puts(b, " /Subject "); put_text(b, meta->subject); }
	if (meta && meta->year)
		sb_printf(b, " /CreationDate (D:%04d%02d%02d000000)", meta->year, meta->month, meta->day);
	sb_puts(b, " >>");
	end_obj(w);
	return w;
}

pd_writer *pd_writer_open(const fn_set *fs, const char *path, const pd_meta *meta, char **err)
{
	atomic_file af;
	if (af_open(&af, path)) {
		*err = xasprintf("无法创建 %s：%s", path, sys_error(errno));
		return NULL;
	}
	/* Objects are written in pieces of a few hundred bytes. */
	setvbuf(af.fp, NULL, _IOFBF, 1 << 16);
	pd_writer *w = writer_on(fs, af.fp, meta);
	w->af = af;
	w->path = xstrdup(path);
	w->to_file = 1;
	return w;
}

int pd_writer_add(pd_writer *w, pd_doc *d)
{
	for (size_t p = 0; p < d->npages && !w->failed && !w->nomem; p++) write_page(w, d->pages[p]);
	pd_drop_pages(d);
	return w->failed || w->nomem ? -1 : 0;
}

int pd_writer_pages(const pd_writer *w) { return (int)w->nkids; }

int pd_writer_add_drawn(pd_writer *w, pd_doc *d, size_t from, pd_drawn **drawn)
{
	for (size_t p = 0; p < d->npages && p < from && !w->failed && !w->nomem; p++) write_page(w, d->pages[p]);
	pd_drawn *r = xcalloc(1, sizeof *r);
	r->fs = w->fs;
	r->nfaces = w->nfaces;
	r->faces = xcalloc((size_t)w->nfaces + 1, sizeof *r->faces);
	w->rec = r;
	w->nrec++;
	for (size_t p = from; p < d->npages && !w->failed && !w->nomem; p++) write_page(w, d->pages[p]);
	w->rec = NULL;
	pd_drop_pages(d);
	if (w->failed || w->nomem) { pd_drawn_free(r); *drawn = NULL; return -1; }
	*drawn = r;
	return 0;
}

void pd_drawn_free(pd_drawn *r)
{
	if (!r) return;
	for (size_t p = 0; p < r->npages; p++) {
		free(r->pages[p].z);
		free(r->pages[p].faces);
	}
	for (int f = 0; f < r->nfaces; f++) {
		free(r->faces[f].keys);
		free(r->faces[f].codes);
	}
	free(r->faces);
	free(r->pages);
	free(r);
}

/* Orders a drawn face's (key, code) pairs by code: a font's codes go up (cff.h, /W). */
static void sort_by_code(fn_key *keys, unsigned *codes, size_t n)
{
	for (size_t i = 1; i < n; i++) {         /* nearly sorted already: insertion sort */
		fn_key k = keys[i];
		unsigned c = codes[i];
		size_t j = i;
		for (; j > 0 && codes[j - 1] > c; j--) {
			keys[j] = keys[j - 1];
			codes[j] = codes[j - 1];
		}
		keys[j] = k;
		codes[j] = c;
	}
}

int pd_save_drawn(pd_drawn *r, const char *path, const pd_meta *meta, char **err)
{
	pd_writer *w = pd_writer_open(r->fs, path, meta, err);
	if (!w) return EXIT_CANTCREAT;
	for (int f = 0; f < w->nfaces; f++) {
		struct drawn_face *df = &r->faces[f];
		if (!df->n) continue;
		face_use *u = &w->faces[f];
		sort_by_code(df->keys, df->codes, df->n);
		u->keys = df->keys;
		u->cid = df->codes;
		u->n = u->kcap = df->n;
		df->keys = NULL;
		df->codes = NULL;
		df->n = 0;
		u->obj = new_obj(w);
	}
	for (size_t p = 0; p < r->npages; p++)
		put_page(w, r->pages[p].w, r->pages[p].h, r->pages[p].faces, r->pages[p].z, r->pages[p].zlen);
	return pd_writer_close(w, err);
}

/* Frees the writer's memory (not its file). */
static void writer_free(pd_writer *w)
{
	for (int f = 0; f < w->nfaces; f++) {
		free(w->faces[f].slot);
		free(w->faces[f].code);
		free(w->faces[f].keys);
		free(w->faces[f].cid);
		free(w->faces[f].seen);
	}
	free(w->faces);
	free(w->xref);
	free(w->kids);
	free(w->tmp.s);
	free(w->why);
	free(w->path);
	libdeflate_free_compressor(w->z);
	libdeflate_free_compressor(w->zc);
	free(w);
}

/* The fonts, the page tree, the catalog and the cross-reference table: 0, or the exit
 * status with *err. */
static int finish(pd_writer *w, char **err)
{
	/* A document without pages still has one (a PDF's page tree may not be empty). */
	if (!w->nkids && !w->failed) write_page(w, &(page_t){ .w = 595.276, .h = 841.89, .spill_fd = -1 });
	for (int f = 0; f < w->nfaces && !w->failed && !w->nomem && !w->why; f++)
		if (w->faces[f].n && write_font(w, f)) break;
	fn_release_pages(w->fs);
	if (w->why || w->nomem || w->too_many) {
		*err = w->why ? xstrdup(w->why) : w->too_many ? xasprintf("一种字体用到的字符超过 %u 个", FN_MAX_CODES)
		                                               : xstrdup("内存不足");
		return EXIT_SOFTWARE;
	}
	begin_obj(w, OBJ_PAGES);
	sb_puts(&w->tmp, "<< /Type /Pages /Kids [");
	for (size_t i = 0; i < w->nkids; i++) sb_printf(&w->tmp, i ? " %u 0 R" : "%u 0 R", w->kids[i]);
	sb_printf(&w->tmp, "] /Count %zu >>", w->nkids);
	end_obj(w);
	begin_obj(w, OBJ_CATALOG);
	sb_printf(&w->tmp, "<< /Type /Catalog /Pages %d 0 R >>", OBJ_PAGES);
	end_obj(w);
	size_t at = w->off;
	sb_printf(&w->tmp, "xref\n0 %zu\n0000000000 65535 f \n", w->nobj);
	for (size_t i = 1; i < w->nobj; i++) {
		char line[20];
		memcpy(line, "0000000000 00000 n \n", 20);           /* exactly 20 bytes, no NUL */
		for (size_t v = w->xref[i], k = 10; k-- > 0 && v; v /= 10) line[k] = (char)('0' + v % 10);
		sb_add(&w->tmp, line, 20);
		if (w->tmp.len > 1 << 15) put_tmp(w);
	}
	sb_printf(&w->tmp, "trailer\n<< /Size %zu /Root %d 0 R /Info %d 0 R >>\nstartxref\n%zu\n%%%%EOF\n", w->nobj,
	          OBJ_CATALOG, OBJ_INFO, at);
	put_tmp(w);
	return 0;
}

int pd_writer_close(pd_writer *w, char **err)
{
	int rc = finish(w, err);
	if (rc == 0 && w->to_file) {
		if (w->failed || fflush(w->fp)) {
			int saved = w->failed ? w->write_errno : errno;
			af_abort(&w->af);
			*err = xasprintf("写入 %s 失败：%s", w->path, sys_error(saved ? saved : EIO));
			rc = EXIT_CANTCREAT;
		} else if (af_commit(&w->af)) {
			*err = xasprintf("无法完成写入 %s：%s", w->path, sys_error(errno ? errno : EIO));
			rc = EXIT_CANTCREAT;
		}
	} else if (w->to_file) {
		af_abort(&w->af);
	}
	writer_free(w);
	return rc;
}

void pd_writer_abort(pd_writer *w)
{
	if (!w) return;
	if (w->to_file) af_abort(&w->af);
	writer_free(w);
}

/* Renders the list and writes it atomically to path. */
int pd_save(pd_doc *d, const char *path, const pd_meta *meta, char **err)
{
	pd_writer *w = pd_writer_open(d->fs, path, meta, err);
	if (!w) return EXIT_CANTCREAT;
	pd_writer_add(w, d);
	return pd_writer_close(w, err);
}

/* The same into memory. */
int pd_save_mem(pd_doc *d, const pd_meta *meta, unsigned char **buf, size_t *len, char **err)
{
	char *mem = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&mem, &size);
	*buf = NULL;
	*len = 0;
	if (!fp) { *err = xstrdup("内存不足"); return EXIT_SOFTWARE; }
	pd_writer *w = writer_on(d->fs, fp, meta);
	pd_writer_add(w, d);
	int failed = w->failed;
	int rc = finish(w, err);
	failed |= w->failed;
	writer_free(w);
	if (fclose(fp) || (failed && !rc)) {
		if (!rc) *err = xstrdup("内存不足");
		rc = rc ? rc : EXIT_SOFTWARE;
	}
	if (rc) { free(mem); return rc; }
	*buf = (unsigned char *)mem;
	*len = size;
	return 0;
}
