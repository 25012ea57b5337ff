/* fixture.h — builds small data folders in a temporary directory for the unit tests. */
#ifndef KAOJI_FIXTURE_H
#define KAOJI_FIXTURE_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/util.h"
#include "model/model.h"

typedef struct {
	char dir[64];
	strbuf msgs;        /* captured diagnostics */
} fixture;

/* Creates an empty temporary data folder and captures diagnostics. */
static inline void fx_init(fixture *f)
{
	strcpy(f->dir, "/tmp/kaoji-test-XXXXXX");
	if (!mkdtemp(f->dir)) abort();
	memset(&f->msgs, 0, sizeof f->msgs);
	diag_reset();
	diag_capture(&f->msgs);
}

/* Writes one file of the folder (raw bytes, printf-style). */
static inline void fx_write(fixture *f, const char *name, const char *fmt, ...)
{
	char *path = path_join(f->dir, name);
	FILE *fp = fopen(path, "wb");
	va_list ap;
	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
	fclose(fp);
	free(path);
}

/* Writes raw bytes (for encodings). */
static inline void fx_bytes(fixture *f, const char *name, const char *bytes, size_t n)
{
	char *path = path_join(f->dir, name);
	FILE *fp = fopen(path, "wb");
	fwrite(bytes, 1, n, fp);
	fclose(fp);
	free(path);
}

/* A valid year: windows W1..Wn (first `comp` of them 综合窗口 after the singles), subcenters S1..Sk,
 * every tally equal (so every component ties at rank 1 and scores full marks) and no deductions:
 * each final is 100 − its penalty, which the tests set through penalties.csv. */
static inline void fx_year(fixture *f, int singles, int comps, int subs)
{
	strbuf u = {0}, d = {0}, t = {0}, v = {0}, q = {0};
	sb_puts(&u, "名称,类型,位置\n");
	sb_puts(&d, "单位,得分\n");
	sb_puts(&t, "单位,满意度\n");
	sb_puts(&v, "评价主体,单位,非常满意,满意,一般,不满意\n");
	sb_puts(&q, "单位,季度,得分\n");
	for (int i = 1; i <= singles + comps + subs; i++) {
		const char *type = i <= singles ? "单设窗口" : i <= singles + comps ? "综合窗口" : "分中心";
		char name[16];
		if (i <= singles) snprintf(name, sizeof name, "S%d", i);
		else if (i <= singles + comps) snprintf(name, sizeof name, "C%d", i - singles);
		else snprintf(name, sizeof name, "F%d", i - singles - comps);
		sb_printf(&u, "%s,%s,主厅\n", name, type);
		sb_printf(&d, "%s,5\n", name);
		if (i <= singles + comps) sb_printf(&t, "%s,95\n", name);
		else for (int k = 1; k <= 4; k++) sb_printf(&q, "%s,%d,100\n", name, k);
		sb_printf(&v, "行风监督员,%s,3,7,0,0\n领导班子及科室负责人,%s,3,7,0,0\n", name, name);
	}
	fx_write(f, "units.csv", "%s", u.s);
	fx_write(f, "discipline.csv", "%s", d.s);
	fx_write(f, "third_party.csv", "%s", t.s);
	fx_write(f, "votes.csv", "%s", v.s);
	fx_write(f, "quarters.csv", "%s", q.s);
	fx_write(f, "deductions.csv", "月份,单位,扣分项,次数,扣分,日期,说明\n");
	fx_write(f, "method.ini", "year = 2022\n");      /* no deductions to take the year from */
	free(u.s); free(d.s); free(t.s); free(v.s); free(q.s);
}

/* Loads the folder; returns model_load's status. */
static inline int fx_load(fixture *f, model *m, char *const *sets, int nsets)
{
	return model_load(m, f->dir, sets, nsets, NULL);
}

/* True when the captured messages contain `needle`. */
static inline int fx_said(const fixture *f, const char *needle)
{
	return f->msgs.s && strstr(f->msgs.s, needle) != NULL;
}

/* Removes the folder and stops capturing. */
static inline void fx_done(fixture *f)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
	if (system(cmd)) {}
	diag_capture(NULL);
	free(f->msgs.s);
}

#endif
