/* test_pdf_writer.c — the page-by-page PDF writer (gen/pdf/write.c): documents added one
 * after another make one file whose pages are let go as they are written, whose cross-
 * reference table points at every object, which has one font per face however many
 * documents drew with it, and whose bytes do not depend on how the pages were given; and
 * pages drawn once for two files (pd_writer_add_drawn, pd_save_drawn); a long document's
 * pages spilled to a temporary file make the bytes they make in memory. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libdeflate.h>

#include "base/util.h"
#include "font/font.h"
#include "layout/layout.h"
#include "pdf/list.h"
#include "pdf/pdf.h"

static fn_set *fs;

/* A document of two pages drawing text in the body face (the same characters each time,
 * and one of its own: n). */
static pd_doc *two_pages(int n)
{
	pd_doc *d = pd_new(fs);
	pd_font f = { .face = fn_pick(fs, FN_BODY, 0x4E2D).face, .size = 16, .hscale = 1, .color = PD_BLACK };
	fn_key keys[] = { 0x4E2D, 0x6587, (fn_key)('0' + n) };
	double xs[] = { 72, 88, 104 };
	for (int p = 0; p < 2; p++) {
		pd_page(d, 595.276, 841.89);
		pd_glyphs(d, &f, 100 + 20 * p, keys, xs, 3);
		pd_line(d, 72, 120, 500, 120, 1, PD_BLACK);
	}
	return d;
}

/* Counts the occurrences of s in the n bytes at p. */
static int count(const unsigned char *p, size_t n, const char *s)
{
	int c = 0;
	size_t k = strlen(s);
	for (size_t i = 0; i + k <= n; i++) c += !memcmp(p + i, s, k);
	return c;
}

/* Reads a whole file. */
static unsigned char *slurp(const char *path, size_t *n)
{
	char *s = read_file(path, n);
	assert_non_null(s);
	return (unsigned char *)s;
}

/* Every xref entry points at "N 0 obj" for its own N, and startxref at the table. */
static void check_xref(const unsigned char *p, size_t n)
{
	const char *sx = NULL;
	for (size_t i = n - 9; i-- > 0 && !sx;)
		if (!memcmp(p + i, "startxref", 9)) sx = (const char *)p + i;
	assert_non_null(sx);
	size_t at = strtoul(sx + 10, NULL, 10);
	assert_true(at < n);
	assert_memory_equal(p + at, "xref\n0 ", 7);
	char *e;
	size_t nobj = strtoul((const char *)p + at + 7, &e, 10);
	assert_true(nobj > 3);
	const char *row = strchr(e, '\n') + 1 + 20;     /* past the free entry of object 0 */
	for (size_t k = 1; k < nobj; k++, row += 20) {
		size_t off = strtoul(row, NULL, 10);
		char want[32];
		int len = snprintf(want, sizeof want, "%zu 0 obj\n", k);
		assert_true(off < at);
		assert_memory_equal(p + off, want, (size_t)len);
	}
}

static void test_stream(void **state)
{
	(void)state;
	char path[] = "/tmp/kaoji-writer-XXXXXX";
	assert_non_null(mkdtemp(path));
	char *file = path_join(path, "bound.pdf"), *err = NULL;
	pd_meta meta = { .title = "合订本", .year = 2023, .month = 1, .day = 16 };
	pd_writer *w = pd_writer_open(fs, file, &meta, &err);
	assert_non_null(w);
	/* Nothing is published before the file is complete. */
	assert_int_not_equal(access(file, F_OK), 0);
	pd_doc *all = pd_new(fs);
	for (int i = 0; i < 3; i++) {
		pd_doc *d = two_pages(i);
		pd_append(all, d);
		assert_int_equal(pd_writer_add(w, all), 0);
		assert_int_equal(pd_npages(all), 0);     /* let go once written */
		assert_int_equal(pd_writer_pages(w), 2 * (i + 1));
		pd_free(d);                               /* the shared pages outlive neither */
	}
	pd_free(all);
	assert_int_equal(pd_writer_close(w, &err), 0);
	size_t n;
	unsigned char *p = slurp(file, &n);
	assert_memory_equal(p, "%PDF-1.3\n", 9);
	assert_int_equal(count(p, n, "/Type /Page "), 6);
	assert_int_equal(count(p, n, "/Count 6 "), 1);
	assert_int_equal(count(p, n, "/Subtype /Type0"), 1);          /* one font for the face */
	check_xref(p, n);

	/* The same pages given as one document make the same bytes. */
	pd_doc *one = pd_new(fs);
	for (int i = 0; i < 3; i++) {
		pd_doc *d = two_pages(i);
		pd_append(one, d);
		pd_free(d);
	}
	unsigned char *q;
	size_t qn;
	assert_int_equal(pd_save_mem(one, &meta, &q, &qn, &err), 0);
	pd_free(one);
	assert_int_equal(qn, n);
	assert_memory_equal(p, q, n);
	free(q);
	free(p);
	unlink(file);
	rmdir(path);
	free(file);
}

