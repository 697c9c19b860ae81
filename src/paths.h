/*
 * Where layouts and fonts are found.  Search order, first match wins:
 *   1. the directory given with --data-dir, else $FOLIO_DATA_DIR
 *   2. the source tree folio was built from (FOLIO_SOURCE_DIR, compile time)
 *   3. the installed data directory (FOLIO_INSTALL_DATADIR, e.g. /usr/local/share/folio)
 * With FOLIO_DATA_DIR_ONLY=1 in the environment only the first root is used
 * (hermetic builds: nothing from the build or install tree).
 * Each root holds layouts/ and fonts/.  A name containing '/' or ending in
 * .yaml/.ttf is a path and is used as is (relative to the current directory,
 * or for fonts named in a layout, relative to that layout file's directory).
 */
#ifndef CV_PATHS_H
#define CV_PATHS_H

#include <stddef.h>

#include "util.h"

/* Set the --data-dir root (NULL to clear).  The string must outlive the run. */
void cv_paths_set_data_dir(const char *dir);
/* The search roots in order (existing directories only); returns how many were stored. */
size_t cv_paths_roots(const char **roots, size_t max);
/* Find subdir/name under the roots; arena path of the first existing regular file, or NULL. */
char *cv_paths_find(struct cv_arena *a, const char *subdir, const char *name);
/* Directory part of a path ("." when none); arena string. */
char *cv_paths_dirname(struct cv_arena *a, const char *path);
/* Join dir and name unless name is absolute; arena string. */
char *cv_paths_join(struct cv_arena *a, const char *dir, const char *name);

#endif
