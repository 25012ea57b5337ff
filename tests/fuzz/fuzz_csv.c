/* fuzz_csv.c — libFuzzer target: CSV intake end to end.  The first byte picks which file of
 * a small valid year (units, items, deductions, quarters, discipline, third_party, votes,
 * penalties) the rest replaces; the folder is then decoded, parsed, validated and, when
 * valid, scored — every path a clerk's CSV takes, short of the documents. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"
#include "model/model.h"
#include "score/score.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1) return 0;
	fz_quiet();
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
