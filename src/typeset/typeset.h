/*
 * Typesetting for the PDF back end: cv_doc -> pages of positioned text,
 * rules, images and link areas.  Line breaking (optimal fit with
 * hyphenation where the style allows it, ragged or justified), rows with a
 * right-aligned cell, hanging bullets, and pagination with keep rules.  Text
 * is measured only through struct cv_metrics, so this module never sees
 * libharu or HarfBuzz and is unit-tested with fake metrics.
 */
#ifndef CV_TYPESET_H
#define CV_TYPESET_H

#include <stdbool.h>
#include <stddef.h>

#include "../cv.h"

/* Text measurement, supplied by the caller (the PDF font module, or a test). */
struct cv_metrics {
	void *ctx;
	/*
	 * Advance width [pt] of text (UTF-8, len bytes) set in the given family
	 * (index into layout.families) and face (enum cv_face) at size [pt],
	 * kerning between its characters included, tracking not included.
	 */
	double (*width)(void *ctx, int family, int face, const char *text, size_t len, double size);
	/* Ascender and descender heights, both positive [pt], at size. */
	double (*ascent)(void *ctx, int family, int face, double size);
	double (*descent)(void *ctx, int family, int face, double size);
};

/*
 * A cv_ts_text with this family is an icon, not text: its text is the icon's
 * name (icon.h), drawn as a filled outline CV_TS_ICON_EM em wide, centred,
 * on the baseline at size, in color.  Back ends must never set it as text.
 */
#define CV_TS_ICON_FAMILY (-2)
#define CV_TS_ICON_EM 1.25  /* [em] the box an icon is centred in */
#define CV_TS_ICON_GAP 0.2  /* [em] after it, before the text it marks */
#define CV_TS_ICON_SCALE 0.85  /* [em] an icon's height (the fonts' glyphs are 1 em) */
#define CV_TS_ICON_ASCENT 0.8  /* [em] of its box above the baseline */
#define CV_TS_ICON_MIDDLE 0.35 /* [em] above the baseline: the glyph's centre */

/*
 * A cv_ts_text with this family is a row of level marks: its text is "N/M",
 * drawn as M dots CV_TS_LEVEL_DOT em wide every CV_TS_LEVEL_STEP em, the
 * first N in color and the rest in a tint of it, centred CV_TS_ICON_MIDDLE
 * above the baseline.  Never set as text.
 */
#define CV_TS_LEVEL_FAMILY (-3)

/* Tag chips: the band is CV_TS_CHIP_HEIGHT em high around CV_TS_ICON_MIDDLE, text inset by CV_TS_CHIP_PAD. */
#define CV_TS_CHIP_PAD 0.25   /* [em] */
#define CV_TS_CHIP_HEIGHT 1.2 /* [em] */
#define CV_TS_CHIP_SCALE 1.0  /* of the style's size: the band fits within the leading */
#define CV_TS_LEVEL_DOT 0.62  /* [em] */
#define CV_TS_LEVEL_STEP 0.9  /* [em] */
#define CV_TS_LEVEL_TINT 0.25 /* the empty marks: color at this share on white */

/*
 * Whether a link in a run with these flags, in role's style, shows in the
 * style's link colour (the LaTeX back end asks too).  Only running text
 * does: the body, bullets, the small print, the contact line, the date
 * column and the footer.  Names, headline, section and entry titles keep
 * their style's colour even when they are clickable (an entry's url on its
 * title), and so does bold text, which in a body cell is a title in
 * disguise ("**{title}**, {issuer}").  The link area stays either way: only
 * the ink changes.
 */
bool cv_ts_link_coloured(enum cv_role role, unsigned flags);

/* One stretch of text on a line, in one font, drawn from (x, y). */
struct cv_ts_text {
	double x, y;      /* [pt] baseline start; origin top-left of the page, y down */
	int family, face; /* index into layout.families; enum cv_face */
	double size;      /* [pt] (already reduced for sup/sub) */
	struct cv_color color;
	double tracking;   /* [1/1000 em] extra after every character */
	double word_space; /* [pt] extra after every U+0020 in text (justification) */
	const char *text;  /* UTF-8; may contain spaces; a hyphen added at a break is in here */
	size_t len;
	double width;      /* [pt] as placed (natural + tracking + stretch) */
	double inset;      /* [pt] the text starts this far right of x (a chip's padding) */
	struct cv_pos pos; /* where the text came from in the profile (messages); may be empty */
};

struct cv_ts_rule {
	double x0, y0, x1, y1; /* [pt] a line from (x0,y0) to (x1,y1), y down */
	double width;          /* [pt] stroke width */
	struct cv_color color;
	bool round;            /* round caps (a chip's band), else butt */
};

struct cv_ts_image {
	double x, y, w, h; /* [pt] top-left corner and size, y down */
	const char *path;
	enum cv_photo_shape shape;
	struct cv_pos pos; /* for messages about the file */
};

struct cv_ts_link {
	double x0, y0, x1, y1; /* [pt] rectangle, y down (y0 top) */
	const char *href;
};

struct cv_ts_mark {
	const char *title; /* plain UTF-8: a section title, for the outline */
	double y;          /* [pt] top of the section title */
};

struct cv_ts_page {
	struct cv_ts_text *texts;
	size_t ntexts;
	struct cv_ts_rule *rules; /* section rules and underlines */
	size_t nrules;
	struct cv_ts_image *images;
	size_t nimages;
	struct cv_ts_link *links;
	size_t nlinks;
	struct cv_ts_mark *marks;
	size_t nmarks;
};

struct cv_ts_doc {
	double width, height; /* [pt] page size */
	double end_y;         /* [pt] bottom of the last thing placed on the last page */
	struct cv_ts_page *pages;
	size_t npages;
};

/*
 * Lay out the document on pages.  Page numbers (layout.footer) are added
 * when there is more than one page.  Everything lives in the arena.  Never
 * fails for a valid doc; overlong unbreakable words overflow with a warning.
 */
struct cv_ts_doc *cv_typeset(struct cv_arena *a, const struct cv_doc *doc,
                             const struct cv_metrics *m);

#endif
