/* args.c — the option parser the subcommands share: DATA_DIR, -o, --month, --all, --set,
 * --csv-only, --strict, --draft-notice, --full, --templates, --fonts. */
#include <stdio.h>
#include <string.h>

#include "base/paths.h"
#include "base/util.h"
#include "cmd/cmd.h"
#include "model/model.h"

/* `allowed` lists the options this command takes, e.g. "o,set,month,all". */
static int allows(const char *allowed, const char *opt)
{
	size_t n = strlen(opt);
	for (const char *p = allowed; (p = strstr(p, opt)); p += n)
		if ((p == allowed || p[-1] == ',') && (p[n] == ',' || !p[n])) return 1;
	return 0;
}

/* Whether a --set assignment names a setting and a value it can take (reported if not). */
static int valid_setting(const char *assignment)
{
	settings s;
	settings_default(&s);
	int rc = settings_override(&s, assignment, NULL);
	settings_free(&s);
	return rc == 0;
}

int cmd_parse(int argc, char **argv, const char *usage, const char *allowed, cmd_args *a)
{
	memset(a, 0, sizeof *a);
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i];
		const char *name = !strcmp(o, "-o") ? "o" : !strncmp(o, "--", 2) ? o + 2 : NULL;
		if (!strcmp(o, "--help") || !strcmp(o, "-h")) { fputs(usage, stdout); return 1; }
		if (!name || o[0] != '-') {
			if (a->npositional == 8) { fprintf(stderr, "kaoji: 参数太多\n\n%s", usage); return -1; }
			a->positional[a->npositional++] = argv[i];
			continue;
		}
		char key[32];
		const char *val = NULL;
		snprintf(key, sizeof key, "%.*s", (int)strcspn(name, "="), name);
		if (strchr(name, '=')) val = strchr(name, '=') + 1;
		if (!allows(allowed, key)) {
			fprintf(stderr, "kaoji: 不认识的选项 %s\n\n%s", o, usage);
			return -1;
		}
		if (!strcmp(key, "all")) { a->all = 1; continue; }
		if (!strcmp(key, "csv-only")) { a->csv_only = 1; continue; }
		if (!strcmp(key, "strict")) { a->strict = 1; continue; }
		if (!strcmp(key, "full")) { a->full = 1; continue; }
		if (!strcmp(key, "draft-notice")) { a->draft_notice = 1; continue; }
		if (!val) {
			if (i + 1 >= argc) { fprintf(stderr, "kaoji: 选项 %s 需要一个值\n\n%s", o, usage); return -1; }
			val = argv[++i];
		}
		if (!strcmp(key, "o")) a->out = val;
		else if (!strcmp(key, "month")) a->month = val;
		else if (!strcmp(key, "templates")) a->templates = val;
		else if (!strcmp(key, "fonts")) a->fonts = val;
		else if (!strcmp(key, "set")) {
			if (a->nsets == 64) { fprintf(stderr, "kaoji: --set 最多64个\n"); return -1; }
			if (!valid_setting(val)) return -1;
			a->sets[a->nsets++] = (char *)val;
		}
	}
	if (a->out && !a->out[0]) { fprintf(stderr, "kaoji: -o 后面应是输出文件夹或文件，不能为空\n\n%s", usage); return -1; }
	if (a->npositional > 0) a->data_dir = a->positional[0];
	/* --strict also holds the data to what may be issued: a placeholder catalog text is an
	 * error (model/placeholder.c). */
	model_set_strict(a->strict);
	return 0;
}

int cmd_paths(const cmd_args *a, const char *data_dir)
{
	return paths_setup(data_dir, a->templates, a->fonts);
}
