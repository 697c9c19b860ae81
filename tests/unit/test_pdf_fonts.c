/*
 * The font-loading shortcuts of the PDF back end: a face's CIDToGIDMap and
 * /W stop at its highest used code point yet map every used character to
 * the glyph libharu itself would pick, and the UTF-8 encoder comes back intact
 * (later text still encodes).
 */
#include <hpdf.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "layout.h"
#include "msg.h"
#include "pdf/font.h"
#include "util.h"

#define FONTS FOLIO_SOURCE_DIR "/fonts/"

static struct cv_fonts *open_serif(void)
{
	static struct cv_font_family fam;
	static struct cv_layout layout;
	memset(&fam, 0, sizeof fam);
	fam.name = "serif";
	for (int k = 0; k < 4; k++) {
		fam.file[k] = FONTS "NotoSerif-Regular.ttf";
		fam.pos[k] = (struct cv_pos){"layout.yaml", 3, 5};
	}
	layout.families = &fam;
	layout.nfamilies = 1;
	return cv_fonts_open(&layout);
}

/* The map as 16-bit glyph ids; *n entries. */
static HPDF_UINT16 *read_map(HPDF_Stream s, size_t *n)
{
	HPDF_UINT32 size = HPDF_Stream_Size(s);
	HPDF_BYTE *bytes = x_malloc(size ? size : 1);
	HPDF_UINT len = size;
	*n = 0;
	if (HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET) != HPDF_OK ||
	    HPDF_Stream_Read(s, bytes, &len) != HPDF_OK || len != size) {
		x_free(bytes);
		return NULL;
	}
	HPDF_UINT16 *map = x_malloc((size / 2 + 1) * sizeof *map);
	for (size_t i = 0; i < size / 2; i++)
		map[i] = (HPDF_UINT16)(bytes[2 * i] << 8 | bytes[2 * i + 1]);
	*n = size / 2;
	x_free(bytes);
	return map;
}

/* encoder_first: the document's UTF-8 encoder is set up before the font. */
static void test_short_map(bool encoder_first)
{
	static const char text[] = "Hello Zürich – Ελληνικά Кириллица";
	const uint32_t highest = 0x2013; /* the en dash */
	struct cv_fonts *f = open_serif();
	CHECK(f != NULL);
	if (!f)
		return;
	cv_msg_reset();
	cv_fonts_use(f, 0, 0, text, sizeof text - 1, NULL);
	CHECK(!cv_msg_failed());
	HPDF_Doc pdf = HPDF_New(NULL, NULL);
	CHECK(HPDF_UseUTFEncodings(pdf) == HPDF_OK);
	HPDF_Encoder enc = encoder_first ? HPDF_GetEncoder(pdf, "UTF-8") : NULL;
	void *attr_before = enc ? enc->attr : NULL;
	HPDF_Encoder_ToUnicode_Func fn_before = enc ? enc->to_unicode_fn : NULL;
	HPDF_Font font = cv_fonts_hpdf(f, pdf, 0, 0);
	CHECK(font != NULL);
	if (!encoder_first) {
		enc = HPDF_GetEncoder(pdf, "UTF-8");
		attr_before = enc ? enc->attr : NULL;
		fn_before = enc ? enc->to_unicode_fn : NULL;
	}
	CHECK(enc != NULL);
	/* The encoder is the document's own again. */
	CHECK(enc && enc->attr == attr_before && enc->to_unicode_fn == fn_before);
	CHECK(enc && enc->to_unicode_fn != HPDF_CMapEncoder_ToUnicode);
	if (font) {
		HPDF_FontAttr fa = font->attr;
		CHECK(fa->map_stream != NULL && fa->map_stream->stream != NULL);
		size_t n = 0;
		HPDF_UINT16 *map = fa->map_stream && fa->map_stream->stream
		                       ? read_map(fa->map_stream->stream, &n)
		                       : NULL;
		CHECK(map != NULL);
		CHECK(n == highest + 1); /* not 65 535 entries */
		if (n != highest + 1)
			fprintf(stderr, "  CIDToGIDMap has %zu entries, want %u\n", n,
			        (unsigned)highest + 1);
		for (size_t i = 0; map && i < sizeof text - 1;) {
			uint32_t cp;
			int len = cv_utf8_decode(text + i, sizeof text - 1 - i, &cp);
			CHECK(len > 0);
			if (len <= 0)
				break;
			i += (size_t)len;
			HPDF_UINT16 want = HPDF_TTFontDef_GetGlyphid(fa->fontdef, (HPDF_UINT16)cp);
			CHECK(want != 0);
			CHECK(cp < n && map[cp] == want);
		}
		CHECK(map && map['Q'] == 0); /* not used, so not in the subset */
		HPDF_Array w = HPDF_Dict_GetItem(fa->descendant_font, "W", HPDF_OCLASS_ARRAY);
		CHECK(w != NULL && HPDF_Array_Items(w) > 0);
		x_free(map);
		/* The restored encoder still encodes: an outline title goes through it. */
		HPDF_Outline o = HPDF_CreateOutline(pdf, NULL, "Zürich", enc);
		CHECK(o != NULL);
		CHECK(HPDF_GetError(pdf) == HPDF_OK);
	}
	HPDF_Free(pdf);
	cv_fonts_free(f);
}

int main(void)
{
	test_short_map(true);
	test_short_map(false);
	return TEST_RESULT();
}
