/* test_typeset_demo.c — builds the demo documents with the layout API (a full 公文 from
 * tests/typeset/demo.txt, a full grid page, 37 scorecards, a size probe) and writes them to
 * $TYPESET_OUT (default build/typeset) for tests/e2e/typeset_*.sh to inspect. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "base/util.h"
#include "font/font.h"
#include "layout/layout.h"

static fn_set *fs;

/* The output folder for the rendered PDFs. */
static const char *outdir(void)
{
	const char *e = getenv("TYPESET_OUT");
	return e && *e ? e : "build/typeset";
}

/* Splits s at sep into at most max fields (in place). */
static size_t split(char *s, char sep, char **f, size_t max)
{
	size_t n = 0;
	f[n++] = s;
	for (char *p = s; *p && n < max; p++)
		if (*p == sep) { *p = 0; f[n++] = p + 1; }
	return n;
}

/* Adds tests/typeset/<name> (a CSV without quotes) as a table with one header row. */
static void add_csv_table(ly_doc *d, const char *name)
{
	char *path = xasprintf("tests/typeset/%s", name);
	size_t len;
	char *text = read_file(path, &len);
	assert_non_null(text);
	const char **cells = NULL;
	size_t ncells = 0, cap = 0, rows = 0, cols = 0;
	char *save_ptr;
	for (char *line = strtok_r(text, "\n", &save_ptr); line; line = strtok_r(NULL, "\n", &save_ptr)) {
		char *f[32];
		size_t n = split(line, ',', f, 32);
		if (!cols) cols = n;
		for (size_t i = 0; i < cols; i++) {
			GROW(cells, ncells, cap);
			cells[ncells++] = i < n ? f[i] : "";
		}
		rows++;
	}
	ly_table t = { .nrows = rows, .ncols = cols, .header_rows = 1, .cells = cells,
	               .size = LY_SIZE_5, .where = name };
	ly_table_add(d, &t);
	free(cells);
	free(text);
	free(path);
}

/* Builds the demo 公文 from tests/typeset/demo.txt. */
static ly_doc *build_demo(void)
{
	ly_style st = ly_style_gongwen();
	ly_doc *d = ly_new(fs, &st);
	size_t len;
	char *text = read_file("tests/typeset/demo.txt", &len);
	assert_non_null(text);
	const char *notes[8];
	size_t nnotes = 0;
	char *signer = NULL, *mark = NULL, *save_ptr;
	for (char *line = strtok_r(text, "\n", &save_ptr); line; line = strtok_r(NULL, "\n", &save_ptr)) {
		if (line[0] == '#') continue;
		char *f[10];
		size_t n = split(line, '|', f, 10);
		if (n < 2) continue;
		const char *k = f[0];
		if (!strcmp(k, "标志")) mark = f[1];
		else if (!strcmp(k, "字号")) ly_gw_header(d, mark, f[1]);
		else if (!strcmp(k, "标题")) ly_gw_title(d, f[1]);
		else if (!strcmp(k, "主送")) ly_gw_addressee(d, f[1]);
		else if (!strcmp(k, "段")) ly_body(d, f[1]);
		else if (!strcmp(k, "一级")) ly_heading(d, 1, f[1]);
		else if (!strcmp(k, "二级")) ly_heading(d, 2, f[1]);
		else if (!strcmp(k, "三级")) ly_heading(d, 3, f[1]);
		else if (!strcmp(k, "四级")) ly_heading(d, 4, f[1]);
		else if (!strcmp(k, "表")) add_csv_table(d, f[1]);
		else if (!strcmp(k, "附件说明")) {
			for (size_t i = 1; i < n && nnotes < 8; i++) notes[nnotes++] = f[i];
			ly_gw_attach_note(d, notes, nnotes);
		} else if (!strcmp(k, "署名")) signer = f[1];
		else if (!strcmp(k, "日期") && n >= 4) ly_gw_signature(d, signer, atoi(f[1]), atoi(f[2]), atoi(f[3]));
		else if (!strcmp(k, "附件") && n >= 3) {
			/* 附件1 holds the wide ranking table: its pages are turned (横排). */
			ly_style next = n >= 4 && !strcmp(f[3], "横排") ? ly_style_gongwen_landscape() : ly_style_gongwen();
			ly_next_style(d, &next);
			ly_gw_attachment(d, atoi(f[1]), f[2]);
		}
		else if (!strcmp(k, "抄送")) signer = f[1];
		else if (!strcmp(k, "印发") && n >= 5) ly_gw_colophon(d, signer, f[1], atoi(f[2]), atoi(f[3]), atoi(f[4]));
	}
	free(text);
	return d;
}

