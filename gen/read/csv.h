/* csv.h — CSV tables with the line and column of every cell, and header mapping by name. */
#ifndef KAOJI_CSV_H
#define KAOJI_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "read/text.h"

typedef struct {
	char *text;          /* UTF-8, spaces trimmed by libcsv for unquoted fields */
	int line;            /* physical line where the field starts */
} csv_cell;

typedef struct {
	csv_cell *cells;
	int ncells;
	int line;            /* line of the row's first field */
} csv_row;

typedef struct {
	char *path;
	text_encoding enc;
	csv_row *rows;       /* rows[0] is the header */
	size_t nrows;
	size_t split_lines;  /* lines split by csv.c itself, not libcsv (tests look) */
	char **chunks;       /* the arena every cell text and row's cells lie in */
	size_t nchunks, chunks_cap, arena_left;
	char *arena;
} csv_table;

/* A column a file may have: Chinese canonical name, English alias. */
typedef struct {
	const char *zh, *en;
	bool required;
} csv_column;

/* Parses UTF-8 text; reports errors against path. Returns 0 or -1. */
int  csv_parse_text(const char *path, const char *text, size_t len, csv_table *t);
/* Tests: false sends every line through libcsv, to compare with the split done here. */
void csv_fast_lines(bool on);
/* Reads, decodes and parses a file. */
int  csv_load(const char *path, csv_table *t);
void csv_free_table(csv_table *t);
/* Maps columns by header; idx[i] = field index of cols[i] or -1. Missing required → error. */
int  csv_map_header(const csv_table *t, const csv_column *cols, int ncols, int *idx);
/* Cell text of field idx in row r ("" when absent). */
const char *csv_text(const csv_row *r, int idx);
/* Line of field idx in row r (the row's line when absent). */
int  csv_line(const csv_row *r, int idx);

#endif
