/*
 * Writing results.  What happens depends on what the path names once its
 * symbolic links are followed: a regular file (or nothing yet) is replaced
 * atomically through a temporary file in its own directory; a device, FIFO
 * or terminal is opened and written in place, never replaced; a name of one
 * of folio's descriptors (/dev/stdout, /dev/fd/N) is written as it is; a
 * directory or socket is refused.  The rules are spelled out in docs/design.md.
 *
 * No fsync: like compilers (and typst, LaTeX), folio leaves write-back to the
 * kernel.  An fsync cost 2-3 ms of a 10 ms run here, and rename already gives
 * what a reader needs: the old file or the whole new one, never a mix; ext4
 * (auto_da_alloc) flushes the new data before a rename replaces a file.
 */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "msg.h"
#include "sys.h"
#include "util.h"

/* Symbolic links followed before giving up (Linux's own limit is 40). */
#define MAX_LINKS 40
/* A FIFO without a reader: how long to wait for one before failing. */
#define FIFO_WAIT_MS 1000

static const char temp_suffix[] = ".folio-XXXXXX";

static bool write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		p += n;
		len -= (size_t)n;
	}
	return true;
}

static bool fail(const char *path, const char *reason)
{
	cv_msg(CV_SYSTEM, NULL, "write-failed", "cannot write '%s': %s", path, reason);
	return false;
}

static int resolve_links(const char *path, char **real, int *fd);

bool cv_output_same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	char *ra = NULL, *rb = NULL;
	int fa, fb;
	bool same;
	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	/* one is not there yet: where their links lead (a dangling link to the other) */
	same =
	    resolve_links(a, &ra, &fa) == 0 && resolve_links(b, &rb, &fb) == 0 && !strcmp(ra, rb);
	x_free(ra);
	x_free(rb);
	return same;
}

/*
 * The descriptor a path names: 0-2 for /dev/stdin, /dev/stdout, /dev/stderr,
 * N for /dev/fd/N, /proc/self/fd/N and /proc/thread-self/fd/N; else -1.
 */
static int descriptor_of(const char *p)
{
	static const char *const dirs[] = {"/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/"};
	static const char *const std[] = {"/dev/stdin", "/dev/stdout", "/dev/stderr"};
	size_t i;
	for (i = 0; i < CV_COUNT(std); i++)
		if (!strcmp(p, std[i]))
			return (int)i;
	for (i = 0; i < CV_COUNT(dirs); i++) {
		size_t n = strlen(dirs[i]);
		const char *d = p + n;
		long v = 0;
		if (strncmp(p, dirs[i], n) || !*d || strspn(d, "0123456789") != strlen(d) ||
		    strlen(d) > 9)
			continue;
		for (; *d; d++)
			v = v * 10 + (*d - '0');
		return (int)v;
	}
	return -1;
}

/*
 * Follow the symbolic links of path's last component.  Returns 0 and a
 * malloc'ed path in *real that is not a symbolic link (it may not exist: a
 * dangling link), or an errno value.  A relative link is read relative to
 * the directory of the link.  When path or a link on the way names one of
 * folio's descriptors (descriptor_of), the walk stops there and *fd is it;
 * otherwise *fd is -1.
 */
static int resolve_links(const char *path, char **real, int *fd)
{
	char *p = x_strdup(path), target[PATH_MAX];
	int hops, err = ELOOP;
	*real = NULL;
	for (hops = 0; hops <= MAX_LINKS; hops++) {
		struct stat st;
		const char *slash;
		ssize_t n;
		char *next;
		*fd = descriptor_of(p);
		if (*fd >= 0 || lstat(p, &st) != 0 || !S_ISLNK(st.st_mode)) {
			*real = p;
			return 0;
		}
		n = readlink(p, target, sizeof(target));
		if (n < 0 || (size_t)n >= sizeof(target)) {
			err = n < 0 ? errno : ENAMETOOLONG;
			break;
		}
		target[n] = '\0';
		slash = strrchr(p, '/');
		if (target[0] == '/' || !slash)
			next = x_strdup(target);
		else {
			size_t dl = (size_t)(slash - p) + 1, tl = strlen(target);
			next = x_malloc(dl + tl + 1);
			memcpy(next, p, dl);
			memcpy(next + dl, target, tl + 1);
		}
		x_free(p);
		p = next;
	}
	x_free(p);
	*fd = -1;
	return err;
}

/* The current umask, without changing it for good. */
static mode_t current_umask(void)
{
	mode_t m = umask(022);
	umask(m);
	return m;
}

/*
 * Replace (or create) the regular file real atomically: a temporary file in
 * its directory, named after it but cut to fit the directory's name limit,
 * renamed over it.  old is real's stat (mode and owner kept) or NULL for a
 * new file.  Messages name shown, the path the user gave.  exclusive: only
 * a new name (cv_sys_tempfile_link); when real appeared meanwhile, false
 * with errno EEXIST and nothing reported.
 */
