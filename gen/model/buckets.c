/* buckets.c — the deduction rows bucketed per (unit, month), built once after loading, so
 * that a bulletin, a scorecard or explain reads a window's rows without scanning every row
 * of the year (a province has 10,000 units and 100,000 rows: units × rows would be 10⁹). */
#include "model/model.h"

#include <string.h>

#include "base/util.h"

/* Rows by unit, month, date, then file order: the order every document lists them in. */
static int row_order(const void *a, const void *b, void *arg)
{
	const deduction *d = arg;
	int i = *(const int *)a, j = *(const int *)b;
	const deduction *x = &d[i], *y = &d[j];
	if (x->unit != y->unit) return x->unit - y->unit;
	if (x->month != y->month) return x->month - y->month;
	int c = strcmp(x->date, y->date);
	return c ? c : (i > j) - (i < j);
}

void model_bucket_rows(model *m)
{
	free(m->row_order);
	free(m->row_start);
	m->row_order = xmalloc(((size_t)m->ndeductions + 1) * sizeof *m->row_order);
	m->row_start = xcalloc((size_t)m->nunits * 12 + 1, sizeof *m->row_start);
	for (int i = 0; i < m->ndeductions; i++) m->row_order[i] = i;
	qsort_r(m->row_order, (size_t)m->ndeductions, sizeof *m->row_order, row_order, m->deductions);
	/* row_start[b] = rows in buckets before b (b = unit × 12 + month − 1), by counting. */
	for (int i = 0; i < m->ndeductions; i++) {
		const deduction *d = &m->deductions[i];
		m->row_start[d->unit * 12 + d->month]++;
	}
	for (size_t b = 1; b <= (size_t)m->nunits * 12; b++) m->row_start[b] += m->row_start[b - 1];
}

const int *model_unit_rows(const model *m, int u, int month, int *n)
{
	size_t from = (size_t)u * 12 + (month ? (size_t)month - 1 : 0), to = (size_t)u * 12 + (month ? (size_t)month : 12);
	*n = m->row_start[to] - m->row_start[from];
	return m->row_order + m->row_start[from];
}
