/* printable.c — the one place that says which characters a document can print. */
#include "model/printable.h"

#include <string.h>

#include "base/util.h"

char *printable_problem(const char *s, const printable_fonts *fonts, int *col)
{
	int at = 0;
	for (const char *p = s, *end = s + strlen(s); p < end;) {
		int32_t cp = utf8_next(&p, end);
		at++;
		if (col) *col = at;
		if (cp < 0) return xstrdup("不是有效的 UTF-8 文本");
		/* The character is spelled out only for a message (every cell's characters pass here). */
		char ch[8] = {0};
		if (cp > 0xFFFF) {
			utf8_put(ch, cp);
			return xasprintf("字符“%s”(U+%04X) 在基本多文种平面之外，PDF 文件无法排印；请换用常用字或写法", ch,
				(unsigned)cp);
		}
		/* Layout sets tabs and line ends as spaces. */
		if (cp == '\t' || cp == '\r' || cp == '\n' || !fonts) continue;
		/* Asked for every character of every cell: the known ones without a call. */
		if (fonts->ok && cp <= 0xFFFF && (fonts->ok[cp >> 3] >> (cp & 7) & 1)) continue;
		const char *role = fonts->lacks(fonts->ctx, (uint32_t)cp);
		if (!role) continue;
		if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
			return xasprintf("有看不见的控制字符 U+%04X，文件无法排印；请删去", (unsigned)cp);
		utf8_put(ch, cp);
		return xasprintf("字符“%s”(U+%04X) 在“%s”字体链的所有字体中都没有，文件无法排印；请换用常用写法，"
			"或在 fonts/ 中放入含此字的字体（见 kaoji fonts）", ch, (unsigned)cp, role);
	}
	return NULL;
}
