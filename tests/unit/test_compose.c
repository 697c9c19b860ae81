/*
 * Compose and the tree dump: hand-built profiles and layouts go in, the
 * document tree (and its text dump) is checked block by block.
 */
#include <string.h>

#include "../../src/backend.h"
#include "../../src/cv.h"
#include "harness.h"

static struct cv_arena *A;

static struct cv_text txt(const char *s)
{
	return cv_text_literal(A, s, 0, NULL);
}

static const char *const all_contact[] = {"email", "phone", "website", "location", "links"};

static struct cv_layout *base_layout(void)
{
	struct cv_layout *l = cv_arena_alloc(A, sizeof(*l));
	l->header.align = CV_ALIGN_CENTER;
	l->header.separator = " | ";
	l->header.contact = all_contact;
	l->header.ncontact = CV_COUNT(all_contact);
	l->list_sep = ", ";
	l->title_format = "%n — CV";
	l->publication.author_sep = ", ";
	l->publication.author_last_sep = " and ";
	l->publication.equal_mark = "*";
	l->publication.corresponding_mark = "†";
	l->publication.link_format = "[%s]";
	l->publication.link_sep = " ";
	l->publication.owner_flags = CV_RUN_BOLD;
	return l;
}

static struct cv_profile *base_profile(void)
{
	struct cv_profile *p = cv_arena_alloc(A, sizeof(*p));
	p->path = "test.yaml";
	p->person.name = txt("Ada Lovelace");
	return p;
}

/* The n-th child (0-based) of b, or NULL. */
static const struct cv_block *child(const struct cv_block *b, int n)
{
	const struct cv_block *c = b ? b->first : NULL;
	while (c && n-- > 0)
		c = c->next;
	return c;
}

static int nchildren(const struct cv_block *b)
{
	int n = 0;
	const struct cv_block *c;
	for (c = b ? b->first : NULL; c; c = c->next)
		n++;
	return n;
}

static const char *plain(const struct cv_block *b)
{
	return b ? cv_text_plain(A, b->runs, b->nruns) : NULL;
}

static void test_names(void)
{
	CHECK_STR(cv_block_type_name(CV_BLOCK_DOCUMENT), "document");
	CHECK_STR(cv_block_type_name(CV_BLOCK_PARAGRAPH), "paragraph");
	CHECK_STR(cv_block_type_name(CV_BLOCK_PHOTO), "photo");
}

