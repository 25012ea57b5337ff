/* save.c — writing laid-out documents: one at a time (doc_save), or a run's worth at once
 * on as many threads as there are cores (doc_queue), reported in the order they were made. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/util.h"
#include "doc/documents.h"

/* A document's pages as a stream's thread drew them for its file (see doc_stream_share):
 * handed from that thread to the writer of the document's own file, which waits for them. */
struct doc_share {
	pthread_mutex_t lock;
	pthread_cond_t done;
	int ready;              /* drawn is set, or the stream could not draw them (NULL) */
	pd_drawn *drawn;
	int refs;               /* the stream's batch and the job */
};

/* Drops one reference to a share, freeing it with the last. */
static void share_release(doc_share *sh)
{
	if (!sh || __atomic_sub_fetch(&sh->refs, 1, __ATOMIC_ACQ_REL)) return;
	pd_drawn_free(sh->drawn);
	pthread_cond_destroy(&sh->done);
	pthread_mutex_destroy(&sh->lock);
	free(sh);
}

/* Hands the drawn pages (or NULL: the file draws its own) to the share's waiting writer. */
static void share_publish(doc_share *sh, pd_drawn *drawn)
{
	pthread_mutex_lock(&sh->lock);
	sh->drawn = drawn;
	sh->ready = 1;
	pthread_cond_broadcast(&sh->done);
	pthread_mutex_unlock(&sh->lock);
}

/* Waits for the share's pages and takes them (NULL when the stream could not draw them). */
static pd_drawn *share_take(doc_share *sh)
{
	pthread_mutex_lock(&sh->lock);
	while (!sh->ready) pthread_cond_wait(&sh->done, &sh->lock);
	pd_drawn *d = sh->drawn;
	sh->drawn = NULL;
	pthread_mutex_unlock(&sh->lock);
	return d;
}

/* One document waiting to be written, and how its writing went. */
typedef struct {
	ly_doc *d;
	doc_share *share;                       /* its pages drawn by a stream, or NULL */
	char *path, *name;
	char *title, *author, *subject;         /* the pd_meta strings, owned */
	pd_meta meta;
	int pages, failed, saved_errno;
	int written;                            /* written already (a doc_stream): nothing to do */
	int reserved;                           /* a doc_slot: written by whoever fills it */
	int status;                             /* ly_save's exit status when it failed */
	char *err;
	doc_task task;                          /* not a document: a file written by task.run */
	int ran;                                /* the task has run */
	diag_held msgs;                         /* the task's messages, shown when reported */
} job_t;

struct doc_queue {
	job_t **jobs;                           /* in queue order */
	size_t n, cap;
	size_t next;                            /* the next job a writer takes */
	int closed, cancel;
	pthread_mutex_t lock;
	pthread_cond_t more, room;
	pthread_t tids[4];
	size_t nthreads;
};

/* check's trial run: documents are laid out (every layout failure shows) but not written. */
static int trial_run;

void doc_trial_run(int on) { trial_run = on; }

/* Writes one job's document (any thread: the layout is done, pd_save keeps its own state). */
static void run_job(job_t *j)
{
	if (trial_run || j->written) return;
	if (j->task.run) {
		diag_hold(&j->msgs);
		j->status = j->task.run(j->task.arg);
		diag_hold(NULL);
		return;
	}
	pd_drawn *drawn = j->share ? share_take(j->share) : NULL;
	if (drawn) {
		j->status = pd_save_drawn(drawn, j->path, &j->meta, &j->err);
		pd_drawn_free(drawn);
	} else {
		j->status = ly_save(j->d, j->path, &j->meta, &j->err);
	}
	if (j->status) {
		j->failed = 1;
		j->saved_errno = errno;
	}
}

