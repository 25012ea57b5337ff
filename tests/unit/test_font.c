/* test_font.c — font roles and chains, per-character fallback, the BMP limit, subsets of
 * TrueType and CFF faces with a code per key (half-width twins, shared glyphs), and the
 * measured mark positions that decide punctuation squeezing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <hb.h>

#include "base/paths.h"
#include "base/util.h"
#include "font/font.h"

static fn_set *fs;

static void test_every_role_resolves(void **state)
{
	(void)state;
	for (int r = 0; r < FN_NROLES; r++) {
		fn_pick_t p = fn_pick(fs, (fn_role)r, 0x56FD);   /* 国 */
		assert_true(p.face >= 0);
		assert_true(fn_advance(fs, p.face, 0x56FD, 16) > 15);
		assert_true(fn_ascent(fs, p.face) > 0.5);
		assert_true(fn_descent(fs, p.face) < 0);
	}
	assert_string_equal(fn_role_name(FN_BODY), "正文");
	assert_string_equal(fn_role_key(FN_H2), "h2");
}

static void test_fallback_per_character(void **state)
{
	(void)state;
	fn_pick_t common = fn_pick(fs, FN_BODY, 0x4E2D);     /* 中: the first font of the chain */
	fn_pick_t name = fn_pick(fs, FN_BODY, 0x5803);       /* 堃 (in names): not in FandolFang, in UMing */
	fn_pick_t rare = fn_pick(fs, FN_BODY, 0x9FC3);       /* 鿃: in neither, in Noto Serif CJK */
	assert_true(common.face >= 0 && name.face >= 0 && rare.face >= 0);
	assert_int_not_equal(common.face, name.face);
	assert_int_not_equal(name.face, rare.face);
	if (!getenv("KAOJI_FONTS")) {
		assert_non_null(strstr(fn_face_path(fs, common.face), "FandolFang"));
		assert_non_null(strstr(fn_face_path(fs, name.face), "uming"));
	}
	/* Nothing has Tibetan; nothing above U+FFFF may be picked. */
	assert_int_equal(fn_pick(fs, FN_BODY, 0x0F40).face, -1);
	assert_int_equal(fn_pick(fs, FN_BODY, 0x20BB7).face, -1);   /* 𠮷, in Noto, but non-BMP */
	assert_int_equal(fn_pick(fs, FN_BODY, 0x1F600).face, -1);
	assert_int_equal(fn_pick(fs, FN_BODY, 0xE000).face, -1);    /* private use: no meaning across fonts */
	/* A real bold face is installed: nothing is drawn emboldened. */
	for (int r = 0; r < FN_NROLES; r++) assert_true(fn_pick(fs, (fn_role)r, 0x4E2D).embolden == 0);
	/* Asked again, each answer comes from what fn_pick kept, and is the same. */
	assert_int_equal(fn_pick(fs, FN_BODY, 0x4E2D).face, common.face);
	assert_int_equal(fn_pick(fs, FN_BODY, 0x5803).face, name.face);
	assert_int_equal(fn_pick(fs, FN_BODY, 0x9FC3).face, rare.face);
	assert_int_equal(fn_pick(fs, FN_BODY, 0x0F40).face, -1);
}

/* The face of role r drawing 中, checked to be TrueType or CFF as asked. */
static int face_of(fn_role r, int cff)
{
	int face = fn_pick(fs, r, 0x4E2D).face;
	assert_true(face >= 0);
	assert_int_equal(fn_face_is_cff(fs, face), cff);
	return face;
}

/* Reads a big-endian value of n bytes. */
static unsigned be(const unsigned char *p, int n)
{
	unsigned v = 0;
	while (n--) v = v << 8 | *p++;
	return v;
}

/* TrueType subset: key i is glyph and code i + 1 (CIDToGIDMap /Identity), drawn as the
 * face draws it (same outline box), advances as fn_advance measures them, the program
 * without cmap. */
