/*
 * The platform seam (src/sys.c): temporary directories removed without
 * following links, however deep; reading only lone regular files; running
 * a child (exit, signal, timeout, its process group killed, environment,
 * output); the Landlock sandbox measured from inside (writes, reads,
 * links, exec, FIFOs, TCP, signals); SIGINT/SIGTERM/SIGHUP cleaning up
 * the child and the directory before the process dies of the signal; every
 * guarded signal removing the temporary file; SIGPIPE and SIGXFSZ ignored
 * by folio but given back to its children.
 */
#define _DEFAULT_SOURCE /* symlink, link, mkfifo, syscall with the POSIX ones */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

#include "harness.h"
#include "sys.h"

static char base[] = "/tmp/folio-test-sys-XXXXXX";

static void put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	if (!fp)
		return;
	fputs(text, fp);
	fclose(fp);
}

static char *slurp(const char *path)
{
	char *data = NULL;
	size_t len;
	if (cv_file_read(path, 1 << 20, &data, &len))
		return NULL;
	return data;
}

static void sleep_ms(long ms)
{
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&t, NULL);
}

/* True once pid is gone or a zombie (waits up to two seconds). */
static bool dead(pid_t pid)
{
	int i;
	for (i = 0; i < 200; i++) {
		char path[64], *stat;
		const char *close_paren;
		if (kill(pid, 0) != 0 && errno == ESRCH)
			return true;
		snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
		stat = slurp(path);
		close_paren = stat ? strrchr(stat, ')') : NULL;
		if (close_paren && close_paren[1] == ' ' && close_paren[2] == 'Z') {
			free(stat);
			return true;
		}
		free(stat);
		sleep_ms(10);
	}
	return false;
}

