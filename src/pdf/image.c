/*
 * Photos for the PDF back end: the file type is sniffed from its magic
 * bytes; a JPEG is checked (SOF present, ends with EOI) and passed through,
 * a PNG is decoded with libpng's simplified API and handed to libharu as raw
 * samples plus an 8-bit soft mask when it has transparency.
 */
#include "image.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_objects.h>
#include <png.h>

#include "../util.h"

#define IMAGE_MAX_BYTES (64u * 1024 * 1024)
#define IMAGE_MAX_PIXELS (40u * 1000 * 1000)

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* ---- JPEG ------------------------------------------------------------ */

/* EXIF orientation (1-8) from an APP1 segment's payload, or 0. */
static unsigned exif_orientation(const unsigned char *p, size_t n)
{
	if (n < 14 || memcmp(p, "Exif\0\0", 6) != 0)
		return 0;
	const unsigned char *t = p + 6;
	size_t tn = n - 6;
	bool le;
	if (t[0] == 'I' && t[1] == 'I')
		le = true;
	else if (t[0] == 'M' && t[1] == 'M')
		le = false;
	else
		return 0;
#define RD16(q) (le ? (unsigned)((q)[0] | (q)[1] << 8) : be16(q))
#define RD32(q)                                                                                    \
	(le ? ((uint32_t)(q)[0] | (uint32_t)(q)[1] << 8 | (uint32_t)(q)[2] << 16 |                 \
	       (uint32_t)(q)[3] << 24)                                                             \
	    : be32(q))
	uint32_t ifd = RD32(t + 4);
	if (ifd > tn || tn - ifd < 2)
		return 0;
	unsigned count = RD16(t + ifd);
	for (unsigned i = 0; i < count; i++) {
		size_t e = ifd + 2 + (size_t)i * 12;
		if (e + 12 > tn)
			return 0;
		if (RD16(t + e) == 0x0112 && RD16(t + e + 2) == 3) {
			unsigned v = RD16(t + e + 8);
			return v >= 1 && v <= 8 ? v : 0;
		}
	}
	return 0;
#undef RD16
#undef RD32
}

/*
 * Check a JPEG's structure: markers up to the scan, a frame header (SOF)
 * of a kind PDF can show, and EOI at the end.  Returns NULL if fine, else
 * sets *id and returns the problem.
 */
static const char *jpeg_check(const unsigned char *d, size_t len, unsigned *w, unsigned *h,
                              unsigned *orientation, bool *inverted_cmyk, const char **id)
{
	bool adobe = false;
	unsigned comps = 0;
	*id = "image-truncated";
	size_t end = len;
	while (end > 2 && (d[end - 1] == 0 || d[end - 1] == '\n' || d[end - 1] == '\r'))
		end--; /* some writers pad after EOI */
	bool sof = false;
	size_t i = 2;
	for (;;) {
		if (i >= len)
			return "is truncated";
		if (d[i] != 0xFF) {
			*id = "image-corrupt";
			return "is corrupt: bad marker";
		}
		while (i < len && d[i] == 0xFF)
			i++;
		if (i >= len)
			return "is truncated";
		unsigned m = d[i++];
		if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7))
			continue;
		if (m == 0xD9) {
			*id = "image-corrupt";
			return "is corrupt: no image data";
		}
		if (i + 2 > len)
			return "is truncated";
		unsigned seglen = be16(d + i);
		if (seglen < 2) {
			*id = "image-corrupt";
			return "is corrupt: bad segment length";
		}
		if (i + seglen > len)
			return "is truncated";
		const unsigned char *seg = d + i + 2;
		size_t n = seglen - 2;
		if (m == 0xE1)
			*orientation = exif_orientation(seg, n);
		if (m == 0xEE && n >= 5 && memcmp(seg, "Adobe", 5) == 0)
			adobe = true;
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			if (m > 0xC2) {
				*id = "image-format";
				return "uses a JPEG coding PDF viewers cannot show (lossless, "
				       "hierarchical or arithmetic); save it as a baseline JPEG";
			}
			if (n < 6) {
				*id = "image-corrupt";
				return "is corrupt: short frame header";
			}
			*h = be16(seg + 1);
			*w = be16(seg + 3);
			comps = seg[5];
			if (*w == 0 || *h == 0 || (comps != 1 && comps != 3 && comps != 4)) {
				*id = "image-corrupt";
				return "is corrupt: bad frame header";
			}
			sof = true;
			if ((uint64_t)*w * *h > IMAGE_MAX_PIXELS) {
				*id = "image-too-large";
				return "";
			}
		}
		if (m == 0xDA) {
			if (!sof) {
				*id = "image-corrupt";
				return "is corrupt: no frame header before the image data";
			}
			break;
		}
		i += seglen;
	}
	if (end < 4 || d[end - 2] != 0xFF || d[end - 1] != 0xD9)
		return "is truncated (no end-of-image marker)";
	/* Adobe's CMYK JPEGs store inverted samples (every Photoshop CMYK file). */
	*inverted_cmyk = adobe && comps == 4;
	return NULL;
}