static void test_header(void)
{
	struct cv_layout *l = base_layout();
	struct cv_profile *p = base_profile();
	struct cv_social so[2] = {{0}};
	const char *kw[] = {"CV", "music"};
	struct cv_doc *d;
	const struct cv_block *h, *contact;

	p->person.headline = txt("Mathematician");
	p->person.email = "ada@example.org";
	p->person.phone = "+44 (0)20 1234-5678";
	p->person.website = "https://ada.example.org/";
	p->person.location = txt("London");
	so[0].network = "GitHub";
	so[0].url = "https://github.com/ada";
	so[1].label = "Blog";
	so[1].url = "https://blog.example.org";
	p->person.socials = so;
	p->person.nsocials = 2;
	p->person.keywords = kw;
	p->person.nkeywords = 2;
	p->person.photo = "/some/where/me.png";

	d = cv_compose(A, p, l);
	CHECK(d != NULL);
	if (!d)
		return;
	CHECK_STR(d->title, "Ada Lovelace — CV");
	CHECK_STR(d->author, "Ada Lovelace");
	CHECK_STR(d->subject, "Mathematician");
	CHECK_STR(d->keywords, "CV, music");
	CHECK(d->root->type == CV_BLOCK_DOCUMENT);
	h = child(d->root, 0);
	CHECK(h && h->type == CV_BLOCK_HEADER);
	CHECK(nchildren(h) == 3); /* no photo: the layout does not ask for one */
	CHECK(child(h, 0)->role == CV_ROLE_NAME);
	CHECK(child(h, 0)->align == CV_ALIGN_CENTER);
	CHECK(child(h, 0)->runs[0].flags & CV_RUN_NOBREAK);
	CHECK_STR(plain(child(h, 1)), "Mathematician");
	contact = child(h, 2);
	CHECK(contact->role == CV_ROLE_CONTACT);
	/* a network link shows its address (no bare username), a labelled one its label */
	CHECK_STR(plain(contact),
	          "ada@example.org | +44 (0)20 1234-5678 | ada.example.org | London "
	          "| github.com/ada | Blog");
	CHECK(contact->nruns == 11);
	CHECK_STR(contact->runs[0].href, "mailto:ada@example.org");
	for (size_t i = 1; i < contact->nruns; i += 2) { /* separators: runs of their own */
		CHECK_STR(contact->runs[i].text, " | ");
		CHECK(contact->runs[i].flags == CV_RUN_SEP);
		CHECK(contact->runs[i].href == NULL);
	}
	CHECK_STR(contact->runs[2].href, "tel:+4402012345678");
	CHECK_STR(contact->runs[4].href, "https://ada.example.org/");
	CHECK_STR(contact->runs[4].text, "ada.example.org");
	CHECK_STR(contact->runs[6].text, "London");
	CHECK_STR(contact->runs[8].href, "https://github.com/ada");
	CHECK_STR(contact->runs[10].href, "https://blog.example.org");

	/* the default texts of other networks: no "www.", Scholar by name */
	so[0].network = "LinkedIn";
	so[0].url = "https://www.linkedin.com/in/ada/";
	so[1].network = "Google Scholar";
	so[1].label = NULL;
	so[1].url = "https://scholar.google.com/citations?user=AbCd";
	l->header.contact = all_contact + 4; /* links */
	l->header.ncontact = 1;
	d = cv_compose(A, p, l);
	CHECK_STR(plain(child(child(d->root, 0), 2)), "linkedin.com/in/ada | Google Scholar");
	so[0].label = "Ada on LinkedIn"; /* a label written wins */
	d = cv_compose(A, p, l);
	CHECK_STR(plain(child(child(d->root, 0), 2)), "Ada on LinkedIn | Google Scholar");
	so[0].network = "GitHub";
	so[0].label = NULL;
	so[0].url = "https://github.com/ada";
	so[1].network = NULL;
	so[1].label = "Blog";
	so[1].url = "https://blog.example.org";

	l->header.photo = true;
	l->header.photo_side = CV_ALIGN_RIGHT;
	l->header.contact = all_contact + 3; /* location, links */
	l->header.ncontact = 1;
	d = cv_compose(A, p, l);
	h = child(d->root, 0);
	CHECK(nchildren(h) == 4);
	CHECK_STR(plain(child(h, 2)), "London");
	CHECK(child(h, 3)->type == CV_BLOCK_PHOTO);
	CHECK_STR(child(h, 3)->path, "/some/where/me.png");

	/* no contact items at all: the paragraph is left out */
	l->header.ncontact = 0;
	l->header.photo = false;
	p->person.headline = (struct cv_text){0};
	p->person.keywords = NULL;
	p->person.nkeywords = 0;
	d = cv_compose(A, p, l);
	h = child(d->root, 0);
	CHECK(nchildren(h) == 1);
	CHECK(d->subject == NULL && d->keywords == NULL);
}

static struct cv_section *add_section(struct cv_profile *p, const char *title, enum cv_kind k,
                                      const struct cv_entry *e, size_t n)
{
	struct cv_section *s = cv_arena_array(A, p->nsections + 1, sizeof(*s));
	if (p->nsections)
		memcpy(s, p->sections, p->nsections * sizeof(*s));
	s[p->nsections].title = txt(title);
	s[p->nsections].kind = k;
	s[p->nsections].entries = e;
	s[p->nsections].nentries = n;
	p->sections = s;
	return &s[p->nsections++];
}

static struct cv_entry plain_entry(enum cv_kind k, const char *text)
{
	struct cv_entry e = {0};
	struct cv_field *f = cv_arena_alloc(A, sizeof(*f));
	f->key = "text";
	f->type = CV_VALUE_TEXT;
	f->text = txt(text);
	e.kind = k;
	e.fields = f;
	e.nfields = 1;
	return e;
}