static bool replace_file(const char *shown, const char *real, const struct stat *old,
                         const void *data, size_t len, bool make_parent, bool exclusive)
{
	const char *slash = strrchr(real, '/');
	const char *base = slash ? slash + 1 : real;
	char *dir = slash ? x_strndup(real, (size_t)(slash - real)) : x_strdup(".");
	struct cv_buf tmp = {0};
	size_t keep = strlen(base);
	long name_max;
	bool ok = false, made = false;
	int fd = -1, err = 0;

	if (!*dir) { /* "/name" */
		x_free(dir);
		dir = x_strdup("/");
	}
	if (!*base) {
		fail(shown, "is a directory");
		goto done;
	}
	if (!old && make_parent && slash && mkdir(dir, 0777) != 0 && errno != EEXIST) {
		cv_msg(CV_SYSTEM, NULL, "write-failed", "cannot create directory '%s': %s", dir,
		       strerror(errno));
		goto done;
	}
	name_max = pathconf(dir, _PC_NAME_MAX);
	if (name_max <= 0 || name_max > NAME_MAX)
		name_max = NAME_MAX;
	if (keep + strlen(temp_suffix) > (size_t)name_max) {
		keep = (size_t)name_max - strlen(temp_suffix);
		while (keep > 0 && ((unsigned char)base[keep] & 0xC0) == 0x80)
			keep--; /* cut on a character boundary */
	}
	cv_buf_put(&tmp, real, (size_t)(base - real) + keep);
	cv_buf_puts(&tmp, temp_suffix);
	fd = cv_sys_tempfile_new(tmp.data); /* a signal now removes it */
	if (fd < 0) {
		fail(shown, strerror(errno));
		goto done;
	}
	made = true;
	if (old && fchown(fd, old->st_uid, old->st_gid) != 0) {
		/* not ours to give away: the new file stays the writer's, as with cp */
	}
	if (!write_all(fd, data, len) ||
	    fchmod(fd, old ? old->st_mode & 0777 : 0666 & ~current_umask()) != 0) {
		err = errno;
		goto done;
	}
	if (close(fd) != 0) {
		fd = -1;
		err = errno;
		goto done;
	}
	fd = -1;
	if (exclusive ? cv_sys_tempfile_link(real) != 0 : cv_sys_tempfile_rename(real) != 0) {
		err = errno;
		goto done;
	}
	made = false;
	ok = true;
done:
	if (fd >= 0)
		close(fd);
	if (made)
		cv_sys_tempfile_free();
	if (err && !(exclusive && err == EEXIST))
		fail(shown, strerror(err));
	cv_buf_free(&tmp);
	x_free(dir);
	errno = err;
	return ok;
}

/* Open a device or FIFO for writing without creating, truncating or
 * blocking; a FIFO gets FIFO_WAIT_MS for a reader to appear.  -1 and errno
 * on failure. */
static int open_special(const char *path)
{
	const struct timespec tick = {0, 10 * 1000 * 1000};
	int fd, waited = 0, flags;
	for (;;) {
		fd = open(path, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0 || errno != ENXIO || waited >= FIFO_WAIT_MS)
			break;
		nanosleep(&tick, NULL);
		waited += 10;
	}
	if (fd < 0)
		return -1;
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
		int err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

/*
 * Write into a device node or FIFO in place.  SIGPIPE is held while
 * writing, so a reader that goes away is an error message, not a silent
 * death.
 */
static bool write_special(const char *path, const struct stat *st, const void *data, size_t len)
{
	sigset_t pipe_set, old_set;
	struct stat now;
	bool ok = false;
	int fd, err = 0;

	if (S_ISSOCK(st->st_mode))
		return fail(path, "it is a socket");
	fd = open_special(path);
	if (fd < 0) {
		if (errno == ENXIO && S_ISFIFO(st->st_mode))
			return fail(path, "no process is reading the FIFO");
		return fail(path, strerror(errno));
	}
	if (fstat(fd, &now) != 0 || S_ISREG(now.st_mode) || S_ISDIR(now.st_mode)) {
		close(fd); /* replaced by a file since we looked: do not write into it */
		return fail(path, "it changed since folio looked at it; try again");
	}
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &pipe_set, &old_set);
	if (!write_all(fd, data, len))
		err = errno;
	if (err == EPIPE && !sigismember(&old_set, SIGPIPE)) {
		const struct timespec zero = {0, 0};
		while (sigtimedwait(&pipe_set, NULL, &zero) == SIGPIPE) {
			/* consume the SIGPIPE this write raised */
		}
	}
	sigprocmask(SIG_SETMASK, &old_set, NULL);
	if (close(fd) != 0 && !err)
		err = errno;
	if (err)
		fail(path, strerror(err));
	else
		ok = true;
	return ok;
}

/* Write to one of folio's open descriptors, as it is: nothing opened,
 * truncated or replaced (so a shell's >> appends).  shown is the path the
 * user gave, or NULL for "-". */
