/* settings.c — one table drives defaults, parsing and printing of every method.ini key. */
#include "model/settings.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "base/diag.h"
#include "base/util.h"
#include "model/printable.h"
#include "read/text.h"

typedef enum { K_INT, K_DEC, K_RATIO, K_BOOL, K_ENUM, K_TEXT, K_DATE } kind;

typedef struct {
	const char *key;
	kind kind;
	size_t off;
	const char *def;                /* default, as it would be written in method.ini */
	const char *choices;            /* K_ENUM: "a|b|c", index = enum value */
	const char *zh;                 /* what it means, for messages */
	int max_em;                     /* K_TEXT printed on one line: its room there, in em */
	const char *room;               /* and where that line is */
} key_spec;

#define F(field) offsetof(settings, field)
static const key_spec keys[] = {
	{ "year", K_INT, F(year), "0", NULL, "考核年度", 0, NULL },
	{ "months", K_INT, F(months), "12", NULL, "考核月数", 0, NULL },
	{ "daily_weight", K_RATIO, F(daily_weight), "70%", NULL, "日常考核折算比例", 0, NULL },
	{ "cap_discipline", K_DEC, F(cap[0]), "25", NULL, "工作纪律满分", 0, NULL },
	{ "cap_norms", K_DEC, F(cap[1]), "20", NULL, "工作规范满分", 0, NULL },
	{ "cap_casework", K_DEC, F(cap[2]), "50", NULL, "办件管理满分", 0, NULL },
	{ "cap_other", K_DEC, F(cap[3]), "5", NULL, "其他满分", 0, NULL },
	{ "max_discipline_window", K_DEC, F(max_discipline_window), "5", NULL, "窗口纪委监委评价满分", 0, NULL },
	{ "max_third_party", K_DEC, F(max_third_party), "10", NULL, "第三方满意度评价满分", 0, NULL },
	{ "max_supervisors_window", K_DEC, F(max_supervisors_window), "5", NULL, "窗口行风监督员评价满分", 0, NULL },
	{ "max_leaders_window", K_DEC, F(max_leaders_window), "10", NULL, "窗口领导班子及科室负责人评价满分", 0, NULL },
	{ "max_discipline_subcenter", K_DEC, F(max_discipline_subcenter), "10", NULL, "分中心纪委监委评价满分", 0, NULL },
	{ "max_supervisors_subcenter", K_DEC, F(max_supervisors_subcenter), "10", NULL, "分中心行风监督员评价满分", 0, NULL },
	{ "max_leaders_subcenter", K_DEC, F(max_leaders_subcenter), "10", NULL, "分中心领导班子及科室负责人评价满分", 0, NULL },
	{ "rank_step", K_DEC, F(rank_step), "0.1", NULL, "名次每降一名减的分数", 0, NULL },
	{ "weight_very_satisfied", K_DEC, F(weight[0]), "1", NULL, "非常满意票权重", 0, NULL },
	{ "weight_satisfied", K_DEC, F(weight[1]), "0.9", NULL, "满意票权重", 0, NULL },
	{ "weight_fair", K_DEC, F(weight[2]), "0.8", NULL, "一般票权重", 0, NULL },
	{ "weight_unsatisfied", K_DEC, F(weight[3]), "0.7", NULL, "不满意票权重", 0, NULL },
	{ "very_satisfied_limit", K_RATIO, F(very_satisfied_limit), "30%", NULL, "非常满意票比例上限", 0, NULL },
	{ "ballot_limit_rule", K_ENUM, F(ballot_limit_rule), "void", "void|error", "选票超过非常满意比例或重复评价时的处理", 0, NULL },
	{ "ballot_blank", K_ENUM, F(ballot_blank), "skip", "skip|void|error", "选票中空白评价的处理", 0, NULL },
	{ "tie_rank", K_ENUM, F(tie_rank), "competition", "competition|dense", "评价项并列名次的排法", 0, NULL },
	{ "excellent_ratio", K_RATIO, F(excellent_ratio), "40%", NULL, "考绩先进窗口比例", 0, NULL },
	{ "bonus_ratio", K_RATIO, F(bonus_ratio), "10%", NULL, "区考绩优秀时先进比例的增加值", 0, NULL },
	{ "good_ratio", K_RATIO, F(good_ratio), "40%", NULL, "考绩良好窗口比例", 0, NULL },
	{ "promote_ratio", K_RATIO, F(promote_ratio), "85%", NULL, "提档为良好的得分线（第一名的比例）", 0, NULL },
	{ "basic_ratio", K_RATIO, F(basic_ratio), "70%", NULL, "基本合格的得分线（第一名的比例）", 0, NULL },
	{ "subcenter_excellent_ratio", K_RATIO, F(subcenter_excellent_ratio), "40%", NULL, "考绩先进分中心比例", 0, NULL },
	{ "subcenter_good_ratio", K_RATIO, F(subcenter_good_ratio), "40%", NULL, "考绩良好分中心比例", 0, NULL },
	{ "subcenter_basic_ratio", K_RATIO, F(subcenter_basic_ratio), "70%", NULL, "分中心基本合格的得分线", 0, NULL },
	{ "district_excellent", K_BOOL, F(district_excellent), "false", NULL, "本区是否被评为考绩优秀单位", 0, NULL },
	{ "bonus_applies", K_ENUM, F(bonus_applies), "windows", "windows|all", "优秀单位加成适用范围", 0, NULL },
	{ "quota_rounding", K_ENUM, F(quota_rounding), "floor", "floor|round", "名额取整方式", 0, NULL },
	{ "boundary_ties", K_ENUM, F(boundary_ties), "include", "include|exclude|error", "名额分界处并列的处理", 0, NULL },
	{ "staff_count", K_INT, F(staff_count), "", NULL, "中心工作人员人数", 0, NULL },
	{ "staff_excellent_ratio", K_RATIO, F(staff_excellent_ratio), "20%", NULL, "工作人员优秀等次比例", 0, NULL },
	/* Document settings are not data (SPEC §7.15): none has a made-up default; a document
	 * that needs a missing one is printed as a draft with the place left blank. */
	{ "issuer", K_TEXT, F(issuer), "", NULL, "发文机关", 19, "版记的一行里，与印发日期同行（四号字）" },
	{ "issuer_mark", K_TEXT, F(issuer_mark), "", NULL, "发文机关标志", 24, "版头的标志行（小初号字，最多压缩到一半宽）" },
	{ "doc_number", K_TEXT, F(doc_number), "", NULL, "发文字号", 27, "版头红线上方的一行（三号字）" },
	{ "issue_date", K_DATE, F(issue_date), "", NULL, "成文日期", 0, NULL },
	{ "recipients", K_TEXT, F(recipients), "", NULL, "主送机关", 0, NULL },
	{ "cc", K_TEXT, F(cc), "", NULL, "抄送", 0, NULL },
	{ "printer", K_TEXT, F(printer), "", NULL, "印发机关", 19, "版记的一行里，与印发日期同行（四号字）" },
	{ "print_date", K_DATE, F(print_date), "", NULL, "印发日期", 0, NULL },
	{ "bulletin_issuer", K_TEXT, F(bulletin_issuer), "", NULL, "月度通报发布单位", 25, "署名的一行（三号字，右空二字）" },
	{ "bulletin_day", K_INT, F(bulletin_day), "5", NULL, "月度通报的成文日（次月几日）", 0, NULL },
	{ "rectify_days", K_INT, F(rectify_days), "10", NULL, "月度通报的整改期限（通报日期后几天）", 0, NULL },
	{ "bulletin_bottom", K_INT, F(bulletin_bottom), "3", NULL, "月度通报点名连续两个月排名后几位的窗口", 0, NULL },
	{ "publicity_start", K_DATE, F(publicity_start), "", NULL, "考绩结果公示的开始日期", 0, NULL },
	{ "publicity_end", K_DATE, F(publicity_end), "", NULL, "考绩结果公示的截止日期", 0, NULL },
	{ "objection_contact", K_TEXT, F(objection_contact), "", NULL, "受理公示异议的部门和联系方式", 0, NULL },
};
#undef F
enum { NKEYS = sizeof keys / sizeof *keys };

