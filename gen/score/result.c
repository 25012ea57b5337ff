/* result.c — results.csv rows as values (result.h): from the scores, or read from a file. */
#include "score/result.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "base/diag.h"
#include "base/util.h"

const char *const result_column[RESULT_COLUMNS] = {
	"排名", "单位", "类型", "日常考核", "纪委监委评价", "第三方满意度评价", "行风监督员评价",
	"领导班子及科室负责人评价", "满意度评价", "扣分", "最终得分", "等次",
};

/* English aliases, as the data files have them. */
static const char *const result_column_en[RESULT_COLUMNS] = {
	"rank", "unit", "type", "daily", "discipline", "third_party", "supervisors", "leaders",
	"satisfaction", "penalty", "final", "grade",
};

bool result_is_number(int col)
{
	return col != RESULT_NAME && col != RESULT_TYPE && col != RESULT_GRADE;
}

void result_row_of(const year_score *y, int u, result_row *r)
{
	const unit *un = &y->m->units[u];
	const unit_score *s = &y->u[u];
	memset(r, 0, sizeof *r);
	r->name = un->name;
	r->type = unit_type_name(un->type);
	r->grade = grade_name(s->grade, unit_is_window(un));
	r->rank = s->rank;
	r->has[RESULT_RANK] = r->has[RESULT_NAME] = r->has[RESULT_TYPE] = r->has[RESULT_GRADE] = true;
	r->v[RESULT_DAILY] = s->daily;
	for (int c = 0; c < COMP_COUNT; c++) {
		r->has[RESULT_COMP + c] = s->comp[c].applies;
		r->v[RESULT_COMP + c] = s->comp[c].applies ? s->comp[c].points : 0;
	}
	r->v[RESULT_SATISFACTION] = s->satisfaction;
	r->v[RESULT_PENALTY] = s->penalty;
	r->v[RESULT_FINAL] = s->final;
	r->has[RESULT_DAILY] = r->has[RESULT_SATISFACTION] = r->has[RESULT_PENALTY] = r->has[RESULT_FINAL] = true;
}

void result_table_of(const year_score *y, const char *source, result_table *t)
{
	memset(t, 0, sizeof *t);
	t->source = xstrdup(source);
	t->n = y->m->nunits;
	t->rows = xcalloc((size_t)t->n + 1, sizeof *t->rows);
	for (int i = 0; i < t->n; i++) result_row_of(y, y->order[i], &t->rows[i]);
}

const char *result_cell(const result_row *r, int col, char buf[32])
{
	if (col == RESULT_NAME) return r->name;
	if (col == RESULT_TYPE) return r->type;
	if (col == RESULT_GRADE) return r->grade;
	if (col == RESULT_RANK) { snprintf(buf, 32, "%d", r->rank); return buf; }
	return r->has[col] ? dec_fmt(r->v[col], 2, buf) : "";
}

/* The text of a cell with results.csv's formula guard (a leading apostrophe) undone. */
static const char *unguard(const char *s)
{
	return s[0] == '\'' && s[1] && strchr("=+-@\t\r", s[1]) ? s + 1 : s;
}

/* Whether s names a grade (results.csv says it in words). */
static bool is_grade(const char *s)
{
	for (int g = GRADE_EXCELLENT; g <= GRADE_BASIC; g++)
		if (!strcmp(s, grade_name((grade)g, true)) || !strcmp(s, grade_name((grade)g, false))) return true;
	return false;
}

/* Checks and stores one data row; false after reporting its first bad cell. */
static bool read_row(result_table *t, const csv_row *row, const int *idx, result_row *r)
{
	const char *p = t->source;
	memset(r, 0, sizeof *r);
	r->line = row->line;
	for (int c = 0; c < RESULT_COLUMNS; c++) {
		const char *s = csv_text(row, idx[c]);
		int line = csv_line(row, idx[c]), col = idx[c] + 1;
		if (c == RESULT_NAME || c == RESULT_TYPE || c == RESULT_GRADE) {
			s = unguard(s);
			if (!s[0]) { diag_error(p, line, col, "%s不能为空", result_column[c]); return false; }
			if (c == RESULT_TYPE && strcmp(s, "单设窗口") && strcmp(s, "综合窗口") && strcmp(s, "分中心")) {
				diag_error(p, line, col, "类型“%s”不是单设窗口、综合窗口或分中心", s);
				return false;
			}
			if (c == RESULT_GRADE && !is_grade(s)) {
				diag_error(p, line, col, "等次“%s”不是考绩先进、良好、合格、基本合格窗口（分中心）之一", s);
				return false;
			}
			*(c == RESULT_NAME ? &r->name : c == RESULT_TYPE ? &r->type : &r->grade) = s;
			r->has[c] = true;
		} else if (c == RESULT_RANK) {
			int64_t v;
			if (int_parse(s, &v) || v < 1 || v > 1000000) {
				diag_error(p, line, col, "排名应是正整数，而不是“%s”", s);
				return false;
			}
			r->rank = (int)v;
			r->has[c] = true;
		} else if (s[0] || c != RESULT_COMP + COMP_THIRD_PARTY) {
			if (dec_parse(s, 2, false, &r->v[c]) != DEC_OK) {
				diag_error(p, line, col, "%s应是最多两位小数的数，而不是“%s”", result_column[c], s);
				return false;
			}
			r->has[c] = true;
		}
	}
	return true;
}

int result_read(const char *path, result_table *t)
{
	memset(t, 0, sizeof *t);
	t->source = xstrdup(path);
	struct stat st;
	if (stat(path, &st)) {
		diag_error(path, 0, 0, "无法读取：%s", sys_error(errno));
		return EXIT_NOINPUT;
	}
	if (csv_load(path, &t->t)) return EXIT_DATAERR;
	csv_column cols[RESULT_COLUMNS];
	int idx[RESULT_COLUMNS];
	for (int c = 0; c < RESULT_COLUMNS; c++) cols[c] = (csv_column){ result_column[c], result_column_en[c], true };
	if (csv_map_header(&t->t, cols, RESULT_COLUMNS, idx)) return EXIT_DATAERR;
	t->rows = xcalloc(t->t.nrows + 1, sizeof *t->rows);
	int bad = 0;
	for (size_t i = 1; i < t->t.nrows; i++) {
		const csv_row *row = &t->t.rows[i];
		int empty = 1;
		for (int k = 0; k < row->ncells; k++) if (row->cells[k].text[0]) empty = 0;
		if (empty) continue;           /* Excel's blank rows */
		result_row *r = &t->rows[t->n];
		if (!read_row(t, row, idx, r)) { bad = 1; continue; }
		for (int j = 0; j < t->n; j++)
			if (!strcmp(t->rows[j].name, r->name)) {
				diag_error(path, csv_line(row, idx[RESULT_NAME]), idx[RESULT_NAME] + 1,
					"单位“%s”重复（第%d行已有）", r->name, t->rows[j].line);
				bad = 1;
				r = NULL;
				break;
			}
		if (r) t->n++;
	}
	return bad ? EXIT_DATAERR : EXIT_OK;
}

void result_free(result_table *t)
{
	free(t->source);
	free(t->rows);
	if (t->t.rows) csv_free_table(&t->t);
	memset(t, 0, sizeof *t);
}
