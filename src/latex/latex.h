/*
 * The LaTeX back end's public pieces beyond cv_latex_render (backend.h):
 * the one escaper every profile string goes through, and running a TeX
 * engine on a written .tex file for --compile.
 */
#ifndef CV_LATEX_H
#define CV_LATEX_H

#include <stdbool.h>

#include "../util.h"

/* Append s (UTF-8 text from a profile) escaped for LaTeX body text to out. */
void cv_latex_escape(struct cv_buf *out, const char *s);
/* Append url escaped for the first argument of \href. */
void cv_latex_escape_url(struct cv_buf *out, const char *url);

/*
 * Compile tex_path with engine ("pdflatex", "xelatex", "lualatex"; NULL
 * picks the one the document needs) in a temporary directory, without
 * shell escape, with a timeout, and write the PDF atomically to pdf_path.
 * Reports LaTeX errors (file:line: message) and a missing engine; false on
 * failure.
 */
bool cv_latex_compile(const char *tex_path, const char *engine, const char *pdf_path);

#endif
