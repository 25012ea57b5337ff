/* font.h — font roles (标题, 正文, …), their fallback chains, and the faces behind them.
 *
 * A role is an ordered chain of fonts: licensed files a hall drops into the fonts folder,
 * then free Debian fonts found by family name through fontconfig.  Each character is taken
 * from the first font in its role's chain that has it (fn_pick), so a rare character in a
 * name falls back per glyph instead of vanishing.  Font files are opened and parsed once per
 * process (an fn_set); documents only subset them (fn_subset). */
#ifndef KAOJI_FONT_H
#define KAOJI_FONT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <hb.h>

typedef enum {
	FN_TITLE,       /* 标题: 方正小标宋 — 发文机关标志, 公文标题 */
	FN_BODY,        /* 正文: 仿宋 — body text, 三级/四级标题, 版记 */
	FN_H1,          /* 一级标题: 黑体 — “一、” headings, “附件1” */
	FN_H2,          /* 二级标题: 楷体 — “（一）” headings */
	FN_PAGE,        /* 页码: 宋体 — page numbers */
	FN_TABLE,       /* 表格: table cells and chart labels */
	FN_NROLES
} fn_role;

typedef struct fn_set fn_set;

/* Where a role's character came from: which face, and whether to thicken it (a free 宋
 * standing in for the heavy 小标宋 is drawn with a thin outline stroke). */
typedef struct {
	int face;               /* index into the set's faces, -1 when no font has the char */
	double embolden;        /* outline stroke width in em (0 = none) */
} fn_pick_t;

/* The folder holding the hall's fonts and fonts.map: $KAOJI_FONTS, else "fonts". */
const char *fn_default_dir(void);

/* Opens the fonts for every role: reads DIR/fonts.map (or the built-in map when absent),
 * resolves each entry to a file, parses the files once.  NULL and *err (Chinese) on failure. */
fn_set *fn_open(const char *dir, char **err);
void fn_close(fn_set *fs);

const char *fn_role_name(fn_role r);    /* "正文" */
const char *fn_role_key(fn_role r);     /* "body" */

/* The font in role r's chain that draws cp; .face = -1 when none does. */
fn_pick_t fn_pick(const fn_set *fs, fn_role r, uint32_t cp);

/* Advance width of cp in face, in points at size pt (cp must be covered). */
double fn_advance(const fn_set *fs, int face, uint32_t cp, double size);
/* The ascent the PDF font descriptor will carry for face, in em (what viewers and
 * pdftotext use to place the top of the text box). */
double fn_ascent(const fn_set *fs, int face);
double fn_descent(const fn_set *fs, int face);    /* negative, in em */

/* What the PDF font dictionaries say about a face, in thousandths of an em. */
typedef struct {
	char name[64];                  /* BaseFont without the subset tag: "UMingCN,Light" */
	int ascent, descent, bbox[4];   /* bbox: xMin yMin xMax yMax */
	int italic_angle, x_height, flags, missing_width;
} fn_metrics;
const fn_metrics *fn_face_metrics(const fn_set *fs, int face);

int fn_nfaces(const fn_set *fs);
const char *fn_face_path(const fn_set *fs, int face);
int fn_face_index(const fn_set *fs, int face);

/* Writes, for each role, its chain and the file each entry resolved to ("kaoji fonts"). */
void fn_describe(const fn_set *fs, FILE *out);

/* Subsets face to the code points cps[0..n) (sorted, unique, all covered) and re-encodes it
 * for a PDF CIDFont whose CIDs are glyph ids: codes[i] receives the 16-bit code to draw
 * cps[i] with, which is its glyph id in the subset, and the result's cmap maps every code
 * to the glyph of that code (one identity segment).  *identity is 1 when every code equals
 * its glyph id; two code points sharing one glyph make it 0 (the second gets a code past
 * the last glyph, and the cmap gives the PDF's explicit CIDToGIDMap).  Returns a plain
 * TrueType blob (caller destroys) or NULL. */
hb_blob_t *fn_subset(const fn_set *fs, int face, const uint32_t *cps, size_t n, uint16_t *codes, int *identity);

/* A face subset to one set of code points (fn_subset's results), shared for the whole run:
 * documents that draw the same characters in the same face (every 考绩单's title, the
 * table headers) get the same one, made once, from whichever writer thread asks first.
 * A set asked for the first time is made for that caller alone (transient). */
typedef struct {
	hb_blob_t *font;                /* the re-encoded subset, for libharu's parser */
	uint16_t *codes;                /* codes[i]: the code cps[i] is drawn with */
	int identity;                   /* every code is its own glyph id */
	int transient;                  /* not kept: fn_subset_release frees it */
	void *attached;                 /* what a caller derived from it (fn_subset_attach) */
	void (*attached_free)(void *);
} fn_subset_t;
/* The subset for (face, cps) as fn_subset would make it (cps sorted, unique, covered), or
 * NULL.  Valid until fn_subset_release (transient ones) or fn_close. */
const fn_subset_t *fn_subset_shared(const fn_set *fs, int face, const uint32_t *cps, size_t n);
void fn_subset_release(const fn_subset_t *sub);
/* Data derived from a subset (the PDF layer's deflated font program), kept with it:
 * fn_subset_attach stores data unless another thread already did (then data is destroyed)
 * and returns what is stored; fn_subset_attached returns it or NULL. */
void *fn_subset_attach(const fn_set *fs, const fn_subset_t *sub, void *data, void (*destroy)(void *));
void *fn_subset_attached(const fn_set *fs, const fn_subset_t *sub);

/* The font program to embed for a subset: its tables minus those the PDF does not use
 * (cmap, OS/2, post).  Caller destroys; NULL on failure. */
hb_blob_t *fn_font_program(hb_blob_t *subset);

/* Lets the kernel drop the font files' pages from resident memory (they are read again
 * from the page cache when needed); for long runs, after each document's subsets. */
void fn_release_pages(const fn_set *fs);

#define FN_MAX_GLYPHS 6000u     /* codes stay below the surrogates (U+D800) with a margin */

#endif
