/* cff.c — reads a CFF table (Adobe Technical Note #5176) and writes it again with its
 * glyphs reordered and duplicated as the PDF's codes need (see cff.h).
 *
 * Only the structures a PDF viewer reads are rebuilt: the Top DICT (every offset written
 * as a 5-byte integer, so the layout is computed in one pass), the String INDEX (two
 * strings may be added for the ROS), charset, FDSelect, CharStrings, FDArray and the
 * Private DICTs with their local subroutines.  Charstrings are copied as they are but for
 * their advance width, rewritten where the PDF gives the glyph another (a half-width
 * mark): readers that measure text by the font program (MuPDF) then agree with the PDF's
 * /W.  The subset is desubroutinised, and even where it is not, a duplicate glyph calls
 * the same subroutines as its original. */
#include "font/cff.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

enum {
	OP_CHARSET = 15, OP_ENCODING = 16, OP_CHARSTRINGS = 17, OP_PRIVATE = 18, OP_SUBRS = 19,
	OP_UNIQUEID = 13, OP_XUID = 14,
	OP_ROS = 1230, OP_CIDCOUNT = 1234, OP_UIDBASE = 1235, OP_FDARRAY = 1236, OP_FDSELECT = 1237,
};
#define NSTDSTRINGS 391         /* SIDs below this are the standard strings */
#define MAXDICT 96              /* entries of one DICT */

/* A piece of the input. */
typedef struct {
	const unsigned char *p;
	size_t len;
} span_t;

/* An INDEX of the input: count entries and their offsets. */
typedef struct {
	unsigned count, offsize;
	const unsigned char *offs, *data;       /* data: one before the first byte (offsets are 1-based) */
	size_t size;                            /* bytes of the whole INDEX */
} cindex_t;

/* One operator of a DICT and the bytes of its operands. */
typedef struct {
	int op;                                 /* 0–21, or 1200 + b for the escaped 12 b */
	span_t args;
} entry_t;

typedef struct {
	entry_t e[MAXDICT];
	size_t n;
} dict_t;

/* A Font DICT of the FDArray (or the Top DICT of a name-keyed font) with its Private DICT. */
typedef struct {
	dict_t font, priv;
	span_t subrs;                           /* the local Subrs INDEX, raw (len 0: none) */
} fd_t;

/* Reads an n-byte big-endian unsigned value. */
static unsigned getu(const unsigned char *p, unsigned n)
{
	unsigned v = 0;
	while (n--) v = v << 8 | *p++;
	return v;
}

/* Reads the INDEX at off, checking that it lies inside the table; 0 or -1. */
static int read_index(const unsigned char *cff, size_t len, size_t off, cindex_t *ix)
{
	memset(ix, 0, sizeof *ix);
	if (off + 2 > len) return -1;
	ix->count = getu(cff + off, 2);
	if (!ix->count) { ix->size = 2; return 0; }
	if (off + 3 > len) return -1;
	ix->offsize = cff[off + 2];
	if (ix->offsize < 1 || ix->offsize > 4) return -1;
	size_t arr = off + 3, data = arr + (size_t)(ix->count + 1) * ix->offsize;
	if (data > len) return -1;
	ix->offs = cff + arr;
	unsigned prev = 1;
	for (unsigned i = 0; i <= ix->count; i++) {
		unsigned o = getu(ix->offs + (size_t)i * ix->offsize, ix->offsize);
		if (o < prev || data - 1 + o > len) return -1;
		prev = o;
	}
	ix->data = cff + data - 1;
	ix->size = data - off + prev - 1;
	return 0;
}

/* Entry i of an INDEX. */
static span_t index_get(const cindex_t *ix, unsigned i)
{
	unsigned a = getu(ix->offs + (size_t)i * ix->offsize, ix->offsize);
	unsigned b = getu(ix->offs + (size_t)(i + 1) * ix->offsize, ix->offsize);
	return (span_t){ ix->data + a, b - a };
}

/* Splits a DICT into operators and their operand bytes; 0 or -1 when malformed. */
static int read_dict(span_t s, dict_t *d)
{
	size_t i = 0, start = 0;
	d->n = 0;
	while (i < s.len) {
		unsigned b = s.p[i];
		if (b <= 21) {
			int op = (int)b;
			size_t oplen = 1;
			if (b == 12) {
				if (i + 1 >= s.len) return -1;
				op = 1200 + s.p[i + 1];
				oplen = 2;
			}
			if (d->n == MAXDICT) return -1;
			d->e[d->n++] = (entry_t){ op, { s.p + start, i - start } };
			i += oplen;
			start = i;
		} else if (b == 28) {
			i += 3;
		} else if (b == 29) {
			i += 5;
		} else if (b == 30) {                   /* a real: nibbles up to the 0xF nibble */
			for (i++; i < s.len; i++)
				if ((s.p[i] >> 4) == 0xF || (s.p[i] & 0xF) == 0xF) break;
			i++;
		} else if (b >= 32 && b <= 246) {
			i += 1;
		} else if (b >= 247 && b <= 254) {
			i += 2;
		} else {
			return -1;
		}
		if (i > s.len) return -1;
	}
	return start == s.len ? 0 : -1;
}