static void test_subset_truetype(void **state)
{
	(void)state;
	fn_key keys[] = { ' ', '1', 0x4E2D, 0x56FD, 0x01DC };   /* ǜ is a nested composite in UMing */
	int face = face_of(FN_PAGE, 0);
	const char *why = NULL;
	fn_subset_t *s = fn_subset(fs, face, keys, 5, &why);
	assert_non_null(s);
	assert_false(s->cff);
	hb_face_t *f = hb_face_create(s->program, 0);
	hb_font_t *font = hb_font_create(f);
	unsigned upem = hb_face_get_upem(f), nglyphs = hb_face_get_glyph_count(f);
	hb_font_set_scale(font, (int)upem, (int)upem);
	assert_true(nglyphs >= 5 && nglyphs < 20);
	assert_int_equal(s->ncodes, nglyphs);
	hb_blob_t *ob = hb_blob_create_from_file(fn_face_path(fs, face));
	hb_face_t *of = hb_face_create(ob, (unsigned)fn_face_index(fs, face));
	hb_font_t *ofont = hb_font_create(of);
	for (unsigned i = 0; i < 5; i++) {
		double a = hb_font_get_glyph_h_advance(font, i + 1) * 16.0 / upem;
		assert_float_equal(a, fn_advance(fs, face, keys[i], 16), 0.02);
		hb_codepoint_t g;
		assert_true(hb_font_get_nominal_glyph(ofont, keys[i], &g));
		hb_glyph_extents_t want, got;
		assert_true(hb_font_get_glyph_extents(ofont, g, &want));
		assert_true(hb_font_get_glyph_extents(font, i + 1, &got));
		assert_memory_equal(&want, &got, sizeof want);
	}
	hb_font_destroy(ofont);
	hb_face_destroy(of);
	hb_blob_destroy(ob);
	hb_blob_t *cmap = hb_face_reference_table(f, HB_TAG('c', 'm', 'a', 'p'));
	assert_int_equal(hb_blob_get_length(cmap), 0);
	hb_blob_destroy(cmap);
	hb_font_destroy(font);
	hb_face_destroy(f);
	fn_subset_free(s);
}

/* Advance of glyph g in a TrueType program, in points at 16 pt. */
static double program_advance(hb_blob_t *program, unsigned g)
{
	hb_face_t *f = hb_face_create(program, 0);
	hb_font_t *font = hb_font_create(f);
	unsigned upem = hb_face_get_upem(f);
	hb_font_set_scale(font, (int)upem, (int)upem);
	double a = hb_font_get_glyph_h_advance(font, g) * 16.0 / upem;
	hb_font_destroy(font);
	hb_face_destroy(f);
	return a;
}

/* A half-width twin of a TrueType glyph is a copy stored right after it, with half the
 * advance in hmtx: code = glyph id still (CIDToGIDMap /Identity). */
static void test_subset_truetype_variant(void **state)
{
	(void)state;
	int face = face_of(FN_PAGE, 0);
	fn_key keys[] = { ' ', 0x4E2D, 0xFF09, FN_KEY(0xFF09, FN_HALF) };
	const char *why = NULL;
	fn_subset_t *s = fn_subset(fs, face, keys, 4, &why);
	assert_non_null(s);
	hb_face_t *f = hb_face_create(s->program, 0);
	assert_int_equal(hb_face_get_glyph_count(f), s->ncodes);
	hb_face_destroy(f);
	assert_float_equal(program_advance(s->program, 3), fn_advance(fs, face, keys[2], 16), 0.02);
	assert_float_equal(program_advance(s->program, 4), fn_advance(fs, face, keys[3], 16), 0.02);
	assert_float_equal(fn_advance(fs, face, keys[3], 16), fn_advance(fs, face, keys[2], 16) - 8, 0.01);
	fn_subset_free(s);
}

/* CFF subset: a bare CFF, CID-keyed with ROS Adobe-Identity-0 and an identity charset,
 * key i as glyph i + 1 (a half-width twin is a second copy of its glyph). */
