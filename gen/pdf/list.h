/* list.h — the display list inside the PDF backend (pdf.c records it, write.c draws it):
 * not part of pdf.h, since nothing above the backend looks into a page. */
#ifndef KAOJI_PDF_LIST_H
#define KAOJI_PDF_LIST_H

#include <sys/types.h>

#include "pdf/pdf.h"

enum { OP_GLYPHS, OP_LINE, OP_RECT, OP_POLY };

/* One drawing operation; which fields matter depends on kind. */
typedef struct {
	int kind;
	pd_font font;
	double y;
	fn_key *keys;           /* a tail op's arrays are in its page's chunks (pdf.c) */
	double *xs, *ys;
	size_t n;
	double x1, y1, x2, y2, width;
	int has_fill, rot;
	pd_rgb fill, color;
} op_t;

/* A page: its ops packed into one array as pages are finished (see pdf.c), and the ops
 * drawn since (a page number added at the end) as a tail of op records. */
typedef struct {
	double w, h;
	int rot;                /* the frame new ops are given in */
	double *packed;         /* the packed ops (page_pack) … */
	size_t npacked, packed_len;     /* … their number, and the doubles they take */
	int spill_fd;           /* ≥ 0: packed is not in memory but in this file … */
	off_t spill_at;         /* … at this offset (pdf.c: page_spill) */
	op_t *ops;              /* then the tail */
	size_t nops, cap;
	struct op_chunk *chunks;        /* the tail ops' arrays, freed together */
	int refs;               /* documents holding the page (pd_append shares pages) */
} page_t;

struct pd_doc {
	const fn_set *fs;
	page_t **pages;
	size_t npages, cap;
	size_t cur;             /* the page new ops go to: the last, unless pd_select chose one */
	size_t ops_hint;        /* the most ops a finished page had (add_op's first room) */
	int spill_fd;           /* its pages' temporary file (-1 until needed; -2: none to be had) */
	off_t spill_end;
};

/* From how many pages on a document spills the pages it finishes to a temporary file
 * (8; SIZE_MAX: never), for tests. */
void pd_spill_after(size_t pages);

/* The page's ops, *n of them, in the order drawn: its tail, or everything unpacked into
 * *tmp (the caller frees *tmp). */
const op_t *pd_page_ops(const page_t *pg, op_t **tmp, size_t *n);

#endif
