/* subset.c — font subsets for a document: HarfBuzz's subsetter for TrueType, cff.c's own
 * rebuild for CFF (each key its glyph and code, code = CID), and the run's cache that
 * shares a subset between the documents drawing the same characters; and the release of
 * the font files' outline pages from resident memory. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <hb-ot.h>
#include <hb-subset.h>

#include "base/util.h"
#include "font/internal.h"
#include "font/ttf.h"

/* Frees a subset. */
void fn_subset_free(fn_subset_t *sub)
{
	if (!sub) return;
	hb_blob_destroy(sub->program);
	if (sub->attached_free) sub->attached_free(sub->attached);
	free(sub);
}

/* Runs HarfBuzz's subsetter on the code points of keys: the result reparsed (the builder
 * face it returns cannot list its tables), each key's glyph in it (glyph[i]) and in the
 * face (old[i]), or NULL when the subsetter fails or the face lacks a key's character. */
static hb_face_t *hb_subset_keys(const face_t *f, const fn_key *keys, size_t n, unsigned *glyph, unsigned *old)
{
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (!in) return NULL;
	hb_set_t *u = hb_subset_input_unicode_set(in);
	for (size_t i = 0; i < n; i++) hb_set_add(u, fn_key_cp(keys[i]));
	/* PDF viewers rasterise embedded fonts without their hinting (WenQuanYi Micro Hei
	 * carries about 3 KB of programs per subset).  CFF charstrings are also flattened:
	 * without subroutines Noto CJK's subsets deflate 10 % smaller and build faster, and
	 * each glyph stands alone when it is stored twice (cff.c). */
	unsigned flags = HB_SUBSET_FLAGS_NO_HINTING | (f->cff ? HB_SUBSET_FLAGS_DESUBROUTINIZE : 0);
	hb_subset_input_set_flags(in, hb_subset_input_get_flags(in) | flags);
	/* Only the outlines and their metrics reach the PDF (cff.c and ttf.c rebuild the
	 * program from them; glyphs are found through the plan, not a cmap): every other table
	 * would be subset for nothing.  Without GSUB the subsetter also skips its closure,
	 * which can pull in glyphs never drawn (vertical forms, ligatures); without name the
	 * subset carries no names a viewer never reads. */
	static const hb_tag_t unused[] = {
		HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
		HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('M', 'A', 'T', 'H'),
		HB_TAG('V', 'O', 'R', 'G'), HB_TAG('v', 'h', 'e', 'a'), HB_TAG('v', 'm', 't', 'x'),
		HB_TAG('g', 'a', 's', 'p'), HB_TAG('k', 'e', 'r', 'n'), HB_TAG('m', 'o', 'r', 'x'),
		HB_TAG('c', 'm', 'a', 'p'), HB_TAG('n', 'a', 'm', 'e'), HB_TAG('p', 'o', 's', 't'),
		HB_TAG('O', 'S', '/', '2'), HB_TAG('D', 'S', 'I', 'G'), HB_TAG('h', 'd', 'm', 'x'),
		HB_TAG('L', 'T', 'S', 'H'), HB_TAG('V', 'D', 'M', 'X'), HB_TAG('E', 'B', 'D', 'T'),
		HB_TAG('E', 'B', 'L', 'C'), HB_TAG('E', 'B', 'S', 'C'), HB_TAG('P', 'C', 'L', 'T'),
	};
	hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	for (size_t i = 0; i < sizeof unused / sizeof *unused; i++) hb_set_add(drop, unused[i]);
	hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(f->face, in);
	hb_subset_input_destroy(in);
	if (!plan) return NULL;
	const hb_map_t *to_old = hb_subset_plan_unicode_to_old_glyph_mapping(plan);
	const hb_map_t *to_new = hb_subset_plan_old_to_new_glyph_mapping(plan);
	int ok = 1;
	for (size_t i = 0; ok && i < n; i++) {
		old[i] = hb_map_get(to_old, fn_key_cp(keys[i]));
		glyph[i] = old[i] == HB_MAP_VALUE_INVALID ? HB_MAP_VALUE_INVALID : hb_map_get(to_new, old[i]);
		ok = glyph[i] != HB_MAP_VALUE_INVALID && glyph[i] != 0;
	}
	hb_face_t *built = ok ? hb_subset_plan_execute_or_fail(plan) : NULL;
	hb_subset_plan_destroy(plan);
	if (!built) return NULL;
	hb_blob_t *blob = hb_face_reference_blob(built);
	hb_face_destroy(built);
	hb_face_t *sub = hb_face_create(blob, 0);
	hb_blob_destroy(blob);
	return sub;
}

