/*
 * folio watch: build, then build again whenever one of the files the last
 * build read changes (the profile, the layout file and those it extends,
 * their font files, the photo), until SIGINT or SIGTERM.  The build itself
 * is the caller's (main.c's, the same as `folio build`); it tells this
 * module what it read and wrote through cv_watch_note.
 */
#ifndef CV_WATCH_H
#define CV_WATCH_H

#include "layout.h"
#include "profile.h"

/* What one build read and where it wrote (made and freed by cv_watch_run). */
struct cv_watch_round;

/*
 * Note, once the build loaded what it could, what it reads: profile_path;
 * layout_arg (the -l argument or NULL) when the layout did not load and it
 * names a file; what the profile p and the layout l name when they loaded
 * (either may be NULL): the layout file and every file it extends, its font
 * files and the bundled icon fonts, the photo.  output is the file the
 * build writes.  Strings are copied.
 */
void cv_watch_note(struct cv_watch_round *r, const char *output, const char *profile_path,
                   const char *layout_arg, const struct cv_profile *p, const struct cv_layout *l);

/*
 * One build, as `folio build` runs it: reports its problems through cv_msg,
 * calls cv_watch_note(r, ...) on the way and returns the exit status build
 * would give.  ctx is cv_watch_run's.
 */
typedef int (*cv_watch_build_fn)(void *ctx, struct cv_watch_round *r);

/*
 * Run folio watch on profile_path: build once, then wait for a change to a
 * file the last build read (a save: writes and renames, followed by
 * CV_WATCH_QUIET_MS without another) and build again, for as long as it
 * runs.  A failed build leaves the output as it was (the build writes only
 * on success) and the watch goes on, watching what the last complete load
 * read as well, so that fixing a broken layout file is seen.  A line (a
 * note, silenced by -q) reports each build and its time.  SIGINT and
 * SIGTERM end it (cv_sys_signals_watch): 0 is returned when it was stopped
 * while waiting; during a build the process ends with status 0 at once,
 * its temporary files removed.  FOLIO_WATCH_POLL set (and not "0") in the
 * environment makes it poll instead of using inotify.
 */
int cv_watch_run(const char *profile_path, cv_watch_build_fn build, void *ctx);

#define CV_WATCH_QUIET_MS 120 /* [ms] of quiet after a change before the build */

#endif