/* Finds a key by name. */
static const key_spec *find_key(const char *name)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (!strcmp(keys[i].key, name)) return &keys[i];
	return NULL;
}

/* Parses a yes/no word. */
static int parse_bool(const char *v, bool *out)
{
	static const char *yes[] = { "true", "yes", "1", "是", "on" }, *no[] = { "false", "no", "0", "否", "off" };
	for (size_t i = 0; i < 5; i++) {
		if (!strcasecmp(v, yes[i])) { *out = true; return 0; }
		if (!strcasecmp(v, no[i])) { *out = false; return 0; }
	}
	return -1;
}

/* Width of a text in half-ems as the documents set it: a Hanzi or full-width mark is one
 * em, anything else counted as half (digits and Latin letters of CJK faces are narrower). */
static int half_ems(const char *v)
{
	int n = 0;
	for (const char *p = v, *e = v + strlen(v); p < e;) {
		int32_t cp = utf8_next(&p, e);
		n += cp >= 0x2E80 || (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2000 && cp <= 0x206F) ? 2 : 1;
	}
	return n;
}

/* Sets one key from text, reporting errors at file:line; texts are checked against what
 * the documents can print (fonts) and the room their line has.  0 or -1. */
static int settings_set(settings *s, const char *key, const char *value, const char *file, int line,
                        const printable_fonts *fonts)
{
	const key_spec *k = find_key(key);
	char *v = trim_spaces(value);
	char *p = (char *)s + (k ? k->off : 0);
	int rc = 0;
	if (!k) {
		diag_error(file, line, 1, "未知的设置项“%s”（可用的设置项见 man kaoji 或 README 的 method.ini 一节）", key);
		free(v);
		return -1;
	}
	switch (k->kind) {
	case K_INT: {
		int64_t n, lo = 0, hi = 1000000;
		if (!v[0] && !strcmp(k->key, "staff_count")) { *(int *)p = -1; break; }
		/* Ranges that keep the arithmetic meaningful: 12 months at most, a day every month has. */
		if (!strcmp(k->key, "months")) { lo = 1; hi = 12; }
		else if (!strcmp(k->key, "bulletin_day")) { lo = 1; hi = 28; }
		else if (!strcmp(k->key, "rectify_days")) { lo = 1; hi = 60; }
		else if (!strcmp(k->key, "bulletin_bottom")) hi = 100;
		else if (!strcmp(k->key, "year")) hi = 9999;
		if (int_parse(v, &n) || n < lo || n > hi || (!strcmp(k->key, "year") && n && n < 1900)) {
			diag_error(file, line, 1, "%s（%s）应为 %lld–%lld 之间的整数，实际是“%s”", k->key, k->zh,
				(long long)(!strcmp(k->key, "year") ? 1900 : lo), (long long)hi, v);
			rc = -1;
		} else
			*(int *)p = (int)n;
		break;
	}
	case K_DEC: case K_RATIO: {
		dec d;
		int r = dec_parse(v, 4, k->kind == K_RATIO, &d);
		if (r || d < 0) {
			diag_error(file, line, 1, "%s（%s）应为%s，实际是“%s”", k->key, k->zh,
				k->kind == K_RATIO ? "百分比（如 40% 或 0.4）" : "非负数（最多4位小数）", v);
			rc = -1;
		} else if (k->kind == K_DEC && d > DEC(1000)) {
			diag_error(file, line, 1, "%s（%s）不能超过1000，实际是“%s”", k->key, k->zh, v);
			rc = -1;
		} else if (k->kind == K_RATIO && d > DEC_ONE) {
			diag_error(file, line, 1, "%s（%s）不能超过100%%，实际是“%s”", k->key, k->zh, v);
			rc = -1;
		} else
			*(dec *)p = d;
		break;
	}
	case K_BOOL:
		if (parse_bool(v, (bool *)p)) {
			diag_error(file, line, 1, "%s（%s）应为 true 或 false（是/否），实际是“%s”", k->key, k->zh, v);
			rc = -1;
		}
		break;
	case K_ENUM: {
		int idx = 0, found = -1;
		const char *c = k->choices;
		while (*c) {
			size_t n = strcspn(c, "|");
			if (strlen(v) == n && !strncasecmp(c, v, n)) found = idx;
			c += n + (c[n] == '|');
			idx++;
		}
		if (found < 0) {
			diag_error(file, line, 1, "%s（%s）只能是 %s，实际是“%s”", k->key, k->zh, k->choices, v);
			rc = -1;
		} else
			*(int *)p = found;
		break;
	}
	case K_DATE:
		if (v[0]) {
			int y, mo, d, pd = date_parse(v, &y, &mo, &d);
			if (pd == -2)
				diag_error(file, line, 1, "%s（%s）没有这一天：%d年%d月只有%d天，实际是“%s”", k->key, k->zh, y, mo,
					date_month_days(y, mo), v);
			else if (pd)
				diag_error(file, line, 1, "%s（%s）应为日期，如 2023-01-16，实际是“%s”", k->key, k->zh, v);
			if (pd) { rc = -1; break; }
		}
		/* fall through */
	case K_TEXT: {
		int at = 0;
		char *why = printable_problem(v, fonts, &at);
		if (why) {
			diag_error(file, line, 1, "%s（%s）%s（在第%d个字）", k->key, k->zh, why, at);
			free(why);
			rc = -1;
			break;
		}
		if (k->max_em && half_ems(v) > 2 * k->max_em) {
			diag_error(file, line, 1, "%s（%s）太长：最多约%d个字，实际是%zu个字；它排在%s", k->key, k->zh, k->max_em,
				utf8_len(v), k->room);
			rc = -1;
			break;
		}
		free(*(char **)p);
		*(char **)p = xstrdup(v);
		break;
	}
	}
	free(v);
	return rc;
}

