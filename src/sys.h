/*
 * The platform seam: signals, private temporary files and directories,
 * finding and running a program confined to one directory, and cleaning
 * all of it up when the process is told to stop.  POSIX; the confinement
 * (no_new_privs and a Landlock file-system sandbox) is Linux-only and
 * degrades to plain POSIX elsewhere.
 * Nothing here prints: callers report.
 */
#ifndef CV_SYS_H
#define CV_SYS_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/*
 * Set folio's signal dispositions for the run; call it first thing.
 * SIGPIPE and SIGXFSZ are ignored, so that a write to a pipe nobody reads
 * or past the file size limit (ulimit -f) fails with EPIPE or EFBIG and is
 * reported, where it would end the process without a word; a child of
 * cv_sys_run gets them back as the process got them.
 */
void cv_sys_signals_init(void);

/*
 * The guarded signals: every signal whose default action ends the process
 * and that comes from outside rather than from a fault: SIGINT, SIGTERM,
 * SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGXCPU, SIGVTALRM, SIGPROF,
 * SIGPOLL, SIGPWR, SIGSTKFLT, the realtime signals, and SIGPIPE and SIGXFSZ
 * where cv_sys_signals_init did not ignore them.  From the first temporary
 * file or directory below on, they are caught (unless ignored, as under
 * nohup: those stay ignored): the handler removes the temporary file, kills
 * the process group of a running cv_sys_run child, and ends the process as
 * killed by the signal, with its default action (a core for SIGQUIT), or,
 * while a temporary directory exists, lets blocking calls return EINTR so
 * that cv_sys_tempdir_free does that after removing the directory.  Nothing
 * is printed.
 */

/*
 * Make a temporary file from tmpl, a path ending in "XXXXXX" (replaced in
 * place, as by mkstemp; shorter than PATH_MAX), that a guarded signal
 * removes before the process ends, until cv_sys_tempfile_rename put it in
 * place or cv_sys_tempfile_free removed it.  One at a time.  Its
 * descriptor, or -1 with errno set (nothing is left behind).
 */
int cv_sys_tempfile_new(char *tmpl);

/* Rename the temporary file to path (rename(2)); from then on it is path
 * and no signal removes it.  0, or -1 with errno set (it is still there). */
int cv_sys_tempfile_rename(const char *path);

/*
 * Give the temporary file the name path only if nothing has that name (not
 * even a dangling symbolic link): link(2), then the temporary name removed;
 * where the file system has no hard links, path is created with O_EXCL and
 * the temporary file renamed over it.  From then on no signal removes it.
 * 0, or -1 with errno set (EEXIST: path exists; the temporary file is still
 * there either way).
 */
int cv_sys_tempfile_link(const char *path);

/* Remove the temporary file unless it was renamed; forget it either way. */
void cv_sys_tempfile_free(void);

/*
 * Make a fresh directory "<TMPDIR or /tmp>/<prefix>XXXXXX", mode 0700, and
 * put its path in *path.  While it exists (until cv_sys_tempdir_free), a
 * guarded signal kills the process group of a running cv_sys_run child at
 * once, blocking calls return EINTR, and cv_sys_tempdir_free finishes the
 * job.  One such directory at a time.  False with errno set on failure
 * (nothing is left behind).
 */
bool cv_sys_tempdir_new(const char *prefix, struct cv_buf *path);

/*
 * Remove the directory made by cv_sys_tempdir_new and everything the child
 * left in it (symbolic links are removed, never followed).  If a guarded
 * signal arrived meanwhile, end the process with that signal's default
 * action: it ends as killed by that signal.  False if something could not
 * be removed.
 */
bool cv_sys_tempdir_free(const char *path);

/* True once a guarded signal arrived while a temporary directory existed. */
bool cv_sys_interrupted(void);

/*
 * Find an executable called name (no slash) on PATH; its path in *path.
 * False if there is none.
 */
bool cv_sys_which(const char *name, struct cv_buf *path);

/* The absolute path of path with every symbolic link resolved, in *out; false if none. */
bool cv_sys_realpath(const char *path, struct cv_buf *out);

/* A program to run in a sandbox. */
struct cv_sys_job {
	const char *file;        /* the executable (a path, as from cv_sys_which) */
	char *const *argv;       /* its arguments, argv[0] first, NULL-terminated */
	const char *const *env;  /* "NAME=value" set for it, "NAME" unset (others inherited),
	                            NULL-terminated */
	const char *dir;         /* its working directory: the one tree it may write */
	const char *output;      /* name in dir that gets its stdout and stderr */
	const char *const *read; /* trees (or files) it may read and execute, NULL-terminated */
	const char *const *rw;   /* files it may also write, such as "/dev/null", NULL-terminated */
	unsigned timeout;        /* [s] stopped (the whole process group) after this */
	size_t max_file;         /* [bytes] largest file it may write (RLIMIT_FSIZE), 0: no limit */
};

