/*
 * Test helpers for building TrueType files in memory: read a font's table
 * directory and assemble a new sfnt with tables dropped or replaced.  Used
 * by tests/unit/test_kern.c and fuzz/fuzz_kern.c; the fonts read are the
 * bundled, well-formed ones.  Header-only, like harness.h.
 */
#ifndef CV_TEST_SFNT_H
#define CV_TEST_SFNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util.h"

#define TAG(a, b, c, d)                                                                            \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

struct table {
	uint32_t tag;
	const char *data;
	size_t len;
};

static inline uint32_t get32(const char *p)
{
	const unsigned char *q = (const unsigned char *)p;
	return (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3];
}

static inline void put16(char *p, unsigned v)
{
	p[0] = (char)(v >> 8);
	p[1] = (char)v;
}

static inline void put32(char *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xFFFF);
}

/* The tables of an sfnt (the shipped fonts are well formed). */
static inline size_t read_tables(const char *font, struct table *out, size_t max)
{
	size_t n = (size_t)(unsigned char)font[4] << 8 | (unsigned char)font[5];
	for (size_t i = 0; i < n && i < max; i++) {
		const char *rec = font + 12 + 16 * i;
		out[i] = (struct table){get32(rec), font + get32(rec + 8), get32(rec + 12)};
	}
	return n < max ? n : max;
}

/* An sfnt of these tables (sorted by tag), the last one ending the buffer
 * exactly, so that a read past it is caught by the address sanitizer. */
static inline char *build_sfnt(const struct table *t, size_t n, size_t *len)
{
	size_t size = 12 + 16 * n;
	for (size_t i = 0; i < n; i++)
		size += i + 1 < n ? (t[i].len + 3) / 4 * 4 : t[i].len;
	char *d = x_calloc(size ? size : 1, 1);
	put32(d, 0x00010000u);
	put16(d + 4, (unsigned)n);
	size_t off = 12 + 16 * n;
	for (size_t i = 0; i < n; i++) {
		char *rec = d + 12 + 16 * i;
		put32(rec, t[i].tag);
		put32(rec + 8, (uint32_t)off);
		put32(rec + 12, (uint32_t)t[i].len);
		memcpy(d + off, t[i].data, t[i].len);
		off += (t[i].len + 3) / 4 * 4;
	}
	*len = size;
	return d;
}

/* The font's tables less those tagged drop[] (nul-separated, 4 chars each),
 * plus extra (may be NULL) in its sorted place. */
static inline char *rebuild(const char *font, const char *drop, const struct table *extra, size_t *len)
{
	struct table in[64], out[65];
	size_t n = read_tables(font, in, 64), m = 0;
	for (size_t i = 0; i < n; i++) {
		bool dropped = false;
		for (const char *d = drop; *d; d += 4)
			dropped = dropped || in[i].tag == TAG(d[0], d[1], d[2], d[3]);
		if (extra && (m == 0 || out[m - 1].tag < extra->tag) && extra->tag < in[i].tag)
			out[m++] = *extra;
		if (!dropped)
			out[m++] = in[i];
	}
	if (extra && (m == 0 || out[m - 1].tag < extra->tag))
		out[m++] = *extra;
	return build_sfnt(out, m, len);
}

#endif
