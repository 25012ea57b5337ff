/* test_template.c — template expansion (placeholders, loops, conditionals), blocks, error places. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/diag.h"
#include "base/util.h"
#include "doc/template.h"

static strbuf msgs;

static int setup(void **state) { (void)state; diag_reset(); msgs.len = 0; if (msgs.s) msgs.s[0] = 0; diag_capture(&msgs); return 0; }
static int teardown(void **state) { (void)state; diag_capture(NULL); return 0; }

/* A context: 年度 2022, 先进 [统战, 发改], 良好 [], 人数 "0". */
static tpl_ctx *sample(void)
{
	tpl_ctx *c = tpl_new();
	tpl_set(c, "年度", "2022");
	tpl_set(c, "人数", "0");
	tpl_set(tpl_push(c, "先进"), "名称", "统战");
	tpl_set(tpl_push(c, "先进"), "名称", "发改");
	tpl_list(c, "良好");
	return c;
}

static void placeholders_and_loops(void **state)
{
	(void)state;
	tpl_ctx *c = sample();
	tpl_doc d;
	const char *src =
		"@标题 {{年度}}年度考绩结果通报\n"
		"先进窗口：{{#each 先进 \"、\"}}{{名称}}{{/each}}。\n"
		"{{#if 良好}}\n有良好。\n{{else}}\n没有良好窗口。\n{{/if}}\n"
		"\n"
		"# 一、名单\n"
		"{{#each 先进}}\n{{@序号}}. {{名称}}{{#unless @最后}}；{{/unless}}\n\n{{/each}}\n"
		"{{! 注释不输出 }}@署名 中心 | 2023-01-16\n";
	assert_int_equal(tpl_render("t.tpl", src, c, &d), 0);
	assert_int_equal(d.n, 6);
	assert_int_equal(d.blocks[0].kind, TB_DIRECTIVE);
	assert_string_equal(d.blocks[0].name, "标题");
	assert_string_equal(d.blocks[0].args[0], "2022年度考绩结果通报");
	assert_int_equal(d.blocks[1].kind, TB_PARA);
	assert_string_equal(d.blocks[1].args[0], "先进窗口：统战、发改。没有良好窗口。");
	assert_int_equal(d.blocks[1].line, 2);
	assert_int_equal(d.blocks[2].kind, TB_HEADING);
	assert_int_equal(d.blocks[2].level, 1);
	assert_string_equal(d.blocks[2].args[0], "一、名单");
	assert_int_equal(d.blocks[2].line, 9);
	assert_string_equal(d.blocks[3].args[0], "1. 统战；");
	assert_string_equal(d.blocks[4].args[0], "2. 发改");
	assert_int_equal(d.blocks[4].line, 11);
	assert_string_equal(d.blocks[5].name, "署名");
	assert_int_equal(d.blocks[5].nargs, 2);
	assert_string_equal(d.blocks[5].args[1], "2023-01-16");
	assert_int_equal(d.blocks[5].line, 14);
	tpl_doc_free(&d);
	tpl_free(c);
}

/* "0" and empty lists are false. */
static void conditionals(void **state)
{
	(void)state;
	tpl_ctx *c = sample();
	tpl_doc d;
	assert_int_equal(tpl_render("t.tpl", "{{#if 人数}}有{{else}}无{{/if}}{{#unless 良好}}空{{/unless}}", c, &d), 0);
	assert_string_equal(d.blocks[0].args[0], "无空");
	tpl_doc_free(&d);
	tpl_free(c);
}

