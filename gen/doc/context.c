/* context.c — the values templates see, in Chinese names (listed in templates/README.md). */
#include <stdlib.h>
#include <string.h>

#include "base/paths.h"
#include "base/util.h"
#include "doc/documents.h"
#include "doc/render.h"

char *doc_template_path(const char *name)
{
	char *path = paths_find(DATA_TEMPLATES, name);
	if (!path) paths_missing(DATA_TEMPLATES, name);
	return path;
}

ly_doc *doc_layout_template(const fn_set *fs, const char *name, const tpl_ctx *c, const doc_parts *parts, tpl_doc *t,
                            int *rc)
{
	*t = (tpl_doc){0};
	char *path = doc_template_path(name);
	if (!path) { *rc = EXIT_OSFILE; return NULL; }
	ly_doc *d = NULL;
	*rc = EXIT_DATAERR;
	if (tpl_render_file(path, c, t) == 0) {
		int lrc;
		d = doc_layout(fs, t, parts, &lrc, NULL);
		if (lrc) { ly_free(d); d = NULL; }
		else *rc = EXIT_OK;
	}
	free(path);
	return d;
}

/* Room for a name the clerk writes in by hand (8 字). */
#define BLANK_NAME "　　　　　　　　"

/* A document setting: its value, or, when method.ini has none, a blank for the pen that
 * makes the document using it a draft and names `setting` in the warning. */
static void set_doc(tpl_ctx *c, const char *key, const char *value, const char *blank, const char *setting)
{
	if (value && value[0]) tpl_set(c, key, value);
	else tpl_set_missing(c, key, blank, setting);
}

/* A date setting as "2023-01-16" and its text "2023年1月16日" (key + 文字), both blank when unset. */
static void set_date(tpl_ctx *c, const char *key, const char *iso, const char *setting)
{
	int y, m, d;
	char *k = xasprintf("%s文字", key);
	if (iso[0] && date_parse(iso, &y, &m, &d) == 0) {
		tpl_set(c, key, iso);
		tpl_setf(c, k, "%d年%d月%d日", y, m, d);
	} else {
		tpl_set_missing(c, key, LY_BLANK_DATE, setting);
		tpl_set_missing(c, k, LY_BLANK_DATE, setting);
	}
	free(k);
}

tpl_ctx *doc_common_context(const model *m)
{
	const settings *s = &m->set;
	tpl_ctx *c = tpl_new();
	tpl_setf(c, "年度", "%d", m->year);
	/* Settings that fall back on another (印发机关 on 发文机关) name that other when both are unset. */
	set_doc(c, "发文机关", s->issuer, BLANK_NAME, "issuer");
	char *mark = s->issuer_mark[0] ? xstrdup(s->issuer_mark) : s->issuer[0] ? xasprintf("%s文件", s->issuer) : NULL;
	set_doc(c, "发文机关标志", mark, BLANK_NAME "文件", "issuer");
	free(mark);
	set_doc(c, "发文字号", s->doc_number, "〔    〕号", "doc_number");
	set_date(c, "成文日期", s->issue_date, "issue_date");
	set_doc(c, "主送", s->recipients, BLANK_NAME, "recipients");
	tpl_set(c, "抄送", s->cc);                     /* none is a valid 版记 */
	set_doc(c, "印发机关", s->printer[0] ? s->printer : s->issuer, BLANK_NAME, "issuer");
	set_date(c, "印发日期", s->print_date[0] ? s->print_date : s->issue_date, "issue_date");
	set_doc(c, "月度通报发布单位", s->bulletin_issuer[0] ? s->bulletin_issuer : s->issuer, BLANK_NAME, "issuer");
	set_date(c, "公示开始日期", s->publicity_start, "publicity_start");
	set_date(c, "公示截止日期", s->publicity_end, "publicity_end");
	set_doc(c, "异议受理", s->objection_contact, BLANK_NAME BLANK_NAME, "objection_contact");
	static const char *const lists[] = { "单设窗口", "综合窗口", "分中心" };
	int n[3] = {0};
	for (int k = 0; k < 3; k++) tpl_list(c, lists[k]);
	tpl_list(c, "窗口");
	for (int i = 0; i < m->nunits; i++) {
		const unit *u = &m->units[i];
		n[u->type]++;
		tpl_ctx *it = tpl_push(c, lists[u->type]);
		tpl_set(it, "名称", u->name);
		tpl_set(it, "位置", u->location);
		if (unit_is_window(u)) {
			it = tpl_push(c, "窗口");
			tpl_set(it, "名称", u->name);
			tpl_set(it, "类型", unit_type_name(u->type));
		}
	}
	/* The method's numbers, so the wording follows method.ini instead of repeating 2022's. */
	char b[32];
	tpl_setf(c, "考核月数", "%d", s->months);
	tpl_set(c, "日常考核比例", dec_fmt_pct(s->daily_weight, b));
	tpl_set(c, "日常考核满分", dec_fmt_short(s->daily_weight * 100, b));
	tpl_set(c, "名次分差", dec_fmt_short(s->rank_step, b));
	tpl_set(c, "满意度评价满分", dec_fmt_short(s->max_discipline_window + s->max_third_party + s->max_supervisors_window +
		s->max_leaders_window, b));
	tpl_set(c, "综合评价满分", dec_fmt_short(s->max_discipline_subcenter + s->max_supervisors_subcenter +
		s->max_leaders_subcenter, b));
	tpl_setf(c, "单位总数", "%d", m->nunits);
	tpl_setf(c, "窗口数", "%d", n[0] + n[1]);
	tpl_setf(c, "单设窗口数", "%d", n[0]);
	tpl_setf(c, "综合窗口数", "%d", n[1]);
	tpl_setf(c, "分中心数", "%d", n[2]);
	return c;
}
