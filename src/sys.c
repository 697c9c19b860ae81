/*
 * The platform seam (sys.h): signals, a temporary file and temporary
 * directories cleaned up when a signal ends the process, a child run in its
 * own process group with a timeout, and on Linux its confinement
 * (no_new_privs, Landlock); watching files (inotify on Linux, stat polling
 * elsewhere).  Only this file knows about fork, exec, signals, inotify and
 * the Landlock system calls.
 */
#if defined(__linux__)
#define _GNU_SOURCE /* syscall */
#else
#define _XOPEN_SOURCE 700 /* realpath */
#endif
#include "sys.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__linux__)
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#if defined(SYS_landlock_create_ruleset) && defined(SYS_landlock_add_rule) &&                      \
    defined(SYS_landlock_restrict_self)
#define CV_LANDLOCK 1
#endif
#endif

extern char **environ;

/* ---- signals ------------------------------------------------------------ */

/*
 * The signals whose default action ends the process and that come from
 * outside (kill, the terminal, a timer or limit): caught while anything is
 * to be cleaned up.  Not the ones a fault raises (SIGSEGV, SIGBUS, SIGFPE,
 * SIGILL, SIGTRAP, SIGSYS, SIGABRT): after those the process state is not to
 * be trusted, and sanitizers own them.  SIGPIPE and SIGXFSZ are ignored by
 * cv_sys_signals_init; they are caught like the others where it was not
 * called.  The realtime signals are added at run time.
 */
static const int guarded[] = {
    SIGINT,    SIGTERM, SIGHUP,    SIGQUIT, SIGUSR1, SIGUSR2,
    SIGALRM,   SIGXCPU, SIGVTALRM, SIGPROF, SIGPIPE, SIGXFSZ,
#ifdef SIGPOLL
    SIGPOLL,
#endif
#ifdef SIGPWR
    SIGPWR,
#endif
#ifdef SIGSTKFLT
    SIGSTKFLT,
#endif
#ifdef SIGLOST
    SIGLOST,
#endif
};
static sigset_t guard_set;           /* guarded and the realtime signals */
static bool guard_installed;         /* the handler is in place (for the rest of the run) */
static bool armed;                   /* a guarded temporary directory exists */
static volatile sig_atomic_t caught; /* the first guarded signal while armed, 0 if none */
static volatile sig_atomic_t group;  /* process group of the running child, 0 if none */
/* The temporary file a signal removes (cv_sys_tempfile_new), when temp_armed. */
static char temp_path[PATH_MAX];
static volatile sig_atomic_t temp_armed;
/* SIGPIPE and SIGXFSZ as the process got them, given back to children. */
static struct sigaction given_pipe, given_xfsz;
static bool signals_set;
/* cv_sys_signals_watch: SIGINT and SIGTERM end the process with status 0 */
static volatile sig_atomic_t stop_exits_ok;
/* inside cv_sys_watch_wait: SIGINT and SIGTERM are noted in watch_stop, nothing ends */
static volatile sig_atomic_t watch_waiting;
static volatile sig_atomic_t watch_stop;

_Static_assert(sizeof(sig_atomic_t) >= sizeof(pid_t), "a pid fits in sig_atomic_t");

/* End the process as killed by sig (the default action; async-signal-safe). */
static void die_of(int sig)
{
	struct sigaction dfl;
	sigset_t set;
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(sig, &dfl, NULL);
	raise(sig); /* pending while blocked in a handler */
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	_exit(128 + sig); /* not reached: the default action ends the process */
}

/* The signals that stop a watch (cv_sys_signals_watch). */
static bool is_stop_signal(int sig)
{
	return sig == SIGINT || sig == SIGTERM;
}

/* End the process because of sig, all cleaned up: with status 0 for a
 * signal that stops a watch, else as killed by sig (async-signal-safe). */
static void end_of(int sig)
{
	if (stop_exits_ok && is_stop_signal(sig))
		_exit(0);
	die_of(sig);
}

/*
 * Async-signal-safe: kill the child's group, remove the temporary file;
 * then, if a watch is waiting and sig stops it, note it and return (the
 * wait returns); if a temporary directory exists, note the signal and
 * return (the caller gets EINTR and cv_sys_tempdir_free finishes the job);
 * else end the process now.
 */
static void on_signal(int sig)
{
	int saved_errno = errno;
	if (group > 0)
		kill(-(pid_t)group, SIGKILL);
	if (temp_armed) {
		unlink(temp_path);
		temp_armed = 0;
	}
	if (watch_waiting && is_stop_signal(sig)) {
		watch_stop = sig;
		errno = saved_errno;
		return;
	}
	if (!armed)
		end_of(sig);
	if (!caught)
		caught = sig;
	errno = saved_errno;
}

