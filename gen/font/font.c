/* font.c — resolves font roles to files (fonts folder first, then fontconfig families),
 * parses each file once with HarfBuzz, answers coverage and advance questions for layout,
 * builds per-document subsets re-encoded so that code = glyph id (shared by the documents
 * of a run that draw the same characters), and gives the values PDF font dictionaries need. */
#include "font/font.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>
#include <hb-ot.h>
#include <hb-subset.h>

#include "base/util.h"

/* One opened font file (or one face of a .ttc), shared by every role that names it. */
typedef struct {
	char *path;
	int index;
	hb_blob_t *blob;
	hb_face_t *face;
	hb_font_t *font;        /* scaled to upem: advances come back in font units */
	unsigned upem;
	double ascent, descent; /* hhea, in em, truncated the way libharu writes them */
	fn_metrics pdf;         /* what the PDF font dictionaries say about it */
} face_t;

/* One entry of a role's chain as written in the map, and what it resolved to. */
typedef struct {
	char *spec;             /* "simfang.ttf", "AR PL UMing CN" */
	int face;               /* -1 when not found */
	double embolden;
	const char *why;        /* why it was not used (static text) */
} entry_t;

/* One character set asked of a face, and its subset once asked twice. */
typedef struct {
	int face;
	uint32_t *cps;
	size_t n;
	uint64_t hash;
	unsigned asked;         /* times fn_subset_shared was asked for it */
	fn_subset_t *sub;       /* kept from the second request on */
} memo_t;

/* The run's subsets, shared by the writer threads (see fn_subset_shared). */
typedef struct {
	pthread_mutex_t lock;
	memo_t *memo;
	size_t n, cap;
} subset_cache;

struct fn_set {
	char *dir, *map_path;   /* map_path NULL: built-in map */
	face_t *faces;
	size_t nfaces, capfaces;
	entry_t *chain[FN_NROLES];
	size_t nchain[FN_NROLES], capchain[FN_NROLES];
	subset_cache *cache;    /* mutable behind a const set */
};

static const struct { const char *key, *name; } roles[FN_NROLES] = {
	[FN_TITLE] = { "title", "标题" },
	[FN_BODY]  = { "body",  "正文" },
	[FN_H1]    = { "h1",    "一级标题" },
	[FN_H2]    = { "h2",    "二级标题" },
	[FN_PAGE]  = { "page",  "页码" },
	[FN_TABLE] = { "table", "表格" },
};

/* The chains used when the fonts folder has no fonts.map; fonts/fonts.map ships the same. */
static const char builtin_map[] =
	"标题     = FZXBSJW.TTF | FZXBS.TTF | 方正小标宋简体 | 方正小标宋_GBK | AR PL UMing CN (加粗) | WenQuanYi Zen Hei\n"
	"正文     = simfang.ttf | 仿宋_GB2312 | 仿宋 | FangSong | AR PL UMing CN | LXGW WenKai | WenQuanYi Zen Hei\n"
	"一级标题 = simhei.ttf | 黑体 | SimHei | WenQuanYi Zen Hei | WenQuanYi Micro Hei | AR PL UMing CN\n"
	"二级标题 = simkai.ttf | 楷体_GB2312 | 楷体 | KaiTi | LXGW WenKai | AR PL UKai CN | AR PL UMing CN\n"
	"页码     = simsun.ttc | 宋体 | SimSun | AR PL UMing CN | WenQuanYi Zen Hei\n"
	"表格     = simfang.ttf | 仿宋_GB2312 | 仿宋 | FangSong | WenQuanYi Micro Hei | AR PL UMing CN | WenQuanYi Zen Hei\n";

/* Stroke width (em) that makes a light 宋 look like the heavy 小标宋 it stands in for. */
#define EMBOLDEN_EM 0.025

/* The role's Chinese name, as halls write it in fonts.map. */
const char *fn_role_name(fn_role r) { return r < FN_NROLES ? roles[r].name : "?"; }
/* The role's English key (also accepted in fonts.map). */
const char *fn_role_key(fn_role r) { return r < FN_NROLES ? roles[r].key : "?"; }

/* The fonts folder: $KAOJI_FONTS when set, else fonts/ under the current directory. */
const char *fn_default_dir(void)
{
	const char *e = getenv("KAOJI_FONTS");
	return e && *e ? e : "fonts";
}

