/*
 * libFuzzer target: raw bytes as a profile file -> load, then the classic
 * layout and compose when the profile is valid.
 */
#include <stddef.h>
#include <stdint.h>

#include "cv.h"
#include "layout.h"
#include "msg.h"
#include "profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cv_arena *a = cv_arena_new();
	struct cv_profile *p;
	cv_msg_set_stream(NULL);
	cv_msg_reset();
	p = cv_profile_parse(a, "fuzz.yaml", (const char *)data, size);
	if (p) {
		struct cv_layout *l = cv_layout_load(a, "classic", p->layout);
		if (l)
			(void)cv_compose(a, p, l);
	}
	cv_arena_free(a);
	return 0;
}
