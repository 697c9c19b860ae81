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

#endif
