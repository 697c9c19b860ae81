/*
 * Fonts for the PDF back end: opens the layout's TrueType files with
 * HarfBuzz, measures and kerns text exactly as the PDF will show it
 * (libharu's integer 1/1000 em widths plus GPOS/kern pair adjustments),
 * records which code points are used, then subsets each face with
 * hb-subset and loads the subset into libharu with a correct ToUnicode map
 * and CIDSystemInfo.  With kern.c (GPOS/kern tables read directly) the
 * only user of HarfBuzz; libharu types stay opaque here (void *).
 */
#ifndef CV_PDF_FONT_H
#define CV_PDF_FONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../layout.h"

struct cv_fonts;

/*
 * Open every face the layout names (families x 4 faces; a missing bold or
 * italic file falls back to regular with a warning).  A missing, unreadable,
 * non-TrueType or corrupt file, one with table values libharu or hb-subset
 * cannot take (sfnt_check.h: font-damaged) or whose licence bits forbid
 * embedding (font-no-embedding) is reported at the layout position
 * (CV_ERROR) and gives NULL.
 */
struct cv_fonts *cv_fonts_open(const struct cv_layout *l);
void cv_fonts_free(struct cv_fonts *f);

/* Metrics callbacks for cv_typeset (ctx = struct cv_fonts *). */
double cv_fonts_width(void *ctx, int family, int face, const char *text, size_t len, double size);
double cv_fonts_ascent(void *ctx, int family, int face, double size);
double cv_fonts_descent(void *ctx, int family, int face, double size);

/* True if the face has a glyph for cp. */
bool cv_fonts_has(const struct cv_fonts *f, int family, int face, uint32_t cp);

/*
 * Shape text for drawing: the code points to show (the content-stream
 * codes are their UTF-16 values) and, for each, the kerning adjustment to
 * apply after it in 1/1000 em (negative = closer, as in glyph space; the TJ
 * operand is its negation).  Returns the count, at most max; characters the
 * face lacks or above U+FFFF are left out (cv_fonts_use reports them).
 */
size_t cv_fonts_shape(struct cv_fonts *f, int family, int face, const char *text, size_t len,
                      uint32_t *cps, int *kern_after, size_t max);

/* The face's name for messages ("NotoSerif-Bold"), or "" when there is no such face. */
const char *cv_fonts_face_name(const struct cv_fonts *f, int family, int face);

/*
 * The characters of text (len bytes) that the face cannot set (lacking, or
 * above U+FFFF), appended to list as 'U+XXXX "c", ...' (at most eight, then
 * "and N more"); their count, 0 when it sets them all.  Reports nothing.
 */
size_t cv_fonts_lacking(const struct cv_fonts *f, int family, int face, const char *text,
                        size_t len, struct cv_buf *list);

/*
 * Tracked text: letter-spacing is drawn in the glyphs' own advances, not
 * as character spacing (Tc) between them, because extractors read a gap
 * of a tenth of an em or so between two glyphs as a word break
 * (docs/extraction.md).  For each tracking (whole 1/1000 em, 0 = none) a
 * face drawn with it gets a subset of its own whose every advance is
 * widened by the tracking (cv_sfnt_widen).  The three calls below are the
 * ones above for the face at that tracking: record the text, shape it
 * (kern_after then also holds what keeps each glyph's advance at exactly
 * its width plus the tracking: widths are whole 1/1000 em, so a widened one
 * can round a unit apart), and get its libharu font.
 */
void cv_fonts_use_tracked(struct cv_fonts *f, int family, int face, int tracking, const char *text,
                          size_t len, const struct cv_pos *pos);
size_t cv_fonts_shape_tracked(struct cv_fonts *f, int family, int face, int tracking,
                              const char *text, size_t len, uint32_t *cps, int *kern_after,
                              size_t max);
void *cv_fonts_hpdf_tracked(struct cv_fonts *f, void *pdf, int family, int face, int tracking);

/*
 * Record that text will be drawn in this face.  Call it for every text
 * before the first cv_fonts_hpdf for that face: code points recorded later
 * are not in the subset.  Reports, once per character
 * and face, a warning naming a character the face lacks or one above U+FFFF,
 * with pos (may be NULL).
 */
void cv_fonts_use(struct cv_fonts *f, int family, int face, const char *text, size_t len,
                  const struct cv_pos *pos);

/*
 * The libharu font (HPDF_Font) for a face in document pdf (HPDF_Doc): on
 * first call, checks the composite glyphs of the recorded code points
 * (font-glyph-damaged, naming the character), subsets the face to them,
 * checks the subset by libharu's reading rules, gives it a PostScript name
 * a PDF name can hold (the file is never changed), loads it and repairs
 * ToUnicode and CIDSystemInfo.  NULL on failure (reported at the layout
 * position).
 */
void *cv_fonts_hpdf(struct cv_fonts *f, void *pdf, int family, int face);

/*
 * Check every glyph of every open face as cv_fonts_hpdf checks the glyphs
 * of the characters a PDF uses, for back ends that hand the font files to
 * TeX, whose engines may draw any glyph (ligatures, alternates).  Reports
 * each face with a damaged glyph (font-glyph-damaged, at the layout
 * position); false if there was one.
 */
bool cv_fonts_check_glyphs(struct cv_fonts *f);

#endif
