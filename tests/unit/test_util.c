/*
 * Unit tests for the shared pieces: arena, buffers, UTF-8, edit distance,
 * run vectors, the schema table, diagnostics and exit statuses, whole-file
 * reading (regular files only: FIFOs, devices and sockets refused unread).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "harness.h"
#include "msg.h"
#include "schema.h"
#include "text.h"
#include "util.h"

static void test_arena(void)
{
	struct cv_arena *a = cv_arena_new();
	char *s = cv_arena_strdup(a, "Zürich");
	char *big = cv_arena_alloc(a, 200000);
	int i;
	CHECK_STR(s, "Zürich");
	CHECK(big[0] == 0 && big[199999] == 0);
	for (i = 0; i < 10000; i++)
		(void)cv_arena_printf(a, "%d", i);
	CHECK_STR(cv_arena_printf(a, "%s-%d", "x", 7), "x-7");
	CHECK(cv_arena_strdup(a, NULL) == NULL);
	CHECK_STR(s, "Zürich"); /* earlier allocations survive growth */
	cv_arena_free(a);
	cv_arena_free(NULL);
}

static void test_buf(void)
{
	struct cv_buf b = {0};
	char *s;
	cv_buf_puts(&b, "a");
	cv_buf_putc(&b, 'b');
	cv_buf_printf(&b, "%03d", 7);
	CHECK_STR(b.data, "ab007");
	CHECK(b.len == 5);
	cv_buf_reset(&b);
	CHECK_STR(b.data, "");
	s = cv_buf_detach(&b);
	CHECK_STR(s, "");
	CHECK(b.data == NULL);
	free(s);
}

static void test_utf8(void)
{
	uint32_t cp = 0;
	char out[4];
	size_t bad = 99;
	CHECK(cv_utf8_decode("A", 1, &cp) == 1 && cp == 'A');
	CHECK(cv_utf8_decode("\xC5\x81", 2, &cp) == 2 && cp == 0x141); /* Ł */
	CHECK(cv_utf8_decode("\xF0\x9F\x8E\x89", 4, &cp) == 4 && cp == 0x1F389);
	CHECK(cv_utf8_decode("\xC0\xAF", 2, &cp) == -1);         /* overlong */
	CHECK(cv_utf8_decode("\xED\xA0\x80", 3, &cp) == -1);     /* surrogate */
	CHECK(cv_utf8_decode("\xE2\x82", 2, &cp) == -1);         /* truncated */
	CHECK(cv_utf8_decode("\xF4\x90\x80\x80", 4, &cp) == -1); /* > U+10FFFF */
	CHECK(cv_utf8_encode(0x20AC, out) == 3 && !memcmp(out, "\xE2\x82\xAC", 3));
	CHECK(cv_utf8_valid("ok \xC3\xA9", 5, NULL));
	CHECK(!cv_utf8_valid("ok\xC3(", 4, &bad) && bad == 2);
	CHECK(cv_utf8_length("Łódź", strlen("Łódź")) == 4);
}

static void test_strings(void)
{
	CHECK(cv_edit_distance("titel", "title") == 2);
	CHECK(cv_edit_distance("instituton", "institution") == 1);
	CHECK(cv_edit_distance("", "abc") == 3);
	CHECK(cv_strcaseeq("GitHub", "github"));
	CHECK(!cv_strcaseeq("GitHub", "gitlab"));
	CHECK(cv_streq(NULL, NULL) && !cv_streq("a", NULL));
	CHECK(cv_is_blank(" \t\n") && cv_is_blank(NULL) && !cv_is_blank(" x"));
}

static void test_runs(void)
{
	struct cv_arena *a = cv_arena_new();
	struct cv_runvec v = {0};
	struct cv_text t;
	cv_runs_add(&v, "Hello", 0, NULL);
	cv_runs_add(&v, ", ", 0, NULL);
	cv_runs_add(&v, "", CV_RUN_BOLD, NULL); /* empty: dropped */
	cv_runs_add(&v, "world", CV_RUN_BOLD, NULL);
	cv_runs_add(&v, "", CV_RUN_BREAK, NULL);
	cv_runs_add(&v, "x", CV_RUN_BOLD, "https://x.org");
	t = cv_runs_finish(a, &v);
	CHECK(t.nruns == 4);
	CHECK_STR(t.runs[0].text, "Hello, ");
	CHECK_STR(t.runs[1].text, "world");
	CHECK(t.runs[2].flags == CV_RUN_BREAK);
	CHECK_STR(t.runs[3].href, "https://x.org");
	CHECK_STR(cv_text_plain(a, t.runs, t.nruns), "Hello, world x");
	CHECK(v.runs == NULL && v.n == 0);
	cv_arena_free(a);
}

static void test_schema(void)
{
	enum cv_kind k = CV_KIND_TEXT;
	size_t n;
	CHECK(cv_schema_kind_by_name("publications", &k) && k == CV_KIND_PUBLICATION);
	CHECK(cv_schema_kind_by_name("Education", &k) && k == CV_KIND_EDUCATION);
	CHECK(!cv_schema_kind_by_name("publicationz", &k));
	CHECK(cv_schema_kind_by_title("Honors and Awards", &k) && k == CV_KIND_AWARD);
	CHECK(!cv_schema_kind_by_title("Hobbies", &k));
	CHECK(cv_schema_field(CV_KIND_PUBLICATION, "authors")->type == CV_VALUE_AUTHORS);
	CHECK(cv_schema_field(CV_KIND_EDUCATION, "institution")->required);
	CHECK(cv_schema_field(CV_KIND_EDUCATION, "title") == NULL);
	CHECK(cv_schema_template_name_ok(CV_KIND_EXPERIENCE, "dates"));
	CHECK(!cv_schema_template_name_ok(CV_KIND_SKILL, "dates"));
	CHECK_STR(cv_schema_suggest_field(CV_KIND_PUBLICATION, "titel"), "title");
	CHECK(cv_schema_suggest_field(CV_KIND_PUBLICATION, "zzzzzz") == NULL);
	CHECK(cv_schema_network("github") != NULL);
	CHECK(cv_schema_network("twitter") == cv_schema_network("X"));
	CHECK(cv_schema_network("myspace") == NULL);
	CHECK(cv_schema_networks(&n) != NULL && n == 8);
}

