/* reader.h — inside the model: one data file being read (load.c, ballots.c share it). */
#ifndef KAOJI_MODEL_READER_H
#define KAOJI_MODEL_READER_H

#include "base/util.h"
#include "model/model.h"
#include "read/csv.h"

/* The state of one file being read: its table, path and mapped columns. */
typedef struct {
	model *m;
	csv_table t;
	const char *path;
	int col[8];
	strbuf trim[4];         /* reader_trim's scratch texts, used in turn */
	unsigned next_trim;
} reader;

/* Cell text and place of column c in data row i. */
#define CELL(r, i, c) csv_text(&(r)->t.rows[i], (r)->col[c])
#define LINE(r, i, c) csv_line(&(r)->t.rows[i], (r)->col[c])
#define COL(r, c)     ((r)->col[c] + 1)

/* Opens a data file; 1 = read, 0 = absent, -1 = unreadable or malformed header. */
int  reader_open(reader *r, model *m, data_file f, const csv_column *cols, int ncols, bool required);
void reader_close(reader *r);
/* Cell text of column c in data row i trimmed as trim_spaces does, for a value looked at and
 * dropped: the cell itself when only its start is cut, else a scratch copy that lasts until
 * the fourth call after (each row reads at most three at once). */
const char *reader_trim(reader *r, size_t i, int c);
/* Resolves the unit named in a cell; reports an unknown name with the nearest known one. */
int  reader_unit(reader *r, size_t i, int c);
/* A voter group's name (行风监督员, supervisors…) → GROUP_*, or -1. */
int  model_parse_group(const char *s);
/* ballots.csv: tallies the valid ballots into the units' votes (ballots.c). */
void model_load_ballots(model *m);

#endif
