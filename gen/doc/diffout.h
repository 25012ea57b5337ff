/* diffout.h — what kaoji diff found, as text (the terminal), diff.csv and a one-page diff.pdf. */
#ifndef KAOJI_DIFFOUT_H
#define KAOJI_DIFFOUT_H

#include "doc/documents.h"
#include "model/rowdiff.h"
#include "score/diff.h"

/* Everything compared: the two results, the units that changed, the input rows that differ
 * (NULL when either side is a results.csv, not a data folder). */
typedef struct {
	const result_table *old, *new;
	const diff_result *units;
	const row_diff *rows;
} diffout;

/* Prints the changes (or “无变化”). */
void diffout_print(FILE *fp, const diffout *d);
/* OUT_DIR/diff.csv: one row per changed column of a unit, per unit added or removed, per
 * input row added, removed or changed.  0, or an exit status after reporting. */
int  diffout_csv(const diffout *d, const char *out_dir);
/* OUT_DIR/diff.pdf on one page (what does not fit is counted, and in diff.csv). */
int  diffout_pdf(const diffout *d, const fn_set *fs, const char *out_dir, doc_stats *st);

#endif
