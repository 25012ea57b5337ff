/* font.h — font roles (标题, 正文, …), their fallback chains, and the faces behind them.
 *
 * A role is an ordered chain of fonts: licensed files a hall drops into a fonts folder
 * (base/paths.h: --fonts, KAOJI_FONTS, the data folder's fonts/, kaoji's own), then free
 * fonts found by family name through fontconfig: Debian's font packages, and the Fandol
 * faces the build takes out of Debian's texlive-lang-chinese into kaoji's own folder.
 * TrueType (glyf) and OpenType/CFF faces, alone or in a collection.  Each character is taken
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

/* Opens the fonts for every role: reads the first fonts.map of the fonts folders (the
 * built-in map when none has one), resolves each entry to a file (the first folder that
 * has it) or a family, parses the files once.  NULL and *err (Chinese) on failure, with
 * errno ENOMEM when memory ran out (rather than a face of the chain quietly missing). */
fn_set *fn_open(char **err);
void fn_close(fn_set *fs);
/* The set's number in this process, never reused: a cache of what its fonts drew keys on it. */
unsigned long fn_serial(const fn_set *fs);

const char *fn_role_name(fn_role r);    /* "正文" */
const char *fn_role_key(fn_role r);     /* "body" */

/* The font in role r's chain that draws cp; .face = -1 when none does. */
fn_pick_t fn_pick(const fn_set *fs, fn_role r, uint32_t cp);

/* What one drawn code stands for: a code point and a change of its advance in hundredths
 * of an em.  Layout sets a squeezed 句号 as FN_KEY(0x3002, FN_HALF) and a Hanzi followed
 * by the quarter-em space before a Latin word as FN_KEY(cp, 25): the PDF then gets a code
 * of its own for each, with its own width, so glyph boxes never overlap or gap and text
 * extraction sees the characters exactly as written. */
typedef uint32_t fn_key;
#define FN_KEY(cp, pct) ((fn_key)(cp) | (fn_key)(uint8_t)(int8_t)(pct) << 24)
#define FN_HALF (-50)                           /* a full-width mark set half-width */
static inline uint32_t fn_key_cp(fn_key k) { return k & 0xFFFFFF; }
static inline int fn_key_pct(fn_key k) { return (int8_t)(k >> 24); }

/* Advance width of key in face, in points at size pt (its code point must be covered),
 * rounded to 1/1000 em as the PDF /W array has it. */
double fn_advance(const fn_set *fs, int face, fn_key key, double size);
/* True when cp is a full-width mark whose ink lies in the left half of its em box (，。、）”
 * in simplified-Chinese faces, not in faces that centre them): it may be set half-width. */
int fn_left_half_mark(const fn_set *fs, int face, uint32_t cp);
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
int fn_face_is_cff(const fn_set *fs, int face);   /* OpenType with CFF outlines */

/* Writes, for each role, its chain and the file each entry resolved to ("kaoji fonts"). */
void fn_describe(const fn_set *fs, FILE *out);
/* Writes one line for each role set in a stand-in for the face GB/T 9704 names (仿宋_GB2312,
 * 方正小标宋, 黑体, 楷体, 宋体): which role, the face it should be, the face used.  Returns the
 * number of lines. */
int fn_report_standins(const fn_set *fs, FILE *out);

/* A face subset to the code points of a list of keys, laid out for the PDF.  Key i gets
 * code i + 1, which is its CID and its glyph id in the program (the PDF says /CIDToGIDMap
 * /Identity for TrueType, and a CFF's charset is made the identity): a key sharing a glyph
 * with another (a half-width twin, two code points drawn alike) gets its own copy of the
 * glyph, with that key's advance (font/cff.c, font/ttf.c).  Shared for
 * the whole run: documents that draw the same characters in the same face (every 考绩单's
 * title, the table headers) get the same one, made once, from whichever writer thread
 * asks first.  A set asked for the first time is made for that caller alone (transient). */
typedef struct {
	hb_blob_t *program;             /* FontFile2: TrueType tables; FontFile3 /CIDFontType0C: a bare CFF */
	int cff;
	unsigned ncodes;                /* glyphs in the program: .notdef, the keys, then components */
	int transient;                  /* not kept: fn_subset_release frees it */
	void *attached;                 /* what a caller derived from it (fn_subset_attach) */
	void (*attached_free)(void *);
} fn_subset_t;

/* Subsets face to the keys keys[0..n) (unique, code points covered), key i as code i + 1.  NULL on
 * failure, with *why (static text) when known.  Free with fn_subset_free. */
fn_subset_t *fn_subset(const fn_set *fs, int face, const fn_key *keys, size_t n, const char **why);
/* The same with key i as code (CID) codes[i], increasing (codes NULL: i + 1), for a file
 * drawn with another file's codes; the glyphs stay in key order.  A CFF face carries the
 * codes in its charset; a TrueType program does not change (the PDF maps CIDs to glyphs
 * with a CIDToGIDMap stream).  Only for faces fn_face_takes_codes allows. */
fn_subset_t *fn_subset_coded(const fn_set *fs, int face, const fn_key *keys, const unsigned *codes, size_t n,
                             const char **why);
/* Whether face can be subset with given codes: TrueType, or CID-keyed CFF. */
int fn_face_takes_codes(const fn_set *fs, int face);
void fn_subset_free(fn_subset_t *sub);
/* The run's shared subset for (face, keys, codes), as fn_subset_coded makes it, or NULL.
 * Valid until fn_subset_release (transient ones) or fn_close. */
const fn_subset_t *fn_subset_shared(const fn_set *fs, int face, const fn_key *keys, const unsigned *codes, size_t n,
                                    const char **why);
void fn_subset_release(const fn_subset_t *sub);
/* Data derived from a subset (the PDF layer's deflated font program), kept with it:
 * fn_subset_attach stores data unless another thread already did (then data is destroyed)
 * and returns what is stored; fn_subset_attached returns it or NULL. */
void *fn_subset_attach(const fn_set *fs, const fn_subset_t *sub, void *data, void (*destroy)(void *));
void *fn_subset_attached(const fn_set *fs, const fn_subset_t *sub);

/* Lets the kernel drop the font files' pages from resident memory (they are read again
 * from the page cache when needed); for long runs, after each document's subsets. */
void fn_release_pages(const fn_set *fs);

#define FN_MAX_CODES 60000u     /* codes of one font in one document (16-bit CIDs) */

#endif
