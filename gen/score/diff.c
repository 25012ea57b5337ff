/* diff.c — two results tables compared unit by unit (diff.h). */
#include "score/diff.h"

#include <string.h>

#include "base/util.h"

/* Index of the row named name, or -1 (a linear search per unit would be quadratic in a
 * province's 10,000 units: a sorted index instead). */
typedef struct { const char *name; int row; } name_ix;

static int by_name(const void *a, const void *b)
{
	return strcmp(((const name_ix *)a)->name, ((const name_ix *)b)->name);
}

static name_ix *index_of(const result_table *t)
{
	name_ix *ix = xcalloc((size_t)t->n + 1, sizeof *ix);
	for (int i = 0; i < t->n; i++) ix[i] = (name_ix){ t->rows[i].name, i };
	qsort(ix, (size_t)t->n, sizeof *ix, by_name);
	return ix;
}

static int find(const name_ix *ix, int n, const char *name)
{
	name_ix key = { name, 0 };
	const name_ix *hit = bsearch(&key, ix, (size_t)n, sizeof *ix, by_name);
	return hit ? hit->row : -1;
}

/* Whether column c differs between two rows of the same unit. */
static bool differs(const result_row *a, const result_row *b, int c)
{
	if (c == RESULT_TYPE) return strcmp(a->type, b->type) != 0;
	if (c == RESULT_GRADE) return strcmp(a->grade, b->grade) != 0;
	if (c == RESULT_RANK) return a->rank != b->rank;
	return a->has[c] != b->has[c] || (a->has[c] && a->v[c] != b->v[c]);
}

void diff_results(const result_table *old, const result_table *new, diff_result *d)
{
	memset(d, 0, sizeof *d);
	d->u = xcalloc((size_t)old->n + (size_t)new->n + 1, sizeof *d->u);
	name_ix *oix = index_of(old), *nix = index_of(new);
	for (int i = 0; i < new->n; i++) {
		const result_row *b = &new->rows[i];
		int j = find(oix, old->n, b->name);
		diff_unit du = { .old = j < 0 ? NULL : &old->rows[j], .new = b };
		bool any = j < 0;
		for (int c = 0; j >= 0 && c < RESULT_COLUMNS; c++)
			if (c != RESULT_NAME && differs(du.old, b, c)) du.changed[c] = any = true;
		if (any) d->u[d->n++] = du;
	}
	for (int j = 0; j < old->n; j++)
		if (find(nix, new->n, old->rows[j].name) < 0) d->u[d->n++] = (diff_unit){ .old = &old->rows[j] };
	free(oix);
	free(nix);
}

void diff_free(diff_result *d)
{
	free(d->u);
	memset(d, 0, sizeof *d);
}
