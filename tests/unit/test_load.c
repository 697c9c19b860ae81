/*
 * Unit tests of the YAML reader and the profile loader: positions, types,
 * limits, and each validation rule (checked by message id and position).
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "node.h"
#include "profile.h"

static char out[65536];
static struct cv_arena *arena;

/* Capture the messages of one call into out. */
static FILE *capture_begin(void)
{
	FILE *fp = tmpfile();
	cv_msg_reset();
	cv_msg_set_stream(fp);
	return fp;
}

static void capture_end(FILE *fp)
{
	size_t n;
	rewind(fp);
	n = fread(out, 1, sizeof(out) - 1, fp);
	out[n] = '\0';
	fclose(fp);
	cv_msg_set_stream(NULL);
}

static struct cv_node *yaml(const char *s)
{
	FILE *fp = capture_begin();
	struct cv_node *n = cv_yaml_parse(arena, "t.yaml", s, strlen(s));
	capture_end(fp);
	return n;
}

static struct cv_node *yaml_n(const char *s, size_t len)
{
	FILE *fp = capture_begin();
	struct cv_node *n = cv_yaml_parse(arena, "t.yaml", s, len);
	capture_end(fp);
	return n;
}

static struct cv_profile *profile(const char *s)
{
	FILE *fp = capture_begin();
	struct cv_profile *p = cv_profile_parse(arena, "t.yaml", s, strlen(s));
	capture_end(fp);
	return p;
}

static bool has(const char *needle)
{
	if (strstr(out, needle))
		return true;
	fprintf(stderr, "  missing \"%s\" in:\n%s", needle, out);
	return false;
}

static const char *plain(const struct cv_text *t)
{
	return cv_text_plain(arena, t->runs, t->nruns);
}

#define HEAD "name: Ada Lovelace\n"

static void test_positions(void)
{
	struct cv_node *n = yaml("a: 1\nbb:\n  - x\n  - \"y\"\n  - {k: v}\n");
	const struct cv_node *v;
	CHECK(n && n->type == CV_NODE_MAP && n->n == 2);
	if (!n)
		return;
	CHECK(n->pos.line == 1 && n->pos.col == 1);
	CHECK(n->keys[1]->pos.line == 2 && n->keys[1]->pos.col == 1);
	CHECK(n->values[0]->pos.line == 1 && n->values[0]->pos.col == 4);
	v = cv_node_get(n, "bb");
	CHECK(v && v->type == CV_NODE_SEQ && v->n == 3);
	if (!v || v->n != 3)
		return;
	CHECK(v->pos.line == 3 && v->pos.col == 3);
	CHECK(v->values[0]->pos.line == 3 && v->values[0]->pos.col == 5);
	CHECK(v->values[0]->plain && !v->values[1]->plain);
	CHECK(v->values[2]->type == CV_NODE_MAP);
	CHECK(v->values[2]->values[0]->pos.line == 5 && v->values[2]->values[0]->pos.col == 9);
	CHECK(cv_node_key(n, "bb") == n->keys[1]);
	CHECK(cv_node_get(n, "zz") == NULL);
	CHECK(cv_node_get(v, "x") == NULL);
	CHECK_STR(cv_node_type_name(v), "a list");
	CHECK_STR(cv_node_type_name(n), "a mapping");
	CHECK_STR(cv_node_type_name(n->values[0]), "a string");
}

static void test_scalars(void)
{
	struct cv_node *n = yaml("a: 2019\nb: yes\nc: ~\nd: \"\"\ne: null\nf: 'null'\n");
	CHECK(n != NULL);
	if (!n)
		return;
	CHECK_STR(cv_node_get(n, "a")->value, "2019");
	CHECK_STR(cv_node_get(n, "b")->value, "yes");
	CHECK(cv_node_is_null(cv_node_get(n, "c")));
	CHECK(!cv_node_is_null(cv_node_get(n, "d")));
	CHECK(cv_node_is_null(cv_node_get(n, "e")));
	CHECK(!cv_node_is_null(cv_node_get(n, "f")));
}

static void test_bom_crlf(void)
{
	struct cv_node *n = yaml("\xEF\xBB\xBFname: A\r\nlist:\r\n  - x\r\n");
	CHECK(n && n->n == 2);
	if (!n || n->n != 2)
		return;
	CHECK(n->keys[0]->pos.line == 1 && n->keys[0]->pos.col == 1);
	CHECK(n->values[1]->values[0]->pos.line == 3 && n->values[1]->values[0]->pos.col == 5);
	CHECK_STR(n->values[0]->value, "A");
	/* positions of errors after CRLF lines are right too */
	CHECK(!yaml("a: 1\r\nb: [1\r\n"));
	CHECK(has("t.yaml:3:1: error: syntax error"));
}

