/*
 * libFuzzer target: whole photo files (JPEG or PNG) through the photo
 * reader (src/pdf/image.c: header checks, the EXIF walk of a JPEG's APP1
 * and a PNG's eXIf, libjpeg/libpng decoding, the downsampler, turning,
 * JPEG re-encoding), from an exact-size copy, so a read past the bytes is
 * an address-sanitizer report.  The first byte picks the box the photo
 * covers (0: none; else 4 x (byte & 63) pt square, or 2:3 when bit 6 is
 * set), so both "kept as it is" and "downsampled" run; the rest is the
 * file.  Beyond "no crash, leak, hang or sanitizer report" it asserts
 * (abort) that the result is consistent: success exactly when no error was
 * reported, a picture of at least 1 x 1 pixels within the source's pixel
 * count, raw samples of exactly w x h x comps bytes, a JPEG that starts with
 * SOI, the orientation in 1-8, and raw samples that cv_image_png writes as
 * a PNG.  Seeds: tests/fixtures/ *.jpg, *.png
 * behind a box byte (fuzz/run.sh).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "pdf/image.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_image_fail(const char *what)
{
	fprintf(stderr, "fuzz_image: %s (last message id: %s)\n", what,
	        cv_msg_last_id() ? cv_msg_last_id() : "none");
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	double side = 4.0 * (data[0] & 63), bw = side, bh = data[0] & 64 ? side * 1.5 : side;
	size_t len = size - 1;
	unsigned char *copy = x_malloc(len ? len : 1);
	memcpy(copy, data + 1, len);
	struct cv_pos pos = {"fuzz.yaml", 1, 8};
	struct cv_image im;
	cv_msg_set_stream(NULL);
	cv_msg_reset();
	bool ok = cv_image_decode(copy, len, "fuzz.jpg", &pos, bw, bh, &im);
	if (ok != !cv_msg_failed())
		fuzz_image_fail("result and reported errors disagree");
	if (ok) {
		uint64_t src = (uint64_t)im.src_w * im.src_h;
		if (!im.w || !im.h || (uint64_t)im.w * im.h > src || !im.data)
			fuzz_image_fail("bad size");
		if (im.orientation < 1 || im.orientation > 8)
			fuzz_image_fail("bad orientation");
		if (im.comps != 1 && im.comps != 3 && im.comps != 4)
			fuzz_image_fail("bad channel count");
		if (im.jpeg) {
			if (im.len < 4 || im.data[0] != 0xFF || im.data[1] != 0xD8)
				fuzz_image_fail("embedded JPEG does not start with SOI");
		} else if (im.len != (size_t)im.w * im.h * im.comps) {
			fuzz_image_fail("raw samples of the wrong length");
		}
		/* Touch every byte, so a short buffer is a sanitizer report. */
		unsigned sum = 0;
		for (size_t i = 0; i < im.len; i++)
			sum += im.data[i];
		for (size_t i = 0; im.alpha && i < (size_t)im.w * im.h; i++)
			sum += im.alpha[i];
		if (sum == 0xFFFFFFFFu)
			fprintf(stderr, "%u\n", sum);
		/* What --compile hands TeX for a PNG turned at its size. */
		if (!im.jpeg) {
			unsigned char *png = NULL;
			size_t n = 0;
			if (!cv_image_png(&im, &png, &n) || n < 8 || memcmp(png, "\x89PNG", 4) != 0)
				fuzz_image_fail("cv_image_png failed on decoded samples");
			x_free(png);
		}
	} else if (im.data || im.alpha || im.w || im.h) {
		fuzz_image_fail("a failure left data behind");
	}
	cv_image_free(&im);
	x_free(copy);
	return 0;
}