/* The CFF program with glyph k = subset glyph order[k] (see cff.h), or NULL. */
static hb_blob_t *cff_program(hb_face_t *sub, const unsigned *order, const double *widths, size_t n, const char **why)
{
	hb_blob_t *t = hb_face_reference_table(sub, HB_TAG('C', 'F', 'F', ' '));
	unsigned len;
	const unsigned char *data = (const unsigned char *)hb_blob_get_data(t, &len);
	strbuf b = {0};
	int rc = cff_rebuild(data, len, order, widths, n, &b, why);
	hb_blob_destroy(t);
	if (rc) { free(b.s); return NULL; }
	size_t blen = b.len;
	char *s = sb_take(&b);
	return hb_blob_create(s, (unsigned)blen, HB_MEMORY_MODE_WRITABLE, s, free);
}

/* The face's CFF table parsed, made on first use (under the cache's lock: writer threads
 * ask together); NULL when it cannot be read (HarfBuzz's subsetter is used then). */
static const cff_font *cff_face(const fn_set *fs, int face)
{
	face_t *f = &fs->faces[face];
	pthread_mutex_lock(&fs->cache->lock);
	if (!f->cff_table) {
		f->cff_table = hb_face_reference_table(f->face, HB_TAG('C', 'F', 'F', ' '));
		unsigned len;
		const unsigned char *data = (const unsigned char *)hb_blob_get_data(f->cff_table, &len);
		const char *why;
		f->cff_parsed = cff_open(data, len, face_maps(f, data, len), &why);
	}
	pthread_mutex_unlock(&fs->cache->lock);
	return f->cff_parsed;
}

/* A CFF subset made here from the whole font's parsed table, without HarfBuzz's
 * subsetter, which reads and checks the whole table again for every subset (for Noto CJK
 * 65,535 charstrings, for each of a province's 10,000 scorecards): glyph 0 .notdef, glyph
 * i + 1 key i's, charstrings flattened as HarfBuzz's desubroutinised, hintless subset has
 * them.  NULL with *why, or NULL and *why NULL when a key's character is not in the face. */
static fn_subset_t *cff_keys(const fn_set *fs, int face, const cff_font *cf, const fn_key *keys,
                             const unsigned *codes, size_t n, const char **why)
{
	const face_t *f = &fs->faces[face];
	unsigned *order = xmalloc((n + 1) * sizeof *order);
	double *widths = xmalloc((n + 1) * sizeof *widths);
	unsigned *cids = codes ? xmalloc((n + 1) * sizeof *cids) : NULL;
	order[0] = 0;
	widths[0] = -1;
	if (cids) {
		cids[0] = 0;
		memcpy(cids + 1, codes, n * sizeof *cids);
	}
	fn_subset_t *s = NULL;
	size_t k = 1;
	for (; k <= n; k++) {
		hb_codepoint_t g;
		if (!fn_face_glyph(f, fn_key_cp(keys[k - 1]), &g) || !g || g >= cff_glyphs(cf)) break;
		order[k] = g;
		widths[k] = fn_key_pct(keys[k - 1]) ? hb_font_get_glyph_h_advance(f->font, g) +
			(double)fn_key_pct(keys[k - 1]) * f->upem / 100 : -1;
	}
	if (k > n) {
		strbuf b = {0};
		if (cff_subset(cf, order, widths, cids, n + 1, &b, why) == 0) {
			s = xcalloc(1, sizeof *s);
			s->cff = 1;
			s->ncodes = (unsigned)(n + 1);
			size_t blen = b.len;
			char *data = sb_take(&b);
			s->program = hb_blob_create(data, (unsigned)blen, HB_MEMORY_MODE_WRITABLE, data, free);
		} else {
			free(b.s);
		}
	}
	free(order);
	free(widths);
	free(cids);
	return s;
}

int fn_face_takes_codes(const fn_set *fs, int face)
{
	if (!fs->faces[face].cff) return 1;
	const cff_font *cf = cff_face(fs, face);
	return cf && cff_is_cid(cf);
}

