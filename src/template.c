/* STUB: replaced by its owner. */
#include "template.h"
struct cv_tmpl *cv_tmpl_parse(struct cv_arena *a, const char *src, const struct cv_pos *pos) { (void)a;(void)src;(void)pos; return NULL; }
bool cv_tmpl_each_field(const struct cv_tmpl *t, bool (*fn)(void *, const char *), void *ctx) { (void)t;(void)fn;(void)ctx; return true; }
bool cv_tmpl_expand(const struct cv_tmpl *t, cv_tmpl_lookup_fn l, void *ctx, struct cv_arena *a, struct cv_runvec *out) { (void)t;(void)l;(void)ctx;(void)a;(void)out; return false; }
