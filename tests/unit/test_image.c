/*
 * Images: every good fixture loads with its pixel size; every bad one gives
 * exactly one error with the expected id and no crash; a page showing the
 * images passes qpdf --check.
 */
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "msg.h"
#include "pdf/image.h"
#include "util.h"

#define FIX FOLIO_SOURCE_DIR "/tests/fixtures/"

static HPDF_Doc pdf;
static HPDF_Page page;
static int placed;

static void error_handler(HPDF_STATUS e, HPDF_STATUS d, void *u)
{
	(void)e;
	(void)d;
	(void)u;
}

static void good(const char *name, unsigned want_w, unsigned want_h)
{
	char path[512];
	snprintf(path, sizeof path, FIX "%s", name);
	cv_msg_reset();
	unsigned w = 1, h = 1;
	struct cv_pos pos = {"cv.yaml", 2, 8};
	HPDF_Image img = cv_image_load(pdf, path, &pos, &w, &h);
	CHECK(img != NULL);
	CHECK(w == want_w && h == want_h);
	CHECK(cv_msg_count(CV_NOTE) == 0);
	if (!img) {
		fprintf(stderr, "  for %s\n", name);
		return;
	}
	CHECK(HPDF_Page_DrawImage(page, img, 20 + 60 * (float)(placed % 8),
	                          700 - 60 * (float)(placed / 8), 48, 36) == HPDF_OK);
	placed++;
}

static void bad(const char *name, const char *id, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s%s", name[0] == '/' ? "" : FIX, name);
	FILE *log = tmpfile();
	cv_msg_set_stream(log);
	cv_msg_reset();
	unsigned w = 1, h = 1;
	struct cv_pos pos = {"cv.yaml", 4, 10};
	HPDF_Image img = cv_image_load(pdf, path, &pos, &w, &h);
	CHECK(img == NULL);
	CHECK(w == 0 && h == 0);
	CHECK(cv_msg_count(CV_NOTE) == 1 && cv_msg_count(CV_ERROR) == 1);
	const char *last = cv_msg_last_id();
	CHECK_STR(last, id);
	fflush(log);
	rewind(log);
	char msg[1024] = {0};
	size_t n = fread(msg, 1, sizeof msg - 1, log);
	msg[n] = '\0';
	CHECK(strncmp(msg, "cv.yaml:4:10: error: photo \"", 28) == 0 ||
	      strncmp(msg, "cv.yaml:4:10: error: cannot read photo \"", 40) == 0);
	if (text && !strstr(msg, text)) {
		fprintf(stderr, "%s: message \"%s\" lacks \"%s\"\n", name, msg, text);
		CHECK(!"message text");
	}
	fclose(log);
	cv_msg_set_stream(stderr);
	/* libharu is left usable after a failure. */
	CHECK(HPDF_GetError(pdf) == HPDF_OK);
}

int main(void)
{
	pdf = HPDF_New(error_handler, NULL);
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	page = HPDF_AddPage(pdf);

	good("rgba8.png", 12, 9);
	good("rgb8.png", 12, 9);
	good("rgba16.png", 12, 9);
	good("interlaced.png", 12, 9);
	good("gray.png", 12, 9);
	good("palette.png", 12, 9);
	good("photo.jpg", 20, 14);
	good("cmyk.jpg", 20, 14);

	/* EXIF orientation is not applied: one warning, the image still loads. */
	FILE *log = tmpfile();
	cv_msg_set_stream(log);
	cv_msg_reset();
	unsigned w = 0, h = 0;
	CHECK(cv_image_load(pdf, FIX "rotated.jpg", NULL, &w, &h) != NULL);
	CHECK(w == 20 && h == 14);
	CHECK(cv_msg_count(CV_WARN) == 1 && cv_msg_count(CV_ERROR) == 0);
	CHECK_STR(cv_msg_last_id(), "image-orientation");
	fclose(log);
	cv_msg_set_stream(stderr);

	bad("truncated.png", "image-truncated", "is truncated");
	bad("corrupt.png", "image-corrupt", "corrupt PNG");
	bad("huge.png", "image-too-large", "100000x100000 pixels");
	bad("huge.jpg", "image-too-large", "65535x65535 pixels");
	bad("notimage.png", "image-format", "neither a JPEG nor a PNG");
	bad("truncated.jpg", "image-truncated", "truncated");
	bad("nosof.jpg", "image-corrupt", "corrupt");
	bad("no-such-photo.jpg", "image-missing", "does not exist");
	bad("", "image-unreadable", "is a directory");
	bad("empty.ttf", "image-format", "is empty");
	bad("NotoSans.ttf", "image-missing", NULL);
	bad(FOLIO_SOURCE_DIR "/fonts/NotoSans-Regular.ttf", "image-format", NULL);

	/* The document with every good image is valid. */
	char dir[] = "/tmp/folio-image-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char path[256], cmd[600];
	snprintf(path, sizeof path, "%s/img.pdf", dir);
	CHECK(HPDF_SaveToFile(pdf, path) == HPDF_OK);
	HPDF_Free(pdf);
	snprintf(cmd, sizeof cmd, "qpdf --check '%s' >/dev/null 2>&1", path);
	CHECK(system(cmd) == 0);
	/* Soft masks: rgba8, rgba16 and palette (tRNS) have transparency. */
	snprintf(cmd, sizeof cmd,
	         "test \"$(pdfimages -list '%s' 2>/dev/null | grep -c smask)\" = 3", path);
	CHECK(system(cmd) == 0);
	/* The Adobe CMYK JPEG is marked as inverted, and only it. */
	snprintf(
	    cmd, sizeof cmd,
	    "qpdf --qdf --object-streams=disable '%s' '%s/q.pdf' && "
	    "tr -s ' \\n' '  ' < '%s/q.pdf' > '%s/flat' && "
	    "test \"$(grep -a -o '/Decode \\[ 1 0 1 0 1 0 1 0 \\]' '%s/flat' | wc -l)\" = 1 && "
	    "test \"$(grep -a -o '/Decode' '%s/flat' | wc -l)\" = 1",
	    path, dir, dir, dir, dir, dir);
	CHECK(system(cmd) == 0);
	if (getenv("KEEP")) {
		fprintf(stderr, "kept %s\n", dir);
	} else {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		CHECK(system(cmd) == 0);
	}
	return TEST_RESULT();
}
