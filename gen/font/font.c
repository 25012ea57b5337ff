/* font.c — resolves font roles to files (fonts folder first, then fontconfig families),
 * parses each file once with HarfBuzz, answers coverage and advance questions for layout,
 * and gives the values PDF font dictionaries need (the subsets are subset.c's). */
#include "font/font.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>
#include <hb-ot.h>

#include "base/paths.h"
#include "base/util.h"
#include "font/internal.h"

static const struct { const char *key, *name; } roles[FN_NROLES] = {
	[FN_TITLE] = { "title", "标题" },
	[FN_BODY]  = { "body",  "正文" },
	[FN_H1]    = { "h1",    "一级标题" },
	[FN_H2]    = { "h2",    "二级标题" },
	[FN_PAGE]  = { "page",  "页码" },
	[FN_TABLE] = { "table", "表格" },
};

/* The chains used when the fonts folder has no fonts.map; fonts/fonts.map ships the same.
 * After the licensed faces come the free ones, chosen by rendering them side by side
 * (fonts/README.md): FandolFang is the only free simplified 仿宋; Noto Serif CJK SC Black
 * or Bold is a real heavy 宋 for 小标宋 (the emboldened UMing stays as a last resort);
 * Noto Sans CJK SC reads as 黑体 at 3号 like FandolHei at 40 % of its bytes, and sets the
 * tables too (headers and cells in one face, smaller than WenQuanYi Micro Hei); FandolKai
 * is drawn after 楷体_GB2312. */
static const char builtin_map[] =
	"标题     = FZXBSJW.TTF | FZXBS.TTF | 方正小标宋简体 | 方正小标宋_GBK | Noto Serif CJK SC:style=Black | "
	"Noto Serif CJK SC:style=Bold | FandolSong:style=Bold | AR PL UMing CN (加粗) | WenQuanYi Zen Hei\n"
	"正文     = simfang.ttf | 仿宋_GB2312 | 仿宋 | FangSong | FandolFang | AR PL UMing CN | Noto Serif CJK SC | LXGW WenKai | WenQuanYi Zen Hei\n"
	"一级标题 = simhei.ttf | 黑体 | SimHei | Noto Sans CJK SC | FandolHei | WenQuanYi Zen Hei | AR PL UMing CN\n"
	"二级标题 = simkai.ttf | 楷体_GB2312 | 楷体 | KaiTi | FandolKai | LXGW WenKai | AR PL UKai CN | AR PL UMing CN\n"
	"页码     = simsun.ttc | 宋体 | SimSun | AR PL UMing CN | FandolSong | WenQuanYi Zen Hei\n"
	"表格     = simfang.ttf | 仿宋_GB2312 | 仿宋 | FangSong | Noto Sans CJK SC | WenQuanYi Micro Hei | AR PL UMing CN | WenQuanYi Zen Hei\n";

/* Stroke width (em) that makes a light 宋 look like the heavy 小标宋 it stands in for. */
#define EMBOLDEN_EM 0.025

/* The role's Chinese name, as halls write it in fonts.map. */
const char *fn_role_name(fn_role r) { return r < FN_NROLES ? roles[r].name : "?"; }
/* The role's English key (also accepted in fonts.map). */
const char *fn_role_key(fn_role r) { return r < FN_NROLES ? roles[r].key : "?"; }

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

static unsigned table_length(hb_face_t *face, hb_tag_t tag);

/* The em box a line of the face's text sits in, in thousandths of an em above (ascent)
 * and below (descent, negative) the baseline: OS/2's typographic ascender and descender
 * when they span one em, as CJK faces make them (the ideographic em box: 880 and −120 in
 * Fandol and Noto CJK), else hhea's.  Noto CJK's hhea (1160, −288) leaves room for
 * accents and would set every line 4 pt too low in its 3号 em box. */
static void em_box(hb_face_t *face, unsigned upem, int *ascent, int *descent)
{
	hb_tag_t os2 = HB_TAG('O', 'S', '/', '2'), hhea = HB_TAG('h', 'h', 'e', 'a');
	int ta = (int16_t)table16(face, os2, 68), td = (int16_t)table16(face, os2, 70);
	int span = ta - td;
	if (table_length(face, os2) >= 72 && ta > 0 && td <= 0 && abs(span - (int)upem) * 20 <= (int)upem) {
		*ascent = per_mille(ta, upem);
		*descent = per_mille(td, upem);
		return;
	}
	*ascent = per_mille((int16_t)table16(face, hhea, 4), upem);
	*descent = per_mille((int16_t)table16(face, hhea, 6), upem);
}

