/* test_read.c — encoding detection, CSV parsing with line numbers, header mapping, exact decimals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/dec.h"
#include "base/diag.h"
#include "base/util.h"
#include "read/csv.h"
#include "read/text.h"

static strbuf msgs;

static int setup(void **state) { (void)state; diag_reset(); msgs.len = 0; if (msgs.s) msgs.s[0] = 0; diag_capture(&msgs); return 0; }
static int teardown(void **state) { (void)state; diag_capture(NULL); return 0; }

/* A BOM means UTF-8 and is dropped. */
static void utf8_bom(void **state)
{
	(void)state;
	size_t n;
	text_encoding e;
	char *s = text_decode("f.csv", "\xEF\xBB\xBF名称", 9, &n, &e);
	assert_string_equal(s, "名称");
	assert_int_equal(e, ENC_UTF8_BOM);
	free(s);
}

/* Valid UTF-8 without BOM stays UTF-8. */
static void utf8_plain(void **state)
{
	(void)state;
	size_t n;
	text_encoding e;
	char *s = text_decode("f.csv", "单位,得分\n", 14, &n, &e);
	assert_string_equal(s, "单位,得分\n");
	assert_int_equal(e, ENC_UTF8);
	free(s);
}

/* 单位 in GB18030 (C5 F6 CE BB) is not UTF-8, so it is converted. */
static void gb18030(void **state)
{
	(void)state;
	size_t n;
	text_encoding e;
	char *s = text_decode("f.csv", "\xB5\xA5\xCE\xBB,1\r\n", 8, &n, &e);
	assert_non_null(s);
	assert_string_equal(s, "单位,1\r\n");
	assert_int_equal(e, ENC_GB18030);
	free(s);
}

/* A GB18030-only character outside GBK (U+20000 as 4 bytes 95 32 82 36) decodes: GBK alone would fail. */
static void gb18030_four_byte(void **state)
{
	(void)state;
	size_t n;
	text_encoding e;
	char *s = text_decode("f.csv", "\xB5\xA5\x95\x32\x82\x36", 6, &n, &e);
	assert_non_null(s);
	assert_string_equal(s, "单\xF0\xA0\x80\x80");
	free(s);
}

/* Neither encoding: the message names line, byte column and offset of the bad byte. */
static void neither_encoding(void **state)
{
	(void)state;
	size_t n;
	text_encoding e;
	assert_null(text_decode("d/x.csv", "a,b\nab\x80\xFF\n", 8, &n, &e));
	assert_non_null(strstr(msgs.s, "d/x.csv:2:3: 错误: "));
	assert_non_null(strstr(msgs.s, "第6字节"));
}

/* UTF-8 text with one broken byte points at that byte, not where GB18030 happens to fail. */
static void broken_utf8_points_at_byte(void **state)
{
	(void)state;
	size_t n;
	text_encoding e;
	assert_null(text_decode("x.csv", "单位,说明\n公安,好\xFF坏\n", 26, &n, &e));
	assert_non_null(strstr(msgs.s, "x.csv:2:11: 错误: "));
}

static void utf16_rejected(void **state)
{
	(void)state;
	size_t n;
	text_encoding e;
	assert_null(text_decode("x.csv", "\xFF\xFE" "a\0", 4, &n, &e));
	assert_non_null(strstr(msgs.s, "UTF-16"));
}

/* Quoted fields with commas, doubled quotes and newlines; each field knows its starting line. */
static void csv_quotes_and_lines(void **state)
{
	(void)state;
	csv_table t = {0};
	const char *s = "a,b,c\r\n1,\"x,y\",\"say \"\"hi\"\"\"\r\n2,\"line1\r\nline2\",z\r\n3,4,5";
	assert_int_equal(csv_parse_text("t.csv", s, strlen(s), &t), 0);
	assert_int_equal(t.nrows, 4);
	assert_string_equal(t.rows[1].cells[1].text, "x,y");
	assert_string_equal(t.rows[1].cells[2].text, "say \"hi\"");
	assert_string_equal(t.rows[2].cells[1].text, "line1\r\nline2");
	assert_int_equal(t.rows[2].cells[1].line, 3);
	assert_int_equal(t.rows[2].cells[2].line, 4);      /* after the embedded newline */
	assert_int_equal(t.rows[3].line, 5);
	assert_string_equal(t.rows[3].cells[2].text, "5");   /* no final newline */
	csv_free_table(&t);
}