static void test_subset_cff(void **state)
{
	(void)state;
	int face = face_of(FN_BODY, 1);
	fn_key keys[] = { ' ', 0x3002, FN_KEY(0x3002, FN_HALF), 0x4E2D, 0xFF09, FN_KEY(0xFF09, FN_HALF) };
	const char *why = NULL;
	fn_subset_t *s = fn_subset(fs, face, keys, 6, &why);
	assert_non_null(s);
	assert_true(s->cff);
	unsigned len;
	const unsigned char *p = (const unsigned char *)hb_blob_get_data(s->program, &len);
	assert_true(len > 100);
	assert_int_equal(p[0], 1);                       /* CFF major version 1 */
	/* The CharStrings INDEX holds every code (the index is found after the four INDEXes
	 * and the charset by the Top DICT's CharStrings operator; simpler: its count is the
	 * 16-bit value the Top DICT's 5-byte operand before operator 17 points at). */
	unsigned off = p[2];
	for (int ix = 0; ix < 2; ix++) {                 /* skip Name, reach Top DICT INDEX */
		unsigned count = be(p + off, 2);
		if (ix == 1) break;
		unsigned os = p[off + 2];
		off += 3 + (count + 1) * os + be(p + off + 3 + count * os, (int)os) - 1;
	}
	unsigned tcount = be(p + off, 2), tos = p[off + 2];
	const unsigned char *top = p + off + 3 + (tcount + 1) * tos - 1 + be(p + off + 3, (int)tos);
	const unsigned char *tend = p + off + 3 + (tcount + 1) * tos - 1 + be(p + off + 3 + tos, (int)tos);
	unsigned cs = 0, ros = 0;
	for (const unsigned char *q = top; q + 5 < tend; q++)
		if (q[0] == 29 && q[5] == 17) cs = be(q + 1, 4);
	for (const unsigned char *q = top; q + 1 < tend; q++)
		if (q[0] == 12 && q[1] == 30) ros = 1;
	assert_true(ros);
	assert_true(cs > 0 && cs < len);
	assert_int_equal(s->ncodes, 7);                 /* .notdef and one glyph per key */
	assert_int_equal(be(p + cs, 2), s->ncodes);
	fn_subset_free(s);
}

/* Marks are squeezable only where the face draws them in the left half. */
static void test_left_half_marks(void **state)
{
	(void)state;
	int fang = face_of(FN_BODY, 1), uming = face_of(FN_PAGE, 0);
	assert_true(fn_left_half_mark(fs, fang, 0x3002));       /* 。 in FandolFang */
	assert_true(fn_left_half_mark(fs, fang, 0xFF09));       /* ） */
	assert_true(fn_left_half_mark(fs, fang, 0x201D));       /* ” */
	assert_false(fn_left_half_mark(fs, fang, 0xFF08));      /* （: ink on the right */
	assert_false(fn_left_half_mark(fs, fang, 0xFF1F));      /* ？: centred */
	assert_false(fn_left_half_mark(fs, fang, 0x4E2D));
	assert_false(fn_left_half_mark(fs, uming, 0x3002));     /* UMing centres its 。 */
	assert_true(fn_left_half_mark(fs, uming, 0xFF09));
	assert_float_equal(fn_advance(fs, fang, FN_KEY(0x3002, FN_HALF), 16), 8, 0.001);
	assert_float_equal(fn_advance(fs, fang, FN_KEY(0x4E2D, 25), 16), 20, 0.001);
}

/* Appends a glyph's outline as text (hb_draw callbacks): two outlines are the same glyph
 * drawn the same way when their texts are equal. */
static void shape_move(hb_draw_funcs_t *f, void *b, hb_draw_state_t *st, float x, float y, void *u)
{
	(void)f; (void)st; (void)u;
	sb_printf(b, "M%g,%g ", x, y);
}
static void shape_line(hb_draw_funcs_t *f, void *b, hb_draw_state_t *st, float x, float y, void *u)
{
	(void)f; (void)st; (void)u;
	sb_printf(b, "L%g,%g ", x, y);
}
static void shape_cubic(hb_draw_funcs_t *f, void *b, hb_draw_state_t *st, float x1, float y1, float x2, float y2,
                        float x, float y, void *u)
{
	(void)f; (void)st; (void)u;
	sb_printf(b, "C%g,%g,%g,%g,%g,%g ", x1, y1, x2, y2, x, y);
}
static void shape_close(hb_draw_funcs_t *f, void *b, hb_draw_state_t *st, void *u)
{
	(void)f; (void)st; (void)u;
	sb_puts(b, "Z ");
}
static char *outline(hb_font_t *font, unsigned g)
{
	hb_draw_funcs_t *df = hb_draw_funcs_create();
	hb_draw_funcs_set_move_to_func(df, shape_move, NULL, NULL);
	hb_draw_funcs_set_line_to_func(df, shape_line, NULL, NULL);
	hb_draw_funcs_set_cubic_to_func(df, shape_cubic, NULL, NULL);
	hb_draw_funcs_set_close_path_func(df, shape_close, NULL, NULL);
	strbuf b = {0};
	hb_font_get_glyph_shape(font, g, df, &b);
	hb_draw_funcs_destroy(df);
	return b.s ? sb_take(&b) : xstrdup("");
}

