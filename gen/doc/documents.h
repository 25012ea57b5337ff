/* documents.h — the hall's documents: 年度考绩结果通报, 考绩单, 月度通报, 通知, from templates. */
#ifndef KAOJI_DOCUMENTS_H
#define KAOJI_DOCUMENTS_H

#include "doc/render.h"
#include "doc/template.h"
#include "font/font.h"
#include "layout/layout.h"
#include "score/score.h"

/* A document setting method.ini lacks, and the drafts it caused. */
typedef struct {
	char *setting;                  /* the method.ini key, e.g. "issue_date" */
	char *first;                    /* the first document printed as a draft for it */
	char *last;                     /* the last one noted (a bound copy notes each part) */
	int documents;
} doc_missing;

/* What a run wrote, for the progress lines and the summary. */
typedef struct {
	int documents, pages;
	long bytes;
	doc_missing *missing;           /* one per setting, in order of first use */
	size_t nmissing, cap;
} doc_stats;

/* Notes that document `name` printed blanks for t's missing settings (a draft). */
void doc_note_drafts(doc_stats *st, const tpl_doc *t, const char *name);
void doc_stats_free(doc_stats *st);

/* A file that is not a document (the annual run's results.xlsx), written on the thread
 * that runs the queue (doc_queue_run_tasks, or doc_queue_run): run(arg) gives 0 or an exit status, having
 * reported why; line is its progress line, printed when it is reported. */
typedef struct {
	int (*run)(void *arg);
	void *arg;
	const char *line;
} doc_task;

/* What an annual run prints besides the scores. */
typedef struct {
	bool publicity;                 /* notice.pdf is the 公示稿 (templates/publicity.tpl) */
	const doc_task *first;          /* written as the notice is laid out, reported first */
} doc_options;

/* The template `name` ("notice.tpl") from the first template folder that has it
 * (base/paths.h): a new path, or NULL after reporting that the installation lacks it
 * (the caller's exit status is then EXIT_OSFILE). */
char *doc_template_path(const char *name);
/* The template `name` (doc_template_path) expanded against c into *t and laid out with its
 * parts (doc_layout): the layout, or NULL with *rc the exit status (the error is reported).
 * The caller frees *t either way. */
ly_doc *doc_layout_template(const fn_set *fs, const char *name, const tpl_ctx *c, const doc_parts *parts, tpl_doc *t,
                            int *rc);
/* Values every template can use: year, issuer, 文号, dates, 主送, 抄送, unit counts and lists. */
tpl_ctx *doc_common_context(const model *m);

/* On, documents are laid out, so that whatever would stop them shows, but not written:
 * check's trial run of a year, in a fraction of the time writing takes. */
void doc_trial_run(int on);
/* Saves a laid-out document into dir/name, reports it on stderr and counts it. */
int doc_save(ly_doc *d, const char *dir, const char *name, const pd_meta *meta, doc_stats *st);

/* Documents laid out and waiting to be written.  Writer threads (one per core) write each
 * document as soon as it is queued, while the caller lays out the next; each document's
 * bytes do not depend on which thread wrote it.  doc_queue_run reports them on stderr and
 * counts them in the order they were queued, as doc_save would have. */
typedef struct doc_queue doc_queue;
doc_queue *doc_queue_new(void);
/* Queues d, which the queue frees; dir, name and meta are copied. */
void doc_queue_add(doc_queue *q, ly_doc *d, const char *dir, const char *name, const pd_meta *meta);
typedef struct doc_share doc_share;       /* see doc_stream_share */
/* As doc_queue_add for a document whose pages a stream draws (doc_stream_share; sh NULL:
 * doc_queue_add); the queue owns sh. */
void doc_queue_add_shared(doc_queue *q, ly_doc *d, doc_share *sh, const char *dir, const char *name,
                          const pd_meta *meta);
/* Queues a task (doc_task: t is copied, its arg and line must live until q is run); tasks
 * are reported before the documents. */
