/*
 * Content-stream operand formatting for the PDF back end: numbers printed
 * the same way on every machine, TJ arrays of two-byte codes with kerning
 * and justification adjustments, and URIs made ASCII.  Pure functions, no
 * libharu, so they are unit-tested directly.
 */
#ifndef CV_PDF_OPS_H
#define CV_PDF_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "../util.h"

/*
 * Append v rounded to 3 decimals, without trailing zeros, exponent or
 * locale ("12.5", "-0.125", "0"; never "-0").  |v| beyond 1e12 is clamped.
 */
void cv_pdf_num(struct cv_buf *b, double v);

/*
 * Append one TJ show operation "[<0041>-50<0042>] TJ\n" for n code points
 * (BMP; written as 4-hex-digit codes).  After code i the adjustment is
 * -kern_after[i] (kern_after in 1/1000 em, negative = closer; NULL for
 * none), and after each U+0020 also -space_extra (space_extra in 1/1000 em,
 * positive = wider).  Consecutive codes with no adjustment share one hex
 * string; a zero-length n appends nothing.
 */
void cv_pdf_tj(struct cv_buf *b, const uint32_t *cps, const int *kern_after, size_t n,
               double space_extra);

/*
 * Append uri with every byte outside printable ASCII (controls, space,
 * DEL, bytes >= 0x80) percent-encoded as %XX (upper-case hex), so the URI
 * is plain ASCII as PDF 1.7 12.6.4.7 requires.
 */
void cv_pdf_uri(struct cv_buf *b, const char *uri);

#endif