/* Draws variant v of what follows a mark: a run on the current page, then (pages) a new
 * page with a rule and a run. */
static void draw_rest(pd_doc *d, int v, int pages)
{
	pd_font f = { .face = fn_pick(fs, FN_BODY, 0x4E2D).face, .size = 16, .hscale = 1, .color = PD_BLACK };
	static const fn_key han[] = { 0x4E00, 0x4E8C, 0x4E09, 0x56DB };      /* 一二三四 */
	fn_key keys[] = { han[v], 0x6587 };
	double xs[] = { 72, 88 };
	pd_glyphs(d, &f, 300, keys, xs, 2);
	if (!pages) return;
	pd_page(d, 595.276, 841.89);
	pd_line(d, 72, 130, 500, 130, 1, PD_BLACK);
	pd_glyphs(d, &f, 200, keys, xs, 2);
}

/* The bytes of d saved (d freed). */
static unsigned char *saved(pd_doc *d, size_t *n)
{
	unsigned char *p;
	char *err = NULL;
	assert_int_equal(pd_save_mem(d, NULL, &p, n, &err), 0);
	pd_free(d);
	return p;
}

/* Saves a and b (both freed) and asserts they make the same bytes. */
static void same_bytes(pd_doc *a, pd_doc *b)
{
	size_t an, bn;
	unsigned char *ap = saved(a, &an), *bp = saved(b, &bn);
	assert_int_equal(an, bn);
	assert_memory_equal(ap, bp, an);
	free(ap);
	free(bp);
}

/* Drawing taken back to a mark and drawn again makes the bytes drawing it once makes:
 * whether the marked page was packed since (a page started after it) or not. */
static void test_truncate(void **state)
{
	(void)state;
	for (int pages = 0; pages < 2; pages++) {
		pd_doc *a = two_pages(0);
		pd_mark m = pd_mark_here(a);
		draw_rest(a, 1, pages);
		draw_rest(a, 3, 1);
		pd_truncate(a, &m);
		draw_rest(a, 2, pages);
		pd_doc *b = two_pages(0);
		draw_rest(b, 2, pages);
		assert_int_equal(pd_npages(a), pd_npages(b));
		same_bytes(a, b);
	}
}

/* A layout resumed at a mark (ly_resume) ends as one laid out straight through: the same
 * pages, page numbers and bytes, though the text dropped ran over two pages. */
static void test_resume(void **state)
{
	(void)state;
	static const char para[] = "根据考核办法，督查科对各窗口本月的工作纪律、工作规范、办件管理等情况进行了考核。";
	char *longer = xstrdup("");
	for (int i = 0; i < 30; i++) { char *t = xasprintf("%s%s", longer, para); free(longer); longer = t; }
	ly_doc *a = ly_new(fs, NULL), *b = ly_new(fs, NULL);
	ly_body(a, para);
	ly_body(b, para);
	ly_mark *m = ly_mark_here(a);
	ly_body(a, longer);
	assert_true(ly_page_count(a) > 1);
	ly_resume(a, m);
	ly_mark_free(m);
	assert_int_equal(ly_page_count(a), 1);
	ly_heading(a, 1, "一、月度得分排名");
	ly_body(a, longer);
	ly_heading(b, 1, "一、月度得分排名");
	ly_body(b, longer);
	assert_int_equal(ly_page_count(a), ly_page_count(b));
	size_t an, bn;
	unsigned char *ap, *bp;
	char *err = NULL;
	assert_int_equal(pd_save_mem(ly_pdf(a), NULL, &ap, &an, &err), 0);
	assert_int_equal(pd_save_mem(ly_pdf(b), NULL, &bp, &bn, &err), 0);
	assert_int_equal(an, bn);
	assert_memory_equal(ap, bp, an);
	free(ap);
	free(bp);
	ly_free(a);
	ly_free(b);
	free(longer);
}