/* Saves d to outdir()/name, failing the test on error. */
static void save(ly_doc *d, const char *name)
{
	mkdir_p(outdir());
	char *path = path_join(outdir(), name), *err = NULL;
	pd_meta meta = { .title = name, .year = 2023, .month = 1, .day = 5 };
	int rc = ly_save(d, path, &meta, &err);
	if (rc) fprintf(stderr, "%s\n", err);
	assert_int_equal(rc, 0);
	free(path);
}

/* About 500 common Hanzi, no punctuation: filler for the grid page and the size probe. */
static const char common[] =
	"的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严";

/* The n-th character of `common` (UTF-8, 3 bytes each), cycling. */
static void common_char(char *buf, size_t i)
{
	size_t n = (sizeof common - 1) / 3;
	memcpy(buf, common + (i % n) * 3, 3);
	buf[3] = 0;
}

static void test_demo(void **state)
{
	(void)state;
	ly_doc *d = build_demo();
	assert_null(ly_error(d));
	save(d, "demo.pdf");
	assert_true(ly_page_count(d) >= 5);
	ly_free(d);
}

/* Page 1: 22 full lines of 28 characters (the grid check); page 2: text whose
 * punctuation, ——, …… and numbers fall near line ends (the 禁则 check). */
static void test_grid(void **state)
{
	(void)state;
	ly_style st = ly_style_gongwen();
	ly_doc *d = ly_new(fs, &st);
	strbuf b = {0}, expect = {0};
	for (size_t i = 0; i < 22 * 28; i++) {
		char c[4];
		common_char(c, i * 7);
		sb_puts(&b, c);
		sb_puts(&expect, c);
		if (i % 28 == 27) sb_puts(&expect, "\n");
	}
	ly_pstyle ps = { .indent = 0, .where = "网格页" };
	ly_span sp = { FN_BODY, b.s };
	ly_para(d, &ps, &sp, 1);
	assert_int_equal(ly_page_count(d), 1);
	for (int k = 18; k < 40; k++) {
		strbuf p = {0};
		for (int i = 0; i < k; i++) {
			char c[4];
			common_char(c, (size_t)(i * 13 + k));
			sb_puts(&p, c);
		}
		sb_puts(&p, k % 3 == 0 ? "，“政务服务”——窗口（单位）得分92.35分……" :
		            k % 3 == 1 ? "。《考绩办法》规定：好评率99.12%；" : "、【通报】〔2023〕5号！？");
		ly_body(d, p.s);
		free(p.s);
	}
	assert_null(ly_error(d));
	save(d, "grid.pdf");
	char *path = path_join(outdir(), "grid.txt");
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(expect.s, fp);
	fclose(fp);
	free(path);
	free(b.s);
	free(expect.s);
	ly_free(d);
}