static void test_json(void)
{
	static const char j[] = "{\"name\": \"Ada \\ud83d\\ude00 \\u00e9\", \"list\": [1, 2]}";
	struct cv_node *n = yaml(j);
	CHECK(n && n->type == CV_NODE_MAP);
	if (n)
		CHECK_STR(cv_node_get(n, "name")->value, "Ada \xF0\x9F\x98\x80 \xC3\xA9");
	/* columns after a merged pair still match the original text */
	CHECK(!yaml("{\"a\": \"\\ud83d\\ude00\", \"b\": [1,}"));
	CHECK(has("t.yaml:1:31: error: syntax error"));
	/* problems before a merged pair are reported once, at their place */
	CHECK(!yaml("a: &x 1\nb: \"\\ud83d\\ude00\"\nc: [\n"));
	CHECK(cv_msg_count(CV_ERROR) == 2);
	CHECK(has("t.yaml:1:4: error: anchor \"&x\""));
	/* a lone surrogate is refused at its backslash */
	CHECK(!yaml("{\"a\": \"x\\ud83d\"}"));
	CHECK(has("t.yaml:1:9: error: invalid unicode escape"));
	CHECK_STR(cv_msg_last_id(), "bad-escape");
}

static void test_reader_errors(void)
{
	char big[200];
	char *s;
	size_t i;
	CHECK(!yaml("a: &x 1\nb: *x\n"));
	CHECK(has("t.yaml:1:4: error: anchor \"&x\""));
	CHECK(has("t.yaml:2:4: error: alias \"*x\""));
	CHECK(!yaml("a: &x 1\nb: &y [*x, *x, *y]\n"));
	CHECK(has("t.yaml:1:4: error: anchor \"&x\" is not supported; write the value out in full "
	          "(and 1 more in the file)\n"));
	CHECK(has("t.yaml:2:8: error: alias \"*x\" is not supported; write the value out in full "
	          "(and 2 more in the file)\n"));
	CHECK(cv_msg_count(CV_ERROR) == 2);
	CHECK(!yaml("a: 1\nb: 2\na: 3\n"));
	CHECK(has("t.yaml:3:1: error: duplicate key \"a\" (first at line 1:1)"));
	/* many keys (the sorted path) */
	{
		struct cv_buf b = {0};
		for (i = 0; i < 40; i++)
			cv_buf_printf(&b, "k%zu: 1\n", i);
		cv_buf_puts(&b, "k7: 2\nk3: 2\n");
		CHECK(!yaml(b.data));
		CHECK(has("t.yaml:41:1: error: duplicate key \"k7\" (first at line 8:1)\n"
		          "t.yaml:42:1: error: duplicate key \"k3\" (first at line 4:1)"));
		cv_buf_free(&b);
	}
	CHECK(!yaml("a:\n\tb: 1\n"));
	CHECK(has("t.yaml:2:1: error: tab character used for indentation; use spaces"));
	CHECK(!yaml(""));
	CHECK_STR(cv_msg_last_id(), "empty-file");
	CHECK(!yaml("# just a comment\n\n"));
	CHECK_STR(cv_msg_last_id(), "empty-file");
	CHECK(!yaml("a: 1\n---\nb: 2\n"));
	CHECK(has("t.yaml:2:1: error: more than one document"));
	CHECK(!yaml_n("a: x\0y\n", 7));
	CHECK(has("t.yaml:1:5: error: NUL byte"));
	CHECK(!yaml("a: \"\\0\"\n"));
	CHECK_STR(cv_msg_last_id(), "nul-byte");
	CHECK(!yaml("a: 1\nb: \"\xC3\xA9\xC3(\"\n"));
	CHECK(has("t.yaml:2:6: error: invalid UTF-8 (byte 0xC3)"));
	CHECK(!yaml("a: \"x\x07\"\n"));
	CHECK(has("t.yaml:1:6: error: control character U+0007"));
	CHECK(!yaml("[1, [2]]: 3\n"));
	CHECK_STR(cv_msg_last_id(), "non-scalar-key");
	CHECK(!yaml("a: b: c\n"));
	CHECK(
	    has("t.yaml:1:5: error: syntax error: mapping values are not allowed in this context"));
	/* a key with control bytes is shown escaped */
	CHECK(!yaml("\"a\\x01\": 1\n\"a\\x01\": 2\n"));
	CHECK(has("duplicate key \"a\\x01\""));
	/* depth */
	memset(big, '[', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK(!yaml(big));
	CHECK(has("t.yaml:1:33: error: values nested too deeply (the limit is 32 levels)"));
	s = malloc(40001);
	memset(s, '[', 40000);
	s[40000] = '\0';
	CHECK(!yaml(s));
	CHECK_STR(cv_msg_last_id(), "too-deep");
	free(s);
	/* giant scalar */
	s = malloc(CV_LIMIT_SCALAR_BYTES + 20);
	memcpy(s, "a: ", 3);
	memset(s + 3, 'x', CV_LIMIT_SCALAR_BYTES + 1);
	s[CV_LIMIT_SCALAR_BYTES + 4] = '\0';
	CHECK(!yaml(s));
	CHECK(has("t.yaml:1:4: error: value too long: 65537 bytes (the limit is 65536)"));
	free(s);
	/* node count */
	{
		struct cv_buf b = {0};
		cv_buf_puts(&b, "[");
		for (i = 0; i < CV_LIMIT_NODES + 5; i++)
			cv_buf_puts(&b, "1,");
		cv_buf_puts(&b, "]");
		CHECK(!yaml(b.data));
		CHECK_STR(cv_msg_last_id(), "too-many-nodes");
		cv_buf_free(&b);
	}
	/* file size */
	s = calloc(CV_LIMIT_FILE_BYTES + 1, 1);
	CHECK(!yaml_n(s, CV_LIMIT_FILE_BYTES + 1));
	CHECK_STR(cv_msg_last_id(), "file-too-large");
	free(s);
}

static void test_profile_basic(void)
{
	struct cv_profile *p = profile(HEAD "headline: Analyst\n"
	                                    "email: ada@example.org\n"
	                                    "phone: \"+44 (20) 1234-5678\"\n"
	                                    "keywords: maths\n"
	                                    "layout: {extends: classic}\n"
	                                    "sections:\n"
	                                    "  - title: Education\n"
	                                    "    entries:\n"
	                                    "      - institution: Uni\n"
	                                    "        grade: 2019\n"
	                                    "        highlights: one\n"
	                                    "  Skills:\n"
	                                    "    - label: Code\n"
	                                    "      items: [C, Go]\n");
	/* sections as a list here would clash with the mapping line above: expect an error */
	CHECK(p == NULL);
	p = profile(HEAD "headline: Analyst\n"
	                 "email: ada@example.org\n"
	                 "phone: \"+44 (20) 1234-5678\"\n"
	                 "keywords: maths\n"
	                 "layout: {extends: classic}\n"
	                 "sections:\n"
	                 "  - title: Education\n"
	                 "    entries:\n"
	                 "      - institution: Uni\n"
	                 "        grade: 2019\n"
	                 "        highlights: one\n"
	                 "        summary: \"\"\n"
	                 "  - title: Skills\n"
	                 "    entries:\n"
	                 "      - label: Code\n"
	                 "        items: [C, Go]\n");
	CHECK(p != NULL);
	if (!p) {
		fprintf(stderr, "%s", out);
		return;
	}
	CHECK_STR(plain(&p->person.name), "Ada Lovelace");
	CHECK(p->person.name.pos.line == 1 && p->person.name.pos.col == 7);
	CHECK_STR(plain(&p->person.headline), "Analyst");
	CHECK_STR(p->person.email, "ada@example.org");
	CHECK(p->person.email_pos.line == 3 && p->person.email_pos.col == 8);
	CHECK(p->person.nkeywords == 1);
	CHECK(p->layout && p->layout->type == CV_NODE_MAP);
	CHECK(p->nsections == 2);
	if (p->nsections != 2)
		return;
	CHECK(p->sections[0].kind == CV_KIND_EDUCATION);
	CHECK(p->sections[0].pos.line == 8 && p->sections[0].pos.col == 12);
	CHECK(p->sections[0].nentries == 1);
	{
		const struct cv_entry *e = &p->sections[0].entries[0];
		const struct cv_field *f = cv_entry_field(e, "grade");
		CHECK(e->pos.line == 10 && e->pos.col == 9);
		CHECK(f && f->type == CV_VALUE_TEXT);
		if (f) {
			CHECK_STR(plain(&f->text), "2019");
			CHECK(f->pos.line == 11 && f->pos.col == 16);
		}
		f = cv_entry_field(e, "highlights");
		CHECK(f && f->nitems == 1);
		CHECK(cv_entry_field(e, "summary") == NULL);
		CHECK(e->nfields == 3);
		/* schema order: institution before grade before highlights */
		CHECK_STR(e->fields[0].key, "institution");
		CHECK_STR(e->fields[1].key, "grade");
	}
	CHECK(p->sections[1].kind == CV_KIND_SKILL);
	{
		const struct cv_field *f = cv_entry_field(&p->sections[1].entries[0], "items");
		CHECK(f && f->nitems == 2);
		if (f && f->nitems == 2)
			CHECK_STR(plain(&f->items[1]), "Go");
	}
}

static void test_sections_and_kinds(void)
{
	struct cv_profile *p = profile(HEAD "sections:\n"
	                                    "  Research Interests: [one, two]\n"
	                                    "  Selected Papers:\n"
	                                    "    - title: T\n"
	                                    "  Odd:\n"
	                                    "    - x\n");
	CHECK(p && p->nsections == 3);
	if (p && p->nsections == 3) {
		CHECK(p->sections[0].kind == CV_KIND_BULLET);
		CHECK(p->sections[1].kind == CV_KIND_PUBLICATION);
		CHECK(p->sections[2].pos.line == 6 && p->sections[2].pos.col == 3);
		CHECK_STR(plain(&cv_entry_field(&p->sections[0].entries[1], "text")->text), "two");
	}
	p = profile(HEAD "sections:\n  - title: Notes\n    kind: texts\n    entries: [a]\n");
	CHECK(p && p->sections[0].kind == CV_KIND_TEXT);
	CHECK(!profile(HEAD "sections:\n  Stuff:\n    - a: 1\n"));
	CHECK(has("t.yaml:3:3: error: cannot tell the kind of section \"Stuff\"; add kind: (one "
	          "of education, experience,"));
	CHECK(!profile(HEAD "sections:\n  - title: X\n    kind: publicaton\n    entries: [a]\n"));
	CHECK(
	    has("t.yaml:4:11: error: unknown kind \"publicaton\" (did you mean \"publication\"?)"));
	CHECK(!profile(HEAD "sections:\n  - title: X\n    kind: zzzzzzzz\n    entries: [a]\n"));
	CHECK(has("(use one of education,"));
	/* empty sections: warning, dropped */
	p = profile(HEAD "sections:\n  Skills: []\n  Notes: [a]\n");
	CHECK(p && p->nsections == 1);
	CHECK(has("t.yaml:3:3: warning: section \"Skills\" has no entries; it is left out"));
	CHECK(cv_msg_count(CV_WARN) == 1 && cv_msg_count(CV_ERROR) == 0);
	/* entry types */
	CHECK(!profile(HEAD "sections:\n  Publications:\n    - just a string\n"));
	CHECK(has("t.yaml:4:7: error: entries of a publication section are mappings"));
	CHECK(!profile(
	    HEAD "sections:\n  - title: B\n    kind: bullet\n    entries:\n      - {a: 1}\n"));
	CHECK(has("t.yaml:6:9: error: entries of a bullet section are strings, not a mapping"));
	/* required keys */
	CHECK(!profile("sections:\n  Notes: [a]\n"));
	CHECK(has("t.yaml:1:1: error: missing required key \"name\""));
	CHECK(!profile("name: \"\"\nsections:\n  Notes: [a]\n"));
	CHECK(has("t.yaml:1:7: error: \"name\" is empty; the person's name is required"));
	CHECK(!profile(HEAD));
	CHECK(has("missing required key \"sections\""));
	CHECK(!profile(HEAD "sections: []\n"));
	CHECK_STR(cv_msg_last_id(), "missing-key");
	CHECK(!profile(HEAD "sections:\n  - kind: bullet\n    entries: [a]\n"));
	CHECK(has("t.yaml:3:5: error: section lacks required key \"title\""));
	CHECK(!profile(HEAD "sections:\n  - title: A\n"));
	CHECK(has("section lacks required key \"entries\""));
	CHECK(!profile("- a\n- b\n"));
	CHECK_STR(cv_msg_last_id(), "profile-not-mapping");
}

static void test_unknown_keys(void)
{
	CHECK(!profile(HEAD "headlin: x\nsections:\n  Notes: [a]\n  Education:\n"
	                    "    - institution: U\n      titel: x\n      degre: y\n"));
	CHECK(has("t.yaml:2:1: error: unknown key \"headlin\" in the profile (did you mean "
	          "\"headline\"?)"));
	CHECK(has("t.yaml:7:7: error: unknown field \"titel\" in an education entry\n"));
	CHECK(has("t.yaml:8:7: error: unknown field \"degre\" in an education entry (did you mean "
	          "\"degree\"?)"));
	CHECK(cv_msg_count(CV_ERROR) == 3); /* all problems reported in one run */
	CHECK(!profile(HEAD "sections:\n  - title: A\n    entires: [a]\n"));
	CHECK(has("unknown key \"entires\" in section (did you mean \"entries\"?)"));
	CHECK(!profile(HEAD "sections:\n  Education:\n    - degree: PhD\n"));
	CHECK(has("t.yaml:4:7: error: an education entry lacks required field \"institution\""));
	CHECK_STR(cv_msg_last_id(), "missing-field");
}

static void test_types(void)
{
	CHECK(!profile(HEAD "email: [a]\nsections:\n  Notes: [a]\n"));
	CHECK(has("t.yaml:2:8: error: \"email\" must be a string, not a list"));
	CHECK_STR(cv_msg_last_id(), "wrong-type");
	CHECK(!profile(HEAD "sections:\n  Education:\n    - institution: {a: 1}\n"));
	CHECK(has("t.yaml:4:20: error: \"institution\" must be a string, not a mapping"));
	CHECK(!profile(HEAD "sections: x\n"));
	CHECK_STR(cv_msg_last_id(), "wrong-type");
	CHECK(!profile(HEAD "layout: [a]\nsections:\n  Notes: [a]\n"));
	CHECK_STR(cv_msg_last_id(), "wrong-type");
	CHECK(!profile(HEAD "sections:\n  Skills:\n    - label: x\n      items: {a: b}\n"));
	CHECK(has("\"items\" must be a list of strings, not a mapping"));
	CHECK(
	    !profile(HEAD "sections:\n  - title: Notes\n    kind: bullet\n    entries: {a: 1}\n"));
	CHECK(has("entries of section \"Notes\" must be a list, not a mapping"));
}

static void test_person_checks(void)
{
	CHECK(!profile(HEAD "email: ada@@x.org\nsections:\n  Notes: [a]\n"));
	CHECK_STR(cv_msg_last_id(), "bad-email");
	CHECK(!profile(HEAD "email: ada lovelace@x.org\nsections:\n  Notes: [a]\n"));
	CHECK_STR(cv_msg_last_id(), "bad-email");
	CHECK(!profile(HEAD "phone: call me\nsections:\n  Notes: [a]\n"));
	CHECK(has("t.yaml:2:8: error: \"call me\" does not look like a phone number"));
	CHECK(!profile(HEAD "website: ftp://x.org\nsections:\n  Notes: [a]\n"));
	CHECK(
	    has("t.yaml:2:10: error: link scheme \"ftp\" is not allowed here (use http or https)"));
	CHECK(!profile(HEAD "website: www.x.org\nsections:\n  Notes: [a]\n"));
	CHECK(has("\"www.x.org\" is not a full URL (start it with https://)"));
	CHECK(!profile(HEAD "photo: does-not-exist.jpg\nsections:\n  Notes: [a]\n"));
	CHECK(has("t.yaml:2:8: error: photo \"does-not-exist.jpg\" not found"));
	CHECK(!profile(HEAD "photo: /tmp\nsections:\n  Notes: [a]\n"));
	CHECK_STR(cv_msg_last_id(), "photo-not-file");
}

static void test_socials(void)
{
	struct cv_profile *p =
	    profile(HEAD "links:\n"
	                 "  - network: github\n    username: ada\n"
	                 "  - network: Mastodon\n    username: \"@ada@fosstodon.org\"\n"
	                 "  - label: Blog\n    url: https://blog.example\n"
	                 "sections:\n  Notes: [a]\n");
	CHECK(p && p->person.nsocials == 3);
	if (p && p->person.nsocials == 3) {
		CHECK_STR(p->person.socials[0].network, "GitHub");
		CHECK_STR(p->person.socials[0].url, "https://github.com/ada");
		CHECK(p->person.socials[0].label == NULL); /* compose shows the address */
		CHECK_STR(p->person.socials[1].url, "https://fosstodon.org/@ada");
		CHECK(p->person.socials[2].network == NULL);
		CHECK_STR(p->person.socials[2].label, "Blog");
	} else {
		fprintf(stderr, "%s", out);
	}
	CHECK(!profile(HEAD
	               "links:\n  - network: GitHb\n    username: ada\nsections:\n  Notes: [a]\n"));
	CHECK(has("t.yaml:3:14: error: unknown network \"GitHb\" (did you mean \"GitHub\"?)"));
	CHECK(!profile(HEAD
	               "links:\n  - network: Friendface\n    username: a\nsections:\n  N: [a]\n"));
	CHECK(has("(known: GitHub, GitLab,"));
	CHECK(!profile(HEAD "links:\n  - label: Blog\nsections:\n  Notes: [a]\n"));
	CHECK(has("t.yaml:3:5: error: a link needs \"network\" and \"username\", or \"label\" and "
	          "\"url\""));
	CHECK(!profile(HEAD
	               "links:\n  - network: Mastodon\n    username: ada\nsections:\n  N: [a]\n"));
	CHECK_STR(cv_msg_last_id(), "bad-username");
}

static void test_urls(void)
{
	struct cv_profile *p =
	    profile(HEAD "sections:\n  Publications:\n"
	                 "    - title: T\n"
	                 "      url: https://x.org/a\n"
	                 "      links: {paper: https://arxiv.org/abs/1, mail: \"mailto:a@b.c\"}\n"
	                 "    - title: U\n"
	                 "      links:\n        - {label: code, url: https://github.com/x}\n");
	const struct cv_field *f;
	CHECK(p != NULL);
	if (!p) {
		fprintf(stderr, "%s", out);
		return;
	}
	f = cv_entry_field(&p->sections[0].entries[0], "url");
	CHECK(f && f->text.nruns == 1);
	if (f && f->text.nruns == 1) {
		CHECK_STR(f->url, "https://x.org/a");
		CHECK_STR(f->text.runs[0].href, "https://x.org/a");
		CHECK_STR(f->text.runs[0].text, "https://x.org/a");
	}
	f = cv_entry_field(&p->sections[0].entries[0], "links");
	CHECK(f && f->nlinks == 2);
	if (f && f->nlinks == 2) {
		CHECK_STR(f->links[0].label, "paper");
		CHECK_STR(f->links[1].url, "mailto:a@b.c");
		CHECK(f->links[0].pos.line == 6 && f->links[0].pos.col == 15); /* the label's */
	}
	f = cv_entry_field(&p->sections[0].entries[1], "links");
	CHECK(f && f->nlinks == 1);
	if (f && f->nlinks == 1)
		CHECK(f->links[0].pos.line == 9 && f->links[0].pos.col == 19);
	CHECK(!profile(HEAD "sections:\n  Publications:\n    - title: T\n"
	                    "      url: javascript:alert(1)\n"));
	CHECK(has("t.yaml:5:12: error: link scheme \"javascript\" is not allowed (use http, https, "
	          "mailto or tel)"));
	CHECK(!profile(HEAD "sections:\n  Publications:\n    - title: T\n"
	                    "      links: {code: \"file:///etc/passwd\"}\n"));
	CHECK_STR(cv_msg_last_id(), "url-scheme");
	CHECK(!profile(HEAD "sections:\n  Publications:\n    - title: T\n      links: x\n"));
	CHECK_STR(cv_msg_last_id(), "wrong-type");
}

static void test_authors(void)
{
	struct cv_profile *p =
	    profile(HEAD "owner: [A. King]\nsections:\n  Publications:\n"
	                 "    - title: T\n"
	                 "      authors:\n"
	                 "        - ada lovelace *\n"
	                 "        - \"B. Babbage\xE2\x80\xA0\"\n"
	                 "        - \"C. Cee*\xE2\x80\xA0\"\n"
	                 "        - {name: \"a. king,\", equal: Yes, corresponding: no}\n"
	                 "        - Lovelace Ada\n");
	const struct cv_field *f;
	CHECK(p != NULL);
	if (!p) {
		fprintf(stderr, "%s", out);
		return;
	}
	CHECK(p->person.nowner == 2);
	CHECK_STR(p->person.owner[0], "Ada Lovelace");
	CHECK_STR(p->person.owner[1], "A. King");
	f = cv_entry_field(&p->sections[0].entries[0], "authors");
	CHECK(f && f->nauthors == 5);
	if (!f || f->nauthors != 5)
		return;
	CHECK_STR(plain(&f->authors[0].name), "ada lovelace");
	CHECK(f->authors[0].equal && !f->authors[0].corresponding && f->authors[0].is_owner);
	CHECK_STR(plain(&f->authors[1].name), "B. Babbage");
	CHECK(!f->authors[1].equal && f->authors[1].corresponding && !f->authors[1].is_owner);
	CHECK(f->authors[2].equal && f->authors[2].corresponding);
	CHECK_STR(plain(&f->authors[2].name), "C. Cee");
	CHECK(f->authors[3].equal && !f->authors[3].corresponding && f->authors[3].is_owner);
	CHECK(!f->authors[4].is_owner);
	CHECK(!profile(HEAD "sections:\n  Publications:\n    - title: T\n"
	                    "      authors: [{name: X, equal: maybe}]\n"));
	CHECK(has("t.yaml:5:34: error: \"equal\" must be true or false, not \"maybe\""));
	CHECK_STR(cv_msg_last_id(), "bad-bool");
	CHECK(!profile(HEAD "sections:\n  Publications:\n    - title: T\n"
	                    "      authors: [{equal: true}]\n"));
	CHECK(has("t.yaml:5:17: error: author lacks required key \"name\""));
	CHECK(!profile(HEAD "sections:\n  Publications:\n    - title: T\n      authors: A, B\n"));
	CHECK_STR(cv_msg_last_id(), "wrong-type");
}

static void test_doi(void)
{
	struct cv_profile *p = profile(HEAD "sections:\n  Publications:\n    - title: T\n"
	                                    "      doi: https://doi.org/10.1145/3627535.3638465\n");
	const struct cv_field *f;
	CHECK(p != NULL);
	if (!p)
		return;
	f = cv_entry_field(&p->sections[0].entries[0], "doi");
	CHECK(f != NULL);
	if (f)
		CHECK_STR(plain(&f->text), "10.1145/3627535.3638465");
	CHECK(!profile(HEAD "sections:\n  Publications:\n    - title: T\n      doi: 11.2/x\n"));
	CHECK(has("t.yaml:5:12: error: \"11.2/x\" does not look like a DOI"));
}

static void test_dates(void)
{
	struct cv_profile *p =
	    profile(HEAD "sections:\n  Experience:\n"
	                 "    - organization: A\n      start: 2019-09\n      end: present\n"
	                 "    - organization: B\n      date: 2019-09 – 2021-03\n"
	                 "    - organization: C\n      date: Fall 2023\n");
	const struct cv_entry *e;
	CHECK(p != NULL);
	if (!p) {
		fprintf(stderr, "%s", out);
		return;
	}
	e = &p->sections[0].entries[0];
	CHECK(cv_entry_field(e, "start") && cv_entry_field(e, "start")->date.kind == CV_DATE_EXACT);
	CHECK(cv_entry_field(e, "start") && cv_entry_field(e, "start")->date.year == 2019 &&
	      cv_entry_field(e, "start")->date.month == 9);
	CHECK(cv_entry_field(e, "end") && cv_entry_field(e, "end")->date.kind == CV_DATE_PRESENT);
	e = &p->sections[0].entries[1];
	CHECK(cv_entry_field(e, "date") == NULL);
	CHECK(cv_entry_field(e, "start") && cv_entry_field(e, "start")->date.year == 2019);
	CHECK(cv_entry_field(e, "end") && cv_entry_field(e, "end")->date.year == 2021 &&
	      cv_entry_field(e, "end")->date.month == 3);
	CHECK(cv_entry_field(e, "end") && cv_entry_field(e, "end")->pos.line == 8);
	e = &p->sections[0].entries[2];
	CHECK(cv_entry_field(e, "date") && cv_entry_field(e, "date")->date.kind == CV_DATE_TEXT);

	CHECK(!profile(HEAD
	               "sections:\n  Experience:\n    - organization: A\n      start: 2023-13\n"));
	CHECK(has("t.yaml:5:14: error: malformed date \"2023-13\""));
	CHECK_STR(cv_msg_last_id(), "bad-date");
	CHECK(!profile(HEAD "sections:\n  Experience:\n    - organization: A\n      date: 2020\n"
	                    "      start: 2019\n"));
	CHECK(
	    has("t.yaml:5:13: error: an entry has either \"date\" or \"start\"/\"end\", not both"));
	CHECK(!profile(HEAD
	               "sections:\n  Experience:\n    - organization: A\n      start: present\n"));
	CHECK(has("t.yaml:5:14: error: a start date cannot be \"present\""));
	CHECK(!profile(HEAD
	               "sections:\n  Experience:\n    - organization: A\n      start: 2020-05\n"
	               "      end: 2019\n"));
	CHECK(has("t.yaml:6:12: error: the end date \"2019\" comes before the start date "
	          "\"2020-05\" (line 5); swap them: start: 2019, end: 2020-05"));
	CHECK_STR(cv_msg_last_id(), "end-before-start");
	/* a date given as a range string is checked too */
	CHECK(!profile(HEAD "sections:\n  Experience:\n    - organization: A\n"
	                    "      date: 2021 - 2019\n"));
	CHECK_STR(cv_msg_last_id(), "end-before-start");
	CHECK(has("t.yaml:5:13: error: the range \"2021 - 2019\" ends before it starts (write "
	          "the earlier date first: \"2019 - 2021\")"));
	/* academic years and one-digit months; a note after a date is kept */
	p = profile(HEAD "sections:\n  Experience:\n    - organization: A\n"
	                 "      date: 2023-2024\n    - organization: B\n"
	                 "      date: 2020.9 - 2022.04 (expected)\n"
	                 "  Awards:\n    - title: C\n      date: 2019/2020\n");
	CHECK(p != NULL);
	if (p) {
		e = &p->sections[0].entries[0];
		const struct cv_field *f;
		CHECK((f = cv_entry_field(e, "start")) && f->date.year == 2023 && !f->date.month);
		CHECK((f = cv_entry_field(e, "end")) && f->date.year == 2024);
		e = &p->sections[0].entries[1];
		CHECK((f = cv_entry_field(e, "start")) && f->date.year == 2020 &&
		      f->date.month == 9);
		CHECK((f = cv_entry_field(e, "end")) && f->date.month == 4 &&
		      cv_streq(f->date.note, "(expected)"));
		e = &p->sections[1].entries[0];
		CHECK((f = cv_entry_field(e, "date")) && f->date.year == 2019 && f->date.end &&
		      f->date.end->year == 2020);
	}
	/* a reversed pair written with one-digit months; reversed in a date-only kind */
	CHECK(!profile(HEAD "sections:\n  Experience:\n    - organization: A\n"
	                    "      date: 2024.09 - 2022.04 (now)\n"));
	CHECK_STR(cv_msg_last_id(), "end-before-start");
	CHECK(!profile(HEAD "sections:\n  Awards:\n    - title: A\n      date: 2024-2023\n"));
	CHECK(has("t.yaml:5:13: error: the range \"2024-2023\" ends before it starts (write the "
	          "earlier date first: \"2023-2024\")"));
	/* the hint names what is wrong */
	CHECK(!profile(HEAD "sections:\n  Experience:\n    - organization: A\n"
	                    "      start: 2020.13\n"));
	CHECK(has("t.yaml:5:14: error: malformed date \"2020.13\" (there is no month 13; months "
	          "run from 1 to 12)"));
}

static void test_limits(void)
{
	struct cv_buf b = {0};
	size_t i;
	cv_buf_puts(&b, HEAD "sections:\n");
	for (i = 0; i < 101; i++)
		cv_buf_printf(&b, "  S%zu: [a]\n", i);
	CHECK(!profile(b.data));
	CHECK(has("t.yaml:103:3: error: too many sections: 101 (the limit is 100)"));
	cv_buf_reset(&b);
	cv_buf_puts(&b, HEAD "sections:\n  Notes:\n");
	for (i = 0; i < 1001; i++)
		cv_buf_puts(&b, "    - a\n");
	CHECK(!profile(b.data));
	CHECK_STR(cv_msg_last_id(), "too-many-entries");
	cv_buf_reset(&b);
	cv_buf_puts(&b, HEAD "sections:\n  Skills:\n    - label: x\n      items: [");
	for (i = 0; i < 201; i++)
		cv_buf_puts(&b, "a,");
	cv_buf_puts(&b, "]\n");
	CHECK(!profile(b.data));
	CHECK(has("too many items in \"items\": 201 (the limit is 200)"));
	cv_buf_reset(&b);
	cv_buf_puts(&b, HEAD "sections:\n  Publications:\n    - title: x\n      authors: [");
	for (i = 0; i < 501; i++)
		cv_buf_puts(&b, "a,");
	cv_buf_puts(&b, "]\n");
	CHECK(!profile(b.data));
	CHECK_STR(cv_msg_last_id(), "too-many-authors");
	cv_buf_free(&b);
}

static void test_load_file(void)
{
	FILE *fp = capture_begin();
	CHECK(cv_profile_load(arena, "/nonexistent/profile.yaml") == NULL);
	CHECK(cv_yaml_load_file(arena, "/tmp") == NULL);
	capture_end(fp);
	CHECK(has("/nonexistent/profile.yaml: error: cannot read the file: No such file"));
	CHECK(has("/tmp: error: cannot read the file: Is a directory"));
	CHECK(cv_msg_worst() == CV_SYSTEM);
}

int main(void)
{
	arena = cv_arena_new();
	test_positions();
	test_scalars();
	test_bom_crlf();
	test_json();
	test_reader_errors();
	test_profile_basic();
	test_sections_and_kinds();
	test_unknown_keys();
	test_types();
	test_person_checks();
	test_socials();
	test_urls();
	test_authors();
	test_doi();
	test_dates();
	test_limits();
	test_load_file();
	cv_arena_free(arena);
	return TEST_RESULT();
}
