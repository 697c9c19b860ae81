/*
 * Pair kerning read straight from a font's OpenType GPOS table (or its
 * legacy 'kern' table), with HarfBuzz 6.0.0's semantics for a two-character
 * buffer shaped left to right with language "und" and every optional
 * feature but 'kern' off -- without sanitizing or shaping, and without
 * allocating per pair.  Every read is bounds-checked: a malformed table
 * gives no kerning, never an out-of-bounds read.
 */
#ifndef CV_PDF_KERN_H
#define CV_PDF_KERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cv_kern;

/*
 * A reader for the first font in data[0..len) (an sfnt or a collection).
 * The bytes are borrowed and must outlive the reader.  Never NULL.
 */
struct cv_kern *cv_kern_new(const void *data, size_t len);
void cv_kern_free(struct cv_kern *k);

/*
 * The change [font units] that shaping "ab" makes to the sum of the x
 * advances of ga and gb, the nominal glyphs of a and b (both non-zero):
 * GPOS (or 'kern') adjustments, or minus the whole advance of a glyph GDEF
 * calls a mark (advance(ctx, glyph) gives it, asked only for such glyphs).
 * The script is HarfBuzz's
 * guess (the first character not Common, Inherited or Unknown).  Returns
 * false where the answer needs more than this reader does: a script other
 * than Latin, Greek or Cyrillic (or none), a combining mark, a default
 * ignorable or U+2044, a font with AAT tables, feature variations, GSUB
 * lookups under the features still on, cursive or possibly matching
 * contextual positioning, or a 'kern' table other than format 0.  The
 * caller then shapes.
 */
bool cv_kern_pair(struct cv_kern *k, uint32_t a, uint32_t b, uint32_t ga, uint32_t gb,
                  int32_t (*advance)(void *ctx, uint32_t glyph), void *ctx, int32_t *delta);

#endif
