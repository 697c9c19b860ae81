/*
 * libFuzzer target: whole TrueType files through the font module and
 * libharu.  The bytes are written to a temporary file and opened as every
 * face of one family (cv_fonts_open: the sfnt checks of sfnt_check.c), a
 * text is measured, shaped and recorded (cv_fonts_use), the face is
 * subset and loaded into libharu (cv_fonts_hpdf) and a page showing the
 * text is saved as PDF.  Beyond "no crash, leak or sanitizer report" it
 * asserts (abort) that a font cv_fonts_open accepts is embedded without
 * error unless a glyph of the text is damaged (font-glyph-damaged, which
 * only the text can tell, and never when every glyph passes
 * cv_fonts_check_glyphs, TeX's check), that the PDF saves, and that the
 * font program libharu writes passes the checks too, every glyph
 * included.  Seeds: the bundled fonts cut down to TEXT, written
 * to the directory FUZZ_FONT_SEEDS names (fuzz/run.sh).  The regression
 * corpus tests/fuzz-corpus/fuzz_font/ is replayed through this same entry
 * point by tests/unit/test_font_corpus.c in every build.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hb-subset.h>
#include <hb.h>
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_streams.h>

#include "layout.h"
#include "msg.h"
#include "pdf/font.h"
#include "pdf/sfnt_check.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Latin with kerning pairs and composites, 'H' and 'x' (libharu reads their boxes), Greek,
 * Cyrillic. */
static const char fuzz_text[] = "AVATAR To Wit, Hx. \xC3\x85\xC5\x81\xC3\xB3" /* ÅŁó */
                                "d\xC5\xBA \xCE\x95\xCE\xBB\xCE\xBB\xCE\xB7\xCE\xBD\xCE\xB9"
                                "\xCE\xBA\xCE\xAC \xD0\x96\xD0\xB6 1\xE2\x80\x93"
                                "2 \xE2\x80\x9Cq\xE2\x80\x9D fi";

/* What the last input came to: NULL (embedded and saved) or the message id. */
static const char *fuzz_font_outcome;
/* The temporary file the inputs are written to (made on first use). */
static char fuzz_font_path[64];

static void fuzz_font_fail(const char *what)
{
	fprintf(stderr, "fuzz_font: %s (last message id: %s)\n", what,
	        cv_msg_last_id() ? cv_msg_last_id() : "none");
	abort();
}

static void no_handler(HPDF_STATUS e, HPDF_STATUS d, void *u)
{
	(void)e;
	(void)d;
	(void)u;
}

/* The font program libharu embeds for font must pass the checks libharu's input did. */
static void check_program(HPDF_Doc pdf, HPDF_Font font)
{
	HPDF_FontDef def = ((HPDF_FontAttr)font->attr)->fontdef;
	HPDF_Stream s = HPDF_MemStream_New(pdf->mmgr, 4096);
	if (!s)
		fuzz_font_fail("no memory stream");
	if (HPDF_TTFontDef_SaveFontData(def, s) != HPDF_OK)
		fuzz_font_fail("libharu cannot write the font program");
	struct cv_buf b = {0};
	HPDF_BYTE chunk[4096];
	HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET);
	for (;;) {
		HPDF_UINT n = sizeof chunk;
		HPDF_STATUS st = HPDF_Stream_Read(s, chunk, &n);
		cv_buf_put(&b, chunk, n);
		if (st != HPDF_OK)
			break;
	}
	HPDF_Stream_Free(s);
	HPDF_ResetError(pdf);
	char why[256];
	if (cv_sfnt_check(b.data, b.len, CV_SFNT_LIBHARU, why, sizeof why) != CV_SFNT_OK) {
		fprintf(stderr, "fuzz_font: the embedded font program is damaged: %s\n", why);
		fuzz_font_fail("broken font program");
	}
	if (cv_sfnt_check_all_glyphs(b.data, b.len, why, sizeof why) != CV_SFNT_OK) {
		fprintf(stderr, "fuzz_font: the embedded font program has a damaged glyph: %s\n",
		        why);
		fuzz_font_fail("broken glyph in the font program");
	}
	cv_buf_free(&b);
}

