/*
 * Layout loader tests: the shipped layouts load cleanly, lengths and colors
 * parse, extends merges and detects cycles, profile overrides apply, and bad
 * values give the right positioned messages with hints.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "layout.h"
#include "node.h"
#include "paths.h"

static char dir[64];
static char *msgs;
static size_t msgs_len;
static FILE *msg_fp;

/* Start capturing messages afresh. */
static void capture(void)
{
	if (msg_fp)
		fclose(msg_fp);
	free(msgs);
	msgs = NULL;
	msg_fp = open_memstream(&msgs, &msgs_len);
	cv_msg_set_stream(msg_fp);
	cv_msg_reset();
}

static const char *captured(void)
{
	fflush(msg_fp);
	return msgs ? msgs : "";
}

/* True if the captured messages contain text; else shows them. */
static bool said(const char *text)
{
	if (strstr(captured(), text))
		return true;
	fprintf(stderr, "messages so far:\n%s", captured());
	return false;
}

static char *put(struct cv_arena *a, const char *name, const char *text)
{
	char *path = cv_arena_printf(a, "%s/%s", dir, name);
	FILE *fp = fopen(path, "w");
	if (!fp)
		return path;
	fputs(text, fp);
	fclose(fp);
	return path;
}

/* Write text as NAME.yaml in the test dir and load it (after capture()). */
static struct cv_layout *load_text(struct cv_arena *a, const char *name, const char *text)
{
	capture();
	return cv_layout_load(a, put(a, name, text), NULL);
}

static bool near(double got, double want)
{
	return fabs(got - want) < 0.01;
}

static void test_roles(void)
{
	enum cv_role r;
	int i;
	for (i = 0; i < CV_ROLE__COUNT; i++)
		CHECK(cv_role_by_name(cv_role_name((enum cv_role)i), &r) && r == (enum cv_role)i);
	CHECK_STR(cv_role_name(CV_ROLE_SECTION_TITLE), "section.title");
	CHECK(!cv_role_by_name("entry", &r));
	CHECK(!cv_role_by_name(NULL, &r));
}

static void test_classic(struct cv_arena *a)
{
	struct cv_layout *l;
	size_t k;
	capture();
	l = cv_layout_load(a, NULL, NULL);
	CHECK(l != NULL);
	CHECK(cv_msg_worst() == -1);
	if (*captured())
		fprintf(stderr, "classic said:\n%s", captured());
	if (!l)
		return;
	CHECK_STR(l->name, "classic");
	CHECK(near(l->page.width, 595.28) && near(l->page.height, 841.89));
	CHECK(near(l->page.margin_left, 20 * 72 / 25.4));
	CHECK(near(l->page.margin_top, 18 * 72 / 25.4));
	CHECK(l->nfamilies == 2); /* serif, and mono for inline code */
	CHECK(l->families[0].file[CV_FACE_BOLD] &&
	      strstr(l->families[0].file[CV_FACE_BOLD], "NotoSerif-Bold.ttf"));
	CHECK_STR(l->families[0].tex_package, "charter");
	CHECK(near(l->styles[CV_ROLE_BODY].size, 10));
	CHECK(l->styles[CV_ROLE_BODY].align == CV_ALIGN_JUSTIFY);
	CHECK(l->styles[CV_ROLE_BODY].hyphenate);
	CHECK(l->styles[CV_ROLE_SECTION_TITLE].text_case == CV_CASE_UPPER);
	CHECK(near(l->styles[CV_ROLE_SECTION_TITLE].tracking, 80));
	CHECK(near(l->styles[CV_ROLE_SECTION_TITLE].color.r, 0x1f / 255.0));
	CHECK(l->styles[CV_ROLE_ENTRY_TITLE].bold && !l->styles[CV_ROLE_ENTRY_TITLE].hyphenate);
	CHECK(near(l->styles[CV_ROLE_BULLET].size, 10)); /* inherited from body */
	CHECK(l->styles[CV_ROLE_BULLET].align == CV_ALIGN_JUSTIFY);
	CHECK(near(l->accent.g, 0x3a / 255.0));
	CHECK(l->section.rule == CV_RULE_BELOW && near(l->section.rule_width, 0.5));
	CHECK(l->header.ncontact == 5 && !strcmp(l->header.contact[4], "links"));
	CHECK(l->header.photo_shape == CV_PHOTO_CIRCLE);
	CHECK_STR(l->dates.month_abbr[8], "Sep");
	CHECK_STR(l->dates.month_names[11], "December");
	CHECK_STR(l->footer.page_format, "%p / %n");
	CHECK(l->publication.owner_flags == CV_RUN_BOLD);
	for (k = 0; k < CV_KIND__COUNT; k++)
		CHECK(l->templates[k].nrows + l->templates[k].nbody > 0);
	CHECK(l->templates[CV_KIND_BULLET].nrows == 0 && l->templates[CV_KIND_BULLET].nbody == 1 &&
	      !strcmp(l->templates[CV_KIND_BULLET].body[0], "text"));
	CHECK(l->templates[CV_KIND_EXPERIENCE].nrows == 2);
	CHECK(l->templates[CV_KIND_EXPERIENCE].rows[0].left.role == CV_ROLE_ENTRY_TITLE);
	CHECK(l->templates[CV_KIND_EXPERIENCE].rows[1].left.role == CV_ROLE_ENTRY_SUBTITLE);
	CHECK(l->templates[CV_KIND_EXPERIENCE].rows[1].right.role == CV_ROLE_ENTRY_DATE);
	CHECK(l->templates[CV_KIND_PUBLICATION].rows[1].left.role == CV_ROLE_ENTRY_DETAIL);
	CHECK_STR(l->templates[CV_KIND_PUBLICATION].rows[2].left.sep, ", ");
	CHECK(l->templates[CV_KIND_PUBLICATION].rows[2].left.role == CV_ROLE_BODY);
	CHECK_STR(l->templates[CV_KIND_EDUCATION].body[1], "highlights");
}

