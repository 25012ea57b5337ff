/* notice.c — `kaoji notice TEMPLATE DATA_DIR -o FILE.pdf`: any 公文 template against the year's data. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/paths.h"
#include "base/util.h"
#include "cmd/cmd.h"
#include "cmd/output.h"

static const char usage[] =
	"用法: kaoji notice TEMPLATE DATA_DIR -o FILE.pdf [--set 设置项=值]... [--strict]\n"
	"                   [--templates 模板文件夹] [--fonts 字体文件夹]\n"
	"按模板生成一份公文，如 call.tpl（年终考绩评价工作的通知）。TEMPLATE 是模板文件的路径；只写文件名\n"
	"而当前文件夹中没有时，在模板文件夹中找（与 kaoji annual 相同：--templates、KAOJI_TEMPLATES、\n"
	"DATA_DIR/templates/、kaoji 自己的模板）。模板可用的名称见 templates/README.md。\n"
	"模板用到 method.ini 中没有的公文设置时印为草稿（--strict 时是错误）。\n";

/* The template a user names: the path as given, else a bare file name from the template
 * folders (kaoji notice call.tpl works from any folder).  NULL after reporting. */
static char *find_template(const char *name)
{
	if (access(name, F_OK) == 0) return xstrdup(name);
	char *path = strchr(name, '/') ? NULL : paths_find(DATA_TEMPLATES, name);
	if (path) return path;
	diag_error(name, 0, 0, "找不到模板文件%s", strchr(name, '/') ? "" : "（当前文件夹和模板文件夹中都没有，kaoji --version 列出模板文件夹）");
	return NULL;
}

int cmd_notice(int argc, char **argv)
{
	cmd_args a;
	int rc = cmd_parse(argc, argv, usage, "o,set,strict,templates,fonts", &a);
	if (rc) return rc > 0 ? EXIT_OK : EXIT_USAGE;
	if (a.npositional != 2 || !a.out) { fputs(usage, stderr); return EXIT_USAGE; }
	model m = {0};
	run_output o = {0};
	/* The file goes to its folder through the same staging as the other commands. */
	char *dir = xstrdup(a.out), *slash = strrchr(dir, '/');
	const char *name = slash ? a.out + (slash - dir) + 1 : a.out;
	if (!name[0]) { fprintf(stderr, "kaoji notice: -o 应给出文件名，如 -o out/通知.pdf\n"); free(dir); return EXIT_USAGE; }
	/* Only a .pdf, and never the template itself: a slip of -o must not destroy an input. */
	size_t nl = strlen(name);
	struct stat so, si;
	if (nl < 5 || strcasecmp(name + nl - 4, ".pdf")) {
		fprintf(stderr, "kaoji notice: -o 应给出 .pdf 文件名（如 -o out/通知.pdf），实际是“%s”；kaoji 不会覆盖其他文件\n", a.out);
		free(dir);
		return EXIT_USAGE;
	}
	if (stat(a.out, &so) == 0 && stat(a.positional[0], &si) == 0 && so.st_dev == si.st_dev && so.st_ino == si.st_ino) {
		fprintf(stderr, "kaoji notice: -o “%s”就是模板文件本身，不能覆盖输入\n", a.out);
		free(dir);
		return EXIT_USAGE;
	}
	if (slash == dir) slash[1] = 0;                 /* "/x.pdf": the folder is "/" */
	else if (slash) *slash = 0;
	else { free(dir); dir = xstrdup("."); }
	char *tpl = NULL;
	if ((rc = cmd_paths(&a, a.positional[1]))) { free(dir); return rc; }
	if (!(tpl = find_template(a.positional[0]))) { free(dir); return EXIT_NOINPUT; }
	rc = out_prepare(dir);
	if (rc == EXIT_OK) rc = out_fonts(&o);
	if (rc == EXIT_OK) rc = model_load(&m, a.positional[1], a.sets, a.nsets, out_printable(&o));
	if (rc == EXIT_OK) rc = out_begin(&o, dir);
	if (rc == EXIT_OK) out_options(&o, a.positional[1], &a);
	if (rc == EXIT_OK) {
		char *path = path_join(o.stage, name);
		rc = doc_notice(&m, tpl, o.fonts, path, &o.stats);
		free(path);
	}
	rc = out_end(&o, rc);
	free(tpl);
	free(dir);
	model_free(&m);
	return rc;
}
