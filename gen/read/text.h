/* text.h — reads a data file and converts it to UTF-8 (UTF-8 with/without BOM, or GB18030). */
#ifndef KAOJI_TEXT_H
#define KAOJI_TEXT_H

#include <stddef.h>

typedef enum { ENC_UTF8, ENC_UTF8_BOM, ENC_GB18030 } text_encoding;

const char *text_encoding_name(text_encoding e);
/* Decodes bytes as SPEC §7.1 says; on failure reports PATH:LINE:COL with the byte offset, returns NULL. */
char *text_decode(const char *path, const char *bytes, size_t n, size_t *outlen, text_encoding *enc);
/* Reads and decodes a file; NULL after reporting an error. */
char *text_load(const char *path, size_t *outlen, text_encoding *enc);

#endif
