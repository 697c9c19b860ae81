/*
 * ttf_save.h against the libharu folio is linked with: for subsets of the
 * bundled fonts (hb-subset, as font.c makes them), the predicted size of the
 * font program equals what HPDF_TTFontDef_SaveFontData then writes, and a
 * subset predicted to fail does fail (Debian's libhpdf, seek bug present)
 * or saves (the patched static libharu).  The static build must have the
 * seek fix of cmake/libharu-patches/ in it, and libharu's byte helpers keep
 * their contract either way (the other patch replaces their loops).
 */
#include <hb-subset.h>
#include <hb.h>
#include <hpdf.h>
#include <hpdf_conf.h>
#include <hpdf_fontdef.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "pdf/ttf_save.h"
#include "util.h"

#define FONTS FOLIO_SOURCE_DIR "/fonts/"
#define DIRECTORY_BYTES (12 + 16 * 13) /* libharu's table directory */

static int predicted_failures;

/* True if libharu's memory stream can seek to the end of a full chunk. */
static bool seek_to_chunk_end_works(HPDF_Doc pdf)
{
	HPDF_Stream s = HPDF_MemStream_New(pdf->mmgr, 4);
	bool ok = s && HPDF_Stream_Write(s, (const HPDF_BYTE *)"abcd", 4) == HPDF_OK &&
	          HPDF_Stream_Seek(s, 4, HPDF_SEEK_SET) == HPDF_OK;
	if (s)
		HPDF_Stream_Free(s);
	HPDF_ResetError(pdf);
	return ok;
}

/* Subset face to the characters of text (plus space) as font.c does, load
 * it into libharu, and hold the prediction to the real save. */
static void check_subset(HPDF_Doc pdf, hb_face_t *face, const char *text, bool seek_fixed)
{
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	hb_set_t *unicodes = hb_subset_input_unicode_set(in);
	hb_set_add(unicodes, ' ');
	for (const char *p = text; *p; p++)
		hb_set_add(unicodes, (unsigned char)*p);
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	/* font.c drops these too (no glyph closure over GSUB). */
	hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	static const char *const dropped[] = {"GSUB", "GPOS", "GDEF", "kern", "DSIG", "gasp",
	                                      "vhea", "vmtx", "VORG", "BASE", "JSTF", "MATH"};
	for (size_t i = 0; i < CV_COUNT(dropped); i++)
		hb_set_add(drop, hb_tag_from_string(dropped[i], 4));
	hb_face_t *sub = hb_subset_or_fail(face, in);
	hb_subset_input_destroy(in);
	CHECK(sub != NULL);
	if (!sub)
		return;
	hb_blob_t *blob = hb_face_reference_blob(sub);
	unsigned len = 0;
	const char *data = hb_blob_get_data(blob, &len);
	HPDF_Stream s = HPDF_MemStream_New(pdf->mmgr, len + 16);
	CHECK(HPDF_Stream_Write(s, (const HPDF_BYTE *)data, len) == HPDF_OK);
	static const HPDF_BYTE pad[16]; /* as font.c: zeros after the subset */
	CHECK(HPDF_Stream_Write(s, pad, sizeof pad) == HPDF_OK);
	HPDF_FontDef def = HPDF_TTFontDef_Load(pdf->mmgr, s, HPDF_TRUE);
	CHECK(def != NULL);
	if (def) {
		HPDF_TTFontDefAttr attr = def->attr;
		HPDF_TTFontDef_SetTagName(def, (char *)"ABCDEF");
		for (HPDF_UINT i = 0; i < attr->num_glyphs; i++)
			attr->glyph_tbl.flgs[i] = 1;
		uint64_t last = 1;
		uint64_t want = cv_ttf_saved_size(def, &last);
		bool fails = cv_ttf_save_fails(def);
		CHECK(fails == (last == 0 && want % HPDF_STREAM_BUF_SIZ == 0));
		HPDF_Stream out = HPDF_MemStream_New(pdf->mmgr, 0);
		HPDF_STATUS ret = HPDF_TTFontDef_SaveFontData(def, out);
		if (fails) {
			predicted_failures++;
			CHECK(seek_fixed ? ret == HPDF_OK : ret == HPDF_INVALID_OBJECT);
		} else {
			CHECK(ret == HPDF_OK);
		}
		if (ret == HPDF_OK) {
			CHECK(attr->length1 == want + DIRECTORY_BYTES);
			CHECK(HPDF_Stream_Size(out) == want + DIRECTORY_BYTES);
			if (attr->length1 != want + DIRECTORY_BYTES)
				fprintf(stderr, "  \"%s\": saved %u, predicted %llu\n", text,
				        (unsigned)attr->length1, (unsigned long long)want + DIRECTORY_BYTES);
		}
		HPDF_Stream_Free(out);
		HPDF_FontDef_Free(def);
	}
	HPDF_ResetError(pdf);
	hb_blob_destroy(blob);
	hb_face_destroy(sub);
}