void doc_queue_add_task(doc_queue *q, const doc_task *t);
/* A place in the queue for a document laid out and written on another thread (the notice
 * while the cards are laid out): reported in its place; doc_slot_fill writes d there on the
 * calling thread and frees it.  A slot never filled must not reach doc_queue_run (its run
 * failed: the queue is discarded), and the filling thread must be joined before either. */
typedef struct doc_slot doc_slot;
doc_slot *doc_queue_reserve(doc_queue *q);
void doc_slot_fill(doc_slot *s, ly_doc *d, const char *dir, const char *name, const pd_meta *meta);
/* Runs the tasks queued so far now, on this thread (doc_queue_run runs any left): the
 * annual run writes results.xlsx while the notice is laid out, not after the cards. */
void doc_queue_run_tasks(doc_queue *q);
/* Waits for, reports and counts everything, frees q; EXIT_OK or the first failure's
 * status (later documents are then not reported). */
int doc_queue_run(doc_queue *q, doc_stats *st);
/* Writes nothing more (a document being written is finished) and frees q. */
void doc_queue_discard(doc_queue *q);

/* A document written while it is laid out, so that only its last pages are ever in
 * memory (the bound scorecards.pdf of a province runs to 40,000 pages): each
 * doc_stream_add writes the pages d has finished, and doc_queue_add_stream completes the
 * file and queues its report after the documents queued before it.  In a trial run
 * nothing is written.  NULL with *err (Chinese) when the file cannot be created. */
typedef struct doc_stream doc_stream;
doc_stream *doc_stream_open(const fn_set *fs, const char *dir, const char *name, const pd_meta *meta, char **err);
void doc_stream_add(doc_stream *s, ly_doc *d);
/* As doc_stream_add, and the last `last` pages, drawn once by the stream's thread, also go
 * to a file of their own: queue that with doc_queue_add_shared (its writer waits for the
 * stream to have drawn them, then writes the same content streams with the stream's
 * codes).  NULL when the stream cannot share (a trial run, a failed file, a face that
 * cannot take given codes): then queue the document as usual. */
doc_share *doc_stream_share(doc_stream *s, ly_doc *d, int last);
void doc_queue_add_stream(doc_queue *q, doc_stream *s);
void doc_stream_abort(doc_stream *s);

/* notice.pdf (from notice.tpl, or publicity.tpl for the 公示稿), scorecards/NN-单位.pdf and
 * scorecards.pdf into dir. 0, or an exit status. */
int doc_annual(const year_score *y, const fn_set *fs, const char *dir, const doc_options *opt, doc_stats *st);
/* The floor of every chart of the year, the bulletins' and the scorecards' of both kinds: a
 * multiple of 5 at least 2 below the lowest score any of them plots (a window's month, a
 * 分中心's quarter; all are out of 100, to 100).  One scale for all: a height means one
 * score on every page issued, and a 分中心's card compares with a window's at a glance. */
double doc_year_chart_floor(const model *m);
/* The bulletins of months first … last into dir, each in its place in q, laid out and
 * written two at a time (by the caller's thread in doc_bulletins_next and a helper thread,
 * a province's bulletin being large): doc_bulletins_next issues the next month's (its
 * messages shown, its drafts noted) and gives its status.  Stop before q is run. */
typedef struct doc_bulletins doc_bulletins;
doc_bulletins *doc_bulletins_start(const model *m, int first, int last, const fn_set *fs, const char *dir, doc_queue *q);
int doc_bulletins_next(doc_bulletins *bs, doc_stats *st);
void doc_bulletins_stop(doc_bulletins *bs);
/* tally.pdf into dir (templates/tally.tpl): the tally of ballots.csv. */
int doc_tally(const model *m, const fn_set *fs, const char *dir, doc_stats *st);
/* Any 公文 template against the common context, to path. */
int doc_notice(const model *m, const char *template_path, const fn_set *fs, const char *path, doc_stats *st);

#endif