/* Adds one scorecard page (not a 公文: no grid, no page number). */
static void scorecard(ly_doc *d, const ly_style *st, char **f, int rank)
{
	ly_new_page(d, st, 1);
	ly_line(d, FN_TITLE, LY_SIZE_S2, LY_CENTER, "2022年度政务服务窗口单位考绩单");
	ly_rule(d, 1.0, PD_RED);
	/* A free-placed label at the right of the rule: the card's serial number. */
	char serial[32];
	snprintf(serial, sizeof serial, "编号：2022-%02d", rank);
	double sw = ly_measure(d, FN_BODY, LY_SIZE_5, serial);
	assert_true(sw > 0);
	ly_text_at(d, FN_BODY, LY_SIZE_5, PD_BLACK, serial, mm2pt(190) - sw, ly_cursor(d), LY_LEFT, sw);
	ly_set_cursor(d, ly_cursor(d) + LY_SIZE_5 * 1.5);
	char *kv = xasprintf("单位：%s", f[1]);
	ly_line(d, FN_BODY, LY_SIZE_4, LY_LEFT, kv);
	free(kv);
	kv = xasprintf("总分：%s　　排名：%d / 37　　等次：%s", f[9], rank, f[10]);
	ly_line(d, FN_BODY, LY_SIZE_4, LY_LEFT, kv);
	free(kv);
	const char *cells[13 * 5];
	char buf[13][5][16];
	cells[0] = "月份"; cells[1] = "办件量（件）"; cells[2] = "好评率（%）"; cells[3] = "按时办结率（%）"; cells[4] = "月度得分";
	double scores[12];
	for (int m = 0; m < 12; m++) {
		scores[m] = 85 + (double)((rank * 7 + m * 5) % 13) + (m % 4) * 0.25;
		snprintf(buf[m][0], 16, "%d月", m + 1);
		snprintf(buf[m][1], 16, "%d", 400 + (rank * 37 + m * 91) % 700);
		snprintf(buf[m][2], 16, "%.2f", 95 + ((rank + m) % 50) / 10.0);
		snprintf(buf[m][3], 16, "%.2f", 96 + ((rank * 3 + m) % 40) / 10.0);
		snprintf(buf[m][4], 16, "%.2f", scores[m]);
		cells[5 * (m + 1) + 0] = buf[m][0];
		cells[5 * (m + 1) + 1] = buf[m][1];
		cells[5 * (m + 1) + 2] = buf[m][2];
		cells[5 * (m + 1) + 3] = buf[m][3];
		cells[5 * (m + 1) + 4] = buf[m][4];
	}
	ly_table t = { .nrows = 13, .ncols = 5, .header_rows = 1, .cells = cells, .size = LY_SIZE_5, .where = "月度明细表" };
	ly_table_add(d, &t);
	const char *comp[] = { "考绩项目", "满分", "得分",
		"办件量", "10", f[2][0] ? "8.50" : "0",
		"好评率", "20", "19.45",
		"按时办结率", "20", "19.62",
		"群众满意度", "30", "28.10",
		"窗口规范", "10", f[6],
		"创新加分 / 扣分", "+2 / −", f[7] };
	ly_table t2 = { .nrows = 7, .ncols = 3, .header_rows = 1, .cells = comp, .size = LY_SIZE_5, .where = "得分构成表" };
	ly_table_add(d, &t2);
	const char *months[12] = { "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月" };
	ly_chart ch = { .n = 12, .values = scores, .labels = months, .height_mm = 40, .line = 1, .show_values = 1, .where = "月度得分图" };
	ly_chart_add(d, &ch);
	ly_pstyle ps = { .size = LY_SIZE_5, .indent = 2, .where = "考绩单说明" };
	ly_span sp = { FN_BODY, "说明：月度得分为当月各考核项目得分之和；年度总分按《考绩办法》第十条折算。如对考绩结果有异议，请于收到本单之日起5个工作日内向区政务服务中心提出书面复核申请。" };
	ly_para(d, &ps, &sp, 1);
}

