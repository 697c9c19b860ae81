/*
 * Overrides: `--set PATH=VALUE` and a variant's `set:` and `layout:` edit
 * the profile's YAML tree before the profile loader sees it, so an
 * override is checked by exactly the code that checks the file.
 *
 * PATH is keys and list positions joined by dots: `email`,
 * `sections.0.title` (lists count from 0; the length appends), or
 * `sections.Experience.title` (the item of a list whose `title:` is that
 * text), `layout.colors.accent`.  Missing mappings on the way are made; a
 * `layout:` that names a layout becomes a mapping that extends it.
 *
 * VALUE starting with [ { " or ' is YAML (a flow list or mapping, a quoted
 * string); anything else is the text as written (so `#7a1f1f` is a colour,
 * not a comment) and an empty VALUE is YAML's null: the key counts as absent.
 *
 * Positions: the i-th --set is "--set:i:COL", COL counting characters of
 * its PATH=VALUE argument from 1.
 */
#ifndef CV_OVERRIDE_H
#define CV_OVERRIDE_H

#include <stdbool.h>

#include "node.h"
#include "util.h"

/*
 * Apply the ordinal-th (1-based) --set argument arg to the mapping root.
 * layout_option is -l (or NULL): when it is given, a `layout: NAME` the
 * override turns into a mapping extends nothing, as -l wins over NAME.
 * Reports every problem (errors: a bad VALUE, a bad PATH, a path through a
 * string, a list position past the end, no "="); false after reporting.
 */
bool cv_override_arg(struct cv_arena *a, struct cv_node *root, const char *arg, unsigned ordinal,
                     const char *layout_option);

/*
 * The same for one entry of a variant's `set:` mapping: key's text is the
 * path, value the node to put there (positions stay in the file).
 */
bool cv_override_node(struct cv_arena *a, struct cv_node *root, const struct cv_node *key,
                      const struct cv_node *value, const char *layout_option);

/*
 * Merge the mapping over (a variant's `layout:`) into root's `layout:`:
 * mappings merge key by key, anything else replaces.  Never fails.
 */
void cv_override_layout(struct cv_arena *a, struct cv_node *root, const struct cv_node *over,
                        const char *layout_option);

#endif