/* Reads a big-endian 16-bit value. */
static int be16(const unsigned char *p) { return (p[0] << 8) | p[1]; }

/* Reads a big-endian 16-bit value from table tag at off (0 when the table is shorter). */
static int table16(hb_face_t *face, hb_tag_t tag, unsigned off)
{
	hb_blob_t *t = hb_face_reference_table(face, tag);
	unsigned len;
	const unsigned char *p = (const unsigned char *)hb_blob_get_data(t, &len);
	int v = off + 2 <= len ? be16(p + off) : 0;
	hb_blob_destroy(t);
	return v;
}

/* Font units to thousandths of an em, truncated as libharu 2.3.0's parser does. */
static int per_mille(int v, unsigned upem) { return v * 1000 / (int)upem; }

/* Fills f->pdf from the face's tables, with the values libharu 2.3.0 would have written:
 * BaseFont is the PostScript name plus ",Style" unless the style is Regular, Ascent and
 * Descent come from hhea, FontBBox from head, XHeight from OS/2 (version 2 on), the
 * default width is glyph 0's advance. */
static void pdf_metrics(face_t *f)
{
	fn_metrics *m = &f->pdf;
	hb_face_t *face = f->face;
	char ps[64] = "", style[32] = "";
	unsigned n = sizeof ps;
	hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &n, ps);
	n = sizeof style;
	hb_ot_name_get_utf8(face, HB_OT_NAME_ID_FONT_SUBFAMILY, HB_LANGUAGE_INVALID, &n, style);
	/* A PDF name: the PostScript name's characters only (no spaces). */
	size_t k = 0;
	for (const char *c = ps; *c && k + 1 < sizeof m->name; c++)
		if (*c > ' ' && *c < 0x7F && !strchr("()<>[]{}/%#", *c)) m->name[k++] = *c;
	if (!k) for (const char *c = "Font"; *c; c++) m->name[k++] = *c;
	if (style[0] && strcmp(style, "Regular")) {
		if (k + 1 < sizeof m->name) m->name[k++] = ',';
		for (const char *c = style; *c && k + 1 < sizeof m->name; c++)
			if (*c > ' ' && *c < 0x7F && !strchr("()<>[]{}/%#", *c)) m->name[k++] = *c;
	}
	m->name[k] = 0;
	unsigned upem = f->upem;
	hb_tag_t head = HB_TAG('h', 'e', 'a', 'd'), hhea = HB_TAG('h', 'h', 'e', 'a');
	m->ascent = per_mille((int16_t)table16(face, hhea, 4), upem);
	m->descent = per_mille((int16_t)table16(face, hhea, 6), upem);
	for (int i = 0; i < 4; i++) m->bbox[i] = per_mille((int16_t)table16(face, head, 36 + 2 * (unsigned)i), upem);
	hb_tag_t os2 = HB_TAG('O', 'S', '/', '2'), post = HB_TAG('p', 'o', 's', 't');
	m->x_height = table16(face, os2, 0) >= 2 ? per_mille((int16_t)table16(face, os2, 86), upem) : 0;
	m->italic_angle = (int16_t)table16(face, post, 4);
	m->flags = 32 | (table16(face, post, 12) || table16(face, post, 14) ? 1 : 0) | (m->italic_angle ? 64 : 0);
	m->missing_width = per_mille((int)hb_font_get_glyph_h_advance(f->font, 0), upem);
}

