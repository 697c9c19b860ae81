/*
 * cv_heap_prepare (src/heap.c): after it, large blocks come from the heap
 * (not separate mappings), the heap has room reserved, and touching a few MB
 * of fresh blocks costs a handful of page faults (huge pages) instead of one
 * per 4 KB.  Skipped under AddressSanitizer (its own allocator) and where
 * transparent huge pages are off.
 */
#define _DEFAULT_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "harness.h"
#include "heap.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif

#ifndef SANITIZED
/* "always", "madvise" or "never" (or "" when the kernel has no THP). */
static void thp_mode(char *mode, size_t size)
{
	mode[0] = '\0';
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	char line[128];
	if (!f)
		return;
	if (fgets(line, sizeof line, f)) {
		char *open = strchr(line, '['), *close = open ? strchr(open, ']') : NULL;
		if (open && close && (size_t)(close - open) < size) {
			memcpy(mode, open + 1, (size_t)(close - open - 1));
			mode[close - open - 1] = '\0';
		}
	}
	fclose(f);
}

/* Sum of AnonHugePages [kB] over the heap's mappings. */
static long heap_huge_kb(void)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512];
	long kb = 0;
	int in_heap = 0;
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)
			in_heap = strstr(line, "[heap]") != NULL;
		else if (in_heap && strncmp(line, "AnonHugePages:", 14) == 0)
			kb += strtol(line + 14, NULL, 10);
	}
	fclose(f);
	return kb;
}

static long minor_faults(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}
#endif

int main(void)
{
#ifdef SANITIZED
	puts("skipped: sanitizer build (its own allocator)");
	return TEST_RESULT();
#else
	char mode[32];
	thp_mode(mode, sizeof mode);
	if (strcmp(mode, "always") != 0 && strcmp(mode, "madvise") != 0) {
		printf("skipped: transparent huge pages are \"%s\"\n", mode);
		return 0;
	}
	uintptr_t brk_before = (uintptr_t)sbrk(0);
	cv_heap_prepare();
	uintptr_t brk_after = (uintptr_t)sbrk(0);
	CHECK(brk_after - brk_before >= (uintptr_t)30 << 20); /* room reserved at once */

	enum { BLOCKS = 3, BLOCK = 1 << 20 };
	char *block[BLOCKS];
	long faults = minor_faults();
	for (int i = 0; i < BLOCKS; i++) {
		block[i] = malloc(BLOCK);
		CHECK(block[i] != NULL);
		if (!block[i])
			return TEST_RESULT();
		/* from the heap, not from a mapping of its own */
		CHECK((uintptr_t)block[i] >= brk_before && (uintptr_t)block[i] + BLOCK <= brk_after);
		for (size_t at = 0; at < BLOCK; at += 4096)
			block[i][at] = (char)i;
	}
	faults = minor_faults() - faults;
	printf("%d MB touched with %ld page faults\n", BLOCKS * BLOCK >> 20, faults);
	CHECK(faults < 64); /* 768 with 4 KB pages */
	CHECK(heap_huge_kb() >= 2048);

	/* freed memory is kept and reused, not returned and faulted again */
	/* (through a volatile pointer: clang may otherwise elide a block that
	 * is only filled and freed, and fold the comparison to false) */
	void *(*volatile allocate)(size_t) = malloc;
	uintptr_t kept = (uintptr_t)block[1];
	free(block[1]);
	faults = minor_faults();
	block[1] = allocate(BLOCK);
	CHECK((uintptr_t)block[1] == kept);
	memset(block[1], 1, BLOCK);
	CHECK(minor_faults() - faults < 4);
	for (int i = 0; i < BLOCKS; i++)
		free(block[i]);
	return TEST_RESULT();
#endif
}