/* Blank lines, Excel's empty trailing columns and ",,,," rows are skipped; line numbers stay physical. */
static void csv_excel_leftovers(void **state)
{
	(void)state;
	csv_table t = {0};
	const char *s = "a,b,,\n\n1,2,,\n,,,\n3,4,,\n\n\n";
	assert_int_equal(csv_parse_text("t.csv", s, strlen(s), &t), 0);
	assert_int_equal(t.nrows, 3);
	assert_int_equal(t.rows[1].line, 3);
	assert_int_equal(t.rows[2].line, 5);
	assert_string_equal(t.rows[2].cells[0].text, "3");
	csv_free_table(&t);
}

/* A quote left open is reported at the line where it opened, with its field number. */
static void csv_open_quote(void **state)
{
	(void)state;
	csv_table t = {0};
	const char *s = "a,b\n1,\"never\nclosed\n";
	assert_int_equal(csv_parse_text("t.csv", s, strlen(s), &t), -1);
	assert_non_null(strstr(msgs.s, "t.csv:2:2: 错误: 引号未闭合"));
	csv_free_table(&t);
}

/* Columns found by Chinese or English name in any order; unknown warns; missing required errs. */
static void header_mapping(void **state)
{
	(void)state;
	static const csv_column cols[] = { { "单位", "unit", true }, { "得分", "score", true }, { "备注", "note", false } };
	csv_table t = {0};
	const char *s = " Score ,extra,　单位　\n5,x,公安\n";
	csv_parse_text("t.csv", s, strlen(s), &t);
	int idx[3];
	assert_int_equal(csv_map_header(&t, cols, 3, idx), 0);
	assert_int_equal(idx[0], 2);
	assert_int_equal(idx[1], 0);
	assert_int_equal(idx[2], -1);
	assert_non_null(strstr(msgs.s, "t.csv:1:2: 警告: 未知的列“extra”"));
	assert_int_equal(diag_errors(), 0);
	csv_free_table(&t);

	s = "单位,备注\n公安,x\n";
	csv_parse_text("u.csv", s, strlen(s), &t);
	assert_int_equal(csv_map_header(&t, cols, 3, idx), -1);
	assert_non_null(strstr(msgs.s, "u.csv:1:1: 错误: 缺少必需的列“得分”"));
	csv_free_table(&t);

	s = "单位,unit,得分\n";
	csv_parse_text("v.csv", s, strlen(s), &t);
	assert_int_equal(csv_map_header(&t, cols, 3, idx), -1);
	assert_non_null(strstr(msgs.s, "v.csv:1:2: 错误: 列“单位”重复"));
	csv_free_table(&t);
}

/* Renders a table's rows as "line:cell|cell|…" lines, to compare two parses. */
static void table_text(const csv_table *t, strbuf *out)
{
	out->len = 0;
	for (size_t r = 0; r < t->nrows; r++) {
		sb_printf(out, "%d:", t->rows[r].line);
		for (int c = 0; c < t->rows[r].ncells; c++)
			sb_printf(out, "%s%d[%s]", c ? "|" : "", t->rows[r].cells[c].line, t->rows[r].cells[c].text);
		sb_puts(out, "\n");
	}
}

/* Lines without a quote are split by csv.c itself: on 20,000 random texts of commas, blanks,
 * quotes, CR, LF, Chinese and ASCII, every row, cell, cell line and error is what libcsv
 * alone gives; and the split is taken (csv_table.split_lines), or the test would compare
 * libcsv with itself. */
