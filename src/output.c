/*
 * Atomic output: temporary file in the target directory, then rename.
 *
 * No fsync: like compilers (and typst, LaTeX), folio leaves write-back to the
 * kernel.  An fsync cost 2-3 ms of a 10 ms run here, and rename already gives
 * what a reader needs: the old file or the whole new one, never a mix; ext4
 * (auto_da_alloc) flushes the new data before a rename replaces a file.
 */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msg.h"
#include "util.h"

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

bool cv_output_same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
		return false;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

bool cv_output_write(const char *path, const void *data, size_t len, bool make_parent)
{
	struct cv_buf tmp = {0};
	const char *slash;
	struct stat st;
	mode_t mode = 0644;
	int fd, err;

	if (strcmp(path, "-") == 0) {
		if (!write_all(STDOUT_FILENO, data, len)) {
			cv_msg(CV_SYSTEM, NULL, "write-failed",
			       "cannot write to standard output: %s", strerror(errno));
			return false;
		}
		return true;
	}
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			cv_msg(CV_SYSTEM, NULL, "write-failed", "cannot write '%s': is a directory",
			       path);
			return false;
		}
		mode = st.st_mode & 0777;
	}
	slash = strrchr(path, '/');
	if (slash && make_parent) {
		char *dir = x_strndup(path, (size_t)(slash - path));
		if (*dir && mkdir(dir, 0755) != 0 && errno != EEXIST) {
			cv_msg(CV_SYSTEM, NULL, "write-failed", "cannot create directory '%s': %s",
			       dir, strerror(errno));
			x_free(dir);
			return false;
		}
		x_free(dir);
	}
	cv_buf_printf(&tmp, "%.*s.folio-XXXXXX", (int)strlen(path), path);
	fd = mkstemp(tmp.data);
	if (fd < 0) {
		cv_msg(CV_SYSTEM, NULL, "write-failed", "cannot write '%s': %s", path,
		       strerror(errno));
		cv_buf_free(&tmp);
		return false;
	}
	if (!write_all(fd, data, len) || fchmod(fd, mode) != 0) {
		err = errno;
		close(fd);
		unlink(tmp.data);
		cv_msg(CV_SYSTEM, NULL, "write-failed", "cannot write '%s': %s", path,
		       strerror(err));
		cv_buf_free(&tmp);
		return false;
	}
	if (close(fd) != 0 || rename(tmp.data, path) != 0) {
		err = errno;
		unlink(tmp.data);
		cv_msg(CV_SYSTEM, NULL, "write-failed", "cannot write '%s': %s", path,
		       strerror(err));
		cv_buf_free(&tmp);
		return false;
	}
	cv_buf_free(&tmp);
	return true;
}
