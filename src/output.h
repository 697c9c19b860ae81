/*
 * Writing results: bytes go to a temporary file beside the target and are
 * renamed into place only when everything succeeded, so a failed run never
 * leaves partial output or clobbers an earlier good file.  "-" is stdout.
 */
#ifndef CV_OUTPUT_H
#define CV_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Write data to path atomically (mode 0644 for a new file, the old mode
 * kept otherwise).  Creates a missing parent directory only when
 * make_parent is true (the default out/).  Reports failures as CV_SYSTEM
 * ("folio: error: cannot write 'x': reason"); false on failure.
 */
bool cv_output_write(const char *path, const void *data, size_t len, bool make_parent);
/* True if a and b name the same existing file (same device and inode). */
bool cv_output_same_file(const char *a, const char *b);

#endif