static void csv_split_matches_libcsv(void **state)
{
	(void)state;
	static const char *const bits[] = { "a", "bc", " ", "\t", ",", ",", "\"", "\"\"", "\r", "\n", "\r\n",
	                                    "公安", "　", "x y", "\n\n" };
	enum { NB = sizeof bits / sizeof *bits };
	unsigned seed = 12345;
	size_t split = 0;
	strbuf in = {0}, fast = {0}, slow = {0}, m1 = {0};
	for (int k = 0; k < 20000; k++) {
		in.len = 0;
		if (in.s) in.s[0] = 0;
		int len = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 24;
		for (int i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			sb_puts(&in, bits[(seed >> 16) % NB]);
		}
		const char *text = in.s ? in.s : "";
		csv_table a = {0}, b = {0};
		diag_reset();
		msgs.len = 0;
		if (msgs.s) msgs.s[0] = 0;
		csv_fast_lines(true);
		int ra = csv_parse_text("t.csv", text, in.len, &a);
		m1.len = 0;
		sb_puts(&m1, msgs.s ? msgs.s : "");
		msgs.len = 0;
		if (msgs.s) msgs.s[0] = 0;
		csv_fast_lines(false);
		int rb = csv_parse_text("t.csv", text, in.len, &b);
		csv_fast_lines(true);
		assert_int_equal(ra, rb);
		assert_string_equal(m1.s ? m1.s : "", msgs.s ? msgs.s : "");
		table_text(&a, &fast);
		table_text(&b, &slow);
		if (strcmp(fast.s ? fast.s : "", slow.s ? slow.s : "")) fail_msg("input [%s]:\n%s\nvs libcsv\n%s", text, fast.s, slow.s);
		assert_int_equal(b.split_lines, 0);
		split += a.split_lines;
		csv_free_table(&a);
		csv_free_table(&b);
	}
	assert_true(split > 10000);
	csv_table t = {0};
	assert_int_equal(csv_parse_text("t.csv", "a,b\n\"c\",d\n", 10, &t), 0);
	assert_int_equal(t.split_lines, 1);
	assert_int_equal(t.nrows, 2);
	csv_free_table(&t);
	free(in.s);
	free(fast.s);
	free(slow.s);
	free(m1.s);
}

/* The inline decoder gives the full decoder's answers: ASCII, Chinese, four-byte, the edges
 * of the three-byte forms it takes (U+0800, either side of the surrogates, U+FFFF), the bad
 * forms it must leave to it (overlong, surrogate, cut short), and a character cut by the end
 * of the text with its bytes still in memory after it. */
static void utf8_inline(void **state)
{
	(void)state;
	static const char *const cases[] = { "a", "公", "\xF0\x9F\x98\x80", "\xE0\x80\x80", "\xED\xA0\x80",
	                                     "\xE5\xAE", "\xC2\xA0", "\x80", "\xEF\xBF\xBF", "\xE0\xA0\x80",
	                                     "\xED\x9F\xBF", "\xED\xBF\xBF", "\xEE\x80\x80", "\xE0\x9F\xBF" };
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		for (size_t cut = 0; cut <= 1; cut++) {
			size_t len = strlen(cases[i]);
			if (cut > len) continue;
			const char *p = cases[i], *q = cases[i], *end = p + len - cut;
			while (p < end || q < end) {
				int32_t a = utf8_next(&p, end), b = utf8_decode(&q, end);
				assert_int_equal(a, b);
				assert_ptr_equal(p, q);
			}
		}
	const char *p = "\xE5\xAE\xAE", *end = p + 2;
	assert_int_equal(utf8_next(&p, end), -1);       /* not 0x5BAE: the third byte is past end */
	assert_int_equal(utf8_next(&p, end), -1);
	assert_ptr_equal(p, end);
	p = "\xE0\xA0\x80";
	assert_int_equal(utf8_next(&p, p + 3), 0x800);
	p = "\xEF\xBF\xBF";
	assert_int_equal(utf8_next(&p, p + 3), 0xFFFF);
}

/* Names are compared after trimming half-width, full-width and no-break spaces. */
static void trimming(void **state)
{
	(void)state;
	char *s = trim_spaces(" \t　公 安\xC2\xA0　 ");
	assert_string_equal(s, "公 安");
	free(s);
}

