/* charstring.c — flattens a Type 2 charstring (Adobe TN #5177): its subroutine calls
 * replaced by the subroutines' code and its hints dropped, so that a glyph stands alone
 * in a subset that carries no subroutines (see cff.c, cff_subset).
 *
 * Only what flattening needs is interpreted: operands are kept as the bytes they were
 * written in (a subroutine number is read to follow the call), stems are counted for the
 * length of a hintmask, and the advance width, when a dropped hint operator carried it,
 * is written ahead of the next operator, where it is the extra first operand again. */
#include "font/cff.h"

#include <string.h>

#define MAX_ARGS 96     /* the format allows 48 */
#define MAX_DEPTH 10    /* subroutine nesting (the format allows 10) */

/* One operand: its value (for call numbers and counting) and its bytes. */
typedef struct {
	double v;
	const unsigned char *p;
	unsigned len;
} arg_t;

typedef struct {
	const cs_subrs *global, *local;
	strbuf *out;
	arg_t args[MAX_ARGS];
	int nargs;
	unsigned stems;
	int cleared;            /* a stack-clearing operator has been met (the width is settled) */
	int done;               /* endchar */
} flat_t;

/* The bias added to a subroutine number (TN #5177 §4.7). */
static int bias(unsigned count) { return count < 1240 ? 107 : count < 33900 ? 1131 : 32768; }

/* Reads the operand at p: its length, or 0 when p holds an operator or runs past end. */
static unsigned number(const unsigned char *p, const unsigned char *end, double *v)
{
	unsigned b = *p;
	if (b == 28 && end - p >= 3) { *v = (int16_t)(p[1] << 8 | p[2]); return 3; }
	if (b >= 32 && b <= 246) { *v = (double)b - 139; return 1; }
	if (b >= 247 && b <= 250 && end - p >= 2) { *v = ((double)b - 247) * 256 + p[1] + 108; return 2; }
	if (b >= 251 && b <= 254 && end - p >= 2) { *v = -((double)b - 251) * 256 - p[1] - 108; return 2; }
	if (b == 255 && end - p >= 5) { *v = (int32_t)((uint32_t)p[1] << 24 | p[2] << 16 | p[3] << 8 | p[4]) / 65536.0; return 5; }
	return 0;
}

/* Writes the operands from first on, then the operator's bytes, and clears the stack. */
static void emit(flat_t *s, int first, const unsigned char *op, unsigned oplen)
{
	for (int i = first; i < s->nargs; i++) sb_add(s->out, (const char *)s->args[i].p, s->args[i].len);
	sb_add(s->out, (const char *)op, oplen);
	s->nargs = 0;
}

/* Drops a hint operator with its stem operands; an odd operand before them, at the first
 * stack-clearing operator, is the width, which is kept (written now, it becomes the first
 * operand of the next operator kept, the one that then clears the stack). */
static void drop_hints(flat_t *s)
{
	int width = !s->cleared && s->nargs % 2;
	s->stems += (unsigned)(s->nargs - width) / 2;
	if (width) sb_add(s->out, (const char *)s->args[0].p, s->args[0].len);
	s->cleared = 1;
	s->nargs = 0;
}

/* Flattens the charstring bytes [p, end) into s->out; 0, or -1 when malformed. */
static int flatten(flat_t *s, const unsigned char *p, const unsigned char *end, int depth)
{
	if (depth > MAX_DEPTH) return -1;
	while (p < end && !s->done) {
		double v;
		unsigned k = number(p, end, &v);
		if (k) {
			if (s->nargs == MAX_ARGS) return -1;
			s->args[s->nargs++] = (arg_t){ v, p, k };
			p += k;
			continue;
		}
		unsigned op = *p, oplen = 1;
		if (op == 28 || op == 255 || op >= 32) return -1;         /* an operand cut short */
		if (op == 12) {
			if (p + 1 >= end) return -1;
			op = 1200 + p[1];
			oplen = 2;
		}
		switch (op) {
		case 10: case 29: {                                         /* callsubr, callgsubr */
			const cs_subrs *subrs = op == 10 ? s->local : s->global;
			if (!s->nargs || !subrs) return -1;
			long i = (long)s->args[--s->nargs].v + bias(subrs->count);
			if (i < 0 || (unsigned long)i >= subrs->count) return -1;
			const unsigned char *a = subrs->data + subrs->offs[i], *b = subrs->data + subrs->offs[i + 1];
			if (flatten(s, a, b, depth + 1)) return -1;
			p += oplen;
			continue;
		}
		case 11:                                                    /* return */
			return 0;
		case 14:                                                    /* endchar */
			emit(s, 0, p, oplen);
			s->done = 1;
			return 0;
		case 1: case 3: case 18: case 23:                           /* hstem, vstem, hstemhm, vstemhm */
			drop_hints(s);
			break;
		case 19: case 20: {                                         /* hintmask, cntrmask: a vstem may precede */
			drop_hints(s);
			unsigned bytes = (s->stems + 7) / 8;
			if ((size_t)(end - p) < oplen + bytes) return -1;
			p += bytes;
			break;
		}
		default:
			emit(s, 0, p, oplen);
			s->cleared = 1;
			break;
		}
		p += oplen;
	}
	return 0;
}

int cs_flatten(const unsigned char *cs, size_t len, const cs_subrs *global, const cs_subrs *local, strbuf *out)
{
	flat_t s = { .global = global, .local = local, .out = out };
	size_t start = out->len;
	if (flatten(&s, cs, cs + len, 0) || !s.done) { out->len = start; return -1; }
	return 0;
}