/* Reports a written (or failed) job on stderr and counts it, as doc_save always has. */
static int report(job_t *j, doc_stats *st)
{
	if (j->task.run) {
		diag_replay(&j->msgs);
		if (!j->status && !trial_run) diag_progress("%s", j->task.line);
		return j->status;
	}
	if (j->failed) {
		diag_error(j->name, 0, 0, "无法生成：%s", j->err ? j->err : sys_error(j->saved_errno));
		return j->status ? j->status : EXIT_SOFTWARE;
	}
	struct stat sb;
	long bytes = stat(j->path, &sb) == 0 ? (long)sb.st_size : 0;
	if (st) { st->documents++; st->pages += j->pages; st->bytes += bytes; }
	diag_progress("  %-28s %3d页 %7.1f KB\n", j->name, j->pages, bytes / 1024.0);
	return EXIT_OK;
}

/* Fills a zeroed job from the caller's arguments, copying every string (a slot's kind,
 * which a writer thread may be reading, is left alone). */
static void job_init(job_t *j, ly_doc *d, const char *dir, const char *name, const pd_meta *meta)
{
	j->d = d;
	j->path = path_join(dir, name);
	j->name = xstrdup(name);
	j->pages = ly_page_count(d);
	if (meta) {
		j->meta = *meta;
		j->meta.title = j->title = meta->title ? xstrdup(meta->title) : NULL;
		j->meta.author = j->author = meta->author ? xstrdup(meta->author) : NULL;
		j->meta.subject = j->subject = meta->subject ? xstrdup(meta->subject) : NULL;
	}
}

/* Frees a job's strings and share (not its document). */
static void job_free(job_t *j)
{
	share_release(j->share);
	free(j->msgs.text.s);
	free(j->path);
	free(j->name);
	free(j->title);
	free(j->author);
	free(j->subject);
	free(j->err);
}

/* Saves a laid-out document and reports it on stderr. */
int doc_save(ly_doc *d, const char *dir, const char *name, const pd_meta *meta, doc_stats *st)
{
	job_t j = {0};
	job_init(&j, d, dir, name, meta);
	run_job(&j);
	int rc = report(&j, st);
	job_free(&j);
	return rc;
}

/* A writer thread: takes jobs as they are queued and frees each document once written,
 * until the queue is closed and empty (or cancelled). */
static void *worker(void *arg)
{
	doc_queue *q = arg;
	for (;;) {
		pthread_mutex_lock(&q->lock);
		while (q->next >= q->n && !q->closed && !q->cancel) pthread_cond_wait(&q->more, &q->lock);
		job_t *j = q->next < q->n && !q->cancel ? q->jobs[q->next++] : NULL;
		pthread_cond_signal(&q->room);
		pthread_mutex_unlock(&q->lock);
		if (!j) return NULL;
		if (j->task.run || j->reserved) continue;      /* the caller's, or the slot filler's */
		run_job(j);
		ly_free(j->d);
		j->d = NULL;
	}
}

/* An empty queue with its writer threads started, one per core (at most 4): they write
 * while the caller lays out the next documents. */
doc_queue *doc_queue_new(void)
{
	doc_queue *q = xcalloc(1, sizeof *q);
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->more, NULL);
	pthread_cond_init(&q->room, NULL);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t want = cpus < 1 ? 1 : cpus > 4 ? 4 : (size_t)cpus;
	while (q->nthreads < want && pthread_create(&q->tids[q->nthreads], NULL, worker, q) == 0) q->nthreads++;
	return q;
}

/* Adds a job to the queue, waiting while the writers are behind; runs it now when no
 * writer thread could be started. */
static void enqueue(doc_queue *q, job_t *j)
{
	pthread_mutex_lock(&q->lock);
	/* At most two documents per writer wait: laid-out documents hold their display
	 * lists, and a layout thread far ahead of the writers only costs memory. */
	while (q->nthreads && q->n - q->next >= 2 * q->nthreads) pthread_cond_wait(&q->room, &q->lock);
	GROW(q->jobs, q->n, q->cap);
	q->jobs[q->n++] = j;
	pthread_cond_signal(&q->more);
	pthread_mutex_unlock(&q->lock);
	/* No thread could be started: write it now. */
	if (!q->nthreads) {
		q->next = q->n;
		if (j->task.run || j->reserved) return;
		run_job(j);
		ly_free(j->d);
		j->d = NULL;
	}
}