static void test_tempdir(void)
{
	struct cv_buf dir = {0}, other = {0}, p = {0};
	char outside[600], linked[600];
	struct stat st;
	int i;
	setenv("TMPDIR", base, 1);
	CHECK(cv_sys_tempdir_new("t-", &dir));
	CHECK(!strncmp(dir.data, base, strlen(base)) && strstr(dir.data, "/t-"));
	CHECK(stat(dir.data, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0700);
	/* one at a time */
	CHECK(!cv_sys_tempdir_new("t-", &other) && errno == EBUSY);

	/* files, links out of it, a FIFO, and a chain of directories deeper than the limit */
	snprintf(outside, sizeof outside, "%s/outside", base);
	mkdir(outside, 0755);
	snprintf(linked, sizeof linked, "%s/outside/keep", base);
	put(linked, "keep");
	cv_buf_printf(&p, "%s/file", dir.data);
	put(p.data, "x");
	cv_buf_reset(&p);
	cv_buf_printf(&p, "%s/to-dir", dir.data);
	CHECK(symlink(outside, p.data) == 0);
	cv_buf_reset(&p);
	cv_buf_printf(&p, "%s/to-file", dir.data);
	CHECK(symlink(linked, p.data) == 0);
	cv_buf_reset(&p);
	cv_buf_printf(&p, "%s/fifo", dir.data);
	CHECK(mkfifo(p.data, 0600) == 0);
	cv_buf_reset(&p);
	cv_buf_puts(&p, dir.data);
	for (i = 0; i < 150; i++) {
		cv_buf_puts(&p, "/d");
		if (mkdir(p.data, 0700) != 0)
			break;
		if (i % 7 == 0) {
			size_t len = p.len;
			cv_buf_puts(&p, "/f");
			put(p.data, "f");
			p.len = len;
			p.data[len] = '\0';
		}
	}
	CHECK(i == 150);
	cv_buf_puts(&p, "/up");
	CHECK(symlink("../../..", p.data) == 0);

	CHECK(cv_sys_tempdir_free(dir.data));
	CHECK(access(dir.data, F_OK) != 0 && errno == ENOENT);
	CHECK(access(linked, F_OK) == 0); /* the links' targets are untouched */
	CHECK(access(outside, F_OK) == 0);
	/* free again: nothing there, nothing to do */
	CHECK(cv_sys_tempdir_new("t-", &other));
	CHECK(cv_sys_tempdir_free(other.data));
	cv_buf_free(&dir);
	cv_buf_free(&other);
	cv_buf_free(&p);
}

static void test_read_in(void)
{
	char path[600], path2[600], *data = (char *)"unchanged";
	size_t len = 99;
	snprintf(path, sizeof path, "%s/r", base);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/r/plain", base);
	put(path, "hello");
	CHECK(cv_sys_read_in(base, "r/plain", 100, &data, &len) == 0);
	CHECK_STR(data, "hello");
	CHECK(len == 5);
	free(data);
	CHECK(cv_sys_read_in(base, "r/plain", 4, &data, &len) == EFBIG && !data);
	snprintf(path2, sizeof path2, "%s/r/link", base);
	CHECK(symlink(path, path2) == 0);
	CHECK(cv_sys_read_in(base, "r/link", 100, &data, &len) == ELOOP && !data);
	snprintf(path2, sizeof path2, "%s/r/hard", base);
	CHECK(link(path, path2) == 0);
	CHECK(cv_sys_read_in(base, "r/hard", 100, &data, &len) == EPERM && !data);
	snprintf(path2, sizeof path2, "%s/r/fifo", base);
	CHECK(mkfifo(path2, 0600) == 0);
	CHECK(cv_sys_read_in(base, "r/fifo", 100, &data, &len) == EPERM && !data);
	CHECK(cv_sys_read_in(base, "r", 100, &data, &len) == EPERM && !data);
	CHECK(cv_sys_read_in(base, "r/none", 100, &data, &len) == ENOENT && !data);
}

static void test_which(void)
{
	char bin[600], path[700], *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	struct cv_buf found = {0};
	snprintf(bin, sizeof bin, "%s/bin", base);
	mkdir(bin, 0755);
	snprintf(path, sizeof path, "%s/tool", bin);
	put(path, "#!/bin/sh\n");
	chmod(path, 0755);
	snprintf(path, sizeof path, "%s/plain", bin);
	put(path, "not executable");
	chmod(path, 0644);
	snprintf(path, sizeof path, "%s/dir", bin);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "/nonexistent:%s", bin);
	setenv("PATH", path, 1);
	CHECK(cv_sys_which("tool", &found));
	snprintf(path, sizeof path, "%s/tool", bin);
	CHECK_STR(found.data, path);
	CHECK(!cv_sys_which("dir", &found));
	if (geteuid() != 0) /* root may execute anything with any x bit, not a 0644 file */
		CHECK(!cv_sys_which("plain", &found));
	CHECK(!cv_sys_which("missing", &found));
	CHECK(!cv_sys_which("bin/tool", &found));
	if (old)
		setenv("PATH", old, 1);
	free(old);
	cv_buf_free(&found);
}

/* What a job needs to run /bin/sh and the basic tools. */
static const char *const system_reads[] = {"/usr", "/bin", "/lib", "/lib64", "/etc/ld.so.cache",
                                           NULL};
static const char *const null_rw[] = {"/dev/null", NULL};

/* Run `sh -c script` in dir; its output in *out (caller frees). */
static void run_sh(const char *dir, const char *script, unsigned timeout, const char *const *env,
                   struct cv_sys_status *st, char **out)
{
	char *argv[] = {"sh", "-c", (char *)script, NULL};
	struct cv_sys_job job;
	char path[700];
	memset(&job, 0, sizeof job);
	job.file = "/bin/sh";
	job.argv = argv;
	job.env = env;
	job.dir = dir;
	job.output = "out.txt";
	job.read = system_reads;
	job.rw = null_rw;
	job.timeout = timeout;
	job.max_file = 1 << 20;
	cv_sys_run(&job, st);
	snprintf(path, sizeof path, "%s/out.txt", dir);
	*out = slurp(path);
}

/* The pid written into dir/name by a job, 0 if none. */
static pid_t pid_in(const char *dir, const char *name)
{
	char path[1024], *s;
	pid_t pid;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	s = slurp(path);
	pid = s ? (pid_t)atoi(s) : 0;
	free(s);
	return pid;
}

