/* csvout.h — the CSV outputs: results.csv and monthly-YYYY-MM.csv (UTF-8 with BOM, CRLF, for Excel/WPS). */
#ifndef KAOJI_CSVOUT_H
#define KAOJI_CSVOUT_H

#include "score/score.h"

/* Writes OUT_DIR/results.csv atomically; 0, or an exit status after reporting. */
int csvout_results(const year_score *y, const char *out_dir);
/* Writes OUT_DIR/monthly-YYYY-MM.csv for one month atomically. */
int csvout_monthly(const model *m, int month, const char *out_dir);
/* Decimals of the month's table (CSV and bulletin alike): 2, or 3–4 when a value has them. */
int csvout_month_places(const month_score *ms, const int *order, int n);

#endif
