/*
 * Writing results: a file is replaced through a temporary file beside it,
 * renamed into place only when everything succeeded, so a failed run never
 * leaves partial output or clobbers an earlier good file; devices and FIFOs
 * are written in place, never replaced.  "-" is stdout.
 */
#ifndef CV_OUTPUT_H
#define CV_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Write data to path; "-" is standard output.  Symbolic links are followed
 * (a dangling one creates its target).  A regular file, or a new one, is
 * replaced atomically: a temporary file in the final target's directory
 * (its name cut to fit NAME_MAX; made by cv_sys_tempfile_new, so a signal
 * that ends the process removes it) renamed over it, keeping the old mode
 * and, where allowed, owner; a new file gets 0666 less the umask.  A character
 * or block device or a FIFO is opened without O_CREAT/O_TRUNC and written
 * in place (a FIFO nobody reads within a second is an error, never a hang).
 * /dev/stdout, /dev/stderr, /dev/fd/N and /proc/self/fd/N (or a link to
 * one) are folio's own descriptor, written as it is, like "-" (no open, no
 * truncation: a shell's >> appends).  A directory or socket is refused.  Creates a missing parent
 * directory only when make_parent is true (the default out/).  Reports failures as CV_SYSTEM
 * "write-failed" ("folio: error: cannot write 'x': reason") and leaves no temporary file; false on
 * failure.
 */
bool cv_output_write(const char *path, const void *data, size_t len, bool make_parent);
/*
 * Create path with data, only if nothing has that name yet (a file, a
 * directory, a dangling symbolic link): through a temporary file in the same
 * directory given the name at the end (cv_sys_tempfile_link), so that the
 * file appears whole or not at all and a file made meanwhile by someone else
 * is never replaced.  0666 less the umask; a missing directory is not made.
 * "-" is standard output.  When the name is taken, *exists is set and
 * nothing is reported; other failures are reported as "write-failed".
 * True on success.
 */
bool cv_output_create(const char *path, const void *data, size_t len, bool *exists);

/* cv_output_check: path names something other than a regular file. */
#define CV_OUTPUT_NOT_FILE (-1)

/*
 * Check, writing nothing, that cv_output_write(path, ..., make_parent)
 * would replace or create a regular file: 0 when path, once its symbolic
 * links are followed, is a regular file or nothing yet, in a directory this
 * process may write and search (access(2); a missing directory stands for
 * its parent when make_parent); CV_OUTPUT_NOT_FILE when it is "-", a
 * directory, device, FIFO or socket, or names one of folio's descriptors
 * (/dev/stdout, /dev/fd/N); else an errno value (EACCES, ENOENT, ELOOP...).
 * Reports nothing.  A check, not a promise: the file system may change.
 */
int cv_output_check(const char *path, bool make_parent);

/*
 * True if a and b name the same file: the same device and inode, or, when
 * one does not exist (yet), the same path once their symbolic links are
 * followed (a dangling link to the other).
 */
bool cv_output_same_file(const char *a, const char *b);

/*
 * An output in a directory that does not exist, said plainly before any work
 * is done: CV_SYSTEM "output-dir-missing" ("cannot write 'x/y.pdf': the
 * directory 'x' does not exist ...") and false.  True when make_parent (the
 * writer will make it), when path has no directory part, and when anything
 * else is the matter (left to cv_output_write, which reports it).
 */
bool cv_output_check_directory(const char *path, bool make_parent);

/*
 * The one line a successful write prints, a note (so -q silences it):
 * "wrote 'out/cv.pdf': 2 pages, 31 KB"; pages 0 leaves the count out (the
 * LaTeX file).  Nothing for "-", where the bytes themselves are the report.
 */
void cv_output_report(const char *path, size_t bytes, size_t pages);

#endif
