/* test_validate.c — each rule of SPEC §5/§7 that rejects data, with the exact place it names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fixture.h"

/* Loads the fixture and expects a data error whose message starts with `where` and contains `what`. */
static void expect_error(fixture *f, const char *where, const char *what)
{
	model m;
	char place[256];
	snprintf(place, sizeof place, "%s/%s: 错误: ", f->dir, where);
	assert_int_equal(fx_load(f, &m, NULL, 0), EXIT_DATAERR);
	if (!fx_said(f, place) || !fx_said(f, what))
		fail_msg("want “%s … %s”, got:\n%s", place, what, f->msgs.s ? f->msgs.s : "");
	model_free(&m);
}

/* The base fixture itself is valid (so every error below comes from its one change). */
static void base_is_valid(void **state)
{
	(void)state;
	fixture f;
	model m;
	fx_init(&f);
	fx_year(&f, 3, 1, 2);
	assert_int_equal(fx_load(&f, &m, NULL, 0), EXIT_OK);
	assert_int_equal(m.nunits, 6);
	assert_true(m.builtin_catalog);
	assert_int_equal(m.nitems, 63);   /* samples/2022/items.csv */
	model_free(&m);
	fx_done(&f);
}

static void unknown_unit_suggests(void **state)
{
	(void)state;
	fixture f;
	fx_init(&f);
	fx_year(&f, 3, 0, 0);
	fx_write(&f, "units.csv", "名称,类型\n公安,单设窗口\nS2,单设窗口\nS3,单设窗口\n");
	fx_write(&f, "discipline.csv", "单位,得分\n公安局,5\nS2,5\nS3,5\n");
	expect_error(&f, "discipline.csv:2:1", "没有单位“公安局”；是否应为“公安”？");
	fx_done(&f);
}

static void duplicate_and_bad_type(void **state)
{
	(void)state;
	fixture f;
	fx_init(&f);
	fx_year(&f, 2, 0, 0);
	fx_write(&f, "units.csv", "名称,类型\nS1,单设窗口\nS2,单设\n S1 ,单设窗口\n");
	expect_error(&f, "units.csv:3:2", "类型应为 单设窗口、综合窗口 或 分中心");
	assert_true(fx_said(&f, "units.csv:4:1: 错误: 单位“S1”重复（第2行已有）"));
	fx_done(&f);
}

static void month_rules(void **state)
{
	(void)state;
	fixture f;
	fx_init(&f);
	fx_year(&f, 2, 0, 0);
	fx_write(&f, "deductions.csv", "月份,单位,扣分项\n2022-03,S1,1.1\n2022年4月,S1,1.1\n2022-13,S1,1.1\n三月,S2,1.1\n2021-12,S2,1.1\n");
	expect_error(&f, "deductions.csv:4:1", "月份应写成");
	assert_true(fx_said(&f, "deductions.csv:5:1: 错误: 月份应写成"));
	assert_true(fx_said(&f, "deductions.csv:6:1: 错误: 月份“2021-12”不在考核年度2022年内"));
	assert_int_equal(diag_errors(), 3);
	fx_done(&f);
	/* 2022.10 is refused with both readings; a short “1.2” (fuzzing found it read past
	 * its end) is just not a month. */
	fx_init(&f);
	fx_year(&f, 2, 0, 0);
	fx_write(&f, "deductions.csv", "月份,单位,扣分项\n2022.10,S1,1.1\n1.2,S1,1.1\n");
	expect_error(&f, "deductions.csv:2:1", "2022.10");
	assert_true(fx_said(&f, "分不清1月和10月"));
	assert_true(fx_said(&f, "deductions.csv:3:1: 错误: 月份应写成"));
	assert_int_equal(diag_errors(), 2);
	fx_done(&f);
}

