/* ordered.h — an ordered parallel map: items 0 … n-1 made on worker threads (one per core,
 * at most 4), at most two per worker ahead of the caller, who takes them in order.  The
 * scorecards of a year are laid out this way: each alone, the bound copy in unit order. */
#ifndef KAOJI_ORDERED_H
#define KAOJI_ORDERED_H

/* Makes item i (on a worker thread: make and ctx must allow that). */
typedef void *(*om_make)(void *ctx, int i);

typedef struct om om;
om *om_start(int n, om_make make, void *ctx);
/* The next item in order, waiting for it to be made; NULL once all n are taken. */
void *om_next(om *o);
/* Stops the workers (an item being made is finished) and discards the items made but not
 * taken; frees o. */
void om_stop(om *o, void (*discard)(void *));

#endif
