/* diff.h — what changed between two years' results (kaoji diff): each unit whose results.csv
 * row differs, and in which columns. */
#ifndef KAOJI_DIFF_H
#define KAOJI_DIFF_H

#include "score/result.h"

/* One unit that changed: in both (changed columns marked), or only in one of them. */
typedef struct {
	const result_row *old, *new;    /* NULL: the unit is new / no longer there */
	bool changed[RESULT_COLUMNS];
} diff_unit;

typedef struct {
	diff_unit *u;                   /* in the new results' order, then the removed ones in the old's */
	int n;
} diff_result;

/* Compares by unit name, every column exactly (scores as exact hundredths). */
void diff_results(const result_table *old, const result_table *new, diff_result *d);
void diff_free(diff_result *d);

#endif