static void item_points_count(void **state)
{
	(void)state;
	fixture f;
	fx_init(&f);
	fx_year(&f, 2, 0, 0);
	fx_write(&f, "deductions.csv",
		"月份,单位,扣分项,次数,扣分\n"
		"2022-03,S1,9.9,,\n"            /* unknown item */
		"2022-03,S1,2.14f,,0.4\n"       /* range 0.1–0.3 */
		"2022-03,S1,2.14f,,0.3\n"       /* inclusive upper bound: fine */
		"2022-03,S1,1.1,,0.4\n"         /* fixed 0.5 */
		"2022-03,S1,1.1,0,\n"
		"2022-03,S1,1.1,-1,\n"
		"2022-03,S1,1.1,1.5,\n"
		"2022-03,S1,1.1,2,0.5\n");      /* fine */
	expect_error(&f, "deductions.csv:2:3", "扣分项目录中没有编号“9.9”");
	assert_true(fx_said(&f, "deductions.csv:3:5: 错误: 扣分项 2.14f 每次扣 0.1–0.3 分"));
	assert_true(fx_said(&f, "deductions.csv:5:5: 错误: 扣分项 1.1 每次扣 0.5 分（没有酌情范围）"));
	assert_true(fx_said(&f, "deductions.csv:6:4: 错误: 次数应为正整数"));
	assert_true(fx_said(&f, "deductions.csv:7:4: 错误: 次数应为正整数"));
	assert_true(fx_said(&f, "deductions.csv:8:4: 错误: 次数应为正整数"));
	assert_int_equal(diag_errors(), 6);
	fx_done(&f);
}

static void quarters(void **state)
{
	(void)state;
	fixture f;
	fx_init(&f);
	fx_year(&f, 1, 0, 2);
	fx_write(&f, "quarters.csv", "单位,季度,得分\nF1,1,90\nF1,2,90\nF1,3,90\nF1,5,90\nF2,1,90\nF2,2,90\nF2,3,90\nF2,4,90\nS1,1,90\n");
	expect_error(&f, "quarters.csv:5:2", "季度应为 1、2、3 或 4");
	assert_true(fx_said(&f, "units.csv:3:1: 错误: 分中心“F1”在 quarters.csv 中缺少第4季度得分"));
	assert_true(fx_said(&f, "quarters.csv:10:1: 错误: “S1”是单设窗口：季度考核只适用于分中心"));
	fx_done(&f);
}

static void votes_values(void **state)
{
	(void)state;
	fixture f;
	fx_init(&f);
	fx_year(&f, 2, 0, 0);
	fx_write(&f, "votes.csv", "评价主体,单位,非常满意,满意,一般,不满意\n"
		"行风监督员,S1,1,-2,0,0\n行风监督员,S2,1,2.5,0,0\n"
		"领导班子及科室负责人,S1,0,0,0,0\n领导班子及科室负责人,S2,1,3,0,0\n");
	expect_error(&f, "votes.csv:2:4", "满意票数应为 0–1000000 之间的整数");
	assert_true(fx_said(&f, "votes.csv:3:4: 错误: 满意票数应为 0–1000000 之间的整数，实际是“2.5”"));
	assert_true(fx_said(&f, "votes.csv:4:3: 错误: “S1”的领导班子及科室负责人有效票数为0"));
	assert_int_equal(diag_errors(), 3);
	fx_done(&f);
}

/* 30% is inclusive and per pool and group: 3 of 10 is fine, 4 of 13 (30.77%) is not. */
static void thirty_percent(void **state)
{
	(void)state;
	fixture f;
	model m;
	fx_init(&f);
	fx_year(&f, 2, 0, 1);
	assert_int_equal(fx_load(&f, &m, NULL, 0), EXIT_OK);   /* every unit 3 of 10 */
	model_free(&m);
	diag_reset();
	fx_write(&f, "votes.csv", "评价主体,单位,非常满意,满意,一般,不满意\n"
		"行风监督员,S1,3,7,0,0\n行风监督员,S2,3,7,0,0\n行风监督员,F1,4,9,0,0\n"
		"领导班子及科室负责人,S1,3,7,0,0\n领导班子及科室负责人,S2,3,7,0,0\n领导班子及科室负责人,F1,3,7,0,0\n");
	expect_error(&f, "votes.csv:1:3", "行风监督员对分中心的非常满意票共 4 张");
	assert_int_equal(diag_errors(), 1);
	fx_done(&f);
}

static void wrong_kind_rows(void **state)
{
	(void)state;
	fixture f;
	fx_init(&f);
	fx_year(&f, 1, 0, 1);
	fx_write(&f, "third_party.csv", "单位,满意度\nS1,95\nF1,95\n");
	fx_write(&f, "deductions.csv", "月份,单位,扣分项\n2022-01,F1,1.1\n");
	expect_error(&f, "third_party.csv:3:1", "“F1”是分中心：第三方满意度评价只适用于窗口");
	assert_true(fx_said(&f, "deductions.csv:2:2: 错误: “F1”是分中心"));
	fx_done(&f);
}

