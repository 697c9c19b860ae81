/*
 * Fonts and photo checked for back ends other than the PDF (files.h): the
 * font module opens every face, the image module decodes the photo.
 */
#include "files.h"

#include <string.h>

#include "font.h"
#include "image.h"

/* The photo block of doc's header, or NULL. */
static const struct cv_block *find_photo(const struct cv_doc *doc)
{
	const struct cv_block *b, *c;
	for (b = doc->root ? doc->root->first : NULL; b; b = b->next)
		if (b->type == CV_BLOCK_HEADER)
			for (c = b->first; c; c = c->next)
				if (c->type == CV_BLOCK_PHOTO && c->path)
					return c;
	return NULL;
}

bool cv_pdf_check_files(const struct cv_doc *doc, struct cv_photo_file *photo)
{
	struct cv_fonts *fonts = cv_fonts_open(doc->layout);
	const struct cv_block *ph = find_photo(doc);
	bool ok = fonts != NULL && cv_fonts_check_glyphs(fonts);
	if (photo)
		memset(photo, 0, sizeof *photo);
	cv_fonts_free(fonts);
	if (ph) {
		double size = doc->layout->header.photo_size;
		struct cv_image im;
		if (!cv_image_read(ph->path, &ph->pos, size, size, &im))
			return false;
		/*
		 * A JPEG made by folio (downsampled or turned) goes to TeX as it is;
		 * a PNG turned for its eXIf chunk (TeX engines ignore it) but kept
		 * at its size, as a new PNG.
		 */
		if (photo && im.jpeg && !im.passed_through) {
			photo->changed = true;
			photo->ext = "jpg";
			photo->data = im.data;
			photo->len = im.len;
			im.data = NULL;
		} else if (photo && !im.jpeg && im.orientation != 1) {
			if (cv_image_png(&im, &photo->data, &photo->len)) {
				photo->changed = true;
				photo->ext = "png";
			} else {
				cv_msg(CV_ERROR, &ph->pos, "image-corrupt",
				       "photo \"%s\" could not be re-encoded (libpng)", ph->path);
				ok = false;
			}
		}
		cv_image_free(&im);
	}
	return ok;
}

void cv_photo_file_free(struct cv_photo_file *photo)
{
	if (!photo)
		return;
	x_free(photo->data);
	memset(photo, 0, sizeof *photo);
}
