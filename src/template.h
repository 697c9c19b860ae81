/*
 * Entry templates: the small language a layout uses to say what goes in a
 * row cell.  Syntax:
 *   {field}     the field's text (lists joined with the layout's list
 *               separator; "dates" is the formatted start–end range)
 *   [ ... ]     an optional group: dropped whole when any placeholder in it
 *               is missing or empty, so punctuation and connector words that
 *               only served a missing field disappear with it
 *   **...**     bold     *...*  italic     \x  a literal x
 * Everything else is literal text.  Groups nest.
 */
#ifndef CV_TEMPLATE_H
#define CV_TEMPLATE_H

#include <stdbool.h>

#include "msg.h"
#include "text.h"

struct cv_tmpl;

/*
 * Parse template source.  Syntax errors (unbalanced [ ] or { }, unclosed
 * ** or *, empty {}) are reported at pos (plus the column offset when the
 * source is one line) and give NULL.  The result lives in the arena.
 */
struct cv_tmpl *cv_tmpl_parse(struct cv_arena *a, const char *src, const struct cv_pos *pos);

/* Calls fn(ctx, name) for each placeholder name in order; stops early when fn returns false. */
bool cv_tmpl_each_field(const struct cv_tmpl *t, bool (*fn)(void *ctx, const char *name),
                        void *ctx);

/*
 * Lookup callback for expansion: give the runs of a placeholder, or return
 * false when the field is missing/empty.
 */
typedef bool (*cv_tmpl_lookup_fn)(void *ctx, const char *name, const struct cv_run **runs,
                                  size_t *nruns);

/*
 * Expand t, appending runs to out.  Template bold/italic flags are OR-ed
 * into the flags of the substituted runs.  A missing top-level placeholder
 * vanishes together with the literal text that only connected it ("{a},
 * {b}, {c}" without b gives "a, c"); a group with a missing placeholder is
 * dropped whole (a dropped nested group does not drop its parent).
 * Whitespace at the seams is trimmed and collapsed.  Returns false (and
 * appends nothing) when no placeholder produced any text.
 */
bool cv_tmpl_expand(const struct cv_tmpl *t, cv_tmpl_lookup_fn lookup, void *ctx,
                    struct cv_arena *a, struct cv_runvec *out);

#endif
