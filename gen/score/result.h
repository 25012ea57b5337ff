/* result.h — the rows of results.csv as values: made from a year's scores, or read back from
 * a results.csv (kaoji diff compares two of them, whichever way each was made). */
#ifndef KAOJI_RESULT_H
#define KAOJI_RESULT_H

#include "read/csv.h"
#include "score/score.h"

/* The columns of results.csv, in order (the components are RESULT_COMP + COMP_*). */
enum { RESULT_RANK, RESULT_NAME, RESULT_TYPE, RESULT_DAILY, RESULT_COMP,
       RESULT_SATISFACTION = RESULT_COMP + COMP_COUNT, RESULT_PENALTY, RESULT_FINAL, RESULT_GRADE,
       RESULT_COLUMNS };
extern const char *const result_column[RESULT_COLUMNS];

/* One unit's row.  Text points into the model or the file's table. */
typedef struct {
	const char *name, *type, *grade;
	int rank;
	dec v[RESULT_COLUMNS];          /* the numeric columns, exact hundredths */
	bool has[RESULT_COLUMNS];       /* a value there (第三方满意度评价: windows only) */
	int line;                       /* in results.csv; 0 when made from scores */
} result_row;

typedef struct {
	char *source;                   /* the data folder or the results.csv */
	result_row *rows;               /* results.csv order */
	int n;
	csv_table t;                    /* the file read (its cells back the rows' text) */
} result_table;

/* Whether a column holds numbers (rank and scores) rather than text. */
bool result_is_number(int col);
/* Row of unit u. */
void result_row_of(const year_score *y, int u, result_row *r);
/* The whole table in results.csv order. */
void result_table_of(const year_score *y, const char *source, result_table *t);
/* Reads a results.csv kaoji wrote (or one edited by hand): every cell checked, errors
 * reported at file:line:col.  0, or an exit status after reporting. */
int  result_read(const char *path, result_table *t);
void result_free(result_table *t);
/* A cell as results.csv shows it ("97.52", "8", "考绩良好窗口", "" when absent). */
const char *result_cell(const result_row *r, int col, char buf[32]);

#endif
