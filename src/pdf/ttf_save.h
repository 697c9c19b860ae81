/*
 * What libharu will write when it saves an embedded TrueType font program,
 * worked out in advance from a loaded font definition through libharu's
 * installed headers (hpdf_fontdef.h, hpdf_conf.h): enough to steer clear of
 * a libharu bug without replacing any of libharu's functions.
 *
 * The bug (libharu 2.3.0, unchanged in 2.4.x): HPDF_TTFontDef_SaveFontData
 * copies 13 tables into a scratch memory stream of HPDF_STREAM_BUF_SIZ-byte
 * chunks, then seeks to each table's start to checksum it.  When the last of
 * them ('prep') is empty its start is the end of the stream, and when the
 * tables add up to an exact multiple of the chunk size that seek fails
 * (HPDF_INVALID_OBJECT: no chunk after the last one) and so does saving the
 * PDF.  font.c asks cv_ttf_save_fails() after loading a subset and, if so,
 * loads it again with two spare bytes in its 'cvt ' table.
 */
#ifndef CV_PDF_TTF_SAVE_H
#define CV_PDF_TTF_SAVE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The number of bytes libharu's HPDF_TTFontDef_SaveFontData writes after
 * the table directory for fontdef (an HPDF_FontDef loaded by
 * HPDF_TTFontDef_Load, with its glyphs marked used or not), as it will be
 * when saved: OS/2 cmap cvt fpgm glyf head hhea hmtx loca maxp name post
 * prep, each as libharu rewrites it.  *last_len gets the length of the last
 * one, 'prep'.  After a save, the font's length1 attribute is this plus the
 * 220-byte directory (the unit test holds libharu to that).
 */
uint64_t cv_ttf_saved_size(const void *fontdef, uint64_t *last_len);

/* True if saving fontdef's program would fail as described above. */
bool cv_ttf_save_fails(const void *fontdef);

#endif
