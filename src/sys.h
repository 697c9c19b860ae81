/*
 * The platform seam: private temporary directories, finding and running a
 * program confined to one directory, and cleaning both up when the process
 * is told to stop.  POSIX; the confinement (no_new_privs and a Landlock
 * file-system sandbox) is Linux-only and degrades to plain POSIX elsewhere.
 * Nothing here prints: callers report.
 */
#ifndef CV_SYS_H
#define CV_SYS_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/*
 * Make a fresh directory "<TMPDIR or /tmp>/<prefix>XXXXXX", mode 0700, and
 * put its path in *path.  While it exists (until cv_sys_tempdir_free),
 * SIGINT, SIGTERM and SIGHUP are caught: the process group of a running
 * cv_sys_run child is killed at once, blocking calls return EINTR, and
 * cv_sys_tempdir_free finishes the job.  A signal that was ignored when the
 * directory was made stays ignored.  One such directory at a time.  False
 * with errno set on failure (nothing is left behind).
 */
bool cv_sys_tempdir_new(const char *prefix, struct cv_buf *path);

/*
 * Remove the directory made by cv_sys_tempdir_new and everything the child
 * left in it (symbolic links are removed, never followed), and stop catching
 * the signals.  If one of them arrived meanwhile, re-raise it with its
 * default action: the process ends as killed by that signal.  False if
 * something could not be removed.
 */
bool cv_sys_tempdir_free(const char *path);

/* True once SIGINT, SIGTERM or SIGHUP arrived while a temporary directory existed. */
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
	CV_SYS_INTERRUPTED, /* killed because this process got SIGINT, SIGTERM or SIGHUP */
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
