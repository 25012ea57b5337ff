/* ttf.c — rewrites a TrueType subset's glyf, loca, hmtx, hhea, maxp and head for a new
 * glyph order (see ttf.h); the other tables a PDF viewer reads are copied. */
#include "font/ttf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* Composite glyph flags (OpenType glyf table). */
enum {
	ARG_1_AND_2_ARE_WORDS = 0x0001, WE_HAVE_A_SCALE = 0x0008, MORE_COMPONENTS = 0x0020,
	WE_HAVE_AN_X_AND_Y_SCALE = 0x0040, WE_HAVE_A_TWO_BY_TWO = 0x0080,
};

/* Reads an n-byte big-endian value. */
static unsigned getu(const unsigned char *p, unsigned n)
{
	unsigned v = 0;
	while (n--) v = v << 8 | *p++;
	return v;
}

/* Stores v in n bytes, big-endian. */
static void setu(unsigned char *p, unsigned long v, int n)
{
	for (int i = n - 1; i >= 0; i--, v >>= 8) p[i] = (unsigned char)v;
}

/* Appends n bytes of a big-endian value. */
static void put_be(strbuf *b, unsigned long v, int n)
{
	char c[4];
	for (int i = 0; i < n; i++) c[i] = (char)(v >> 8 * (n - 1 - i));
	sb_add(b, c, (size_t)n);
}

/* A table of the face, copied into memory the caller frees (NULL when absent). */
static unsigned char *table(hb_face_t *face, hb_tag_t tag, unsigned *len)
{
	hb_blob_t *t = hb_face_reference_table(face, tag);
	const char *data = hb_blob_get_data(t, len);
	unsigned char *copy = *len ? xmalloc(*len) : NULL;
	if (copy) memcpy(copy, data, *len);
	hb_blob_destroy(t);
	return copy;
}

/* Points a composite glyph's components at their glyphs' first copies (first[old]). */
static int remap_components(unsigned char *g, size_t len, const unsigned *first, unsigned nglyphs)
{
	size_t at = 10;
	for (;;) {
		if (at + 4 > len) return -1;
		unsigned flags = getu(g + at, 2), gid = getu(g + at + 2, 2);
		if (gid >= nglyphs) return -1;
		setu(g + at + 2, first[gid], 2);
		at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
		at += flags & WE_HAVE_A_SCALE ? 2 : flags & WE_HAVE_AN_X_AND_Y_SCALE ? 4 : flags & WE_HAVE_A_TWO_BY_TWO ? 8 : 0;
		if (!(flags & MORE_COMPONENTS)) return 0;
	}
}

/* Adds a table built here to the builder face (the builder keeps a reference). */
static void add_table(hb_face_t *b, hb_tag_t tag, unsigned char *data, size_t len)
{
	hb_blob_t *blob = hb_blob_create((const char *)data, (unsigned)len, HB_MEMORY_MODE_WRITABLE, data, free);
	hb_face_builder_add_table(b, tag, blob);
	hb_blob_destroy(blob);
}

