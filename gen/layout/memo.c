/* memo.c — what table cells shaped to, remembered per thread.
 *
 * A province's 10,000 scorecards repeat the same cells: header labels, months, item codes,
 * amounts, grades.  Shaping one (a font for each character, its advance, where it may break)
 * was an eighth of `annual`'s CPU; remembered, a repeated cell is a copy.  The same text in
 * the same set of fonts, role and size always shapes the same way, so the memory changes
 * only the time, never a byte of output.  It is per thread (the card workers need no lock),
 * holds only short cells, and when full keeps only the half found most (ly_memo_sweep),
 * which bounds it at a few MB. */
#include "layout/internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

#define MEMO_SLOTS 2048         /* a power of two */
#define MEMO_MAX 1024           /* entries before it forgets all but the most found half */
#define MEMO_TEXT 48            /* longest text remembered, in bytes: notes seldom repeat */

/* One remembered cell: its key and its shaping, in one allocation. */
typedef struct {
	ly_memo_head head;
	unsigned long fonts;    /* fn_serial of the set */
	int role, header;
	double size;
	char *text;
	ly_shaped s;
} entry_t;

typedef struct {
	ly_memo_head *slot[MEMO_SLOTS];        /* entry_t's, by their heads */
	size_t n;
} memo_t;

static __thread memo_t *memo;
static pthread_key_t memo_key;
static pthread_once_t memo_once = PTHREAD_ONCE_INIT;

size_t ly_memo_sweep(ly_memo_head **slot, size_t nslots, size_t keep)
{
	/* The least number of finds an entry needs to stay: at most keep stay, those found
	 * most; what stays has its count halved, so it must be found again to stay again. */
	size_t count[256] = {0}, at_least = 0;
	for (size_t i = 0; i < nslots; i++)
		if (slot[i]) count[slot[i]->hits]++;
	unsigned least = 256;
	while (least > 1 && at_least + count[least - 1] <= keep) at_least += count[--least];
	if (least == 256) least = 255;  /* more than keep found 255 times: the first keep of them */
	ly_memo_head **stay = xmalloc((keep ? keep : 1) * sizeof *stay);
	size_t n = 0;
	for (size_t i = 0; i < nslots; i++) {
		ly_memo_head *e = slot[i];
		slot[i] = NULL;
		if (e && e->hits >= least && n < keep) { e->hits >>= 1; stay[n++] = e; }
		else free(e);
	}
	for (size_t j = 0; j < n; j++) {
		size_t k = stay[j]->hash & (nslots - 1);
		while (slot[k]) k = (k + 1) & (nslots - 1);
		slot[k] = stay[j];
	}
	free(stay);
	return n;
}

/* Frees a thread's memory when the thread ends. */
static void memo_free(void *p)
{
	if (!p) return;
	ly_memo_sweep(((memo_t *)p)->slot, MEMO_SLOTS, 0);
	free(p);
}

/* Makes the key whose destructor frees each thread's memory. */
static void memo_init(void) { pthread_key_create(&memo_key, memo_free); }

/* The key's hash (FNV-1a over the text, then the rest). */
static uint64_t hash_of(unsigned long fonts, fn_role role, double size, int header, const char *text, size_t len)
{
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; i < len; i++) { h ^= (unsigned char)text[i]; h *= 1099511628211u; }
	uint64_t bits;
	memcpy(&bits, &size, sizeof bits);
	uint64_t rest[] = { fonts, (uint64_t)role, (uint64_t)header, bits };
	for (size_t i = 0; i < sizeof rest / sizeof *rest; i++) { h ^= rest[i]; h *= 1099511628211u; }
	return h;
}

/* The slot holding the key, or the empty slot where it would go. */
static ly_memo_head **find_slot(memo_t *m, uint64_t h, unsigned long fonts, fn_role role, double size, int header,
                           const char *text)
{
	for (size_t k = h & (MEMO_SLOTS - 1);; k = (k + 1) & (MEMO_SLOTS - 1)) {
		entry_t *e = (entry_t *)m->slot[k];
		if (!e || (e->head.hash == h && e->fonts == fonts && e->role == (int)role && e->size == size &&
		           e->header == header && !strcmp(e->text, text)))
			return &m->slot[k];
	}
}

const ly_shaped *ly_memo_find(const ly_doc *d, fn_role role, double size, int header, const char *text)
{
	size_t len = strlen(text);
	if (!memo || len > MEMO_TEXT) return NULL;
	uint64_t h = hash_of(fn_serial(d->fs), role, size, header, text, len);
	entry_t *e = (entry_t *)*find_slot(memo, h, fn_serial(d->fs), role, size, header, text);
	if (!e) return NULL;
	if (e->head.hits < 255) e->head.hits++;
	return &e->s;
}

void ly_memo_put(const ly_doc *d, fn_role role, double size, int header, const char *text, const ly_shaped *s)
{
	size_t len = strlen(text);
	if (len > MEMO_TEXT) return;
	if (!memo) {
		pthread_once(&memo_once, memo_init);
		memo = xcalloc(1, sizeof *memo);
		pthread_setspecific(memo_key, memo);
	}
	if (memo->n >= MEMO_MAX) memo->n = ly_memo_sweep(memo->slot, MEMO_SLOTS, MEMO_MAX / 2);
	unsigned long fonts = fn_serial(d->fs);
	uint64_t h = hash_of(fonts, role, size, header, text, len);
	ly_memo_head **slot = find_slot(memo, h, fonts, role, size, header, text);
	if (*slot) return;
	/* The entry, its glyphs, its two break arrays and its text in one block. */
	size_t gbytes = s->n * sizeof *s->g;
	entry_t *e = xmalloc(sizeof *e + gbytes + 2 * s->n + len + 1);
	*e = (entry_t){ .head.hash = h, .fonts = fonts, .role = (int)role, .header = header, .size = size };
	e->s.n = s->n;
	e->s.g = (ly_glyph *)(e + 1);
	e->s.brk = (char *)e->s.g + gbytes;
	e->s.loose = e->s.brk + s->n;
	e->text = e->s.loose + s->n;
	if (s->n) {
		memcpy(e->s.g, s->g, gbytes);
		memcpy(e->s.brk, s->brk, s->n);
		memcpy(e->s.loose, s->loose, s->n);
	}
	memcpy(e->text, text, len + 1);
	*slot = &e->head;
	memo->n++;
}