/* All 37 scorecards in one PDF, one page each. */
static void test_scorecards(void **state)
{
	(void)state;
	ly_style st = ly_style_plain(20, LY_PGNUM_NONE);
	ly_doc *d = ly_new(fs, &st);
	size_t len;
	char *text = read_file("tests/typeset/ranking.csv", &len);
	assert_non_null(text);
	char *save_ptr;
	int rank = 0;
	for (char *line = strtok_r(text, "\n", &save_ptr); line; line = strtok_r(NULL, "\n", &save_ptr)) {
		if (rank++ == 0) continue;
		char *f[16];
		assert_int_equal(split(line, ',', f, 16), 12);
		scorecard(d, &st, f, rank - 1);
	}
	assert_null(ly_error(d));
	assert_int_equal(ly_page_count(d), 37);
	save(d, "cards.pdf");
	free(text);
	ly_free(d);
}

/* 月度通报: paragraphs, a 33-bar chart with labels, a long table across pages. */
static void test_monthly(void **state)
{
	(void)state;
	ly_style st = ly_style_gongwen();
	ly_doc *d = ly_new(fs, &st);
	ly_gw_title(d, "2023年1月全区政务服务窗口单位考核情况通报");
	ly_gw_addressee(d, "各窗口单位：");
	ly_body(d, "现将2023年1月全区33个窗口单位考核情况通报如下，月度平均得分91.27分。");
	double v[33];
	const char *labels[33];
	char names[33][64];
	for (int i = 0; i < 33; i++) {
		v[i] = 80 + (i * 37 % 19) + (i % 3) * 0.5;
		char c1[4], c2[4];
		common_char(c1, (size_t)i * 11);
		common_char(c2, (size_t)i * 11 + 5);
		snprintf(names[i], sizeof names[i], "%s%s局", c1, c2);
		labels[i] = names[i];
	}
	ly_chart ch = { .n = 33, .values = v, .labels = labels, .height_mm = 55, .show_values = 1, .where = "月度得分柱状图" };
	ly_chart_add(d, &ch);
	const char *cells[34 * 3];
	char buf[33][2][16];
	cells[0] = "序号"; cells[1] = "单位"; cells[2] = "得分";
	for (int i = 0; i < 33; i++) {
		snprintf(buf[i][0], 16, "%d", i + 1);
		snprintf(buf[i][1], 16, "%.2f", v[i]);
		cells[3 * (i + 1)] = buf[i][0];
		cells[3 * (i + 1) + 1] = names[i];
		cells[3 * (i + 1) + 2] = buf[i][1];
	}
	ly_table t = { .nrows = 34, .ncols = 3, .header_rows = 1, .cells = cells, .size = LY_SIZE_4, .where = "月度得分表" };
	ly_table_add(d, &t);
	assert_null(ly_error(d));
	assert_true(ly_page_count(d) >= 2);
	save(d, "monthly.pdf");
	ly_free(d);
}

/* The size target's document: one page, a title (标题), a 楷体 heading, a 30-row table
 * (黑体 header, 表格 cells); about 300 distinct characters in all, in 3 font files. */
static ly_doc *size_probe(void)
{
	ly_style st = ly_style_gongwen();
	ly_doc *d = ly_new(fs, &st);
	ly_gw_title(d, "2022年度窗口单位考绩结果一览表");
	ly_heading(d, 2, "（一）按总分从高到低排列");
	const char *cells[31 * 4];
	static char buf[30][4][32];
	cells[0] = "序号"; cells[1] = "单位名称"; cells[2] = "主要事项"; cells[3] = "总分";
	size_t k = 40;
	for (int r = 0; r < 30; r++) {
		snprintf(buf[r][0], 32, "%d", r + 1);
		buf[r][1][0] = buf[r][2][0] = 0;
		for (int i = 0; i < 4; i++) { char c[4]; common_char(c, k++); strcat(buf[r][1], c); }
		for (int i = 0; i < 5; i++) { char c[4]; common_char(c, k++); strcat(buf[r][2], c); }
		snprintf(buf[r][3], 32, "%.2f", 80 + r * 0.61);
		for (int c = 0; c < 4; c++) cells[4 * (r + 1) + c] = buf[r][c];
	}
	ly_table t = { .nrows = 31, .ncols = 4, .header_rows = 1, .cells = cells, .size = LY_SIZE_5, .where = "一览表" };
	ly_table_add(d, &t);
	return d;
}