static void test_case(void)
{
	struct cv_layout *l = base_layout();
	struct cv_profile *p = base_profile();
	struct cv_doc *d;
	const struct cv_block *s;

	add_section(p, "Ausbildung & Übung: straße, ÿ, ĳ, ő, ł", CV_KIND_TEXT, NULL, 0);
	add_section(p, "Σπουδές και έργα", CV_KIND_TEXT, NULL, 0);
	add_section(p, "Образование, ёж", CV_KIND_TEXT, NULL, 0);
	l->styles[CV_ROLE_SECTION_TITLE].text_case = CV_CASE_UPPER;
	d = cv_compose(A, p, l);
	s = child(d->root, 1);
	CHECK(s->type == CV_BLOCK_SECTION && s->role == CV_ROLE_SECTION_TITLE);
	CHECK_STR(plain(s), "AUSBILDUNG & ÜBUNG: STRASSE, Ÿ, Ĳ, Ő, Ł");
	CHECK_STR(plain(child(d->root, 2)), "ΣΠΟΥΔΕΣ ΚΑΙ ΕΡΓΑ");
	CHECK_STR(plain(child(d->root, 3)), "ОБРАЗОВАНИЕ, ЁЖ");

	l->styles[CV_ROLE_SECTION_TITLE].text_case = CV_CASE_LOWER;
	p->nsections = 0;
	add_section(p, "ÀÉÎ ŸĲŐŁ", CV_KIND_TEXT, NULL, 0);
	add_section(p, "ΟΔΟΣ ΣΑΣ", CV_KIND_TEXT, NULL, 0);
	add_section(p, "ОБРАЗОВАНИЕ Ё", CV_KIND_TEXT, NULL, 0);
	d = cv_compose(A, p, l);
	CHECK_STR(plain(child(d->root, 1)), "àéî ÿĳőł");
	CHECK_STR(plain(child(d->root, 2)), "οδος σας");
	CHECK_STR(plain(child(d->root, 3)), "образование ё");
	CHECK(
	    !strncmp(child(d->root, 2)->runs[0].text + 6, "\xcf\x82 ", 3)); /* final sigma U+03C2 */
}

static void test_plain_kinds(void)
{
	struct cv_layout *l = base_layout();
	struct cv_profile *p = base_profile();
	struct cv_entry *b = cv_arena_array(A, 3, sizeof(*b));
	struct cv_entry *t = cv_arena_array(A, 2, sizeof(*t));
	struct cv_doc *d;
	const struct cv_block *s, *e, *list;

	b[0] = plain_entry(CV_KIND_BULLET, "one");
	b[1] = plain_entry(CV_KIND_BULLET, "two");
	b[2] = plain_entry(CV_KIND_BULLET, "three");
	t[0] = plain_entry(CV_KIND_TEXT, "First paragraph.");
	t[1] = plain_entry(CV_KIND_TEXT, "Second paragraph.");
	add_section(p, "Misc", CV_KIND_BULLET, b, 3);
	add_section(p, "About", CV_KIND_TEXT, t, 2);
	l->styles[CV_ROLE_BODY].align = CV_ALIGN_JUSTIFY;
	d = cv_compose(A, p, l);
	s = child(d->root, 1);
	CHECK(s->kind == CV_KIND_BULLET);
	CHECK(nchildren(s) == 1);
	e = child(s, 0);
	CHECK(e->type == CV_BLOCK_ENTRY && e->kind == CV_KIND_BULLET);
	list = child(e, 0);
	CHECK(list->type == CV_BLOCK_LIST && nchildren(list) == 3);
	CHECK(child(list, 2)->type == CV_BLOCK_ITEM && child(list, 2)->role == CV_ROLE_BULLET);
	CHECK_STR(plain(child(list, 2)), "three");
	s = child(d->root, 2);
	CHECK(nchildren(s) == 2);
	e = child(s, 1);
	CHECK(e->type == CV_BLOCK_ENTRY && e->kind == CV_KIND_TEXT);
	CHECK(child(e, 0)->type == CV_BLOCK_PARAGRAPH && child(e, 0)->role == CV_ROLE_BODY);
	CHECK(child(e, 0)->align == CV_ALIGN_JUSTIFY);
	CHECK_STR(plain(child(e, 0)), "Second paragraph.");
}

