/*
 * Back ends: each turns a cv_doc into bytes in memory.  The CLI picks one
 * from the table by format name and writes the bytes atomically.  Adding a
 * back end adds one file and one table row (backend.c).
 */
#ifndef CV_BACKEND_H
#define CV_BACKEND_H

#include <stdbool.h>

#include "cv.h"

struct cv_render_opts {
	long long source_date_epoch; /* -1: no dates in the output; else the clock to use */
	const char *version;         /* folio version for Creator/comments */
	size_t *pages;               /* out: the PDF back end's page count (NULL: not wanted) */
};

struct cv_backend {
	const char *name; /* -f value: "pdf", "tex", "tree" */
	const char *ext;  /* output extension without dot */
	/* Render doc into out (appending).  Reports problems; false on error. */
	bool (*render)(const struct cv_doc *doc, const struct cv_render_opts *opts,
	               struct cv_buf *out);
};

/* The back end for a format name, or NULL. */
const struct cv_backend *cv_backend_find(const char *name);
/* All back ends (for --help). */
const struct cv_backend *cv_backends(size_t *count);

bool cv_tree_render(const struct cv_doc *doc, const struct cv_render_opts *opts,
                    struct cv_buf *out);
bool cv_pdf_render(const struct cv_doc *doc, const struct cv_render_opts *opts, struct cv_buf *out);
bool cv_latex_render(const struct cv_doc *doc, const struct cv_render_opts *opts,
                     struct cv_buf *out);

#endif
