/* ballots.c — ballots.csv, one row per ballot and unit, tallied into the votes every command
 * uses (SPEC §7.14): the 30% limit applies to each ballot and pool, a defective ballot is void
 * (listed with its reason) or an error, and only valid ballots count. */
#include <string.h>
#include <strings.h>

#include "base/diag.h"
#include "base/util.h"
#include "model/reader.h"

enum { C_GROUP, C_BALLOT, C_UNIT, C_RATING };

/* One readable row: which ballot (group and 票号), which unit, which rating. */
typedef struct {
	int group, unit;                /* unit -1: not in units.csv (the row is bad) */
	int kind;                       /* VOTE_*, or -1 for a blank rating */
	const char *number;             /* 票号, trimmed (owned by the entry list) */
	size_t row;                     /* data row in the table */
	bool bad;                       /* the row had an error: its ballot is not judged */
} entry;

int model_parse_group(const char *s)
{
	static const char *const aliases[GROUP_COUNT][3] = {
		{ "行风监督员", "supervisors", "行政审批行风监督员" },
		{ "领导班子及科室负责人", "leaders", "区政务服务中心领导班子及科室负责人" },
	};
	for (int k = 0; k < GROUP_COUNT; k++)
		for (int a = 0; a < 3; a++)
			if (!strcasecmp(s, aliases[k][a])) return k;
	return -1;
}

/* A rating cell: 非常满意…不满意, their English names, or 1–4 (1 = 非常满意); -1 blank, -2 bad. */
static int parse_rating(const char *s)
{
	static const char *const zh[VOTE_KINDS] = { "非常满意", "满意", "一般", "不满意" };
	static const char *const en[VOTE_KINDS] = { "very_satisfied", "satisfied", "fair", "unsatisfied" };
	if (!s[0]) return -1;
	for (int k = 0; k < VOTE_KINDS; k++)
		if (!strcmp(s, zh[k]) || !strcasecmp(s, en[k]) || (s[0] == '1' + k && !s[1])) return k;
	return -2;
}