static void test_body(void)
{
	struct cv_layout *l = base_layout();
	struct cv_profile *p = base_profile();
	struct cv_entry *e = cv_arena_alloc(A, sizeof(*e));
	struct cv_field *f = cv_arena_array(A, 3, sizeof(*f));
	struct cv_text *items = cv_arena_array(A, 3, sizeof(*items));
	static const char *const body[] = {"summary", "missing", "highlights"};
	struct cv_doc *d;
	const struct cv_block *en;

	items[0] = txt("built X");
	items[1] = txt(""); /* empty items are skipped */
	items[2] = txt("led Y");
	f[0].key = "organization";
	f[0].type = CV_VALUE_TEXT;
	f[0].text = txt("ACME");
	f[1].key = "summary";
	f[1].type = CV_VALUE_TEXT;
	f[1].text = txt("Did things.");
	f[2].key = "highlights";
	f[2].type = CV_VALUE_LIST;
	f[2].items = items;
	f[2].nitems = 3;
	e->kind = CV_KIND_EXPERIENCE;
	e->fields = f;
	e->nfields = 3;
	add_section(p, "Experience", CV_KIND_EXPERIENCE, e, 1);
	l->templates[CV_KIND_EXPERIENCE].body = body;
	l->templates[CV_KIND_EXPERIENCE].nbody = 3;
	d = cv_compose(A, p, l);
	en = child(child(d->root, 1), 0);
	CHECK(en->type == CV_BLOCK_ENTRY && en->kind == CV_KIND_EXPERIENCE);
	CHECK(nchildren(en) == 2);
	CHECK(child(en, 0)->type == CV_BLOCK_PARAGRAPH);
	CHECK_STR(plain(child(en, 0)), "Did things.");
	CHECK(child(en, 1)->type == CV_BLOCK_LIST && nchildren(child(en, 1)) == 2);
	CHECK_STR(plain(child(child(en, 1), 1)), "led Y");

	/* a kind the layout has no template for: the first text field as a title */
	l->templates[CV_KIND_EXPERIENCE].nbody = 0;
	d = cv_compose(A, p, l);
	en = child(child(d->root, 1), 0);
	CHECK(nchildren(en) == 1 && child(en, 0)->type == CV_BLOCK_ROW);
	CHECK_STR(plain(child(child(en, 0), 0)), "ACME");
}

static struct cv_tmpl_cell cell(const char *a, const char *b, const char *sep, enum cv_role role)
{
	struct cv_tmpl_cell c = {0};
	const struct cv_tmpl **parts = cv_arena_array(A, 2, sizeof(*parts));
	struct cv_pos pos = {"layout.yaml", 1, 1};
	if (a)
		parts[c.nparts++] = cv_tmpl_parse(A, a, &pos);
	if (b)
		parts[c.nparts++] = cv_tmpl_parse(A, b, &pos);
	c.parts = parts;
	c.sep = sep;
	c.role = role;
	return c;
}