static void test_sans(struct cv_arena *a)
{
	struct cv_layout *l;
	capture();
	l = cv_layout_load(a, "sans", NULL);
	CHECK(l != NULL);
	CHECK(cv_msg_worst() == -1);
	if (!l)
		return;
	CHECK_STR(l->name, "sans");
	CHECK(l->nfamilies == 3); /* classic's serif and mono, and sans */
	CHECK_STR(l->families[l->styles[CV_ROLE_BODY].family].name, "sans");
	CHECK_STR(l->families[l->styles[CV_ROLE_NAME].family].name, "sans"); /* via body */
	CHECK(l->styles[CV_ROLE_NAME].bold);                                 /* from classic */
	CHECK(near(l->styles[CV_ROLE_NAME].size, 26));                       /* overridden */
	CHECK(l->styles[CV_ROLE_SECTION_TITLE].text_case == CV_CASE_UPPER);
	CHECK(l->header.align == CV_ALIGN_LEFT);
	CHECK(l->header.photo_shape == CV_PHOTO_ROUNDED &&
	      near(l->header.photo_size, 2.4 * 72 / 2.54));
	CHECK(l->section.rule == CV_RULE_FILL);
	CHECK(near(l->section.rule_color.b, 0x6b / 255.0)); /* "accent" = sans's accent */
	CHECK_STR(l->dates.present, "present");
	CHECK(l->templates[CV_KIND_PUBLICATION].nrows == 3);
}