/* Fills f->pdf from the face's tables, with the values libharu 2.3.0 would have written:
 * BaseFont is the PostScript name plus ",Style" unless the style is Regular, Ascent and
 * Descent are the em box (em_box), FontBBox from head, XHeight from OS/2 (version 2 on), the
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
	em_box(face, upem, &m->ascent, &m->descent);
	(void)hhea;
	for (int i = 0; i < 4; i++) m->bbox[i] = per_mille((int16_t)table16(face, head, 36 + 2 * (unsigned)i), upem);
	hb_tag_t os2 = HB_TAG('O', 'S', '/', '2'), post = HB_TAG('p', 'o', 's', 't');
	m->x_height = table16(face, os2, 0) >= 2 ? per_mille((int16_t)table16(face, os2, 86), upem) : 0;
	m->italic_angle = (int16_t)table16(face, post, 4);
	m->flags = 32 | (table16(face, post, 12) || table16(face, post, 14) ? 1 : 0) | (m->italic_angle ? 64 : 0);
	m->missing_width = per_mille((int)hb_font_get_glyph_h_advance(f->font, 0), upem);
}

/* Length of a table of the face (0 when absent). */
static unsigned table_length(hb_face_t *face, hb_tag_t tag)
{
	hb_blob_t *t = hb_face_reference_table(face, tag);
	unsigned n = hb_blob_get_length(t);
	hb_blob_destroy(t);
	return n;
}

/* Why a face was not opened when memory ran out: fn_open then fails as a whole rather than
 * quietly set the text in the next face of the chain. */
static const char out_of_memory[] = "内存不足";

/* Unmaps a font file mapped by map_font (a blob's destroy callback). */
static void unmap_font(void *p)
{
	size_t *m = p;
	munmap((void *)m[0], m[1]);
	free(m);
}

/* The font file as a blob: mapped read-only here, so that its pages may be handed back to
 * the system (fn_release_pages, cff.c) knowing they are a file's and come back unchanged;
 * read into memory by HarfBuzz when it cannot be mapped (*mapped 0: never released). */
static hb_blob_t *map_font(const char *path, int *mapped)
{
	*mapped = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && st.st_size < (1L << 31)) {
		void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		close(fd);
		if (p != MAP_FAILED) {
			size_t *m = xmalloc(2 * sizeof *m);
			m[0] = (size_t)p;
			m[1] = (size_t)st.st_size;
			*mapped = 1;
			return hb_blob_create_or_fail(p, (unsigned)st.st_size, HB_MEMORY_MODE_READONLY, m, unmap_font);
		}
	} else if (fd >= 0) {
		close(fd);
	}
	return hb_blob_create_from_file_or_fail(path);
}

