/*
 * Operand formatting for PDF content streams (see pdf_ops.h): deterministic
 * numbers, TJ arrays and ASCII-only URIs.
 */
#include "pdf_ops.h"

#include <math.h>

void cv_pdf_num(struct cv_buf *b, double v)
{
	if (!(v == v))
		v = 0; /* NaN: never reaches here from valid geometry */
	if (v > 1e12)
		v = 1e12;
	if (v < -1e12)
		v = -1e12;
	long long m = llround(v * 1000.0);
	if (m == 0) {
		cv_buf_putc(b, '0');
		return;
	}
	if (m < 0) {
		cv_buf_putc(b, '-');
		m = -m;
	}
	char digits[24];
	size_t n = 0;
	for (long long ip = m / 1000; n == 0 || ip > 0; ip /= 10)
		digits[n++] = (char)('0' + ip % 10);
	while (n > 0)
		cv_buf_putc(b, digits[--n]);
	int frac = (int)(m % 1000);
	if (frac == 0)
		return;
	char f[3] = {(char)('0' + frac / 100), (char)('0' + frac / 10 % 10),
	             (char)('0' + frac % 10)};
	size_t end = 3;
	while (end > 0 && f[end - 1] == '0')
		end--;
	cv_buf_putc(b, '.');
	cv_buf_put(b, f, end);
}

/* Four upper-case hex digits: printf is the slow part of a long CV's text. */
static void put_code(struct cv_buf *b, uint32_t cp)
{
	static const char hex[] = "0123456789ABCDEF";
	char h[4] = {hex[cp >> 12 & 15], hex[cp >> 8 & 15], hex[cp >> 4 & 15], hex[cp & 15]};
	cv_buf_put(b, h, 4);
}

void cv_pdf_tj(struct cv_buf *b, const uint32_t *cps, const int *kern_after, size_t n,
               double space_extra)
{
	if (n == 0)
		return;
	bool open = false;
	cv_buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (!open) {
			cv_buf_putc(b, '<');
			open = true;
		}
		put_code(b, cps[i]);
		double adj = kern_after ? -(double)kern_after[i] : 0;
		if (cps[i] == 0x20)
			adj -= space_extra;
		/* Adjustments below 1/1000 of a thousandth em are noise. */
		if (fabs(adj) >= 0.0005 && i + 1 < n) {
			cv_buf_putc(b, '>');
			open = false;
			cv_pdf_num(b, adj);
		}
	}
	if (open)
		cv_buf_putc(b, '>');
	cv_buf_puts(b, "] TJ\n");
}

void cv_pdf_uri(struct cv_buf *b, const char *uri)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)uri; *p; p++) {
		if (*p <= 0x20 || *p >= 0x7F) {
			char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			cv_buf_put(b, e, 3);
		} else {
			cv_buf_putc(b, (char)*p);
		}
	}
}