static void test_units_and_colors(struct cv_arena *a)
{
	struct cv_layout *l;
	l = load_text(a, "units.yaml",
	              "extends: classic\n"
	              "page: {size: [8.5in, 11in], margins: {top: 1in, right: 2.54cm, bottom: 72, "
	              "left: 25.4mm}}\n"
	              "colors: {accent: \"#abc\", link: navy}\n"
	              "styles: {name: {color: link, size: 20}, entry.date: {color: accent}}\n");
	CHECK(l != NULL);
	CHECK(cv_msg_worst() == -1);
	if (!l)
		return;
	CHECK(near(l->page.width, 612) && near(l->page.height, 792));
	CHECK(near(l->page.margin_top, 72) && near(l->page.margin_right, 72));
	CHECK(near(l->page.margin_bottom, 72) && near(l->page.margin_left, 72));
	CHECK(near(l->accent.r, 0xaa / 255.0) && near(l->accent.b, 0xcc / 255.0));
	CHECK(near(l->link_color.r, 0x1f / 255.0));
	CHECK(near(l->styles[CV_ROLE_NAME].color.g, 0x3a / 255.0));
	CHECK(near(l->styles[CV_ROLE_ENTRY_DATE].color.g, 0xbb / 255.0));
	CHECK(near(l->styles[CV_ROLE_NAME].size, 20) && near(l->styles[CV_ROLE_NAME].leading, 30));

	l = load_text(a, "badunits.yaml",
	              "extends: classic\n"
	              "page: {margins: 12px}\n"
	              "spacing: {entry-gap: -3mm, item-gap: 1 pt}\n"
	              "colors: {accent: \"#12345\", text: navvy}\n"
	              "styles: {body: {tracking: lots, align: middle}}\n");
	CHECK(l == NULL);
	CHECK(cv_msg_count(CV_ERROR) == 6);
	CHECK(said("badunits.yaml:2:17: error: bad length \"12px\" for \"page.margins\""));
	CHECK(said("\"spacing.entry-gap\" must be zero or more, not \"-3mm\""));
	CHECK(said("bad color \"#12345\" for \"colors.accent\""));
	CHECK(said("bad color \"navvy\" for \"colors.text\"") && said("(did you mean \"navy\"?)"));
	CHECK(said("\"styles.body.tracking\" must be a number, not \"lots\""));
	CHECK(said("\"styles.body.align\" must be left, center, right or justify, not \"middle\""));
}

static void test_limits(struct cv_arena *a)
{
	struct cv_layout *l;
	l = load_text(a, "limits.yaml",
	              "extends: classic\n"
	              "page: {size: [300in, 10in]}\n"
	              "styles: {name: {size: 500pt}, body: {size: 0.5pt}}\n"
	              "templates: {news: {rows: [{left: [~, \"{text}\"]}]}}\n");
	CHECK(l == NULL);
	CHECK(cv_msg_count(CV_ERROR) == 3);
	CHECK(said("\"page.size\" must be at most 14400pt (200 in), not \"300in\""));
	CHECK(said("\"styles.name.size\" must be at most 400pt, not \"500pt\""));
	CHECK(said(
	    "limits.yaml:3:44: error: \"styles.body.size\" must be at least 1pt, not \"0.5pt\""));
	l = load_text(a, "nullpart.yaml",
	              "extends: classic\ntemplates: {news: {rows: [{left: [~, \"{text}\"]}]}}\n");
	CHECK(l != NULL && l->templates[CV_KIND_NEWS].rows[0].left.nparts == 1);
}

static void test_extends(struct cv_arena *a)
{
	struct cv_layout *l;
	char *p;
	int i;
	l = load_text(a, "big.yaml", "extends: classic\nstyles: {name: {size: 30pt}}\n");
	CHECK(l != NULL);
	if (l) {
		CHECK_STR(l->name, "big");
		CHECK(near(l->styles[CV_ROLE_NAME].size, 30));
		CHECK(near(l->styles[CV_ROLE_NAME].leading, 30)); /* classic's, kept */
		CHECK(l->styles[CV_ROLE_NAME].bold);
		CHECK(near(l->styles[CV_ROLE_BODY].size, 10));
		CHECK(l->templates[CV_KIND_TALK].nrows == 2);
	}
	/* a path relative to the file that names it */
	l = load_text(a, "rel.yaml", "extends: big.yaml\ntitle: \"CV of %n\"\n");
	CHECK(l && !strcmp(l->title_format, "CV of %n") && near(l->styles[CV_ROLE_NAME].size, 30));

	put(a, "cyc-a.yaml", "extends: cyc-b.yaml\n");
	put(a, "cyc-b.yaml", "extends: cyc-c.yaml\n");
	l = load_text(a, "cyc-c.yaml", "description: x\nextends: ./cyc-a.yaml\n");
	CHECK(l == NULL);
	CHECK_STR(cv_msg_last_id(), "layout-cycle");
	CHECK(said("cyc-b.yaml:1:10: error: layout extends itself: "));
	CHECK(said("cyc-c.yaml -> ") && said("/cyc-a.yaml -> ") && said("/cyc-b.yaml -> "));

	for (i = 0; i < 10; i++)
		put(a, cv_arena_printf(a, "deep%d.yaml", i),
		    i == 9 ? "extends: classic\n"
		           : cv_arena_printf(a, "extends: deep%d.yaml\n", i + 1));
	capture();
	p = cv_arena_printf(a, "%s/deep2.yaml", dir);
	CHECK(cv_layout_load(a, p, NULL) != NULL); /* 8 levels of extends: allowed */
	capture();
	p = cv_arena_printf(a, "%s/deep1.yaml", dir);
	CHECK(cv_layout_load(a, p, NULL) == NULL);
	CHECK_STR(cv_msg_last_id(), "layout-too-deep");

	capture();
	CHECK(cv_layout_load(a, "sanz", NULL) == NULL);
	CHECK_STR(cv_msg_last_id(), "layout-not-found");
	CHECK(said("layout \"sanz\" not found (searched: ") && said("(did you mean \"sans\"?)"));
	CHECK(cv_msg_worst() == CV_USAGE);
	l = load_text(a, "nobase.yaml", "extends: nothere.yaml\n");
	CHECK(l == NULL && cv_msg_worst() == CV_ERROR);
	CHECK(said("nobase.yaml:1:10: error: layout file \""));
}