static void catch_unless_ignored(int sig, const struct sigaction *sa)
{
	struct sigaction old;
	if (sigaction(sig, sa, &old) == 0 && old.sa_handler == SIG_IGN)
		sigaction(sig, &old, NULL);
}

/*
 * Catch the guarded signals that are not ignored (an ignored one, as under
 * nohup, stays ignored), once: the handler stays for the rest of the run,
 * and with nothing to clean up it ends the process as the default action
 * would.  No SA_RESTART: a blocking call returns EINTR, so the caller gets
 * back to its cleanup.
 */
static void guard_signals(void)
{
	struct sigaction sa;
	size_t i;
	int sig;
	if (guard_installed)
		return;
	guard_installed = true;
	sigemptyset(&guard_set);
	for (i = 0; i < CV_COUNT(guarded); i++)
		sigaddset(&guard_set, guarded[i]);
#ifdef SIGRTMIN
	for (sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
		sigaddset(&guard_set, sig);
#endif
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_mask = guard_set;
	for (i = 0; i < CV_COUNT(guarded); i++)
		catch_unless_ignored(guarded[i], &sa);
#ifdef SIGRTMIN
	for (sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
		catch_unless_ignored(sig, &sa);
#endif
}

/* Hold the guarded signals (old: the mask to restore) or give them back. */
static void hold_signals(sigset_t *old)
{
	sigprocmask(SIG_BLOCK, &guard_set, old);
}

static void release_signals(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

void cv_sys_signals_init(void)
{
	struct sigaction ign;
	if (signals_set)
		return;
	signals_set = true;
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &given_pipe);
	sigaction(SIGXFSZ, &ign, &given_xfsz);
}

bool cv_sys_interrupted(void)
{
	return caught != 0;
}

/* ---- temporary files ---------------------------------------------------- */

int cv_sys_tempfile_new(char *tmpl)
{
	size_t n = strlen(tmpl);
	sigset_t old;
	int fd, err;
	if (temp_armed) {
		errno = EBUSY;
		return -1;
	}
	if (n >= sizeof temp_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	guard_signals();
	hold_signals(&old); /* no signal between making the file and arming its removal */
	memcpy(temp_path, tmpl, n + 1);
	fd = mkstemp(temp_path);
	err = errno;
	if (fd >= 0) {
		memcpy(tmpl, temp_path, n + 1);
		temp_armed = 1;
	}
	release_signals(&old);
	errno = err;
	return fd;
}

int cv_sys_tempfile_rename(const char *path)
{
	sigset_t old;
	int r, err;
	if (!temp_armed) {
		errno = ENOENT;
		return -1;
	}
	hold_signals(&old); /* renamed and disarmed together */
	r = rename(temp_path, path);
	err = errno;
	if (r == 0)
		temp_armed = 0;
	release_signals(&old);
	errno = err;
	return r;
}

int cv_sys_tempfile_link(const char *path)
{
	sigset_t old;
	int r, err, fd;
	if (!temp_armed) {
		errno = ENOENT;
		return -1;
	}
	hold_signals(&old); /* named and disarmed together */
	r = link(temp_path, path);
	err = errno;
	if (r != 0 && (err == EPERM || err == ENOTSUP || err == EOPNOTSUPP || err == ENOSYS)) {
		/* no hard links here: reserve the name, then replace our own empty file */
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		err = errno;
		if (fd >= 0) {
			close(fd);
			r = rename(temp_path, path);
			err = errno;
			if (r != 0)
				unlink(path);
			else
				temp_armed = 0;
		}
	} else if (r == 0) {
		unlink(temp_path);
		temp_armed = 0;
	}
	release_signals(&old);
	errno = err;
	return r;
}

void cv_sys_tempfile_free(void)
{
	sigset_t old;
	if (!temp_armed)
		return;
	hold_signals(&old);
	unlink(temp_path);
	temp_armed = 0;
	release_signals(&old);
}

/* ---- temporary directories ---------------------------------------------- */

enum { MAX_DEPTH = 32 }; /* deeper directories are moved up before removal */

/*
 * Empty the directory open as fd (taken over and closed).  Nothing is
 * followed: a symbolic link is unlinked like a file.  Directories deeper
 * than MAX_DEPTH are renamed into top ("deep-N"), so that the open
 * descriptors stay few; *moved counts them.  False if anything stayed.
 */
static bool empty_dir(int top, int fd, unsigned depth, unsigned *moved)
{
	DIR *d = fdopendir(fd);
	struct dirent *e;
	bool ok = true;
	if (!d) {
		close(fd);
		return false;
	}
	while ((e = readdir(d))) {
		const char *n = e->d_name;
		char deep[32];
		int sub;
		if (!strcmp(n, ".") || !strcmp(n, ".."))
			continue;
		if (unlinkat(fd, n, 0) == 0)
			continue;
		if (errno != EISDIR && errno != EPERM) {
			ok = false;
			continue;
		}
		if (depth >= MAX_DEPTH) {
			snprintf(deep, sizeof deep, "deep-%u", (*moved)++);
			ok = renameat(fd, n, top, deep) == 0 && ok;
			continue;
		}
		sub = openat(fd, n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0) {
			ok = false;
			continue;
		}
		ok = empty_dir(top, sub, depth + 1, moved) && ok;
		ok = unlinkat(fd, n, AT_REMOVEDIR) == 0 && ok;
	}
	closedir(d);
	return ok;
}

/* Remove the directory path and everything in it. */
static bool remove_tree(const char *path)
{
	unsigned moved = 0, before, pass;
	bool ok = false;
	int top = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (top < 0)
		return errno == ENOENT;
	for (pass = 0; pass < 100; pass++) {
		int fd = openat(top, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC); /* from the start */
		before = moved;
		if (fd < 0)
			break;
		ok = empty_dir(top, fd, 0, &moved);
		if (moved == before)
			break; /* nothing was moved up that this pass may have missed */
	}
	close(top);
	return rmdir(path) == 0 && ok;
}

bool cv_sys_tempdir_new(const char *prefix, struct cv_buf *path)
{
	const char *tmp = getenv("TMPDIR");
	sigset_t old;
	bool made;
	int err;
	if (armed) {
		errno = EBUSY;
		return false;
	}
	cv_buf_reset(path);
	cv_buf_printf(path, "%s/%sXXXXXX", tmp && *tmp ? tmp : "/tmp", prefix);
	guard_signals();
	hold_signals(&old); /* no signal between making the directory and arming */
	caught = 0;
	made = mkdtemp(path->data) != NULL;
	err = errno;
	armed = made;
	release_signals(&old);
	errno = err;
	return made;
}

bool cv_sys_tempdir_free(const char *path)
{
	bool ok = remove_tree(path);
	armed = false; /* from here a signal ends the process at once */
	if (caught)
		end_of(caught);
	return ok;
}

/* ---- finding and running programs --------------------------------------- */

bool cv_sys_which(const char *name, struct cv_buf *path)
{
	const char *p = getenv("PATH");
	struct stat st;
	if (!p || !*p || strchr(name, '/'))
		return false;
	for (;;) {
		size_t n = strcspn(p, ":");
		cv_buf_reset(path);
		if (n == 0)
			cv_buf_putc(path, '.');
		else
			cv_buf_put(path, p, n);
		cv_buf_printf(path, "/%s", name);
		if (stat(path->data, &st) == 0 && S_ISREG(st.st_mode) &&
		    access(path->data, X_OK) == 0)
			return true;
		if (!p[n])
			return false;
		p += n + 1;
	}
}

bool cv_sys_realpath(const char *path, struct cv_buf *out)
{
	char *real = realpath(path, NULL);
	if (!real)
		return false;
	cv_buf_reset(out);
	cv_buf_puts(out, real);
	free(real);
	return true;
}

/* environ with the "NAME=value" entries of set replacing or added, and the
 * variables named by "NAME" entries taken out (caller frees the array). */
static char **make_env(const char *const *set)
{
	size_t n = 0, m = 0, k = 0, i, j;
	char **env;
	while (environ && environ[n])
		n++;
	while (set && set[m])
		m++;
	env = x_malloc((n + m + 1) * sizeof *env);
	for (i = 0; i < n; i++) {
		bool replaced = false;
		for (j = 0; j < m && !replaced; j++) {
			size_t len = strcspn(set[j], "=");
			replaced = !strncmp(environ[i], set[j], len) && environ[i][len] == '=';
		}
		if (!replaced)
			env[k++] = environ[i];
	}
	for (j = 0; j < m; j++)
		if (strchr(set[j], '='))
			env[k++] = (char *)set[j];
	env[k] = NULL;
	return env;
}

#ifdef CV_LANDLOCK
/* The kernel's Landlock ABI (include/uapi/linux/landlock.h), spelled out so
 * that older headers do not limit it. */
struct ll_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net; /* ABI 4 */
	uint64_t scoped;             /* ABI 6 */
};
struct ll_path_beneath_attr {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

enum {
	LL_CREATE_RULESET_VERSION = 1,
	LL_RULE_PATH_BENEATH = 1,
};
#define LL_FS_EXECUTE (1ull << 0)
#define LL_FS_WRITE_FILE (1ull << 1)
#define LL_FS_READ_FILE (1ull << 2)
#define LL_FS_READ_DIR (1ull << 3)
#define LL_FS_REMOVE_DIR (1ull << 4)
#define LL_FS_REMOVE_FILE (1ull << 5)
#define LL_FS_MAKE_DIR (1ull << 7)
#define LL_FS_MAKE_REG (1ull << 8)
#define LL_FS_TRUNCATE (1ull << 14) /* ABI 3 */
#define LL_FS_FILE_ONLY                                                                            \
	(LL_FS_EXECUTE | LL_FS_WRITE_FILE | LL_FS_READ_FILE | LL_FS_TRUNCATE | (1ull << 15))
#define LL_NET_TCP 3ull   /* bind and connect, ABI 4 */
#define LL_SCOPE_ALL 3ull /* abstract UNIX sockets and signals, ABI 6 */

/* Every file-system right the kernel of that ABI knows: all are denied unless granted. */
static uint64_t handled_fs(int abi)
{
	if (abi >= 5)
		return (1ull << 16) - 1; /* + IOCTL_DEV */
	if (abi >= 3)
		return (1ull << 15) - 1; /* + TRUNCATE */
	if (abi == 2)
		return (1ull << 14) - 1; /* + REFER */
	return (1ull << 13) - 1;
}

/* Allow access (masked to what the ruleset handles and path's kind) under path. */
static int allow(int ruleset, uint64_t handled, const char *path, int at, uint64_t access)
{
	struct ll_path_beneath_attr rule;
	struct stat st;
	int fd = openat(at, path, O_PATH | O_CLOEXEC), r, err;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	rule.allowed_access = access & handled & (S_ISDIR(st.st_mode) ? ~0ull : LL_FS_FILE_ONLY);
	rule.parent_fd = fd;
	r = (int)syscall(SYS_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &rule, 0);
	err = errno;
	close(fd);
	errno = err;
	return r;
}

/*
 * The ruleset for job (a descriptor), -1 when the kernel has no Landlock
 * (st->landlock_err says why), -2 when it has but the ruleset could not
 * be made (errno).
 */
static int sandbox_new(const struct cv_sys_job *job, int dir_fd, struct cv_sys_status *st)
{
	const uint64_t read = LL_FS_EXECUTE | LL_FS_READ_FILE | LL_FS_READ_DIR;
	const uint64_t work = LL_FS_READ_FILE | LL_FS_READ_DIR | LL_FS_WRITE_FILE | LL_FS_TRUNCATE |
	                      LL_FS_REMOVE_DIR | LL_FS_REMOVE_FILE | LL_FS_MAKE_DIR |
	                      LL_FS_MAKE_REG;
	struct ll_ruleset_attr attr;
	int abi = (int)syscall(SYS_landlock_create_ruleset, NULL, 0, LL_CREATE_RULESET_VERSION);
	int fd, err;
	size_t i;
	if (abi < 1) {
		st->landlock_err = abi < 0 ? errno : EOPNOTSUPP;
		return -1;
	}
	memset(&attr, 0, sizeof attr);
	attr.handled_access_fs = handled_fs(abi);
	attr.handled_access_net = abi >= 4 ? LL_NET_TCP : 0;
	attr.scoped = abi >= 6 ? LL_SCOPE_ALL : 0;
	fd = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
	if (fd < 0)
		return -2;
	if (allow(fd, attr.handled_access_fs, ".", dir_fd, work) != 0)
		goto fail;
	/* paths that are not there (or not ours to open) are simply not allowed */
	for (i = 0; job->read && job->read[i]; i++)
		allow(fd, attr.handled_access_fs, job->read[i], AT_FDCWD, read);
	for (i = 0; job->rw && job->rw[i]; i++)
		allow(fd, attr.handled_access_fs, job->rw[i], AT_FDCWD,
		      LL_FS_READ_FILE | LL_FS_WRITE_FILE | LL_FS_TRUNCATE);
	st->landlock_abi = abi;
	return fd;
fail:
	err = errno;
	close(fd);
	errno = err;
	return -2;
}

static int sandbox_enter(int ruleset)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return -1;
	return ruleset >= 0 ? (int)syscall(SYS_landlock_restrict_self, ruleset, 0) : 0;
}
#else
static int sandbox_new(const struct cv_sys_job *job, int dir_fd, struct cv_sys_status *st)
{
	(void)job;
	(void)dir_fd;
	st->landlock_err = ENOTSUP;
	return -1;
}

static int sandbox_enter(int ruleset)
{
	(void)ruleset;
#if defined(__linux__)
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
#else
	return 0;
#endif
}
#endif

/* Descriptors the child is set up with. */
struct child_fds {
	int null, out, dir, ruleset, report; /* report: write end of the exec-error pipe */
	pid_t parent;
};

/*
 * In the forked child (async-signal-safe calls only): its own process
 * group, the standard descriptors, limits, the sandbox, then exec.  On
 * failure the errno goes down the report pipe.
 */
static void child(const struct cv_sys_job *job, char **env, const struct child_fds *fd)
{
	struct rlimit none = {0, 0};
	int err;
	if (signals_set) { /* as the process got them, not ignored because folio ignores them */
		sigaction(SIGPIPE, &given_pipe, NULL);
		sigaction(SIGXFSZ, &given_xfsz, NULL);
	}
	setpgid(0, 0);
#if defined(__linux__)
	/* dies with this process even when that is SIGKILLed (no handler runs then) */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != fd->parent)
		_exit(127);
#endif
	if (dup2(fd->null, 0) < 0 || dup2(fd->out, 1) < 0 || dup2(fd->out, 2) < 0 ||
	    fchdir(fd->dir) != 0 || setrlimit(RLIMIT_CORE, &none) != 0)
		goto fail;
	if (job->max_file) {
		struct rlimit fsize = {(rlim_t)job->max_file, (rlim_t)job->max_file};
		if (setrlimit(RLIMIT_FSIZE, &fsize) != 0)
			goto fail;
	}
	if (sandbox_enter(fd->ruleset) != 0)
		goto fail;
	execve(job->file, job->argv, env);
fail:
	err = errno;
	if (write(fd->report, &err, sizeof err) < 0)
		_exit(126);
	_exit(127);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/*
 * Wait for pid (leader of its own group) to end, the timeout to pass or a
 * guarded signal; then kill what is left of the group and reap pid.
 */
static void wait_child(pid_t pid, unsigned timeout, struct cv_sys_status *st)
{
	const struct timespec tick = {0, 10 * 1000 * 1000};
	double deadline = now() + timeout;
	siginfo_t info;
	int status = 0;
	st->end = CV_SYS_EXITED;
	for (;;) {
		int r;
		memset(&info, 0, sizeof info);
		/* WNOWAIT: the zombie keeps the group id reserved until it is killed */
		r = waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT);
		if ((r == 0 && info.si_pid == pid) || (r < 0 && errno == ECHILD))
			break;
		if (caught) {
			st->end = CV_SYS_INTERRUPTED;
			break;
		}
		if (now() >= deadline) {
			st->end = CV_SYS_TIMEOUT;
			break;
		}
		nanosleep(&tick, NULL);
	}
	kill(-pid, SIGKILL);
	group = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (caught) /* it may have died of the handler's SIGKILL before the loop saw the signal */
		st->end = CV_SYS_INTERRUPTED;
	if (st->end != CV_SYS_EXITED)
		return;
	if (WIFSIGNALED(status)) {
		st->end = CV_SYS_SIGNALED;
		st->code = WTERMSIG(status);
	} else {
		st->code = WEXITSTATUS(status);
	}
}

void cv_sys_run(const struct cv_sys_job *job, struct cv_sys_status *st)
{
	struct child_fds fd = {-1, -1, -1, -1, -1, 0};
	int report[2] = {-1, -1}, err = 0;
	char **env = make_env(job->env);
	ssize_t n = 0;
	pid_t pid;
	memset(st, 0, sizeof *st);
	st->end = CV_SYS_NOT_STARTED;
	fd.dir = open(job->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	fd.null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd.dir < 0 || fd.null < 0)
		goto fail;
	fd.out = openat(fd.dir, job->output, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	                0600);
	if (fd.out < 0)
		goto fail;
	fd.ruleset = sandbox_new(job, fd.dir, st);
	if (fd.ruleset == -2 || pipe(report) != 0)
		goto fail;
	fcntl(report[0], F_SETFD, FD_CLOEXEC);
	fcntl(report[1], F_SETFD, FD_CLOEXEC);
	fd.report = report[1];
	fd.parent = getpid();
	pid = fork();
	if (pid < 0)
		goto fail;
	if (pid == 0)
		child(job, env, &fd);
	group = pid;
	setpgid(pid, pid); /* also here: kill(-pid) must work before the child runs */
	if (caught)
		kill(-pid, SIGKILL);
	close(report[1]);
	report[1] = -1;
	/* the pipe closes on exec; an errno comes through it when the child failed */
	while ((n = read(report[0], &err, sizeof err)) < 0 && errno == EINTR && !caught)
		;
	wait_child(pid, job->timeout, st);
	if (n == (ssize_t)sizeof err && st->end != CV_SYS_INTERRUPTED) {
		st->end = CV_SYS_NOT_STARTED;
		st->code = err;
	}
fail:
	if (st->end == CV_SYS_NOT_STARTED && !st->code)
		st->code = errno;
	if (fd.ruleset >= 0)
		close(fd.ruleset);
	if (fd.dir >= 0)
		close(fd.dir);
	if (fd.null >= 0)
		close(fd.null);
	if (fd.out >= 0)
		close(fd.out);
	if (report[0] >= 0)
		close(report[0]);
	if (report[1] >= 0)
		close(report[1]);
	x_free(env);
}

int cv_sys_read_in(const char *dir, const char *name, size_t max, char **data, size_t *len)
{
	struct cv_buf path = {0}, b = {0};
	struct stat st;
	char chunk[65536];
	int fd, err = 0;
	ssize_t n;
	*data = NULL;
	*len = 0;
	cv_buf_printf(&path, "%s/%s", dir, name);
	fd = open(path.data, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		goto done;
	}
	if (fstat(fd, &st) != 0)
		err = errno;
	else if (!S_ISREG(st.st_mode) || st.st_nlink != 1)
		err = EPERM;
	else if ((uintmax_t)st.st_size > max)
		err = EFBIG;
	while (!err && (n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0)
			err = errno;
		else if (b.len + (size_t)n > max)
			err = EFBIG;
		else
			cv_buf_put(&b, chunk, (size_t)n);
	}
	close(fd);
	if (!err) {
		*len = b.len;
		*data = cv_buf_detach(&b);
	}
done:
	cv_buf_free(&b);
	cv_buf_free(&path);
	return err;
}

/* ---- watching files ----------------------------------------------------- */

void cv_sys_signals_watch(void)
{
	stop_exits_ok = 1;
	guard_signals();
}

/* What a file looked like at the last look; exists false when it was not there. */
struct look {
	bool exists;
	dev_t dev;
	ino_t ino;
	off_t size;
	mode_t mode;
	struct timespec mtime, ctime;
};

/* One file watched. */
struct watched {
	char *path;  /* what is watched: the path given, or the file a link of it resolved to */
	char *shown; /* the path as given to cv_sys_watch_set */
	char *name;  /* the last component of path (in path's storage: do not free) */
	size_t dir;  /* index in cv_sys_watch.dirs (inotify) */
	struct look look;
};

/* A directory listened to through inotify. */
struct watched_dir {
	char *path;
	int wd; /* -1: not (or no longer) listened to */
};

struct cv_sys_watch {
	int fd;  /* the inotify instance, -1 when polling */
	int why; /* errno that made inotify fail, 0 if none */
	struct watched *files;
	size_t nfiles;
	struct watched_dir *dirs;
	size_t ndirs;
	const char *changed; /* shown path of a changed file, for cv_sys_watch_wait */
};

static void take_look(const char *path, struct look *l)
{
	struct stat st;
	memset(l, 0, sizeof *l);
	if (stat(path, &st) != 0)
		return;
	l->exists = true;
	l->dev = st.st_dev;
	l->ino = st.st_ino;
	l->size = st.st_size;
	l->mode = st.st_mode;
	l->mtime = st.st_mtim;
	l->ctime = st.st_ctim;
}

static bool same_look(const struct look *a, const struct look *b)
{
	if (a->exists != b->exists)
		return false;
	return !a->exists ||
	       (a->dev == b->dev && a->ino == b->ino && a->size == b->size && a->mode == b->mode &&
	        a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec &&
	        a->ctime.tv_sec == b->ctime.tv_sec && a->ctime.tv_nsec == b->ctime.tv_nsec);
}

static double now_ms(void)
{
	return now() * 1000.0;
}

#ifdef __linux__
enum {
	WATCH_MASK = IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO |
	             IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR,
	LOST_MASK = IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED | IN_UNMOUNT,
};
#endif

/* Give up inotify for good (err: why): polling from now on. */
static void fall_back(struct cv_sys_watch *w, int err)
{
	size_t i;
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	w->why = err;
	for (i = 0; i < w->ndirs; i++)
		w->dirs[i].wd = -1;
}

struct cv_sys_watch *cv_sys_watch_new(bool poll)
{
	struct cv_sys_watch *w = x_malloc(sizeof *w);
	memset(w, 0, sizeof *w);
	w->fd = -1;
#ifdef __linux__
	if (!poll) {
		w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		if (w->fd < 0)
			w->why = errno;
		else if (w->fd >= FD_SETSIZE)
			fall_back(w, EMFILE);
	}
#else
	(void)poll;
#endif
	return w;
}

bool cv_sys_watch_polling(const struct cv_sys_watch *w, int *why)
{
	if (why)
		*why = w->why;
	return w->fd < 0;
}

static void free_files(struct watched *files, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		x_free(files[i].path);
		x_free(files[i].shown);
	}
	x_free(files);
}

