/* STUB: replaced by its owner. */
#include "image.h"
void *cv_image_load(void *pdf, const char *path, const struct cv_pos *pos, unsigned *w, unsigned *h) { (void)pdf;(void)w;(void)h; cv_msg(CV_ERROR, pos, "stub", "images not built yet: %s", path); return NULL; }
