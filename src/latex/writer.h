/*
 * The TeX writer: the only way bytes reach a .tex file.  folio's own TeX
 * code goes in as string literals (cv_texw_code refuses anything else at
 * compile time); everything that comes from input — profile text, layout
 * strings, URLs, file paths, names — goes through a function that escapes
 * it or refuses it.  No function here can emit an input byte raw, comments
 * included, so no input can become TeX code.
 *
 * The writer also keeps every line of the file short enough for TeX (input
 * text is broken with "%" + newline, which TeX reads as nothing), keeps
 * lengths inside TeX's range, and remembers for each line the profile or
 * layout position it was written from (for engine errors).
 */
#ifndef CV_LATEX_WRITER_H
#define CV_LATEX_WRITER_H

#include <stdbool.h>
#include <stddef.h>

#include "../msg.h"

/* Lines holding input text are broken once they pass this many bytes. */
#define CV_TEXW_LINE_BYTES 1000
/* By default a run of non-space characters longer than this gets break opportunities, */
#define CV_TEXW_WORD_CHARS 64
/* ... then one every this many characters (TeX's lengths end at 16383.99 pt). */
#define CV_TEXW_WORD_CHUNK 8
/* Lengths written are clamped to +-this, inside TeX's range. */
#define CV_TEXW_MAX_PT 16000.0

struct cv_texw;

/* A new, empty writer; cv_texw_free releases it. */
struct cv_texw *cv_texw_new(void);
void cv_texw_free(struct cv_texw *w);

/*
 * folio's own TeX code.  The argument must be a string literal: the macro
 * pastes it between two empty literals, so a variable does not compile.
 * Never call cv_texw_code_literal_ directly (tests/e2e/firewall.sh checks).
 */
#define cv_texw_code(w, literal) cv_texw_code_literal_((w), "" literal "")
void cv_texw_code_literal_(struct cv_texw *w, const char *code);

/*
 * Input text (UTF-8) as LaTeX body text: the ten specials and < > | " ' `
 * as text commands, -- --- ,, kept apart, a leading [ braced, NBSP as ~,
 * line breaks and tabs as spaces (never a blank line), control characters,
 * soft hyphens, BOMs and invalid bytes dropped.  A word longer than
 * CV_TEXW_WORD_CHARS gets \cvbrk (a discouraged break the preamble
 * defines) every CV_TEXW_WORD_CHUNK characters; long lines are broken.
 */
void cv_texw_text(struct cv_texw *w, const char *s);
/*
 * Words longer than chars (8 to CV_TEXW_WORD_CHARS) get \cvbrk from now on:
 * fewer for big type, so that no unbreakable piece can pass TeX's 16383pt.
 */
void cv_texw_set_word_chars(struct cv_texw *w, size_t chars);
/* The same without \cvbrk: for text that must stay one unbreakable piece. */
void cv_texw_text_plain(struct cv_texw *w, const char *s);
/*
 * A URL as the first argument of \href: # % & as \# \% \&, space, \ { } ^
 * " < > | ` and non-ASCII bytes percent-encoded, a stray % as \%25,
 * control characters dropped.  Never broken across lines.
 */
void cv_texw_url(struct cv_texw *w, const char *url);
/*
 * Input shown inside a TeX comment (after "% "): ASCII letters, digits,
 * space and . _ + - / ( ) , : only, every other byte as "?", at most 60
 * characters.  Nothing written can end the comment line or look like TeX.
 */
void cv_texw_comment(struct cv_texw *w, const char *s);
/*
 * A file path TeX reads literally: only letters, digits and / . _ + -.
 * Writes nothing and returns false for any other path (the caller leaves
 * the file out).
 */
bool cv_texw_path(struct cv_texw *w, const char *path);
/*
 * A word: letters, digits and "-" only, 1 to 64 bytes (package, engine and
 * file-stem names).  Writes nothing and returns false otherwise.
 */
bool cv_texw_word(struct cv_texw *w, const char *s);
/*
 * Letters only, 1 to 32 bytes: the tail of a control-sequence name
 * (\cvstyle + "title").  Writes nothing and returns false otherwise.
 */
bool cv_texw_letters(struct cv_texw *w, const char *s);
/* A length in PostScript points, as TeX "bp" ("12bp", "10.5bp"), clamped to +-CV_TEXW_MAX_PT. */
void cv_texw_dim(struct cv_texw *w, double pt);
/* A plain number with up to 3 decimals, clamped to +-CV_TEXW_MAX_PT. */
void cv_texw_num(struct cv_texw *w, double v);
/* An integer, clamped to +-1000000. */
void cv_texw_int(struct cv_texw *w, long v);

/*
 * Where the text written from now on comes from (a block of the profile, a
 * layout key); NULL for folio's own code.  Each line is tagged with the
 * first position in effect while it was written.
 */
void cv_texw_at(struct cv_texw *w, const struct cv_pos *pos);
/* Append everything other holds (text and line positions) to w. */
void cv_texw_append(struct cv_texw *w, const struct cv_texw *other);

/*
 * For tests only: when on, everything written from input is wrapped in the
 * bytes CV_TEXW_MARK_BEGIN ... CV_TEXW_MARK_END (which input can never
 * produce: control characters are dropped), so a checker can tell input
 * from folio's code (tests/unit/tex_check.h).  Off by default.
 */
#define CV_TEXW_MARK_BEGIN '\x01'
#define CV_TEXW_MARK_END '\x02'
void cv_texw_mark_input(bool on);

/* Bytes written so far (not NUL-terminated; valid until the next write). */
const char *cv_texw_data(const struct cv_texw *w, size_t *len);
/*
 * The position each line came from: (*n) entries, entry i for line i + 1;
 * .file NULL for folio's own lines.  Valid until the next write.
 */
const struct cv_pos *cv_texw_lines(const struct cv_texw *w, size_t *n);

#endif