/* How a cv_sys_run child ended. */
enum cv_sys_end {
	CV_SYS_EXITED,      /* code: its exit status */
	CV_SYS_SIGNALED,    /* code: the signal that killed it */
	CV_SYS_TIMEOUT,     /* killed after job->timeout */
	CV_SYS_INTERRUPTED, /* killed because this process got a guarded signal */
	CV_SYS_NOT_STARTED  /* code: errno of fork, exec or the sandbox */
};

struct cv_sys_status {
	enum cv_sys_end end;
	int code;
	/*
	 * The Landlock ABI version the child was confined with, 0 when it ran
	 * without (then landlock_err says why: ENOSYS or EOPNOTSUPP when the
	 * kernel has no Landlock, ENOTSUP on other systems).
	 */
	int landlock_abi;
	int landlock_err;
};

/*
 * Run job in its own process group with stdin on /dev/null, stdout and
 * stderr into job->output, no_new_privs set and, where the kernel has
 * Landlock, a sandbox that lets it (and everything it starts) write only
 * under job->dir (regular files and directories: no links, devices, FIFOs
 * or sockets, nothing executed from there), read and execute only
 * job->read and job->dir, write job->rw, connect or bind no TCP port, and
 * signal no process outside it.  Waits for it; when it ends, whatever is
 * left of its process group is killed too.  On Linux it also dies when this
 * process dies, even of SIGKILL.  The result is in *st.
 */
void cv_sys_run(const struct cv_sys_job *job, struct cv_sys_status *st);

/*
 * Read the regular file name in dir (not a symbolic link, not a file with
 * other hard links, at most max bytes) into a new NUL-terminated buffer
 * (*data, caller frees; *len without the NUL).  Returns 0 or an errno value
 * (ELOOP for a link, EFBIG when too large, EPERM when not a lone regular file).
 */
int cv_sys_read_in(const char *dir, const char *name, size_t max, char **data, size_t *len);

/* ---- watching files ------------------------------------------------------ */

/*
 * For a run that waits for changes until it is told to stop (folio watch):
 * from here on the guarded signals are caught (as from the first temporary
 * file on), and SIGINT and SIGTERM, after the same clean-up (a temporary
 * file removed, a cv_sys_run child's group killed, a temporary directory
 * removed by cv_sys_tempdir_free), end the process with exit status 0
 * rather than as killed by the signal; while cv_sys_watch_wait waits they
 * make it return CV_SYS_WATCH_STOPPED instead, so the caller can free what
 * it holds.  An ignored SIGINT (a background job of a shell without job
 * control) stays ignored.  The other guarded signals act as before.
 */
void cv_sys_signals_watch(void);

/*
 * A watcher: tells when a file of a set changes: its bytes, its metadata,
 * or what the name stands for (a save that renames a new file over it, a
 * removal, a creation).  On Linux it listens through inotify to the
 * directories that hold the files, so saves by rename are seen too.  It
 * polls instead, comparing each file's stat (device, inode, size,
 * modification and change times) every CV_SYS_WATCH_POLL_MS, when asked
 * to, on systems without inotify, and from the moment inotify fails (no
 * more instances or watches, a directory that does not exist or cannot be
 * read); the switch is for good.
 */
struct cv_sys_watch;

#define CV_SYS_WATCH_POLL_MS 250 /* [ms] between two looks when polling */

/* A new watcher watching nothing; poll: never use inotify. */
struct cv_sys_watch *cv_sys_watch_new(bool poll);
/* Free it (NULL is a no-op). */
void cv_sys_watch_free(struct cv_sys_watch *w);

/*
 * Watch exactly paths[0..n) from now on (copied; duplicates allowed), in
 * place of the previous set.  A file that does not exist (yet) is watched
 * for its creation; a symbolic link is watched along with the file it
 * resolves to now.  A file already in the previous set keeps what the
 * watcher knew of it, so a change since the last look is still reported;
 * a new one is taken as it is now.
 */
void cv_sys_watch_set(struct cv_sys_watch *w, const char *const *paths, size_t n);

/* True when w polls; *why (if not NULL) then gets the errno that made
 * inotify fail, 0 when polling was asked for or there is no inotify. */
bool cv_sys_watch_polling(const struct cv_sys_watch *w, int *why);

enum cv_sys_watch_event {
	CV_SYS_WATCH_CHANGED, /* a file of the set changed */
	CV_SYS_WATCH_STOPPED  /* SIGINT or SIGTERM (after cv_sys_signals_watch) */
};

/*
 * Wait for a change to a file of the set, then for quiet_ms without
 * another (at most CV_SYS_WATCH_SETTLE_MS in all once the first was seen),
 * so that one save, made of several writes or a write and a rename, is one
 * change.  Or for SIGINT or SIGTERM, when cv_sys_signals_watch was called:
 * they are let in while it waits, even when the caller blocks them.
 * *changed (if not NULL) gets the path of a file that changed, as given to
 * cv_sys_watch_set (valid until the next call on w), on CHANGED.
 */
enum cv_sys_watch_event cv_sys_watch_wait(struct cv_sys_watch *w, unsigned quiet_ms,
                                          const char **changed);

#define CV_SYS_WATCH_SETTLE_MS 2000 /* [ms] a file written without pause still gets a build */

#endif
