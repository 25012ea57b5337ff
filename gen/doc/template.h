/* template.h — document templates: plain text with {{占位}}, {{#each 列表}}…{{/each}},
 * {{#if 条件}}…{{else}}…{{/if}}, expanded against a tree of values, then read as blocks
 * (paragraphs, # headings, @directives) that the document code lays out. Syntax: templates/README.md. */
#ifndef KAOJI_TEMPLATE_H
#define KAOJI_TEMPLATE_H

#include <stddef.h>

/* A record of values: text by key, or lists of records. Lookups fall back to the parent. */
typedef struct tpl_ctx tpl_ctx;

tpl_ctx *tpl_new(void);
void tpl_free(tpl_ctx *c);
void tpl_set(tpl_ctx *c, const char *key, const char *value);
void tpl_setf(tpl_ctx *c, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A record whose lookups fall back to parent (freed on its own, before the parent). */
tpl_ctx *tpl_child(const tpl_ctx *parent);
/* Appends a new record to list `list` of c (creating the list) and returns it. */
tpl_ctx *tpl_push(tpl_ctx *c, const char *list);
/* Declares an empty list (so {{#if 列表}} and {{#each}} work with nothing in it). */
void tpl_list(tpl_ctx *c, const char *list);
/* A value that is not set (a document setting method.ini lacks): it expands to `blank`, the
 * room left for the pen, and the expansion records `setting` in tpl_doc.missing, which makes
 * the document a draft.  {{#if key}} is false for it. */
void tpl_set_missing(tpl_ctx *c, const char *key, const char *blank, const char *setting);

/* One block of an expanded template. */
typedef enum { TB_PARA, TB_HEADING, TB_DIRECTIVE } tpl_kind;
typedef struct {
	tpl_kind kind;
	int level;              /* heading level 1–4 */
	char *name;             /* directive name (“标题”), NULL otherwise */
	char **args;            /* directive arguments split at “|”, trimmed; paragraph/heading: args[0] = text */
	int nargs;
	int line;               /* line in the template file */
} tpl_block;

typedef struct {
	char *path;
	tpl_block *blocks;
	size_t n;
	char **missing;         /* settings whose blanks the document printed, in order of first use */
	size_t nmissing;
} tpl_doc;

/* Expands the template text against ctx and splits it into blocks.
 * Returns 0, or -1 after reporting errors as PATH:LINE:COL. */
int  tpl_render(const char *path, const char *src, const tpl_ctx *ctx, tpl_doc *out);
/* Reads the template file, then as tpl_render. */
int  tpl_render_file(const char *path, const tpl_ctx *ctx, tpl_doc *out);
void tpl_doc_free(tpl_doc *d);

#endif
