/* test_memo.c — the per-thread memory of shaped table cells (gen/layout/memo.c): found only
 * for the same text, fonts, role, size and header flag, given back exactly, bounded, and
 * private to its thread. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/util.h"
#include "font/font.h"
#include "layout/internal.h"

static fn_set *fs;

/* A made-up shaping of n glyphs whose values follow from seed. */
static ly_shaped shaping(size_t n, int seed, ly_glyph *g, char *brk, char *loose)
{
	for (size_t i = 0; i < n; i++) {
		g[i] = (ly_glyph){ .face = seed, .size = 10.5, .pct = (int)i };
		g[i].g.cp = 0x4E00 + (uint32_t)(seed * 7 + (int)i);
		g[i].g.adv = 10.5 * (double)(i + 1);
		brk[i] = (char)(i % 3);
		loose[i] = (char)((i + seed) % 3);
	}
	return (ly_shaped){ g, brk, loose, n };
}

/* A remembered cell comes back with the same glyphs and breaks, for its key only. */
static void test_found_for_its_key_only(void **state)
{
	(void)state;
	ly_style st = ly_style_plain(20, LY_PGNUM_NONE);
	ly_doc *d = ly_new(fs, &st);
	ly_glyph g[4];
	char brk[4], loose[4];
	ly_shaped s = shaping(4, 1, g, brk, loose);
	assert_null(ly_memo_find(d, FN_TABLE, 10.5, 0, "扣分项目"));
	ly_memo_put(d, FN_TABLE, 10.5, 0, "扣分项目", &s);
	const ly_shaped *k = ly_memo_find(d, FN_TABLE, 10.5, 0, "扣分项目");
	assert_non_null(k);
	assert_int_equal(k->n, 4);
	assert_memory_equal(k->g, g, sizeof g);
	assert_memory_equal(k->brk, brk, sizeof brk);
	assert_memory_equal(k->loose, loose, sizeof loose);
	assert_null(ly_memo_find(d, FN_TABLE, 10.5, 1, "扣分项目"));     /* a header label breaks otherwise */
	assert_null(ly_memo_find(d, FN_H1, 10.5, 0, "扣分项目"));
	assert_null(ly_memo_find(d, FN_TABLE, 12, 0, "扣分项目"));
	assert_null(ly_memo_find(d, FN_TABLE, 10.5, 0, "扣分项"));
	ly_free(d);
}

/* Another set of fonts never sees the first set's cells, even at the same address. */
static void test_keyed_by_font_set(void **state)
{
	(void)state;
	ly_style st = ly_style_plain(20, LY_PGNUM_NONE);
	ly_doc *d = ly_new(fs, &st);
	ly_glyph g[2];
	char brk[2], loose[2];
	ly_shaped s = shaping(2, 2, g, brk, loose);
	ly_memo_put(d, FN_TABLE, 10.5, 0, "合计", &s);
	ly_free(d);
	char *err = NULL;
	fn_set *other = fn_open(&err);
	assert_non_null(other);
	assert_int_not_equal(fn_serial(other), fn_serial(fs));
	d = ly_new(other, &st);
	assert_null(ly_memo_find(d, FN_TABLE, 10.5, 0, "合计"));
	ly_free(d);
	fn_close(other);
}

/* Long text is not kept; a full memory forgets what was never found again, keeps what is
 * found most (the wording every card repeats), and goes on remembering. */
static void test_bounded(void **state)
{
	(void)state;
	ly_style st = ly_style_plain(20, LY_PGNUM_NONE);
	ly_doc *d = ly_new(fs, &st);
	ly_glyph g[1];
	char brk[1], loose[1];
	ly_shaped s = shaping(1, 3, g, brk, loose);
	const char *note = "备注：该窗口于本月多次未按规定时间到岗，经督查科现场核实后扣分";
	assert_true(strlen(note) > 48);
	ly_memo_put(d, FN_TABLE, 10.5, 0, note, &s);
	assert_null(ly_memo_find(d, FN_TABLE, 10.5, 0, note));
	ly_memo_put(d, FN_TABLE, 10.5, 0, "第0格", &s);      /* never looked up again */
	ly_memo_put(d, FN_TABLE, 10.5, 0, "合计", &s);       /* looked up for every cell */
	ly_memo_put(d, FN_TABLE, 10.5, 0, "第1格", &s);      /* looked up once, as every later cell */
	assert_non_null(ly_memo_find(d, FN_TABLE, 10.5, 0, "第1格"));
	for (int i = 2; i <= 5000; i++) {
		char text[32];
		snprintf(text, sizeof text, "第%d格", i);
		ly_memo_put(d, FN_TABLE, 10.5, 0, text, &s);
		assert_non_null(ly_memo_find(d, FN_TABLE, 10.5, 0, text));
		assert_non_null(ly_memo_find(d, FN_TABLE, 10.5, 0, "合计"));
	}
	assert_null(ly_memo_find(d, FN_TABLE, 10.5, 0, "第0格"));
	/* Found no more than the cells after it: it gives way to what is found most. */
	assert_null(ly_memo_find(d, FN_TABLE, 10.5, 0, "第1格"));
	assert_non_null(ly_memo_find(d, FN_TABLE, 10.5, 0, "第5000格"));
	ly_free(d);
}

/* Looks the cell up on this (another) thread. */
static void *find_elsewhere(void *arg)
{
	ly_doc *d = arg;
	return (void *)ly_memo_find(d, FN_TABLE, 10.5, 0, "优秀");
}

/* Each thread has a memory of its own (the card workers share no lock). */
static void test_per_thread(void **state)
{
	(void)state;
	ly_style st = ly_style_plain(20, LY_PGNUM_NONE);
	ly_doc *d = ly_new(fs, &st);
	ly_glyph g[2];
	char brk[2], loose[2];
	ly_shaped s = shaping(2, 4, g, brk, loose);
	ly_memo_put(d, FN_TABLE, 10.5, 0, "优秀", &s);
	assert_non_null(ly_memo_find(d, FN_TABLE, 10.5, 0, "优秀"));
	pthread_t t;
	void *found = (void *)1;
	assert_int_equal(pthread_create(&t, NULL, find_elsewhere, d), 0);
	pthread_join(t, &found);
	assert_null(found);
	ly_free(d);
}

int main(void)
{
	char *err = NULL;
	fs = fn_open(&err);
	if (!fs) { fprintf(stderr, "%s\n", err); return 1; }
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_found_for_its_key_only),
		cmocka_unit_test(test_keyed_by_font_set),
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_per_thread),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	fn_close(fs);
	return rc;
}