/* Subsets a face to the keys, key i as glyph i + 1 and code i + 1 or codes[i] (see font.h). */
fn_subset_t *fn_subset_coded(const fn_set *fs, int face, const fn_key *keys, const unsigned *codes, size_t n,
                             const char **why)
{
	*why = "HarfBuzz 无法生成子集";
	if (n == 0 || n > FN_MAX_CODES) { *why = "字符太多"; return NULL; }
	const face_t *f = &fs->faces[face];
	const cff_font *cf = f->cff ? cff_face(fs, face) : NULL;
	if (cf) return cff_keys(fs, face, cf, keys, codes, n, why);
	/* A TrueType program is the same whatever the codes: the PDF maps them (CIDToGIDMap). */
	if (codes && f->cff) { *why = "此 CFF 字体不能使用指定的编码"; return NULL; }
	unsigned *glyph = xmalloc(n * sizeof *glyph), *old = xmalloc(n * sizeof *old);
	hb_face_t *sub = hb_subset_keys(f, keys, n, glyph, old);
	if (!sub) { free(glyph); free(old); return NULL; }
	unsigned nglyphs = hb_face_get_glyph_count(sub), upem = f->upem;
	int ok = nglyphs >= 2 && 1 + n + nglyphs <= 65535;
	for (size_t i = 0; ok && i < n; i++) ok = glyph[i] < nglyphs;
	fn_subset_t *s = NULL;
	if (ok) {
		/* Glyph 0 is .notdef, glyph i + 1 key i's (a glyph two keys share, a half-width
		 * twin or two code points drawn alike, is stored once per key, each with its
		 * key's advance: ToUnicode and /W are per code); then the subset's glyphs no key
		 * drew, the components of composite glyphs (ttf.c points them there). */
		unsigned char *placed = xcalloc(nglyphs, 1);
		unsigned *order = xmalloc((1 + n + nglyphs) * sizeof *order);
		double *widths = xmalloc((1 + n + nglyphs) * sizeof *widths);
		size_t k = 0;
		order[k] = 0;
		widths[k++] = -1;
		placed[0] = 1;
		for (size_t i = 0; i < n; i++) {
			placed[glyph[i]] = 1;
			widths[k] = fn_key_pct(keys[i]) ? hb_font_get_glyph_h_advance(f->font, old[i]) +
				(double)fn_key_pct(keys[i]) * upem / 100 : -1;
			order[k++] = glyph[i];
		}
		for (unsigned g = 1; g < nglyphs; g++)
			if (!placed[g]) { widths[k] = -1; order[k++] = g; }
		s = xcalloc(1, sizeof *s);
		s->cff = f->cff;
		s->ncodes = (unsigned)k;
		s->program = f->cff ? cff_program(sub, order, widths, k, why) : ttf_rebuild(sub, order, widths, k, why);
		free(order);
		free(widths);
		free(placed);
		if (!s->program) { fn_subset_free(s); s = NULL; }
	}
	free(glyph);
	free(old);
	hb_face_destroy(sub);
	return s;
}

fn_subset_t *fn_subset(const fn_set *fs, int face, const fn_key *keys, size_t n, const char **why)
{
	return fn_subset_coded(fs, face, keys, NULL, n, why);
}

/* Drops the font files' glyph outlines from the process's resident memory.  The files are
 * mapped read-only, and the kernel maps every touched page together with its cached
 * neighbours (32–64 KB), so the glyphs of a whole run would otherwise stay resident
 * (about 15 MB for the sample year).  Only the outlines (glyf, CFF) are released: cmap,
 * hmtx and loca are read for every document.  Pages are never written, so a reader on
 * another thread just faults them in again from the page cache. */
#ifndef FN_RELEASE_EVERY
#define FN_RELEASE_EVERY 8
#endif
void fn_release_pages(const fn_set *fs)
{
	/* Every document's outlines are the sample's same few MB: dropping and faulting them
	 * in again after each of a province's 10,000 scorecards cost a fifth of the CPU, so
	 * they are dropped after every FN_RELEASE_EVERY documents (the first included).  500
	 * units' annual run, CPU: every document 3.57 s, every 4th 2.93, 8th 2.75, 16th 2.62;
	 * the sample's peak RSS 28.4, 29.2, 29.1, 29.8 MB (the target is 30). */
	static unsigned calls;
	if (__atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED) % FN_RELEASE_EVERY) return;
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	for (size_t i = 0; i < fs->nfaces; i++) {
		hb_tag_t tag = fs->faces[i].cff ? HB_TAG('C', 'F', 'F', ' ') : HB_TAG('g', 'l', 'y', 'f');
		hb_blob_t *outlines = hb_face_reference_table(fs->faces[i].face, tag);
		unsigned len;
		const char *data = hb_blob_get_data(outlines, &len);
		/* Memory of its own (not the file's mapping) would come back zeroed. */
		if (!face_maps(&fs->faces[i], data, len)) len = 0;
		/* Whole pages inside the table only: its neighbours may be in use. */
		uintptr_t start = ((uintptr_t)data + page - 1) & ~(page - 1), end = ((uintptr_t)data + len) & ~(page - 1);
		if (len && end > start) madvise((void *)start, end - start, MADV_DONTNEED);
		hb_blob_destroy(outlines);
	}
}