/* Opens path:index once; returns its index in fs->faces, or -1 with *why set. */
static int face_open(fn_set *fs, const char *path, int index, const char **why)
{
	for (size_t i = 0; i < fs->nfaces; i++)
		if (!strcmp(fs->faces[i].path, path) && fs->faces[i].index == index)
			return (int)i;
	hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
	if (!blob) { *why = "无法读取"; return -1; }
	hb_face_t *face = hb_face_create(blob, (unsigned)index);
	if (hb_face_get_glyph_count(face) == 0) {
		*why = "不是可用的字体文件（或 TTC 序号不存在）";
		goto fail;
	}
	/* libharu 2.3.0 embeds only TrueType outlines: a CFF/OTF font would not draw. */
	hb_blob_t *glyf = hb_face_reference_table(face, HB_TAG('g', 'l', 'y', 'f'));
	unsigned glen = hb_blob_get_length(glyf);
	hb_blob_destroy(glyf);
	if (!glen) { *why = "不是 TrueType 轮廓（CFF/OTF），libharu 无法嵌入"; goto fail; }
	hb_blob_t *hhea = hb_face_reference_table(face, HB_TAG('h', 'h', 'e', 'a'));
	unsigned hlen;
	const unsigned char *h = (const unsigned char *)hb_blob_get_data(hhea, &hlen);
	if (hlen < 8) { hb_blob_destroy(hhea); *why = "缺少 hhea 表"; goto fail; }
	face_t f = { .path = xstrdup(path), .index = index, .blob = blob, .face = face };
	f.upem = hb_face_get_upem(face);
	/* Same integer arithmetic as libharu's ParseHhea, so our box matches the PDF's. */
	f.ascent = (double)((int)(int16_t)be16(h + 4) * 1000 / (int)f.upem) / 1000.0;
	f.descent = (double)((int)(int16_t)be16(h + 6) * 1000 / (int)f.upem) / 1000.0;
	hb_blob_destroy(hhea);
	f.font = hb_font_create(face);
	hb_font_set_scale(f.font, (int)f.upem, (int)f.upem);
	pdf_metrics(&f);
	GROW(fs->faces, fs->nfaces, fs->capfaces);
	fs->faces[fs->nfaces] = f;
	return (int)fs->nfaces++;
fail:
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return -1;
}

/* Finds NAME in dir case-insensitively (halls copy files from Windows as SIMFANG.TTF). */
static char *find_in_dir(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	if (!d) return NULL;
	char *found = NULL;
	struct dirent *e;
	while ((e = readdir(d)))
		if (!strcasecmp(e->d_name, name)) { found = path_join(dir, e->d_name); break; }
	closedir(d);
	return found;
}

/* Finds an installed TrueType face whose family is exactly fam, preferring regular weight;
 * ties are broken by path so the choice does not depend on directory order. */
static char *fc_lookup(const char *fam, int *index)
{
	FcPattern *pat = FcPatternCreate();
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)fam);
	FcObjectSet *os = FcObjectSetBuild(FC_FILE, FC_INDEX, FC_WEIGHT, FC_FONTFORMAT, FC_SLANT, NULL);
	FcFontSet *set = FcFontList(NULL, pat, os);
	char *best = NULL;
	int best_idx = 0, best_score = 1 << 30;
	for (int i = 0; set && i < set->nfont; i++) {
		FcChar8 *file, *fmt;
		int idx = 0, weight = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN;
		if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch) continue;
		if (FcPatternGetString(set->fonts[i], FC_FONTFORMAT, 0, &fmt) == FcResultMatch &&
		    strcmp((const char *)fmt, "TrueType")) continue;
		FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &idx);
		FcPatternGetInteger(set->fonts[i], FC_WEIGHT, 0, &weight);
		FcPatternGetInteger(set->fonts[i], FC_SLANT, 0, &slant);
		int score = abs(weight - FC_WEIGHT_REGULAR) + (slant ? 1000 : 0);
		if (score < best_score || (score == best_score &&
		    (strcmp((const char *)file, best) < 0 || (!strcmp((const char *)file, best) && idx < best_idx)))) {
			free(best);
			best = xstrdup((const char *)file);
			best_idx = idx;
			best_score = score;
		}
	}
	if (set) FcFontSetDestroy(set);
	FcObjectSetDestroy(os);
	FcPatternDestroy(pat);
	*index = best_idx;
	return best;
}

/* True when spec names a file (has a font extension) rather than a family. */
static int is_file_spec(const char *spec)
{
	const char *dot = strrchr(spec, '.');
	if (!dot) return 0;
	return !strncasecmp(dot, ".ttf", 4) || !strncasecmp(dot, ".ttc", 4) || !strncasecmp(dot, ".otf", 4);
}

/* Resolves one chain entry to a face. */
static void resolve(fn_set *fs, entry_t *e)
{
	e->face = -1;
	if (is_file_spec(e->spec)) {
		char *name = xstrdup(e->spec);
		int index = 0;
		char *colon = strrchr(name, ':');
		if (colon && colon > strrchr(name, '.')) { *colon = 0; index = atoi(colon + 1); }
		char *path = name[0] == '/' ? xstrdup(name) : find_in_dir(fs->dir, name);
		if (!path) e->why = "未放入字体文件夹";
		else e->face = face_open(fs, path, index, &e->why);
		free(path);
		free(name);
		return;
	}
	int index;
	char *path = fc_lookup(e->spec, &index);
	if (!path) { e->why = "系统未安装"; return; }
	e->face = face_open(fs, path, index, &e->why);
	free(path);
}

