/*
 * Diagnostics: one reporting function for the whole program.  Messages are
 * printed as they are found ("FILE:LINE:COL: error: text", 1-based, or
 * "folio: error: text" without a position) and the worst level seen decides
 * the exit status.  Each message carries a stable id (a short kebab-case
 * string such as "unknown-key"); every id has a golden test named after it
 * under tests/golden/err/.
 */
#ifndef CV_MSG_H
#define CV_MSG_H

#include <stdbool.h>
#include <stdio.h>

#include "util.h"

/* A position in an input file; line and col are 1-based, 0 when unknown. */
struct cv_pos {
	const char *file; /* lives at least as long as the run (arena or static) */
	unsigned line;
	unsigned col;
};

/* Levels, in increasing severity; the exit status is derived from the worst. */
enum cv_level {
	CV_NOTE = 0,  /* informational, printed unless quiet; exit 0 */
	CV_WARN = 1,  /* suspicious input that still renders; exit 0 */
	CV_ERROR = 2, /* bad input (profile, layout, font, image); exit 1 */
	CV_USAGE = 3, /* bad command line; exit 2 */
	CV_SYSTEM = 4 /* I/O or environment failure; exit 3 */
};

/*
 * Report one message: one line, always.  pos may be NULL (or have file NULL)
 * for messages without a place; line 0 prints "FILE: level: text".  id is a
 * static string.  The file name and the formatted text go through
 * cv_msg_escape, so no control character, invalid UTF-8, bidi control or
 * other invisible format character in them reaches the terminal raw (a
 * message is never split over lines: one that needs two is two calls).
 * Messages beyond CV_MSG_MAX_PRINTED are counted but not printed.
 */
void cv_msg(enum cv_level level, const struct cv_pos *pos, const char *id, const char *fmt, ...)
    CV_PRINTF(4, 5);

/* Where messages go: a stream (default stderr) or NULL to discard (fuzzers). */
void cv_msg_set_stream(FILE *fp);
/* Quiet: suppress notes and warnings (errors still print). */
void cv_msg_set_quiet(bool quiet);
/* Forget the worst level and counts (tests, fuzzers run many inputs). */
void cv_msg_reset(void);
/* Worst level reported since the last reset, or -1 when nothing was reported. */
int cv_msg_worst(void);
/* Number of messages at or above level since the last reset. */
unsigned cv_msg_count(enum cv_level at_least);
/* True when an error (CV_ERROR or worse) has been reported. */
bool cv_msg_failed(void);
/* Exit status for the worst level: 0 ok/warnings, 1 input, 2 usage, 3 system. */
int cv_msg_exit_status(void);
/* Id of the most recent message (NULL if none): lets unit tests check which rule fired. */
const char *cv_msg_last_id(void);

/*
 * Append s[0..len) to b with everything a terminal could act on, or that
 * would not show, escaped: \n \r \t; other C0 controls, DEL and bytes that
 * are not part of valid UTF-8 as \xNN; C1 controls (U+0080-U+009F), every
 * format character (Cf: the bidi marks, embeddings, overrides and isolates
 * U+200E, U+200F, U+202A-U+202E, U+2066-U+2069, zero-width space and joiners
 * U+200B-U+200D, the BOM U+FEFF, tags...), U+2028, U+2029, every other
 * default-ignorable code point (variation selectors, Hangul fillers...) and
 * the noncharacters (U+FDD0-U+FDEF, U+nFFFE, U+nFFFF) as \uNNNN, or
 * \UNNNNNNNN above U+FFFF (lower-case hex; Unicode 15.1).  Printable ASCII
 * and other valid UTF-8 are copied; the result is therefore unchanged by a
 * second pass.
 */
void cv_msg_escape(struct cv_buf *b, const char *s, size_t len);

/*
 * Printable copy of user text for quoting in a message (arena string): quotes
 * and backslashes escaped, everything else as cv_msg_escape does, cut after
 * 60 characters with "...".
 */
const char *cv_msg_show(struct cv_arena *a, const char *s, size_t len);

#define CV_MSG_MAX_PRINTED 200

#endif