static bool write_descriptor(const char *shown, int fd, const void *data, size_t len)
{
	if (fcntl(fd, F_GETFL) >= 0 && write_all(fd, data, len))
		return true;
	if (!shown) {
		cv_msg(CV_SYSTEM, NULL, "write-failed", "cannot write to standard output: %s",
		       strerror(errno));
		return false;
	}
	return fail(shown, strerror(errno));
}

/* The directory part of path: "." for "name", "/" for "/name" (malloc'ed). */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return x_strdup(".");
	return slash == path ? x_strdup("/") : x_strndup(path, (size_t)(slash - path));
}

int cv_output_check(const char *path, bool make_parent)
{
	struct stat st;
	char *real = NULL, *dir = NULL, *up = NULL;
	int err, fd;

	if (!strcmp(path, "-"))
		return CV_OUTPUT_NOT_FILE;
	if (!*path)
		return ENOENT;
	if ((err = resolve_links(path, &real, &fd)) != 0)
		return err;
	if (fd >= 0) {
		err = CV_OUTPUT_NOT_FILE;
		goto done;
	}
	if (stat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			err = CV_OUTPUT_NOT_FILE;
			goto done;
		}
	} else if (errno != ENOENT) {
		err = errno;
		goto done;
	}
	dir = dir_of(real);
	if (access(dir, W_OK | X_OK) == 0)
		goto done;
	err = errno;
	if (err == ENOENT && make_parent) { /* the default out/, made when writing */
		up = dir_of(dir);
		err = access(up, W_OK | X_OK) == 0 ? 0 : errno;
	}
done:
	x_free(real);
	x_free(dir);
	x_free(up);
	return err;
}

bool cv_output_write(const char *path, const void *data, size_t len, bool make_parent)
{
	struct stat st, rst;
	char *real = NULL;
	bool exists, ok = false;
	int err, fd;

	if (strcmp(path, "-") == 0)
		return write_descriptor(NULL, STDOUT_FILENO, data, len);
	if (!*path)
		return fail(path, strerror(ENOENT));
	if ((err = resolve_links(path, &real, &fd)) != 0)
		return fail(path, strerror(err));
	if (fd >= 0) {
		ok = write_descriptor(path, fd, data, len);
		goto done;
	}
	exists = stat(path, &st) == 0;
	if (!exists && errno != ENOENT) {
		fail(path, strerror(errno));
		goto done;
	}
	if (exists && S_ISDIR(st.st_mode)) {
		fail(path, "is a directory");
		goto done;
	}
	if (exists && !S_ISREG(st.st_mode)) {
		ok = write_special(path, &st, data, len);
		goto done;
	}
	/* a regular file or nothing yet: replace the file its links lead to */
	if (exists ? stat(real, &rst) != 0 || rst.st_dev != st.st_dev || rst.st_ino != st.st_ino
	           : lstat(real, &rst) == 0 || errno != ENOENT) {
		/* /proc magic links (a deleted file) or a race: no path to replace */
		fail(path, "its symbolic links do not lead to a file folio can replace");
		goto done;
	}
	ok = replace_file(path, real, exists ? &st : NULL, data, len, make_parent, false);
done:
	x_free(real);
	return ok;
}

bool cv_output_create(const char *path, const void *data, size_t len, bool *exists)
{
	struct stat st;
	*exists = false;
	if (strcmp(path, "-") == 0)
		return write_descriptor(NULL, STDOUT_FILENO, data, len);
	if (!*path)
		return fail(path, strerror(ENOENT));
	if (lstat(path, &st) == 0) {
		*exists = true;
		return false;
	}
	if (errno != ENOENT)
		return fail(path, strerror(errno));
	if (replace_file(path, path, NULL, data, len, false, true))
		return true;
	*exists = errno == EEXIST;
	return false;
}

bool cv_output_check_directory(const char *path, bool make_parent)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	struct stat st;
	bool ok = true;
	if (make_parent || !slash || slash == path || cv_output_check(path, false) != ENOENT)
		return true;
	dir = dir_of(path);
	if (stat(dir, &st) != 0 && errno == ENOENT) {
		cv_msg(CV_SYSTEM, NULL, "output-dir-missing",
		       "cannot write '%s': the directory '%s' does not exist (create it first, or "
		       "choose another -o)",
		       path, dir);
		ok = false;
	}
	x_free(dir);
	return ok;
}

void cv_output_report(const char *path, size_t bytes, size_t pages)
{
	char size[32], count[32] = "";
	if (!strcmp(path, "-"))
		return;
	if (bytes < 1024)
		snprintf(size, sizeof(size), "%zu bytes", bytes);
	else
		snprintf(size, sizeof(size), "%zu KB", (bytes + 512) / 1024);
	if (pages)
		snprintf(count, sizeof(count), "%zu page%s, ", pages, pages == 1 ? "" : "s");
	cv_msg(CV_NOTE, NULL, "wrote", "wrote '%s': %s%s", path, count, size);
}
