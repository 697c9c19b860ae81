/*
 * Photos for the PDF back end: JPEG passed through (after checking its
 * header), PNG decoded with libpng's simplified API (never libharu's PNG
 * loader, which aborts on corrupt files) and handed to libharu as raw RGB
 * plus an alpha soft mask.
 */
#ifndef CV_PDF_IMAGE_H
#define CV_PDF_IMAGE_H

#include "../msg.h"

/*
 * Load the image file at path into libharu document pdf (HPDF_Doc).  Returns
 * the HPDF_Image, or NULL after reporting a clear error at pos (missing,
 * unreadable, not a JPEG/PNG, truncated or corrupt).  *w and *h receive the
 * pixel size.
 */
void *cv_image_load(void *pdf, const char *path, const struct cv_pos *pos, unsigned *w,
                    unsigned *h);

#endif
