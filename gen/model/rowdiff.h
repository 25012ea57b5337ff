/* rowdiff.h — the input rows that differ between two data folders (kaoji diff): each data
 * file and method.ini compared row by row, as diff(1) compares lines, but on the cells read
 * (an encoding, quoting or line-ending change is no change). */
#ifndef KAOJI_ROWDIFF_H
#define KAOJI_ROWDIFF_H

#include <stddef.h>

typedef enum { ROW_ADDED, ROW_REMOVED, ROW_CHANGED } row_kind;

typedef struct {
	const char *file;               /* "deductions.csv" (static) */
	row_kind kind;
	int old_line, new_line;         /* 0 where the row is not */
	char *old_text, *new_text;      /* the cells joined by ",", NULL where the row is not */
} row_change;

typedef struct {
	row_change *c;
	int n;
	size_t cap;
} row_diff;

extern const char *const row_kind_name[3];     /* 新增, 删除, 修改 */

/* Compares the files of two folders that model_load accepted.  0, or an exit status after
 * reporting a file that cannot be read. */
int  rowdiff_folders(const char *old_dir, const char *new_dir, row_diff *d);
void rowdiff_free(row_diff *d);

#endif
