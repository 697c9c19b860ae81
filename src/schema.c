/*
 * The schema table: entry kinds, their fields, and the social networks the
 * header knows.  Keep docs/profile.md in step with this file.
 */
#include "schema.h"

#include <string.h>

#include "util.h"

/* F: a one-line field (or a URL); P: a paragraph, or a list of paragraphs. */
#define F(name, type, req, doc)                                                                    \
	{                                                                                          \
		name, CV_VALUE_##type, req, doc,                                                   \
		    CV_VALUE_##type == CV_VALUE_URL ? CV_LIMIT_URL_BYTES : CV_LIMIT_LINE_BYTES     \
	}
#define P(name, type, req, doc)                                                                    \
	{                                                                                          \
		name, CV_VALUE_##type, req, doc, CV_LIMIT_TEXT_BYTES                               \
	}

static const struct cv_field_spec education_fields[] = {
    F("institution", TEXT, true, "school or university"),
    F("degree", TEXT, false, "degree, e.g. PhD, MSc"),
    F("area", TEXT, false, "field of study"),
    F("location", TEXT, false, "city, country"),
    F("start", DATE, false, "start date"),
    F("end", DATE, false, "end date or present"),
    F("date", DATE, false, "a single date (or a range written as one string)"),
    F("grade", TEXT, false, "grade, GPA, distinction"),
    F("url", URL, false, "link for the institution"),
    P("summary", TEXT, false, "one paragraph"),
    P("highlights", LIST, false, "bullet points"),
};

static const struct cv_field_spec experience_fields[] = {
    F("organization", TEXT, true, "employer or lab"),
    F("position", TEXT, false, "role or job title"),
    F("location", TEXT, false, "city, country"),
    F("start", DATE, false, "start date"),
    F("end", DATE, false, "end date or present"),
    F("date", DATE, false, "a single date (or a range written as one string)"),
    F("url", URL, false, "link for the organization"),
    P("summary", TEXT, false, "one paragraph"),
    P("highlights", LIST, false, "bullet points"),
};

static const struct cv_field_spec publication_fields[] = {
    F("title", TEXT, true, "title of the work"),
    F("authors", AUTHORS, false, "authors in order; the owner is recognised"),
    F("venue", TEXT, false, "journal, conference or publisher"),
    F("date", DATE, false, "publication date"),
    F("doi", TEXT, false, "DOI without the https://doi.org/ prefix"),
    F("url", URL, false, "link to the work"),
    F("links", LINKS, false, "named links: paper, code, blog, slides ..."),
    F("note", TEXT, false, "short note such as Oral or Best Paper"),
    P("summary", TEXT, false, "one paragraph"),
};

static const struct cv_field_spec award_fields[] = {
    F("title", TEXT, true, "name of the award"),
    F("issuer", TEXT, false, "who gave it"),
    F("date", DATE, false, "when"),
    F("url", URL, false, "link"),
    P("summary", TEXT, false, "one paragraph"),
};

static const struct cv_field_spec talk_fields[] = {
    F("title", TEXT, true, "title of the talk"),
    F("event", TEXT, false, "conference, seminar or host"),
    F("location", TEXT, false, "city, country"),
    F("date", DATE, false, "when"),
    F("url", URL, false, "link"),
    F("links", LINKS, false, "named links: slides, video ..."),
    P("summary", TEXT, false, "one paragraph"),
};

static const struct cv_field_spec news_fields[] = {
    F("date", DATE, false, "when"),
    P("text", TEXT, true, "the news item"),
};

static const struct cv_field_spec skill_fields[] = {
    F("label", TEXT, true, "group label, e.g. Languages"),
    F("items", LIST, true, "the skills of the group"),
    F("level", TEXT, false, "1 to 5, or N/M: shown as marks where a layout places {level}"),
};

static const struct cv_field_spec language_fields[] = {
    F("language", TEXT, true, "the language"),
    F("fluency", TEXT, false, "e.g. native, C1"),
    F("level", TEXT, false, "1 to 5, or N/M: shown as marks where a layout places {level}"),
};

static const struct cv_field_spec project_fields[] = {
    F("name", TEXT, true, "project name"),
    F("role", TEXT, false, "your role"),
    F("start", DATE, false, "start date"),
    F("end", DATE, false, "end date or present"),
    F("date", DATE, false, "a single date (or a range written as one string)"),
    F("url", URL, false, "project link"),
    F("links", LINKS, false, "named links: code, demo ..."),
    P("summary", TEXT, false, "one paragraph"),
    P("highlights", LIST, false, "bullet points"),
};

static const struct cv_field_spec plain_fields[] = {
    P("text", TEXT, true, "the item"),
};

static const char *const education_words[] = {"education", "educations", "studies", NULL};
static const char *const experience_words[] = {
    "experience",          "work experience", "professional experience",
    "research experience", "employment",      "work",
    "internships",         "positions",       NULL};
