/*
 * Icons as vector outlines: a glyph of a TrueType font (the bundled Font
 * Awesome Free fonts, or any other), found by its PostScript glyph name, read
 * with every offset and count checked, and returned as a path of moves,
 * lines and cubic curves for a back end to fill.  Icons are decoration, never
 * text: drawing them as paths keeps them out of extracted text.  Pure byte
 * code: no libharu, no HarfBuzz.
 */
#ifndef CV_ICON_H
#define CV_ICON_H

#include <stdbool.h>
#include <stddef.h>

#include "msg.h"
#include "util.h"

/* The bundled icon fonts (file names under fonts/, found with cv_paths_find). */
#define CV_ICON_FONT_SOLID "fa-solid-900.ttf"
#define CV_ICON_FONT_BRANDS "fa-brands-400.ttf"

/* One step of an outline. */
enum cv_icon_op {
	CV_ICON_MOVE,  /* start a contour at (x, y) */
	CV_ICON_LINE,  /* straight to (x, y) */
	CV_ICON_CURVE, /* cubic Bezier through (x1, y1), (x2, y2) to (x, y) */
	CV_ICON_CLOSE  /* close the contour (PDF "h"); no point */
};

struct cv_icon_seg {
	enum cv_icon_op op;
	double x1, y1, x2, y2; /* [1/1000 em] control points (CV_ICON_CURVE only) */
	double x, y;           /* [1/1000 em] end point (not for CV_ICON_CLOSE) */
};

/*
 * A glyph outline in units of 1/1000 em, y up, origin at the pen position
 * on the baseline (where the font places the glyph).  Every contour
 * is MOVE, then LINE/CURVE segments, then CLOSE; fill with the nonzero
 * winding rule (PDF "f"), as TrueType does.  An empty glyph has nsegs 0 and
 * a zero box.
 */
struct cv_icon {
	const char *font;  /* the font file's path */
	const char *glyph; /* the glyph name it was looked up by */
	unsigned gid;      /* its glyph index */
	const struct cv_icon_seg *segs;
	size_t nsegs;
	double advance;                /* [1/1000 em] advance width (hmtx) */
	double xmin, ymin, xmax, ymax; /* [1/1000 em] box of every outline point */
};

/* Where one of folio's icon names is drawn from. */
struct cv_icon_ref {
	const char *name;  /* folio's name, lower case ("email", "github") */
	const char *font;  /* CV_ICON_FONT_SOLID or CV_ICON_FONT_BRANDS */
	const char *glyph; /* the glyph name in that font ("envelope", "github") */
};

/*
 * Look up one of folio's icon names: the contact items (email, phone,
 * location, website), the networks a profile's links know (as
 * cv_schema_networks spells them: "GitHub", "Google Scholar", "Stack
 * Overflow"; and "Twitter"), their common spellings, and a few generic
 * icons (calendar, briefcase, graduation-cap ...).  Case is ignored and
 * spaces or underscores count as '-'.  The static entry, or NULL for any
 * other name.  Reads no file.
 */
const struct cv_icon_ref *cv_icon_resolve(const char *name);

/* folio's icon names, in the order docs/icons.md lists them; *count set. */
const struct cv_icon_ref *cv_icon_names(size_t *count);

/*
 * A run's icon fonts and outlines.  Each font file is read (mapped) once and
 * its name index built once; each outline is built once and shared.  The
 * outlines and strings returned live in the arena given to cv_icons_new;
 * the font bytes belong to the cache and go with cv_icons_free.
 */
struct cv_icons;

/* An empty cache whose results are allocated in a (which must outlive them). */
struct cv_icons *cv_icons_new(struct cv_arena *a);
/* Release the font bytes; the outlines stay in the arena.  NULL is a no-op. */
void cv_icons_free(struct cv_icons *ic);

/*
 * Use a copy of data[0..len) as the contents of the font file path from now
 * on (fonts held in memory; tests and fuzzers, whose exact-size copy lets
 * the address sanitizer see any read past the end).  Checked on first use,
 * like a file.  False, and nothing changed, if path is already known.
 */
bool cv_icons_add_font(struct cv_icons *ic, const char *path, const void *data, size_t len);

/*
 * The outline of the glyph named glyph (post table names; a name "uniXXXX"
 * or "uXXXX[XX]" not found there is looked up in the cmap) in the TrueType
 * font at path.  NULL after an error at pos (may be NULL): the font cannot
 * be read (icon-font-unreadable), it or the glyph is damaged
 * (icon-font-damaged; a damaged font is reported once and refused from then
 * on), or it has no such glyph (icon-not-in-font).
 */
const struct cv_icon *cv_icons_glyph(struct cv_icons *ic, const char *path, const char *glyph,
                                     const struct cv_pos *pos);

/*
 * The outline of the icon called name: one of folio's names
 * (cv_icon_resolve), else any glyph name of the bundled Solid font, then of
 * the Brands font ("github-alt", "house").  Bundled fonts are found with
 * cv_paths_find.  NULL after an error at pos: icon-unknown (with a
 * did-you-mean hint among folio's names and the fonts' glyph names), or any
 * error of cv_icons_glyph.
 */
const struct cv_icon *cv_icons_get(struct cv_icons *ic, const char *name, const struct cv_pos *pos);

#endif
