/* dec.h — exact decimals: int64 counts of 0.0001. Scores never touch binary floating point. */
#ifndef KAOJI_DEC_H
#define KAOJI_DEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t dec;               /* value × 10000 */
#define DEC_ONE   ((dec)10000)
#define DEC_CENT  ((dec)100)
#define DEC(i)    ((dec)(i) * DEC_ONE)

enum { DEC_OK = 0, DEC_MALFORMED = -1, DEC_TOO_PRECISE = -2, DEC_RANGE = -3 };

/* Parses "12", "-3.5", "0.25" with at most maxdp decimals; allow_pct accepts "98.5%" (= 0.985). */
int dec_parse(const char *s, int maxdp, bool allow_pct, dec *out);
/* Parses a non-negative integer (no sign, no decimals); DEC_RANGE past 1e12. */
int int_parse(const char *s, int64_t *out);
/* Rounds num/den (num ≥ 0, den > 0, in dec units) half up to a multiple of 0.01. */
dec dec_round_cents(int64_t num, int64_t den);
/* Formats with exactly `dp` decimals (value must be a multiple of 10^(4-dp)). */
char *dec_fmt(dec v, int dp, char buf[32]);
/* Formats with 2 decimals, or more when the value has them (99.125): never rounds. */
char *dec_fmt_min2(dec v, char buf[32]);
/* Formats with as few decimals as needed (0.1, 3, 92.35). */
char *dec_fmt_short(dec v, char buf[32]);
/* Percent text of a fraction: 0.4 → "40%". */
char *dec_fmt_pct(dec v, char buf[32]);
/* Decimals that print all n values exactly and alike (at least min): one table, one format. */
int dec_places(const dec *v, size_t n, int min);



/* Formats num/den (dec units) with up to `dp` decimals; "…" marks a value that does not end there. */
char *dec_fmt_ratio(int64_t num, int64_t den, int dp, char buf[48]);
#endif