/* Opens path:index once; returns its index in fs->faces, or -1 with *why set. */
static int face_open(fn_set *fs, const char *path, int index, const char **why)
{
	for (size_t i = 0; i < fs->nfaces; i++)
		if (!strcmp(fs->faces[i].path, path) && fs->faces[i].index == index)
			return (int)i;
	errno = 0;
	int mapped;
	hb_blob_t *blob = map_font(path, &mapped);
	if (!blob) { *why = errno == ENOMEM ? out_of_memory : "无法读取"; return -1; }
	hb_face_t *face = hb_face_create(blob, (unsigned)index);
	if (face == hb_face_get_empty()) { *why = out_of_memory; goto fail; }
	if (hb_face_get_glyph_count(face) == 0) {
		*why = "不是可用的字体文件（或 TTC 序号不存在）";
		goto fail;
	}
	/* TrueType (glyf) or CFF outlines; CFF2 (variable OpenType) would need instancing. */
	unsigned glen = table_length(face, HB_TAG('g', 'l', 'y', 'f'));
	unsigned clen = table_length(face, HB_TAG('C', 'F', 'F', ' '));
	if (!glen && !clen) {
		*why = table_length(face, HB_TAG('C', 'F', 'F', '2')) ? "是可变字体（CFF2），不支持" : "没有 TrueType 或 CFF 轮廓";
		goto fail;
	}
	if (table_length(face, HB_TAG('h', 'h', 'e', 'a')) < 8) { *why = "缺少 hhea 表"; goto fail; }
	face_t f = { .path = xstrdup(path), .index = index, .blob = blob, .face = face, .cff = !glen, .mapped = mapped,
		.adv = xcalloc(0x10000, sizeof *f.adv), .half = xcalloc(0x10000 - 0x2000, 1),
		.gid = xcalloc(0x10000, sizeof *f.gid) };
	f.upem = hb_face_get_upem(face);
	int asc, desc;
	em_box(face, f.upem, &asc, &desc);
	f.ascent = asc / 1000.0;
	f.descent = desc / 1000.0;
	f.font = hb_font_create(face);
	if (f.font == hb_font_get_empty()) {
		free(f.path);
		free(f.adv);
		free(f.half);
		free(f.gid);
		*why = out_of_memory;
		goto fail;
	}
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

/* Finds a file of the fonts folders by name, in the first folder that has it (paths.h). */
static char *find_in_folders(const char *name)
{
	size_t n;
	const data_folder *f = paths_list(DATA_FONTS, &n);
	char *found = NULL;
	for (size_t i = 0; !found && i < n; i++)
		if (f[i].exists) found = find_in_dir(f[i].dir, name);
	return found;
}

/* Finds an installed face whose family is exactly fam, TrueType or CFF.  "Family:bold" or
 * "Family:style=Black" (fontconfig's property syntax after the first colon) asks for a
 * weight or style; otherwise the regular weight is preferred.  Ties are broken by path so
 * the choice does not depend on directory order. */
static char *fc_lookup(const char *spec, int *index)
{
	const char *colon = strchr(spec, ':');
	char *fam = colon ? xstrndup(spec, (size_t)(colon - spec)) : xstrdup(spec);
	FcPattern *pat = colon ? FcNameParse((const FcChar8 *)colon) : FcPatternCreate();
	*index = -1;
	if (!pat) { free(fam); *index = colon ? -2 : -1; return NULL; }
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)fam);
	free(fam);
	int want = FC_WEIGHT_REGULAR;
	FcPatternGetInteger(pat, FC_WEIGHT, 0, &want);
	FcObjectSet *os = FcObjectSetBuild(FC_FILE, FC_INDEX, FC_WEIGHT, FC_FONTFORMAT, FC_SLANT, NULL);
	FcFontSet *set = os ? FcFontList(NULL, pat, os) : NULL;
	char *best = NULL;
	if (!set) {                     /* fontconfig could not allocate: not the same as none */
		if (os) FcObjectSetDestroy(os);
		FcPatternDestroy(pat);
		return NULL;
	}
	int best_idx = 0, best_score = 1 << 30;
	for (int i = 0; set && i < set->nfont; i++) {
		FcChar8 *file, *fmt;
		int idx = 0, weight = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN;
		if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch) continue;
		if (FcPatternGetString(set->fonts[i], FC_FONTFORMAT, 0, &fmt) == FcResultMatch &&
		    strcmp((const char *)fmt, "TrueType") && strcmp((const char *)fmt, "CFF")) continue;
		FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &idx);
		FcPatternGetInteger(set->fonts[i], FC_WEIGHT, 0, &weight);
		FcPatternGetInteger(set->fonts[i], FC_SLANT, 0, &slant);
		int score = abs(weight - want) + (slant ? 1000 : 0);
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
	return !strncasecmp(dot, ".ttf", 4) || !strncasecmp(dot, ".ttc", 4) || !strncasecmp(dot, ".otf", 4) ||
	       !strncasecmp(dot, ".otc", 4);
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
		char *path = name[0] == '/' ? xstrdup(name) : find_in_folders(name);
		if (!path) e->why = "未放入字体文件夹";
		else e->face = face_open(fs, path, index, &e->why);
		free(path);
		free(name);
		return;
	}
	int index;
	char *path = fc_lookup(e->spec, &index);
	if (!path) { e->why = index == -1 ? out_of_memory : index == -2 ? "写法无法识别（族名:属性=值）" : "系统未安装"; return; }
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

/* The folder a hall should put a missing font in: the first of the fonts folders there is. */
static const char *hall_folder(void)
{
	size_t n;
	const data_folder *f = paths_list(DATA_FONTS, &n);
	for (size_t i = 0; i < n; i++)
		if (f[i].exists) return f[i].dir;
	return "fonts";
}

