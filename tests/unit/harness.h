/*
 * A minimal unit-test harness (in the spirit of cmark's api_test/harness.h):
 * CHECK(cond) and CHECK_STR(got, want) count failures and print where;
 * each test file's main() returns TEST_RESULT().
 */
#ifndef CV_TEST_HARNESS_H
#define CV_TEST_HARNESS_H

#include <stdio.h>
#include <string.h>

static int test_checks, test_failures;

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		test_checks++;                                                                     \
		if (!(cond)) {                                                                     \
			test_failures++;                                                           \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
		}                                                                                  \
	} while (0)

#define CHECK_STR(got, want)                                                                       \
	do {                                                                                       \
		const char *got_ = (got), *want_ = (want);                                         \
		test_checks++;                                                                     \
		if (!got_ || !want_ || strcmp(got_, want_) != 0) {                                 \
			test_failures++;                                                           \
			fprintf(stderr, "%s:%d: %s\n  got:  \"%s\"\n  want: \"%s\"\n", __FILE__,   \
			        __LINE__, #got, got_ ? got_ : "(null)", want_ ? want_ : "(null)"); \
		}                                                                                  \
	} while (0)

#define TEST_RESULT()                                                                              \
	(printf("%d checks, %d failed\n", test_checks, test_failures), test_failures ? 1 : 0)

#endif
