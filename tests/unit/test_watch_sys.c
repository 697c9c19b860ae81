/*
 * The watcher of the platform seam (cv_sys_watch_*, src/sys.c), through
 * inotify and by polling: a write in place, a save by rename, a removal and
 * a creation of a watched file are changes, and name it; a file beside it
 * is not; a change made between two waits (during a build) is still seen,
 * also across cv_sys_watch_set; a symbolic link is followed to its target's
 * directory; a directory that does not exist makes inotify fall back to
 * polling.  Signals (cv_sys_signals_watch): SIGINT and SIGTERM stop a wait,
 * even when blocked by the caller; outside a wait they remove the temporary
 * file and end the process with status 0; SIGHUP still kills.  An alarm
 * ends a run that waits for a change that never comes.  Each write changes
 * the file's size: polling compares stat, and two writes within one tick of
 * the file system's clock may carry the same times.
 */
#define _DEFAULT_SOURCE /* symlink with the POSIX ones */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "sys.h"

static char base[] = "/tmp/folio-test-watch-XXXXXX";

static void put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	if (!fp)
		return;
	fputs(text, fp);
	fclose(fp);
}

/* A save as editors that write a new file and rename it over the old do. */
static void save_by_rename(const char *path, const char *text)
{
	char tmp[600];
	snprintf(tmp, sizeof tmp, "%s.swp", path);
	put(tmp, text);
	rename(tmp, path);
}

/* The path (as given) that the next change names; NULL when it was not a change. */
static const char *next_change(struct cv_sys_watch *w)
{
	const char *changed = NULL;
	enum cv_sys_watch_event ev;
	alarm(60); /* a change that is never seen ends the test (SIGALRM) */
	ev = cv_sys_watch_wait(w, 30, &changed);
	alarm(0);
	return ev == CV_SYS_WATCH_CHANGED ? changed : NULL;
}

static void test_changes(bool poll)
{
	char a[600], b[600], beside[600], sub[600], target[700], link[600];
	const char *set[3];
	struct cv_sys_watch *w = cv_sys_watch_new(poll);
	int why = -1;
	snprintf(a, sizeof a, "%s/a.yaml", base);
	snprintf(b, sizeof b, "%s/b.yaml", base);
	snprintf(beside, sizeof beside, "%s/beside.yaml", base);
	snprintf(sub, sizeof sub, "%s/sub-%d", base, poll);
	snprintf(target, sizeof target, "%s/target.ttf", sub);
	snprintf(link, sizeof link, "%s/link-%d.ttf", base, poll);
	mkdir(sub, 0755);
	put(a, "a: 1\n");
	put(b, "b: 1\n");
	put(target, "font 1");
	symlink(target, link);
	set[0] = a, set[1] = b, set[2] = link;
	cv_sys_watch_set(w, set, 3);
	CHECK(cv_sys_watch_polling(w, &why) == poll);
	CHECK(why == 0);

	put(a, "a: 22\n"); /* in place */
	CHECK_STR(next_change(w), a);
	save_by_rename(b, "b: 22\n");
	CHECK_STR(next_change(w), b);
	put(beside, "not watched\n"); /* then a watched one: only that is named */
	put(a, "a: 333\n");
	CHECK_STR(next_change(w), a);
	put(target, "font 22"); /* through the link, in another directory */
	CHECK_STR(next_change(w), link);
	unlink(b);
	CHECK_STR(next_change(w), b);
	put(b, "b: 333\n");
	CHECK_STR(next_change(w), b);
	/* changed between two waits, and the set given again meanwhile (a build) */
	save_by_rename(a, "a: 4444\n");
	cv_sys_watch_set(w, set, 2);
	CHECK_STR(next_change(w), a);
	cv_sys_watch_free(w);
}

/* A directory that does not exist: inotify cannot listen to it, so polling. */
static void test_fallback(void)
{
	char missing[600], a[600];
	const char *set[1] = {missing};
	struct cv_sys_watch *w = cv_sys_watch_new(false);
	int why = 0;
	snprintf(missing, sizeof missing, "%s/nowhere/photo.jpg", base);
	cv_sys_watch_set(w, set, 1);
#ifdef __linux__
	CHECK(cv_sys_watch_polling(w, &why) && why == ENOENT);
#else
	CHECK(cv_sys_watch_polling(w, &why));
#endif
	snprintf(a, sizeof a, "%s/nowhere", base);
	mkdir(a, 0755);
	put(missing, "jpeg");
	CHECK_STR(next_change(w), missing); /* its creation is seen by polling */
	cv_sys_watch_free(w);
}

/* Run fn in a child; its wait status. */
static int in_child(int (*fn)(void))
{
	int status = -1;
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn());
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

static char temp[600];

/* SIGINT sent while blocked, before the wait: the wait returns STOPPED; 42. */
static int stop_in_wait(void)
{
	const char *set[1] = {temp};
	struct cv_sys_watch *w;
	sigset_t s;
	int r;
	cv_sys_signals_watch();
	w = cv_sys_watch_new(false);
	cv_sys_watch_set(w, set, 1);
	sigemptyset(&s);
	sigaddset(&s, SIGINT);
	sigprocmask(SIG_BLOCK, &s, NULL);
	kill(getpid(), SIGINT); /* pending until the wait lets it in */
	alarm(60);
	r = cv_sys_watch_wait(w, 30, NULL) == CV_SYS_WATCH_STOPPED ? 42 : 1;
	cv_sys_watch_free(w);
	return r;
}

/* A signal during a "build", a temporary file made: 1 if the process survives it. */
static int signal_in_build(int sig)
{
	char tmpl[600];
	int fd;
	cv_sys_signals_watch();
	snprintf(tmpl, sizeof tmpl, "%s/out.pdf.folio-XXXXXX", base);
	fd = cv_sys_tempfile_new(tmpl);
	if (fd < 0)
		return 2;
	snprintf(temp, sizeof temp, "%s", tmpl);
	kill(getpid(), sig);
	return 1;
}

static int sigint_in_build(void)
{
	return signal_in_build(SIGINT);
}

static int sigterm_in_build(void)
{
	return signal_in_build(SIGTERM);
}

static int sighup_in_build(void)
{
	return signal_in_build(SIGHUP);
}

/* No temporary file of signal_in_build is left in base. */
static bool no_temp_left(void)
{
	char cmd[700];
	snprintf(cmd, sizeof cmd, "ls '%s' | grep -q 'folio-'", base);
	return system(cmd) != 0;
}

static void test_signals(void)
{
	int st;
	snprintf(temp, sizeof temp, "%s/a.yaml", base);
	st = in_child(stop_in_wait);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42);
	st = in_child(sigint_in_build);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(no_temp_left());
	st = in_child(sigterm_in_build);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(no_temp_left());
	st = in_child(sighup_in_build);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGHUP);
	CHECK(no_temp_left());
}

int main(void)
{
	char cmd[600];
	if (!mkdtemp(base))
		return 1;
	cv_sys_signals_init(); /* as folio runs */
	test_changes(false);
	test_changes(true);
	test_fallback();
	test_signals();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", base);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", base);
	return TEST_RESULT();
}