/* Errors name the template file, line and column. */
static void errors(void **state)
{
	(void)state;
	tpl_ctx *c = sample();
	tpl_doc d;
	assert_int_equal(tpl_render("x.tpl", "第一行\n  {{年份}}\n", c, &d), -1);
	assert_non_null(strstr(msgs.s, "x.tpl:2:3: 错误: 模板中的名称“年份”没有定义"));
	tpl_doc_free(&d);
	assert_int_equal(tpl_render("y.tpl", "a\n{{#each 先进}}\n{{名称}}\n", c, &d), -1);
	assert_non_null(strstr(msgs.s, "y.tpl:2:1: 错误: {{#each 先进}} 没有对应的 {{/each}}"));
	tpl_doc_free(&d);
	assert_int_equal(tpl_render("z.tpl", "{{#for 先进}}{{/for}}\n{{年度\n", c, &d), -1);
	assert_non_null(strstr(msgs.s, "z.tpl:1:1: 错误: 不认识的块“{{#for}}”"));
	assert_non_null(strstr(msgs.s, "z.tpl:2:1: 错误: “{{”没有对应的“}}”"));
	tpl_doc_free(&d);
	assert_int_equal(tpl_render("w.tpl", "{{先进}}", c, &d), -1);
	assert_non_null(strstr(msgs.s, "w.tpl:1:1: 错误: “先进”是列表"));
	tpl_doc_free(&d);
	tpl_free(c);
}

/* Work is bounded even where nothing is printed (fuzzing found 4 KB that took 54 s): 30
 * nested loops over two items with an empty body stop at the step limit, and a mistake
 * repeated by 20 nested loops stops after 100 reports, not 2^20. */
static void work_bounded(void **state)
{
	(void)state;
	tpl_ctx *c = sample();
	strbuf t = {0};
	for (int i = 0; i < 30; i++) sb_puts(&t, "{{#each 先进}}");
	for (int i = 0; i < 30; i++) sb_puts(&t, "{{/each}}");
	tpl_doc d;
	assert_int_equal(tpl_render("deep.tpl", t.s, c, &d), -1);
	assert_non_null(strstr(msgs.s, "deep.tpl:1:1: 错误: 模板展开的步数超过"));
	tpl_doc_free(&d);
	t.len = 0;
	for (int i = 0; i < 20; i++) sb_puts(&t, "{{#each 先进}}");
	sb_puts(&t, "{{无此名称}}");
	for (int i = 0; i < 20; i++) sb_puts(&t, "{{/each}}");
	diag_reset();
	assert_int_equal(tpl_render("loop.tpl", t.s, c, &d), -1);
	assert_true(diag_errors() <= 100);
	tpl_doc_free(&d);
	free(t.s);
	tpl_free(c);
}

/* A missing setting expands to its blank, whole, even at the ends of a directive's argument
 * or of a line (where trimming would eat blank space), names itself once in d.missing, and
 * is false for {{#if}}: the document that printed it is a draft. */
static void missing_settings(void **state)
{
	(void)state;
	tpl_ctx *c = sample();
	tpl_set_missing(c, "主送", "　　　　", "recipients");
	tpl_set_missing(c, "成文日期", "    年  月  日", "issue_date");
	tpl_doc d;
	const char *src =
		"@主送 {{主送}}：\n"
		"{{#if 主送}}有主送{{else}}无主送{{/if}}\n"
		"@署名 中心 | {{成文日期}}\n"
		"{{主送}}\n";
	assert_int_equal(tpl_render("t.tpl", src, c, &d), 0);
	assert_int_equal(d.n, 4);
	assert_string_equal(d.blocks[0].args[0], "　　　　：");
	assert_string_equal(d.blocks[1].args[0], "无主送");
	assert_string_equal(d.blocks[2].args[1], "    年  月  日");
	assert_string_equal(d.blocks[3].args[0], "　　　　");
	assert_int_equal(d.nmissing, 2);
	assert_string_equal(d.missing[0], "recipients");
	assert_string_equal(d.missing[1], "issue_date");
	tpl_doc_free(&d);
	/* A template that never prints the blank is no draft. */
	assert_int_equal(tpl_render("t.tpl", "{{#if 主送}}{{主送}}{{/if}}正文\n", c, &d), 0);
	assert_int_equal(d.nmissing, 0);
	assert_string_equal(d.blocks[0].args[0], "正文");
	tpl_doc_free(&d);
	tpl_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(placeholders_and_loops, setup, teardown),
		cmocka_unit_test_setup_teardown(conditionals, setup, teardown),
		cmocka_unit_test_setup_teardown(errors, setup, teardown),
		cmocka_unit_test_setup_teardown(work_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(missing_settings, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(msgs.s);
	return rc;
}