static void test_run(void)
{
	static const char *const env[] = {"FOLIO_TEST_VAR=new", NULL};
	struct cv_buf dir = {0};
	struct cv_sys_status st;
	char *out;
	pid_t pid;
	time_t t0;
	CHECK(cv_sys_tempdir_new("run-", &dir));

	run_sh(dir.data, "echo out; echo err >&2; cat; exit 3", 10, NULL, &st, &out);
	CHECK(st.end == CV_SYS_EXITED && st.code == 3);
	CHECK_STR(out, "out\nerr\n"); /* stdin is /dev/null */
	free(out);

	setenv("FOLIO_TEST_VAR", "old", 1);
	run_sh(dir.data, "echo $FOLIO_TEST_VAR; pwd", 10, env, &st, &out);
	CHECK(st.end == CV_SYS_EXITED && st.code == 0);
	CHECK(out && !strncmp(out, "new\n", 4) && strstr(out, dir.data));
	free(out);
	CHECK_STR(getenv("FOLIO_TEST_VAR"), "old");
	{ /* "NAME" takes a variable away */
		static const char *const unset[] = {"FOLIO_TEST_VAR", NULL};
		run_sh(dir.data, "echo ${FOLIO_TEST_VAR-unset}", 10, unset, &st, &out);
		CHECK_STR(out, "unset\n");
		free(out);
	}

	run_sh(dir.data, "kill -SEGV $$", 10, NULL, &st, &out);
	CHECK(st.end == CV_SYS_SIGNALED && st.code == SIGSEGV);
	free(out);

	/* a file it writes beyond max_file kills it (SIGXFSZ): the child gets back
	 * the SIGXFSZ and SIGPIPE cv_sys_signals_init took away from this process */
	run_sh(dir.data, "exec yes > big", 10, NULL, &st, &out);
	CHECK(st.end == CV_SYS_SIGNALED && st.code == SIGXFSZ);
	free(out);
	run_sh(dir.data, "yes | head -c 1 > /dev/null; echo done", 10, NULL, &st, &out);
	CHECK_STR(out, "done\n"); /* yes died of SIGPIPE, no "Broken pipe" message */
	free(out);

	/* what it leaves running in its process group dies with it */
	run_sh(dir.data, "sleep 100 & echo $! > bg.pid", 10, NULL, &st, &out);
	CHECK(st.end == CV_SYS_EXITED && st.code == 0);
	pid = pid_in(dir.data, "bg.pid");
	CHECK(pid > 0 && dead(pid));
	free(out);

	/* the timeout stops the whole group */
	t0 = time(NULL);
	run_sh(dir.data, "sleep 100 & echo $! > bg.pid; sleep 100", 1, NULL, &st, &out);
	CHECK(st.end == CV_SYS_TIMEOUT);
	CHECK(time(NULL) - t0 < 5);
	pid = pid_in(dir.data, "bg.pid");
	CHECK(pid > 0 && dead(pid));
	free(out);

	/* a program that cannot start */
	{
		char *argv[] = {"none", NULL};
		struct cv_sys_job job;
		memset(&job, 0, sizeof job);
		job.file = "/nonexistent/none";
		job.argv = argv;
		job.dir = dir.data;
		job.output = "out.txt";
		job.read = system_reads;
		job.timeout = 5;
		cv_sys_run(&job, &st);
		CHECK(st.end == CV_SYS_NOT_STARTED && st.code == ENOENT);
		job.dir = "/nonexistent/dir";
		cv_sys_run(&job, &st);
		CHECK(st.end == CV_SYS_NOT_STARTED && st.code == ENOENT);
	}
	CHECK(cv_sys_tempdir_free(dir.data));
	cv_buf_free(&dir);
}

/* The kernel's Landlock ABI version, 0 when there is none. */
static int kernel_landlock(void)
{
#if defined(__linux__) && defined(SYS_landlock_create_ruleset)
	long v = syscall(SYS_landlock_create_ruleset, NULL, 0, 1u);
	return v > 0 ? (int)v : 0;
#else
	return 0;
#endif
}

