/* paths.c — the search lists of kaoji's data folders (see paths.h), made once per run. */
#include "base/paths.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "base/diag.h"
#include "base/util.h"

/* What each kind is called: its sub-folder, option, environment variable, Chinese name. */
static const struct { const char *sub, *option, *env, *zh; } kinds[DATA_KINDS] = {
	[DATA_TEMPLATES] = { "templates", "--templates", "KAOJI_TEMPLATES", "模板" },
	[DATA_FONTS]     = { "fonts", "--fonts", "KAOJI_FONTS", "字体" },
};

/* A search list; id[] tells folders apart however they are spelt (bin/../share). */
typedef struct {
	data_folder *v;
	struct stat *id;
	size_t n, cap;
} folder_list;

static folder_list lists[DATA_KINDS];
static bool ready;

/* Empties every list. */
static void clear(void)
{
	for (int k = 0; k < DATA_KINDS; k++) {
		for (size_t i = 0; i < lists[k].n; i++) free(lists[k].v[i].dir);
		free(lists[k].v);
		free(lists[k].id);
		lists[k] = (folder_list){0};
	}
}

/* Appends dir (taken) to kind's list, unless the list already holds that folder. */
static void add(data_kind kind, char *dir, const char *origin)
{
	folder_list *l = &lists[kind];
	struct stat st;
	bool exists = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
	for (size_t i = 0; exists && i < l->n; i++)
		if (l->v[i].exists && l->id[i].st_dev == st.st_dev && l->id[i].st_ino == st.st_ino) {
			free(dir);
			return;
		}
	size_t cap = l->cap;
	GROW(l->v, l->n, l->cap);
	if (l->cap != cap) l->id = xrealloc(l->id, l->cap * sizeof *l->id);
	l->v[l->n] = (data_folder){ dir, origin, exists };
	if (exists) l->id[l->n] = st;
	l->n++;
}

/* Adds base/sub to kind's list, base printed as the system resolves it (no "bin/.."). */
static void add_under(data_kind kind, const char *base, const char *sub, const char *origin)
{
	char *real = realpath(base, NULL);
	add(kind, path_join(real ? real : base, sub), origin);
	free(real);
}

/* The folders beside the executable: share/kaoji of the tree it is installed in, else the
 * source tree build/kaoji, build/asan/kaoji or a test binary lies in (the first folder up
 * that holds gen/main.c). */
static void add_beside_executable(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0) return;
	exe[n] = 0;
	char *slash = strrchr(exe, '/');
	if (!slash) return;
	*slash = 0;
	char *share = xasprintf("%s/../share/kaoji", exe);
	struct stat st;
	if (stat(share, &st) == 0 && S_ISDIR(st.st_mode)) {
		add_under(DATA_TEMPLATES, share, "templates", "kaoji 的安装位置");
		add_under(DATA_FONTS, share, "fonts", "kaoji 的安装位置");
		free(share);
		return;
	}
	free(share);
	for (;;) {
		char *main_c = path_join(exe, "gen/main.c");
		int tree = access(main_c, F_OK) == 0;
		free(main_c);
		if (tree) {
			add_under(DATA_TEMPLATES, exe, "templates", "kaoji 的源码树");
			add_under(DATA_FONTS, exe, "fonts", "kaoji 的源码树");
			add_under(DATA_FONTS, exe, "build/fonts", "kaoji 的源码树：make 取出的 Fandol 字体");
			return;
		}
		if (!exe[0] || !(slash = strrchr(exe, '/'))) return;
		*slash = 0;
	}
}

/* Adds a folder the user named (option or environment); it must exist. */
static int add_named(data_kind kind, const char *dir, const char *origin)
{
	struct stat st;
	int err = stat(dir, &st) != 0 ? errno : !S_ISDIR(st.st_mode) ? ENOTDIR : 0;
	if (err) {
		diag_error(dir, 0, 0, "找不到%s文件夹（%s）：%s", kinds[kind].zh, origin, sys_error(err));
		return EXIT_NOINPUT;
	}
	add(kind, xstrdup(dir), origin);
	return EXIT_OK;
}

int paths_setup(const char *data_dir, const char *templates, const char *fonts)
{
	clear();
	ready = true;
	const char *option[DATA_KINDS] = { [DATA_TEMPLATES] = templates, [DATA_FONTS] = fonts };
	int rc = EXIT_OK;
	for (int k = 0; k < DATA_KINDS; k++) {
		const char *env = getenv(kinds[k].env);
		if (option[k] && !rc) rc = add_named((data_kind)k, option[k], kinds[k].option);
		if (env && env[0] && !rc) rc = add_named((data_kind)k, env, kinds[k].env);
		if (data_dir) add((data_kind)k, path_join(data_dir, kinds[k].sub), "数据文件夹");
	}
	add_beside_executable();
	for (int k = 0; k < DATA_KINDS; k++)
		add((data_kind)k, path_join(KAOJI_PKGDIR, kinds[k].sub), "编译时的安装位置（PREFIX）");
	return rc;
}

/* The lists, made without a data folder or options when no command set them up (a folder
 * the environment names that does not exist has been reported, and is left out). */
static void ensure_ready(void)
{
	if (!ready) paths_setup(NULL, NULL, NULL);
}

const data_folder *paths_list(data_kind kind, size_t *n)
{
	ensure_ready();
	*n = lists[kind].n;
	return lists[kind].v;
}

char *paths_find(data_kind kind, const char *name)
{
	size_t n;
	const data_folder *f = paths_list(kind, &n);
	for (size_t i = 0; i < n; i++) {
		if (!f[i].exists) continue;
		char *path = path_join(f[i].dir, name);
		if (access(path, F_OK) == 0) return path;
		free(path);
	}
	return NULL;
}

int paths_missing(data_kind kind, const char *name)
{
	size_t n;
	const data_folder *f = paths_list(kind, &n);
	strbuf where = {0};
	for (size_t i = 0; i < n; i++)
		sb_printf(&where, "%s%s/%s%s", i ? "、" : "", f[i].dir, name, f[i].exists ? "" : "（文件夹不存在）");
	diag_error(name, 0, 0, "找不到%s文件，依次查找了：%s。kaoji 的安装不完整：请重新安装（make install），"
	           "或用 %s 或环境变量 %s 指定%s文件夹", kinds[kind].zh, where.s ? where.s : "（无）",
	           kinds[kind].option, kinds[kind].env, kinds[kind].zh);
	free(where.s);
	return EXIT_OSFILE;
}

void paths_describe(FILE *fp, data_kind kind)
{
	size_t n;
	const data_folder *f = paths_list(kind, &n);
	fprintf(fp, "%s文件夹（每个文件用依次找到的第一个）：\n", kinds[kind].zh);
	for (size_t i = 0; i < n; i++)
		fprintf(fp, "  %s — %s%s\n", f[i].dir, f[i].origin, f[i].exists ? "" : "；不存在");
}
