/*
 * The files a CV uses besides its text -- the layout's fonts and the
 * profile's photo -- checked exactly as the PDF back end uses them, for the
 * back ends that hand them to another program (the LaTeX file and TeX).
 */
#ifndef CV_PDF_FILES_H
#define CV_PDF_FILES_H

#include <stdbool.h>
#include <stddef.h>

#include "../cv.h"

/* A photo as the PDF would embed it, as a file. */
struct cv_photo_file {
	bool changed;        /* downsampled or turned: data holds a new file */
	const char *ext;     /* when changed, its type: "jpg" or "png" (a PNG only turned) */
	unsigned char *data; /* when changed (malloc'ed; cv_photo_file_free) */
	size_t len;
};

/*
 * Open every font of doc's layout and decode doc's photo (if it has one),
 * with the same checks, limits and messages as the PDF back end, but for
 * composite glyphs: every glyph of every font is checked
 * (cv_fonts_check_glyphs), not only those of the characters the document
 * shows, as a TeX engine may draw any of them.  Reports every problem at
 * its position.  False on error.  photo, when not NULL, receives the photo
 * as the PDF would embed it (zeroed when there is none or it is the file
 * itself).
 */
bool cv_pdf_check_files(const struct cv_doc *doc, struct cv_photo_file *photo);

void cv_photo_file_free(struct cv_photo_file *photo);

#endif