/* The sandbox, measured from inside: each script prints what got through. */
static void test_sandbox(void)
{
	struct cv_buf dir = {0};
	struct cv_sys_status st;
	char script[3000], secret[600], *out;
	int abi;
	snprintf(secret, sizeof secret, "%s/secret", base);
	put(secret, "SECRET");
	CHECK(cv_sys_tempdir_new("box-", &dir));
	run_sh(dir.data,
	       "echo ok > inside && mkdir d && echo y > d/f && rm d/f && rmdir d && cat inside", 10,
	       NULL, &st, &out);
	CHECK(st.end == CV_SYS_EXITED && st.code == 0);
	CHECK_STR(out, "ok\n");
	free(out);
	abi = st.landlock_abi;
	CHECK(abi == kernel_landlock()); /* the newest the kernel has */
	if (abi == 0) {
		printf("skip: no Landlock here (%s)\n", strerror(st.landlock_err));
		goto done;
	}
	printf("Landlock ABI %d\n", abi);
	snprintf(
	    script, sizeof script,
	    "cat %s 2>/dev/null && echo READ-OUTSIDE\n"
	    "cat /etc/passwd 2>/dev/null && echo READ-PASSWD\n"
	    "ls %s >/dev/null 2>&1 && echo LIST-OUTSIDE\n"
	    "echo x 2>/dev/null > %s/written && echo WRITE-OUTSIDE\n"
	    "mkdir %s/made 2>/dev/null && echo MKDIR-OUTSIDE\n"
	    "ln -s %s sym 2>/dev/null && echo SYMLINK\n"
	    "ln %s hard 2>/dev/null && echo HARDLINK\n"
	    "mkfifo fifo 2>/dev/null && echo FIFO\n"
	    "cp /bin/true ./true && chmod +x ./true && ./true 2>/dev/null && echo EXEC-INSIDE\n"
	    "test -r /usr/bin/env && /usr/bin/env true && echo system-ok\n"
	    "echo done\n",
	    secret, base, base, base, secret, secret);
	run_sh(dir.data, script, 10, NULL, &st, &out);
	CHECK_STR(out, "system-ok\ndone\n");
	free(out);
	if (abi >= 4 && access("/bin/bash", X_OK) == 0) {
		/* TCP: refused would mean it tried; EACCES means the sandbox stopped it */
		run_sh(
		    dir.data,
		    "bash -c 'echo > /dev/tcp/127.0.0.1/9' 2>&1 | grep -q 'Permission denied' && "
		    "echo denied",
		    10, NULL, &st, &out);
		CHECK_STR(out, "denied\n");
		free(out);
	}
	if (abi >= 6) {
		snprintf(script, sizeof script,
		         "kill -0 %d 2>/dev/null && echo SIGNAL-OUTSIDE; echo done", (int)getpid());
		run_sh(dir.data, script, 10, NULL, &st, &out);
		CHECK_STR(out, "done\n");
		free(out);
	}
done:
	CHECK(access(secret, F_OK) == 0);
	{
		char p[700];
		snprintf(p, sizeof p, "%s/written", base);
		CHECK(access(p, F_OK) != 0);
		snprintf(p, sizeof p, "%s/made", base);
		CHECK(access(p, F_OK) != 0);
	}
	CHECK(cv_sys_tempdir_free(dir.data));
	cv_buf_free(&dir);
}

/* In a child process: make a temporary file, tell the parent its path
 * through fd, then wait for signals; with rename, rename it first. */
static void tempfile_child(int fd, bool ignore_hup, bool rename)
{
	char path[700], to[720] = "/tmp/second-XXXXXX";
	const char *shown = path;
	int f;
	if (ignore_hup)
		signal(SIGHUP, SIG_IGN);
	snprintf(path, sizeof path, "%s/out.pdf.folio-XXXXXX", base);
	f = cv_sys_tempfile_new(path);
	if (f < 0 || write(f, "x", 1) != 1)
		_exit(2);
	if (cv_sys_tempfile_new(to) != -1 || errno != EBUSY) /* one at a time */
		_exit(2);
	if (rename) {
		snprintf(to, sizeof to, "%s.renamed", path);
		if (cv_sys_tempfile_rename(to) != 0)
			_exit(2);
		shown = to;
	}
	if (write(fd, shown, strlen(shown) + 1) < 0)
		_exit(2);
	close(fd);
	for (;;)
		pause();
}

/* Start tempfile_child; the path of its file in path. */
static pid_t start_tempfile(bool ignore_hup, bool rename, char *path, size_t size)
{
	int fds[2];
	ssize_t n;
	pid_t pid;
	if (pipe(fds) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		tempfile_child(fds[1], ignore_hup, rename);
	}
	close(fds[1]);
	n = read(fds[0], path, size - 1);
	close(fds[0]);
	path[n > 0 ? n : 0] = '\0';
	return pid;
}