static void test_msg(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	struct cv_pos pos = {"cv.yaml", 3, 7};
	cv_msg_set_stream(fp);
	cv_msg_reset();
	CHECK(cv_msg_exit_status() == 0 && cv_msg_worst() == -1);
	cv_msg(CV_WARN, &pos, "w", "careful with \"%s\"", "x");
	CHECK(cv_msg_exit_status() == 0 && !cv_msg_failed());
	cv_msg(CV_ERROR, &pos, "e", "bad");
	CHECK(cv_msg_exit_status() == 1 && cv_msg_failed());
	cv_msg(CV_SYSTEM, NULL, "s", "disk");
	CHECK(cv_msg_exit_status() == 3);
	CHECK_STR(cv_msg_last_id(), "s");
	CHECK(cv_msg_count(CV_ERROR) == 2 && cv_msg_count(CV_WARN) == 3);
	fclose(fp);
	CHECK_STR(text, "cv.yaml:3:7: warning: careful with \"x\"\n"
	                "cv.yaml:3:7: error: bad\n"
	                "folio: error: disk\n");
	free(text);
	cv_msg_set_stream(stderr);
	cv_msg_reset();
}

static void on_alarm(int sig)
{
	(void)sig;
	fputs("test_file_read: cv_file_read blocked (a FIFO was opened)\n", stderr);
	_exit(1);
}

/* Whole-file reading: a regular file (also through a link) is read; a FIFO
 * without a writer, a device and a socket are refused, never waited on. */
static void test_file_read(void)
{
	char dir[] = "/tmp/folio-test-util-XXXXXX", path[128], link[128];
	struct sockaddr_un sa = {0};
	char *data = NULL;
	size_t len = 0;
	int fd, sock;
	FILE *fp;
	if (!mkdtemp(dir)) {
		CHECK(!"mkdtemp");
		return;
	}
	signal(SIGALRM, on_alarm);
	alarm(10);
	snprintf(path, sizeof(path), "%s/a.yaml", dir);
	fp = fopen(path, "w");
	CHECK(fp != NULL);
	if (fp) {
		fputs("name: Ada\n", fp);
		fclose(fp);
	}
	CHECK(cv_file_read(path, 100, &data, &len) == 0);
	CHECK(data && len == 10 && !strcmp(data, "name: Ada\n"));
	free(data);
	CHECK(cv_file_read(path, 9, &data, &len) == EFBIG);
	CHECK(data == NULL && len == 0);
	snprintf(link, sizeof(link), "%s/link.yaml", dir);
	CHECK(symlink("a.yaml", link) == 0);
	CHECK(cv_file_read(link, 100, &data, &len) == 0 && len == 10);
	free(data);
	unlink(link);
	unlink(path);
	CHECK(cv_file_read(path, 100, &data, &len) == ENOENT);
	CHECK(cv_file_read(dir, 100, &data, &len) == EISDIR);

	snprintf(path, sizeof(path), "%s/fifo.yaml", dir);
	CHECK(mkfifo(path, 0600) == 0);
	CHECK(cv_file_read(path, 100, &data, &len) == ENOTSUP);
	CHECK(data == NULL);
	/* with a writer holding it open (and its data pending) too */
	fd = open(path, O_RDWR);
	CHECK(fd >= 0 && write(fd, "x", 1) == 1);
	CHECK(cv_file_read(path, 100, &data, &len) == ENOTSUP);
	close(fd);
	unlink(path);

	CHECK(cv_file_read("/dev/null", 100, &data, &len) == ENOTSUP);
	CHECK(cv_file_read("/dev/zero", 100, &data, &len) == ENOTSUP);

	snprintf(path, sizeof(path), "%s/sock", dir);
	sock = socket(AF_UNIX, SOCK_STREAM, 0);
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path) + 1); /* well under 108 bytes */
	if (sock >= 0 && bind(sock, (struct sockaddr *)&sa, sizeof(sa)) == 0)
		CHECK(cv_file_read(path, 100, &data, &len) == ENOTSUP);
	if (sock >= 0)
		close(sock);
	unlink(path);
	alarm(0);
	rmdir(dir);
}

static void test_shorten(void)
{
	struct cv_arena *a = cv_arena_new();
	const char *s = "caf\xc3\xa9 \xe2\x82\xac!";
	CHECK(cv_utf8_shorten(a, s, 7) == s); /* short enough: the same string */
	CHECK_STR(cv_utf8_shorten(a, s, 6), "caf\xc3\xa9 \xe2\x82\xac\xe2\x80\xa6");
	CHECK_STR(cv_utf8_shorten(a, s, 4), "caf\xc3\xa9\xe2\x80\xa6"); /* never inside a character */
	CHECK_STR(cv_utf8_shorten(a, s, 0), "\xe2\x80\xa6");
	CHECK_STR(cv_utf8_shorten(a, "", 0), "");
	cv_arena_free(a);
}

int main(void)
{
	test_shorten();
	test_arena();
	test_buf();
	test_utf8();
	test_strings();
	test_runs();
	test_schema();
	test_msg();
	test_file_read();
	return TEST_RESULT();
}