/* Rebuilds the program with glyph k = subset glyph order[k] (see ttf.h). */
hb_blob_t *ttf_rebuild(hb_face_t *sub, const unsigned *order, const double *widths, size_t n, const char **why)
{
	*why = "TrueType 字形表无法识别";
	unsigned hlen, llen, glen, mlen, hhlen, plen;
	unsigned char *head = table(sub, HB_TAG('h', 'e', 'a', 'd'), &hlen), *loca = table(sub, HB_TAG('l', 'o', 'c', 'a'), &llen);
	unsigned char *glyf = table(sub, HB_TAG('g', 'l', 'y', 'f'), &glen), *hmtx = table(sub, HB_TAG('h', 'm', 't', 'x'), &mlen);
	unsigned char *hhea = table(sub, HB_TAG('h', 'h', 'e', 'a'), &hhlen), *maxp = table(sub, HB_TAG('m', 'a', 'x', 'p'), &plen);
	hb_blob_t *out = NULL;
	unsigned *first = NULL;
	unsigned nglyphs = hb_face_get_glyph_count(sub);
	if (!head || hlen < 54 || !loca || !glyf || !hmtx || !hhea || hhlen < 36 || !maxp || plen < 6 || !n || order[0] != 0 ||
	    n > 65535)
		goto out;
	int long_loca = (int16_t)getu(head + 50, 2) == 1;
	unsigned nmetrics = getu(hhea + 34, 2);
	if (llen < (nglyphs + 1) * (long_loca ? 4u : 2u) || !nmetrics || nmetrics > nglyphs ||
	    mlen < nmetrics * 4 + (nglyphs - nmetrics) * 2)
		goto out;
	first = xcalloc(nglyphs, sizeof *first);
	for (size_t k = n; k-- > 0; ) {
		if (order[k] >= nglyphs) goto out;
		first[order[k]] = (unsigned)k;
	}
	strbuf g = {0}, l = {0}, m = {0};
	unsigned max_adv = 0;
	for (size_t k = 0; k < n; k++) {
		unsigned src = order[k];
		unsigned a = long_loca ? getu(loca + 4 * src, 4) : 2 * getu(loca + 2 * src, 2);
		unsigned e = long_loca ? getu(loca + 4 * src + 4, 4) : 2 * getu(loca + 2 * src + 2, 2);
		if (a > e || e > glen) { free(g.s); free(l.s); free(m.s); goto out; }
		put_be(&l, g.len, 4);
		size_t at = g.len;
		sb_add(&g, (const char *)glyf + a, e - a);
		if (e - a >= 10 && (int16_t)getu(glyf + a, 2) < 0 &&
		    remap_components((unsigned char *)g.s + at, e - a, first, nglyphs)) {
			free(g.s); free(l.s); free(m.s);
			goto out;
		}
		while (g.len % 4) sb_add(&g, "", 1);
		unsigned adv = getu(hmtx + 4 * (src < nmetrics ? src : nmetrics - 1), 2);
		unsigned lsb = src < nmetrics ? getu(hmtx + 4 * src + 2, 2) : getu(hmtx + 4 * nmetrics + 2 * (src - nmetrics), 2);
		if (widths && widths[k] >= 0) adv = (unsigned)lround(widths[k]);
		if (adv > max_adv) max_adv = adv;
		put_be(&m, adv, 2);
		put_be(&m, lsb, 2);
	}
	put_be(&l, g.len, 4);
	setu(head + 50, 1, 2);                          /* long loca */
	setu(head + 8, 0, 4);                           /* checkSumAdjustment: not kept up */
	setu(hhea + 10, max_adv, 2);
	setu(hhea + 34, n, 2);
	setu(maxp + 4, n, 2);
	hb_face_t *b = hb_face_builder_create();
	static const hb_tag_t copied[] = {
		HB_TAG('c', 'v', 't', ' '), HB_TAG('f', 'p', 'g', 'm'), HB_TAG('n', 'a', 'm', 'e'), HB_TAG('p', 'r', 'e', 'p'),
	};
	for (size_t i = 0; i < sizeof copied / sizeof *copied; i++) {
		hb_blob_t *t = hb_face_reference_table(sub, copied[i]);
		if (hb_blob_get_length(t)) hb_face_builder_add_table(b, copied[i], t);
		hb_blob_destroy(t);
	}
	size_t gl = g.len, ll = l.len, ml = m.len;
	add_table(b, HB_TAG('g', 'l', 'y', 'f'), (unsigned char *)sb_take(&g), gl);
	add_table(b, HB_TAG('l', 'o', 'c', 'a'), (unsigned char *)sb_take(&l), ll);
	add_table(b, HB_TAG('h', 'm', 't', 'x'), (unsigned char *)sb_take(&m), ml);
	add_table(b, HB_TAG('h', 'e', 'a', 'd'), head, hlen);
	add_table(b, HB_TAG('h', 'h', 'e', 'a'), hhea, hhlen);
	add_table(b, HB_TAG('m', 'a', 'x', 'p'), maxp, plen);
	head = hhea = maxp = NULL;
	out = hb_face_reference_blob(b);
	hb_face_destroy(b);
	if (!hb_blob_get_length(out)) { hb_blob_destroy(out); out = NULL; }
	else *why = NULL;
out:
	free(first);
	free(head);
	free(loca);
	free(glyf);
	free(hmtx);
	free(hhea);
	free(maxp);
	return out;
}