/* A file that cannot be created says so; an aborted one leaves nothing behind. */
static void test_fail(void **state)
{
	(void)state;
	char *err = NULL;
	assert_null(pd_writer_open(fs, "/nonexistent/x.pdf", NULL, &err));
	assert_non_null(strstr(err, "无法创建"));
	free(err);
	char path[] = "/tmp/kaoji-writer-XXXXXX";
	assert_non_null(mkdtemp(path));
	char *file = path_join(path, "x.pdf");
	pd_writer *w = pd_writer_open(fs, file, NULL, &err);
	pd_doc *d = two_pages(0);
	assert_int_equal(pd_writer_add(w, d), 0);
	pd_writer_abort(w);
	pd_free(d);
	assert_int_not_equal(rmdir(path), -1);            /* empty: no temporary file left */
	free(file);
}

/* The streams of a file, in order, the FlateDecode ones inflated (a short one is stored,
 * see write.c), each NUL-terminated; *n of them, their lengths in *lens when asked (glyph
 * codes in a content stream are binary). */
static char **streams(const unsigned char *p, size_t len, int *n, size_t **lens)
{
	char **out = NULL;
	*n = 0;
	if (lens) *lens = NULL;
	struct libdeflate_decompressor *z = libdeflate_alloc_decompressor();
	for (size_t i = 0; i + 8 <= len; i++) {
		if (memcmp(p + i, "/Length ", 8)) continue;
		size_t zlen = strtoul((const char *)p + i + 8, NULL, 10);
		const unsigned char *s = (const unsigned char *)strstr((const char *)p + i, "stream\n");
		const char *flate = strstr((const char *)p + i, "/FlateDecode");
		s += 7;
		size_t cap = 1 << 20, got = 0;
		char *buf = malloc(cap + 1);
		if (flate && (const unsigned char *)flate < s)
			assert_int_equal(libdeflate_zlib_decompress(z, s, zlen, buf, cap, &got), LIBDEFLATE_SUCCESS);
		else
			memcpy(buf, s, got = zlen < cap ? zlen : cap);
		buf[got] = 0;
		out = realloc(out, (size_t)(*n + 1) * sizeof *out);
		if (lens) {
			*lens = realloc(*lens, (size_t)(*n + 1) * sizeof **lens);
			(*lens)[*n] = got;
		}
		out[(*n)++] = buf;
		i = (size_t)(s - p) + zlen;
	}
	libdeflate_free_decompressor(z);
	return out;
}

/* A document's pages drawn once: written into the bound copy with its codes, and into a
 * file of their own with the same content streams, whose fonts carry those codes. */
