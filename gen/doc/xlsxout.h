/* xlsxout.h — results.xlsx: the year's results as an Excel workbook (libxlsxwriter). */
#ifndef KAOJI_XLSXOUT_H
#define KAOJI_XLSXOUT_H

#include "score/score.h"

/* Writes OUT_DIR/results.xlsx through a temporary name: a sheet per pool with the columns
 * of results.csv, the windows' monthly scores and every deduction.  The same input gives
 * the same bytes.  0, or an exit status after reporting. */
int xlsxout_results(const year_score *y, const char *out_dir);
/* The number a cell holds for v: the double nearest to v, which libxlsxwriter's "%.16G"
 * writes so that a reader gets that double back (tests/unit/test_xlsxout.c checks the range
 * scores take). */
double xlsxout_number(dec v);

#endif