/* Every guarded signal removes the temporary file and ends the process
 * with its default action; an ignored one and SIGPIPE, SIGXFSZ (ignored by
 * cv_sys_signals_init) do nothing; a renamed file is left alone. */
static void test_tempfile_signals(void)
{
	int sigs[64], n = 0, i, status = 0;
	char path[700];
	pid_t child;
	struct rlimit no_core = {0, 0};
	static const int named[] = {
	    SIGINT,    SIGTERM, SIGHUP,    SIGQUIT, SIGUSR1, SIGUSR2,
	    SIGALRM,   SIGXCPU, SIGVTALRM, SIGPROF, SIGPOLL, SIGPWR,
#ifdef SIGSTKFLT
	    SIGSTKFLT,
#endif
	};
	setrlimit(RLIMIT_CORE, &no_core); /* SIGQUIT and SIGXCPU dump core */
	for (i = 0; i < (int)CV_COUNT(named); i++)
		sigs[n++] = named[i];
	for (i = SIGRTMIN; i <= SIGRTMAX && n < (int)CV_COUNT(sigs); i++)
		sigs[n++] = i;
	for (i = 0; i < n; i++) {
		child = start_tempfile(false, false, path, sizeof path);
		CHECK(child > 0 && access(path, F_OK) == 0);
		kill(child, sigs[i]);
		CHECK(waitpid(child, &status, 0) == child);
		CHECK(WIFSIGNALED(status) && WTERMSIG(status) == sigs[i]);
		if (!(WIFSIGNALED(status) && WTERMSIG(status) == sigs[i]))
			fprintf(stderr, "signal %d (%s): status %#x\n", sigs[i], strsignal(sigs[i]),
			        status);
		CHECK(access(path, F_OK) != 0);
		if (access(path, F_OK) == 0) {
			fprintf(stderr, "signal %d (%s) left %s\n", sigs[i], strsignal(sigs[i]),
			        path);
			unlink(path);
		}
	}
	/* ignored: SIGHUP under nohup, SIGPIPE and SIGXFSZ by cv_sys_signals_init */
	child = start_tempfile(true, false, path, sizeof path);
	CHECK(child > 0);
	kill(child, SIGHUP);
	kill(child, SIGPIPE);
	kill(child, SIGXFSZ);
	sleep_ms(200);
	CHECK(waitpid(child, &status, WNOHANG) == 0 && access(path, F_OK) == 0);
	kill(child, SIGTERM);
	CHECK(waitpid(child, &status, 0) == child && WIFSIGNALED(status) &&
	      WTERMSIG(status) == SIGTERM);
	CHECK(access(path, F_OK) != 0);
	/* renamed into place: no longer the signal's to remove */
	child = start_tempfile(false, true, path, sizeof path);
	CHECK(child > 0 && access(path, F_OK) == 0);
	kill(child, SIGINT);
	CHECK(waitpid(child, &status, 0) == child && WIFSIGNALED(status) &&
	      WTERMSIG(status) == SIGINT);
	CHECK(access(path, F_OK) == 0);
	unlink(path);
	/* freed: removed; renaming a file that is not there */
	snprintf(path, sizeof path, "%s/free.folio-XXXXXX", base);
	i = cv_sys_tempfile_new(path);
	CHECK(i >= 0 && access(path, F_OK) == 0);
	close(i);
	cv_sys_tempfile_free();
	CHECK(access(path, F_OK) != 0);
	CHECK(cv_sys_tempfile_rename(path) == -1 && errno == ENOENT);
}

/*
 * In a child process: make a temporary directory, tell the parent its path
 * through fd, and run a job that never ends.
 */