#ifdef __linux__
/* True if one of dirs[0..n) has that wd. */
static bool wd_in(const struct watched_dir *dirs, size_t n, int wd)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (dirs[i].wd == wd)
			return true;
	return false;
}
#endif

/*
 * Listen to the directories of the files, and only to them: keep what is
 * listened to already, add what is missing or was lost, drop what no file
 * needs.  A directory that cannot be listened to makes w poll.
 */
static void sync_dirs(struct cv_sys_watch *w)
{
	struct watched_dir *dirs = x_malloc((w->nfiles + 1) * sizeof *dirs);
	size_t n = 0, i, j;
	for (i = 0; i < w->nfiles; i++) {
		struct watched *f = &w->files[i];
		const char *slash = strrchr(f->path, '/');
		struct cv_buf dir = {0};
		if (!slash)
			cv_buf_putc(&dir, '.');
		else
			cv_buf_put(&dir, f->path, slash == f->path ? 1 : (size_t)(slash - f->path));
		for (j = 0; j < n && strcmp(dirs[j].path, dir.data); j++)
			;
		if (j == n) {
			dirs[n].path = cv_buf_detach(&dir);
			dirs[n++].wd = -1;
		}
		cv_buf_free(&dir);
		f->dir = j;
	}
	for (i = 0; i < w->ndirs; i++) { /* what is listened to already */
		for (j = 0; j < n && strcmp(dirs[j].path, w->dirs[i].path); j++)
			;
		if (j < n && w->dirs[i].wd >= 0) {
			dirs[j].wd = w->dirs[i].wd;
			w->dirs[i].wd = -1; /* kept: not to be dropped below */
		}
	}
	for (i = 0; i < w->ndirs; i++) { /* what no file needs (a wd may stand for two paths) */
		int wd = w->dirs[i].wd;
#ifdef __linux__
		if (w->fd >= 0 && wd >= 0 && !wd_in(dirs, n, wd) && !wd_in(w->dirs, i, wd))
			inotify_rm_watch(w->fd, wd);
#else
		(void)wd;
#endif
		x_free(w->dirs[i].path);
	}
	x_free(w->dirs);
	w->dirs = dirs;
	w->ndirs = n;
#ifdef __linux__
	for (j = 0; j < n && w->fd >= 0; j++) {
		if (dirs[j].wd >= 0)
			continue;
		dirs[j].wd = inotify_add_watch(w->fd, dirs[j].path, WATCH_MASK);
		if (dirs[j].wd < 0)
			fall_back(w, errno);
	}
#endif
}

