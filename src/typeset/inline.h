/*
 * Inline layout: one block's styled runs -> measured words, spaces and
 * break points -> lines of positioned text stretches (with underlines and
 * link areas), through the optimal-fit breaker of linebreak.h.
 */
#ifndef CV_TS_INLINE_H
#define CV_TS_INLINE_H

#include "typeset.h"

/* What every typesetting step needs. */
struct cv_ts_ctx {
	struct cv_arena *a;
	const struct cv_layout *l;
	const struct cv_metrics *m;
};

/* One line of a paragraph: ranges into the paragraph's vectors. */
struct cv_ts_line {
	size_t text0, ntexts;
	size_t rule0, nrules;
	size_t link0, nlinks;
	double natural; /* [pt] width before justification */
};

/*
 * A laid-out paragraph.  Coordinates of texts, rules and links are relative
 * to their line: x from the left edge of the paragraph's measure (alignment
 * applied), y from the line's baseline.  The vectors are malloc'ed (free
 * with cv_ts_para_free); the strings live in the arena.
 */
struct cv_ts_para {
	struct cv_ts_text *texts;
	size_t ntexts, captexts;
	struct cv_ts_rule *rules;
	size_t nrules, caprules;
	struct cv_ts_link *links;
	size_t nlinks, caplinks;
	struct cv_ts_line *lines;
	size_t nlines, caplines;
	double ascent, descent; /* [pt] of the role's font at its size */
	double leading;         /* [pt] baseline to baseline */
	double size;            /* [pt] of the role's style */
};

/*
 * Lay out runs in the style of role, within width [pt], aligned as given
 * (JUSTIFY stretches every line but the last and those ending in a hard
 * break).  A word wider than the line is hyphenated if it may be, else it
 * overflows with a warning "overfull-line" at pos.  out is overwritten.
 */
void cv_ts_para_layout(const struct cv_ts_ctx *c, const struct cv_run *runs, size_t nruns,
                       enum cv_role role, enum cv_align align, double width,
                       const struct cv_pos *pos, struct cv_ts_para *out);

/*
 * A paragraph's shape beyond its width: a row's left cell leaves room on its
 * first lines for the right cell (a date) beside them, and keeps its last
 * word company.
 */
struct cv_ts_shape {
	double first_width; /* [pt] of the first first_lines lines */
	size_t first_lines; /* 0: every line is width wide */
	bool tie_last_word; /* a last line of one word only when nothing else fits */
};

/* cv_ts_para_layout with a shape (NULL: none); text x stays relative to the measure's left. */
void cv_ts_para_layout_shaped(const struct cv_ts_ctx *c, const struct cv_run *runs, size_t nruns,
                              enum cv_role role, enum cv_align align, double width,
                              const struct cv_ts_shape *shape, const struct cv_pos *pos,
                              struct cv_ts_para *out);

/* Width [pt] of the longest hard-broken line of runs set on one line. */
double cv_ts_para_natural(const struct cv_ts_ctx *c, const struct cv_run *runs, size_t nruns,
                          enum cv_role role);

/* Free the paragraph's vectors (not the arena strings). */
void cv_ts_para_free(struct cv_ts_para *p);

/* One text stretch of a plain string in role's style, baseline at (x, y); text is not copied. */
struct cv_ts_text cv_ts_text_plain(const struct cv_ts_ctx *c, enum cv_role role, const char *text,
                                   double x, double y);

/* Ascent and descent [pt] of role's font at its size. */
double cv_ts_role_ascent(const struct cv_ts_ctx *c, enum cv_role role);
double cv_ts_role_descent(const struct cv_ts_ctx *c, enum cv_role role);

#endif
