/* fuzz_csv.c — libFuzzer target: CSV intake end to end.  The first byte picks which file of
 * a small valid year (units, items, deductions, quarters, discipline, third_party, votes,
 * penalties) the rest replaces; the folder is then decoded, parsed, validated and, when
 * valid, scored — every path a clerk's CSV takes, short of the documents.  The bytes are
 * also parsed as CSV twice, lines without a quote split by csv.c and then every line through
 * libcsv: the two tables must be the same, cell for cell and line for line. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "model/model.h"
#include "read/csv.h"
#include "score/score.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts unless the two parses of one text agree (rc, rows, cells, lines). */
static void same_tables(const uint8_t *data, size_t size)
{
	csv_table a = {0}, b = {0};
	csv_fast_lines(true);
	int ra = csv_parse_text("f.csv", (const char *)data, size, &a);
	csv_fast_lines(false);
	int rb = csv_parse_text("f.csv", (const char *)data, size, &b);
	csv_fast_lines(true);
	if (ra != rb || a.nrows != b.nrows) abort();
	for (size_t r = 0; r < a.nrows; r++) {
		const csv_row *x = &a.rows[r], *y = &b.rows[r];
		if (x->ncells != y->ncells || x->line != y->line) abort();
		for (int c = 0; c < x->ncells; c++)
			if (x->cells[c].line != y->cells[c].line || strcmp(x->cells[c].text, y->cells[c].text)) abort();
	}
	csv_free_table(&a);
	csv_free_table(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1) return 0;
	fz_quiet();
	same_tables(data + 1, size - 1);
	fz_quiet();     /* its messages are not the folder's */
	fz_write(data[0] % FZ_METHOD, data + 1, size - 1);
	model m;
	if (model_load(&m, fz_folder(), NULL, 0, NULL) == 0) {
		year_score y = {0};
		if (score_year(&m, &y) == 0) {
			month_score ms[64];
			if (m.nunits <= 64)
				for (int mo = 1; mo <= 12; mo++) score_month(&m, mo, ms);
		}
		score_free(&y);
	}
	model_free(&m);
	return 0;
}