/* The integer operands of an entry (a real reads as 0): up to max, their count, or -1. */
static int dict_ints(const entry_t *e, long *v, int max)
{
	const unsigned char *p = e->args.p, *end = p + e->args.len;
	int n = 0;
	while (p < end) {
		unsigned b = *p;
		long x = 0;
		if (b == 28) { x = (int16_t)getu(p + 1, 2); p += 3; }
		else if (b == 29) { x = (int32_t)getu(p + 1, 4); p += 5; }
		else if (b == 30) {
			for (p++; p < end && (*p >> 4) != 0xF && (*p & 0xF) != 0xF; p++) {}
			p++;
		} else if (b >= 32 && b <= 246) { x = (long)b - 139; p += 1; }
		else if (b >= 247 && b <= 250) { x = ((long)b - 247) * 256 + p[1] + 108; p += 2; }
		else if (b >= 251 && b <= 254) { x = -((long)b - 251) * 256 - p[1] - 108; p += 2; }
		else return -1;
		if (n < max) v[n] = x;
		n++;
	}
	return n;
}

/* The first operand of an entry as a number (integer or real), or def when absent. */
static double dict_number(const entry_t *e, double def)
{
	if (!e || !e->args.len) return def;
	const unsigned char *p = e->args.p;
	if (*p != 30) {
		long v;
		return dict_ints(e, &v, 1) >= 1 ? (double)v : def;
	}
	char buf[64];
	size_t k = 0;
	static const char *const nib[16] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "E", "E-", "", "-", "" };
	for (const unsigned char *q = p + 1; q < p + e->args.len && k + 3 < sizeof buf; q++) {
		for (int h = 0; h < 2; h++) {
			unsigned v = h ? *q & 0xF : *q >> 4;
			if (v == 0xF) { buf[k] = 0; return strtod(buf, NULL); }
			for (const char *c = nib[v]; *c && k + 3 < sizeof buf; c++) buf[k++] = *c;
		}
	}
	return def;
}

/* The entry with operator op, or NULL. */
static const entry_t *dict_find(const dict_t *d, int op)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->e[i].op == op) return &d->e[i];
	return NULL;
}

/* Appends n bytes of a big-endian value. */
static void put_be(strbuf *b, unsigned long v, int n)
{
	char c[4];
	for (int i = 0; i < n; i++) c[i] = (char)(v >> 8 * (n - 1 - i));
	sb_add(b, c, (size_t)n);
}

/* Appends an integer operand in its 5-byte form, whatever its value (offsets are known
 * only after every size is). */
static void put_int5(strbuf *b, long v)
{
	sb_add(b, "\x1d", 1);
	put_be(b, (unsigned long)v & 0xFFFFFFFFul, 4);
}

/* Appends an operator. */
static void put_op(strbuf *b, int op)
{
	if (op >= 1200) { sb_add(b, "\x0c", 1); op -= 1200; }
	char c = (char)op;
	sb_add(b, &c, 1);
}

/* Appends an entry as it was in the input. */
static void put_entry(strbuf *b, const entry_t *e)
{
	sb_add(b, (const char *)e->args.p, e->args.len);
	put_op(b, e->op);
}

/* Appends an INDEX of n items. */
static void put_index(strbuf *b, const span_t *items, size_t n)
{
	put_be(b, n, 2);
	if (!n) return;
	size_t total = 1;
	for (size_t i = 0; i < n; i++) total += items[i].len;
	int os = total <= 0xFF ? 1 : total <= 0xFFFF ? 2 : total <= 0xFFFFFF ? 3 : 4;
	sb_reserve(b, 1 + (n + 1) * (size_t)os + total);
	char c = (char)os;
	sb_add(b, &c, 1);
	size_t o = 1;
	for (size_t i = 0; i <= n; i++) {
		put_be(b, o, os);
		if (i < n) o += items[i].len;
	}
	for (size_t i = 0; i < n; i++) sb_add(b, (const char *)items[i].p, items[i].len);
}