/* Measure, record, embed and save; the face opened, all_sound if every glyph passed. */
static void use_fonts(struct cv_fonts *f, bool all_sound)
{
	size_t len = strlen(fuzz_text);
	uint32_t cps[128];
	int kern[128];
	(void)cv_fonts_width(f, 0, 0, fuzz_text, len, 10);
	(void)cv_fonts_shape(f, 0, 0, fuzz_text, len, cps, kern, 128);
	(void)cv_fonts_ascent(f, 0, 0, 10);
	(void)cv_fonts_descent(f, 0, 0, 10);
	(void)cv_fonts_has(f, 0, 0, 'H');
	cv_fonts_use(f, 0, 0, fuzz_text, len, NULL);
	HPDF_Doc pdf = HPDF_New(no_handler, NULL);
	if (!pdf)
		fuzz_font_fail("HPDF_New failed");
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_Page page = HPDF_AddPage(pdf);
	HPDF_Font font = cv_fonts_hpdf(f, pdf, 0, 0);
	fuzz_font_outcome = cv_msg_last_id();
	if (!font && fuzz_font_outcome && strcmp(fuzz_font_outcome, "font-glyph-damaged") == 0) {
		if (all_sound)
			fuzz_font_fail("a glyph of the text is refused, but every glyph passes");
		HPDF_Free(pdf);
		return;
	}
	if (!font || cv_msg_failed())
		fuzz_font_fail("a font cv_fonts_open accepted was not embedded");
	check_program(pdf, font);
	HPDF_Page_BeginText(page);
	HPDF_Page_SetFontAndSize(page, font, 12);
	HPDF_Page_TextOut(page, 50, 700, fuzz_text);
	HPDF_Page_EndText(page);
	if (HPDF_SaveToStream(pdf) != HPDF_OK)
		fuzz_font_fail("the PDF did not save");
	HPDF_Free(pdf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = fuzz_font_path;
	if (!path[0]) {
		snprintf(path, sizeof fuzz_font_path, "/tmp/folio-fuzz-font-XXXXXX");
		int fd = mkstemp(path);
		if (fd < 0)
			abort();
		close(fd);
	}
	FILE *fp = fopen(path, "wb");
	if (!fp)
		abort();
	fwrite(data, 1, size, fp);
	fclose(fp);
	cv_msg_set_stream(getenv("FUZZ_FONT_VERBOSE") ? stderr : NULL);
	cv_msg_reset();
	struct cv_font_family fam = {.name = "fuzz"};
	for (int k = 0; k < 4; k++) {
		fam.file[k] = path;
		fam.pos[k] = (struct cv_pos){"fuzz.layout.yaml", 4, 14};
	}
	struct cv_layout layout = {0};
	layout.families = &fam;
	layout.nfamilies = 1;
	struct cv_fonts *f = cv_fonts_open(&layout);
	fuzz_font_outcome = cv_msg_last_id();
	if (!f && !cv_msg_failed())
		fuzz_font_fail("a font was refused without an error");
	if (f) {
		/* TeX's check of every glyph (its messages are not this input's outcome). */
		bool all_sound = cv_fonts_check_glyphs(f);
		cv_msg_reset();
		use_fonts(f, all_sound);
	}
	cv_fonts_free(f);
	return 0;
}

/*
 * A bundled font cut down to fuzz_text by hb-subset, into dir: layout
 * tables kept (kerning reads them), hinting dropped (so does folio).
 */
static void write_seed(const char *font, const char *dir)
{
	char *full = NULL;
	size_t len = 0;
	if (cv_file_read(font, 32u << 20, &full, &len) != 0)
		return;
	hb_blob_t *blob = hb_blob_create(full, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL);
	hb_face_t *face = hb_face_create(blob, 0);
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (!in)
		abort();
	hb_set_t *unicodes = hb_subset_input_unicode_set(in);
	for (size_t i = 0; fuzz_text[i];) {
		uint32_t cp;
		int n = cv_utf8_decode(fuzz_text + i, strlen(fuzz_text + i), &cp);
		hb_set_add(unicodes, cp);
		i += n > 0 ? (size_t)n : 1;
	}
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	hb_face_t *sub = hb_subset_or_fail(face, in);
	if (sub) {
		hb_blob_t *out = hb_face_reference_blob(sub);
		unsigned n = 0;
		const char *bytes = hb_blob_get_data(out, &n);
		const char *base = strrchr(font, '/') ? strrchr(font, '/') + 1 : font;
		struct cv_buf path = {0};
		cv_buf_printf(&path, "%s/seed-%s", dir, base);
		FILE *fp = fopen(path.data, "wb");
		if (fp) {
			fwrite(bytes, 1, n, fp);
			fclose(fp);
		}
		cv_buf_free(&path);
		hb_blob_destroy(out);
		hb_face_destroy(sub);
	}
	hb_subset_input_destroy(in);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	free(full);
}

/* With FUZZ_FONT_SEEDS=DIR, first write there the seed of every .ttf in fonts/. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *dir = getenv("FUZZ_FONT_SEEDS");
	DIR *d = dir ? opendir(FOLIO_SOURCE_DIR "/fonts") : NULL;
	if (!d)
		return 0;
	for (struct dirent *e; (e = readdir(d));) {
		size_t n = strlen(e->d_name);
		if (n > 4 && strcmp(e->d_name + n - 4, ".ttf") == 0) {
			struct cv_buf font = {0};
			cv_buf_printf(&font, "%s/fonts/%s", FOLIO_SOURCE_DIR, e->d_name);
			write_seed(font.data, dir);
			cv_buf_free(&font);
		}
	}
	closedir(d);
	return 0;
}