static void *load_jpeg(HPDF_Doc pdf, const char *path, const unsigned char *d, size_t len,
                       const struct cv_pos *pos, unsigned *w, unsigned *h)
{
	unsigned orientation = 0;
	bool inverted = false;
	const char *id = NULL;
	const char *problem = jpeg_check(d, len, w, h, &orientation, &inverted, &id);
	if (problem && strcmp(id, "image-too-large") == 0) {
		cv_msg(CV_ERROR, pos, "image-too-large",
		       "photo \"%s\" has %ux%u pixels; the limit is %u megapixels", path, *w, *h,
		       IMAGE_MAX_PIXELS / 1000000);
		return NULL;
	}
	if (problem) {
		/* id is one of image-truncated, image-corrupt, image-format */
		if (strcmp(id, "image-truncated") == 0)
			cv_msg(CV_ERROR, pos, "image-truncated", "photo \"%s\" %s", path, problem);
		else if (strcmp(id, "image-format") == 0)
			cv_msg(CV_ERROR, pos, "image-format", "photo \"%s\" %s", path, problem);
		else
			cv_msg(CV_ERROR, pos, "image-corrupt", "photo \"%s\" %s", path, problem);
		return NULL;
	}
	if (orientation > 1)
		cv_msg(CV_WARN, pos, "image-orientation",
		       "photo \"%s\" asks to be rotated or flipped (EXIF orientation %u), which "
		       "folio ignores; rotate the file itself",
		       path, orientation);
	HPDF_Image img = HPDF_LoadJpegImageFromMem(pdf, d, (HPDF_UINT)len);
	if (!img) {
		HPDF_STATUS code = HPDF_GetError(pdf);
		HPDF_ResetError(pdf);
		cv_msg(CV_ERROR, pos, "image-corrupt",
		       "photo \"%s\" is a JPEG libharu cannot read (error 0x%04X)", path,
		       (unsigned)code);
		return NULL;
	}
	if (inverted) {
		HPDF_Array decode = HPDF_Array_New(img->mmgr);
		HPDF_STATUS st = decode ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM;
		for (int i = 0; i < 8 && st == HPDF_OK; i++)
			st = HPDF_Array_AddNumber(decode, i % 2 ? 0 : 1);
		if (st == HPDF_OK)
			st = HPDF_Dict_Add(img, "Decode", decode);
		if (st != HPDF_OK) {
			HPDF_ResetError(pdf);
			cv_msg(CV_ERROR, pos, "image-corrupt",
			       "photo \"%s\" is a CMYK JPEG libharu cannot take (error 0x%04X)",
			       path, (unsigned)st);
			return NULL;
		}
	}
	return img;
}

/* ---- PNG ------------------------------------------------------------- */

/* True if the chunk sequence is complete up to IEND. */
static bool png_complete(const unsigned char *d, size_t len)
{
	size_t i = 8;
	while (i + 12 <= len) {
		uint32_t n = be32(d + i);
		if (n > len - i - 12)
			return false;
		if (memcmp(d + i + 4, "IEND", 4) == 0)
			return true;
		i += 12 + (size_t)n;
	}
	return false;
}

static HPDF_Image raw_image(HPDF_Doc pdf, const unsigned char *buf, unsigned w, unsigned h,
                            bool color)
{
	HPDF_Image img = HPDF_LoadRawImageFromMem(
	    pdf, buf, w, h, color ? HPDF_CS_DEVICE_RGB : HPDF_CS_DEVICE_GRAY, 8);
	if (img) /* always compress pixels, whatever the document's mode */
		img->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	return img;
}

