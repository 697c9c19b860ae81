/*
 * Tailored versions of one profile: --set overrides, --only/--except tag
 * filters and the profile's named `variants:` (docs/profile.md, "Tags and
 * variants").  cv_variant_load is the one way the CLI loads a profile:
 * parse, apply the variant's and the command line's overrides to the YAML
 * tree (src/override.c), validate it like any file, then keep only the
 * sections and entries the tags select.
 */
#ifndef CV_VARIANTS_H
#define CV_VARIANTS_H

#include <stdbool.h>
#include <stddef.h>

#include "backend.h"
#include "layout.h"
#include "profile.h"
#include "util.h"

/* What the command line asks of every profile it loads. */
struct cv_selection {
	const char *const *sets; /* --set PATH=VALUE, in order */
	size_t nsets;
	const char *const *only; /* --only TAG[,TAG...], each occurrence */
	size_t nonly;
	const char *const *except; /* --except TAG[,TAG...] */
	size_t nexcept;
	const char *layout_option; /* -l, or NULL */
	bool warn_empty;           /* warn about sections the tags leave empty (check) */
};

/* A profile file's bytes, read once for every variant built from it. */
struct cv_source {
	const char *path;
	const char *data; /* arena copy */
	size_t len;
};

/* Read path (reporting what cv_profile_load would); false after reporting. */
bool cv_source_read(struct cv_arena *a, const char *path, struct cv_source *src);

/*
 * The profile of src as variant (a name from its `variants:`, or NULL for
 * the profile as written) with sel applied: the variant's layout: and set:,
 * then every --set (so the command line wins), validated; then the
 * variant's and the command line's tag filters, both.  A tag filter keeps
 * untagged content, drops anything carrying an except: tag and, when only:
 * tags are given, tagged content carrying none of them; a section left
 * without entries is left out.  Reports every problem (an unknown variant
 * or tag among them); NULL if any error was reported.  The result's
 * `variants` are all of the profile's.
 */
struct cv_profile *cv_variant_load(struct cv_arena *a, const struct cv_source *src,
                                   const char *variant, const struct cv_selection *sel);

/* The variant called name, or NULL. */
const struct cv_variant *cv_variant_find(const struct cv_profile *p, const char *name);

/*
 * Where variant v of the profile at profile_path goes: DIR/NAME.EXT, DIR
 * being dir, NAME v's `output:` (an extension of a format folio writes
 * replaced by ext) or else PROFILE-VARIANT (PROFILE: the profile's file
 * name without its extension).
 */
const char *cv_variant_output(struct cv_arena *a, const char *dir, const char *profile_path,
                              const struct cv_variant *v, const char *ext);

/*
 * The CLI's refusal of an output that is one of the run's inputs (the
 * profile, a layout file, a font, the photo): false after reporting.
 */
typedef bool (*cv_output_guard)(const char *output, const char *profile_path,
                                const struct cv_profile *p, const struct cv_layout *l);

/*
 * --all-variants: load (sel applied), lay out, compose and render every
 * variant of src in memory, each bound for cv_variant_output(dir, ...);
 * then, when write is set and every one succeeded, write them all
 * (src/output.c, making dir when missing).  A failed variant therefore
 * leaves every file as it was.  Reports every problem (no variants, two
 * variants with one output, guard's refusals, each variant's own).
 */
void cv_variants_build_all(struct cv_arena *a, const struct cv_source *src,
                           const struct cv_selection *sel, const char *dir,
                           const struct cv_backend *be, const struct cv_render_opts *ropts,
                           bool write, cv_output_guard guard);

#endif
