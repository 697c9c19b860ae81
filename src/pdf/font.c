/* STUB: replaced by its owner. */
#include "font.h"
struct cv_fonts *cv_fonts_open(const struct cv_layout *l) { (void)l; return NULL; }
void cv_fonts_free(struct cv_fonts *f) { (void)f; }
double cv_fonts_width(void *c, int fa, int fc, const char *t, size_t n, double s) { (void)c;(void)fa;(void)fc;(void)t; return (double)n * s * 0.5; }
double cv_fonts_ascent(void *c, int fa, int fc, double s) { (void)c;(void)fa;(void)fc; return s * 0.8; }
double cv_fonts_descent(void *c, int fa, int fc, double s) { (void)c;(void)fa;(void)fc; return s * 0.2; }
bool cv_fonts_has(const struct cv_fonts *f, int fa, int fc, uint32_t cp) { (void)f;(void)fa;(void)fc;(void)cp; return true; }
size_t cv_fonts_shape(struct cv_fonts *f, int fa, int fc, const char *t, size_t n, uint32_t *c, int *k, size_t m) { (void)f;(void)fa;(void)fc;(void)t;(void)n;(void)c;(void)k;(void)m; return 0; }
void cv_fonts_use(struct cv_fonts *f, int fa, int fc, const char *t, size_t n, const struct cv_pos *p) { (void)f;(void)fa;(void)fc;(void)t;(void)n;(void)p; }
void *cv_fonts_hpdf(struct cv_fonts *f, void *pdf, int fa, int fc) { (void)f;(void)pdf;(void)fa;(void)fc; return NULL; }