static const struct cv_node *profile_layout(struct cv_arena *a, const char *yaml)
{
	struct cv_node *root = cv_yaml_parse(a, "profile.yaml", yaml, strlen(yaml));
	return root ? cv_node_get(root, "layout") : NULL;
}

static void test_profile_overrides(struct cv_arena *a)
{
	const struct cv_node *n;
	struct cv_layout *l;
	capture();
	n = profile_layout(a, "layout:\n  extends: sans\n  colors: {accent: red}\n");
	CHECK(n != NULL);
	l = cv_layout_load(a, NULL, n);
	CHECK(l != NULL);
	if (l) {
		CHECK_STR(l->name, "sans");
		CHECK(near(l->accent.r, 0xcc / 255.0));
		CHECK(near(l->styles[CV_ROLE_NAME].color.r, 0xcc / 255.0));
		CHECK_STR(l->families[l->styles[CV_ROLE_BODY].family].name, "sans");
	}
	/* no extends: -l (name_or_path) is the base, else classic */
	n = profile_layout(a, "layout: {styles: {body: {size: 11pt}}}\n");
	l = cv_layout_load(a, "sans", n);
	CHECK(l && !strcmp(l->name, "sans") && near(l->styles[CV_ROLE_BODY].size, 11));
	l = cv_layout_load(a, NULL, n);
	CHECK(l && !strcmp(l->name, "classic") && near(l->styles[CV_ROLE_BODY].size, 11));
	/* a scalar names the layout; -l wins over it */
	n = profile_layout(a, "layout: sans\n");
	l = cv_layout_load(a, NULL, n);
	CHECK(l && !strcmp(l->name, "sans"));
	l = cv_layout_load(a, "classic", n);
	CHECK(l && !strcmp(l->name, "classic"));
	CHECK(cv_msg_worst() == -1);
	/* errors in overrides point into the profile */
	n = profile_layout(a, "layout:\n  extends: classic\n  stlyes: {}\n  page: {size: B7}\n");
	CHECK(cv_layout_load(a, NULL, n) == NULL);
	CHECK(said(
	    "profile.yaml:3:3: error: unknown layout key \"stlyes\" (did you mean \"styles\"?)"));
	CHECK(said("profile.yaml:4:16: error: \"page.size\" must be A4, A5, A3, letter or legal, "
	           "not \"B7\""));
	n = profile_layout(a, "layout: [classic]\n");
	CHECK(cv_layout_load(a, NULL, n) == NULL);
	CHECK_STR(cv_msg_last_id(), "layout-type");
}

