/* rows.c — the rows behind a unit's summed tallies (SPEC §7.2 sums repeated rows), kept so
 * that a scorecard can print “2.20＋2.30＝4.50（discipline.csv 第4、5行）”: every number a
 * unit appeals with traceable to its input rows. */
#include "model/model.h"

#include <string.h>

#include "base/util.h"

void model_keep_row(tally_row **rows, int *n, int line, dec value, const int64_t *votes)
{
	*rows = xrealloc(*rows, (size_t)(*n + 1) * sizeof **rows);
	tally_row *r = &(*rows)[(*n)++];
	memset(r, 0, sizeof *r);
	r->line = line;
	r->value = value;
	if (votes) memcpy(r->votes, votes, sizeof r->votes);
}

void model_free_rows(unit *u)
{
	free(u->discipline_rows);
	for (int g = 0; g < GROUP_COUNT; g++) free(u->vote_rows[g]);
}
