/*
 * libFuzzer target: the whole build in memory — profile bytes -> classic
 * layout -> compose -> PDF, LaTeX and tree back ends.
 */
#include <stddef.h>
#include <stdint.h>

#include "backend.h"
#include "cv.h"
#include "msg.h"
#include "profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cv_arena *a = cv_arena_new();
	struct cv_render_opts opts = {-1, "fuzz", NULL};
	struct cv_profile *p;
	cv_msg_set_stream(NULL);
	cv_msg_reset();
	p = cv_profile_parse(a, "fuzz.yaml", (const char *)data, size);
	if (p) {
		struct cv_layout *l = cv_layout_load(a, "classic", p->layout);
		struct cv_doc *doc = l ? cv_compose(a, p, l) : NULL;
		if (doc) {
			size_t i, n;
			const struct cv_backend *be = cv_backends(&n);
			for (i = 0; i < n; i++) {
				struct cv_buf out = {0};
				(void)be[i].render(doc, &opts, &out);
				cv_buf_free(&out);
			}
		}
	}
	cv_arena_free(a);
	return 0;
}