static void missing_components(void **state)
{
	(void)state;
	fixture f;
	fx_init(&f);
	fx_year(&f, 2, 0, 0);
	fx_write(&f, "discipline.csv", "单位,得分\nS1,5\n");
	fx_write(&f, "third_party.csv", "单位,满意度\nS2,95\n");
	fx_write(&f, "votes.csv", "评价主体,单位,非常满意,满意,一般,不满意\n行风监督员,S1,3,7,0,0\n行风监督员,S2,3,7,0,0\n领导班子及科室负责人,S1,3,7,0,0\n");
	expect_error(&f, "units.csv:3:1", "“S2”在 discipline.csv 中没有纪委监委评价得分");
	assert_true(fx_said(&f, "units.csv:2:1: 错误: 窗口“S1”在 third_party.csv 中没有第三方满意度"));
	assert_true(fx_said(&f, "units.csv:3:1: 错误: “S2”在 votes.csv 中没有领导班子及科室负责人的评价票"));
	fx_done(&f);
}

static void missing_file_and_column(void **state)
{
	(void)state;
	fixture f;
	fx_init(&f);
	fx_year(&f, 2, 0, 0);
	fx_write(&f, "third_party.csv", "单位\nS1\n");
	expect_error(&f, "third_party.csv:1:1", "缺少必需的列“满意度”（英文表头：value）");
	fx_done(&f);
}

static void method_ini(void **state)
{
	(void)state;
	fixture f;
	fx_init(&f);
	fx_year(&f, 2, 0, 0);
	fx_write(&f, "method.ini", "# 考核办法\n[规则]\ntie_rank = dense\ntie_ranks = dense\nquota_rounding = maybe\n"
		"district_excellent\nexcellent_ratio = 140%%\ncap_other = 5\nyear = 2022\n");
	expect_error(&f, "method.ini:4:1", "未知的设置项“tie_ranks”");
	assert_true(fx_said(&f, "method.ini:5:1: 错误: quota_rounding（名额取整方式）只能是 floor|round，实际是“maybe”"));
	assert_true(fx_said(&f, "method.ini:6:1: 错误: 无法理解这一行“district_excellent”"));
	assert_true(fx_said(&f, "method.ini:7:1: 错误: excellent_ratio（考绩先进窗口比例）不能超过100%"));
	assert_int_equal(diag_errors(), 4);
	fx_done(&f);
}

/* Bounds that keep the arithmetic meaningful: 1–12 months, a bulletin day every month has,
 * votes, penalties and item points of a plausible size (no int64 overflow downstream). */
static void bounds(void **state)
{
	(void)state;
	fixture f;
	fx_init(&f);
	fx_year(&f, 2, 0, 0);
	fx_write(&f, "method.ini", "months = 0\nbulletin_day = 31\ncap_other = 5000\nyear = 2022\n");
	fx_write(&f, "penalties.csv", "单位,扣分\nS1,99999999999\nS2,100.5\n");
	fx_write(&f, "votes.csv", "评价主体,单位,非常满意,满意,一般,不满意\n行风监督员,S1,1,2000000,0,0\n行风监督员,S2,3,7,0,0\n"
		"领导班子及科室负责人,S1,3,7,0,0\n领导班子及科室负责人,S2,3,7,0,0\n");
	expect_error(&f, "method.ini:1:1", "months（考核月数）应为 1–12 之间的整数");
	assert_true(fx_said(&f, "method.ini:2:1: 错误: bulletin_day（月度通报的成文日（次月几日））应为 1–28 之间的整数"));
	assert_true(fx_said(&f, "method.ini:3:1: 错误: cap_other（其他满分）不能超过1000"));
	assert_true(fx_said(&f, "penalties.csv:2:2: 错误: 扣分不能超过100"));
	assert_true(fx_said(&f, "penalties.csv:3:2: 错误: 扣分不能超过100"));
	assert_true(fx_said(&f, "votes.csv:2:4: 错误: 满意票数应为 0–1000000 之间的整数"));
	fx_done(&f);
}

/* CR-only line ends and a long 抄送 line (over inih's 200 bytes) read as the clerk wrote them. */
static void method_ini_lines(void **state)
{
	(void)state;
	fixture f;
	model m;
	fx_init(&f);
	fx_year(&f, 2, 0, 0);
	strbuf cc = {0};
	for (int i = 0; i < 40; i++) sb_puts(&cc, "区委办公室，");
	fx_write(&f, "method.ini", "# 说明\rdistrict_excellent = 是\r[文件]\rcc = %s ; 抄送\rtie_rank = x\ryear = 2022\r", cc.s);
	assert_int_equal(fx_load(&f, &m, NULL, 0), EXIT_DATAERR);
	assert_true(fx_said(&f, "method.ini:5:1: 错误: tie_rank"));
	assert_true(m.set.district_excellent);
	cc.s[cc.len - strlen("，")] = 0;
	assert_int_equal(strncmp(m.set.cc, cc.s, cc.len - strlen("，")), 0);
	assert_int_equal(strlen(m.set.cc), cc.len);
	model_free(&m);
	free(cc.s);
	fx_done(&f);
}

