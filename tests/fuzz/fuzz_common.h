/* fuzz_common.h — what the libFuzzer targets share: a data folder in memory (tmpfs) made
 * from tests/data/good-small, where one file is replaced by the fuzzer's input, and quiet
 * diagnostics (captured, not printed: printing would cost more than the work). */
#ifndef KAOJI_FUZZ_COMMON_H
#define KAOJI_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* The files of a data folder a target may replace, in good-small's folder. */
enum { FZ_UNITS, FZ_ITEMS, FZ_DEDUCTIONS, FZ_QUARTERS, FZ_DISCIPLINE, FZ_THIRD_PARTY, FZ_VOTES,
       FZ_PENALTIES, FZ_METHOD, FZ_NFILES };

/* Makes the folder once per process (under /dev/shm when it exists) with good-small's files;
 * returns its path. */
const char *fz_folder(void);
/* Writes every file of the folder as good-small has it, but file `which` holds data. */
void fz_write(int which, const uint8_t *data, size_t n);
/* Captures diagnostics into a buffer that is emptied at each call (keeps memory flat). */
void fz_quiet(void);

#endif