/* Maps a map-file key (Chinese or English) to a role; -1 when unknown. */
static int role_of(const char *key)
{
	for (int r = 0; r < FN_NROLES; r++)
		if (!strcmp(key, roles[r].key) || !strcmp(key, roles[r].name)) return r;
	return -1;
}

/* Parses the map text into chains; returns 0 or -1 with *err naming the bad line. */
static int parse_map(fn_set *fs, const char *text, const char *where, char **err)
{
	int lineno = 0;
	for (const char *p = text; *p; ) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, n);
		p += n + (nl ? 1 : 0);
		lineno++;
		char *hash = strchr(line, '#');
		if (hash) *hash = 0;
		char *t = trim_spaces(line);
		free(line);
		if (!*t) { free(t); continue; }
		char *eq = strchr(t, '=');
		if (!eq) {
			*err = xasprintf("%s 第 %d 行：缺少“=”（格式：角色 = 字体 | 字体 …）", where, lineno);
			free(t);
			return -1;
		}
		*eq = 0;
		char *key = trim_spaces(t);
		int r = role_of(key);
		if (r < 0) {
			*err = xasprintf("%s 第 %d 行：未知的字体角色“%s”（可用：标题 正文 一级标题 二级标题 页码 表格）",
			                 where, lineno, key);
			free(key);
			free(t);
			return -1;
		}
		free(key);
		/* A later line for the same role replaces the earlier chain. */
		for (size_t i = 0; i < fs->nchain[r]; i++) free(fs->chain[r][i].spec);
		fs->nchain[r] = 0;
		for (char *s = eq + 1, *bar; s; s = bar ? bar + 1 : NULL) {
			bar = strchr(s, '|');
			if (bar) *bar = 0;
			char *spec = trim_spaces(s);
			double emb = 0;
			char *paren = strstr(spec, "(加粗)");
			if (!paren) paren = strstr(spec, "(bold)");
			if (paren) {
				*paren = 0;
				char *tmp = trim_spaces(spec);
				free(spec);
				spec = tmp;
				emb = EMBOLDEN_EM;
			}
			if (!*spec) { free(spec); continue; }
			GROW(fs->chain[r], fs->nchain[r], fs->capchain[r]);
			fs->chain[r][fs->nchain[r]++] = (entry_t){ .spec = spec, .face = -1, .embolden = emb };
		}
		free(t);
	}
	return 0;
}

/* Open sets: fontconfig is shut down (FcFini) when the last one closes. */
static int open_sets;

/* Reads the map, resolves every chain and parses each font file once. */
fn_set *fn_open(const char *dir, char **err)
{
	fn_set *fs = xcalloc(1, sizeof *fs);
	fs->dir = xstrdup(dir);
	fs->cache = xcalloc(1, sizeof *fs->cache);
	pthread_mutex_init(&fs->cache->lock, NULL);
	open_sets++;
	if (!FcInit()) { *err = xstrdup("fontconfig 初始化失败"); fn_close(fs); return NULL; }
	char *map = path_join(dir, "fonts.map");
	size_t len;
	char *text = read_file(map, &len);
	int rc;
	/* The hall's map replaces the chains of the roles it names; the others stay built in. */
	rc = parse_map(fs, builtin_map, "内置字体表", err);
	if (text) {
		fs->map_path = map;
		if (!rc) rc = parse_map(fs, text, map, err);
		free(text);
	} else {
		free(map);
	}
	if (rc) { fn_close(fs); return NULL; }
	/* Fonts in the folder can also be named by family in the map. */
	FcConfigAppFontAddDir(NULL, (const FcChar8 *)dir);
	for (int r = 0; r < FN_NROLES; r++) {
		int any = 0;
		for (size_t i = 0; i < fs->nchain[r]; i++) {
			resolve(fs, &fs->chain[r][i]);
			any |= fs->chain[r][i].face >= 0;
		}
		if (!any) {
			*err = xasprintf("字体角色“%s”没有可用的字体：请把字体文件放入 %s/，或安装 fonts-arphic-uming 等免费字体",
			                 roles[r].name, dir);
			fn_close(fs);
			return NULL;
		}
	}
	return fs;
}

