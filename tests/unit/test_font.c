/* test_font.c — font roles and chains, per-character fallback, the BMP limit, and the
 * subset re-encoded so that each code is its glyph id. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <hb.h>

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
	fn_pick_t rare = fn_pick(fs, FN_BODY, 0x9FC3);       /* 鿃: not in UMing, in WenKai */
	fn_pick_t exta = fn_pick(fs, FN_BODY, 0x3400);       /* 㐀: only in Zen Hei */
	assert_true(common.face >= 0 && rare.face >= 0 && exta.face >= 0);
	assert_int_not_equal(common.face, rare.face);
	assert_int_not_equal(rare.face, exta.face);
	/* Nothing has Yi syllables; nothing above U+FFFF may be picked (libharu draws a space). */
	assert_int_equal(fn_pick(fs, FN_BODY, 0xA000).face, -1);
	assert_int_equal(fn_pick(fs, FN_BODY, 0x20BB7).face, -1);   /* 𠮷, in WenKai, but non-BMP */
	assert_int_equal(fn_pick(fs, FN_BODY, 0x1F600).face, -1);
	assert_int_equal(fn_pick(fs, FN_BODY, 0xE000).face, -1);    /* private use: no meaning across fonts */
	/* The free 小标宋 stand-in is drawn emboldened; body text is not. */
	assert_true(fn_pick(fs, FN_TITLE, 0x4E2D).embolden > 0 || getenv("KAOJI_FONTS"));
	assert_true(common.embolden == 0);
}

static void test_subset_gid_cmap(void **state)
{
	(void)state;
	uint32_t cps[] = { ' ', '1', 0x4E2D, 0x56FD, 0x01DC };   /* ǜ is a nested composite in UMing */
	int face = fn_pick(fs, FN_BODY, 0x4E2D).face;
	uint16_t codes[5];
	int identity = 0;
	hb_blob_t *b = fn_subset(fs, face, cps, 5, codes, &identity);
	assert_non_null(b);
	assert_true(identity);
	hb_face_t *f = hb_face_create(b, 0);
	hb_font_t *font = hb_font_create(f);
	unsigned upem = hb_face_get_upem(f);
	hb_font_set_scale(font, (int)upem, (int)upem);
	unsigned nglyphs = hb_face_get_glyph_count(f);
	assert_true(nglyphs >= 5);
	assert_true(nglyphs < 20);
	for (unsigned i = 0; i < 5; i++) {
		hb_codepoint_t g = 0;
		assert_true(hb_font_get_nominal_glyph(font, codes[i], &g));
		assert_int_not_equal(g, 0);
		/* CID = code = glyph id, so the PDF can say /CIDToGIDMap /Identity. */
		assert_int_equal(g, codes[i]);
		for (unsigned k = 0; k < i; k++) assert_int_not_equal(codes[k], codes[i]);
		/* Same advance as the character in the original font. */
		double a = hb_font_get_glyph_h_advance(font, g) * 16.0 / upem;
		assert_float_equal(a, fn_advance(fs, face, cps[i], 16), 0.02);
	}
	/* The real code points are gone from the cmap: libharu sees one identity segment. */
	hb_codepoint_t g;
	assert_false(hb_font_get_nominal_glyph(font, 0x4E2D, &g));
	assert_false(hb_font_get_nominal_glyph(font, nglyphs, &g));
	hb_font_destroy(font);
	hb_face_destroy(f);
	hb_blob_destroy(b);
}

/* Two code points drawn by one glyph (a compatibility ideograph and its unified twin, or
 * the like) still get distinct codes, so ToUnicode tells them apart; the map is then no
 * longer the identity. */
static void test_subset_shared_glyph(void **state)
{
	(void)state;
	/* The first two BMP code points (outside the private-use block) sharing a glyph in
	 * any face of the set. */
	int face = -1;
	uint32_t pair[2] = { 0, 0 };
	for (int fi = 0; fi < fn_nfaces(fs) && !pair[1]; fi++) {
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
	uint32_t cps[] = { ' ', pair[0], pair[1] };
	uint16_t codes[3];
	int identity = 1;
	hb_blob_t *b = fn_subset(fs, face, cps, 3, codes, &identity);
	assert_non_null(b);
	assert_false(identity);
	assert_int_not_equal(codes[1], codes[2]);
	hb_face_t *f = hb_face_create(b, 0);
	hb_font_t *font = hb_font_create(f);
	hb_codepoint_t g1 = 0, g2 = 0;
	assert_true(hb_font_get_nominal_glyph(font, codes[1], &g1));
	assert_true(hb_font_get_nominal_glyph(font, codes[2], &g2));
	assert_int_equal(g1, g2);
	assert_int_equal(g1, codes[1]);
	assert_int_not_equal(g1, 0);
	hb_font_destroy(font);
	hb_face_destroy(f);
	hb_blob_destroy(b);
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
	assert_null(fn_open(dir, &err));
	assert_non_null(strstr(err, "第 4 行"));
	assert_non_null(strstr(err, "缺少“=”"));
	free(err);
	write_map(dir, "表格 = none.ttf | No Such Family\n");
	assert_null(fn_open(dir, &err));
	assert_non_null(strstr(err, "“表格”没有可用的字体"));
	free(err);
	/* A role the map names is replaced; the others keep the built-in chain. */
	write_map(dir, "正文 = LXGW WenKai\n");
	fn_set *s = fn_open(dir, &err);
	assert_non_null(s);
	int wk = fn_pick(s, FN_BODY, 0x4E2D).face;
	assert_non_null(strstr(fn_face_path(s, wk), "LXGWWenKai-Regular"));
	assert_non_null(strstr(fn_face_path(s, fn_pick(s, FN_H1, 0x4E2D).face), "wqy"));
	/* Only WenKai in the chain now: a character it lacks has no font. */
	assert_int_equal(fn_pick(s, FN_BODY, 0x3400).face, -1);
	fn_close(s);
	char *p = path_join(dir, "fonts.map");
	unlink(p);
	free(p);
	rmdir(dir);
}

int main(void)
{
	char *err = NULL;
	fs = fn_open(fn_default_dir(), &err);
	if (!fs) { fprintf(stderr, "%s\n", err); return 1; }
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_role_resolves),
		cmocka_unit_test(test_fallback_per_character),
		cmocka_unit_test(test_subset_gid_cmap),
		cmocka_unit_test(test_subset_shared_glyph),
		cmocka_unit_test(test_map_errors),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	fn_close(fs);
	return rc;
}