/* kaoji's own CFF subset (cff_subset: charstrings flattened, hints dropped) draws every
 * glyph exactly as the face does: 400 ideographs of the heading face (Noto Sans CJK, whose
 * glyphs call global and local subroutines) and of the body face (FandolFang). */
static void test_subset_cff_outlines(void **state)
{
	(void)state;
	int faces[2] = { face_of(FN_H1, 1), face_of(FN_BODY, 1) };
	for (int fi = 0; fi < 2; fi++) {
		int face = faces[fi];
		fn_key keys[400];
		size_t n = 0;
		for (uint32_t cp = 0x4E00; n < 400 && cp < 0x9FA5; cp += 11)
			if (fn_pick(fs, fi ? FN_BODY : FN_H1, cp).face == face) keys[n++] = cp;
		assert_true(n == 400);
		const char *why = NULL;
		fn_subset_t *s = fn_subset(fs, face, keys, n, &why);
		assert_non_null(s);
		assert_int_equal(s->ncodes, n + 1);
		/* The bare CFF in an OpenType wrapper with the face's head and maxp, for HarfBuzz. */
		hb_blob_t *ob = hb_blob_create_from_file(fn_face_path(fs, face));
		hb_face_t *of = hb_face_create(ob, (unsigned)fn_face_index(fs, face));
		hb_face_t *w = hb_face_builder_create();
		hb_face_builder_add_table(w, HB_TAG('C', 'F', 'F', ' '), s->program);
		hb_blob_t *head = hb_face_reference_table(of, HB_TAG('h', 'e', 'a', 'd'));
		hb_face_builder_add_table(w, HB_TAG('h', 'e', 'a', 'd'), head);
		hb_blob_destroy(head);
		unsigned char maxp[6] = { 0, 0, 0x50, 0, (unsigned char)((n + 1) >> 8), (unsigned char)(n + 1) };
		hb_blob_t *mb = hb_blob_create((const char *)maxp, 6, HB_MEMORY_MODE_DUPLICATE, NULL, NULL);
		hb_face_builder_add_table(w, HB_TAG('m', 'a', 'x', 'p'), mb);
		hb_blob_destroy(mb);
		hb_blob_t *built = hb_face_reference_blob(w);
		hb_face_destroy(w);
		hb_face_t *sf = hb_face_create(built, 0);
		hb_font_t *ofont = hb_font_create(of), *sfont = hb_font_create(sf);
		for (size_t i = 0; i < n; i++) {
			hb_codepoint_t g;
			assert_true(hb_font_get_nominal_glyph(ofont, keys[i], &g));
			char *want = outline(ofont, g), *got = outline(sfont, (unsigned)i + 1);
			assert_true(strlen(want) > 20);
			if (strcmp(want, got)) fail_msg("U+%04X: %s\nbecame %s", (unsigned)keys[i], want, got);
			free(want);
			free(got);
		}
		hb_font_destroy(ofont);
		hb_font_destroy(sfont);
		hb_face_destroy(sf);
		hb_blob_destroy(built);
		hb_face_destroy(of);
		hb_blob_destroy(ob);
		fn_subset_free(s);
	}
}

/* Two code points drawn by one glyph (a compatibility ideograph and its unified twin, or
 * the like) still get distinct codes, so ToUnicode tells them apart: the glyph is stored
 * once per code. */