/* Queues d (the queue frees it); dir, name and meta are copied. */
void doc_queue_add(doc_queue *q, ly_doc *d, const char *dir, const char *name, const pd_meta *meta)
{
	job_t *j = xcalloc(1, sizeof *j);
	job_init(j, d, dir, name, meta);
	enqueue(q, j);
}

/* Queues d, its pages drawn by a stream (see documents.h). */
void doc_queue_add_shared(doc_queue *q, ly_doc *d, doc_share *sh, const char *dir, const char *name,
                          const pd_meta *meta)
{
	job_t *j = xcalloc(1, sizeof *j);
	job_init(j, d, dir, name, meta);
	j->share = sh;
	enqueue(q, j);
}

/* Queues a place for a document laid out elsewhere (see documents.h). */
doc_slot *doc_queue_reserve(doc_queue *q)
{
	job_t *j = xcalloc(1, sizeof *j);
	j->reserved = 1;
	j->name = xstrdup("");
	enqueue(q, j);
	return (doc_slot *)j;
}

/* Writes d into its slot on this thread and frees it (see documents.h). */
void doc_slot_fill(doc_slot *s, ly_doc *d, const char *dir, const char *name, const pd_meta *meta)
{
	job_t *j = (job_t *)s;
	free(j->name);
	job_init(j, d, dir, name, meta);
	run_job(j);
	ly_free(j->d);
	j->d = NULL;
}

/* Queues a task: it runs when the queue is run (doc_queue_run), its messages held until
 * it is reported, before the documents. */
void doc_queue_add_task(doc_queue *q, const doc_task *t)
{
	job_t *j = xcalloc(1, sizeof *j);
	j->task = *t;
	j->name = xstrdup("");
	enqueue(q, j);
}

/* Closes the queue (cancel: jobs not yet taken are not written) and waits for the writers. */
static void finish(doc_queue *q, int cancel)
{
	pthread_mutex_lock(&q->lock);
	q->closed = 1;
	q->cancel = cancel;
	pthread_cond_broadcast(&q->more);
	pthread_mutex_unlock(&q->lock);
	for (size_t i = 0; i < q->nthreads; i++) pthread_join(q->tids[i], NULL);
}

/* Frees the queue, its job records and any document still in it. */
static void queue_free(doc_queue *q)
{
	for (size_t i = 0; i < q->n; i++) {
		ly_free(q->jobs[i]->d);
		job_free(q->jobs[i]);
		free(q->jobs[i]);
	}
	pthread_cond_destroy(&q->more);
	pthread_cond_destroy(&q->room);
	pthread_mutex_destroy(&q->lock);
	free(q->jobs);
	free(q);
}

/* Runs the tasks queued so far that have not run (see documents.h). */
void doc_queue_run_tasks(doc_queue *q)
{
	/* Another thread may be queueing documents meanwhile (the annual run's cards), which
	 * moves the job array: it is read under the lock. */
	for (size_t i = 0;; i++) {
		pthread_mutex_lock(&q->lock);
		job_t *j = i < q->n ? q->jobs[i] : NULL;
		pthread_mutex_unlock(&q->lock);
		if (!j) break;
		if (j->task.run && !j->ran) { run_job(j); j->ran = 1; }
	}
}

/* Waits until every queued document is written, then reports them in queue order up to
 * the first failure. */
int doc_queue_run(doc_queue *q, doc_stats *st)
{
	/* Tasks not run yet run here, while the writers finish the last documents: on this
	 * thread, whose memory is the main arena, not a new one a tight limit might refuse
	 * (libxlsxwriter does not survive a failed malloc). */
	doc_queue_run_tasks(q);
	finish(q, 0);
	int rc = EXIT_OK;
	/* Tasks first: they write the data the documents show (results.xlsx). */
	for (int tasks = 1; tasks >= 0; tasks--)
		for (size_t i = 0; i < q->n && rc == EXIT_OK; i++)
			if (!q->jobs[i]->task.run == !tasks) rc = report(q->jobs[i], st);
	queue_free(q);
	return rc;
}

