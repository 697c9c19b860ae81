/*
 * libFuzzer target: whole TrueType files through the icon reader
 * (src/icon.c).  The bytes are handed to a fresh cache as an exact-size
 * copy (cv_icons_add_font), so a read past them is an address-sanitizer
 * report, and a fixed set of glyph names (post names, uniXXXX names through
 * the cmap) is looked up.  Beyond "no crash, leak, hang or sanitizer
 * report" it asserts (abort) that a lookup fails exactly when an error was
 * reported, and that every outline returned is well formed: MOVE, segments,
 * CLOSE per contour, each closed where it began, every point finite and
 * inside the outline's box.  Seeds: the bundled Font Awesome fonts cut down
 * by hb-subset to a few icons, glyph names kept, written at start-up to the
 * directory FUZZ_FONT_SEEDS names (fuzz/run.sh sets it to the corpus).
 */
#include <hb-subset.h>
#include <hb.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icon.h"
#include "msg.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Names of the seeds' glyphs, a standard (Macintosh) name, and cmap lookups. */
static const char *const names[] = {"github", "envelope", "location-dot", "x-twitter",
                                    "orcid",  "percent",  ".notdef",      "uniF09B",
                                    "uF0E0",  "uni0041",  "u1F600"};

static void fuzz_icon_fail(const char *what, const char *name)
{
	fprintf(stderr, "fuzz_icon: %s (glyph \"%s\", last message id: %s)\n", what, name,
	        cv_msg_last_id() ? cv_msg_last_id() : "none");
	abort();
}

static bool inside_box(const struct cv_icon *ic, double x, double y)
{
	return isfinite(x) && isfinite(y) && x >= ic->xmin && x <= ic->xmax && y >= ic->ymin &&
	       y <= ic->ymax;
}

static void check_outline(const struct cv_icon *ic, const char *name)
{
	double sx = 0, sy = 0, cx = 0, cy = 0;
	bool open = false;
	if (!isfinite(ic->advance) || (ic->nsegs && !ic->segs))
		fuzz_icon_fail("bad advance or segments", name);
	for (size_t i = 0; i < ic->nsegs; i++) {
		const struct cv_icon_seg *s = &ic->segs[i];
		if (s->op != CV_ICON_CLOSE && !inside_box(ic, s->x, s->y))
			fuzz_icon_fail("a point outside the box", name);
		if (s->op == CV_ICON_CURVE &&
		    (!inside_box(ic, s->x1, s->y1) || !inside_box(ic, s->x2, s->y2)))
			fuzz_icon_fail("a control point outside the box", name);
		switch (s->op) {
		case CV_ICON_MOVE:
			if (open)
				fuzz_icon_fail("a contour not closed", name);
			open = true;
			sx = cx = s->x;
			sy = cy = s->y;
			break;
		case CV_ICON_LINE:
		case CV_ICON_CURVE:
			if (!open)
				fuzz_icon_fail("a segment outside a contour", name);
			cx = s->x;
			cy = s->y;
			break;
		case CV_ICON_CLOSE:
			if (!open || cx != sx || cy != sy)
				fuzz_icon_fail("a contour closed away from its start", name);
			open = false;
			break;
		default:
			fuzz_icon_fail("an unknown segment", name);
		}
	}
	if (open)
		fuzz_icon_fail("the last contour not closed", name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cv_msg_set_stream(getenv("FUZZ_ICON_VERBOSE") ? stderr : NULL);
	struct cv_arena *a = cv_arena_new();
	struct cv_icons *ic = cv_icons_new(a);
	cv_icons_add_font(ic, "fuzz.ttf", data, size);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		cv_msg_reset();
		const struct cv_icon *icon = cv_icons_glyph(ic, "fuzz.ttf", names[i], NULL);
		/* a damaged font is reported once, then refused silently */
		if (!icon && !cv_msg_failed() && i == 0)
			fuzz_icon_fail("a glyph refused without an error", names[i]);
		if (icon && cv_msg_failed())
			fuzz_icon_fail("an error, yet a glyph", names[i]);
		if (icon)
			check_outline(icon, names[i]);
	}
	cv_icons_free(ic);
	cv_arena_free(a);
	return 0;
}

/* The icon font file cut down to the glyphs named keep[], names kept, into dir. */
static void write_seed(const char *file, const char *const *keep, size_t n, const char *dir)
{
	char *full = NULL;
	size_t len = 0;
	struct cv_buf path = {0};
	cv_buf_printf(&path, "%s/fonts/%s", FOLIO_SOURCE_DIR, file);
	if (cv_file_read(path.data, 32u << 20, &full, &len) != 0) {
		cv_buf_free(&path);
		return;
	}
	hb_blob_t *blob = hb_blob_create(full, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL);
	hb_face_t *face = hb_face_create(blob, 0);
	hb_font_t *font = hb_font_create(face);
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (!in)
		abort();
	for (size_t i = 0; i < n; i++) {
		hb_codepoint_t g;
		if (hb_font_get_glyph_from_name(font, keep[i], -1, &g))
			hb_set_add(hb_subset_input_glyph_set(in), g);
	}
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_GLYPH_NAMES);
	hb_face_t *sub = hb_subset_or_fail(face, in);
	if (sub) {
		hb_blob_t *out = hb_face_reference_blob(sub);
		unsigned m = 0;
		const char *bytes = hb_blob_get_data(out, &m);
		cv_buf_reset(&path);
		cv_buf_printf(&path, "%s/seed-%s", dir, file);
		FILE *fp = fopen(path.data, "wb");
		if (fp) {
			fwrite(bytes, 1, m, fp);
			fclose(fp);
		}
		hb_blob_destroy(out);
		hb_face_destroy(sub);
	}
	hb_subset_input_destroy(in);
	hb_font_destroy(font);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	cv_buf_free(&path);
	free(full);
}

/* With FUZZ_FONT_SEEDS=DIR, first write there a small seed of each icon font. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *dir = getenv("FUZZ_FONT_SEEDS");
	if (!dir)
		return 0;
	static const char *const brands[] = {"github", "x-twitter", "orcid"};
	static const char *const solid[] = {"envelope", "location-dot", "percent"};
	write_seed(CV_ICON_FONT_BRANDS, brands, 3, dir);
	write_seed(CV_ICON_FONT_SOLID, solid, 3, dir);
	return 0;
}