static void test_size(void **state)
{
	(void)state;
	ly_doc *d = size_probe();
	assert_null(ly_error(d));
	assert_int_equal(ly_page_count(d), 1);
	save(d, "size.pdf");
	unsigned char *buf;
	size_t len;
	char *err = NULL;
	assert_int_equal(pd_save_mem(ly_pdf(d), NULL, &buf, &len, &err), 0);
	fprintf(stderr, "size probe: %zu bytes\n", len);
	assert_true(len <= 80 * 1024);
	free(buf);
	ly_free(d);
}

/* Renders a document to memory. */
static unsigned char *render(ly_doc *d, size_t *len)
{
	unsigned char *buf;
	char *err = NULL;
	pd_meta meta = { .title = "demo", .year = 2023, .month = 1, .day = 5 };
	if (pd_save_mem(ly_pdf(d), &meta, &buf, len, &err)) { fprintf(stderr, "%s\n", err); free(err); return NULL; }
	return buf;
}

static void test_deterministic(void **state)
{
	(void)state;
	size_t l1, l2;
	ly_doc *a = build_demo(), *b = build_demo();
	unsigned char *x = render(a, &l1), *y = render(b, &l2);
	assert_non_null(x);
	assert_non_null(y);
	assert_int_equal(l1, l2);
	assert_memory_equal(x, y, l1);
	/* A save lets go of the pages it wrote; a third list renders the same (no state leaks
	 * between saves: codes, subsets and their cache). */
	assert_int_equal(pd_npages(ly_pdf(a)), 0);
	ly_doc *c = build_demo();
	unsigned char *z = render(c, &l2);
	ly_free(c);
	assert_int_equal(l1, l2);
	assert_memory_equal(x, z, l1);
	free(x); free(y); free(z);
	ly_free(a);
	ly_free(b);
}

/* Errors name the character, its code point and where it occurs — never a blank. */
static void test_missing_glyph(void **state)
{
	(void)state;
	ly_style st = ly_style_gongwen();
	char *err = NULL;
	ly_doc *d = ly_new(fs, &st);
	ly_body(d, "正常文字");
	ly_body(d, "藏文字符ཀ不在任何字体中");
	ly_body(d, "后面的段落不再排版");
	assert_non_null(ly_error(d));
	assert_int_equal(ly_save(d, "/nonexistent/never-written.pdf", NULL, &err), EXIT_DATAERR);
	assert_non_null(strstr(err, "U+0F40"));
	assert_non_null(strstr(err, "ཀ"));
	assert_non_null(strstr(err, "正文"));
	assert_non_null(strstr(err, "藏文字符"));
	free(err);
	ly_free(d);

	d = ly_new(fs, &st);
	ly_gw_title(d, "生僻字𠀀测试");
	assert_non_null(ly_error(d));
	assert_non_null(strstr(ly_error(d), "U+20000"));
	assert_non_null(strstr(ly_error(d), "基本多文种平面"));
	assert_non_null(strstr(ly_error(d), "公文标题"));
	ly_free(d);

	d = ly_new(fs, &st);
	const char *cells[] = { "单位", "得分", "某某😀局", "90" };
	ly_table t = { .nrows = 2, .ncols = 2, .header_rows = 1, .cells = cells, .where = "排名表" };
	ly_table_add(d, &t);
	assert_non_null(ly_error(d));
	assert_non_null(strstr(ly_error(d), "U+1F600"));
	assert_non_null(strstr(ly_error(d), "排名表第2行第1列"));
	ly_free(d);
}

int main(void)
{
	char *err = NULL;
	fs = fn_open(&err);
	if (!fs) { fprintf(stderr, "%s\n", err); return 1; }
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo),
		cmocka_unit_test(test_grid),
		cmocka_unit_test(test_scorecards),
		cmocka_unit_test(test_monthly),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_missing_glyph),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	fn_close(fs);
	return rc;
}
