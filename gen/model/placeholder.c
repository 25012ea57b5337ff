/* placeholder.c — catalog items whose wording is a placeholder, not the method's text.
 *
 * The 2022 method the catalog is taken from is cut off inside 附件1 (SPEC): item 3.10c ends in
 * “每次……” and the fourth category (4.1) is missing.  The built-in catalog, and the
 * samples/2022/items.csv it is made from, keep those items so that deductions can be
 * recorded, and say in their text that it is not the official one (“原文截断…”, “原文缺失…”).
 * Such words must not reach a document a unit appeals against: every deduction that cites an
 * item saying so is reported, once per item, at the first row citing it — a warning, or an
 * error under --strict (the run that prints for issue). */
#include "model/model.h"

#include <string.h>

#include "base/diag.h"
#include "base/util.h"

static bool strict;

void model_set_strict(bool on) { strict = on; }

/* The note an item's text carries when it is not the method's own wording, or NULL. */
static const char *placeholder_note(const item *it)
{
	static const char *const notes[] = { "原文缺失", "原文截断" };
	for (size_t k = 0; k < sizeof notes / sizeof *notes; k++)
		if (strstr(it->text, notes[k])) return notes[k];
	return NULL;
}

void model_check_placeholders(const model *m)
{
	if (!m->nitems || !m->ndeductions) return;
	bool *told = xcalloc((size_t)m->nitems, sizeof *told);
	char *path = path_join(m->dir, data_file_name[FILE_DEDUCTIONS]);
	/* Rows are in file order: the first one citing an item is the one named. */
	for (int i = 0; i < m->ndeductions; i++) {
		const deduction *d = &m->deductions[i];
		if (d->item < 0 || d->item >= m->nitems || told[d->item]) continue;
		const item *it = &m->items[d->item];
		const char *note = placeholder_note(it);
		if (!note) continue;
		told[d->item] = true;
		const char *where = m->builtin_catalog
			? "；数据文件夹没有 items.csv，用的是内置目录，可把 samples/2022/items.csv 复制过去再改" : "";
		if (strict)
			diag_error(path, d->line, 0, "扣分项 %s 的内容是占位文字（%s），--strict 时不能印发：请在 items.csv 中改为正式办法的原文%s",
				it->code, note, where);
		else
			diag_warn(path, d->line, 0, "扣分项 %s 的内容是占位文字（%s），正式印发前请在 items.csv 中改为正式办法的原文%s",
				it->code, note, where);
	}
	free(path);
	free(told);
}