/* Stops writing (documents being written are finished) and frees the queue unreported. */
void doc_queue_discard(doc_queue *q)
{
	finish(q, 1);
	queue_free(q);
}

/* A document written as it is laid out (see documents.h), on a thread of its own: the
 * caller hands over each batch of finished pages and goes on laying out. */
struct doc_stream {
	const fn_set *fs;
	pd_writer *w;           /* NULL in a trial run */
	char *dir, *name;
	int pages;
	int failed;             /* pd_writer_add failed: pd_writer_close says why */
	int can_share;          /* every face takes given codes (fn_face_takes_codes) */
	struct batch {          /* handed over, not yet written: [next, n) */
		pd_doc *pages;
		size_t from;        /* pages from here on also go to share's file */
		doc_share *share;
	} *batch;
	size_t next, n, cap;
	int closed, threaded;
	pthread_t tid;
	pthread_mutex_t lock;
	pthread_cond_t more, room;
};

/* At most this many batches (a scorecard's pages each) wait for the stream's thread. */
#define STREAM_AHEAD 4

/* Writes a batch into the stream's file and hands its shared pages over. */
static void write_batch(doc_stream *s, struct batch *b)
{
	pd_drawn *drawn = NULL;
	if (!s->failed) {
		int rc = b->share ? pd_writer_add_drawn(s->w, b->pages, b->from, &drawn) : pd_writer_add(s->w, b->pages);
		if (rc) s->failed = 1;
	}
	if (b->share) {
		share_publish(b->share, drawn);
		share_release(b->share);
	}
	pd_free(b->pages);
}

/* The stream's thread: writes the batches in order until the stream is closed. */
static void *stream_worker(void *arg)
{
	doc_stream *s = arg;
	for (;;) {
		pthread_mutex_lock(&s->lock);
		while (s->next == s->n && !s->closed) pthread_cond_wait(&s->more, &s->lock);
		struct batch *b = s->next < s->n ? &s->batch[s->next++] : NULL;
		struct batch one = b ? *b : (struct batch){0};
		pthread_cond_signal(&s->room);
		pthread_mutex_unlock(&s->lock);
		if (!b) return NULL;
		write_batch(s, &one);
	}
}

doc_stream *doc_stream_open(const fn_set *fs, const char *dir, const char *name, const pd_meta *meta, char **err)
{
	doc_stream *s = xcalloc(1, sizeof *s);
	s->fs = fs;
	s->dir = xstrdup(dir);
	s->name = xstrdup(name);
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->more, NULL);
	pthread_cond_init(&s->room, NULL);
	if (trial_run) return s;
	char *path = path_join(dir, name);
	s->w = pd_writer_open(fs, path, meta, err);
	free(path);
	if (!s->w) { doc_stream_abort(s); return NULL; }
	s->can_share = 1;
	for (int f = 0; f < fn_nfaces(fs); f++) s->can_share &= fn_face_takes_codes(fs, f);
	s->threaded = pthread_create(&s->tid, NULL, stream_worker, s) == 0;
	return s;
}

/* Hands d's finished pages to the stream; the last `last` of them are also drawn for the
 * file of a share, made here (NULL when the stream cannot share). */
