/*
 * libFuzzer target: the kerning reader (src/pdf/kern.c) on hostile tables.
 * The first input byte picks a table of fonts/NotoSerif-Regular.ttf, subset
 * to the letters below (GPOS, GDEF, GSUB or kern), the rest replaces it; then every ordered pair of a
 * fixed set of Latin, Greek and Cyrillic letters and punctuation is
 * looked up.  Seeds: the real tables of the bundled fonts (fuzz/run.sh).
 */
#include <hb-subset.h>
#include <hb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/kern.h"
#include "sfnt.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint32_t chars[] = {'A',   'V',   'T',   'W',   'Y',   'a',   'e',   'o',  'y',
                                 '.',   ',',   '-',   ' ',   '1',   0x0391, 0x0392, 0x03B1,
                                 0x03BF, 0x0410, 0x0413, 0x0430, 0x043E, 0x00E9, 0x2019};
enum { NCHARS = sizeof chars / sizeof chars[0] };

static char *font;
static uint32_t glyph[NCHARS];

static int32_t fixed_advance(void *ctx, uint32_t g)
{
	(void)ctx;
	return (int32_t)(g % 1000);
}

/*
 * The base font, once: NotoSerif-Regular cut down by hb-subset to chars[]
 * with its layout tables kept (a ~20 KB font instead of 600 KB to copy per
 * input), and the nominal glyphs of chars[] in it.
 */
static void load_font(void)
{
	char *full;
	size_t len;
	if (cv_file_read(FOLIO_SOURCE_DIR "/fonts/NotoSerif-Regular.ttf", 32u << 20, &full, &len) != 0)
		abort();
	hb_blob_t *blob = hb_blob_create(full, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL);
	hb_face_t *face = hb_face_create(blob, 0);
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	for (size_t i = 0; i < NCHARS; i++)
		hb_set_add(hb_subset_input_unicode_set(in), chars[i]);
	hb_face_t *sub = hb_subset_or_fail(face, in);
	if (!sub)
		abort();
	hb_blob_t *sub_blob = hb_face_reference_blob(sub);
	unsigned sub_len = 0;
	const char *sub_data = hb_blob_get_data(sub_blob, &sub_len);
	font = x_malloc(sub_len);
	memcpy(font, sub_data, sub_len);
	hb_font_t *hbf = hb_font_create(sub);
	for (size_t i = 0; i < NCHARS; i++)
		if (!hb_font_get_nominal_glyph(hbf, chars[i], &glyph[i]))
			glyph[i] = 0;
	hb_font_destroy(hbf);
	hb_blob_destroy(sub_blob);
	hb_face_destroy(sub);
	hb_subset_input_destroy(in);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	x_free(full);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char tags[4][5] = {"GPOS", "GDEF", "GSUB", "kern"};
	if (!font)
		load_font();
	if (size < 1)
		return 0;
	const char *t = tags[data[0] & 3];
	struct table table = {TAG(t[0], t[1], t[2], t[3]), (const char *)data + 1, size - 1};
	size_t len;
	char *sfnt = rebuild(font, t, &table, &len);
	struct cv_kern *k = cv_kern_new(sfnt, len);
	for (size_t i = 0; i < NCHARS; i++)
		for (size_t j = 0; j < NCHARS; j++) {
			int32_t delta;
			if (glyph[i] && glyph[j])
				(void)cv_kern_pair(k, chars[i], chars[j], glyph[i], glyph[j],
				                   fixed_advance, NULL, &delta);
		}
	cv_kern_free(k);
	x_free(sfnt);
	return 0;
}