static void test_rows(void)
{
	struct cv_layout *l = base_layout();
	struct cv_profile *p = base_profile();
	struct cv_entry *e = cv_arena_array(A, 2, sizeof(*e));
	struct cv_field *f = cv_arena_array(A, 6, sizeof(*f));
	struct cv_author *au = cv_arena_array(A, 3, sizeof(*au));
	struct cv_link *ln = cv_arena_array(A, 2, sizeof(*ln));
	struct cv_tmpl_row *rows = cv_arena_array(A, 3, sizeof(*rows));
	struct cv_doc *d;
	const struct cv_block *en, *row;
	struct cv_pos pos = {"layout.yaml", 1, 1};

	if (!cv_tmpl_parse(A, "{title}", &pos)) {
		fprintf(stderr, "test_rows: cv_tmpl_parse not available yet, skipped\n");
		return;
	}
	au[0].name = txt("Ada Lovelace");
	au[0].is_owner = true;
	au[0].equal = true;
	au[1].name = txt("Charles Babbage");
	au[1].equal = true;
	au[2].name = txt("Mary Somerville");
	au[2].corresponding = true;
	ln[0].label = "pdf";
	ln[0].url = "https://example.org/a.pdf";
	ln[1].label = "code";
	ln[1].url = "https://github.com/ada/engine";
	f[0].key = "title";
	f[0].type = CV_VALUE_TEXT;
	f[0].text = txt("Notes on the Engine");
	f[1].key = "authors";
	f[1].type = CV_VALUE_AUTHORS;
	f[1].authors = au;
	f[1].nauthors = 3;
	f[2].key = "venue";
	f[2].type = CV_VALUE_TEXT;
	f[2].text = txt("Taylor's Memoirs");
	f[3].key = "doi";
	f[3].type = CV_VALUE_TEXT;
	f[3].text = txt("https://doi.org/10.1000/x<y>");
	f[4].key = "links";
	f[4].type = CV_VALUE_LINKS;
	f[4].links = ln;
	f[4].nlinks = 2;
	e[0].kind = CV_KIND_PUBLICATION;
	e[0].fields = f;
	e[0].nfields = 5;
	e[1].kind = CV_KIND_PUBLICATION;
	e[1].fields = f; /* title only */
	e[1].nfields = 1;
	add_section(p, "Publications", CV_KIND_PUBLICATION, e, 2);
	rows[0].left = cell("**{title}**", "[*{venue}*]", ", ", CV_ROLE_ENTRY_TITLE);
	rows[0].right = cell("{dates}", NULL, NULL, CV_ROLE_ENTRY_DATE);
	rows[1].left = cell("{authors}", NULL, NULL, CV_ROLE_ENTRY_DETAIL);
	rows[2].left = cell("{links}", "[{doi}]", " ", CV_ROLE_ENTRY_DETAIL);
	l->templates[CV_KIND_PUBLICATION].rows = rows;
	l->templates[CV_KIND_PUBLICATION].nrows = 3;
	l->styles[CV_ROLE_ENTRY_TITLE].text_case = CV_CASE_UPPER;
	d = cv_compose(A, p, l);

	en = child(child(d->root, 1), 0);
	CHECK(nchildren(en) == 3);
	row = child(en, 0);
	CHECK(row->type == CV_BLOCK_ROW && nchildren(row) == 1); /* no date: no right cell */
	CHECK(child(row, 0)->align == CV_ALIGN_LEFT && child(row, 0)->role == CV_ROLE_ENTRY_TITLE);
	CHECK_STR(plain(child(row, 0)), "NOTES ON THE ENGINE, TAYLOR'S MEMOIRS");
	CHECK(child(row, 0)->runs[0].flags & CV_RUN_BOLD);
	CHECK_STR(child(row, 0)->runs[0].href, "https://doi.org/10.1000/x%3Cy%3E");
	/* only the title (the publication's primary field) links, not the venue */
	CHECK(child(row, 0)->nruns >= 2 &&
	      child(row, 0)->runs[child(row, 0)->nruns - 1].href == NULL);
	row = child(en, 1);
	CHECK_STR(plain(child(row, 0)), "Ada Lovelace*, Charles Babbage* and Mary Somerville†");
	CHECK(child(row, 0)->runs[0].flags == (CV_RUN_BOLD | CV_RUN_NOBREAK));
	CHECK(child(row, 0)->runs[1].flags == CV_RUN_SUP);
	row = child(en, 2);
	CHECK_STR(plain(child(row, 0)), "[pdf] [code] doi:10.1000/x<y>");
	CHECK_STR(child(row, 0)->runs[0].href, "https://example.org/a.pdf");

	en = child(child(d->root, 1), 1);
	CHECK(nchildren(en) == 1); /* empty rows are dropped */
	CHECK_STR(plain(child(child(en, 0), 0)), "NOTES ON THE ENGINE");
	CHECK(child(child(en, 0), 0)->runs[0].href == NULL);
}