/* The SID of string s: a string of the INDEX, or one added to `added`. */
static unsigned sid_of(const cindex_t *strings, span_t *added, size_t *nadded, const char *s)
{
	size_t n = strlen(s);
	for (unsigned i = 0; i < strings->count; i++) {
		span_t t = index_get(strings, i);
		if (t.len == n && !memcmp(t.p, s, n)) return NSTDSTRINGS + i;
	}
	for (size_t i = 0; i < *nadded; i++)
		if (added[i].len == n && !memcmp(added[i].p, s, n)) return NSTDSTRINGS + strings->count + (unsigned)i;
	added[*nadded] = (span_t){ (const unsigned char *)s, n };
	return NSTDSTRINGS + strings->count + (unsigned)(*nadded)++;
}

/* Reads a Private DICT (size, offset from the start of the table) and its local Subrs. */
static int read_private(const unsigned char *cff, size_t len, const entry_t *pe, fd_t *fd)
{
	long v[2];
	if (dict_ints(pe, v, 2) != 2 || v[0] < 0 || v[1] < 0 || (size_t)v[1] + (size_t)v[0] > len) return -1;
	if (read_dict((span_t){ cff + v[1], (size_t)v[0] }, &fd->priv)) return -1;
	const entry_t *se = dict_find(&fd->priv, OP_SUBRS);
	fd->subrs = (span_t){ NULL, 0 };
	if (se) {
		long so;
		cindex_t ix;
		if (dict_ints(se, &so, 1) != 1 || so < 0 || read_index(cff, len, (size_t)(v[1] + so), &ix)) return -1;
		fd->subrs = (span_t){ cff + v[1] + so, ix.size };
	}
	return 0;
}

/* The Private DICT as written: every entry but Subrs, then Subrs pointing just past it
 * (flat: no Subrs, the charstrings have none). */
static void build_private(strbuf *b, const fd_t *fd, int flat)
{
	for (size_t i = 0; i < fd->priv.n; i++)
		if (fd->priv.e[i].op != OP_SUBRS) put_entry(b, &fd->priv.e[i]);
	if (fd->subrs.len && !flat) {
		long self = (long)b->len + 6;   /* this entry: 5-byte operand and the operator */
		put_int5(b, self);
		put_op(b, OP_SUBRS);
	}
}

/* Reads the glyphs' FDs from an FDSelect (format 0 or 3) at off. */
static int read_fdselect(const unsigned char *cff, size_t len, size_t off, unsigned nglyphs, unsigned nfd,
                         unsigned char *fd_of)
{
	if (off >= len) return -1;
	if (cff[off] == 0) {
		if (off + 1 + nglyphs > len) return -1;
		memcpy(fd_of, cff + off + 1, nglyphs);
	} else if (cff[off] == 3) {
		if (off + 3 > len) return -1;
		unsigned nr = getu(cff + off + 1, 2);
		const unsigned char *r = cff + off + 3;
		if (off + 3 + (size_t)nr * 3 + 2 > len || nr == 0) return -1;
		for (unsigned i = 0; i < nr; i++) {
			unsigned first = getu(r + 3 * i, 2), next = getu(r + 3 * i + 3, 2), fd = r[3 * i + 2];
			for (unsigned g = first; g < next && g < nglyphs; g++) fd_of[g] = (unsigned char)fd;
		}
	} else {
		return -1;
	}
	for (unsigned g = 0; g < nglyphs; g++)
		if (fd_of[g] >= nfd) return -1;
	return 0;
}

/* Reads a name-keyed font's charset (glyph → SID); predefined charsets map SID = glyph. */
static int read_sids(const unsigned char *cff, size_t len, long off, unsigned nglyphs, unsigned *sid)
{
	for (unsigned g = 0; g < nglyphs; g++) sid[g] = g;
	if (off <= 2) return 0;
	if ((size_t)off >= len) return -1;
	const unsigned char *p = cff + off, *end = cff + len;
	unsigned fmt = *p++, g = 1;
	while (g < nglyphs) {
		if (fmt == 0) {
			if (p + 2 > end) return -1;
			sid[g++] = getu(p, 2);
			p += 2;
		} else if (fmt == 1 || fmt == 2) {
			unsigned w = fmt == 1 ? 1 : 2;
			if (p + 2 + w > end) return -1;
			unsigned first = getu(p, 2), left = getu(p + 2, w);
			p += 2 + w;
			for (unsigned k = 0; k <= left && g < nglyphs; k++) sid[g++] = first + k;
		} else {
			return -1;
		}
	}
	return 0;
}