static const char *const publication_words[] = {
    "publications", "selected publications", "papers", "selected papers", "preprints", NULL};
static const char *const award_words[] = {"awards",
                                          "honors",
                                          "honours",
                                          "honors and awards",
                                          "honours and awards",
                                          "awards and honors",
                                          "grants",
                                          "scholarships",
                                          NULL};
static const char *const talk_words[] = {"talks", "invited talks", "presentations", NULL};
static const char *const news_words[] = {"news", NULL};
static const char *const skill_words[] = {"skills", "technical skills", NULL};
static const char *const language_words[] = {"languages", NULL};
static const char *const project_words[] = {"projects", "selected projects", NULL};
static const char *const none_words[] = {NULL};

#define K(kind, name, doc, words, fields, plain)                                                   \
	{                                                                                          \
		CV_KIND_##kind, name, doc, words, fields, CV_COUNT(fields), plain                  \
	}

static const struct cv_kind_spec kinds[CV_KIND__COUNT] = {
    K(EDUCATION, "education", "degrees and schools", education_words, education_fields, false),
    K(EXPERIENCE, "experience", "jobs, internships, positions", experience_words, experience_fields,
      false),
    K(PUBLICATION, "publication", "papers, articles, books", publication_words, publication_fields,
      false),
    K(AWARD, "award", "honours, grants, scholarships", award_words, award_fields, false),
    K(TALK, "talk", "talks and presentations", talk_words, talk_fields, false),
    K(NEWS, "news", "dated one-line news items", news_words, news_fields, false),
    K(SKILL, "skill", "a label and a list of skills", skill_words, skill_fields, false),
    K(LANGUAGE, "language", "a language and its fluency", language_words, language_fields, false),
    K(PROJECT, "project", "projects, software, products", project_words, project_fields, false),
    K(BULLET, "bullet", "entries are plain strings, shown as a bullet list", none_words,
      plain_fields, true),
    K(TEXT, "text", "entries are plain strings, shown as paragraphs", none_words, plain_fields,
      true),
};

#define PK(path, type, max, req, doc)                                                              \
	{                                                                                          \
		path, CV_VALUE_##type, max, req, doc                                               \
	}

static const struct cv_profile_key profile_keys[] = {
    PK("name", TEXT, CV_LIMIT_LINE_BYTES, true, "the person's name"),
    PK("headline", TEXT, CV_LIMIT_LINE_BYTES, false, "one line under the name"),
    PK("location", TEXT, CV_LIMIT_LINE_BYTES, false, "city, country"),
    PK("email", TEXT, CV_LIMIT_LINE_BYTES, false, "an e-mail address"),
    PK("phone", TEXT, CV_LIMIT_LINE_BYTES, false, "a phone number: digits, spaces and + - ( ) ."),
    PK("website", URL, CV_LIMIT_URL_BYTES, false, "an http or https URL"),
    PK("links", LIST, 0, false, "social profiles: {network, username} or {label, url}"),
    PK("links[].network", TEXT, CV_LIMIT_LINE_BYTES, false, "a known network (any case)"),
    PK("links[].username", TEXT, CV_LIMIT_LINE_BYTES, false,
       "the username on that network (user@instance for Mastodon)"),
    PK("links[].label", TEXT, CV_LIMIT_LINE_BYTES, false, "the text shown"),
    PK("links[].url", URL, CV_LIMIT_URL_BYTES, false, "an http or https URL"),
    PK("photo", TEXT, 0, false, "a JPEG or PNG file, relative to the profile's directory"),
    PK("owner", LIST, CV_LIMIT_LINE_BYTES, false,
       "other spellings of the person's name, for author lists"),
    PK("keywords", LIST, CV_LIMIT_LINE_BYTES, false, "PDF metadata keywords"),
    PK("layout", TEXT, 0, false, "a layout name, or a mapping of layout overrides"),
    PK("locale", TEXT, 0, false,
       "the language of the CV: a locale name (de, fr, pt-BR ...), or a mapping with extends: "
       "and locale keys that change it"),
    PK("sections", LIST, 0, true, "a list of sections, or a mapping title -> entries"),
    PK("sections[].title", TEXT, CV_LIMIT_LINE_BYTES, true, "the section's title"),
    PK("sections[].kind", TEXT, 0, false, "the entry kind (else told from the title)"),
    PK("sections[].entries", LIST, 0, true, "the entries"),
    PK("sections[].tags", LIST, CV_LIMIT_TAG_BYTES, false,
       "a tag or a list of tags, for --only/--except and variants"),
    /* variants: name -> what to keep and where to write (docs/profile.md) */
    PK("variants", MAP, 0, false, "named versions of the CV: variant name -> what it keeps"),
    PK("variants.*.only", LIST, CV_LIMIT_TAG_BYTES, false,
       "keep only sections and entries with one of these tags"),
    PK("variants.*.except", LIST, CV_LIMIT_TAG_BYTES, false,
       "leave out sections and entries with one of these tags"),
    PK("variants.*.output", TEXT, CV_LIMIT_LINE_BYTES, false,
       "where --all-variants writes this variant"),
    PK("variants.*.layout", MAP, 0, false, "layout keys, merged over the profile's layout:"),
    PK("variants.*.set", MAP, 0, false, "override path -> value, as with --set"),
    /* inside the fields of an entry (the "authors" and "links" types) */
    PK("entry.authors[].name", TEXT, CV_LIMIT_LINE_BYTES, true, "the author's name"),
    PK("entry.authors[].equal", TEXT, 0, false, "equal contribution"),
    PK("entry.authors[].corresponding", TEXT, 0, false, "corresponding author"),
    PK("entry.links[].label", TEXT, CV_LIMIT_LINE_BYTES, true, "the link's text"),
    PK("entry.links[].url", URL, CV_LIMIT_URL_BYTES, true, "an http, https, mailto or tel URL"),
    /* beside the fields of an entry (a bullet or text entry written {text, tags}) */
    PK("entry.tags", LIST, CV_LIMIT_TAG_BYTES, false, "a tag or a list of tags"),
};

