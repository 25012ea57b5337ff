/* ttf.h — the TrueType program a PDF embeds as FontFile2, rebuilt from a HarfBuzz subset
 * with its glyphs in the order the PDF's codes need (the TrueType twin of cff.h).
 *
 * Glyph k of the output is glyph order[k] of the subset, so code = CID = glyph id and the
 * CIDFont says /CIDToGIDMap /Identity; a glyph the PDF draws under two codes is stored
 * twice, next to itself, each copy with its own advance in hmtx (composite glyphs are
 * pointed at the first copy of each component).  Only the tables a viewer reads from a
 * CIDFontType2 are kept: outlines and metrics, the hinting programs when present, and the
 * name table with the font's copyright notice; cmap, OS/2 and post are left out, since
 * the PDF maps CIDs to glyphs itself and gives the metrics in its font dictionaries. */
#ifndef KAOJI_TTF_H
#define KAOJI_TTF_H

#include <stddef.h>

#include <hb.h>

/* The program with glyph k = subset glyph order[k] (order[0] = 0), advance widths[k] in
 * font units (an entry < 0: the glyph's own).  NULL, with *why (static text), when the
 * subset's glyph tables are not readable. */
hb_blob_t *ttf_rebuild(hb_face_t *sub, const unsigned *order, const double *widths, size_t n, const char **why);

#endif