/* Length of the Type 2 charstring number at p (0 when p holds an operator). */
static size_t cs_number(const unsigned char *p, const unsigned char *end, double *v)
{
	unsigned b = *p;
	if (b == 28 && end - p >= 3) { *v = (int16_t)getu(p + 1, 2); return 3; }
	if (b >= 32 && b <= 246) { *v = (double)b - 139; return 1; }
	if (b >= 247 && b <= 250 && end - p >= 2) { *v = ((double)b - 247) * 256 + p[1] + 108; return 2; }
	if (b >= 251 && b <= 254 && end - p >= 2) { *v = -((double)b - 251) * 256 - p[1] - 108; return 2; }
	if (b == 255 && end - p >= 5) { *v = (int32_t)getu(p + 1, 4) / 65536.0; return 5; }
	return 0;
}

/* Appends a charstring integer. */
static void cs_put_int(strbuf *b, long v)
{
	if (v >= -107 && v <= 107) { char c = (char)(v + 139); sb_add(b, &c, 1); return; }
	if (v >= 108 && v <= 1131) { v -= 108; char c[2] = { (char)(247 + v / 256), (char)(v % 256) }; sb_add(b, c, 2); return; }
	if (v >= -1131 && v <= -108) { v = -v - 108; char c[2] = { (char)(251 + v / 256), (char)(v % 256) }; sb_add(b, c, 2); return; }
	sb_add(b, "\x1c", 1);
	put_be(b, (unsigned long)v & 0xFFFF, 2);
}

/* The charstring cs with its advance width set to width (font units), given the Font
 * DICT's nominalWidthX: the width is the extra first operand of the first stack-clearing
 * operator (TN #5177 §3.1), replaced or inserted.  0, or -1 when the charstring does not
 * open with an operator whose arguments can be counted (then it is copied unchanged). */
static int cs_with_width(span_t cs, double width, double nominal, strbuf *out)
{
	const unsigned char *p = cs.p, *end = cs.p + cs.len;
	size_t nargs = 0, first = 0;
	double v;
	while (p < end) {
		size_t k = cs_number(p, end, &v);
		if (!k) break;
		if (!nargs) first = k;
		nargs++;
		p += k;
	}
	if (p >= end) return -1;
	unsigned op = *p;
	int has;
	switch (op) {
	case 21: has = nargs == 3; break;                               /* rmoveto */
	case 22: case 4: has = nargs == 2; break;                       /* hmoveto, vmoveto */
	case 14: has = nargs == 1 || nargs == 5; break;                 /* endchar (seac: 4) */
	case 1: case 3: case 18: case 23: case 19: case 20: has = nargs % 2; break;   /* stems, hintmask */
	default: return -1;
	}
	cs_put_int(out, lround(width - nominal));
	sb_add(out, (const char *)cs.p + (has ? first : 0), cs.len - (has ? first : 0));
	return 0;
}

/* The Top DICT as written, with the given offsets (every one 5 bytes, see put_int5). */
static void build_top(strbuf *b, const dict_t *top, int cid, const unsigned ros[2], size_t n,
                      long charset, long fdselect, long charstrings, long fdarray, long priv_size, long priv_off)
{
	if (cid) {                              /* ROS must come first (TN #5176 §18) */
		put_int5(b, ros[0]);
		put_int5(b, ros[1]);
		put_int5(b, 0);
		put_op(b, OP_ROS);
	}
	for (size_t i = 0; i < top->n; i++) {
		switch (top->e[i].op) {
		case OP_CHARSET: case OP_ENCODING: case OP_CHARSTRINGS: case OP_PRIVATE: case OP_UNIQUEID: case OP_XUID:
		case OP_ROS: case OP_CIDCOUNT: case OP_UIDBASE: case OP_FDARRAY: case OP_FDSELECT:
			continue;
		}
		put_entry(b, &top->e[i]);
	}
	put_int5(b, charset);
	put_op(b, OP_CHARSET);
	put_int5(b, charstrings);
	put_op(b, OP_CHARSTRINGS);
	if (cid) {
		put_int5(b, (long)n);
		put_op(b, OP_CIDCOUNT);
		put_int5(b, fdarray);
		put_op(b, OP_FDARRAY);
		put_int5(b, fdselect);
		put_op(b, OP_FDSELECT);
	} else {
		put_int5(b, priv_size);
		put_int5(b, priv_off);
		put_op(b, OP_PRIVATE);
	}
}

/* The FDArray as written, each Font DICT pointing at its Private DICT. */
static void build_fdarray(strbuf *b, const fd_t *fds, size_t nfd, const long *priv_size, const long *priv_off)
{
	strbuf *dicts = xcalloc(nfd, sizeof *dicts);
	span_t *items = xcalloc(nfd, sizeof *items);
	for (size_t f = 0; f < nfd; f++) {
		for (size_t i = 0; i < fds[f].font.n; i++)
			if (fds[f].font.e[i].op != OP_PRIVATE) put_entry(&dicts[f], &fds[f].font.e[i]);
		put_int5(&dicts[f], priv_size[f]);
		put_int5(&dicts[f], priv_off[f]);
		put_op(&dicts[f], OP_PRIVATE);
		items[f] = (span_t){ (const unsigned char *)dicts[f].s, dicts[f].len };
	}
	put_index(b, items, nfd);
	for (size_t f = 0; f < nfd; f++) free(dicts[f].s);
	free(dicts);
	free(items);
}