/* Orders entries by ballot (group, 票号), then by row: a ballot's rows need not be together. */
static int by_ballot(const void *a, const void *b)
{
	const entry *x = a, *y = b;
	if (x->group != y->group) return x->group - y->group;
	int c = strcmp(x->number, y->number);
	if (c) return c;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* The first defect of one ballot, if any: its reason (caller frees), the cell it is at and
 * whether the rule for it is `error`.  seen[u] holds the entry index + 1 of the ballot's row
 * for unit u (stamped with `serial` in mark[u]), so that each ballot costs its own rows. */
static char *ballot_defect(reader *r, const entry *e, size_t n, int *mark, size_t *seen, int serial,
                           int *line, int *col, bool *error)
{
	const model *m = r->m;
	const settings *s = &m->set;
	*error = s->ballot_limit_rule == BALLOT_ERROR;
	for (size_t i = 0; i < n; i++) {
		int u = e[i].unit;
		if (mark[u] == serial) {
			*line = LINE(r, e[i].row, C_UNIT);
			*col = COL(r, C_UNIT);
			return xasprintf("对“%s”评价了两次（另见第%d行）", m->units[u].name,
				LINE(r, e[seen[u]].row, C_UNIT));
		}
		mark[u] = serial;
		seen[u] = i;
	}
	for (size_t i = 0; i < n && s->ballot_blank != BLANK_SKIP; i++)
		if (e[i].kind < 0) {
			*line = LINE(r, e[i].row, C_RATING);
			*col = COL(r, C_RATING);
			*error = s->ballot_blank == BLANK_ERROR;
			return xasprintf("对“%s”的评价为空（ballot_blank = %s）", m->units[e[i].unit].name,
				s->ballot_blank == BLANK_VOID ? "void" : "error");
		}
	for (int pool = 0; pool < 2; pool++) {
		int64_t rated = 0, very = 0;
		for (size_t i = 0; i < n; i++)
			if (e[i].kind >= 0 && unit_is_window(&m->units[e[i].unit]) == (pool == 0)) {
				rated++;
				very += e[i].kind == VOTE_VERY;
			}
		if (very * DEC_ONE <= s->very_satisfied_limit * rated) continue;
		int64_t allowed = s->very_satisfied_limit * rated / DEC_ONE, k = 0;
		/* At the first 非常满意 past the limit: the clerk sees where the ballot went over. */
		for (size_t i = 0; i < n; i++)
			if (e[i].kind == VOTE_VERY && unit_is_window(&m->units[e[i].unit]) == (pool == 0) && k++ == allowed) {
				*line = LINE(r, e[i].row, C_RATING);
				*col = COL(r, C_RATING);
				break;
			}
		char pct[32];
		return xasprintf("对%lld个%s中的%lld个评为非常满意，超过%s（最多%lld个）", (long long)rated,
			pool ? "分中心" : "窗口", (long long)very, dec_fmt_pct(s->very_satisfied_limit, pct), (long long)allowed);
	}
	return NULL;
}

/* Counts one ballot: void (recorded), an error, or valid (its ratings added to the units). */
static void count_ballot(reader *r, const entry *e, size_t n, int *mark, size_t *seen, int serial, size_t *vcap)
{
	model *m = r->m;
	ballot_tally *bt = &m->ballots;
	int g = e[0].group, line = 0, col = 0;
	bool error;
	bt->received[g]++;
	char *why = ballot_defect(r, e, n, mark, seen, serial, &line, &col, &error);
	if (why && error) {
		diag_error(r->path, line, col, "%s第%s号选票%s", group_name[g], e[0].number, why);
		free(why);
		return;
	}
	if (why) {
		GROW(bt->voids, bt->nvoids, *vcap);
		bt->voids[bt->nvoids++] = (void_ballot){ g, xstrdup(e[0].number), why, line };
		return;
	}
	bt->valid[g]++;
	for (size_t i = 0; i < n; i++) {
		if (e[i].kind < 0) { bt->blanks[g]++; continue; }
		m->units[e[i].unit].votes[g][e[i].kind]++;
	}
}

void model_load_ballots(model *m)
{
	static const csv_column cols[] = {
		{ "评价主体", "group", true }, { "票号", "ballot", true }, { "单位", "unit", true }, { "评价", "rating", true },
	};
	reader r;
	m->ballots.used = true;
	if (reader_open(&r, m, FILE_BALLOTS, cols, 4, true) <= 0) { reader_close(&r); return; }
	m->ballots.rating_col = COL(&r, C_RATING);
	entry *e = xcalloc(r.t.nrows + 1, sizeof *e);
	size_t n = 0;
	for (size_t i = 1; i < r.t.nrows; i++) {
		const char *gs = reader_trim(&r, i, C_GROUP), *rs = reader_trim(&r, i, C_RATING);
		char *no = trim_spaces(CELL(&r, i, C_BALLOT));
		int g = model_parse_group(gs), u = reader_unit(&r, i, C_UNIT), k = parse_rating(rs), err = u < 0;
		if (g < 0) {
			diag_error(r.path, LINE(&r, i, C_GROUP), COL(&r, C_GROUP),
				"评价主体应为“行风监督员”或“领导班子及科室负责人”，实际是“%s”", gs);
			err = 1;
		}
		if (!no[0]) {
			diag_error(r.path, LINE(&r, i, C_BALLOT), COL(&r, C_BALLOT), "票号为空：选票的每一行都要写它的票号");
			err = 1;
		}
		if (k == -2) {
			diag_error(r.path, LINE(&r, i, C_RATING), COL(&r, C_RATING),
				"评价应为 非常满意、满意、一般、不满意，或 1–4（1 = 非常满意，4 = 不满意），实际是“%s”", rs);
			err = 1;
		}
		if (g < 0 || !no[0]) { free(no); continue; }
		if (u >= 0) {
			/* A unit a row names has this group's votes present, even when all are void. */
			m->units[u].has_votes[g] = true;
			m->units[u].votes_line[g] = LINE(&r, i, C_UNIT);
		}
		e[n++] = (entry){ g, u, k, no, i, err };
	}
	qsort(e, n, sizeof *e, by_ballot);
	int *mark = xcalloc((size_t)m->nunits + 1, sizeof *mark), serial = 0;
	size_t *seen = xcalloc((size_t)m->nunits + 1, sizeof *seen), vcap = 0;
	for (size_t a = 0, b; a < n; a = b) {
		/* The ballot of a row with an error is not judged: its defect could be that row's. */
		bool skip = false;
		for (b = a; b < n && e[b].group == e[a].group && !strcmp(e[b].number, e[a].number); b++) skip |= e[b].bad;
		/* Its units' counts are unknown, not short: no second error that one has too few. */
		for (size_t i = a; skip && i < b; i++)
			if (e[i].unit >= 0) m->units[e[i].unit].votes_bad[e[i].group] = true;
		if (skip) continue;
		count_ballot(&r, e + a, b - a, mark, seen, ++serial, &vcap);
	}
	for (size_t i = 0; i < n; i++) free((char *)e[i].number);
	free(mark);
	free(seen);
	free(e);
	reader_close(&r);
}