static void guarded_child(int fd, bool ignore_hup)
{
	struct cv_buf dir = {0};
	struct cv_sys_status st;
	char *out;
	if (ignore_hup)
		signal(SIGHUP, SIG_IGN);
	if (!cv_sys_tempdir_new("sig-", &dir))
		_exit(2);
	if (write(fd, dir.data, dir.len + 1) < 0)
		_exit(2);
	close(fd);
	run_sh(dir.data, "sleep 100 & echo $! > bg.pid; echo $$ > sh.pid; wait", 60, NULL, &st,
	       &out);
	{
		char path[700], end[16];
		snprintf(path, sizeof path, "%s/end-%d", base, (int)getpid());
		snprintf(end, sizeof end, "%d", (int)st.end);
		put(path, end);
	}
	cv_sys_tempdir_free(dir.data); /* dies here of the signal */
	_exit(st.end == CV_SYS_INTERRUPTED ? 3 : 4);
}

/* Start guarded_child; its directory path in dir; the job's pids once they are written. */
static pid_t start_guarded(bool ignore_hup, char *dir, size_t size, pid_t *sh, pid_t *bg)
{
	int fds[2], i;
	ssize_t n;
	pid_t pid;
	*sh = *bg = 0;
	if (pipe(fds) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		guarded_child(fds[1], ignore_hup);
	}
	close(fds[1]);
	n = read(fds[0], dir, size - 1);
	close(fds[0]);
	dir[n > 0 ? n : 0] = '\0';
	for (i = 0; i < 500 && (*sh = pid_in(dir, "sh.pid")) == 0; i++)
		sleep_ms(10);
	*bg = pid_in(dir, "bg.pid");
	return pid;
}

static void test_signals(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	char dir[700], cmd[800];
	pid_t child, sh, bg;
	int status = 0;
	size_t i;
	setenv("TMPDIR", base, 1);
	/* each a few times: the job may die of the handler's SIGKILL before the wait sees the
	 * signal */
	for (i = 0; i < 4 * CV_COUNT(sigs); i++) {
		char end[700], *e;
		child = start_guarded(false, dir, sizeof dir, &sh, &bg);
		CHECK(child > 0 && sh > 0 && bg > 0 && access(dir, F_OK) == 0);
		kill(child, sigs[i % CV_COUNT(sigs)]);
		CHECK(waitpid(child, &status, 0) == child);
		CHECK(WIFSIGNALED(status) && WTERMSIG(status) == sigs[i % CV_COUNT(sigs)]);
		snprintf(end, sizeof end, "%s/end-%d", base, (int)child);
		e = slurp(end);
		CHECK(e && atoi(e) == CV_SYS_INTERRUPTED); /* not "killed by SIGKILL" */
		free(e);
		CHECK(access(dir, F_OK) != 0);
		CHECK(sh > 0 && dead(sh));
		CHECK(bg > 0 && dead(bg));
	}
#if defined(__linux__)
	/* SIGKILL cannot be caught: the job dies with its parent all the same */
	child = start_guarded(false, dir, sizeof dir, &sh, &bg);
	CHECK(child > 0 && sh > 0);
	kill(child, SIGKILL);
	CHECK(waitpid(child, &status, 0) == child);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	if (sh > 0 && !dead(sh)) {
		CHECK(!"the job died with its parent");
		kill(sh, SIGKILL);
	}
	if (bg > 0)
		kill(bg, SIGKILL);                     /* the job's own child has no such tie */
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir); /* nor has the directory */
	CHECK(system(cmd) == 0);
#endif
	/* an ignored SIGHUP (nohup) stays ignored */
	child = start_guarded(true, dir, sizeof dir, &sh, &bg);
	CHECK(child > 0 && sh > 0);
	kill(child, SIGHUP);
	sleep_ms(300);
	CHECK(waitpid(child, &status, WNOHANG) == 0);
	CHECK(access(dir, F_OK) == 0 && kill(sh, 0) == 0);
	kill(child, SIGTERM);
	CHECK(waitpid(child, &status, 0) == child);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	CHECK(access(dir, F_OK) != 0);
	CHECK(sh > 0 && dead(sh));
}

int main(void)
{
	char cmd[600];
	if (!mkdtemp(base))
		return 1;
	chmod(base, 0755);
	cv_sys_signals_init(); /* as folio runs */
	{
		struct sigaction sa;
		CHECK(sigaction(SIGPIPE, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN);
		CHECK(sigaction(SIGXFSZ, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN);
	}
	test_tempdir();
	test_read_in();
	test_which();
	test_run();
	test_sandbox();
	test_signals();
	test_tempfile_signals();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", base);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", base);
	return TEST_RESULT();
}
