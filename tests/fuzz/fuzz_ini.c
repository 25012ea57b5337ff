/* fuzz_ini.c — libFuzzer target: method.ini.  The input is the folder's method.ini (the
 * CSVs are a small valid year), read with every setting it names applied and checked,
 * then the year is scored under those settings. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"
#include "model/model.h"
#include "score/score.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_quiet();
	fz_write(FZ_METHOD, data, size);
	model m;
	if (model_load(&m, fz_folder(), NULL, 0, NULL) == 0) {
		year_score y = {0};
		score_year(&m, &y);
		score_free(&y);
	}
	model_free(&m);
	return 0;
}