/* Frees a shared subset and what was attached to it. */
static void subset_free(fn_subset_t *sub)
{
	if (!sub) return;
	hb_blob_destroy(sub->font);
	free(sub->codes);
	if (sub->attached_free) sub->attached_free(sub->attached);
	free(sub);
}

/* Releases the faces; the last set to close shuts fontconfig down. */
void fn_close(fn_set *fs)
{
	if (!fs) return;
	for (size_t i = 0; i < fs->nfaces; i++) {
		hb_font_destroy(fs->faces[i].font);
		hb_face_destroy(fs->faces[i].face);
		hb_blob_destroy(fs->faces[i].blob);
		free(fs->faces[i].path);
	}
	free(fs->faces);
	for (int r = 0; r < FN_NROLES; r++) {
		for (size_t i = 0; i < fs->nchain[r]; i++) free(fs->chain[r][i].spec);
		free(fs->chain[r]);
	}
	for (size_t i = 0; i < fs->cache->n; i++) {
		free(fs->cache->memo[i].cps);
		subset_free(fs->cache->memo[i].sub);
	}
	free(fs->cache->memo);
	pthread_mutex_destroy(&fs->cache->lock);
	free(fs->cache);
	free(fs->dir);
	free(fs->map_path);
	free(fs);
	if (--open_sets == 0) FcFini();
}

/* Walks the role's chain for the first font that draws cp. */
fn_pick_t fn_pick(const fn_set *fs, fn_role r, uint32_t cp)
{
	/* libharu's UTF-8 encoder turns anything above U+FFFF into a space: never pick it. */
	if (cp > 0xFFFF || (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0xE000 && cp <= 0xF8FF))
		return (fn_pick_t){ -1, 0 };
	for (size_t i = 0; i < fs->nchain[r]; i++) {
		const entry_t *e = &fs->chain[r][i];
		hb_codepoint_t g;
		if (e->face >= 0 && hb_font_get_nominal_glyph(fs->faces[e->face].font, cp, &g))
			return (fn_pick_t){ e->face, e->embolden };
	}
	return (fn_pick_t){ -1, 0 };
}

/* Advance of cp in points, rounded to 1/1000 em as the PDF /W array has it. */
double fn_advance(const fn_set *fs, int face, uint32_t cp, double size)
{
	const face_t *f = &fs->faces[face];
	hb_codepoint_t g = 0;
	hb_font_get_nominal_glyph(f->font, cp, &g);
	/* libharu writes widths as integer thousandths of an em: measure the same way. */
	int w1000 = (int)(hb_font_get_glyph_h_advance(f->font, g) * 1000 / (int)f->upem);
	return w1000 * size / 1000.0;
}

/* Ascent in em as the PDF font descriptor will carry it. */
double fn_ascent(const fn_set *fs, int face) { return fs->faces[face].ascent; }
/* Descent in em (negative), as in the PDF font descriptor. */
double fn_descent(const fn_set *fs, int face) { return fs->faces[face].descent; }
/* Number of distinct faces opened for all roles. */
int fn_nfaces(const fn_set *fs) { return (int)fs->nfaces; }
/* File the face was read from. */
const char *fn_face_path(const fn_set *fs, int face) { return fs->faces[face].path; }
/* Face index inside a .ttc (0 for a .ttf). */
int fn_face_index(const fn_set *fs, int face) { return fs->faces[face].index; }

/* Prints each role's chain, marking the entry used and why others were skipped. */
void fn_describe(const fn_set *fs, FILE *out)
{
	fprintf(out, "字体文件夹: %s\n字体表: %s\n\n", fs->dir, fs->map_path ? fs->map_path : "内置（字体文件夹中没有 fonts.map）");
	for (int r = 0; r < FN_NROLES; r++) {
		int used = -1;
		fprintf(out, "%s (%s)\n", roles[r].name, roles[r].key);
		for (size_t i = 0; i < fs->nchain[r]; i++) {
			const entry_t *e = &fs->chain[r][i];
			if (e->face >= 0) {
				const face_t *f = &fs->faces[e->face];
				fprintf(out, "  %s %s%s → %s", used < 0 ? "*" : " ", e->spec,
				        e->embolden > 0 ? " (加粗)" : "", f->path);
				if (f->index) fprintf(out, ":%d", f->index);
				fputs(used < 0 ? "  ← 使用\n" : "  (缺字时后备)\n", out);
				if (used < 0) used = (int)i;
			} else {
				fprintf(out, "    %s — %s\n", e->spec, e->why ? e->why : "不可用");
			}
		}
	}
}

