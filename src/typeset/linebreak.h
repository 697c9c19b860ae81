/*
 * Optimal-fit line breaking over boxes, glue and penalties (Knuth and Plass,
 * "Breaking Paragraphs into Lines", 1981): choose the breaks that minimise
 * the paragraph's total demerits.  Knows nothing about text or fonts.
 */
#ifndef CV_TS_LINEBREAK_H
#define CV_TS_LINEBREAK_H

#include <stdbool.h>
#include <stddef.h>

enum cv_lb_type { CV_LB_BOX, CV_LB_GLUE, CV_LB_PENALTY };

/* Penalties at or above this forbid a break; at or below its negative force one. */
#define CV_LB_INF 10000.0
/* Stretch that makes any shortfall free (the glue that ends a paragraph). */
#define CV_LB_FIL 1e7

struct cv_lb_item {
	enum cv_lb_type type;
	double width;   /* [pt] */
	double stretch; /* [pt] glue only */
	double shrink;  /* [pt] glue only */
	double penalty; /* penalty only */
	bool flagged;   /* penalty only: a hyphenation (for consecutive-hyphen demerits) */
};

struct cv_lb_params {
	double width;          /* [pt] of every line but the first first_lines */
	double first_width;    /* [pt] of lines 1..first_lines (a date beside them) */
	size_t first_lines;    /* lines set at first_width; 0: none */
	double tolerance;      /* largest badness accepted (100 = TeX's pretolerance) */
	double ragged_stretch; /* [pt] extra stretch of every line (ragged text), else 0 */
	bool emergency;        /* accept any badness and, if it must be, overfull lines */
	/* added when the line before a forced break (a paragraph's last line, or
	 * a hard break) starts after a hyphen: TeX's \finalhyphendemerits */
	double final_hyphen_demerits;
};

/*
 * Break items[0..n) into lines.  The items must end with a forced break
 * (penalty <= -CV_LB_INF).  On success stores the index of each line's
 * breaking item in breaks[] (room for n), in order, and returns the number
 * of lines; returns 0 when no set of breaks meets the tolerance (never in
 * emergency mode).  Deterministic; the active list is capped, so the cost is
 * linear in n.
 */
size_t cv_lb_break(const struct cv_lb_item *items, size_t n, const struct cv_lb_params *p,
                   size_t *breaks);

#endif