/* Row 1 came out empty: the next row becomes the title line (role and link). */
static void test_title_promotion(void)
{
	struct cv_layout *l = base_layout();
	struct cv_profile *p = base_profile();
	struct cv_entry *e = cv_arena_array(A, 1, sizeof(*e));
	struct cv_field *f = cv_arena_array(A, 2, sizeof(*f));
	struct cv_tmpl_row *rows = cv_arena_array(A, 2, sizeof(*rows));
	struct cv_pos pos = {"layout.yaml", 1, 1};
	const struct cv_block *en, *c0;
	struct cv_doc *d;

	if (!cv_tmpl_parse(A, "{title}", &pos))
		return;
	f[0].key = "organization";
	f[0].type = CV_VALUE_TEXT;
	f[0].text = txt("Pika");
	f[1].key = "url";
	f[1].type = CV_VALUE_URL;
	f[1].url = "https://pika.art/about";
	f[1].text = cv_text_literal(A, f[1].url, 0, f[1].url);
	e[0].kind = CV_KIND_EXPERIENCE;
	e[0].fields = f;
	e[0].nfields = 2;
	add_section(p, "Experience", CV_KIND_EXPERIENCE, e, 1);
	rows[0].left = cell("**{position}**", NULL, NULL, CV_ROLE_ENTRY_TITLE);
	rows[0].right = cell("{dates}", NULL, NULL, CV_ROLE_ENTRY_DATE);
	rows[1].left = cell("*{organization}*", NULL, NULL, CV_ROLE_ENTRY_SUBTITLE);
	rows[1].right = cell("{location}", NULL, NULL, CV_ROLE_ENTRY_DATE);
	l->templates[CV_KIND_EXPERIENCE].rows = rows;
	l->templates[CV_KIND_EXPERIENCE].nrows = 2;
	d = cv_compose(A, p, l);
	en = child(child(d->root, 1), 0);
	CHECK(nchildren(en) == 1);
	c0 = child(child(en, 0), 0);
	CHECK(c0->role == CV_ROLE_ENTRY_TITLE);
	CHECK_STR(plain(c0), "Pika");
	CHECK(c0->runs[0].flags == CV_RUN_ITALIC);
	CHECK_STR(c0->runs[0].href, "https://pika.art/about");

	/* a template showing {url} itself gets no title link; the URL shows without scheme */
	rows[1].left = cell("*{organization}*", "{url}", " ", CV_ROLE_ENTRY_SUBTITLE);
	d = cv_compose(A, p, l);
	c0 = child(child(child(child(d->root, 1), 0), 0), 0);
	CHECK_STR(plain(c0), "Pika pika.art/about");
	CHECK(c0->runs[0].href == NULL);
	CHECK_STR(c0->runs[2].href, "https://pika.art/about");
}

/* An experience entry's url links the organization, wherever it is, not the position. */
static void test_primary_link(void)
{
	struct cv_layout *l = base_layout();
	struct cv_profile *p = base_profile();
	struct cv_entry *e = cv_arena_array(A, 1, sizeof(*e));
	struct cv_field *f = cv_arena_array(A, 3, sizeof(*f));
	struct cv_tmpl_row *rows = cv_arena_array(A, 2, sizeof(*rows));
	struct cv_pos pos = {"layout.yaml", 1, 1};
	const struct cv_block *en, *c0, *c1;
	struct cv_doc *d;

	if (!cv_tmpl_parse(A, "{title}", &pos))
		return;
	f[0].key = "position";
	f[0].type = CV_VALUE_TEXT;
	f[0].text = txt("Intern");
	f[1].key = "organization";
	f[1].type = CV_VALUE_TEXT;
	f[1].text = txt("Adobe");
	f[2].key = "url";
	f[2].type = CV_VALUE_URL;
	f[2].url = "https://www.adobe.com/";
	f[2].text = cv_text_literal(A, f[2].url, 0, f[2].url);
	e[0].kind = CV_KIND_EXPERIENCE;
	e[0].fields = f;
	e[0].nfields = 3;
	add_section(p, "Experience", CV_KIND_EXPERIENCE, e, 1);
	rows[0].left = cell("**{position}**", NULL, NULL, CV_ROLE_ENTRY_TITLE);
	rows[1].left = cell("at *{organization}*", NULL, NULL, CV_ROLE_ENTRY_SUBTITLE);
	l->templates[CV_KIND_EXPERIENCE].rows = rows;
	l->templates[CV_KIND_EXPERIENCE].nrows = 2;
	d = cv_compose(A, p, l);
	en = child(child(d->root, 1), 0);
	CHECK(nchildren(en) == 2);
	if (nchildren(en) != 2)
		return;
	c0 = child(child(en, 0), 0);
	c1 = child(child(en, 1), 0);
	CHECK_STR(plain(c0), "Intern");
	CHECK(c0->runs[0].href == NULL);
	CHECK_STR(plain(c1), "at Adobe");
	CHECK(c1->nruns == 2);
	if (c1->nruns == 2) {
		CHECK(c1->runs[0].href == NULL);
		CHECK_STR(c1->runs[1].href, "https://www.adobe.com/");
	}

	/* without the organization, the title row takes the link (fallback) */
	rows[1].left = cell("{location}", NULL, NULL, CV_ROLE_ENTRY_SUBTITLE);
	d = cv_compose(A, p, l);
	c0 = child(child(child(child(d->root, 1), 0), 0), 0);
	CHECK_STR(plain(c0), "Intern");
	CHECK_STR(c0->runs[0].href, "https://www.adobe.com/");
}