static void *load_png(HPDF_Doc pdf, const char *path, const unsigned char *d, size_t len,
                      const struct cv_pos *pos, unsigned *w, unsigned *h)
{
	if (len >= 24 && memcmp(d + 12, "IHDR", 4) == 0 &&
	    (uint64_t)be32(d + 16) * be32(d + 20) > IMAGE_MAX_PIXELS) {
		cv_msg(CV_ERROR, pos, "image-too-large",
		       "photo \"%s\" has %ux%u pixels; the limit is %u megapixels", path,
		       (unsigned)be32(d + 16), (unsigned)be32(d + 20), IMAGE_MAX_PIXELS / 1000000);
		return NULL;
	}
	if (!png_complete(d, len)) {
		cv_msg(CV_ERROR, pos, "image-truncated", "photo \"%s\" is truncated", path);
		return NULL;
	}
	png_image im;
	memset(&im, 0, sizeof im);
	im.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&im, d, len)) {
		cv_msg(CV_ERROR, pos, "image-corrupt", "photo \"%s\" is a corrupt PNG (%s)", path,
		       im.message);
		png_image_free(&im);
		return NULL;
	}
	*w = im.width;
	*h = im.height;
	if ((uint64_t)im.width * im.height > IMAGE_MAX_PIXELS) {
		cv_msg(CV_ERROR, pos, "image-too-large",
		       "photo \"%s\" has %ux%u pixels; the limit is %u megapixels", path,
		       (unsigned)im.width, (unsigned)im.height, IMAGE_MAX_PIXELS / 1000000);
		png_image_free(&im);
		return NULL;
	}
	bool color = im.format & PNG_FORMAT_FLAG_COLOR;
	bool alpha = im.format & PNG_FORMAT_FLAG_ALPHA;
	im.format = color ? (alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB)
	                  : (alpha ? PNG_FORMAT_GA : PNG_FORMAT_GRAY);
	size_t channels = (color ? 3 : 1) + (alpha ? 1 : 0);
	size_t npix = (size_t)im.width * im.height;
	unsigned char *px = x_malloc(npix * channels);
	if (!png_image_finish_read(&im, NULL, px, 0, NULL)) {
		cv_msg(CV_ERROR, pos, "image-corrupt", "photo \"%s\" is a corrupt PNG (%s)", path,
		       im.message);
		png_image_free(&im);
		x_free(px);
		return NULL;
	}
	unsigned char *mask = NULL;
	if (alpha) {
		/* Split the alpha channel off into its own plane. */
		size_t cc = channels - 1;
		bool opaque = true;
		mask = x_malloc(npix);
		for (size_t i = 0; i < npix; i++) {
			const unsigned char *s = px + i * channels;
			memmove(px + i * cc, s, cc);
			mask[i] = s[cc];
			opaque = opaque && s[cc] == 255;
		}
		if (opaque) {
			x_free(mask);
			mask = NULL;
		}
	}
	HPDF_Image img = raw_image(pdf, px, im.width, im.height, color);
	if (img && mask) {
		HPDF_Image sm = raw_image(pdf, mask, im.width, im.height, false);
		if (!sm || HPDF_Image_AddSMask(img, sm) != HPDF_OK)
			img = NULL;
	}
	x_free(px);
	x_free(mask);
	if (!img) {
		HPDF_STATUS code = HPDF_GetError(pdf);
		HPDF_ResetError(pdf);
		cv_msg(CV_ERROR, pos, "image-corrupt",
		       "photo \"%s\" could not be embedded (libharu error 0x%04X)", path,
		       (unsigned)code);
	}
	return img;
}

void *cv_image_load(void *pdf, const char *path, const struct cv_pos *pos, unsigned *w, unsigned *h)
{
	*w = *h = 0;
	char *data = NULL;
	size_t len = 0;
	int err = cv_file_read(path, IMAGE_MAX_BYTES, &data, &len);
	if (err == ENOENT || err == ENOTDIR) {
		cv_msg(CV_ERROR, pos, "image-missing", "photo \"%s\" does not exist", path);
		return NULL;
	}
	if (err == EFBIG) {
		cv_msg(CV_ERROR, pos, "image-too-large", "photo \"%s\" is larger than %u MB", path,
		       IMAGE_MAX_BYTES / (1024 * 1024));
		return NULL;
	}
	if (err == EISDIR) {
		cv_msg(CV_ERROR, pos, "image-unreadable", "photo \"%s\" is a directory", path);
		return NULL;
	}
	if (err) {
		cv_msg(CV_ERROR, pos, "image-unreadable", "cannot read photo \"%s\": %s", path,
		       strerror(err));
		return NULL;
	}
	const unsigned char *d = (const unsigned char *)data;
	void *img = NULL;
	if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		img = load_jpeg(pdf, path, d, len, pos, w, h);
	else if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		img = load_png(pdf, path, d, len, pos, w, h);
	else if (len == 0)
		cv_msg(CV_ERROR, pos, "image-format", "photo \"%s\" is empty", path);
	else
		cv_msg(CV_ERROR, pos, "image-format",
		       "photo \"%s\" is neither a JPEG nor a PNG file", path);
	x_free(data);
	if (!img)
		*w = *h = 0;
	return img;
}