const struct cv_profile_key *cv_schema_profile_keys(size_t *count)
{
	*count = CV_COUNT(profile_keys);
	return profile_keys;
}

const struct cv_kind_spec *cv_schema_kind(enum cv_kind kind)
{
	return &kinds[(unsigned)kind < CV_KIND__COUNT ? kind : CV_KIND_TEXT];
}

bool cv_schema_kind_by_name(const char *name, enum cv_kind *out)
{
	size_t i, n;
	if (!name)
		return false;
	n = strlen(name);
	for (i = 0; i < CV_KIND__COUNT; i++) {
		size_t k = strlen(kinds[i].name);
		if (cv_strcaseeq(name, kinds[i].name) ||
		    (n == k + 1 && (name[k] == 's' || name[k] == 'S') &&
		     strncmp(name, kinds[i].name, k) == 0)) {
			*out = kinds[i].kind;
			return true;
		}
	}
	return false;
}

bool cv_schema_kind_by_title(const char *title, enum cv_kind *out)
{
	size_t i, j;
	if (!title)
		return false;
	for (i = 0; i < CV_KIND__COUNT; i++)
		for (j = 0; kinds[i].title_words[j]; j++)
			if (cv_strcaseeq(title, kinds[i].title_words[j])) {
				*out = kinds[i].kind;
				return true;
			}
	return false;
}

const struct cv_field_spec *cv_schema_field(enum cv_kind kind, const char *name)
{
	const struct cv_kind_spec *k = cv_schema_kind(kind);
	size_t i;
	for (i = 0; i < k->nfields; i++)
		if (strcmp(k->fields[i].name, name) == 0)
			return &k->fields[i];
	return NULL;
}

static bool kind_has_dates(enum cv_kind kind)
{
	return cv_schema_field(kind, "date") != NULL;
}

bool cv_schema_template_name_ok(enum cv_kind kind, const char *name)
{
	if (cv_schema_field(kind, name) || strcmp(name, "number") == 0)
		return true;
	return strcmp(name, "dates") == 0 && kind_has_dates(kind);
}

const char *cv_schema_suggest_field(enum cv_kind kind, const char *name)
{
	const struct cv_kind_spec *k = cv_schema_kind(kind);
	const char *best = NULL;
	int best_d = 3;
	size_t i;
	for (i = 0; i < k->nfields; i++) {
		int d = cv_edit_distance(name, k->fields[i].name);
		if (d < best_d) {
			best_d = d;
			best = k->fields[i].name;
		}
	}
	return best;
}

static const struct cv_network_spec networks[] = {
    {"GitHub", "https://github.com/", NULL},
    {"GitLab", "https://gitlab.com/", NULL},
    {"LinkedIn", "https://www.linkedin.com/in/", NULL},
    {"Google Scholar", "https://scholar.google.com/citations?user=", NULL},
    {"ORCID", "https://orcid.org/", NULL},
    {"X", "https://x.com/", "Twitter"},
    {"Mastodon", NULL, NULL}, /* user@instance → https://instance/@user */
    {"Stack Overflow", "https://stackoverflow.com/users/", NULL},
};

const struct cv_network_spec *cv_schema_network(const char *name)
{
	size_t i;
	for (i = 0; i < CV_COUNT(networks); i++)
		if (cv_strcaseeq(name, networks[i].name) ||
		    (networks[i].alias && cv_strcaseeq(name, networks[i].alias)))
			return &networks[i];
	return NULL;
}

const struct cv_network_spec *cv_schema_networks(size_t *count)
{
	*count = CV_COUNT(networks);
	return networks;
}

static const char *const true_words[] = {"true", "yes", NULL};
static const char *const false_words[] = {"false", "no", NULL};

const char *const *cv_schema_bool_words(bool value)
{
	return value ? true_words : false_words;
}
