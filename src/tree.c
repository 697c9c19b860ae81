/* STUB: replaced by its owner. */
#include "backend.h"
bool cv_tree_render(const struct cv_doc *d, const struct cv_render_opts *o, struct cv_buf *out) { (void)d;(void)o;(void)out; return false; }
