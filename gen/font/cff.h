/* cff.h — rebuilds the CFF table of a HarfBuzz subset into the font program a PDF embeds
 * as FontFile3 /CIDFontType0C, with the glyphs in the order the PDF's codes need.
 *
 * In a CIDFontType0 the PDF's CID selects a glyph through the CFF charset (CID-keyed
 * fonts) or directly as glyph index (name-keyed fonts).  The rebuilt font makes both the
 * same: glyph k of the output is CID k.  A glyph the PDF needs under two codes (a full-
 * and a half-width 句号, two code points drawn alike) is simply stored twice, next to
 * itself, which deflate packs to a few bytes, and carries its own advance width. */
#ifndef KAOJI_CFF_H
#define KAOJI_CFF_H

#include <stddef.h>
#include <stdint.h>

#include "base/util.h"

/* Builds the CFF program whose glyph k is glyph order[k] of the input CFF (order[0]
 * must be 0, .notdef), with advance width widths[k] in font units (widths NULL, or an
 * entry < 0: the glyph's own), in out.  CID-keyed input stays CID-keyed with an identity
 * charset and the ROS Adobe-Identity-0; name-keyed input stays name-keyed.  Unique IDs
 * are dropped (a subset must not claim the whole font's).  0, or -1 with *why (static
 * text) when the input is not a CFF this code understands. */
int cff_rebuild(const unsigned char *cff, size_t len, const unsigned *order, const double *widths, size_t n,
                strbuf *out, const char **why);

/* A whole font's CFF table parsed once (a face's), for cff_subset; the table's bytes must
 * outlive it.  mapped: they are a read-only file mapping, whose charstrings' pages are
 * handed back to the system as glyphs are flattened (never zeroed memory of one's own). */
typedef struct cff_font cff_font;
cff_font *cff_open(const unsigned char *cff, size_t len, int mapped, const char **why);
void cff_close(cff_font *f);
/* Glyph count of the font. */
unsigned cff_glyphs(const cff_font *f);
/* Whether the font is CID-keyed (only then can a subset take other CIDs than 0 … n − 1). */
int cff_is_cid(const cff_font *f);
/* As cff_rebuild, but from the whole font, glyph k = font glyph order[k], each charstring
 * flattened (cs_flatten): the subset has no subroutines and no hints, as HarfBuzz's with
 * HB_SUBSET_FLAGS_DESUBROUTINIZE | NO_HINTING, without reading the rest of the font.
 * cids, when not NULL, gives glyph k CID cids[k] instead of k (increasing, cids[0] = 0;
 * CID-keyed fonts only): a file whose codes another file handed out. */
int cff_subset(const cff_font *f, const unsigned *order, const double *widths, const unsigned *cids, size_t n,
               strbuf *out, const char **why);

/* Subroutines (a Subrs or Global Subrs INDEX): count, and entry i at data + offs[i] up to
 * data + offs[i + 1]. */
typedef struct {
	unsigned count;
	const unsigned char *data;
	unsigned *offs;
} cs_subrs;
/* Appends charstring cs with its subroutines inlined and its hints (stems, hintmasks)
 * dropped, the advance width kept; 0, or -1 (out unchanged) when malformed (charstring.c). */
int cs_flatten(const unsigned char *cs, size_t len, const cs_subrs *global, const cs_subrs *local, strbuf *out);

#endif