/* Reads the map, resolves every chain and parses each font file once. */
fn_set *fn_open(char **err)
{
	fn_set *fs = xcalloc(1, sizeof *fs);
	for (int r = 0; r < FN_NROLES; r++) fs->pick[r] = xcalloc(0x10000, 1);
	fs->cache = xcalloc(1, sizeof *fs->cache);
	pthread_mutex_init(&fs->cache->lock, NULL);
	open_sets++;
	static unsigned long serials;
	fs->serial = __atomic_add_fetch(&serials, 1, __ATOMIC_RELAXED);
	errno = 0;
	if (!FcInit()) {
		int nomem = errno == ENOMEM;
		*err = xstrdup(nomem ? "内存不足，fontconfig 无法初始化" : "fontconfig 初始化失败");
		fn_close(fs);
		errno = nomem ? ENOMEM : EINVAL;
		return NULL;
	}
	char *map = paths_find(DATA_FONTS, "fonts.map");
	size_t len;
	char *text = map ? read_file(map, &len) : NULL;
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
	/* Fonts in the folders, the free faces shipped with kaoji among them, can also be
	 * named by family in the map. */
	size_t nfolders;
	const data_folder *folder = paths_list(DATA_FONTS, &nfolders);
	for (size_t i = 0; i < nfolders; i++)
		if (folder[i].exists) FcConfigAppFontAddDir(NULL, (const FcChar8 *)folder[i].dir);
	for (int r = 0; r < FN_NROLES; r++) {
		int any = 0;
		for (size_t i = 0; i < fs->nchain[r]; i++) {
			resolve(fs, &fs->chain[r][i]);
			any |= fs->chain[r][i].face >= 0;
			if (fs->chain[r][i].why == out_of_memory) {
				*err = xasprintf("内存不足，无法打开字体“%s”", fs->chain[r][i].spec);
				fn_close(fs);
				errno = ENOMEM;
				return NULL;
			}
		}
		if (!any) {
			*err = xasprintf("字体角色“%s”没有可用的字体：请把字体文件放入 %s/，或安装 fonts-arphic-uming 等免费字体",
			                 roles[r].name, hall_folder());
			fn_close(fs);
			return NULL;
		}
	}
	return fs;
}

/* Releases the faces; the last set to close shuts fontconfig down. */
void fn_close(fn_set *fs)
{
	if (!fs) return;
	for (size_t i = 0; i < fs->nfaces; i++) {
		free(fs->faces[i].adv);
		free(fs->faces[i].half);
		free(fs->faces[i].gid);
		cff_close(fs->faces[i].cff_parsed);
		hb_blob_destroy(fs->faces[i].cff_table);
		hb_font_destroy(fs->faces[i].font);
		hb_face_destroy(fs->faces[i].face);
		hb_blob_destroy(fs->faces[i].blob);
		free(fs->faces[i].path);
	}
	free(fs->faces);
	for (int r = 0; r < FN_NROLES; r++) {
		free(fs->pick[r]);
		for (size_t i = 0; i < fs->nchain[r]; i++) free(fs->chain[r][i].spec);
		free(fs->chain[r]);
	}
	for (size_t i = 0; i < fs->cache->cap; i++) {
		memo_t *m = fs->cache->memo[i];
		if (!m) continue;
		free(m->keys);
		free(m->codes);
		fn_subset_free(m->sub);
		free(m);
	}
	free(fs->cache->memo);
	pthread_mutex_destroy(&fs->cache->lock);
	free(fs->cache);
	free(fs->map_path);
	free(fs);
	if (--open_sets == 0) FcFini();
}

/* Walks the role's chain for the first font that draws cp. */
static int pick_entry(const fn_set *fs, fn_role r, uint32_t cp)
{
	for (size_t i = 0; i < fs->nchain[r]; i++) {
		const entry_t *e = &fs->chain[r][i];
		hb_codepoint_t g;
		if (e->face >= 0 && hb_font_get_nominal_glyph(fs->faces[e->face].font, cp, &g)) return (int)i;
	}
	return -1;
}

/* The font of role r that draws cp.  Asked for every character laid out (the cmap walk
 * was a seventh of a province's bulletins), so each BMP code point's answer is kept;
 * threads may store the same value together. */
