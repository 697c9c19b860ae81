/*
 * Force-included into libharu's hpdf_utils.c and hpdf_streams.c when folio
 * compiles libharu 2.3.0 into a static Release build: the three functions
 * src/pdf/pdf.c replaces (byte-at-a-time HPDF_MemCpy/HPDF_MemSet, and the
 * memory-stream seek that fails at a chunk boundary) become weak, so folio's
 * definitions win at link time -- what ELF interposition does with Debian's
 * shared libhpdf.  Weak definitions are never inlined by the compiler.
 */
#pragma weak HPDF_MemCpy
#pragma weak HPDF_MemSet
#pragma weak HPDF_MemStream_SeekFunc
