/* fuzz_template.c — libFuzzer target: document templates.  The input is a template,
 * expanded against the values every template sees (from a small valid year) plus a list
 * of records, then read into blocks and its page style — no PDF is written. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "doc/documents.h"
#include "doc/render.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static model m;
static tpl_ctx *ctx;

/* The context once per process: a valid year's common values and a list of three. */
static void setup(void)
{
	fz_quiet();
	fz_write(-1, NULL, 0);
	if (model_load(&m, fz_folder(), NULL, 0, NULL)) abort();
	ctx = doc_common_context(&m);
	for (int i = 0; i < 3; i++) {
		tpl_ctx *it = tpl_push(ctx, "列表");
		tpl_setf(it, "名称", "第%d项", i + 1);
		tpl_set(it, "空", "");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!ctx) setup();
	fz_quiet();
	char *src = xmalloc(size + 1);
	memcpy(src, data, size);
	src[size] = 0;
	tpl_doc t;
	if (tpl_render("fuzz.tpl", src, ctx, &t) == 0) (void)doc_page_style(&t);
	tpl_doc_free(&t);
	free(src);
	return 0;
}