/* Add a file to watch at files[*n] (the caller made room), unless it is there. */
static void add_watched(struct watched *files, size_t *n, const char *path, const char *shown,
                        const struct cv_sys_watch *old)
{
	struct watched *f = &files[*n];
	const char *slash;
	size_t i;
	for (i = 0; i < *n; i++)
		if (!strcmp(files[i].path, path))
			return;
	f->path = x_strdup(path);
	f->shown = x_strdup(shown);
	slash = strrchr(f->path, '/');
	f->name = slash ? (char *)slash + 1 : f->path;
	for (i = 0; i < old->nfiles && strcmp(old->files[i].path, path); i++)
		;
	if (i < old->nfiles)
		f->look = old->files[i].look; /* a change since the last look is still news */
	else
		take_look(path, &f->look);
	(*n)++;
}

void cv_sys_watch_set(struct cv_sys_watch *w, const char *const *paths, size_t n)
{
	struct watched *files = x_malloc((2 * n + 1) * sizeof *files);
	struct cv_buf real = {0};
	size_t count = 0, i;
	struct stat st;
	for (i = 0; i < n; i++) {
		add_watched(files, &count, paths[i], paths[i], w);
		if (lstat(paths[i], &st) == 0 && S_ISLNK(st.st_mode) &&
		    cv_sys_realpath(paths[i], &real))
			add_watched(files, &count, real.data, paths[i], w);
	}
	cv_buf_free(&real);
	free_files(w->files, w->nfiles);
	w->files = files;
	w->nfiles = count;
	w->changed = NULL;
	sync_dirs(w);
}