/* Everything read from the input, freed by cff_rebuild. */
typedef struct {
	cindex_t names, tops, strings, gsubrs, cs;
	dict_t top;
	int cid;
	fd_t *fds;
	size_t nfd;
	unsigned char *fd_of;                   /* per input glyph */
	unsigned *sid;                          /* name-keyed: per input glyph */
} font_t;

/* Parses the structures cff_rebuild copies; 0 or -1 with *why. */
static int read_font(const unsigned char *cff, size_t len, font_t *f, const char **why)
{
	*why = "CFF 表结构无法识别";
	if (len < 4 || cff[0] != 1) { *why = "不是 CFF 第 1 版（CFF2 可变字体不支持）"; return -1; }
	size_t off = cff[2];
	if (read_index(cff, len, off, &f->names)) return -1;
	off += f->names.size;
	if (read_index(cff, len, off, &f->tops) || f->tops.count < 1) return -1;
	off += f->tops.size;
	if (read_index(cff, len, off, &f->strings)) return -1;
	off += f->strings.size;
	if (read_index(cff, len, off, &f->gsubrs)) return -1;
	if (read_dict(index_get(&f->tops, 0), &f->top)) return -1;
	long v[2];
	const entry_t *e = dict_find(&f->top, OP_CHARSTRINGS);
	if (!e || dict_ints(e, v, 1) != 1 || v[0] <= 0 || read_index(cff, len, (size_t)v[0], &f->cs) || !f->cs.count) return -1;
	unsigned nglyphs = f->cs.count;
	f->cid = dict_find(&f->top, OP_ROS) != NULL;
	f->fd_of = xcalloc(nglyphs, 1);
	if (f->cid) {
		cindex_t fda;
		e = dict_find(&f->top, OP_FDARRAY);
		if (!e || dict_ints(e, v, 1) != 1 || v[0] <= 0 || read_index(cff, len, (size_t)v[0], &fda) || !fda.count ||
		    fda.count > 256)
			return -1;
		f->nfd = fda.count;
		f->fds = xcalloc(f->nfd, sizeof *f->fds);
		for (unsigned i = 0; i < fda.count; i++) {
			if (read_dict(index_get(&fda, i), &f->fds[i].font)) return -1;
			const entry_t *pe = dict_find(&f->fds[i].font, OP_PRIVATE);
			if (!pe || read_private(cff, len, pe, &f->fds[i])) return -1;
		}
		e = dict_find(&f->top, OP_FDSELECT);
		if (e && (dict_ints(e, v, 1) != 1 || v[0] <= 0 || read_fdselect(cff, len, (size_t)v[0], nglyphs, (unsigned)f->nfd, f->fd_of)))
			return -1;
	} else {
		f->nfd = 1;
		f->fds = xcalloc(1, sizeof *f->fds);
		const entry_t *pe = dict_find(&f->top, OP_PRIVATE);
		if (!pe || read_private(cff, len, pe, &f->fds[0])) return -1;
		f->sid = xcalloc(nglyphs, sizeof *f->sid);
		e = dict_find(&f->top, OP_CHARSET);
		long cs = 0;
		if (e && dict_ints(e, &cs, 1) != 1) return -1;
		if (read_sids(cff, len, cs, nglyphs, f->sid)) return -1;
	}
	return 0;
}

/* Appends a CID-keyed font's charset for n glyphs: glyph k is CID cids[k] (increasing), or
 * CID k when cids is NULL; as ranges (format 2) or a list (format 0), whichever is shorter. */
static void put_charset(strbuf *b, const unsigned *cids, size_t n)
{
	size_t runs = 0;
	for (size_t k = 1; k < n; k++)
		if (k == 1 || !cids || cids[k] != cids[k - 1] + 1) runs++;
	if (!cids) runs = n > 1;
	if (cids && 2 * (n - 1) < 4 * runs) {
		put_be(b, 0, 1);
		for (size_t k = 1; k < n; k++) put_be(b, cids[k], 2);
		return;
	}
	put_be(b, 2, 1);
	for (size_t k = 1; k < n;) {
		size_t e = k + 1;
		while (cids && e < n && cids[e] == cids[e - 1] + 1) e++;
		if (!cids) e = n;
		put_be(b, cids ? cids[k] : k, 2);
		put_be(b, e - k - 1, 2);
		k = e;
	}
}

