/* test_table_rules.c — a table's rules on each page (gen/layout/table.c, draw_rules): one
 * line above the first row and under each row, and each column's sides drawn once from the
 * table's top to its bottom; none drawn twice, none in pieces. */
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
#include "pdf/list.h"

static fn_set *fs;

/* Counts page pg's rules: horizontal ones (*nh, their ys sorted in hy) and vertical ones
 * (*nv, each from *top to *bottom when all agree, else *top = −1). */
static void rules_of(const page_t *pg, size_t *nh, double *hy, size_t *nv, double *top, double *bottom)
{
	op_t *tmp;
	size_t n;
	const op_t *ops = pd_page_ops(pg, &tmp, &n);
	*nh = *nv = 0;
	*top = *bottom = 0;
	for (size_t i = 0; i < n; i++) {
		const op_t *o = &ops[i];
		if (o->kind != OP_LINE) continue;
		if (o->y1 == o->y2) {
			size_t k = (*nh)++;
			while (k > 0 && hy[k - 1] > o->y1) { hy[k] = hy[k - 1]; k--; }
			hy[k] = o->y1;
		} else {
			double t = o->y1 < o->y2 ? o->y1 : o->y2, b = o->y1 < o->y2 ? o->y2 : o->y1;
			if (!(*nv)++) { *top = t; *bottom = b; }
			else if (t != *top || b != *bottom) *top = -1;
		}
	}
	free(tmp);
}

/* One page of a 4-column table: 1 + rows horizontal rules, 5 vertical ones spanning it. */
static void test_one_page(void **state)
{
	(void)state;
	ly_style st = ly_style_plain(20, LY_PGNUM_NONE);
	ly_doc *d = ly_new(fs, &st);
	const char *cells[] = { "单位", "得分", "排名", "等次",
	                        "统战", "99.50", "1", "优秀",
	                        "发改", "98.20", "2", "良好",
	                        "公安", "97.40", "3", "合格" };
	ly_table t = { .nrows = 4, .ncols = 4, .header_rows = 1, .cells = cells, .where = "排名表" };
	ly_table_add(d, &t);
	assert_null(ly_error(d));
	assert_int_equal(d->pd->npages, 1);
	size_t nh, nv;
	double hy[64], top, bottom;
	rules_of(d->pd->pages[0], &nh, hy, &nv, &top, &bottom);
	assert_int_equal(nh, 5);
	for (size_t i = 1; i < nh; i++) assert_true(hy[i] > hy[i - 1]);       /* each once */
	assert_int_equal(nv, 5);
	assert_true(top >= 0);                                                /* all the same span */
	assert_true(top == hy[0] && bottom == hy[nh - 1]);
	ly_free(d);
}

/* A table over several pages: on each, its header and rows ruled the same way. */
static void test_over_pages(void **state)
{
	(void)state;
	ly_style st = ly_style_plain(20, LY_PGNUM_NONE);
	ly_doc *d = ly_new(fs, &st);
	enum { ROWS = 120 };
	const char **cells = xcalloc(2 * (ROWS + 1), sizeof *cells);
	char (*num)[16] = xcalloc(ROWS, sizeof *num);
	cells[0] = "单位";
	cells[1] = "得分";
	for (int r = 0; r < ROWS; r++) {
		snprintf(num[r], sizeof num[r], "%d.00", 100 - r % 7);
		cells[2 * (r + 1)] = "窗口";
		cells[2 * (r + 1) + 1] = num[r];
	}
	ly_table t = { .nrows = ROWS + 1, .ncols = 2, .header_rows = 1, .cells = cells, .where = "排名表" };
	ly_table_add(d, &t);
	assert_null(ly_error(d));
	assert_true(d->pd->npages >= 2);
	size_t rows = 0;
	for (size_t p = 0; p < d->pd->npages; p++) {
		size_t nh, nv;
		double hy[256], top, bottom;
		rules_of(d->pd->pages[p], &nh, hy, &nv, &top, &bottom);
		for (size_t i = 1; i < nh; i++) assert_true(hy[i] > hy[i - 1]);
		assert_int_equal(nv, 3);
		assert_true(top == hy[0] && bottom == hy[nh - 1]);
		rows += nh - 2;                 /* less the rule above the header and the header's own */
	}
	assert_int_equal(rows, ROWS);
	free(num);
	free(cells);
	ly_free(d);
}

int main(void)
{
	char *err = NULL;
	fs = fn_open(&err);
	if (!fs) { fprintf(stderr, "%s\n", err); return 1; }
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_page),
		cmocka_unit_test(test_over_pages),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	fn_close(fs);
	return rc;
}
