/* ordered.c — items made on worker threads, taken in order (see ordered.h). */
#include "base/ordered.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/util.h"

struct om {
	int n, window;
	om_make make;
	void *ctx;
	void **slot;            /* slot[i % window]: item i once made */
	char *ready;
	int next;               /* the next item a worker makes */
	int taken;              /* items the caller has taken */
	int stop;
	pthread_mutex_t lock;
	pthread_cond_t made, room;
	pthread_t tids[4];
	int nthreads;
};

/* A worker: makes the next item while it is within the window of the caller's. */
static void *worker(void *arg)
{
	om *o = arg;
	pthread_mutex_lock(&o->lock);
	for (;;) {
		while (!o->stop && o->next < o->n && o->next >= o->taken + o->window) pthread_cond_wait(&o->room, &o->lock);
		if (o->stop || o->next >= o->n) break;
		int i = o->next++;
		pthread_mutex_unlock(&o->lock);
		void *item = o->make(o->ctx, i);
		pthread_mutex_lock(&o->lock);
		o->slot[i % o->window] = item;
		o->ready[i % o->window] = 1;
		pthread_cond_broadcast(&o->made);
	}
	pthread_mutex_unlock(&o->lock);
	return NULL;
}

om *om_start(int n, om_make make, void *ctx)
{
	om *o = xcalloc(1, sizeof *o);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int want = cpus < 1 ? 1 : cpus > 4 ? 4 : (int)cpus;
	*o = (om){ .n = n, .window = 2 * want, .make = make, .ctx = ctx };
	o->slot = xcalloc((size_t)o->window, sizeof *o->slot);
	o->ready = xcalloc((size_t)o->window, 1);
	pthread_mutex_init(&o->lock, NULL);
	pthread_cond_init(&o->made, NULL);
	pthread_cond_init(&o->room, NULL);
	while (o->nthreads < want && pthread_create(&o->tids[o->nthreads], NULL, worker, o) == 0) o->nthreads++;
	return o;
}

void *om_next(om *o)
{
	if (o->taken >= o->n) return NULL;
	if (!o->nthreads) return o->make(o->ctx, o->taken++);   /* no thread could be started */
	pthread_mutex_lock(&o->lock);
	int k = o->taken % o->window;
	while (!o->ready[k]) pthread_cond_wait(&o->made, &o->lock);
	void *item = o->slot[k];
	o->ready[k] = 0;
	o->taken++;
	pthread_cond_broadcast(&o->room);
	pthread_mutex_unlock(&o->lock);
	return item;
}

void om_stop(om *o, void (*discard)(void *))
{
	if (!o) return;
	pthread_mutex_lock(&o->lock);
	o->stop = 1;
	pthread_cond_broadcast(&o->room);
	pthread_mutex_unlock(&o->lock);
	for (int i = 0; i < o->nthreads; i++) pthread_join(o->tids[i], NULL);
	for (int k = 0; k < o->window; k++)
		if (o->ready[k] && discard) discard(o->slot[k]);
	pthread_cond_destroy(&o->made);
	pthread_cond_destroy(&o->room);
	pthread_mutex_destroy(&o->lock);
	free(o->slot);
	free(o->ready);
	free(o);
}