/* Writes the font whose glyph k is glyph order[k] of f, drawn by charstring cs[k] (the
 * font's own, or flattened: then no subroutines are written); 0 or -1 with *why. */
static int build(const unsigned char *cff, const font_t *f, const span_t *cs, int flat, const unsigned *order,
                 const double *widths, const unsigned *cids, size_t n, strbuf *out, const char **why)
{
	int rc = -1;
	span_t added[2];
	size_t nadded = 0;
	strbuf charset = {0}, fdselect = {0}, chars = {0}, strings = {0}, top = {0}, fdarray = {0};
	strbuf *privs = NULL;
	span_t *items = NULL;
	long *psize = NULL, *poff = NULL;
	*why = "CFF 字形编号超出范围";
	if (!n || n > 65535 || order[0] != 0) goto out;
	for (size_t k = 0; k < n; k++)
		if (order[k] >= f->cs.count) goto out;
	size_t ncids = n;                       /* CIDCount: one past the highest CID */
	if (cids) {
		*why = "CFF 的 CID 须递增";
		if (!f->cid || cids[0] != 0) goto out;
		for (size_t k = 1; k < n; k++)
			if (cids[k] <= cids[k - 1] || cids[k] > 65534) goto out;
		ncids = cids[n - 1] + 1;
	}
	/* The glyph → CID map is the identity or the given CIDs (CID-keyed), or the names
	 * follow their glyphs. */
	unsigned ros[2] = {0, 0};
	if (f->cid) {
		ros[0] = sid_of(&f->strings, added, &nadded, "Adobe");
		ros[1] = sid_of(&f->strings, added, &nadded, "Identity");
		put_charset(&charset, cids, n);
		/* FDSelect format 3: runs of glyphs sharing a Font DICT. */
		strbuf ranges = {0};
		unsigned nr = 0;
		for (size_t k = 0; k < n; k++)
			if (k == 0 || f->fd_of[order[k]] != f->fd_of[order[k - 1]]) {
				put_be(&ranges, k, 2);
				put_be(&ranges, f->fd_of[order[k]], 1);
				nr++;
			}
		put_be(&fdselect, 3, 1);
		put_be(&fdselect, nr, 2);
		sb_add(&fdselect, ranges.s, ranges.len);
		put_be(&fdselect, n, 2);
		free(ranges.s);
	} else {
		put_be(&charset, 0, 1);
		for (size_t k = 1; k < n; k++) put_be(&charset, f->sid[order[k]], 2);
	}
	items = xcalloc(n + f->strings.count + 2, sizeof *items);
	/* Rewritten charstrings (glyphs given another width) live in one buffer; the items
	 * point into it once it has stopped growing. */
	strbuf rew = {0};
	size_t *start = xcalloc(n, sizeof *start), *alen = xcalloc(n, sizeof *alen);
	for (size_t k = 0; k < n; k++) {
		items[k] = cs[k];
		if (!widths || widths[k] < 0) continue;
		const fd_t *fd = &f->fds[f->fd_of[order[k]]];
		size_t before = rew.len;
		if (cs_with_width(cs[k], widths[k], dict_number(dict_find(&fd->priv, 21), 0), &rew)) continue;
		start[k] = before + 1;
		alen[k] = rew.len - before;
	}
	for (size_t k = 0; k < n; k++)
		if (start[k]) items[k] = (span_t){ (const unsigned char *)rew.s + start[k] - 1, alen[k] };
	put_index(&chars, items, n);
	free(rew.s);
	free(start);
	free(alen);
	for (unsigned i = 0; i < f->strings.count; i++) items[i] = index_get(&f->strings, i);
	for (size_t i = 0; i < nadded; i++) items[f->strings.count + i] = added[i];
	put_index(&strings, items, f->strings.count + nadded);
	privs = xcalloc(f->nfd, sizeof *privs);
	psize = xcalloc(f->nfd, sizeof *psize);
	poff = xcalloc(f->nfd, sizeof *poff);
	for (size_t i = 0; i < f->nfd; i++) {
		build_private(&privs[i], &f->fds[i], flat);
		psize[i] = (long)privs[i].len;
	}
	size_t gsubrs = flat ? 2 : f->gsubrs.size;     /* flat: an empty INDEX */
	/* Sizes first (they do not depend on offset values), then the offsets. */
	build_top(&top, &f->top, f->cid, ros, ncids, 0, 0, 0, 0, 0, 0);
	span_t tspan = { (const unsigned char *)top.s, top.len };
	strbuf tindex = {0};
	put_index(&tindex, &tspan, 1);
	if (f->cid) build_fdarray(&fdarray, f->fds, f->nfd, psize, poff);
	long at = 4 + (long)f->names.size + (long)tindex.len + (long)strings.len + (long)gsubrs;
	long o_charset = at, o_fdselect = (at += (long)charset.len), o_chars = (at += (long)fdselect.len);
	long o_fdarray = (at += (long)chars.len);
	at += (long)fdarray.len;
	for (size_t i = 0; i < f->nfd; i++) {
		poff[i] = at;
		at += psize[i] + (flat ? 0 : (long)f->fds[i].subrs.len);
	}
	top.len = 0;
	build_top(&top, &f->top, f->cid, ros, ncids, o_charset, o_fdselect, o_chars, o_fdarray, psize[0], poff[0]);
	tspan = (span_t){ (const unsigned char *)top.s, top.len };
	tindex.len = 0;
	put_index(&tindex, &tspan, 1);
	fdarray.len = 0;
	if (f->cid) build_fdarray(&fdarray, f->fds, f->nfd, psize, poff);
	/* The table, in the order the offsets were counted. */
	out->len = 0;
	sb_reserve(out, (size_t)at + 1);        /* the table's size, counted above */
	sb_add(out, "\x01\x00\x04\x04", 4);
	sb_add(out, (const char *)cff + cff[2], f->names.size);
	sb_add(out, tindex.s, tindex.len);
	sb_add(out, strings.s, strings.len);
	if (flat) sb_add(out, "\0\0", 2);
	else sb_add(out, (const char *)cff + cff[2] + f->names.size + f->tops.size + f->strings.size, f->gsubrs.size);
	sb_add(out, charset.s, charset.len);
	if (fdselect.len) sb_add(out, fdselect.s, fdselect.len);
	sb_add(out, chars.s, chars.len);
	if (fdarray.len) sb_add(out, fdarray.s, fdarray.len);
	for (size_t i = 0; i < f->nfd; i++) {
		sb_add(out, privs[i].s ? privs[i].s : "", privs[i].len);
		if (f->fds[i].subrs.len && !flat) sb_add(out, (const char *)f->fds[i].subrs.p, f->fds[i].subrs.len);
	}
	free(tindex.s);
	rc = (long)out->len == at ? 0 : -1;
	*why = rc ? "CFF 重建的长度与计算不符" : NULL;
out:
	for (size_t i = 0; privs && i < f->nfd; i++) free(privs[i].s);
	free(privs);
	free(psize);
	free(poff);
	free(items);
	free(charset.s);
	free(fdselect.s);
	free(chars.s);
	free(strings.s);
	free(top.s);
	free(fdarray.s);
	return rc;
}

