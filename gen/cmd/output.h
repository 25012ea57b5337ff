/* output.h — what annual and monthly share: staging the outputs, the fonts, the summary line. */
#ifndef KAOJI_OUTPUT_H
#define KAOJI_OUTPUT_H

#include "cmd/cmd.h"
#include "doc/documents.h"

typedef struct {
	char *stage;                    /* hidden folder inside OUT_DIR, published at the end */
	const char *out;
	fn_set *fonts;                  /* opened once per run, shared by every document */
	doc_stats stats;
	double t0;
	char *ini;                      /* the data folder's method.ini, named by draft warnings */
	int strict;                     /* a draft is an error: nothing is written */
	doc_options opt;
	printable_fonts printable;      /* the fonts as model_load asks them */
	unsigned char printable_ok[0x10000 / 8];        /* BMP code points every role sets */
	int dry;                        /* check: make every output, keep none */
	doc_queue *bulletins;           /* the bulletins, written on the writer threads */
} run_output;

/* Takes OUT_DIR for this run and puts it in order (an interrupted publish completed, stale
 * stages removed: base/publish.h), before anything else, so that even a run that stops at
 * its data leaves the folder consistent.  0 or an exit status. */
int  out_prepare(const char *out_dir);
/* Opens the fonts, before the data is read: model_load checks every text against them. */
int  out_fonts(run_output *o);
/* The fonts as model_load takes them; NULL when none were opened (CSV only). */
const printable_fonts *out_printable(const run_output *o);
/* Creates the staging folder. 0 or an exit status. */
int  out_begin(run_output *o, const char *out_dir);
/* The data folder (whose method.ini the draft warnings name) and the run's options. */
void out_options(run_output *o, const char *data_dir, const cmd_args *a);
/* Writes the year's results.csv and, with pdf, notice.pdf and the scorecards into the stage. */
int  out_annual(run_output *o, const year_score *y, int pdf);
/* Writes the CSV of each month first … last and, with pdf, its bulletin into the stage. */
int  out_months(run_output *o, const model *m, int first, int last, int pdf);
/* Writes the tally of ballots.csv into the stage: votes.csv and, with pdf, tally.pdf. */
int  out_tally(run_output *o, const model *m, int pdf);
/* Reports each missing document setting once (an error with --strict, which then discards
 * the run); publishes on rc == 0 (printing the summary), else discards everything (always,
 * when dry). Returns rc. */
int  out_end(run_output *o, int rc);

#endif