static void test_subset_shared_glyph(void **state)
{
	(void)state;
	/* The first two BMP code points (outside the private-use block) sharing a glyph in
	 * any TrueType face of the set. */
	int face = -1;
	uint32_t pair[2] = { 0, 0 };
	for (int fi = 0; fi < fn_nfaces(fs) && !pair[1]; fi++) {
		if (fn_face_is_cff(fs, fi)) continue;
		hb_blob_t *blob = hb_blob_create_from_file(fn_face_path(fs, fi));
		hb_face_t *hf = hb_face_create(blob, (unsigned)fn_face_index(fs, fi));
		hb_blob_destroy(blob);
		hb_font_t *hfont = hb_font_create(hf);
		hb_set_t *all = hb_set_create();
		hb_face_collect_unicodes(hf, all);
		hb_codepoint_t *owner = calloc(hb_face_get_glyph_count(hf), sizeof *owner);
		for (hb_codepoint_t cp = HB_SET_VALUE_INVALID; hb_set_next(all, &cp) && cp <= 0xFFFF; ) {
			hb_codepoint_t g;
			if ((cp >= 0xE000 && cp <= 0xF8FF) || !hb_font_get_nominal_glyph(hfont, cp, &g) || !g) continue;
			if (owner[g]) { pair[0] = owner[g]; pair[1] = cp; face = fi; break; }
			owner[g] = cp;
		}
		free(owner);
		hb_set_destroy(all);
		hb_font_destroy(hfont);
		hb_face_destroy(hf);
	}
	if (!pair[1]) skip();
	fn_key keys[] = { ' ', pair[0], pair[1] };
	const char *why = NULL;
	fn_subset_t *s = fn_subset(fs, face, keys, 3, &why);
	assert_non_null(s);
	assert_true(s->ncodes >= 4);                    /* .notdef, the space, the glyph twice (and components) */
	hb_face_t *f = hb_face_create(s->program, 0);
	hb_font_t *font = hb_font_create(f);
	hb_glyph_extents_t e2, e3;
	assert_true(hb_font_get_glyph_extents(font, 2, &e2) && hb_font_get_glyph_extents(font, 3, &e3));
	assert_memory_equal(&e2, &e3, sizeof e2);
	assert_true(e2.width > 0);
	hb_font_destroy(font);
	hb_face_destroy(f);
	assert_float_equal(program_advance(s->program, 2), program_advance(s->program, 3), 0.001);
	fn_subset_free(s);
}

/* Writes text to dir/fonts.map. */
static void write_map(const char *dir, const char *text)
{
	char *p = path_join(dir, "fonts.map");
	FILE *fp = fopen(p, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	free(p);
}

static void test_map_errors(void **state)
{
	(void)state;
	char dir[] = "/tmp/kaoji-font-testXXXXXX";
	assert_non_null(mkdtemp(dir));
	char *err = NULL;
	write_map(dir, "# 注释\n\n正文 = LXGW WenKai\n页码 LXGW WenKai\n");
	assert_int_equal(paths_setup(NULL, NULL, dir), 0);  /* as --fonts DIR: its fonts.map comes first */
	assert_null(fn_open(&err));
	assert_non_null(strstr(err, "第 4 行"));
	assert_non_null(strstr(err, "缺少“=”"));
	free(err);
	write_map(dir, "表格 = none.ttf | No Such Family\n");
	assert_null(fn_open(&err));
	assert_non_null(strstr(err, "“表格”没有可用的字体"));
	free(err);
	/* A role the map names is replaced; the others keep the built-in chain. */
	write_map(dir, "正文 = LXGW WenKai\n");
	fn_set *s = fn_open(&err);
	assert_non_null(s);
	int wk = fn_pick(s, FN_BODY, 0x4E2D).face;
	assert_non_null(strstr(fn_face_path(s, wk), "LXGWWenKai-Regular"));
	assert_non_null(strstr(fn_face_path(s, fn_pick(s, FN_H1, 0x4E2D).face), "NotoSansCJK"));
	/* Only WenKai in the chain now: a character it lacks has no font. */
	assert_int_equal(fn_pick(s, FN_BODY, 0x3400).face, -1);
	fn_close(s);
	char *p = path_join(dir, "fonts.map");
	unlink(p);
	free(p);
	rmdir(dir);
	paths_setup(NULL, NULL, NULL);
}

int main(void)
{
	char *err = NULL;
	fs = fn_open(&err);
	if (!fs) { fprintf(stderr, "%s\n", err); return 1; }
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_role_resolves),
		cmocka_unit_test(test_fallback_per_character),
		cmocka_unit_test(test_subset_truetype),
		cmocka_unit_test(test_subset_truetype_variant),
		cmocka_unit_test(test_subset_cff),
		cmocka_unit_test(test_subset_cff_outlines),
		cmocka_unit_test(test_left_half_marks),
		cmocka_unit_test(test_subset_shared_glyph),
		cmocka_unit_test(test_map_errors),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	fn_close(fs);
	return rc;
}