static void test_drawn(void **state)
{
	(void)state;
	char path[] = "/tmp/kaoji-drawn-XXXXXX";
	assert_non_null(mkdtemp(path));
	char *bound = path_join(path, "bound.pdf"), *card = path_join(path, "card.pdf"), *err = NULL;
	pd_writer *w = pd_writer_open(fs, bound, NULL, &err);
	assert_non_null(w);
	pd_doc *first = two_pages(0);                 /* 中 1, 文 2, 0 3 */
	assert_int_equal(pd_writer_add(w, first), 0);
	pd_free(first);
	/* A blank page, then the card's page: 文 (code 2), 一 (new: 4), 7 (new: 5). */
	pd_doc *d = pd_new(fs);
	pd_page(d, 595.276, 841.89);
	pd_page(d, 595.276, 841.89);
	pd_font f = { .face = fn_pick(fs, FN_BODY, 0x4E2D).face, .size = 16, .hscale = 1, .color = PD_BLACK };
	fn_key keys[] = { 0x6587, 0x4E00, '7' };
	double xs[] = { 72, 88, 104 };
	pd_glyphs(d, &f, 100, keys, xs, 3);
	pd_drawn *dr;
	assert_int_equal(pd_writer_add_drawn(w, d, 1, &dr), 0);
	pd_free(d);
	assert_int_equal(pd_writer_pages(w), 4);
	assert_int_equal(pd_writer_close(w, &err), 0);
	assert_int_equal(pd_save_drawn(dr, card, NULL, &err), 0);
	pd_drawn_free(dr);

	size_t bn, cn;
	unsigned char *b = slurp(bound, &bn), *c = slurp(card, &cn);
	check_xref(c, cn);
	assert_int_equal(count(c, cn, "/Type /Page "), 1);
	int nb, nc;
	size_t *bl, *cl;
	char **bs = streams(b, bn, &nb, &bl), **cs = streams(c, cn, &nc, &cl);
	/* The card's content stream is the bound copy's fourth page's (the first stream of
	 * either file, pages coming before fonts; the bound copy's 4th). */
	assert_true(nb > 4 && nc > 1);
	assert_int_equal(cl[0], bl[3]);
	assert_memory_equal(cs[0], bs[3], cl[0]);
	static const char run[] = "(\0\2\0\4\0\5) Tj";    /* 文 一 7: codes 2, 4, 5 as bytes */
	assert_non_null(memmem(cs[0], cl[0], run, sizeof run - 1));
	/* Its ToUnicode maps exactly the three codes it draws: 2 alone, 4–5 a run. */
	int tu = -1;
	for (int i = 0; i < nc; i++)
		if (strstr(cs[i], "begincmap")) tu = i;
	assert_true(tu >= 0);
	assert_non_null(memmem(c, cn, "begincmap", 9));  /* short: stored, not deflated */
	assert_non_null(strstr(cs[tu], "1 beginbfchar\n<0002> <6587>\nendbfchar\n1 beginbfrange\n<0004> <0005> [<4E00> <0037>]\nendbfrange\n"));
	for (int i = 0; i < nb; i++) free(bs[i]);
	for (int i = 0; i < nc; i++) free(cs[i]);
	free(bs);
	free(cs);
	free(bl);
	free(cl);
	free(b);
	free(c);
	unlink(bound);
	unlink(card);
	rmdir(path);
	free(bound);
	free(card);
}

/* A ToUnicode's runs of codes are bfrange lines that never cross a multiple of 256: 300
 * characters drawn are codes 1–255 and 256–300, two bfrange lines and no bfchar.  In the
 * content stream the codes are bytes of a literal string, where codes 13, 40, 41 and 92
 * (CR, parentheses, backslash) are escaped. */