static doc_share *stream_add(doc_stream *s, ly_doc *d, int last)
{
	s->pages = ly_page_count(d);
	pd_doc *pd = ly_pdf(d);
	if (!s->w || s->failed) { pd_drop_pages(pd); return NULL; }
	struct batch b = { pd_new(s->fs), 0, NULL };
	pd_append(b.pages, pd);
	pd_drop_pages(pd);
	if (last > 0 && s->can_share && (size_t)last <= (size_t)pd_npages(b.pages)) {
		b.share = xcalloc(1, sizeof *b.share);
		pthread_mutex_init(&b.share->lock, NULL);
		pthread_cond_init(&b.share->done, NULL);
		b.share->refs = 2;
		b.from = (size_t)pd_npages(b.pages) - (size_t)last;
	}
	doc_share *sh = b.share;
	if (!s->threaded) {             /* no thread could be started: write it now */
		write_batch(s, &b);
		return sh;
	}
	pthread_mutex_lock(&s->lock);
	while (s->n - s->next >= STREAM_AHEAD) pthread_cond_wait(&s->room, &s->lock);
	GROW(s->batch, s->n, s->cap);
	s->batch[s->n++] = b;
	pthread_cond_signal(&s->more);
	pthread_mutex_unlock(&s->lock);
	return sh;
}

void doc_stream_add(doc_stream *s, ly_doc *d) { stream_add(s, d, 0); }

doc_share *doc_stream_share(doc_stream *s, ly_doc *d, int last) { return stream_add(s, d, last); }

/* Ends the stream's thread once it has written what was handed over. */
static void stream_join(doc_stream *s)
{
	if (!s->threaded) return;
	pthread_mutex_lock(&s->lock);
	s->closed = 1;
	pthread_cond_signal(&s->more);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->tid, NULL);
	s->threaded = 0;
}

/* Frees the stream (its writer already closed or aborted). */
static void stream_free(doc_stream *s)
{
	for (size_t i = s->next; i < s->n; i++) {
		if (s->batch[i].share) {
			share_publish(s->batch[i].share, NULL);
			share_release(s->batch[i].share);
		}
		pd_free(s->batch[i].pages);
	}
	free(s->batch);
	pthread_cond_destroy(&s->more);
	pthread_cond_destroy(&s->room);
	pthread_mutex_destroy(&s->lock);
	free(s->dir);
	free(s->name);
	free(s);
}

void doc_queue_add_stream(doc_queue *q, doc_stream *s)
{
	stream_join(s);
	job_t *j = xcalloc(1, sizeof *j);
	j->path = path_join(s->dir, s->name);
	j->name = xstrdup(s->name);
	j->pages = s->pages;
	j->written = 1;
	if (s->w && (j->status = pd_writer_close(s->w, &j->err))) {
		j->failed = 1;
		j->saved_errno = errno;
	}
	stream_free(s);
	pthread_mutex_lock(&q->lock);
	GROW(q->jobs, q->n, q->cap);
	q->jobs[q->n++] = j;
	if (!q->nthreads) q->next = q->n;
	pthread_cond_signal(&q->more);
	pthread_mutex_unlock(&q->lock);
}

void doc_stream_abort(doc_stream *s)
{
	if (!s) return;
	stream_join(s);
	pd_writer_abort(s->w);
	stream_free(s);
}

void doc_note_drafts(doc_stats *st, const tpl_doc *t, const char *name)
{
	if (!st) return;
	for (size_t i = 0; i < t->nmissing; i++) {
		size_t k = 0;
		while (k < st->nmissing && strcmp(st->missing[k].setting, t->missing[i])) k++;
		if (k == st->nmissing) {
			GROW(st->missing, st->nmissing, st->cap);
			st->missing[st->nmissing++] = (doc_missing){ xstrdup(t->missing[i]), xstrdup(name), NULL, 0 };
		}
		/* A bound copy notes each of its parts: count the file once. */
		if (!st->missing[k].documents || strcmp(st->missing[k].last, name)) st->missing[k].documents++;
		free(st->missing[k].last);
		st->missing[k].last = xstrdup(name);
	}
}

void doc_stats_free(doc_stats *st)
{
	for (size_t i = 0; i < st->nmissing; i++) {
		free(st->missing[i].setting);
		free(st->missing[i].first);
		free(st->missing[i].last);
	}
	free(st->missing);
	st->missing = NULL;
	st->nmissing = st->cap = 0;
}