/* Deterministic sets of printable ASCII and Latin-1 characters. */
static void random_text(uint32_t *state, char *out, size_t max)
{
	size_t n = 1 + (*state >> 8) % (max - 1);
	for (size_t i = 0; i < n; i++) {
		*state = *state * 1103515245u + 12345u;
		unsigned c = 33 + (*state >> 16) % 94;
		out[i] = (char)c;
	}
	out[n] = '\0';
}

int main(void)
{
	static const char *const files[] = {"NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf",
	                                    "NotoSans-Italic.ttf", "Lato-Regular.ttf",
	                                    "Roboto-Regular.ttf", "NotoSansMono-Regular.ttf"};
	HPDF_Doc pdf = HPDF_New(NULL, NULL);
	CHECK(pdf != NULL);
	bool seek_fixed = seek_to_chunk_end_works(pdf);
#ifdef FOLIO_LIBHARU_PATCHED
	CHECK(seek_fixed);
#endif
	/* libharu's byte helpers, patched or not: the end of what was written. */
	HPDF_BYTE buf[16] = "abcdefgh";
	CHECK(HPDF_MemCpy(buf + 8, buf, 4) == buf + 12 && !memcmp(buf + 8, "abcd", 4));
	CHECK(HPDF_MemCpy(buf, buf + 1, 0) == buf);
	CHECK(HPDF_MemCpy(buf, buf + 1, 3) == buf + 3 && !memcmp(buf, "bcdd", 4)); /* forward */
	CHECK((HPDF_BYTE *)HPDF_MemSet(buf, 'x', 5) == buf + 5 && !memcmp(buf, "xxxxxfgh", 8));
	CHECK((HPDF_BYTE *)HPDF_MemSet(buf, 'y', 0) == buf && buf[0] == 'x');
	uint32_t state = 20261127;
	for (size_t f = 0; f < CV_COUNT(files); f++) {
		char path[512];
		snprintf(path, sizeof path, FONTS "%s", files[f]);
		hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
		CHECK(blob != NULL);
		hb_face_t *face = hb_face_create(blob, 0);
		/* The fuzz finding (fuzz/repro/pdf-save-invalid-object.yaml): its
		 * regular face's characters; the sum is 4096 * 5 in NotoSerif. */
		check_subset(pdf, face, ".:MS[acdefghijklmnoprstuvwy", seek_fixed);
		for (int i = 0; i < 60; i++) {
			char text[96];
			random_text(&state, text, sizeof text - 1);
			check_subset(pdf, face, text, seek_fixed);
		}
		hb_face_destroy(face);
		hb_blob_destroy(blob);
	}
	printf("%d subsets predicted to hit the seek bug\n", predicted_failures);
	CHECK(predicted_failures >= 1); /* the fuzz finding at least */
	HPDF_Free(pdf);
	return TEST_RESULT();
}