static void test_codes(void **state)
{
	(void)state;
	char path[] = "/tmp/kaoji-tu-XXXXXX";
	assert_non_null(mkdtemp(path));
	char *file = path_join(path, "t.pdf"), *err = NULL;
	pd_writer *w = pd_writer_open(fs, file, NULL, &err);
	assert_non_null(w);
	pd_doc *d = pd_new(fs);
	pd_page(d, 595.276, 841.89);
	/* 1 pt: each ideograph's advance is 1 pt, so the run is one string. */
	pd_font f = { .face = fn_pick(fs, FN_BODY, 0x4E00).face, .size = 1, .hscale = 1, .color = PD_BLACK };
	fn_key keys[300];
	double xs[300];
	/* 300 characters of the face itself (a character it lacks fails the subset). */
	fn_key cp = 0x4E00;
	for (int i = 0; i < 300; i++, cp++) {
		while (fn_pick(fs, FN_BODY, cp).face != f.face) cp++;
		keys[i] = cp;
		xs[i] = 10 + i;
	}
	pd_glyphs(d, &f, 100, keys, xs, 300);
	assert_int_equal(pd_writer_add(w, d), 0);
	pd_free(d);
	if (pd_writer_close(w, &err)) fail_msg("%s", err);
	size_t n;
	unsigned char *p = slurp(file, &n);
	int ns;
	size_t *sl;
	char **ss = streams(p, n, &ns, &sl), *tu = NULL;
	for (int i = 0; i < ns; i++)
		if (strstr(ss[i], "begincmap")) tu = ss[i];
	assert_non_null(tu);
	assert_true(ns > 0);                          /* the page's content stream is the first */
	static const char cr[] = "\x0c\0\\r\0\x0e", parens[] = "'\0\\(\0\\)\0*", backslash[] = "[\0\\\\\0]";
	assert_non_null(memmem(ss[0], sl[0], cr, sizeof cr - 1));             /* codes 12, 13, 14 */
	assert_non_null(memmem(ss[0], sl[0], parens, sizeof parens - 1));     /* 39, 40, 41, 42 */
	assert_non_null(memmem(ss[0], sl[0], backslash, sizeof backslash - 1));       /* 91, 92, 93 */
	assert_null(strstr(tu, "beginbfchar"));
	char want[3][64];
	snprintf(want[0], sizeof want[0], "2 beginbfrange\n<0001> <00FF> [<%04X> <%04X>", keys[0], keys[1]);
	snprintf(want[1], sizeof want[1], "<%04X>]\n<0100> <012C> [<%04X> <%04X>", keys[254], keys[255], keys[256]);
	snprintf(want[2], sizeof want[2], "<%04X>]\nendbfrange\n", keys[299]);
	for (int i = 0; i < 3; i++) assert_non_null(strstr(tu, want[i]));
	for (int i = 0; i < ns; i++) free(ss[i]);
	free(ss);
	free(sl);
	free(p);
	remove(file);
	rmdir(path);
	free(file);
}

/* A long document drawn as layout draws one: pages finished one after another, a run added
 * to an early page at the end (a page number), and a pass taken back to a mark on a page
 * finished since, then drawn again. */
static pd_doc *long_doc(void)
{
	pd_doc *d = pd_new(fs);
	pd_font f = { .face = fn_pick(fs, FN_BODY, 0x4E2D).face, .size = 12, .hscale = 1, .color = PD_BLACK };
	fn_key keys[] = { 0x4E2D, 0x6587, '0' };
	double xs[] = { 72, 84, 96 };
	pd_mark m = {0};
	for (int p = 0; p < 30; p++) {
		pd_page(d, 595.276, 841.89);
		for (int r = 0; r < 20; r++) {
			keys[2] = (fn_key)('0' + (p + r) % 10);
			pd_glyphs(d, &f, 100 + 20 * r, keys, xs, 3);
			pd_line(d, 72, 105 + 20 * r, 500, 105 + 20 * r, 0.5, PD_BLACK);
			if (p == 12 && r == 10) m = pd_mark_here(d);
		}
	}
	pd_truncate(d, &m);                          /* back onto page 13, spilled by now */
	for (int p = 0; p < 5; p++) {
		pd_glyphs(d, &f, 700, keys, xs, 3);
		pd_page(d, 595.276, 841.89);
	}
	pd_select(d, 3);                             /* a page number on a spilled page */
	keys[2] = '4';
	pd_glyphs(d, &f, 800, keys, xs, 3);
	pd_select(d, pd_npages(d) - 1);
	return d;
}

static void test_spill(void **state)
{
	(void)state;
	pd_spill_after((size_t)-1);
	pd_doc *mem = long_doc();
	assert_true(mem->spill_fd < 0);
	pd_spill_after(8);
	pd_doc *spilled = long_doc();
	assert_true(spilled->spill_fd >= 0);
	size_t out = 0;
	for (size_t p = 0; p < spilled->npages; p++) out += spilled->pages[p]->spill_fd >= 0;
	assert_true(out >= 5);                        /* most pages are not in memory */
	same_bytes(mem, spilled);
}

int main(void)
{
	char *err = NULL;
	fs = fn_open(&err);
	if (!fs) { fprintf(stderr, "fonts: %s\n", err); return 1; }
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stream),
		cmocka_unit_test(test_fail),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_resume),
		cmocka_unit_test(test_drawn),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_spill),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	fn_close(fs);
	return rc;
}