fn_pick_t fn_pick(const fn_set *fs, fn_role r, uint32_t cp)
{
	/* kaoji sets the BMP only (data outside it is reported at its file and line), and
	 * private-use code points mean something different in every font. */
	if (cp > 0xFFFF || (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0xE000 && cp <= 0xF8FF))
		return (fn_pick_t){ -1, 0 };
	unsigned known = __atomic_load_n(&fs->pick[r][cp], __ATOMIC_RELAXED);
	int i;
	if (known) {
		i = known == 0xFF ? -1 : (int)known - 1;
	} else {
		i = pick_entry(fs, r, cp);
		if (i < 0xFE) __atomic_store_n(&fs->pick[r][cp], (uint8_t)(i < 0 ? 0xFF : i + 1), __ATOMIC_RELAXED);
	}
	if (i < 0) return (fn_pick_t){ -1, 0 };
	return (fn_pick_t){ fs->chain[r][i].face, fs->chain[r][i].embolden };
}

/* The face's glyph for cp; 0 when it has none.  Each card file's subsets ask again for
 * every character it draws (cmap lookups were 3% of a province's annual run), so each BMP
 * code point's answer is remembered (threads may store the same value together). */
int fn_face_glyph(const face_t *f, uint32_t cp, hb_codepoint_t *g)
{
	uint32_t known = cp <= 0xFFFF ? __atomic_load_n(&f->gid[cp], __ATOMIC_RELAXED) : 0;
	if (known) {
		*g = known == UINT32_MAX ? 0 : known - 1;
		return known != UINT32_MAX;
	}
	*g = 0;
	int found = hb_font_get_nominal_glyph(f->font, cp, g);
	if (!found) *g = 0;
	if (cp <= 0xFFFF && *g < UINT32_MAX - 1)
		__atomic_store_n(&f->gid[cp], found ? *g + 1 : UINT32_MAX, __ATOMIC_RELAXED);
	return found;
}

/* Advance of key in points: its code point's, rounded to 1/1000 em as the PDF /W array
 * has it, plus the key's change in hundredths of an em. */
double fn_advance(const fn_set *fs, int face, fn_key key, double size)
{
	const face_t *f = &fs->faces[face];
	uint32_t cp = fn_key_cp(key);
	/* Asked for every glyph laid out and drawn: each BMP code point's is looked up once
	 * (threads may store the same value together). */
	unsigned known = cp <= 0xFFFF ? __atomic_load_n(&f->adv[cp], __ATOMIC_RELAXED) : 0;
	int w1000;
	if (known) {
		w1000 = (int)known - 1;
	} else {
		hb_codepoint_t g;
		fn_face_glyph(f, cp, &g);
		w1000 = (int)(hb_font_get_glyph_h_advance(f->font, g) * 1000 / (int)f->upem);
		if (cp <= 0xFFFF && w1000 >= 0 && w1000 < 0xFFFF) __atomic_store_n(&f->adv[cp], (uint16_t)(w1000 + 1), __ATOMIC_RELAXED);
	}
	return (w1000 + 10 * fn_key_pct(key)) * size / 1000.0;
}

/* Whether cp's glyph is one em wide with its ink inside the left half, measured from the
 * outline: simplified-Chinese faces put ，。、 and closing brackets there, others centre
 * some of them (AR PL UMing's 。), and those must keep their width. */
int fn_left_half_mark(const fn_set *fs, int face, uint32_t cp)
{
	const face_t *f = &fs->faces[face];
	/* Asked for every mark of every paragraph, and an outline's extents are its charstring
	 * run: each code point's answer is remembered (threads may store the same one together). */
	int slot = cp >= 0x2000 && cp <= 0xFFFF;
	unsigned known = slot ? __atomic_load_n(&f->half[cp - 0x2000], __ATOMIC_RELAXED) : 0;
	if (known) return (int)known - 1;
	hb_codepoint_t g;
	hb_glyph_extents_t ext;
	int half = 0;
	if (fn_face_glyph(f, cp, &g) && hb_font_get_glyph_extents(f->font, g, &ext)) {
		int adv = (int)hb_font_get_glyph_h_advance(f->font, g), upem = (int)f->upem;
		half = abs(adv - upem) <= upem / 50 && ext.width > 0 && ext.x_bearing >= 0 &&
		       ext.x_bearing + ext.width <= upem / 2 + upem / 100;
	}
	if (slot) __atomic_store_n(&f->half[cp - 0x2000], (uint8_t)(half + 1), __ATOMIC_RELAXED);
	return half;
}