/* Exact decimals: parsing limits, half-up rounding, formatting. */
static void decimals(void **state)
{
	(void)state;
	dec v;
	assert_int_equal(dec_parse("92.35", 2, false, &v), DEC_OK);
	assert_int_equal(v, 923500);
	assert_int_equal(dec_parse("0.50", 1, false, &v), DEC_OK);      /* trailing zero is fine */
	assert_int_equal(dec_parse("0.15", 1, false, &v), DEC_TOO_PRECISE);
	assert_int_equal(dec_parse("40%", 4, true, &v), DEC_OK);
	assert_int_equal(v, 4000);
	assert_int_equal(dec_parse("1.2.3", 2, false, &v), DEC_MALFORMED);
	assert_int_equal(dec_parse("", 2, false, &v), DEC_MALFORMED);
	assert_int_equal(dec_parse("-0.5", 2, false, &v), DEC_OK);
	assert_int_equal(v, -5000);
	/* 1197 × 70% ÷ 12 = 69.825 exactly: half up gives 69.83 (a double gives 69.82499…). */
	assert_int_equal(dec_round_cents(DEC(1197) * 7000, 12 * DEC_ONE), 698300);
	assert_int_equal(dec_round_cents(6982499, 100), 69800);
	char b[48];
	assert_string_equal(dec_fmt(698300, 2, b), "69.83");
	assert_string_equal(dec_fmt(-1000, 2, b), "-0.10");
	assert_string_equal(dec_fmt_short(1000, b), "0.1");
	assert_string_equal(dec_fmt_pct(8500, b), "85%");
	assert_string_equal(dec_fmt_ratio(204000, 22, 6, b), "0.927272…");
	assert_string_equal(dec_fmt_ratio(9000, 1, 6, b), "0.9");
	assert_string_equal(dec_fmt_ratio(-5000, 1, 6, b), "-0.5");          /* a negative 85% line */
	assert_string_equal(dec_fmt_ratio(-340000, 1, 6, b), "-34");
}

/* sb_printf appends in place: into an empty buffer, within its room, and past it. */
static void string_buffer(void **state)
{
	(void)state;
	strbuf b = { 0 };
	sb_printf(&b, "%d 0 obj", 12);
	assert_string_equal(b.s, "12 0 obj");
	sb_printf(&b, "%s", "");
	assert_int_equal(b.len, 8);
	char big[300];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = 0;
	sb_printf(&b, "<%s>%.2f", big, 0.5);
	assert_int_equal(b.len, 8 + 1 + 299 + 1 + 4);
	assert_int_equal(b.s[b.len], 0);
	assert_memory_equal(b.s + b.len - 6, "x>0.50", 6);
	for (int i = 0; i < 100; i++) sb_printf(&b, "%c", 'a' + i % 26);
	assert_int_equal(b.len, 313 + 100);
	assert_int_equal(b.s[313], 'a');
	assert_int_equal(b.s[b.len - 1], 'a' + 99 % 26);
	free(sb_take(&b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(utf8_bom, setup, teardown),
		cmocka_unit_test_setup_teardown(utf8_plain, setup, teardown),
		cmocka_unit_test_setup_teardown(gb18030, setup, teardown),
		cmocka_unit_test_setup_teardown(gb18030_four_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(neither_encoding, setup, teardown),
		cmocka_unit_test_setup_teardown(broken_utf8_points_at_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(utf16_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(csv_quotes_and_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(csv_excel_leftovers, setup, teardown),
		cmocka_unit_test_setup_teardown(csv_open_quote, setup, teardown),
		cmocka_unit_test_setup_teardown(csv_split_matches_libcsv, setup, teardown),
		cmocka_unit_test(utf8_inline),
		cmocka_unit_test_setup_teardown(header_mapping, setup, teardown),
		cmocka_unit_test_setup_teardown(trimming, setup, teardown),
		cmocka_unit_test_setup_teardown(decimals, setup, teardown),
		cmocka_unit_test(string_buffer),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(msgs.s);
	return rc;
}
