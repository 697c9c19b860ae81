/*
 * Process heap set-up for a short-lived run.  folio allocates a few MB,
 * keeps most of it to the end and exits; what costs is not malloc's work but
 * the first touch of every page, and on virtual machines a page fault can
 * cost 10-20 us (measured: bench/README.md).  cv_heap_prepare() asks glibc's
 * malloc to grow the heap in one large step, never to return memory to the
 * kernel mid-run or to serve big blocks from separate mappings, and marks
 * the reserved range for transparent huge pages, so a whole run touches a
 * handful of 2 MB pages instead of hundreds of 4 KB ones.
 */
#ifndef CV_HEAP_H
#define CV_HEAP_H

/*
 * Call once, first thing in main.  Harmless where huge pages are off or
 * the allocator is not glibc's (sanitizers, valgrind): then it only tunes
 * malloc or does nothing.  Reserves address space, not memory.
 */
void cv_heap_prepare(void);

#endif