/* Ascent in em as the PDF font descriptor will carry it. */
double fn_ascent(const fn_set *fs, int face) { return fs->faces[face].ascent; }
/* Descent in em (negative), as in the PDF font descriptor. */
double fn_descent(const fn_set *fs, int face) { return fs->faces[face].descent; }
/* The set's number in the process (1, 2, …): what memories of its glyphs are keyed by. */
unsigned long fn_serial(const fn_set *fs) { return fs->serial; }
/* Number of distinct faces opened for all roles. */
int fn_nfaces(const fn_set *fs) { return (int)fs->nfaces; }
/* File the face was read from. */
const char *fn_face_path(const fn_set *fs, int face) { return fs->faces[face].path; }
/* Face index inside a .ttc (0 for a .ttf). */
int fn_face_index(const fn_set *fs, int face) { return fs->faces[face].index; }
/* Whether the face has CFF outlines. */
int fn_face_is_cff(const fn_set *fs, int face) { return fs->faces[face].cff; }

/* Prints each role's chain, marking the entry used and why others were skipped. */
void fn_describe(const fn_set *fs, FILE *out)
{
	paths_describe(out, DATA_FONTS);
	fprintf(out, "字体表: %s\n\n", fs->map_path ? fs->map_path : "内置（字体文件夹中都没有 fonts.map）");
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
	fputc('\n', out);
	if (!fn_report_standins(fs, out)) fputs("各角色都使用标准字体。\n", out);
}

/* The face GB/T 9704 names for a role, and the family names it goes by in fonts' name
 * tables (licensed files are recognised by what they are, whatever the file is called). */
static const struct {
	const char *name;
	const char *families[6];
} standard[FN_NROLES] = {
	[FN_TITLE] = { "方正小标宋", { "方正小标宋简体", "方正小标宋_GBK", "方正小标宋", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05" } },
	[FN_BODY]  = { "仿宋_GB2312", { "仿宋_GB2312", "仿宋", "FangSong_GB2312", "FangSong" } },
	[FN_H1]    = { "黑体", { "黑体", "SimHei" } },
	[FN_H2]    = { "楷体", { "楷体_GB2312", "楷体", "KaiTi_GB2312", "KaiTi" } },
	[FN_PAGE]  = { "宋体", { "宋体", "SimSun", "新宋体", "NSimSun" } },
};

/* Whether one of the face's family names (name IDs 1 and 16, any language) is in names. */
static int has_family(const face_t *f, const char *const *names, size_t nnames)
{
	unsigned count;
	const hb_ot_name_entry_t *e = hb_ot_name_list_names(f->face, &count);
	for (unsigned i = 0; i < count; i++) {
		if (e[i].name_id != HB_OT_NAME_ID_FONT_FAMILY && e[i].name_id != HB_OT_NAME_ID_TYPOGRAPHIC_FAMILY) continue;
		char buf[128];
		unsigned len = sizeof buf;
		hb_ot_name_get_utf8(f->face, e[i].name_id, e[i].language, &len, buf);
		for (size_t k = 0; k < nnames && names[k]; k++)
			if (!strcmp(buf, names[k])) return 1;
	}
	return 0;
}

/* Prints a line for each role whose first usable face is not the standard's. */
int fn_report_standins(const fn_set *fs, FILE *out)
{
	int lines = 0;
	for (int r = 0; r < FN_NROLES; r++) {
		if (!standard[r].name) continue;
		for (size_t i = 0; i < fs->nchain[r]; i++) {
			const entry_t *e = &fs->chain[r][i];
			if (e->face < 0) continue;
			const face_t *f = &fs->faces[e->face];
			if (!has_family(f, standard[r].families, sizeof standard[r].families / sizeof *standard[r].families)) {
				fprintf(out, "字体：%s没有%s，以替代字体 %s%s 排版（%s）\n", roles[r].name, standard[r].name,
				        e->spec, e->embolden > 0 ? "（描边加粗）" : "", f->path);
				lines++;
			}
			break;
		}
	}
	return lines;
}

const fn_metrics *fn_face_metrics(const fn_set *fs, int face) { return &fs->faces[face].pdf; }
