/*
 * libFuzzer target: profile bytes (with any `layout:` overrides they hold)
 * -> layout -> compose -> LaTeX, and the .tex checked by tests/unit/
 * tex_check.h: only folio's control words, input escaped, braces balanced.
 * Any input that becomes TeX code aborts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "backend.h"
#include "cv.h"
#include "latex/writer.h"
#include "msg.h"
#include "profile.h"
#include "tex_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tex_vocab vocab;
	static int loaded;
	struct cv_arena *a;
	struct cv_render_opts opts = {-1, "fuzz", NULL};
	struct cv_profile *p;
	if (!loaded) {
		if (tex_vocab_load(&vocab))
			abort();
		cv_texw_mark_input(true);
		loaded = 1;
	}
	a = cv_arena_new();
	cv_msg_set_stream(NULL);
	cv_msg_reset();
	p = cv_profile_parse(a, "fuzz.yaml", (const char *)data, size);
	if (p) {
		struct cv_layout *l = cv_layout_load(a, NULL, p->layout);
		struct cv_doc *doc = l ? cv_compose(a, p, l) : NULL;
		struct cv_buf out = {0};
		if (doc && cv_latex_render(doc, &opts, &out)) {
			const char *why = tex_check(&vocab, out.data, out.len);
			if (!why)
				why = tex_check_marked(out.data, out.len);
			if (why) {
				fprintf(stderr, "fuzz_latex: %s\n", why);
				abort();
			}
		}
		cv_buf_free(&out);
	}
	cv_arena_free(a);
	return 0;
}
