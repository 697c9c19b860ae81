/*
 * JSON Schemas (draft 2020-12) of the profile and of a layout, generated
 * from the tables the loaders check against (src/schema.c for profiles,
 * src/load/layout_keys.c for layouts), so that an editor's completion and
 * validation say what `folio check` says.  `folio schema [profile|layout]`
 * prints them; docs/profile.md tells how to point an editor at one.
 */
#ifndef CV_JSONSCHEMA_H
#define CV_JSONSCHEMA_H

#include <stdbool.h>

#include "util.h"

enum cv_jsonschema_doc {
	CV_JSONSCHEMA_PROFILE, /* a profile, its `layout:` overrides included */
	CV_JSONSCHEMA_LAYOUT   /* a layout file */
};

/* The document named "profile" or "layout"; false for any other name. */
bool cv_jsonschema_by_name(const char *name, enum cv_jsonschema_doc *out);

/*
 * Append the schema to out: JSON (UTF-8, two-space indents, a final
 * newline), the same bytes on every run of the same build.
 */
void cv_jsonschema_write(enum cv_jsonschema_doc doc, struct cv_buf *out);

#endif
