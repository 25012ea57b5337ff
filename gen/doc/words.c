/* words.c — how dates and numbers read in the documents (see words.h). */
#include "doc/words.h"

#include <stdio.h>

char *doc_month_day(const char *iso, int month, char buf[32])
{
	int y, m, d;
	if (iso && sscanf(iso, "%d-%d-%d", &y, &m, &d) == 3) snprintf(buf, 32, "%d月%d日", m, d);
	else snprintf(buf, 32, "%d月", month);
	return buf;
}

/* Days in month m of year y. */
static int month_days(int y, int m)
{
	static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0) ? 29 : n[m - 1];
}

void doc_add_days(int *y, int *m, int *d, int days)
{
	*d += days;
	while (*d > month_days(*y, *m)) {
		*d -= month_days(*y, *m);
		if (++*m > 12) { *m = 1; ++*y; }
	}
}

double doc_chart_floor(dec lowest)
{
	int64_t whole = lowest / DEC_ONE - 2;
	return whole <= 0 ? 0 : (double)(whole / 5 * 5);
}