/* Appends a big-endian 16-bit value. */
static void put16(strbuf *b, unsigned v)
{
	char c[2] = { (char)(v >> 8), (char)v };
	sb_add(b, c, 2);
}

/* Builds a cmap with one (3,1) format-4 subtable mapping code c to glyph c for c in
 * 1..nglyphs-1 (one identity segment, idDelta 0), then codes nglyphs.. to extra[] (glyphs
 * a second code point shares), then the 0xFFFF end segment. */
static hb_blob_t *gid_cmap(unsigned nglyphs, const hb_codepoint_t *extra, size_t nextra)
{
	strbuf b = {0};
	unsigned segs = nextra ? 3 : 2, len = 16 + 8 * segs + 2 * (unsigned)nextra;
	unsigned range = 2, sel = 0;
	while (range * 2 <= 2 * segs) { range *= 2; sel++; }
	put16(&b, 0); put16(&b, 1);                     /* version, one subtable */
	put16(&b, 3); put16(&b, 1);                     /* Windows, Unicode BMP */
	put16(&b, 0); put16(&b, 12);                    /* offset (32-bit) */
	put16(&b, 4); put16(&b, len); put16(&b, 0);     /* format, length, language */
	put16(&b, 2 * segs); put16(&b, range); put16(&b, sel); put16(&b, 2 * segs - range);
	put16(&b, nglyphs - 1);                         /* endCode */
	if (nextra) put16(&b, nglyphs + (unsigned)nextra - 1);
	put16(&b, 0xFFFF);
	put16(&b, 0);                                   /* reservedPad */
	put16(&b, 1);                                   /* startCode */
	if (nextra) put16(&b, nglyphs);
	put16(&b, 0xFFFF);
	put16(&b, 0);                                   /* idDelta */
	if (nextra) put16(&b, 0);
	put16(&b, 1);
	put16(&b, 0);                                   /* idRangeOffset: identity, no array */
	if (nextra) put16(&b, 4);                       /* segment 1 reads glyphIdArray[0..] */
	put16(&b, 0);
	for (size_t i = 0; i < nextra; i++) put16(&b, extra[i]);
	size_t blen = b.len;
	char *data = sb_take(&b);
	return hb_blob_create(data, (unsigned)blen, HB_MEMORY_MODE_WRITABLE, data, free);
}

/* Subsets a face to cps and swaps its cmap for one that maps each code to the glyph of the
 * same number, so the PDF can use CID = code = glyph id (CIDToGIDMap /Identity). */
