/* Content-stream operand formatting of the PDF back end (src/pdf/pdf_ops.c). */
#include "harness.h"

#include "pdf/pdf_ops.h"

static const char *num(double v)
{
	static struct cv_buf b;
	cv_buf_reset(&b);
	cv_pdf_num(&b, v);
	return b.data;
}

static void test_num(void)
{
	CHECK_STR(num(0), "0");
	CHECK_STR(num(-0.0), "0");
	CHECK_STR(num(-0.0001), "0");
	CHECK_STR(num(12), "12");
	CHECK_STR(num(12.5), "12.5");
	CHECK_STR(num(-0.125), "-0.125");
	CHECK_STR(num(841.8897637), "841.89");
	CHECK_STR(num(0.0005), "0.001");
	CHECK_STR(num(-1234.0004), "-1234");
	CHECK_STR(num(1e30), "1000000000000");
}

static void test_tj(void)
{
	struct cv_buf b = {0};
	const uint32_t av[] = {'A', 'V', 'A'};
	const int kern[] = {-80, -75, 0};
	cv_pdf_tj(&b, av, kern, 3, 0);
	CHECK_STR(b.data, "[<0041>80<0056>75<0041>] TJ\n");

	/* no adjustments: one hex string; non-ASCII BMP as UTF-16 code */
	cv_buf_reset(&b);
	const uint32_t word[] = {0x0416, 0x00E9, 'x'};
	cv_pdf_tj(&b, word, NULL, 3, 0);
	CHECK_STR(b.data, "[<041600E90078>] TJ\n");

	/* justification: extra after each space only, combined with kerning */
	cv_buf_reset(&b);
	const uint32_t sp[] = {'a', ' ', 'b', ' ', 'c'};
	const int k2[] = {0, 10, 0, 0, 0};
	cv_pdf_tj(&b, sp, k2, 5, 250);
	CHECK_STR(b.data, "[<00610020>-260<00620020>-250<0063>] TJ\n");

	/* an adjustment after the last code is dropped (moves nothing visible) */
	cv_buf_reset(&b);
	const uint32_t tail[] = {'a', ' '};
	cv_pdf_tj(&b, tail, NULL, 2, 300);
	CHECK_STR(b.data, "[<00610020>] TJ\n");

	/* fractional space stretch keeps 3 decimals */
	cv_buf_reset(&b);
	cv_pdf_tj(&b, sp, NULL, 3, 33.3333);
	CHECK_STR(b.data, "[<00610020>-33.333<0062>] TJ\n");

	cv_buf_reset(&b);
	cv_pdf_tj(&b, sp, NULL, 0, 0);
	CHECK(b.len == 0);
	cv_buf_free(&b);
}

static void test_uri(void)
{
	struct cv_buf b = {0};
	cv_pdf_uri(&b, "https://example.org/a?b=c&d=e#f");
	CHECK_STR(b.data, "https://example.org/a?b=c&d=e#f");
	cv_buf_reset(&b);
	cv_pdf_uri(&b, "https://de.wikipedia.org/wiki/Ölfeld x");
	CHECK_STR(b.data, "https://de.wikipedia.org/wiki/%C3%96lfeld%20x");
	cv_buf_reset(&b);
	cv_pdf_uri(&b, "mailto:\x7f\t");
	CHECK_STR(b.data, "mailto:%7F%09");
	cv_buf_free(&b);
}

int main(void)
{
	test_num();
	test_tj();
	test_uri();
	return TEST_RESULT();
}
