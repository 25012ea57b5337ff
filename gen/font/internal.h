/* internal.h — what font.c and subset.c share inside the font module: an opened face, a
 * role's chain, the run's subset cache and the set that holds them (not part of font.h:
 * nothing above the module looks into a face). */
#ifndef KAOJI_FONT_INTERNAL_H
#define KAOJI_FONT_INTERNAL_H

#include <pthread.h>
#include <stdint.h>

#include <hb.h>

#include "font/cff.h"
#include "font/font.h"

/* One opened font file (or one face of a .ttc), shared by every role that names it. */
typedef struct {
	char *path;
	int index;
	hb_blob_t *blob;
	int mapped;             /* blob is the file mapped read-only (map_font): pages may be released */
	hb_face_t *face;
	hb_font_t *font;        /* scaled to upem: advances come back in font units */
	unsigned upem;
	int cff;                /* CFF outlines (else TrueType glyf) */
	double ascent, descent; /* the em box (see em_box), in em, as the PDF descriptor has it */
	fn_metrics pdf;         /* what the PDF font dictionaries say about it */
	uint16_t *adv;          /* adv[cp]: 1 + the BMP code point's advance in 1/1000 em, 0 until asked */
	uint8_t *half;          /* half[cp - 0x2000]: 1 + fn_left_half_mark's answer, 0 until asked */
	uint32_t *gid;          /* gid[cp]: 1 + the BMP code point's glyph (0xFFFFFFFF none), 0 until asked */
	hb_blob_t *cff_table;   /* CFF faces: the table, parsed once on first subset (cff_face) */
	cff_font *cff_parsed;
} face_t;

/* Whether [p, p + len) is inside the face's file mapping (a table HarfBuzz had to copy,
 * to mend it, is memory of its own). */
static inline int face_maps(const face_t *f, const void *p, size_t len)
{
	unsigned n;
	const char *base = f->mapped ? hb_blob_get_data(f->blob, &n) : NULL;
	return base && (const char *)p >= base && (const char *)p + len <= base + n;
}

/* One entry of a role's chain as written in the map, and what it resolved to. */
typedef struct {
	char *spec;             /* "simfang.ttf", "AR PL UMing CN" */
	int face;               /* -1 when not found */
	double embolden;
	const char *why;        /* why it was not used (static text) */
} entry_t;

/* One character set asked of a face, and its subset once asked twice.  A set asked once
 * is remembered by its hash alone: a province asks 40,000 sets, nearly all once. */
typedef struct {
	int face;
	fn_key *keys;           /* NULL until asked twice */
	unsigned *codes;        /* the keys' codes when given (CFF faces), else NULL */
	int has_codes;
	size_t n;
	uint64_t hash;
	unsigned asked;         /* times fn_subset_shared was asked for it */
	fn_subset_t *sub;       /* kept from the second request on */
} memo_t;

/* The run's subsets, shared by the writer threads (see fn_subset_shared): a hash table
 * (open addressing) of memos, which never move once made. */
typedef struct {
	pthread_mutex_t lock;
	memo_t **memo;
	size_t n, cap;
} subset_cache;

struct fn_set {
	char *map_path;         /* NULL: built-in map */
	face_t *faces;
	size_t nfaces, capfaces;
	entry_t *chain[FN_NROLES];
	size_t nchain[FN_NROLES], capchain[FN_NROLES];
	subset_cache *cache;    /* mutable behind a const set */
	uint8_t *pick[FN_NROLES];   /* pick[r][cp]: 1 + the chain entry drawing BMP cp, 0xFF none, 0 until asked */
	unsigned long serial;   /* which set of the process: a new one never matches an old one's */
};

/* The face's glyph for cp (cached per BMP code point); 0 when it has none. */
int fn_face_glyph(const face_t *f, uint32_t cp, hb_codepoint_t *g);

#endif
