/*
 * libFuzzer target: raw bytes as a layout file.  The bytes are written to a
 * temporary file (layouts are loaded by path) and loaded; fonts it names are
 * resolved but not opened.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "layout.h"
#include "msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct cv_arena *a;
	FILE *fp;
	if (!path[0]) {
		int fd;
		snprintf(path, sizeof(path), "/tmp/folio-fuzz-layout-XXXXXX");
		fd = mkstemp(path);
		if (fd < 0)
			abort();
		close(fd);
	}
	fp = fopen(path, "wb");
	if (!fp)
		abort();
	fwrite(data, 1, size, fp);
	fclose(fp);
	a = cv_arena_new();
	cv_msg_set_stream(NULL);
	cv_msg_reset();
	(void)cv_layout_load(a, path, NULL);
	cv_arena_free(a);
	return 0;
}