/* Frees what read_font allocated. */
static void font_free(font_t *f)
{
	free(f->fds);
	free(f->fd_of);
	free(f->sid);
}

/* Rebuilds the font with glyph k = input glyph order[k] (see cff.h). */
int cff_rebuild(const unsigned char *cff, size_t len, const unsigned *order, const double *widths, size_t n,
                strbuf *out, const char **why)
{
	font_t f = {0};
	int rc = -1;
	if (read_font(cff, len, &f, why) == 0) {
		span_t *cs = xmalloc((n + 1) * sizeof *cs);
		for (size_t k = 0; k < n; k++) cs[k] = order[k] < f.cs.count ? index_get(&f.cs, order[k]) : (span_t){ NULL, 0 };
		rc = build(cff, &f, cs, 0, order, widths, NULL, n, out, why);
		free(cs);
	}
	font_free(&f);
	return rc;
}

/* A glyph's flattened charstring. */
typedef struct {
	size_t len;
	unsigned char data[];
} flat_cs;

/* A font parsed once: its structures, its subroutines as cs_flatten reads them, and each
 * glyph's flattened charstring once some subset has needed it (writer threads share them:
 * a slot is filled by whichever thread flattens the glyph first). */
struct cff_font {
	const unsigned char *cff;
	font_t f;
	cs_subrs global, *local;                /* local: per Font DICT */
	flat_cs **flat;                         /* per glyph, NULL until flattened */
	unsigned *fresh;                        /* glyphs flattened so far (release_charstrings) */
	int mapped;                             /* cff is a read-only file mapping */
};

/* Glyphs flattened between two releases of the charstrings' pages. */
#define RELEASE_FLATTENED 64

/* Drops the charstrings' pages from resident memory.  The file is mapped, and each glyph
 * read maps its cached neighbours too (32–64 KB): a card's 400 new glyphs held 7 MB of
 * Noto Sans CJK, a third of the sample's peak.  A glyph is read once (flat keeps it),
 * so what goes is pages no one reads again.  Only whole pages inside the charstrings'
 * data: the subroutines, read by every glyph, stay. */
