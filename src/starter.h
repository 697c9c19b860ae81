/*
 * `folio new`: a commented starter profile made from the template data file
 * templates/starter.yaml (found on the data search path, src/paths.h).
 */
#ifndef CV_STARTER_H
#define CV_STARTER_H

#include <stdbool.h>

#include "util.h"

struct cv_locale;

/* Longest --name accepted [bytes]. */
#define CV_STARTER_NAME_MAX 256

/* Why name cannot be a profile's name (a phrase such as "is empty"), or
 * NULL when it can: one line of valid UTF-8 without control characters
 * (nor U+2028/U+2029), not blank, at most CV_STARTER_NAME_MAX bytes. */
const char *cv_starter_name_problem(const char *name);

/* Append name (one that cv_starter_name_problem accepts) as a YAML
 * double-quoted scalar whose text, read as inline Markdown, is name itself:
 * Markdown punctuation backslash-escaped, then '\' and '"' escaped for YAML. */
void cv_starter_quote_name(struct cv_buf *out, const char *name);

/*
 * Read the template at template_path and append it to out with its
 * placeholders filled: ${NAME} (cv_starter_quote_name), ${LAYOUT} (layout,
 * a layout name: no quoting), ${FILE} (file's base name when it is plain,
 * else PROFILE; used in comments), ${LOCALE} ("locale: NAME" for loc, else
 * the comment "# locale: en"), ${SECTION:KEY} (the title loc gives the
 * section KEY, src/locale.h, quoted as a name; English without loc).  Reports an unknown
 * placeholder at its place in the template (error "template-placeholder") and a template that
 * cannot be read ("template-unreadable"); false then.  Substitutions never
 * add lines, so line numbers in out are the template's.
 */
bool cv_starter_fill(struct cv_arena *a, const char *template_path, const char *name,
                     const char *layout, const struct cv_locale *loc, const char *file,
                     struct cv_buf *out);

#endif