void cv_sys_watch_free(struct cv_sys_watch *w)
{
	size_t i;
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	for (i = 0; i < w->ndirs; i++)
		x_free(w->dirs[i].path);
	x_free(w->dirs);
	free_files(w->files, w->nfiles);
	x_free(w);
}

/* Polling: look at every file again; a file that changed since the last look, or NULL. */
static const struct watched *poll_files(struct cv_sys_watch *w)
{
	const struct watched *hit = NULL;
	size_t i;
	for (i = 0; i < w->nfiles; i++) {
		struct look l;
		take_look(w->files[i].path, &l);
		if (!same_look(&l, &w->files[i].look) && !hit)
			hit = &w->files[i];
		w->files[i].look = l;
	}
	return hit;
}

#ifdef __linux__
/* The first file in a directory with that wd called name (NULL: any name), or NULL. */
static const struct watched *file_at(const struct cv_sys_watch *w, int wd, const char *name)
{
	size_t i;
	for (i = 0; i < w->nfiles; i++)
		if (w->dirs[w->files[i].dir].wd == wd && (!name || !strcmp(w->files[i].name, name)))
			return &w->files[i];
	return NULL;
}

/*
 * Read what inotify has: a file of the set that changed, or NULL.  A
 * directory that went away (removed, renamed, unmounted) is no longer
 * listened to, and counts as a change of its files; sync_dirs listens
 * again where it can.  A queue overflow counts as a change of everything.
 */