void settings_default(settings *s)
{
	memset(s, 0, sizeof *s);
	for (size_t i = 0; i < NKEYS; i++)
		settings_set(s, keys[i].key, keys[i].def, "(内置默认值)", 0, NULL);
}

void settings_free(settings *s)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (keys[i].kind == K_TEXT || keys[i].kind == K_DATE) free(*(char **)((char *)s + keys[i].off));
}

/* Strips an inline comment: “;” or “#” after a space. */
static void strip_comment(char *v)
{
	for (char *p = v; *p; p++)
		if ((*p == ';' || *p == '#') && p > v && (p[-1] == ' ' || p[-1] == '\t')) { *p = 0; return; }
}

/* Reads method.ini line by line. Our own reader rather than inih: Debian's inih is built with a
 * 200-byte line buffer, which splits a realistic 抄送 line of 60-odd Chinese characters, and it
 * knows no CR-only line ends (old Mac/Excel exports), so a whole file would read as one comment. */
int settings_load(settings *s, const char *path, const printable_fonts *fonts)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) return 0;
	fclose(fp);
	size_t len;
	text_encoding enc;
	char *text = text_load(path, &len, &enc);
	if (!text) return -1;
	int bad = 0, line = 0, seen[NKEYS] = {0};
	for (const char *p = text, *end = text + len; p < end;) {
		size_t n = strcspn(p, "\r\n");
		char *raw = xstrndup(p, n), *t = trim_spaces(raw);
		p += n;
		if (p < end && *p == '\r') { p++; if (p < end && *p == '\n') p++; }   /* CRLF or CR */
		else if (p < end) p++;                                                 /* LF */
		line++;
		char *eq = strchr(t, '=');
		if (!eq) eq = strchr(t, ':');
		if (!t[0] || t[0] == '#' || t[0] == ';') {
			/* blank or comment */
		} else if (t[0] == '[') {
			if (t[strlen(t) - 1] != ']') {
				diag_error(path, line, 1, "分组标题“%s”缺少右方括号 ]", t);
				bad++;
			}
		} else if (!eq) {
			diag_error(path, line, 1, "无法理解这一行“%s”：应为“设置项 = 值”、[分组] 或 # 注释", t);
			bad++;
		} else {
			*eq = 0;
			char *key = trim_spaces(t), *value = eq + 1;
			strip_comment(value);
			const key_spec *k = find_key(key);
			if (k) {
				size_t i = (size_t)(k - keys);
				if (seen[i]) diag_warn(path, line, 1, "设置项“%s”重复（第%d行已设置），以本行为准", key, seen[i]);
				seen[i] = line;
			}
			if (settings_set(s, key, value, path, line, fonts)) bad++;
			free(key);
		}
		free(raw);
		free(t);
	}
	free(text);
	return bad ? -1 : 0;
}

