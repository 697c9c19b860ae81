/*
 * TrueType (sfnt) files checked before HarfBuzz subsets them and libharu
 * 2.3.0 parses them: every table value either of them, or folio's font
 * module, divides by, indexes with or allocates from is in range, and every
 * table, subtable and record lies inside its container; the composite
 * glyphs a document uses are whole and acyclic; the PostScript name is
 * made safe for the PDF names libharu writes it into; a subset's advances
 * can be widened for tracked text.  Also the
 * bounds-checked big-endian reads and the table lookup that kern.c shares.
 * Pure byte code: no HarfBuzz, no libharu.
 */
#ifndef CV_PDF_SFNT_CHECK_H
#define CV_PDF_SFNT_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CV_SFNT_TAG(a, b, c, d)                                                                    \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

/* One table (or any byte range) of a font: bytes [p, p + n); n == 0 if absent. */
struct cv_sfnt_tab {
	const unsigned char *p;
	size_t n;
};

/* The big-endian 16-bit value at obj + field in t; 0 where that runs out of t. */
static inline unsigned cv_sfnt_u16(const struct cv_sfnt_tab *t, size_t obj, size_t field)
{
	if (obj >= t->n || t->n - obj < 2 || t->n - obj - 2 < field)
		return 0;
	const unsigned char *q = t->p + obj + field;
	return (unsigned)q[0] << 8 | q[1];
}

/* The big-endian 32-bit value at obj + field in t; halves out of t read as 0. */
static inline uint32_t cv_sfnt_u32(const struct cv_sfnt_tab *t, size_t obj, size_t field)
{
	return (uint32_t)cv_sfnt_u16(t, obj, field) << 16 | cv_sfnt_u16(t, obj, field + 2);
}

/*
 * The table tagged tag of the first font in data[0..len) (an sfnt or a
 * collection), found as HarfBuzz 6.0.0 finds it (first match below 16
 * tables, else a binary search) and cut to the file; {NULL, 0} if absent.
 */
struct cv_sfnt_tab cv_sfnt_table(const void *data, size_t len, uint32_t tag);

/* Whose reading rules the bytes must satisfy. */
enum cv_sfnt_use {
	CV_SFNT_SOURCE,  /* a font file as given: HarfBuzz measures and subsets it */
	CV_SFNT_LIBHARU, /* bytes libharu parses (a subset): a plain sfnt, its rules */
};

enum cv_sfnt_verdict {
	CV_SFNT_OK,
	CV_SFNT_DAMAGED,      /* a value or layout the readers cannot take */
	CV_SFNT_NO_EMBEDDING, /* sound, but OS/2.fsType forbids what libharu does */
};

/*
 * Check the first font of data[0..len) for use.  Returns CV_SFNT_OK, or the
 * verdict on the first problem found with a lower-case description of it
 * in why (at most size bytes, NUL-terminated; tags with unprintable bytes
 * show them as '?'), e.g. "head.unitsPerEm is 0 (must be 16 to 16384)".
 * Reads only inside data; allocates nothing.
 */
enum cv_sfnt_verdict cv_sfnt_check(const void *data, size_t len, enum cv_sfnt_use use, char *why,
                                   size_t size);

/*
 * Make the PostScript names (name ID 6) of the plain sfnt data[0..len) safe
 * as the PDF names libharu writes them into (BaseFont, FontName): in place,
 * every character outside printable ASCII, and every PDF delimiter, space
 * or comma, becomes '-' ("Noto Serif (Reg) " -> "Noto-Serif--Reg--").  A
 * UTF-16 string (platforms 0 and 3) is rewritten by code unit, any other by
 * byte; lengths never change.  For a copy of a font about to be handed to
 * libharu: never the user's file.  Records outside the table, or a table
 * outside data, are left alone (cv_sfnt_check refuses them).  Returns the
 * number of characters rewritten.
 */
size_t cv_sfnt_repair_psname(void *data, size_t len);

/*
 * Widen every advance of the plain sfnt data[0..len) by units (font units,
 * negative narrows), in place: each of hhea.numberOfHMetrics advances in
 * hmtx (the glyphs after them share the last one) and hhea.advanceWidthMax,
 * each kept within 0..65535; the two tables' directory checksums follow.
 * For a copy of a subset about to be handed to libharu, to draw tracked
 * text with the letter-spacing in the glyphs' own advances.  A collection,
 * or a font without hhea or hmtx, is left alone; records outside the
 * table are skipped.  Returns the number of advances rewritten.
 */
size_t cv_sfnt_widen(void *data, size_t len, int units);

/*
 * Composite glyphs (numberOfContours -1: an outline made of other glyphs),
 * checked from the glyphs a document uses down through their components,
 * as hb-subset follows them when it cuts a face down (it keeps a component
 * it can reach and renumbers it; one it cannot stays as it was, pointing at
 * nothing or at the wrong glyph in the subset) and as PDF viewers draw
 * them.  Refused: a numberOfContours below -1 (HarfBuzz reads -2 as a
 * variable composite, other readers as damage), component records running
 * past the glyph's end, a component glyph index not below numGlyphs
 * (0xFFFF included), a glyph that contains itself directly or through
 * others, and components nested more than 64 deep (hb-subset follows no
 * deeper).  Each glyph is read once per checker: a glyph shared by many
 * composites costs one visit.
 */
struct cv_sfnt_glyphs;

/*
 * A checker for the glyphs of the first font in data[0..len), which
 * cv_sfnt_check has passed and which must outlive the checker (it keeps
 * pointers into it).  Allocates one byte per glyph; free with
 * cv_sfnt_glyphs_free (NULL is a no-op).
 */
struct cv_sfnt_glyphs *cv_sfnt_glyphs_new(const void *data, size_t len);
void cv_sfnt_glyphs_free(struct cv_sfnt_glyphs *g);

/* The font's maxp.numGlyphs, as the checker read it. */
unsigned cv_sfnt_glyph_count(const struct cv_sfnt_glyphs *g);

/*
 * Check glyph and every glyph its outline is built from.  Returns CV_SFNT_OK,
 * or CV_SFNT_DAMAGED with the first problem in why (as for cv_sfnt_check),
 * e.g. "composite glyph 25 refers to glyph 65535 (the font has 51 glyphs)".
 * After a damaged verdict the checker is spent: every later call gives the
 * same verdict and message.  Reads only inside the font's loca and glyf.
 */
enum cv_sfnt_verdict cv_sfnt_check_glyph(struct cv_sfnt_glyphs *g, unsigned glyph, char *why,
                                         size_t size);

/*
 * Check every glyph of the first font in data[0..len) as cv_sfnt_check_glyph
 * does, in glyph order, for a font any glyph of which may be drawn (TeX
 * engines substitute ligatures and alternates).  Same verdict and message.
 */
enum cv_sfnt_verdict cv_sfnt_check_all_glyphs(const void *data, size_t len, char *why, size_t size);

#endif