static const struct watched *read_events(struct cv_sys_watch *w)
{
	_Alignas(struct inotify_event) char buf[4096 + NAME_MAX + 1];
	const struct watched *hit = NULL, *f;
	ssize_t n;
	size_t i;
	while ((n = read(w->fd, buf, sizeof buf)) > 0) {
		const char *p = buf, *end = buf + n;
		while (end - p >= (ssize_t)sizeof(struct inotify_event)) {
			struct inotify_event ev;
			memcpy(&ev, p, sizeof ev);
			if ((size_t)(end - p) < sizeof ev + ev.len)
				break;
			if (ev.mask & IN_Q_OVERFLOW) {
				f = w->nfiles ? &w->files[0] : NULL;
			} else if (ev.mask & LOST_MASK) {
				f = file_at(w, ev.wd, NULL);
				/* after a move it would listen to the directory's new name */
				if (ev.mask & IN_MOVE_SELF)
					inotify_rm_watch(w->fd, ev.wd);
				for (i = 0; i < w->ndirs; i++)
					if (w->dirs[i].wd == ev.wd)
						w->dirs[i].wd = -1;
			} else {
				f = ev.len ? file_at(w, ev.wd, p + sizeof ev) : NULL;
			}
			if (f && !hit)
				hit = f;
			p += sizeof ev + ev.len;
		}
	}
	if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
		fall_back(w, errno);
		if (!hit && w->nfiles)
			hit = &w->files[0]; /* what happened meanwhile is not known */
	}
	return hit;
}
#endif

