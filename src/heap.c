/*
 * cv_heap_prepare: glibc malloc tuning and a huge-page heap reservation.
 * See heap.h for why.
 */
#define _DEFAULT_SOURCE /* sbrk, madvise */
#include "heap.h"

#include <stdint.h>
#include <stdlib.h>

#if defined(__GLIBC__) && defined(__linux__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#define CV_HEAP_TUNE 1
#endif

#if defined(__SANITIZE_ADDRESS__)
#undef CV_HEAP_TUNE
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#undef CV_HEAP_TUNE
#endif
#endif

#ifdef CV_HEAP_TUNE
enum {
	HEAP_RESERVE = 32 << 20, /* grown at once; the long example peaks below 8 MB */
	HUGE_PAGE = 2 << 20,
	SMALL_PAGE = 4096,
};

/*
 * The block that fills the heap up to the first 2 MB boundary; never used.
 * volatile: the compiler may otherwise drop a malloc whose result nothing
 * reads.
 */
static void *volatile alignment_pad;

void cv_heap_prepare(void)
{
	void *volatile first = malloc(1); /* sets up the arena and its tcache */
	free(first);
	mallopt(M_MMAP_THRESHOLD, 32 << 20); /* glibc's maximum on 64-bit */
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	mallopt(M_TOP_PAD, HEAP_RESERVE);

	/*
	 * Fill the heap up to the next 2 MB boundary with a block nobody uses,
	 * then mark everything above it for huge pages.  The marking must come
	 * before the first write above the boundary: a page written earlier
	 * gets a small-page table that stops a huge page from ever being
	 * placed there.  malloc writes only chunk headers at the start of the
	 * padding and just below the boundary.  The top chunk (free space at
	 * the heap's end, keepcost) starts keepcost bytes below the break.
	 */
	uintptr_t brk_now = (uintptr_t)sbrk(0);
	if (brk_now == (uintptr_t)-1)
		return;
	uintptr_t top = brk_now - mallinfo2().keepcost;
	uintptr_t boundary = (brk_now + SMALL_PAGE + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
	alignment_pad = malloc(boundary - top - 4 * sizeof(size_t));
	uintptr_t end = (uintptr_t)sbrk(0);
	if (alignment_pad && end != (uintptr_t)-1 && end > boundary)
		(void)madvise((void *)boundary, end - boundary, MADV_HUGEPAGE);
}
#else
void cv_heap_prepare(void)
{
}
#endif
