/* pdf.h — the PDF backend: a display list of positioned glyph runs, rules and boxes (pdf.c),
 * written as PDF with embedded, subset CJK fonts (write.c).
 *
 * Layout records what to draw (pd_*) in page coordinates measured in points from the
 * top-left corner.  A pd_writer writes pages as they are given and the fonts last, subset
 * to every character the file drew: a document of any length is written with one
 * document's pages in memory (pd_save is the one-document case). */
#ifndef KAOJI_PDF_H
#define KAOJI_PDF_H

#include <stddef.h>
#include <stdint.h>

#include "font/font.h"

typedef struct { double r, g, b; } pd_rgb;
#define PD_BLACK ((pd_rgb){ 0, 0, 0 })
#define PD_RED   ((pd_rgb){ 0.9, 0.07, 0.1 })   /* close to ink Y80 M80 on screen */

typedef struct pd_doc pd_doc;

/* Document information; all optional.  No clock is read: a missing date means none. */
typedef struct {
	const char *title, *author, *subject;
	int year, month, day;           /* creation date from the data, 0 = leave out */
} pd_meta;

pd_doc *pd_new(const fn_set *fs);
void pd_free(pd_doc *d);

/* Starts a new page of w × h points; later drawing goes to it. */
void pd_page(pd_doc *d, double w, double h);
/* Turns the current page's drawing frame: on, later operations are given in a landscape
 * frame (h wide, w tall) whose top edge lies on the page's left edge (the 订口), as GB/T 9704
 * wants for a table set sideways; off, back to the page's own frame (for the page number). */
void pd_rotate(pd_doc *d, int on);
int pd_npages(const pd_doc *d);
/* Sends later operations to page i (from 0), until the next pd_page or pd_select. */
void pd_select(pd_doc *d, int i);
/* Lets go of d's pages (a page shared with another document lives on there); later
 * drawing starts a new page. */
void pd_drop_pages(pd_doc *d);
/* A place in a display list to come back to: a layout pass that only changes what comes
 * after it resumes there instead of drawing everything again.  The pages after it must be
 * d's alone (not appended to another document). */
typedef struct {
	size_t npages, cur, npacked, packed_len, nops;
	int rot;
} pd_mark;
pd_mark pd_mark_here(const pd_doc *d);
/* Takes d back to m: the pages started since and the operations drawn since are dropped. */
void pd_truncate(pd_doc *d, const pd_mark *m);
/* Appends src's pages to d without copying them (both documents then hold them). */
void pd_append(pd_doc *d, const pd_doc *src);

/* One run of glyphs of one face and size on baseline y; glyph i (keys[i]: code point and
 * width, see fn_key) at x[i].  tracking is the
 * character spacing layout assumed between glyphs (lets the backend merge glyphs into one
 * string); hscale < 1 compresses glyphs horizontally (发文机关标志 fitted to the line). */
typedef struct {
	int face;
	double size, embolden, tracking, hscale;
	pd_rgb color;
} pd_font;
void pd_glyphs(pd_doc *d, const pd_font *f, double y, const fn_key *keys, const double *x, size_t n);

void pd_line(pd_doc *d, double x1, double y1, double x2, double y2, double width, pd_rgb color);
/* A rectangle with top-left (x, y): filled when fill is non-NULL, outlined when line > 0. */
void pd_rect(pd_doc *d, double x, double y, double w, double h, const pd_rgb *fill, double line, pd_rgb stroke);
/* A polyline through n points (for line charts). */
void pd_polyline(pd_doc *d, const double *xs, const double *ys, size_t n, double width, pd_rgb color);

/* A PDF being written, page by page. */
typedef struct pd_writer pd_writer;
/* Starts writing path atomically (a temporary file beside it, renamed by pd_writer_close);
 * NULL with *err set (Chinese) when it cannot be created. */
pd_writer *pd_writer_open(const fn_set *fs, const char *path, const pd_meta *meta, char **err);
/* Draws d's pages into the file and lets go of them: d is left without pages (later
 * drawing starts a new one).  0, or -1 once the file has failed (pd_writer_close says why). */
int pd_writer_add(pd_writer *w, pd_doc *d);
/* Pages written so far. */
int pd_writer_pages(const pd_writer *w);
/* Pages drawn once for two files: a scorecard's pages, drawn into the bound copy and
 * written again, the same deflated streams with the same codes, into the card's own file. */
typedef struct pd_drawn pd_drawn;
/* As pd_writer_add, and pages from … of d are kept in *drawn (0), or *drawn is NULL (-1). */
int pd_writer_add_drawn(pd_writer *w, pd_doc *d, size_t from, pd_drawn **drawn);
/* Writes the drawn pages as a PDF of their own, its fonts subset to what they draw under
 * the drawing file's codes (every face must pass fn_face_takes_codes); 0 or an exit status
 * with *err.  The drawn pages' keys move into the file: free r with pd_drawn_free after. */
int pd_save_drawn(pd_drawn *r, const char *path, const pd_meta *meta, char **err);
void pd_drawn_free(pd_drawn *r);
/* Writes the fonts and the file's tables, renames it into place and frees w.  0, or with
 * *err set (Chinese) the exit status that says why: EXIT_SOFTWARE when memory ran out or
 * a font could not be subset, EXIT_CANTCREAT when the file could not be written. */
int pd_writer_close(pd_writer *w, char **err);
/* Stops: the temporary file is removed and w freed. */
void pd_writer_abort(pd_writer *w);

/* Writes d as one PDF (pd_writer_open, _add, _close), letting go of its pages: 0, or an
 * exit status and *err. */
int pd_save(pd_doc *d, const char *path, const pd_meta *meta, char **err);
/* The same into memory (for tests and callers that concatenate); caller frees *buf. */
int pd_save_mem(pd_doc *d, const pd_meta *meta, unsigned char **buf, size_t *len, char **err);

#endif