static void test_unknowns(struct cv_arena *a)
{
	struct cv_layout *l;
	l = load_text(a, "unk.yaml",
	              "extends: classic\n"
	              "pgae: {}\n"
	              "header: {photo: {shpae: circle}, contact: [email, fone]}\n"
	              "styles: {entry.titel: {bold: maybe}, name: {font: sarif}}\n"
	              "templates:\n"
	              "  experiance: {}\n"
	              "  publication: {body: [sumary, authors]}\n"
	              "  award: {rows: [{left: \"{title}\", rigth: x}]}\n");
	CHECK(l == NULL);
	CHECK(said("unk.yaml:2:1: error: unknown layout key \"pgae\" (did you mean \"page\"?)"));
	CHECK(said("unknown key \"shpae\" in \"header.photo\" (did you mean \"shape\"?)"));
	CHECK(said("\"header.contact\" must be email, phone, website, location or links, not "
	           "\"fone\" (did you mean \"phone\"?)"));
	CHECK(said("unknown role \"entry.titel\" in \"styles\" (did you mean \"entry.title\"?)"));
	CHECK(said("unknown font family \"sarif\" for \"styles.name.font\"") &&
	      said("(did you mean \"serif\"?)"));
	CHECK(
	    said("unk.yaml:6:3: error: unknown entry kind \"experiance\" in \"templates\" (did you "
	         "mean \"experience\"?)"));
	CHECK(said("unknown field \"sumary\" in the \"publication\" template (did you mean "
	           "\"summary\"?)"));
	CHECK(said("field \"authors\" cannot go in the body of a \"publication\" entry"));
	CHECK(
	    said("unknown key \"rigth\" in \"templates.award.rows[1]\" (did you mean \"right\"?)"));
	CHECK(cv_msg_count(CV_ERROR) == 9);

	/* placeholders are checked against the schema, at their column */
	l = load_text(
	    a, "ph.yaml",
	    "extends: classic\n"
	    "templates:\n"
	    "  experience: {rows: [{left: \"**{positon}**\", right: [\"{date}\", \"{dtaes}\"]}]}\n"
	    "  skill: {rows: [{left: \"{dates}\"}]}\n");
	CHECK(l == NULL);
	CHECK(said("ph.yaml:3:33: error: unknown field \"positon\" in the \"experience\" template "
	           "(did you mean "
	           "\"position\"?)"));
	CHECK(said(
	    "unknown field \"dtaes\" in the \"experience\" template (did you mean \"dates\"?)"));
	CHECK(said("unknown field \"dates\" in the \"skill\" template"));
	CHECK(cv_msg_count(CV_ERROR) == 3);
	l = load_text(a, "ph2.yaml",
	              "extends: classic\ntemplates: {news: {rows: [{left: \"[{text}\"}]}}\n");
	CHECK(l == NULL);
}

static void test_fonts(struct cv_arena *a)
{
	struct cv_layout *l;
	l = load_text(a, "fonts.yaml",
	              "extends: classic\n"
	              "fonts:\n"
	              "  display: {regular: NotoSans-Regular.ttf, italic: Missing-Italic.ttf}\n"
	              "styles: {entry.detail: {font: display}}\n");
	CHECK(l != NULL);
	CHECK(cv_msg_worst() == CV_WARN);
	CHECK(said("fonts.yaml:3:52: warning: font file \"Missing-Italic.ttf\" not found; family "
	           "\"display\" uses its regular face for italic"));
	CHECK(said("fonts.yaml:3:12: warning: font family \"display\" has no bold or bold italic face; "
	           "other faces stand in"));
	if (l) {
		const struct cv_font_family *f =
		    &l->families[l->styles[CV_ROLE_ENTRY_DETAIL].family];
		CHECK_STR(f->name, "display");
		CHECK(f->file[CV_FACE_BOLD_ITALIC] &&
		      !strcmp(f->file[CV_FACE_BOLD_ITALIC], f->file[0]));
		CHECK(f->tex_package == NULL);
	}
	l = load_text(a, "nofont.yaml", "extends: classic\nfonts: {serif: {regular: Nope.ttf}}\n");
	CHECK(l == NULL);
	CHECK_STR(cv_msg_last_id(), "layout-font-missing");
	CHECK(said("nofont.yaml:2:26: error: font file \"Nope.ttf\" not found"));

	l = load_text(a, "alone.yaml",
	              "fonts: {f: {regular: NotoSerif-Regular.ttf}}\ntemplates: {}\n");
	CHECK(l == NULL);
	CHECK(cv_msg_count(CV_ERROR) == 1);
	CHECK(said("alone.yaml:2:1: error: the layout has no template for \"education\", "
	           "\"experience\", \"publication\","));
	l = load_text(a, "empty-fonts.yaml", "description: x\n");
	CHECK(l == NULL);
	CHECK(said("empty-fonts.yaml: error: the layout defines no font family"));
}

