/* test_pdf_writer.c — the page-by-page PDF writer (gen/pdf/write.c): documents added one
 * after another make one file whose pages are let go as they are written, whose cross-
 * reference table points at every object, which has one font per face however many
 * documents drew with it, and whose bytes do not depend on how the pages were given. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "font/font.h"
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

int main(void)
{
	char *err = NULL;
	fs = fn_open(&err);
	if (!fs) { fprintf(stderr, "fonts: %s\n", err); return 1; }
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stream),
		cmocka_unit_test(test_fail),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	fn_close(fs);
	return rc;
}
