/* content.h — a page's content stream (content.c), for the file writer (write.c): inside
 * the PDF backend only. */
#ifndef KAOJI_PDF_CONTENT_H
#define KAOJI_PDF_CONTENT_H

#include "base/util.h"
#include "font/font.h"
#include "pdf/list.h"

/* The code of key in face, given by the file the page is drawn into. */
typedef unsigned (*pd_code_fn)(void *arg, int face, fn_key key);
/* Appends page pg's content stream to out; faces[f] is set for each face it draws. */
void pd_content(const fn_set *fs, const page_t *pg, pd_code_fn code, void *arg, strbuf *out, unsigned char *faces);
/* Appends a number to 4 decimals (sizes, widths, colours), trailing zeros cut, and a space. */
void pd_put_num(strbuf *b, double x);
/* Writes v (< 0x10000) as four upper-case hex digits at p; returns the end. */
char *pd_hex4(char *p, unsigned v);

#endif