hb_blob_t *fn_subset(const fn_set *fs, int face, const uint32_t *cps, size_t n, uint16_t *codes, int *identity)
{
	if (n == 0 || n > FN_MAX_GLYPHS) return NULL;
	const face_t *f = &fs->faces[face];
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (!in) return NULL;
	hb_set_t *u = hb_subset_input_unicode_set(in);
	for (size_t i = 0; i < n; i++) hb_set_add(u, cps[i]);
	/* PDF viewers rasterise embedded TrueType without its hinting programs (WenQuanYi
	 * Micro Hei carries about 3 KB of them per subset, plus per-glyph instructions). */
	hb_subset_input_set_flags(in, hb_subset_input_get_flags(in) | HB_SUBSET_FLAGS_NO_HINTING);
	/* Nothing shapes or sets vertically with the subset, and the PDF embeds none of these
	 * tables: without them the subsetter also skips the GSUB closure, which can pull in
	 * glyphs never drawn (vertical forms, ligatures). */
	static const hb_tag_t unused[] = {
		HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
		HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('M', 'A', 'T', 'H'),
		HB_TAG('V', 'O', 'R', 'G'), HB_TAG('v', 'h', 'e', 'a'), HB_TAG('v', 'm', 't', 'x'),
		HB_TAG('g', 'a', 's', 'p'), HB_TAG('k', 'e', 'r', 'n'), HB_TAG('m', 'o', 'r', 'x'),
	};
	hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	for (size_t i = 0; i < sizeof unused / sizeof *unused; i++) hb_set_add(drop, unused[i]);
	hb_face_t *built = hb_subset_or_fail(f->face, in);
	hb_subset_input_destroy(in);
	if (!built) return NULL;
	/* The subsetter returns a builder face, which cannot list its tables: reparse it. */
	hb_blob_t *sblob = hb_face_reference_blob(built);
	hb_face_destroy(built);
	hb_face_t *sub = hb_face_create(sblob, 0);
	hb_blob_destroy(sblob);
	unsigned nglyphs = hb_face_get_glyph_count(sub);
	/* Each code point's new glyph id is its code; a code point whose glyph another one
	 * already took (e.g. a compatibility ideograph) gets a code past the last glyph, so
	 * ToUnicode can still tell them apart. */
	hb_font_t *sf = hb_font_create(sub);
	hb_codepoint_t *extra = xmalloc(n * sizeof *extra);
	unsigned char *taken = xcalloc(nglyphs + 1, 1);
	size_t nextra = 0;
	int ok = nglyphs >= 2 && nglyphs + n < 0xD800;
	for (size_t i = 0; ok && i < n; i++) {
		hb_codepoint_t g = 0;
		if (!hb_font_get_nominal_glyph(sf, cps[i], &g) || g == 0 || g >= nglyphs) { ok = 0; break; }
		if (taken[g]) { codes[i] = (uint16_t)(nglyphs + nextra); extra[nextra++] = g; }
		else { codes[i] = (uint16_t)g; taken[g] = 1; }
	}
	free(taken);
	hb_font_destroy(sf);
	*identity = nextra == 0;
	hb_blob_t *out = NULL;
	if (ok) {
		/* Copy every table but cmap into a new face, with the glyph-id cmap instead. */
		hb_face_t *b = hb_face_builder_create();
		hb_tag_t tags[64];
		unsigned count = 64;
		hb_face_get_table_tags(sub, 0, &count, tags);
		for (unsigned i = 0; i < count; i++) {
			if (tags[i] == HB_TAG('c', 'm', 'a', 'p')) continue;
			hb_blob_t *t = hb_face_reference_table(sub, tags[i]);
			hb_face_builder_add_table(b, tags[i], t);
			hb_blob_destroy(t);
		}
		hb_blob_t *cmap = gid_cmap(nglyphs, extra, nextra);
		hb_face_builder_add_table(b, HB_TAG('c', 'm', 'a', 'p'), cmap);
		hb_blob_destroy(cmap);
		out = hb_face_reference_blob(b);
		hb_face_destroy(b);
		if (!hb_blob_get_length(out)) { hb_blob_destroy(out); out = NULL; }
	}
	free(extra);
	hb_face_destroy(sub);
	return out;
}

/* Copies from a subset (fn_subset's result) only the tables a PDF viewer reads from an
 * embedded CIDFontType2: outlines and metrics, the hinting programs when present, and the
 * name table, which carries the font's copyright notice.  cmap, OS/2 and post are left
 * out: the PDF maps CIDs to glyphs itself (/CIDToGIDMap) and gives the metrics in the
 * font dictionaries.  Tables are sorted by tag as hb's builder writes them. */
hb_blob_t *fn_font_program(hb_blob_t *subset)
{
	static const hb_tag_t keep[] = {
		HB_TAG('c', 'v', 't', ' '), HB_TAG('f', 'p', 'g', 'm'), HB_TAG('g', 'l', 'y', 'f'),
		HB_TAG('h', 'e', 'a', 'd'), HB_TAG('h', 'h', 'e', 'a'), HB_TAG('h', 'm', 't', 'x'),
		HB_TAG('l', 'o', 'c', 'a'), HB_TAG('m', 'a', 'x', 'p'), HB_TAG('n', 'a', 'm', 'e'),
		HB_TAG('p', 'r', 'e', 'p'),
	};
	hb_face_t *sub = hb_face_create(subset, 0);
	hb_face_t *b = hb_face_builder_create();
	for (size_t i = 0; i < sizeof keep / sizeof *keep; i++) {
		hb_blob_t *t = hb_face_reference_table(sub, keep[i]);
		if (hb_blob_get_length(t)) hb_face_builder_add_table(b, keep[i], t);
		hb_blob_destroy(t);
	}
	hb_blob_t *out = hb_face_reference_blob(b);
	hb_face_destroy(b);
	hb_face_destroy(sub);
	if (!hb_blob_get_length(out)) { hb_blob_destroy(out); out = NULL; }
	return out;
}

