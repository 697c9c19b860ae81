/* STUB: replaced by its owner. */
#include "../backend.h"
#include "latex.h"
bool cv_latex_render(const struct cv_doc *d, const struct cv_render_opts *o, struct cv_buf *out) { (void)d;(void)o;(void)out; cv_msg(CV_ERROR, NULL, "stub", "latex back end not built yet"); return false; }
void cv_latex_escape(struct cv_buf *out, const char *s) { cv_buf_puts(out, s); }
void cv_latex_escape_url(struct cv_buf *out, const char *s) { cv_buf_puts(out, s); }
bool cv_latex_compile(const char *t, const char *e, const char *p) { (void)t;(void)e;(void)p; return false; }
