/*
 * The fuzz_font regression corpus (tests/fuzz-corpus/fuzz_font/) replayed
 * through the fuzz target's own entry point in the normal builds, so that
 * Release and ASan runs of ctest check every file: no crash, no sanitizer
 * report, the target's properties hold (it aborts otherwise), and each
 * file ends as its name says: ok-* embedded and saved, damaged-* refused
 * with font-damaged, corrupt-* with font-corrupt, no-embedding-* with
 * font-no-embedding, glyph-damaged-* with font-glyph-damaged; finding-*
 * (fuzzer findings) any clean way.
 */
#include "../../fuzz/fuzz_font.c"

#include "harness.h"

#define CORPUS FOLIO_SOURCE_DIR "/tests/fuzz-corpus/fuzz_font"

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The message id a file's name promises (NULL: accepted), or "*" for any. */
static const char *expected_id(const char *name)
{
	static const char *const map[][2] = {
	    {"ok-", NULL},
	    {"damaged-", "font-damaged"},
	    {"corrupt-", "font-corrupt"},
	    {"no-embedding-", "font-no-embedding"},
	    {"glyph-damaged-", "font-glyph-damaged"},
	    {"finding-", "*"},
	};
	for (size_t i = 0; i < CV_COUNT(map); i++)
		if (has_prefix(name, map[i][0]))
			return map[i][1];
	return "?";
}

int main(void)
{
	DIR *d = opendir(CORPUS);
	CHECK(d != NULL);
	if (!d)
		return TEST_RESULT();
	char **names = NULL;
	size_t n = 0, cap = 0;
	for (struct dirent *e; (e = readdir(d));) {
		size_t len = strlen(e->d_name);
		if (len > 4 && (strcmp(e->d_name + len - 4, ".ttf") == 0 ||
		                strcmp(e->d_name + len - 4, ".ttc") == 0)) {
			names = x_grow(names, &cap, n + 1, sizeof *names);
			names[n++] = x_strdup(e->d_name);
		}
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	size_t ok = 0, refused = 0;
	for (size_t i = 0; i < n; i++) {
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", CORPUS, names[i]);
		char *data = NULL;
		size_t len = 0;
		CHECK(cv_file_read(path, 1u << 24, &data, &len) == 0);
		printf("%s\n", names[i]);
		fflush(stdout);
		(void)LLVMFuzzerTestOneInput((const uint8_t *)data, len);
		const char *want = expected_id(names[i]);
		const char *got = cv_msg_failed() ? fuzz_font_outcome : NULL;
		CHECK(strcmp(want ? want : "", "?") != 0);
		if (!want || strcmp(want, "*") != 0) {
			CHECK_STR(got ? got : "(accepted)", want ? want : "(accepted)");
		}
		if (got)
			refused++;
		else
			ok++;
		x_free(data);
		x_free(names[i]);
	}
	x_free(names);
	if (fuzz_font_path[0])
		unlink(fuzz_font_path);
	printf("%zu files: %zu embedded, %zu refused\n", n, ok, refused);
	CHECK(ok >= 1 && refused >= 20);
	cv_msg_set_stream(stderr);
	cv_msg_reset();
	return TEST_RESULT();
}
