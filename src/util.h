/*
 * Small shared utilities: allocation that exits on out-of-memory, a bump
 * arena that owns everything of one run, a growable byte buffer, UTF-8
 * helpers, and whole-file reading.  No third-party headers here.
 */
#ifndef CV_UTIL_H
#define CV_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define CV_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CV_PRINTF(a, b)
#endif

#define CV_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* x-alloc: never return NULL; print "folio: error: out of memory" and exit 3. */
void *x_malloc(size_t n);
void *x_calloc(size_t count, size_t size);
void *x_realloc(void *p, size_t n);
/* Grow an array to hold at least `need` elements of `size` bytes; *cap is updated. */
void *x_grow(void *p, size_t *cap, size_t need, size_t size);
char *x_strdup(const char *s);
char *x_strndup(const char *s, size_t n);
void x_free(void *p); /* x_free(NULL) is a no-op */

/*
 * Arena: every profile, layout and document object of one run lives here and
 * dies with cv_arena_free.  Allocations are zeroed and aligned for any type.
 */
struct cv_arena;
struct cv_arena *cv_arena_new(void);
void cv_arena_free(struct cv_arena *a);
void *cv_arena_alloc(struct cv_arena *a, size_t n);
/* Arena array of count elements of size bytes (zeroed); exits on overflow. */
void *cv_arena_array(struct cv_arena *a, size_t count, size_t size);
void *cv_arena_memdup(struct cv_arena *a, const void *p, size_t n);
char *cv_arena_strdup(struct cv_arena *a, const char *s); /* NULL stays NULL */
char *cv_arena_strndup(struct cv_arena *a, const char *s, size_t n);
char *cv_arena_printf(struct cv_arena *a, const char *fmt, ...) CV_PRINTF(2, 3);

/* Growable byte buffer; data is always NUL-terminated once anything was put. */
struct cv_buf {
	char *data;
	size_t len;
	size_t cap;
};
void cv_buf_put(struct cv_buf *b, const void *p, size_t n);
void cv_buf_puts(struct cv_buf *b, const char *s);
void cv_buf_putc(struct cv_buf *b, char c);
void cv_buf_printf(struct cv_buf *b, const char *fmt, ...) CV_PRINTF(2, 3);
void cv_buf_vprintf(struct cv_buf *b, const char *fmt, va_list ap);
void cv_buf_reset(struct cv_buf *b); /* len = 0, keeps memory */
void cv_buf_free(struct cv_buf *b);
/* Return the contents (never NULL, "" if empty) and leave the buffer empty; caller frees. */
char *cv_buf_detach(struct cv_buf *b);
/*
 * Append s (NULL: "") as a JSON string: quoted, with '"' and '\\' escaped
 * and the control characters (and DEL) as \u00XX; other bytes are copied,
 * so UTF-8 stays UTF-8 (s must be valid UTF-8 for the result to be JSON).
 */
void cv_buf_put_json_string(struct cv_buf *b, const char *s);

/*
 * UTF-8.  cv_utf8_decode reads one code point from s (at most len bytes),
 * stores it in *cp and returns the number of bytes used (1-4), or -1 for an
 * invalid, overlong, surrogate or truncated sequence.
 */
int cv_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encode cp (<= 0x10FFFF, not a surrogate) into out; returns the byte count (1-4). */
size_t cv_utf8_encode(uint32_t cp, char out[4]);
/* True if s[0..len) is valid UTF-8; else false and *bad_offset (if non-NULL) = first bad byte. */
bool cv_utf8_valid(const char *s, size_t len, size_t *bad_offset);
/* Number of code points in a valid UTF-8 string. */
size_t cv_utf8_length(const char *s, size_t len);
/*
 * s itself when it has at most max_chars code points, else an arena copy
 * of its first max_chars code points followed by "â¦" (an ellipsis).
 */
const char *cv_utf8_shorten(struct cv_arena *a, const char *s, size_t max_chars);

/* ASCII helpers that ignore the locale. */
bool cv_streq(const char *a, const char *b);     /* NULL-safe equality */
bool cv_strcaseeq(const char *a, const char *b); /* ASCII case-insensitive */
bool cv_is_blank(const char *s);                 /* NULL, "" or only spaces/tabs/newlines */
/* Damerau-free Levenshtein distance for did-you-mean hints (ASCII, capped at 100). */
int cv_edit_distance(const char *a, const char *b);

/*
 * Read a whole regular file (symbolic links followed) into a malloc'ed
 * NUL-terminated buffer.  Every input folio reads (profiles, layouts,
 * fonts, photos, the .tex and PDF of --compile) comes through here.
 * Returns 0 on success, or an errno value: EISDIR for a directory, ENOTSUP
 * ("Operation not supported") for anything else that is not a regular file
 * (a FIFO, device or socket: refused before it is opened, so this never
 * blocks), EFBIG when larger than max bytes.  The caller frees *data and
 * reports the error.
 */
int cv_file_read(const char *path, size_t max, char **data, size_t *len);

#endif
