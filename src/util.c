/*
 * Shared utilities: x-alloc, the run arena, byte buffers, UTF-8 and file
 * reading.  See util.h for the contracts.
 */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void oom(void)
{
	fputs("folio: error: out of memory\n", stderr);
	exit(3);
}

void *x_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *x_calloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *x_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom();
	return q;
}

void *x_grow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 8;
	if (need <= *cap)
		return p;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			oom();
		n *= 2;
	}
	if (size && n > SIZE_MAX / size)
		oom();
	*cap = n;
	return x_realloc(p, n * size);
}

char *x_strdup(const char *s)
{
	return x_strndup(s, strlen(s));
}

char *x_strndup(const char *s, size_t n)
{
	char *p = x_malloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void x_free(void *p)
{
	free(p);
}

/* ---- arena ---------------------------------------------------------- */

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	max_align_t data[];
};

struct cv_arena {
	struct arena_block *head;
};

#define ARENA_BLOCK (64 * 1024)

struct cv_arena *cv_arena_new(void)
{
	return x_calloc(1, sizeof(struct cv_arena));
}

void cv_arena_free(struct cv_arena *a)
{
	struct arena_block *b, *next;
	if (!a)
		return;
	for (b = a->head; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

void *cv_arena_alloc(struct cv_arena *a, size_t n)
{
	const size_t align = sizeof(max_align_t);
	struct arena_block *b = a->head;
	void *p;
	if (n > SIZE_MAX - align)
		oom();
	n = (n + align - 1) / align * align;
	if (n == 0)
		n = align;
	if (!b || b->size - b->used < n) {
		size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = x_malloc(sizeof(*b) + size);
		b->size = size;
		b->used = 0;
		if (a->head && n > ARENA_BLOCK) {
			/* A big block goes behind the current one so its free space stays usable.
			 */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = (char *)b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

void *cv_arena_array(struct cv_arena *a, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		oom();
	return cv_arena_alloc(a, count * size);
}

void *cv_arena_memdup(struct cv_arena *a, const void *p, size_t n)
{
	void *q = cv_arena_alloc(a, n);
	if (n)
		memcpy(q, p, n);
	return q;
}

char *cv_arena_strndup(struct cv_arena *a, const char *s, size_t n)
{
	char *p = cv_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *cv_arena_strdup(struct cv_arena *a, const char *s)
{
	return s ? cv_arena_strndup(a, s, strlen(s)) : NULL;
}

char *cv_arena_printf(struct cv_arena *a, const char *fmt, ...)
{
	struct cv_buf b = {0};
	va_list ap;
	char *s;
	va_start(ap, fmt);
	cv_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	s = cv_arena_strndup(a, b.data ? b.data : "", b.len);
	cv_buf_free(&b);
	return s;
}

/* ---- buffer --------------------------------------------------------- */

void cv_buf_put(struct cv_buf *b, const void *p, size_t n)
{
	b->data = x_grow(b->data, &b->cap, b->len + n + 1, 1);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void cv_buf_puts(struct cv_buf *b, const char *s)
{
	cv_buf_put(b, s, strlen(s));
}

void cv_buf_putc(struct cv_buf *b, char c)
{
	cv_buf_put(b, &c, 1);
}

void cv_buf_vprintf(struct cv_buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;
	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	b->data = x_grow(b->data, &b->cap, b->len + (size_t)n + 1, 1);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void cv_buf_printf(struct cv_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cv_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void cv_buf_reset(struct cv_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void cv_buf_free(struct cv_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

char *cv_buf_detach(struct cv_buf *b)
{
	char *s = b->data ? b->data : x_strdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

void cv_buf_put_json_string(struct cv_buf *b, const char *s)
{
	const unsigned char *p;
	cv_buf_putc(b, '"');
	for (p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p == '"' || *p == '\\') {
			cv_buf_putc(b, '\\');
			cv_buf_putc(b, (char)*p);
		} else if (*p < 0x20 || *p == 0x7F) {
			cv_buf_printf(b, "\\u%04x", *p);
		} else {
			cv_buf_putc(b, (char)*p);
		}
	}
	cv_buf_putc(b, '"');
}

/* ---- UTF-8 ---------------------------------------------------------- */

int cv_utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c;
	int n, i;
	if (len == 0)
		return -1;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		n = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		n = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return -1;
	}
	if (len < (size_t)n)
		return -1;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	*cp = c;
	return n;
}

size_t cv_utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

bool cv_utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
	size_t i = 0;
	uint32_t cp;
	while (i < len) {
		int n = cv_utf8_decode(s + i, len - i, &cp);
		if (n < 0) {
			if (bad_offset)
				*bad_offset = i;
			return false;
		}
		i += (size_t)n;
	}
	return true;
}

size_t cv_utf8_length(const char *s, size_t len)
{
	size_t i, n = 0;
	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

const char *cv_utf8_shorten(struct cv_arena *a, const char *s, size_t max_chars)
{
	size_t i = 0, n = 0, len = strlen(s);
	while (i < len && n < max_chars) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		n++;
	}
	if (i >= len)
		return s;
	return cv_arena_printf(a, "%.*s\xE2\x80\xA6", (int)i, s);
}

/* ---- strings -------------------------------------------------------- */

bool cv_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static int ascii_lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

bool cv_strcaseeq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	for (; *a && *b; a++, b++)
		if (ascii_lower((unsigned char)*a) != ascii_lower((unsigned char)*b))
			return false;
	return *a == *b;
}

bool cv_is_blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

int cv_edit_distance(const char *a, const char *b)
{
	int row[101], i, j, la = (int)strlen(a), lb = (int)strlen(b);
	if (la > 100 || lb > 100)
		return 100;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		int diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			int up = row[j];
			int cost = ascii_lower((unsigned char)a[i - 1]) !=
			           ascii_lower((unsigned char)b[j - 1]);
			int best = diag + cost;
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* ---- files ---------------------------------------------------------- */

int cv_file_read(const char *path, size_t max, char **data, size_t *len)
{
	struct stat st;
	struct cv_buf b = {0};
	char chunk[65536];
	int fd = -1, err = 0;
	*data = NULL;
	*len = 0;
	/* look before opening: opening a device can have effects of its own */
	if (stat(path, &st) != 0)
		return errno;
	if (S_ISDIR(st.st_mode))
		return EISDIR;
	if (!S_ISREG(st.st_mode))
		return ENOTSUP;
	/* O_NONBLOCK: if a FIFO was put in its place since, open does not wait */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	if (fstat(fd, &st) != 0)
		err = errno;
	else if (S_ISDIR(st.st_mode))
		err = EISDIR;
	else if (!S_ISREG(st.st_mode))
		err = ENOTSUP;
	else if ((uintmax_t)st.st_size > max)
		err = EFBIG;
	while (!err) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			err = errno;
		else if (n == 0)
			break;
		else if (b.len + (size_t)n > max)
			err = EFBIG;
		else
			cv_buf_put(&b, chunk, (size_t)n);
	}
	close(fd);
	if (err) {
		cv_buf_free(&b);
		return err;
	}
	*len = b.len;
	*data = cv_buf_detach(&b);
	return 0;
}