int settings_override(settings *s, const char *assignment, const printable_fonts *fonts)
{
	const char *eq = strchr(assignment, '=');
	if (!eq) {
		diag_error("--set", 0, 0, "应写成 key=value，实际是“%s”", assignment);
		return -1;
	}
	char *raw = xstrndup(assignment, (size_t)(eq - assignment)), *key = trim_spaces(raw);
	int rc = settings_set(s, key, eq + 1, "--set", 0, fonts);
	free(raw);
	free(key);
	return rc;
}

void settings_print(const settings *s, FILE *fp)
{
	char b[32];
	for (size_t i = 0; i < NKEYS; i++) {
		const key_spec *k = &keys[i];
		const char *p = (const char *)s + k->off;
		fprintf(fp, "%s = ", k->key);
		switch (k->kind) {
		case K_INT: fprintf(fp, "%d", *(const int *)p); break;
		case K_DEC: fputs(dec_fmt_short(*(const dec *)p, b), fp); break;
		case K_RATIO: fputs(dec_fmt_pct(*(const dec *)p, b), fp); break;
		case K_BOOL: fputs(*(const bool *)p ? "true" : "false", fp); break;
		case K_ENUM: {
			const char *c = k->choices;
			for (int n = *(const int *)p; n > 0; n--) c = strchr(c, '|') + 1;
			fprintf(fp, "%.*s", (int)strcspn(c, "|"), c);
			break;
		}
		default: fputs(*(char *const *)p ? *(char *const *)p : "", fp);
		}
		fprintf(fp, "    # %s\n", k->zh);
	}
}

const char *settings_describe(const char *key)
{
	const key_spec *k = find_key(key);
	return k ? k->zh : key;
}

const char *settings_key(size_t i, const char **choices)
{
	if (i >= NKEYS) return NULL;
	*choices = keys[i].kind == K_ENUM ? keys[i].choices : keys[i].kind == K_BOOL ? "true|false" : NULL;
	return keys[i].key;
}