/* [ms] between two looks when polling, once a change was seen */
enum { SETTLE_TICK_MS = 25 };

enum cv_sys_watch_event cv_sys_watch_wait(struct cv_sys_watch *w, unsigned quiet_ms,
                                          const char **changed)
{
	enum cv_sys_watch_event result = CV_SYS_WATCH_CHANGED;
	double first = 0, last = 0;
	bool seen = false;
	sigset_t stop, old, waiting;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, &old); /* let in only while waiting in pselect */
	waiting = old;
	sigdelset(&waiting, SIGINT);
	sigdelset(&waiting, SIGTERM);
	watch_stop = 0;
	watch_waiting = 1;
	sync_dirs(w); /* directories lost in the last wait */
	w->changed = NULL;
	for (;;) {
		const struct watched *hit = NULL;
		struct timespec timeout, *tp = NULL;
		double t = now_ms(), wait_ms = -1;
		fd_set readable;
		int r;
		if (watch_stop) {
			result = CV_SYS_WATCH_STOPPED;
			break;
		}
		if (seen && (t - last >= quiet_ms || t - first >= CV_SYS_WATCH_SETTLE_MS))
			break;
		if (w->fd < 0)
			wait_ms = seen ? SETTLE_TICK_MS : CV_SYS_WATCH_POLL_MS;
		else if (seen)
			wait_ms = quiet_ms - (t - last);
		if (seen && wait_ms > CV_SYS_WATCH_SETTLE_MS - (t - first))
			wait_ms = CV_SYS_WATCH_SETTLE_MS - (t - first);
		if (wait_ms >= 0) {
			timeout.tv_sec = (time_t)(wait_ms / 1000);
			timeout.tv_nsec = (long)((wait_ms - (double)timeout.tv_sec * 1000) * 1e6);
			tp = &timeout;
		}
		FD_ZERO(&readable);
		if (w->fd >= 0)
			FD_SET(w->fd, &readable);
		r = pselect(w->fd >= 0 ? w->fd + 1 : 0, &readable, NULL, NULL, tp, &waiting);
		if (r < 0 && errno != EINTR) {
			fall_back(w, errno);
			continue;
		}
#ifdef __linux__
		if (r > 0 && w->fd >= 0)
			hit = read_events(w);
#endif
		if (r == 0 && w->fd < 0)
			hit = poll_files(w);
		if (hit) {
			last = now_ms();
			if (!seen)
				first = last;
			seen = true;
			if (!w->changed)
				w->changed = hit->shown;
		}
	}
	sigprocmask(SIG_SETMASK, &old, NULL); /* a signal held back arrives now, and is noted */
	watch_waiting = 0;
	if (watch_stop)
		result = CV_SYS_WATCH_STOPPED;
	if (changed)
		*changed = result == CV_SYS_WATCH_CHANGED ? w->changed : NULL;
	return result;
}