static void test_tree(void)
{
	struct cv_layout *l = base_layout();
	struct cv_profile *p = base_profile();
	struct cv_run *runs = cv_arena_array(A, 4, sizeof(*runs));
	struct cv_render_opts o = {-1, "test", NULL};
	struct cv_buf out = {0};
	struct cv_doc *d;

	runs[0] = (struct cv_run){"a \"q\" \\ é", CV_RUN_BOLD | CV_RUN_UNDERLINE, NULL, NULL};
	runs[1] = (struct cv_run){"", CV_RUN_BREAK, NULL, NULL};
	runs[2] = (struct cv_run){"x\x01", CV_RUN_SUP, "https://e.org", NULL};
	runs[3] = (struct cv_run){"plain", 0, NULL, NULL};
	p->person.headline.runs = runs;
	p->person.headline.nruns = 4;
	d = cv_compose(A, p, l);
	CHECK(cv_tree_render(d, &o, &out));
	CHECK(out.data &&
	      strstr(out.data, "document title=\"Ada Lovelace — CV\" author=\"Ada "
	                       "Lovelace\" subject=\"a \\\"q\\\" \\\\ é x\\u0001plain\"\n"
	                       "  header\n    paragraph "));
	CHECK(out.data && strstr(out.data, " align=center [nobreak]\"Ada Lovelace\"\n"));
	CHECK(out.data && strstr(out.data, " align=center [b,u]\"a \\\"q\\\" \\\\ é\" ⏎ "
	                                   "[sup]\"x\\u0001\"<https://e.org> \"plain\"\n"));
	cv_buf_free(&out);
}

/* A list field placed in a template: items joined with list_sep, empty ones skipped. */
static void test_list_join(void)
{
	struct cv_layout *l = base_layout();
	struct cv_profile *p = base_profile();
	struct cv_entry *e = cv_arena_array(A, 1, sizeof(*e));
	struct cv_field *f = cv_arena_array(A, 2, sizeof(*f));
	struct cv_text *items = cv_arena_array(A, 4, sizeof(*items));
	struct cv_tmpl_row *rows = cv_arena_array(A, 1, sizeof(*rows));
	struct cv_pos pos = {"layout.yaml", 1, 1};
	struct cv_doc *d;

	if (!cv_tmpl_parse(A, "{title}", &pos))
		return;
	items[0] = txt("");
	items[1] = txt("C");
	items[2] = txt("");
	items[3] = txt("Go");
	f[0].key = "label";
	f[0].type = CV_VALUE_TEXT;
	f[0].text = txt("Languages");
	f[1].key = "items";
	f[1].type = CV_VALUE_LIST;
	f[1].items = items;
	f[1].nitems = 4;
	e[0].kind = CV_KIND_SKILL;
	e[0].fields = f;
	e[0].nfields = 2;
	add_section(p, "Skills", CV_KIND_SKILL, e, 1);
	rows[0].left = cell("**{label}:** {items}", NULL, NULL, CV_ROLE_BODY);
	l->templates[CV_KIND_SKILL].rows = rows;
	l->templates[CV_KIND_SKILL].nrows = 1;
	l->list_sep = " / ";
	d = cv_compose(A, p, l);
	CHECK_STR(plain(child(child(child(child(d->root, 1), 0), 0), 0)), "Languages: C / Go");
}

int main(void)
{
	A = cv_arena_new();
	test_names();
	test_header();
	test_case();
	test_plain_kinds();
	test_body();
	test_rows();
	test_title_promotion();
	test_primary_link();
	test_list_join();
	test_tree();
	cv_arena_free(A);
	return TEST_RESULT();
}