/* --set applies after method.ini and is checked the same way. */
static void set_overrides(void **state)
{
	(void)state;
	fixture f;
	model m;
	fx_init(&f);
	fx_year(&f, 2, 0, 0);
	fx_write(&f, "method.ini", "district_excellent = false\nyear = 2022\n");
	char *sets[] = { "district_excellent=是", "excellent_ratio = 0.45" };
	assert_int_equal(fx_load(&f, &m, sets, 2), EXIT_OK);
	assert_true(m.set.district_excellent);
	assert_int_equal(m.set.excellent_ratio, 4500);
	model_free(&m);
	char *bad[] = { "nonsense=1" };
	assert_int_equal(fx_load(&f, &m, bad, 1), EXIT_DATAERR);
	assert_true(fx_said(&f, "--set: 错误: 未知的设置项“nonsense”"));
	model_free(&m);
	fx_done(&f);
}

/* Repeated rows are summed: discipline, votes, penalties; any 取消评先 = 是 disqualifies. */
static void repeated_rows_sum(void **state)
{
	(void)state;
	fixture f;
	model m;
	fx_init(&f);
	fx_year(&f, 2, 0, 0);
	fx_write(&f, "discipline.csv", "单位,得分\nS1,2.5\nS1,2.25\nS2,5\n");
	fx_write(&f, "penalties.csv", "单位,扣分,取消评先,原因\nS1,0.5,否,迟报\nS1,1,是,瞒报\n");
	assert_int_equal(fx_load(&f, &m, NULL, 0), EXIT_OK);
	assert_int_equal(m.units[0].discipline, 47500);
	assert_int_equal(m.units[0].penalty, 15000);
	assert_true(m.units[0].disqualified);
	assert_string_equal(m.units[0].penalty_reason, "迟报；瞒报");
	model_free(&m);
	fx_done(&f);
}

/* Every month form a clerk's spreadsheet writes, exactly: the quick reading of 2022-03
 * and the general one agree, and what is not a month is refused. */
static void month_forms(void **state)
{
	(void)state;
	static const struct { const char *s; int rc, y, mo; } cases[] = {
		{ "2022-03", 0, 2022, 3 }, { "2022-3", 0, 2022, 3 }, { "2022-12", 0, 2022, 12 }, { "2022-003", 0, 2022, 3 },
		{ "2022/3", 0, 2022, 3 }, { "2022年3月", 0, 2022, 3 }, { "2022/3/1", 0, 2022, 3 }, { "2022-3-1", 0, 2022, 3 },
		{ "2022-13", -1, 0, 0 }, { "2022-00", -1, 0, 0 }, { "1899-05", -1, 0, 0 }, { "2022-3-2", -1, 0, 0 },
		{ "2022-", -1, 0, 0 }, { "22-03", -1, 0, 0 }, { "abcd-03", -1, 0, 0 }, { "2022-03x", -1, 0, 0 },
		{ "2022.03", -2, 2022, 3 }, { "", -1, 0, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int y = 0, mo = 0;
		int rc = parse_month(cases[i].s, &y, &mo);
		if (rc != cases[i].rc || (rc != -1 && (y != cases[i].y || mo != cases[i].mo)))
			fail_msg("%s: %d %d-%d, want %d %d-%d", cases[i].s, rc, y, mo, cases[i].rc, cases[i].y, cases[i].mo);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(base_is_valid),
		cmocka_unit_test(unknown_unit_suggests),
		cmocka_unit_test(duplicate_and_bad_type),
		cmocka_unit_test(month_rules),
		cmocka_unit_test(item_points_count),
		cmocka_unit_test(quarters),
		cmocka_unit_test(votes_values),
		cmocka_unit_test(thirty_percent),
		cmocka_unit_test(wrong_kind_rows),
		cmocka_unit_test(missing_components),
		cmocka_unit_test(missing_file_and_column),
		cmocka_unit_test(method_ini),
		cmocka_unit_test(bounds),
		cmocka_unit_test(method_ini_lines),
		cmocka_unit_test(set_overrides),
		cmocka_unit_test(repeated_rows_sum),
		cmocka_unit_test(month_forms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
