/*
 * Where layouts, fonts, templates and locales are found.  Search order, first
 * match wins:
 *   1. the directory given with --data-dir, else $FOLIO_DATA_DIR
 *   2. <prefix>/share/folio beside the running executable <prefix>/bin/folio
 *      (a relocatable install: the prefix may be moved or copied anywhere)
 *   3. the source tree folio was built from (FOLIO_SOURCE_DIR, compile time)
 *   4. the installed data directory (FOLIO_INSTALL_DATADIR, e.g. /usr/local/share/folio)
 * With FOLIO_DATA_DIR_ONLY=1 in the environment only the first root is used
 * (hermetic builds: nothing from the build or install tree).
 * Each root holds layouts/, fonts/, templates/ and locales/ (and may hold
 * hyphen/ with hyphenation dictionaries, src/typeset/hyphen.h).  A name containing '/' or ending in
 * .yaml/.ttf is a path and is used as is (relative to the current directory,
 * or for fonts named in a layout, relative to that layout file's directory).
 */
#ifndef CV_PATHS_H
#define CV_PATHS_H

#include <stddef.h>

#include "util.h"

/* Most roots there can be (the size of an array for cv_paths_roots). */
#define CV_PATHS_MAX 4

/* Set the --data-dir root (NULL to clear).  The string must outlive the run. */
void cv_paths_set_data_dir(const char *dir);
/* Tell where the program is (argv[0]), for systems without /proc/self/exe.
 * The string must outlive the run. */
void cv_paths_set_program(const char *argv0);
/* Every root the search tries, in order, whether it exists or not (for
 * "not found" messages); static strings; returns how many were stored. */
size_t cv_paths_tried(const char **dirs, size_t max);
/* "DIR/subdir, DIR/subdir, ..." for every root tried ("nothing" when none); arena string. */
char *cv_paths_tried_list(struct cv_arena *a, const char *subdir);
/* The search roots in order (existing directories only); returns how many were stored. */
size_t cv_paths_roots(const char **roots, size_t max);
/* Find subdir/name under the roots; arena path of the first existing regular file, or NULL. */
char *cv_paths_find(struct cv_arena *a, const char *subdir, const char *name);
/* Directory part of a path ("." when none); arena string. */
char *cv_paths_dirname(struct cv_arena *a, const char *path);
/* Join dir and name unless name is absolute; arena string. */
char *cv_paths_join(struct cv_arena *a, const char *dir, const char *name);

#endif
