/*
 * Photos for the PDF back end.  A photo is checked from its header (size
 * limits) before anything is decoded, then decoded in full by libjpeg or
 * libpng (bytes that do not decode cleanly are never embedded), turned the
 * right way up (EXIF orientation, from a JPEG's APP1 or a PNG's eXIf) and,
 * when it has more pixels than its printed size needs, downsampled to about
 * 300 ppi while it streams in.
 */
#ifndef CV_PDF_IMAGE_H
#define CV_PDF_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "../msg.h"

/* What a photo becomes in the PDF. */
struct cv_image {
	unsigned w, h;         /* [px] as embedded, the right way up */
	unsigned comps;        /* colour channels: 1 gray, 3 RGB, 4 CMYK */
	bool jpeg;             /* data is a JPEG file (DCTDecode), else raw 8-bit samples */
	bool inverted;         /* CMYK samples stored inverted (Adobe's convention) */
	bool passed_through;   /* data is the file's own JPEG bytes (up to its EOI) */
	unsigned char *data;   /* JPEG file, or w*h*comps samples, rows top down */
	size_t len;            /* [bytes] of data */
	unsigned char *alpha;  /* w*h soft-mask samples, or NULL when opaque */
	unsigned src_w, src_h; /* [px] of the file, as stored */
	unsigned orientation;  /* EXIF orientation applied (1-8; 1 when none or unusable) */
};

/*
 * Read, check and decode the photo at path for a box of box_w x box_h [pt]
 * that the picture is scaled to cover (as pdf.c draws it); a box of 0 x 0
 * means "no printed size": nothing is downsampled for print.  On success
 * fills *im (the caller frees it with cv_image_free) and returns true; else
 * reports one error at pos (missing, unreadable, not a JPEG/PNG, above the
 * size limits, truncated, corrupt or damaged) and returns false with *im
 * zeroed.  EXIF data that is there but unusable (truncated, or an
 * orientation outside 1-8) is a warning (image-exif) on success; the photo
 * is then used as stored.
 */
bool cv_image_read(const char *path, const struct cv_pos *pos, double box_w, double box_h,
                   struct cv_image *im);

/*
 * cv_image_read on the len bytes at d (the file's contents, not kept), which
 * path names in messages.  Reports and returns as cv_image_read.
 */
bool cv_image_decode(const unsigned char *d, size_t len, const char *path, const struct cv_pos *pos,
                     double box_w, double box_h, struct cv_image *im);

/*
 * im's raw samples (not a JPEG: a PNG's, kept size) as a PNG file, alpha
 * included, in a new buffer *out of *len bytes (the caller frees it with
 * x_free).  For TeX, which ignores a PNG's eXIf: the picture is as shown.
 * False when libpng fails (nothing is allocated then).
 */
bool cv_image_png(const struct cv_image *im, unsigned char **out, size_t *len);

/* Free what cv_image_read allocated; *im is zeroed.  NULL is a no-op. */
void cv_image_free(struct cv_image *im);

/*
 * cv_image_read, then embed the result in libharu document pdf (HPDF_Doc).
 * Returns the HPDF_Image, or NULL after reporting a clear error at pos.
 * *w and *h receive the embedded pixel size (the right way up; its aspect
 * ratio is the photo's).
 */
void *cv_image_load(void *pdf, const char *path, const struct cv_pos *pos, double box_w,
                    double box_h, unsigned *w, unsigned *h);

#endif
