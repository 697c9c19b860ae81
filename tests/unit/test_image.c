/*
 * Images: every good fixture loads with its pixel size; every bad one gives
 * exactly one error with the expected id and no crash; a page showing the
 * images passes qpdf --check.  Then what the module promises beyond that:
 * the pixel limits at their boundaries (checked from the header, before any
 * decoding), JPEG data that does not decode cleanly refused, every JPEG
 * kind (baseline, progressive, gray, CMYK, YCCK) turned the right way up
 * for each EXIF orientation, and big photos (made here, in a temporary
 * directory) downsampled to about 300 ppi at their printed size.
 */
#include <hpdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jpeglib.h>
#include <png.h>

#include "harness.h"
#include "msg.h"
#include "pdf/image.h"
#include "util.h"

#define FIX FOLIO_SOURCE_DIR "/tests/fixtures/"
#define LIMIT 200000000u /* the documented pixel limit */
#define BOX 68.03        /* [pt] 2.4 cm, the classic layout's photo */

static HPDF_Doc pdf;
static HPDF_Page page;
static int placed;
static char tmp[] = "/tmp/folio-image-XXXXXX";

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
	HPDF_Image img = cv_image_load(pdf, path, &pos, 48, 36, &w, &h);
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

/* The error message cv_image_read gives for path (absolute, or a fixture's name). */
static void bad(const char *name, const char *id, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s%s", name[0] == '/' ? "" : FIX, name);
	FILE *log = tmpfile();
	cv_msg_set_stream(log);
	cv_msg_reset();
	unsigned w = 1, h = 1;
	struct cv_pos pos = {"cv.yaml", 4, 10};
	HPDF_Image img = cv_image_load(pdf, path, &pos, BOX, BOX, &w, &h);
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

/* cv_image_read that must succeed without a message. */
static bool read_ok(const char *path, double box, struct cv_image *im)
{
	cv_msg_reset();
	struct cv_pos pos = {"cv.yaml", 2, 8};
	bool ok = cv_image_read(path, &pos, box, box, im);
	CHECK(ok);
	CHECK(cv_msg_count(CV_NOTE) == 0);
	if (!ok)
		fprintf(stderr, "  reading %s\n", path);
	return ok;
}

static char *tmp_path(const char *name)
{
	static char path[4][512];
	static int k;
	k = (k + 1) % 4;
	snprintf(path[k], sizeof path[k], "%s/%s", tmp, name);
	return path[k];
}

static unsigned char *slurp(const char *path, size_t *len)
{
	char *d = NULL;
	CHECK(cv_file_read(path, 1u << 30, &d, len) == 0);
	return (unsigned char *)d;
}

static void spill(const char *path, const void *d, size_t len)
{
	FILE *f = fopen(path, "wb");
	CHECK(f && fwrite(d, 1, len, f) == len);
	if (f)
		fclose(f);
}

/* ---- pixels ------------------------------------------------------------ */

/* An image's samples as shown: decoded when it is a JPEG. */
struct pixels {
	unsigned w, h, comps;
	unsigned char *px;
};

static struct pixels pixels_of(const struct cv_image *im)
{
	struct pixels p = {im->w, im->h, im->comps, NULL};
	if (!im->jpeg) {
		p.px = x_malloc(im->len);
		memcpy(p.px, im->data, im->len);
		return p;
	}
	struct jpeg_decompress_struct ci;
	struct jpeg_error_mgr err;
	ci.err = jpeg_std_error(&err);
	jpeg_create_decompress(&ci);
	jpeg_mem_src(&ci, im->data, (unsigned long)im->len);
	jpeg_read_header(&ci, TRUE);
	ci.out_color_space = ci.num_components == 4   ? JCS_CMYK
	                     : ci.num_components == 1 ? JCS_GRAYSCALE
	                                              : JCS_RGB;
	jpeg_start_decompress(&ci);
	CHECK(ci.output_width == im->w && ci.output_height == im->h);
	CHECK((unsigned)ci.output_components == im->comps);
	p.px = x_malloc((size_t)ci.output_width * ci.output_height * ci.output_components);
	while (ci.output_scanline < ci.output_height) {
		JSAMPROW row = p.px + (size_t)ci.output_scanline * ci.output_width * im->comps;
		jpeg_read_scanlines(&ci, &row, 1);
	}
	jpeg_finish_decompress(&ci);
	jpeg_destroy_decompress(&ci);
	return p;
}

/*
 * The colour near a corner (0 top left, 1 top right, 2 bottom left, 3
 * bottom right): 'r', 'g', 'b' for the marker's red, green and blue, 'k'
 * black and 'w' white for gray, '?' otherwise.  CMYK samples are inverted
 * (Adobe's convention, as in the fixtures).
 */
static char corner(const struct pixels *p, int which)
{
	unsigned x = which & 1 ? p->w - 1 - p->w / 16 : p->w / 16;
	unsigned y = which & 2 ? p->h - 1 - p->h / 16 : p->h / 16;
	const unsigned char *s = p->px + ((size_t)y * p->w + x) * p->comps;
	if (p->comps == 1)
		return s[0] < 40 ? 'k' : s[0] > 215 ? 'w' : '?';
	unsigned r = s[0], g = s[1], b = s[2];
	if (p->comps == 4) { /* inverted inks: RGB = (255 - ink)(255 - K) / 255 */
		r = s[0] * s[3] / 255;
		g = s[1] * s[3] / 255;
		b = s[2] * s[3] / 255;
	}
	if (r > 150 && g < 110 && b < 110)
		return 'r';
	if (g > 130 && r < 110 && b < 130)
		return 'g';
	if (b > 130 && r < 110 && g < 130)
		return 'b';
	return '?';
}

/* The four corners' colours as a string ("rgbb": red top left, green top right). */
static void corners(const struct cv_image *im, char out[5])
{
	struct pixels p = pixels_of(im);
	for (int i = 0; i < 4; i++)
		out[i] = corner(&p, i);
	out[4] = '\0';
	x_free(p.px);
}

/* ---- making test images ------------------------------------------------ */

/* d with an EXIF APP1 segment asking for orientation o inserted after SOI. */
static void with_orientation(const unsigned char *d, size_t len, unsigned o, const char *path)
{
	/* APP1: "Exif", a big-endian TIFF header, one IFD entry (tag 0x0112, SHORT, 1, value). */
	/* clang-format off */
	static const unsigned char app1[] = {
	    0xFF, 0xE1, 0, 34, 'E', 'x', 'i', 'f', 0, 0,
	    'M', 'M', 0, 42, 0, 0, 0, 8,
	    0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0,
	    0, 0, 0, 0};
	/* clang-format on */
	unsigned char *out = x_malloc(len + sizeof app1);
	memcpy(out, d, 2);
	memcpy(out + 2, app1, sizeof app1);
	out[2 + 29] = (unsigned char)o; /* the entry's value, a big-endian SHORT */
	memcpy(out + 2 + sizeof app1, d + 2, len - 2);
	spill(path, out, len + sizeof app1);
	x_free(out);
}

/*
 * A w x h baseline JPEG like a phone's photo: blue, with red and green
 * squares (a tenth of the width) in the top left and top right corners,
 * smooth shading and noise.
 */
static void make_jpeg(const char *path, unsigned w, unsigned h)
{
	struct jpeg_compress_struct ci;
	struct jpeg_error_mgr err;
	FILE *f = fopen(path, "wb");
	CHECK(f != NULL);
	ci.err = jpeg_std_error(&err);
	jpeg_create_compress(&ci);
	jpeg_stdio_dest(&ci, f);
	ci.image_width = w;
	ci.image_height = h;
	ci.input_components = 3;
	ci.in_color_space = JCS_RGB;
	jpeg_set_defaults(&ci);
	jpeg_set_quality(&ci, 85, TRUE);
	jpeg_start_compress(&ci, TRUE);
	unsigned char *row = x_malloc((size_t)w * 3);
	unsigned seed = 1;
	for (unsigned y = 0; y < h; y++) {
		for (unsigned x = 0; x < w; x++) {
			unsigned char *p = row + (size_t)x * 3;
			seed = seed * 1103515245u + 12345u;
			int n = (int)(seed >> 16 & 15) - 8;
			int shade = (int)(40 * x / w) + (int)(30 * y / h);
			p[0] = (unsigned char)(30 + shade / 2 + n);
			p[1] = (unsigned char)(60 + shade / 2 + n);
			p[2] = (unsigned char)(170 + shade + n);
			if (y < w / 10 && (x < w / 10 || x >= w - w / 10)) {
				p[0] = x < w / 10 ? 230 : 20;
				p[1] = x < w / 10 ? 20 : 200;
				p[2] = 30;
			}
		}
		jpeg_write_scanlines(&ci, &row, 1);
	}
	jpeg_finish_compress(&ci);
	jpeg_destroy_compress(&ci);
	fclose(f);
	x_free(row);
}

/*
 * A w x h PNG of the given colour type, 8 bits; rows == 0 writes only the
 * signature and IHDR (enough for the size check).  RGBA images get the
 * marker squares on the left half and are transparent (and magenta, which
 * must never show) on the right half.
 */
static void make_png(const char *path, unsigned w, unsigned h, int type, bool rows)
{
	FILE *f = fopen(path, "wb");
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	CHECK(f && png && info);
	png_init_io(png, f);
	png_set_compression_level(png, 1);
	png_set_filter(png, 0, PNG_FILTER_NONE);
	png_set_IHDR(png, info, w, h, 8, type, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
	             PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	if (rows) {
		unsigned ch = type == PNG_COLOR_TYPE_RGBA ? 4 : type == PNG_COLOR_TYPE_RGB ? 3 : 1;
		unsigned char *row = x_malloc((size_t)w * ch);
		for (unsigned y = 0; y < h; y++) {
			for (unsigned x = 0; x < w; x++) {
				unsigned char *p = row + (size_t)x * ch;
				if (ch == 1) {
					p[0] = (unsigned char)(x < w / 10 && y < h / 10 ? 0 : 200);
					continue;
				}
				bool red = x < w / 10 && y < w / 10;
				bool green = x >= w / 2 - w / 10 && x < w / 2 && y < w / 10;
				p[0] = red ? 230 : green ? 20 : 40;
				p[1] = red ? 20 : green ? 200 : 80;
				p[2] = red || green ? 30 : 200;
				if (ch == 4) {
					p[3] = x < w / 2 ? 255 : 0;
					if (x >= w / 2)
						p[0] = p[2] = 255, p[1] = 0;
				}
			}
			png_write_row(png, row);
		}
		png_write_end(png, NULL);
		x_free(row);
	}
	png_destroy_write_struct(&png, &info);
	fclose(f);
}

/* ---- the tests --------------------------------------------------------- */

static void test_fixtures(void)
{
	good("rgba8.png", 12, 9);
	good("rgb8.png", 12, 9);
	good("rgba16.png", 12, 9);
	good("interlaced.png", 12, 9);
	good("gray.png", 12, 9);
	good("palette.png", 12, 9);
	good("photo.jpg", 20, 14);
	good("cmyk.jpg", 32, 24);
	good("marker-ycck.jpg", 32, 24);
	good("marker-progressive.jpg", 32, 24);
	good("gray.jpg", 32, 24);
	/* EXIF orientation 6 (a quarter turn clockwise) is applied: 14 x 20. */
	good("rotated.jpg", 14, 20);

	bad("truncated.png", "image-truncated", "is truncated");
	bad("corrupt.png", "image-corrupt", "corrupt PNG");
	bad("huge.png", "image-too-large",
	    "is 100000 x 100000 pixels; the limit is 200 megapixels");
	bad("huge.jpg", "image-too-large", "is 65535 x 65535 pixels; the limit is 200 megapixels");
	bad("notimage.png", "image-format", "neither a JPEG nor a PNG");
	bad("truncated.jpg", "image-truncated", "truncated");
	bad("nosof.jpg", "image-corrupt", "corrupt");
	bad("no-such-photo.jpg", "image-missing", "does not exist");
	bad("", "image-unreadable", "is a directory");
	bad("empty.ttf", "image-format", "is empty");
	bad("NotoSans.ttf", "image-missing", NULL);
	bad(FOLIO_SOURCE_DIR "/fonts/NotoSans-Regular.ttf", "image-format", NULL);
}

/* JPEG data is decoded before it is embedded; what does not decode cleanly is refused. */
static void test_damaged(void)
{
	bad("corrupt-scan.jpg", "image-damaged",
	    "photo \"" FIX "corrupt-scan.jpg\" is damaged: corrupt JPEG data: bad Huffman code\n");
	bad("cut-scan.jpg", "image-damaged",
	    "is damaged: corrupt JPEG data: premature end of data segment\n");
	/* Cut anywhere in the scan, with or without a closing EOI. */
	size_t len;
	unsigned char *d = slurp(FIX "photo.jpg", &len);
	unsigned refused = 0, tried = 0;
	for (size_t cut = 630; cut < len - 8; cut += 7) {
		unsigned char *t = x_malloc(cut + 2);
		memcpy(t, d, cut);
		t[cut] = 0xFF;
		t[cut + 1] = 0xD9;
		for (int eoi = 0; eoi < 2; eoi++) {
			spill(tmp_path("cut.jpg"), t, cut + 2 * eoi);
			struct cv_image im;
			cv_msg_set_stream(NULL);
			cv_msg_reset();
			tried++;
			if (!cv_image_read(tmp_path("cut.jpg"), NULL, BOX, BOX, &im) &&
			    cv_msg_count(CV_ERROR) == 1)
				refused++;
			cv_image_free(&im);
			cv_msg_set_stream(stderr);
		}
		x_free(t);
	}
	CHECK(tried > 10 && refused == tried);
	x_free(d);
}

/* Small JPEGs are embedded as they are; data after EOI is not. */
static void test_pass_through(void)
{
	struct cv_image im;
	size_t len;
	unsigned char *d = slurp(FIX "photo.jpg", &len);
	if (read_ok(FIX "photo.jpg", BOX, &im)) {
		CHECK(im.passed_through && im.jpeg);
		CHECK(im.len == len && memcmp(im.data, d, len) == 0);
	}
	cv_image_free(&im);
	if (read_ok(FIX "trailing.jpg", BOX, &im)) {
		CHECK(im.passed_through);
		CHECK(im.len == len && memcmp(im.data, d, len) == 0);
	}
	cv_image_free(&im);
	x_free(d);
	/* Passed through: CMYK keeps its Adobe inversion. */
	if (read_ok(FIX "cmyk.jpg", 0, &im))
		CHECK(im.passed_through && im.inverted && im.comps == 4);
	cv_image_free(&im);
}

/*
 * Every JPEG kind, for every EXIF orientation, shown the right way up: kept
 * at its size (box 0) and downsampled (a 2 pt box needs 9 pixels).  Where
 * the stored image's red top-left and green top-right squares must appear,
 * from the EXIF definitions ("the 0th row is the visual right-hand side,
 * the 0th column the visual top" for 6, and so on).
 */
static void test_orientation(void)
{
	static const char *const want[9] = {
	    NULL, "rgbb", "grbb", "bbgr", "bbrg", "rbgb", "brbg", "bgbr", "gbrb",
	};
	static const char *const kinds[] = {"marker.jpg", "marker-progressive.jpg",
	                                    "marker-flat.jpg", "marker-ycck.jpg", "cmyk.jpg"};
	for (size_t k = 0; k < CV_COUNT(kinds); k++) {
		char src[512];
		size_t len;
		snprintf(src, sizeof src, FIX "%s", kinds[k]);
		unsigned char *d = slurp(src, &len);
		for (unsigned o = 1; o <= 8; o++) {
			const char *path = tmp_path("oriented.jpg");
			with_orientation(d, len, o, path);
			for (int small = 0; small < 2; small++) {
				struct cv_image im;
				if (!read_ok(path, small ? 2 : 0, &im))
					continue;
				bool turned = o >= 5;
				unsigned w = small ? 12 : 32, h = small ? 9 : 24;
				CHECK(im.w == (turned ? h : w) && im.h == (turned ? w : h));
				CHECK(im.orientation == o && im.jpeg);
				CHECK(im.passed_through == (o == 1 && !small));
				CHECK(im.inverted == (im.comps == 4));
				char got[5];
				corners(&im, got);
				if (strcmp(got, want[o]) != 0) {
					fprintf(stderr,
					        "%s, orientation %u%s: corners %s, want %s\n",
					        kinds[k], o, small ? ", downsampled" : "", got,
					        want[o]);
					CHECK(!"corners");
				}
				cv_image_free(&im);
			}
		}
		x_free(d);
	}
	/* Gray: black top left, white top right. */
	struct cv_image im;
	size_t len;
	unsigned char *d = slurp(FIX "gray.jpg", &len);
	with_orientation(d, len, 3, tmp_path("gray3.jpg"));
	if (read_ok(tmp_path("gray3.jpg"), 2, &im)) {
		char got[5];
		corners(&im, got);
		CHECK(im.comps == 1 && im.w == 12 && im.h == 9);
		CHECK_STR(got, "??wk");
	}
	cv_image_free(&im);
	x_free(d);
}

/* A phone's 4000 x 3000 photo printed 2.4 cm wide: under 300 px, the right way up. */
static void test_phone_photo(void)
{
	const char *plain = tmp_path("phone.jpg"), *turned = tmp_path("phone-6.jpg");
	size_t len;
	make_jpeg(plain, 4000, 3000);
	unsigned char *d = slurp(plain, &len);
	with_orientation(d, len, 6, turned);
	x_free(d);
	unsigned need = (unsigned)ceil(BOX / 72 * 300); /* 284 */
	struct cv_image a, b, c;
	if (read_ok(plain, BOX, &a)) {
		CHECK(a.h == need && a.w == 378); /* 4000 * 283.5 / 3000, rounded up */
		CHECK(a.jpeg && !a.passed_through && a.src_w == 4000 && a.src_h == 3000);
		CHECK(a.len < 40000);
		char got[5];
		corners(&a, got);
		CHECK_STR(got, "rgbb");
	}
	if (read_ok(turned, BOX, &b)) {
		CHECK(b.w == need && b.h == 378);
		char got[5];
		corners(&b, got);
		CHECK_STR(got, "brbg"); /* a quarter turn clockwise */
	}
	/* Identical input, identical bytes. */
	if (read_ok(plain, BOX, &c))
		CHECK(c.len == a.len && memcmp(c.data, a.data, a.len) == 0);
	cv_image_free(&a);
	cv_image_free(&b);
	cv_image_free(&c);
}

/* A big PNG with alpha: downsampled, alpha kept, transparent colour never bleeding. */
static void test_big_png(void)
{
	const char *path = tmp_path("big.png");
	make_png(path, 6000, 4000, PNG_COLOR_TYPE_RGBA, true);
	struct cv_image im;
	if (!read_ok(path, BOX, &im))
		return;
	CHECK(im.h == 284 && im.w == 426);
	CHECK(im.jpeg && im.alpha != NULL && im.comps == 3);
	struct pixels p = pixels_of(&im);
	CHECK(corner(&p, 0) == 'r');
	/* The green square ends at the middle, where the transparent half starts. */
	unsigned mid = im.w / 2;
	CHECK(im.alpha[mid - 2] == 255 && im.alpha[mid + 1] == 0);
	for (unsigned y = 60; y < im.h; y += 20) { /* below the squares: blue, never magenta */
		const unsigned char *s = p.px + ((size_t)y * im.w + mid - 1) * 3;
		CHECK(im.alpha[(size_t)y * im.w + mid - 1] > 0);
		CHECK(s[0] < 90 && s[1] < 120 && s[2] > 150);
	}
	x_free(p.px);
	cv_image_free(&im);
}

/*
 * The pixel limits, checked from the header: 16000 x 12500 is the limit
 * exactly (decoded in full here), 4133 x 48391 the smallest picture above
 * it that fits 65535 pixels a side; 65535 pixels a side pass, 65536 do not.
 */
static void test_limits(void)
{
	struct cv_image im;
	const char *at = tmp_path("at-limit.png");
	make_png(at, 16000, 12500, PNG_COLOR_TYPE_GRAY, true);
	CHECK(16000u * 12500u == LIMIT);
	if (read_ok(at, BOX, &im)) {
		CHECK(im.src_w == 16000 && im.src_h == 12500 && im.h == 284 && im.w == 363);
		char got[5];
		corners(&im, got);
		CHECK(got[0] == 'k');
	}
	cv_image_free(&im);
	make_png(tmp_path("over.png"), 4133, 48391, PNG_COLOR_TYPE_RGB, false);
	CHECK(4133u * 48391u == LIMIT + 3);
	bad(tmp_path("over.png"), "image-too-large",
	    "is 4133 x 48391 pixels; the limit is 200 megapixels\n");
	make_png(tmp_path("wide.png"), 65536, 1, PNG_COLOR_TYPE_GRAY, false);
	bad(tmp_path("wide.png"), "image-too-large",
	    "is 65536 x 1 pixels; the limit is 65535 pixels a side\n");
	make_png(tmp_path("widest.png"), 65535, 1, PNG_COLOR_TYPE_GRAY, true);
	if (read_ok(tmp_path("widest.png"), 0, &im))
		CHECK(im.w == 65535 && im.h == 1);
	cv_image_free(&im);

	/* JPEG: the size is read from the frame header before any decoding. */
	size_t len;
	unsigned char *d = slurp(FIX "photo.jpg", &len);
	unsigned char *sof = NULL;
	for (size_t i = 2; i + 9 < len && !sof; i++)
		if (d[i] == 0xFF && d[i + 1] == 0xC0)
			sof = d + i;
	CHECK(sof != NULL);
	if (sof) {
		sof[5] = 48391 >> 8, sof[6] = 48391 & 255, sof[7] = 4133 >> 8, sof[8] = 4133 & 255;
		spill(tmp_path("over.jpg"), d, len);
		bad(tmp_path("over.jpg"), "image-too-large",
		    "is 4133 x 48391 pixels; the limit is 200 megapixels\n");
		/* At the limit the size passes; the (tiny) data then runs out. */
		sof[5] = 12500 >> 8, sof[6] = 12500 & 255, sof[7] = 16000 >> 8,
		sof[8] = 16000 & 255;
		spill(tmp_path("at.jpg"), d, len);
		bad(tmp_path("at.jpg"), "image-damaged", "premature end of data segment");
		sof[4] = 12; /* sample precision */
		spill(tmp_path("12-bit.jpg"), d, len);
		bad(tmp_path("12-bit.jpg"), "image-format", "has 12-bit samples");
	}
	x_free(d);

	/* Formats that must be held whole while decoding have a memory budget. */
	bad("huge-progressive.jpg", "image-too-large",
	    "is a progressive or multi-scan JPEG of 14000 x 14000 pixels, too large to decode "
	    "within 256 MB; save it as a baseline JPEG\n");
	bad("huge-interlaced.png", "image-too-large",
	    "is an interlaced PNG of 10000 x 8000 pixels, too large to decode within 256 MB; "
	    "save it without interlacing\n");
}

/* A warning (image-exif) at pos, with text, and the photo read as stored. */
static void exif_warns(const char *name, const char *text, unsigned want_w, unsigned want_h)
{
	FILE *log = tmpfile();
	cv_msg_set_stream(log);
	cv_msg_reset();
	struct cv_image im;
	struct cv_pos pos = {"cv.yaml", 2, 8};
	CHECK(cv_image_read(name, &pos, BOX, BOX, &im));
	CHECK(cv_msg_count(CV_NOTE) == 1 && cv_msg_count(CV_WARN) == 1 &&
	      cv_msg_count(CV_ERROR) == 0);
	CHECK_STR(cv_msg_last_id(), "image-exif");
	CHECK(im.orientation == 1 && im.w == want_w && im.h == want_h);
	fflush(log);
	rewind(log);
	char msg[1024] = {0};
	msg[fread(msg, 1, sizeof msg - 1, log)] = '\0';
	CHECK(strncmp(msg, "cv.yaml:2:8: warning: photo \"", 29) == 0 && strstr(msg, text));
	if (!strstr(msg, text))
		fprintf(stderr, "%s: message \"%s\" lacks \"%s\"\n", name, msg, text);
	fclose(log);
	cv_msg_set_stream(stderr);
	cv_image_free(&im);
}

/*
 * EXIF beyond the plain case: an XMP APP1 segment after the EXIF one does
 * not undo it (it did: every APP1 was read as EXIF), nor does one before
 * it; a PNG's eXIf chunk turns it (alpha turned with it); an orientation
 * outside 1-8 and EXIF data cut short are warnings, and the photo is used
 * as stored.  A second EXIF segment does not override the first.
 */
static void test_exif(void)
{
	struct cv_image im;
	if (read_ok(FIX "rotated-xmp.jpg", BOX, &im))
		CHECK(im.orientation == 6 && im.w == 14 && im.h == 20);
	cv_image_free(&im);

	/* The XMP segment first, then the EXIF one. */
	size_t len;
	unsigned char *d = slurp(FIX "rotated-xmp.jpg", &len);
	size_t exif_len = 2 + ((size_t)d[4] << 8 | d[5]);
	size_t xmp_len = 2 + ((size_t)d[4 + exif_len] << 8 | d[5 + exif_len]);
	unsigned char *sw = malloc(len);
	memcpy(sw, d, 2);
	memcpy(sw + 2, d + 2 + exif_len, xmp_len);
	memcpy(sw + 2 + xmp_len, d + 2, exif_len);
	memcpy(sw + 2 + xmp_len + exif_len, d + 2 + exif_len + xmp_len,
	       len - 2 - exif_len - xmp_len);
	spill(tmp_path("xmp-first.jpg"), sw, len);
	if (read_ok(tmp_path("xmp-first.jpg"), BOX, &im))
		CHECK(im.orientation == 6 && im.w == 14 && im.h == 20);
	cv_image_free(&im);

	/* Two EXIF segments: the first (orientation 6) counts, not the second (3). */
	unsigned char *two = malloc(len + exif_len);
	memcpy(two, d, 2 + exif_len);
	memcpy(two + 2 + exif_len, d + 2, exif_len);
	two[2 + exif_len + 4 + 6 + 8 + 2 + 8 + 1] =
	    3; /* SOI, APP1 head, Exif, TIFF head, count, entry */
	memcpy(two + 2 + 2 * exif_len, d + 2 + exif_len, len - 2 - exif_len);
	spill(tmp_path("two-exif.jpg"), two, len + exif_len);
	if (read_ok(tmp_path("two-exif.jpg"), BOX, &im))
		CHECK(im.orientation == 6 && im.w == 14 && im.h == 20);
	cv_image_free(&im);
	/* ... and the second one alone is read as 3 (the offset above is right). */
	memcpy(two, d, len);
	two[2 + 4 + 6 + 8 + 2 + 8 + 1] = 3;
	spill(tmp_path("exif-3.jpg"), two, len);
	if (read_ok(tmp_path("exif-3.jpg"), BOX, &im))
		CHECK(im.orientation == 3 && im.w == 20 && im.h == 14);
	cv_image_free(&im);
	free(two);
	free(sw);
	x_free(d);

	/* rgba8.png (12 x 9: R = 20x, G = 25y, opaque for x < 6) turned a quarter clockwise. */
	if (read_ok(FIX "rotated.png", BOX, &im)) {
		CHECK(im.orientation == 6 && im.w == 9 && im.h == 12 && !im.jpeg && im.alpha);
		CHECK(im.comps == 3);
		for (unsigned Y = 0; Y < 12 && im.alpha; Y++)
			for (unsigned X = 0; X < 9; X++) {
				const unsigned char *p = im.data + (Y * 9 + X) * 3;
				if (p[0] != Y * 20 || p[1] != (8 - X) * 25 ||
				    im.alpha[Y * 9 + X] != (Y < 6 ? 255 : 96)) {
					fprintf(stderr, "rotated.png: pixel %u,%u is %u %u a%u\n",
					        X, Y, p[0], p[1], im.alpha[Y * 9 + X]);
					CHECK(!"rotated.png pixels");
					Y = 12;
					break;
				}
			}
	}
	cv_image_free(&im);

	/* As a PNG for TeX: the turned pixels and the mask, read back by libpng. */
	if (read_ok(FIX "rotated.png", BOX, &im)) {
		unsigned char *png = NULL;
		size_t n = 0;
		CHECK(cv_image_png(&im, &png, &n) && n > 8);
		png_image back;
		memset(&back, 0, sizeof back);
		back.version = PNG_IMAGE_VERSION;
		if (png && png_image_begin_read_from_memory(&back, png, n)) {
			CHECK(back.width == 9 && back.height == 12 &&
			      back.format == PNG_FORMAT_RGBA);
			unsigned char px[9 * 12 * 4];
			back.format = PNG_FORMAT_RGBA;
			CHECK(png_image_finish_read(&back, NULL, px, 0, NULL));
			bool same = true;
			for (size_t i = 0; i < 9 * 12; i++)
				same = same && memcmp(px + i * 4, im.data + i * 3, 3) == 0 &&
				       px[i * 4 + 3] == im.alpha[i];
			CHECK(same);
		} else {
			CHECK(!"cv_image_png: libpng cannot read it back");
		}
		x_free(png);
	}
	cv_image_free(&im);

	exif_warns(FIX "exif-bogus.jpg", "has an EXIF orientation of 9, not one of 1 to 8", 20, 14);
	exif_warns(FIX "exif-truncated.jpg", "has truncated or malformed EXIF data", 20, 14);
	/* A PNG's eXIf chunk with a bogus value. */
	d = slurp(FIX "rotated.png", &len);
	unsigned char *p = NULL;
	for (size_t i = 0; i + 4 <= len && !p; i++)
		if (memcmp(d + i, "eXIf", 4) == 0)
			p = d + i;
	CHECK(p != NULL);
	if (p) {
		p[4 + 8 + 2 + 8 + 1] = 0; /* orientation 0 (libpng drops the chunk: bad CRC) */
		spill(tmp_path("bogus.png"), d, len);
		exif_warns(tmp_path("bogus.png"), "has an EXIF orientation of 0", 12, 9);
	}
	x_free(d);
	/* EXIF data of every length up to the orientation: warned about, never read past. */
	d = slurp(FIX "rotated.jpg", &len);
	for (unsigned cut = 0; cut < 6 + 8 + 2 + 12; cut++) {
		unsigned char *c = malloc(len);
		size_t seg = 2 + ((size_t)d[4] << 8 | d[5]);
		memcpy(c, d, 4);
		c[4] = (unsigned char)((cut + 2) >> 8);
		c[5] = (unsigned char)(cut + 2);
		memcpy(c + 6, d + 6, cut);
		memcpy(c + 6 + cut, d + 2 + seg, len - 2 - seg);
		spill(tmp_path("cut-exif.jpg"), c, 6 + cut + len - 2 - seg);
		if (cut < 6) { /* not "Exif\0\0": not EXIF at all */
			if (read_ok(tmp_path("cut-exif.jpg"), BOX, &im))
				CHECK(im.orientation == 1);
			cv_image_free(&im);
		} else {
			exif_warns(tmp_path("cut-exif.jpg"), "truncated or malformed EXIF", 20, 14);
		}
		free(c);
	}
	x_free(d);
}

/* The document with every good image is valid; masks and inversions are where they belong. */
static void test_document(void)
{
	char path[256], cmd[700];
	snprintf(path, sizeof path, "%s/img.pdf", tmp);
	CHECK(HPDF_SaveToFile(pdf, path) == HPDF_OK);
	snprintf(cmd, sizeof cmd, "qpdf --check '%s' >/dev/null 2>&1", path);
	CHECK(system(cmd) == 0);
	/* Soft masks: rgba8, rgba16 and palette (tRNS) have transparency. */
	snprintf(cmd, sizeof cmd,
	         "test \"$(pdfimages -list '%s' 2>/dev/null | grep -c smask)\" = 3", path);
	CHECK(system(cmd) == 0);
	/* The two Adobe CMYK JPEGs (cmyk, marker-ycck) are marked as inverted, and only they. */
	snprintf(
	    cmd, sizeof cmd,
	    "qpdf --qdf --object-streams=disable '%s' '%s/q.pdf' && "
	    "tr -s ' \\n' '  ' < '%s/q.pdf' > '%s/flat' && "
	    "test \"$(grep -a -o '/Decode \\[ 1 0 1 0 1 0 1 0 \\]' '%s/flat' | wc -l)\" = 2 && "
	    "test \"$(grep -a -o '/Decode' '%s/flat' | wc -l)\" = 2",
	    path, tmp, tmp, tmp, tmp, tmp);
	CHECK(system(cmd) == 0);
}

int main(void)
{
	CHECK(mkdtemp(tmp) != NULL);
	pdf = HPDF_New(error_handler, NULL);
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	page = HPDF_AddPage(pdf);

	test_fixtures();
	test_damaged();
	test_pass_through();
	test_orientation();
	test_exif();
	test_phone_photo();
	test_big_png();
	test_limits();
	test_document();
	HPDF_Free(pdf);

	char cmd[300];
	if (getenv("KEEP")) {
		fprintf(stderr, "kept %s\n", tmp);
	} else {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
		CHECK(system(cmd) == 0);
	}
	return TEST_RESULT();
}
