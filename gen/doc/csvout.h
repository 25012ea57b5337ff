/* csvout.h — the CSV outputs: results.csv and monthly-YYYY-MM.csv (UTF-8 with BOM, CRLF, for Excel/WPS). */
#ifndef KAOJI_CSVOUT_H
#define KAOJI_CSVOUT_H

#include "base/util.h"
#include "score/result.h"

/* Writes OUT_DIR/results.csv atomically; 0, or an exit status after reporting. */
int csvout_results(const year_score *y, const char *out_dir);
/* Writes OUT_DIR/monthly-YYYY-MM.csv for one month atomically. */
int csvout_monthly(const model *m, int month, const char *out_dir);
/* Writes OUT_DIR/votes.csv: the votes of every unit, as votes.csv takes them (tally). */
int csvout_votes(const model *m, const char *out_dir);
/* Decimals of the month's table (CSV and bulletin alike): 2, or 3–4 when a value has them. */
int csvout_month_places(const month_score *ms, const int *order, int n);

/* Opens OUT_DIR/name (creating OUT_DIR) through a temporary file and writes the BOM; 0, or an
 * exit status after reporting.  csvout_close renames it into place (or reports). */
int csvout_open(atomic_file *af, const char *out_dir, const char *name);
int csvout_close(atomic_file *af);
/* Writes a number or other text that cannot start a formula, quoted only when it must be;
 * `last` ends the row (CRLF). */
void csvout_raw(FILE *fp, const char *s, int last);
/* Writes a text field: one that begins with = + - @, a tab or a carriage return gets a
 * leading apostrophe, so that a spreadsheet shows it as text, never runs it. */
void csvout_field(FILE *fp, const char *s, int last);

#endif
