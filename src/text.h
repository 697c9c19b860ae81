/*
 * Styled text: the unit every text field becomes after Markdown parsing and
 * every back end draws.  A run is a stretch of UTF-8 text with one set of
 * inline flags and at most one link target.
 */
#ifndef CV_TEXT_H
#define CV_TEXT_H

#include <stddef.h>

#include "msg.h"

enum cv_run_flag {
	CV_RUN_BOLD = 1u << 0,
	CV_RUN_ITALIC = 1u << 1,
	CV_RUN_UNDERLINE = 1u << 2,
	CV_RUN_CODE = 1u << 3,
	CV_RUN_SUP = 1u << 4,
	CV_RUN_SUB = 1u << 5,
	CV_RUN_BREAK = 1u << 6,   /* a hard line break; text is "" */
	CV_RUN_NOBREAK = 1u << 7, /* never hyphenate or break at hyphens inside (names, titles) */
	CV_RUN_ICON = 1u << 8,    /* an icon, drawn and never text: text is its name (icon.h) */
	CV_RUN_LEVEL = 1u << 9,   /* level marks, drawn: text is "N/M" (N of M filled) */
	CV_RUN_CHIP = 1u << 10,   /* a tag chip: text on a rounded band (layout chip:) */
	/* a separator between items (the contact line's " · "): a line may break
	 * there, and then it shows on neither line */
	CV_RUN_SEP = 1u << 11
};

struct cv_run {
	const char *text; /* UTF-8, valid, no control characters, no newlines */
	unsigned flags;   /* enum cv_run_flag bits */
	const char *href; /* link target (http, https, mailto, tel) or NULL */
	/* where the text was written, when not where its block's text starts (a
	 * link label), for messages about it; else NULL */
	const struct cv_pos *pos;
};

/* A parsed text field: its runs plus where it came from. nruns == 0 means empty. */
struct cv_text {
	const struct cv_run *runs;
	size_t nruns;
	const char *source; /* the field as written (NULL when synthesised) */
	struct cv_pos pos;
};

/* A growable run vector (malloc'ed; cv_runs_finish copies into an arena). */
struct cv_runvec {
	struct cv_run *runs;
	size_t n, cap;
};
void cv_runs_add(struct cv_runvec *v, const char *text, unsigned flags, const char *href);
/* cv_runs_add with the run's own position (pos must outlive the runs). */
void cv_runs_add_at(struct cv_runvec *v, const char *text, unsigned flags, const char *href,
                    const struct cv_pos *pos);
void cv_runs_append(struct cv_runvec *v, const struct cv_run *runs, size_t n);
/* Copy the runs into arena storage, merging neighbours with equal flags, href and pos; frees v. */
struct cv_text cv_runs_finish(struct cv_arena *a, struct cv_runvec *v);
/* Concatenate the runs' text (breaks become " "); arena string, "" for empty. */
char *cv_text_plain(struct cv_arena *a, const struct cv_run *runs, size_t n);
/* A text of one plain run (text is not copied). */
struct cv_text cv_text_literal(struct cv_arena *a, const char *s, unsigned flags, const char *href);

/*
 * Put a language's quotation marks in place of the English ones smart
 * punctuation made: quotes[0..3] are the outer open, outer close, inner
 * open and inner close marks (static or arena strings).  “ and ” always
 * change; ‘ changes, and so does the ’ that closes it (one not followed by
 * a letter or digit: an apostrophe stays ’).  Code runs keep theirs.  The
 * runs are copied into the arena; t's source is untouched.
 */
void cv_text_localize_quotes(struct cv_arena *a, struct cv_text *t, const char *const quotes[4]);

#endif
