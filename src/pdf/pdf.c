/* STUB: replaced by its owner. */
#include "../backend.h"
bool cv_pdf_render(const struct cv_doc *d, const struct cv_render_opts *o, struct cv_buf *out) { (void)d;(void)o;(void)out; cv_msg(CV_ERROR, NULL, "stub", "pdf back end not built yet"); return false; }
