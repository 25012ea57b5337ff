/* words.h — how dates and numbers read in the documents: “7月29日”, one number format per
 * table, a deadline some days after a date, the shared floor of a kind of chart. */
#ifndef KAOJI_DOC_WORDS_H
#define KAOJI_DOC_WORDS_H

#include "base/dec.h"

/* "2022-07-29" → "7月29日"; an empty date gives the month alone ("7月"). */
char *doc_month_day(const char *iso, int month, char buf[32]);
/* The date `days` after y-m-d (calendar days), in *y, *m, *d. */
void doc_add_days(int *y, int *m, int *d, int days);
/* A chart's floor a little below the lowest value: a multiple of 5 at least 2 below it. */
double doc_chart_floor(dec lowest);

#endif