/* FNV-1a over the face, the keys and their codes if given: the cache's quick key. */
static uint64_t set_hash(int face, const fn_key *keys, const unsigned *codes, size_t n)
{
	uint64_t h = 1469598103934665603u ^ (uint64_t)(unsigned)face;
	for (size_t i = 0; i < n; i++) { h ^= keys[i]; h *= 1099511628211u; }
	for (size_t i = 0; codes && i < n; i++) { h ^= codes[i]; h *= 1099511628211u; }
	return h;
}

/* Whether memo m stands for (face, keys, codes): a memo asked once has only its hash. */
static int memo_is(const memo_t *m, int face, const fn_key *keys, const unsigned *codes, size_t n, uint64_t h)
{
	if (m->hash != h || m->face != face || m->n != n || m->has_codes != !!codes) return 0;
	if (!m->keys) return 1;
	return !memcmp(m->keys, keys, n * sizeof *keys) && (!codes || !memcmp(m->codes, codes, n * sizeof *codes));
}

/* The memo for (face, keys, codes) in the cache (lock held), added when new. */
static memo_t *memo_find(subset_cache *c, int face, const fn_key *keys, const unsigned *codes, size_t n, uint64_t h)
{
	if (2 * (c->n + 1) > c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 256;
		memo_t **t = xcalloc(cap, sizeof *t);
		for (size_t i = 0; i < c->cap; i++) {
			if (!c->memo[i]) continue;
			size_t k = c->memo[i]->hash & (cap - 1);
			while (t[k]) k = (k + 1) & (cap - 1);
			t[k] = c->memo[i];
		}
		free(c->memo);
		c->memo = t;
		c->cap = cap;
	}
	size_t k = h & (c->cap - 1);
	for (; c->memo[k]; k = (k + 1) & (c->cap - 1))
		if (memo_is(c->memo[k], face, keys, codes, n, h)) return c->memo[k];
	memo_t *m = c->memo[k] = xmalloc(sizeof *m);
	*m = (memo_t){ .face = face, .n = n, .hash = h, .has_codes = codes != NULL };
	c->n++;
	return m;
}

/* fn_subset_coded for (face, keys, codes), as a shared subset (see font.h). */
const fn_subset_t *fn_subset_shared(const fn_set *fs, int face, const fn_key *keys, const unsigned *codes, size_t n,
                                    const char **why)
{
	subset_cache *c = fs->cache;
	if (!fs->faces[face].cff) codes = NULL;        /* the same TrueType program for any codes */
	uint64_t h = set_hash(face, keys, codes, n);
	pthread_mutex_lock(&c->lock);
	memo_t *m = memo_find(c, face, keys, codes, n, h);
	fn_subset_t *sub = m->sub;
	/* A set asked for the first time is not kept: most documents' sets are their own.
	 * From the second time on, the keys are kept too (the hash alone might collide). */
	int keep = m->asked++ > 0;
	if (keep && !m->keys) {
		m->keys = xmalloc(n * sizeof *keys);
		memcpy(m->keys, keys, n * sizeof *keys);
		if (codes) {
			m->codes = xmalloc(n * sizeof *codes);
			memcpy(m->codes, codes, n * sizeof *codes);
		}
	}
	pthread_mutex_unlock(&c->lock);
	if (sub) return sub;
	sub = fn_subset_coded(fs, face, keys, codes, n, why);
	if (!sub) return NULL;
	if (!keep) { sub->transient = 1; return sub; }
	pthread_mutex_lock(&c->lock);
	fn_subset_t *other = m->sub;
	if (!other) m->sub = sub;
	pthread_mutex_unlock(&c->lock);
	/* Another thread made the same one meanwhile: use that. */
	if (other) { fn_subset_free(sub); return other; }
	return sub;
}

/* Frees a subset the cache did not keep. */
void fn_subset_release(const fn_subset_t *sub)
{
	if (sub && sub->transient) fn_subset_free((fn_subset_t *)sub);
}

/* What is attached to sub, or NULL. */
void *fn_subset_attached(const fn_set *fs, const fn_subset_t *sub)
{
	pthread_mutex_lock(&fs->cache->lock);
	void *data = sub->attached;
	pthread_mutex_unlock(&fs->cache->lock);
	return data;
}

/* Attaches data unless another thread did first; returns what is attached. */
void *fn_subset_attach(const fn_set *fs, const fn_subset_t *sub, void *data, void (*destroy)(void *))
{
	fn_subset_t *s = (fn_subset_t *)sub;
	pthread_mutex_lock(&fs->cache->lock);
	void *have = s->attached;
	if (!have) { s->attached = data; s->attached_free = destroy; }
	pthread_mutex_unlock(&fs->cache->lock);
	if (have) { destroy(data); return have; }
	return data;
}

/* The PDF font dictionary values for face. */
