/* model.h — one assessment year as read from a data folder: units, catalog, deductions, tallies. */
#ifndef KAOJI_MODEL_H
#define KAOJI_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/dec.h"
#include "model/settings.h"
#include "read/text.h"

typedef enum { UNIT_SINGLE, UNIT_COMPREHENSIVE, UNIT_SUBCENTER } unit_type;
enum { GROUP_SUPERVISORS, GROUP_LEADERS, GROUP_COUNT };      /* the two voter groups */
enum { VOTE_VERY, VOTE_SATISFIED, VOTE_FAIR, VOTE_UNSATISFIED, VOTE_KINDS };

/* One row behind a summed tally (discipline.csv, votes.csv): a scorecard shows the parts of a
 * sum and the lines they come from. */
typedef struct {
	int line;
	dec value;                      /* discipline.csv 得分 */
	int64_t votes[VOTE_KINDS];      /* votes.csv counts */
} tally_row;

typedef struct {
	char *name, *location;
	unit_type type;
	bool type_unknown;              /* units.csv had a bad 类型 (the load fails anyway) */
	int line;                       /* in units.csv */
	/* Year-end tallies; repeated rows are summed (SPEC §7.2). */
	dec discipline;
	bool has_discipline;
	dec third_party;
	bool has_third_party;
	int64_t votes[GROUP_COUNT][VOTE_KINDS];
	bool has_votes[GROUP_COUNT], votes_bad[GROUP_COUNT];
	int votes_line[GROUP_COUNT];    /* last votes.csv row of the unit and group */
	tally_row *discipline_rows, *vote_rows[GROUP_COUNT];    /* the rows summed above */
	int ndiscipline_rows, nvote_rows[GROUP_COUNT];
	dec quarter[4];
	bool has_quarter[4];
	dec penalty;
	bool disqualified;
	char *penalty_reason;           /* reasons joined with "；", NULL when none */
} unit;

typedef struct {
	char *code, *text;
	int category;                   /* 0..CATEGORY_COUNT-1 */
	dec points, min, max;           /* standard points per occurrence; range when has_range */
	bool has_range;
	int line;
} item;

typedef struct {
	int month;                      /* 1..12 */
	int unit, item, count;
	dec points;                     /* per occurrence */
	char *date, *note;              /* date normalised to YYYY-MM-DD, or "" */
	int line;
} deduction;

/* What the data folder held, for the check summary. */
typedef enum { FILE_UNITS, FILE_ITEMS, FILE_DEDUCTIONS, FILE_QUARTERS, FILE_DISCIPLINE,
	       FILE_THIRD_PARTY, FILE_VOTES, FILE_PENALTIES, FILE_BALLOTS, FILE_COUNT } data_file;
typedef struct {
	bool present;
	bool failed;                    /* missing when required, or unreadable: no per-unit follow-ons */
	text_encoding enc;
	int rows;
} file_info;

/* A void ballot of ballots.csv (SPEC §7.14): tally.pdf, check and explain list it. */
typedef struct {
	int group;
	char *number;                   /* 票号 as written */
	char *reason;                   /* why it is void, in Chinese */
	int line;                       /* ballots.csv line of the defect */
} void_ballot;

/* How the votes were tallied from ballots.csv, when the folder has it instead of votes.csv. */
typedef struct {
	bool used;
	int received[GROUP_COUNT], valid[GROUP_COUNT];
	int blanks[GROUP_COUNT];        /* blank ratings on valid ballots: no vote for that unit */
	void_ballot *voids;             /* by group, then 票号 */
	int nvoids;
	int rating_col;                 /* the 评价 column (1-based), for messages about a unit's votes */
} ballot_tally;

typedef struct {
	char *dir;
	settings set;
	int year;
	unit *units;
	int nunits;
	int *unit_index;                /* name → unit, open addressing (model_find_unit) */
	size_t index_cap;
	item *items;
	int nitems;
	bool builtin_catalog;
	deduction *deductions;
	int ndeductions;
	int *row_order;                 /* deduction indices by unit, month, date, file order (buckets.c) */
	int *row_start;                 /* [nunits × 12 + 1]: where bucket unit × 12 + month − 1 starts */
	file_info files[FILE_COUNT];
	ballot_tally ballots;
	const printable_fonts *fonts;   /* while loading: what the documents can print, or NULL */
} model;

extern const char *const data_file_name[FILE_COUNT];
extern const char *const category_name[CATEGORY_COUNT];
extern const char *const group_name[GROUP_COUNT];
const char *unit_type_name(unit_type t);
static inline bool unit_is_window(const unit *u) { return u->type != UNIT_SUBCENTER; }

/* Reads and validates a data folder; `sets` are --set overrides; texts the documents print
 * are checked against fonts (NULL: only that they lie in the BMP).  Returns 0 or an exit
 * status. */
int  model_load(model *m, const char *dir, char *const *sets, int nsets, const printable_fonts *fonts);
void model_free(model *m);
int  model_find_unit(const model *m, const char *name);    /* index, or -1 */
/* The known unit nearest to a misspelt name (edit distance, containment), or -1. */
int  model_suggest(const model *m, const char *name);
/* A month in the forms deductions.csv accepts (load.c: 2022-03, 2022年3月, 2022/3, the
 * 2022/3/1 Excel makes of them…); --month takes the same.  0, or non-zero when not one. */
int  parse_month(const char *s, int *year, int *month);
/* The built-in 2022 catalog (samples/2022/items.csv, embedded at build time). */
const char *model_builtin_catalog(void);
/* Reports each catalog item whose text says it is a placeholder (“原文缺失”, “原文截断”) at the
 * first deduction row citing it: a warning, an error after model_set_strict(true) (--strict).
 * model_load calls it. */
void model_check_placeholders(const model *m);
/* Appends a row to a unit's tally rows (votes may be NULL); frees them all. */
/* Buckets the deduction rows per (unit, month), once (model_load calls it). */
void model_bucket_rows(model *m);
/* The deduction rows (indices into m->deductions) of unit u in month 1..12, or in the whole
 * year when month is 0: by month, date, then file order; *n of them. */
const int *model_unit_rows(const model *m, int u, int month, int *n);
void model_keep_row(tally_row **rows, int *n, int line, dec value, const int64_t *votes);
void model_free_rows(unit *u);
void model_set_strict(bool on);

#endif