/* Drops the font files' glyph outlines from the process's resident memory.  The files are
 * mapped read-only, and the kernel maps every touched page together with its cached
 * neighbours (32–64 KB), so the glyphs of a whole run would otherwise stay resident
 * (about 15 MB for the sample year).  Only glyf is released: cmap, hmtx and loca are read
 * for every document.  Pages are never written, so a reader on another thread just
 * faults them in again from the page cache. */
void fn_release_pages(const fn_set *fs)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	for (size_t i = 0; i < fs->nfaces; i++) {
		hb_blob_t *glyf = hb_face_reference_table(fs->faces[i].face, HB_TAG('g', 'l', 'y', 'f'));
		unsigned len;
		const char *data = hb_blob_get_data(glyf, &len);
		/* Whole pages inside the table only: its neighbours may be in use. */
		uintptr_t start = ((uintptr_t)data + page - 1) & ~(page - 1), end = ((uintptr_t)data + len) & ~(page - 1);
		if (len && end > start) madvise((void *)start, end - start, MADV_DONTNEED);
		hb_blob_destroy(glyf);
	}
}

/* FNV-1a over the face and the code points: the cache's quick key. */
static uint64_t set_hash(int face, const uint32_t *cps, size_t n)
{
	uint64_t h = 1469598103934665603u ^ (uint64_t)(unsigned)face;
	for (size_t i = 0; i < n; i++) { h ^= cps[i]; h *= 1099511628211u; }
	return h;
}

/* The memo for (face, cps) in the cache (lock held); added when new. */
static memo_t *memo_find(subset_cache *c, int face, const uint32_t *cps, size_t n, uint64_t h, int add)
{
	for (size_t i = 0; i < c->n; i++) {
		memo_t *m = &c->memo[i];
		if (m->hash == h && m->face == face && m->n == n && !memcmp(m->cps, cps, n * sizeof *cps)) return m;
	}
	if (!add) return NULL;
	GROW(c->memo, c->n, c->cap);
	memo_t *m = &c->memo[c->n++];
	*m = (memo_t){ .face = face, .n = n, .hash = h, .cps = xmalloc(n * sizeof *cps) };
	memcpy(m->cps, cps, n * sizeof *cps);
	return m;
}

/* fn_subset for (face, cps), as a shared subset (see font.h). */
const fn_subset_t *fn_subset_shared(const fn_set *fs, int face, const uint32_t *cps, size_t n)
{
	subset_cache *c = fs->cache;
	uint64_t h = set_hash(face, cps, n);
	pthread_mutex_lock(&c->lock);
	memo_t *m = memo_find(c, face, cps, n, h, 1);
	fn_subset_t *sub = m->sub;
	/* A set asked for the first time is not kept: most documents' sets are their own. */
	int keep = m->asked++ > 0;
	size_t idx = (size_t)(m - c->memo);     /* the array may move while unlocked */
	pthread_mutex_unlock(&c->lock);
	if (sub) return sub;
	sub = xcalloc(1, sizeof *sub);
	sub->codes = xmalloc(n * sizeof *sub->codes);
	sub->font = fn_subset(fs, face, cps, n, sub->codes, &sub->identity);
	if (!sub->font) { subset_free(sub); return NULL; }
	if (!keep) { sub->transient = 1; return sub; }
	pthread_mutex_lock(&c->lock);
	fn_subset_t *other = c->memo[idx].sub;
	if (!other) c->memo[idx].sub = sub;
	pthread_mutex_unlock(&c->lock);
	/* Another thread made the same one meanwhile: use that. */
	if (other) { subset_free(sub); return other; }
	return sub;
}

/* Frees a subset the cache did not keep. */
void fn_subset_release(const fn_subset_t *sub)
{
	if (sub && sub->transient) subset_free((fn_subset_t *)sub);
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
const fn_metrics *fn_face_metrics(const fn_set *fs, int face) { return &fs->faces[face].pdf; }
