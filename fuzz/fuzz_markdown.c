/*
 * libFuzzer target: one text field's bytes through the inline Markdown + HTML
 * subset parser (valid UTF-8 only, as the YAML reader guarantees).
 */
#include <stddef.h>
#include <stdint.h>

#include "msg.h"
#include "profile.h"
#include "util.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cv_arena *a;
	struct cv_text t;
	struct cv_pos pos = {"fuzz.yaml", 1, 1};
	if (!cv_utf8_valid((const char *)data, size, NULL) || memchr(data, 0, size))
		return 0;
	a = cv_arena_new();
	cv_msg_set_stream(NULL);
	cv_msg_reset();
	(void)cv_md_parse(a, (const char *)data, size, &pos, &t);
	cv_arena_free(a);
	return 0;
}