/* code: inline `code` in its own family, scaled; absent: the text's own. */
static void test_code(struct cv_arena *a)
{
	struct cv_layout *l = load_text(a, "code.yaml", "extends: classic\n");
	CHECK(l != NULL);
	if (l) {
		CHECK(l->code.family >= 0 && !strcmp(l->families[l->code.family].name, "mono"));
		CHECK(near(l->code.scale, 0.9));
	}
	l = load_text(a, "nocode.yaml",
	              "fonts: {f: {regular: NotoSerif-Regular.ttf}}\n"
	              "templates: {education: \"{degree}\", experience: \"{position}\",\n"
	              "  publication: \"{title}\", award: \"{name}\", talk: \"{title}\",\n"
	              "  project: \"{name}\"}\n");
	if (l) {
		CHECK(l->code.family == -1);
		CHECK(near(l->code.scale, 1));
	}
	l = load_text(a, "badcode.yaml", "extends: classic\ncode: {font: nope}\n");
	CHECK(l == NULL);
	CHECK_STR(cv_msg_last_id(), "layout-unknown-family");
	l = load_text(a, "bigcode.yaml", "extends: classic\ncode: {scale: 3}\n");
	CHECK(l == NULL);
	CHECK(said("bigcode.yaml:2:15: error: \"code.scale\" is 3; it must be between 0.5 and 2"));
}

/* Every layout shipped in layouts/ loads without a single message. */
static void test_shipped(struct cv_arena *a)
{
	struct dirent **names = NULL;
	int n = scandir(FOLIO_SOURCE_DIR "/layouts", &names, NULL, alphasort), i, count = 0;
	for (i = 0; i < n; i++) {
		const char *fn = names[i]->d_name;
		size_t len = strlen(fn);
		if (len > 5 && !strcmp(fn + len - 5, ".yaml")) {
			struct cv_layout *l;
			capture();
			l = cv_layout_load(a, cv_arena_strndup(a, fn, len - 5), NULL);
			CHECK(l != NULL && cv_msg_worst() == -1);
			if (cv_msg_worst() != -1)
				fprintf(stderr, "%s:\n%s", fn, captured());
			CHECK(cv_layout_describe(a, cv_arena_printf(a, "%s/layouts/%s",
			                                            FOLIO_SOURCE_DIR, fn)) != NULL);
			count++;
		}
		free(names[i]);
	}
	free(names);
	CHECK(count >= 3);
}

static void test_describe(struct cv_arena *a)
{
	const char *d = cv_layout_describe(a, cv_paths_find(a, "layouts", "classic.yaml"));
	CHECK(d && !strncmp(d, "One column, Noto Serif", 22));
	CHECK_STR(
	    cv_layout_describe(a, put(a, "d1.yaml", "a: 1\ndescription: \"Quoted \\\"x\\\"\"\n")),
	    "Quoted \"x\"");
	CHECK_STR(cv_layout_describe(a, put(a, "d2.yaml", "description: plain words # note\n")),
	          "plain words");
	CHECK_STR(cv_layout_describe(a, put(a, "d3.yaml", "description: 'it''s'\n")), "it's");
	CHECK(cv_layout_describe(a, put(a, "d4.yaml", "extends: classic\n")) == NULL);
	CHECK(cv_layout_describe(a, "/nonexistent/x.yaml") == NULL);
}

int main(void)
{
	struct cv_arena *a = cv_arena_new();
	int status;
	strcpy(dir, "/tmp/folio-test-layout-XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	test_roles();
	test_classic(a);
	test_sans(a);
	test_units_and_colors(a);
	test_limits(a);
	test_extends(a);
	test_profile_overrides(a);
	test_unknowns(a);
	test_fonts(a);
	test_code(a);
	test_shipped(a);
	test_describe(a);
	cv_msg_set_stream(stderr);
	fclose(msg_fp);
	free(msgs);
	if (system(cv_arena_printf(a, "rm -rf '%s'", dir)) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	cv_arena_free(a);
	status = TEST_RESULT();
	return status;
}
