/*
 * Unit tests for the JSON Schema generator and the tables it reads: the
 * JSON string escaper, the shape of the output (balanced, one object, the
 * same bytes twice, no control characters), and the shared words of the
 * layout key table that the loader now reads (every CHOICE key has its
 * words, lookups by path, bool words, network aliases).
 */
#include "harness.h"
#include "jsonschema.h"
#include "layout.h"
#include "schema.h"
#include "util.h"

static const char *json_of(struct cv_buf *b, const char *s)
{
	cv_buf_reset(b);
	cv_buf_put_json_string(b, s);
	cv_buf_putc(b, '\0');
	return b->data;
}

static void test_escape(void)
{
	struct cv_buf b = {0};
	CHECK_STR(json_of(&b, "plain"), "\"plain\"");
	CHECK_STR(json_of(&b, NULL), "\"\"");
	CHECK_STR(json_of(&b, "a\"b\\c"), "\"a\\\"b\\\\c\"");
	CHECK_STR(json_of(&b, "tab\tnl\ncr\r"), "\"tab\\u0009nl\\u000acr\\u000d\"");
	CHECK_STR(json_of(&b, "\x01\x1f\x7f"), "\"\\u0001\\u001f\\u007f\"");
	CHECK_STR(json_of(&b, "Z\xC3\xBCrich \xE2\x80\xA0 /"), "\"Z\xC3\xBCrich \xE2\x80\xA0 /\"");
	CHECK_STR(json_of(&b, "^[^\\x00-\\x20]$"), "\"^[^\\\\x00-\\\\x20]$\"");
	cv_buf_free(&b);
}

/* Brackets balance outside strings, strings close, no raw control character but \n. */
static bool well_formed(const char *s, size_t n)
{
	int depth = 0;
	bool in_string = false;
	size_t i;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 && c != '\n')
			return false;
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
			else if (c == '\n')
				return false;
			continue;
		}
		if (c == '"')
			in_string = true;
		else if (c == '{' || c == '[')
			depth++;
		else if (c == '}' || c == ']') {
			if (--depth < 0)
				return false;
			if (depth == 0 && i + 2 != n)
				return false; /* one value, then the final newline */
		}
	}
	return depth == 0 && !in_string && n > 2 && s[0] == '{' && s[n - 1] == '\n';
}

static void test_documents(void)
{
	enum cv_jsonschema_doc docs[2] = {CV_JSONSCHEMA_PROFILE, CV_JSONSCHEMA_LAYOUT}, d;
	size_t i;
	CHECK(cv_jsonschema_by_name("profile", &d) && d == CV_JSONSCHEMA_PROFILE);
	CHECK(cv_jsonschema_by_name("layout", &d) && d == CV_JSONSCHEMA_LAYOUT);
	CHECK(!cv_jsonschema_by_name("Layout", &d));
	CHECK(!cv_jsonschema_by_name("", &d));
	for (i = 0; i < 2; i++) {
		struct cv_buf a = {0}, b = {0};
		cv_jsonschema_write(docs[i], &a);
		cv_jsonschema_write(docs[i], &b);
		CHECK(a.len > 10000 && a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
		CHECK(well_formed(a.data, a.len));
		cv_buf_putc(&a, '\0');
		CHECK(strstr(a.data,
		             "\"$schema\": \"https://json-schema.org/draft/2020-12/schema\""));
		CHECK(strstr(a.data, "\"additionalProperties\": false"));
		CHECK(strstr(a.data, "\"$ref\": \"#/$defs/layout\""));
		cv_buf_free(&a);
		cv_buf_free(&b);
	}
}

static void test_tables(void)
{
	size_t n, i, count;
	const struct cv_layout_key *keys = cv_layout_keys(&n);
	const char *const *w;
	enum cv_role role;
	for (i = 0; i < n; i++) {
		CHECK(keys[i].doc && keys[i].doc[0]);
		CHECK(cv_layout_key(keys[i].path) == &keys[i]); /* paths are unique */
		if (keys[i].type == CV_LV_CHOICE || keys[i].type == CV_LV_FORMAT)
			CHECK(keys[i].words || !strcmp(keys[i].path, "fonts.*.tex"));
	}
	CHECK(cv_layout_key("nonsense") == NULL);
	w = cv_layout_words("styles.*.align", &count);
	CHECK(count == 4 && !strcmp(w[CV_ALIGN_JUSTIFY], "justify") &&
	      !strcmp(w[CV_ALIGN_CENTER], "center"));
	w = cv_layout_words("styles", &count);
	CHECK(count == CV_ROLE__COUNT);
	for (i = 0; i < count; i++)
		CHECK(cv_role_by_name(w[i], &role) && role == (enum cv_role)i &&
		      !strcmp(cv_role_name(role), w[i]));
	w = cv_layout_words("section.rule", &count);
	CHECK(count == 4 && !strcmp(w[CV_RULE_GUTTER], "gutter"));
	CHECK(cv_layout_words("page.margins.top", &count) == NULL && count == 0);
	CHECK_STR(cv_layout_bool_words(true)[2], "on");
	CHECK_STR(cv_schema_bool_words(false)[1], "no");
	CHECK(cv_schema_bool_words(false)[2] == NULL);
	CHECK(cv_schema_network("twitter") && !strcmp(cv_schema_network("twitter")->name, "X"));
	CHECK(cv_schema_network("GITHUB") && !cv_schema_network("Friendster"));
	cv_layout_named_colors(&count);
	CHECK(count >= 20);
	CHECK_STR(cv_layout_color_refs()[0], "accent");
}

int main(void)
{
	test_escape();
	test_documents();
	test_tables();
	return TEST_RESULT();
}
