/*
 * The LaTeX back end's public pieces beyond cv_latex_render (backend.h):
 * a rendering for --compile whose files (fonts, photo) are named by local
 * names, and running a TeX engine on it.  Every byte of a .tex is written
 * through the TeX writer (writer.h).
 */
#ifndef CV_LATEX_H
#define CV_LATEX_H

#include <stdbool.h>
#include <stddef.h>

#include "../backend.h"
#include "../msg.h"
#include "../util.h"

/* A file the .tex reads besides itself: a font face or the photo. */
struct cv_tex_asset {
	const char *path; /* where it is (absolute when it could be resolved) */
	const char *name; /* the name the .tex gives it: letters, digits, "-", "." only */
	/* its bytes when they are not the file's (a photo downsampled or turned), else NULL */
	const void *data;
	size_t len;
};

/* A .tex ready to compile in a directory that holds its assets. */
struct cv_tex_job {
	const char *tex; /* the text (NUL-terminated), assets named by their names */
	size_t len;
	const struct cv_tex_asset *assets;
	size_t nassets;
	/*
	 * The profile or layout position each line was written from: line_pos[i]
	 * for line i + 1, .file NULL for folio's own lines.  The .tex written
	 * for the user has the same lines (only file references differ), so
	 * these also hold for it.
	 */
	const struct cv_pos *line_pos;
	size_t nlines;
	const char *engine; /* what the document needs: "pdflatex" or "xelatex" */
	/*
	 * The SOURCE_DATE_EPOCH the engine gets (cv_render_opts.source_date_epoch,
	 * already checked) when dated; otherwise it gets none, whatever the
	 * environment holds.
	 */
	bool dated;
	long long source_date_epoch; /* [s] since 1970-01-01 UTC, when dated */
};

/*
 * Render doc for --compile: like cv_latex_render, but every file it reads
 * is named by a short local name and listed in job->assets.  Everything
 * lives in arena a.  False on failure (reported).
 */
bool cv_latex_render_job(struct cv_arena *a, const struct cv_doc *doc,
                         const struct cv_render_opts *opts, struct cv_tex_job *job);

/*
 * Compile job with engine ("pdflatex", "xelatex", "lualatex"; NULL: the
 * one job->engine names) in a fresh private directory that holds the .tex
 * and copies of the assets, sandboxed (see docs/latex.md, "--compile"),
 * with a timeout, and write the PDF atomically to pdf_path.  The engine gets
 * job->source_date_epoch as SOURCE_DATE_EPOCH when the job is dated and the
 * engine can take it (warning "latex-source-date" when it cannot: then,
 * as for an undated job, it gets no SOURCE_DATE_EPOCH).  Engine errors
 * are reported at tex_path:LINE (the .tex the user has) and at the profile
 * position of that line; a missing engine is reported with the package to
 * install.  False on failure.
 */
bool cv_latex_compile(const struct cv_tex_job *job, const char *tex_path, const char *engine,
                      const char *pdf_path);

#endif