static void release_charstrings(const cff_font *c)
{
	if (!c->mapped) return;
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t at = (uintptr_t)c->f.cs.data + 1, end = (uintptr_t)c->f.cs.offs - 3 + c->f.cs.size;
	at = (at + page - 1) & ~(page - 1);
	end &= ~(page - 1);
	if (end > at) madvise((void *)at, end - at, MADV_DONTNEED);
}

/* Reads a Subrs INDEX (raw bytes, as fd_t keeps them) into s; 0 or -1. */
static int read_subrs(const unsigned char *p, size_t len, cs_subrs *s)
{
	cindex_t ix;
	memset(s, 0, sizeof *s);
	if (!len) return 0;
	if (read_index(p, len, 0, &ix)) return -1;
	s->count = ix.count;
	s->data = ix.data;
	s->offs = xmalloc((ix.count + 1) * sizeof *s->offs);
	for (unsigned i = 0; i <= ix.count; i++) s->offs[i] = getu(ix.offs + (size_t)i * ix.offsize, ix.offsize);
	return 0;
}

cff_font *cff_open(const unsigned char *cff, size_t len, int mapped, const char **why)
{
	cff_font *c = xcalloc(1, sizeof *c);
	c->cff = cff;
	c->mapped = mapped;
	int ok = read_font(cff, len, &c->f, why) == 0;
	if (ok) {
		c->flat = xcalloc(c->f.cs.count, sizeof *c->flat);
		c->fresh = xcalloc(1, sizeof *c->fresh);
		c->local = xcalloc(c->f.nfd, sizeof *c->local);
		ok = read_subrs(cff + cff[2] + c->f.names.size + c->f.tops.size + c->f.strings.size, c->f.gsubrs.size,
		                &c->global) == 0;
		for (size_t i = 0; ok && i < c->f.nfd; i++) ok = read_subrs(c->f.fds[i].subrs.p, c->f.fds[i].subrs.len, &c->local[i]) == 0;
		if (!ok) *why = "CFF 子程序表无法识别";
	}
	if (!ok) { cff_close(c); return NULL; }
	return c;
}

void cff_close(cff_font *c)
{
	if (!c) return;
	free(c->global.offs);
	for (size_t i = 0; c->local && i < c->f.nfd; i++) free(c->local[i].offs);
	free(c->local);
	for (unsigned g = 0; c->flat && g < c->f.cs.count; g++) free(c->flat[g]);
	free(c->flat);
	free(c->fresh);
	font_free(&c->f);
	free(c);
}

unsigned cff_glyphs(const cff_font *c) { return c->f.cs.count; }

int cff_is_cid(const cff_font *c) { return c->f.cid; }

/* Glyph g's flattened charstring, flattened now if no subset has needed it yet; NULL when
 * it is malformed. */
static const flat_cs *flat_glyph(const cff_font *c, unsigned g)
{
	flat_cs *have = __atomic_load_n(&c->flat[g], __ATOMIC_ACQUIRE);
	if (have) return have;
	span_t cs = index_get(&c->f.cs, g);
	strbuf b = {0};
	if (cs_flatten(cs.p, cs.len, &c->global, &c->local[c->f.fd_of[g]], &b)) { free(b.s); return NULL; }
	flat_cs *mine = xmalloc(sizeof *mine + b.len);
	mine->len = b.len;
	memcpy(mine->data, b.s, b.len);
	free(b.s);
	if (__atomic_compare_exchange_n(&c->flat[g], &have, mine, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		if (__atomic_add_fetch(c->fresh, 1, __ATOMIC_RELAXED) % RELEASE_FLATTENED == 0) release_charstrings(c);
		return mine;
	}
	free(mine);             /* another thread was first: *have is its copy */
	return have;
}

int cff_subset(const cff_font *c, const unsigned *order, const double *widths, const unsigned *cids, size_t n,
               strbuf *out, const char **why)
{
	const font_t *f = &c->f;
	*why = "CFF 字形编号超出范围";
	for (size_t k = 0; k < n; k++)
		if (order[k] >= f->cs.count) return -1;
	span_t *spans = xmalloc((n + 1) * sizeof *spans);
	for (size_t k = 0; k < n; k++) {
		const flat_cs *fc = flat_glyph(c, order[k]);
		if (!fc) {
			free(spans);
			*why = "CFF 字形程序无法识别";
			return -1;
		}
		spans[k] = (span_t){ fc->data, fc->len };
	}
	int rc = build(c->cff, f, spans, 1, order, widths, cids, n, out, why);
	free(spans);
	return rc;
}
