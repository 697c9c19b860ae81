/*
 * libFuzzer target: a line of command-line tailoring, then a profile.  The
 * first line holds words separated by tabs, each "--set=PATH=VALUE",
 * "--only=TAGS", "--except=TAGS" or "--variant=NAME" (others are ignored);
 * the rest is the profile file.  Loads it as the CLI would
 * (cv_variant_load: overrides spliced into the tree, then tags), then
 * every variant it declares, each through the classic layout and compose.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cv.h"
#include "layout.h"
#include "msg.h"
#include "variants.h"

#define MAX_WORDS 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Load, lay out and compose one variant (NULL: none) of src. */
static const struct cv_profile *build(struct cv_arena *a, const struct cv_source *src,
                                      const char *variant, const struct cv_selection *sel)
{
	struct cv_profile *p = cv_variant_load(a, src, variant, sel);
	struct cv_layout *l = p ? cv_layout_load(a, sel->layout_option, p->layout) : NULL;
	if (l)
		(void)cv_compose(a, p, l);
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cv_arena *a = cv_arena_new();
	const char *end = memchr(data, '\n', size), *sets[MAX_WORDS], *only[MAX_WORDS],
	           *except[MAX_WORDS], *variant = NULL;
	struct cv_selection sel = {sets, 0, only, 0, except, 0, NULL, true};
	struct cv_source src = {"fuzz.yaml", "", 0};
	const struct cv_profile *p;
	size_t head = end ? (size_t)(end - (const char *)data) : 0, i;
	char *line = cv_arena_strndup(a, (const char *)data, head), *word, *save = NULL;
	cv_msg_set_stream(NULL);
	cv_msg_reset();
	if (memchr(data, '\0', head)) /* argv has no NUL bytes */
		goto done;
	for (word = strtok_r(line, "\t", &save); word; word = strtok_r(NULL, "\t", &save)) {
		if (!strncmp(word, "--set=", 6) && sel.nsets < MAX_WORDS)
			sets[sel.nsets++] = word + 6;
		else if (!strncmp(word, "--only=", 7) && sel.nonly < MAX_WORDS)
			only[sel.nonly++] = word + 7;
		else if (!strncmp(word, "--except=", 9) && sel.nexcept < MAX_WORDS)
			except[sel.nexcept++] = word + 9;
		else if (!strncmp(word, "--variant=", 10))
			variant = word + 10;
	}
	src.data = end ? end + 1 : (const char *)data;
	src.len = end ? size - head - 1 : size;
	p = build(a, &src, variant, &sel);
	for (i = 0; p && i < p->nvariants && i < 8; i++)
		(void)build(a, &src, p->variants[i].name, &sel);
done:
	cv_arena_free(a);
	return 0;
}
