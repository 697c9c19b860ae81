/*
 * Photos for the PDF back end: the file type is sniffed from its magic
 * bytes and the pixel size read from its header and checked against the
 * limits before anything is decoded.  A JPEG is then decoded in full by
 * libjpeg (any warning about the data is an error) and a PNG by libpng, row
 * by row into an area-averaging downsampler, so memory stays bounded
 * whatever the pixel count.  A JPEG that needs neither turning nor
 * shrinking is embedded as it is (up to its EOI); anything else is embedded
 * as the decoded, turned and downsampled samples: re-encoded as a JPEG when
 * downsampled, as raw samples (Flate) plus an alpha soft mask otherwise.
 */
#include "image.h"

#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_objects.h>
#include <jpeglib.h>
#include <jerror.h>
#include <png.h>

#include "../util.h"

#define IMAGE_MAX_BYTES (64u * 1024 * 1024)
/* Larger than any phone or camera photo (200 MP sensors: 16320 x 12240). */
#define IMAGE_MAX_PIXELS (200u * 1000 * 1000)
#define IMAGE_MAX_SIDE 65535u
/*
 * Progressive and multi-scan JPEGs keep every DCT coefficient of the image
 * (2 bytes a sample), interlaced PNGs every decoded sample, while they are
 * decoded: they must fit in this.
 */
#define IMAGE_DECODE_BUDGET (256u * 1024 * 1024)
#define IMAGE_PPI 300.0                    /* [px/in] a downsampled photo has at its printed size */
#define IMAGE_KEEP_PPI 450.0               /* [px/in] up to which a photo is kept as it is */
#define IMAGE_MAX_OUT (16.0 * 1000 * 1000) /* [px] a decoded photo is embedded with */
#define IMAGE_JPEG_QUALITY 90

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* True (after reporting) when a w x h picture is above the pixel limits. */
static bool too_large(const char *path, const struct cv_pos *pos, uint64_t w, uint64_t h)
{
	if (w * h > IMAGE_MAX_PIXELS) {
		cv_msg(CV_ERROR, pos, "image-too-large",
		       "photo \"%s\" is %llu x %llu pixels; the limit is %u megapixels", path,
		       (unsigned long long)w, (unsigned long long)h, IMAGE_MAX_PIXELS / 1000000);
		return true;
	}
	if (w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE) {
		cv_msg(CV_ERROR, pos, "image-too-large",
		       "photo \"%s\" is %llu x %llu pixels; the limit is %u pixels a side", path,
		       (unsigned long long)w, (unsigned long long)h, IMAGE_MAX_SIDE);
		return true;
	}
	return false;
}

static void report_budget(const char *path, const struct cv_pos *pos, const char *kind, unsigned w,
                          unsigned h, const char *hint)
{
	cv_msg(CV_ERROR, pos, "image-too-large",
	       "photo \"%s\" is %s of %u x %u pixels, too large to decode within %u MB; %s", path,
	       kind, w, h, IMAGE_DECODE_BUDGET / (1024 * 1024), hint);
}

/*
 * The size [px] to embed a picture of w x h pixels (the right way up) at
 * when it is scaled to cover a box of bw x bh [pt]: its own size up to
 * IMAGE_KEEP_PPI there, else about IMAGE_PPI, the aspect ratio kept; with
 * cap, never much above IMAGE_MAX_OUT pixels.
 */
static void fit(unsigned w, unsigned h, double bw, double bh, bool cap, unsigned *tw, unsigned *th)
{
	double f = 1; /* output pixels per input pixel */
	if (bw > 0 && bh > 0) {
		double ppi = 72 * fmin(w / bw, h / bh);
		if (ppi > IMAGE_KEEP_PPI)
			f = IMAGE_PPI / ppi;
	}
	if (cap && (double)w * h * f * f > IMAGE_MAX_OUT)
		f = sqrt(IMAGE_MAX_OUT / ((double)w * h));
	*tw = w;
	*th = h;
	if (f < 1) {
		*tw = (unsigned)fmin(w, fmax(1, ceil(w * f - 1e-9)));
		*th = (unsigned)fmin(h, fmax(1, ceil(h * f - 1e-9)));
	}
}

/* ---- downsampling ------------------------------------------------------ */

/*
 * Area-average (box filter) downsampling of sw x sh pixels of ch 8-bit
 * channels to ow x oh, fed one source row at a time, top down.  Source
 * pixel x covers [x*ow, (x+1)*ow) and output pixel o covers [o*sw,
 * (o+1)*sw) on a common integer scale (rows likewise), so each output
 * pixel is the exact overlap-weighted mean of the source pixels under it,
 * in integers: the same bytes on every machine.  Rows are summed down
 * first (one multiply-add a sample), then across once per output row.
 * With alpha (the last channel) colours are weighted by it, so transparent
 * pixels do not bleed into their neighbours.
 */
struct shrink {
	unsigned sw, sh, ow, oh, ch;
	bool alpha;
	unsigned *xo;       /* [sw] the output column source column x starts in */
	uint32_t *xw;       /* [sw] its weight there; ow - xw[x] goes to xo[x] + 1 */
	uint32_t *down;     /* [sw*ch] the output row being gathered, summed down */
	uint32_t *next;     /* [sw*ch] the part of the last row that belongs below it */
	uint64_t *across;   /* [ow*ch] one output row, summed across */
	unsigned char *out; /* [ow*oh*ch] the result */
	unsigned y;         /* source rows seen */
};

/* Start a shrink of sw x sh to sk->ow x sk->oh (set by the caller, at most sw x sh). */
static void shrink_start(struct shrink *sk, unsigned sw, unsigned sh, unsigned ch, bool alpha)
{
	sk->sw = sw;
	sk->sh = sh;
	sk->ow = sk->ow && sk->ow < sw ? sk->ow : sw;
	sk->oh = sk->oh && sk->oh < sh ? sk->oh : sh;
	sk->ch = ch;
	sk->alpha = alpha;
	sk->y = 0;
	sk->out = x_malloc((size_t)sk->ow * sk->oh * ch);
	if (sk->ow == sw && sk->oh == sh)
		return; /* rows are copied as they come */
	sk->xo = x_malloc(sw * sizeof *sk->xo);
	sk->xw = x_malloc(sw * sizeof *sk->xw);
	sk->down = x_calloc((size_t)sw * ch, sizeof *sk->down);
	sk->next = x_calloc((size_t)sw * ch, sizeof *sk->next);
	sk->across = x_malloc((size_t)sk->ow * ch * sizeof *sk->across);
	for (unsigned x = 0; x < sw; x++) {
		uint64_t lo = (uint64_t)x * sk->ow, end;
		sk->xo[x] = (unsigned)(lo / sw);
		end = (uint64_t)(sk->xo[x] + 1) * sw;
		sk->xw[x] = (uint32_t)(lo + sk->ow <= end ? sk->ow : end - lo);
	}
}

static void shrink_free(struct shrink *sk)
{
	x_free(sk->xo);
	x_free(sk->xw);
	x_free(sk->down);
	x_free(sk->next);
	x_free(sk->across);
	x_free(sk->out);
	memset(sk, 0, sizeof *sk);
}

/* Output row o from sk->down (which is then cleared). */
static void shrink_emit(struct shrink *sk, unsigned o)
{
	unsigned ch = sk->ch, nc = sk->alpha ? ch - 1 : ch;
	uint64_t total = (uint64_t)sk->sw * sk->sh; /* the weight of one output pixel */
	memset(sk->across, 0, (size_t)sk->ow * ch * sizeof *sk->across);
	for (unsigned x = 0; x < sk->sw; x++) {
		const uint32_t *d = sk->down + (size_t)x * ch;
		uint64_t *a = sk->across + (size_t)sk->xo[x] * ch;
		uint32_t w1 = sk->xw[x], w2 = sk->ow - w1;
		for (unsigned c = 0; c < ch; c++)
			a[c] += (uint64_t)d[c] * w1;
		if (w2)
			for (unsigned c = 0; c < ch; c++)
				a[ch + c] += (uint64_t)d[c] * w2;
	}
	unsigned char *dst = sk->out + (size_t)o * sk->ow * ch;
	for (size_t i = 0; i < (size_t)sk->ow * ch; i += ch) {
		const uint64_t *a = sk->across + i;
		if (sk->alpha) {
			uint64_t wa = a[nc];
			for (unsigned c = 0; c < nc; c++)
				dst[i + c] = (unsigned char)(wa ? (a[c] + wa / 2) / wa : 0);
			dst[i + nc] = (unsigned char)((wa + total / 2) / total);
		} else {
			for (unsigned c = 0; c < ch; c++)
				dst[i + c] = (unsigned char)((a[c] + total / 2) / total);
		}
	}
	memset(sk->down, 0, (size_t)sk->sw * ch * sizeof *sk->down);
}

/* Add w times the n samples of row, colours times alpha (the channel after nc colours). */
static inline void add_alpha(uint32_t *sum, const unsigned char *row, size_t n, uint32_t w,
                             unsigned nc)
{
	for (size_t i = 0; i < n; i += nc + 1) {
		uint32_t aw = row[i + nc] * w;
		for (unsigned c = 0; c < nc; c++)
			sum[i + c] += row[i + c] * aw;
		sum[i + nc] += aw;
	}
}

/* Add w times row (premultiplied by alpha when there is one) to sum. */
static void add_row(const struct shrink *sk, uint32_t *sum, const unsigned char *row, uint32_t w)
{
	size_t n = (size_t)sk->sw * sk->ch;
	if (!sk->alpha) {
		for (size_t i = 0; i < n; i++)
			sum[i] += row[i] * w;
	} else if (sk->ch == 4) { /* constant channel counts let the compiler unroll */
		add_alpha(sum, row, n, w, 3);
	} else {
		add_alpha(sum, row, n, w, 1);
	}
}

/*
 * Take the next source row (sw pixels of ch channels).  A sum stays below
 * 255 * 255 * sh < 2^32: each source row is weighted by its overlap with
 * the output row, and those overlaps add up to sh.
 */
static void shrink_row(struct shrink *sk, const unsigned char *row)
{
	if (sk->y >= sk->sh)
		return;
	if (sk->sw == sk->ow && sk->sh == sk->oh) {
		memcpy(sk->out + (size_t)sk->y++ * sk->ow * sk->ch, row, (size_t)sk->ow * sk->ch);
		return;
	}
	uint64_t lo = (uint64_t)sk->y * sk->oh, hi = lo + sk->oh;
	unsigned o = (unsigned)(lo / sk->sh);
	uint64_t end = (uint64_t)(o + 1) * sk->sh;
	add_row(sk, sk->down, row, (uint32_t)((hi < end ? hi : end) - lo));
	if (hi > end)
		add_row(sk, sk->next, row, (uint32_t)(hi - end));
	if (hi >= end) {
		shrink_emit(sk, o);
		uint32_t *t = sk->down; /* the part below becomes the row being gathered */
		sk->down = sk->next;
		sk->next = t;
	}
	sk->y++;
}

/* ---- orientation ------------------------------------------------------- */

/* What a photo's EXIF data says about its orientation. */
enum exif_state {
	EXIF_NONE,      /* no EXIF data, or no orientation tag in it */
	EXIF_OK,        /* an orientation of 1-8 */
	EXIF_BOGUS,     /* an orientation tag of another value or type */
	EXIF_TRUNCATED, /* data that ends, or points, before the orientation could be read */
};

struct exif {
	enum exif_state state;
	unsigned orientation; /* 1-8 with EXIF_OK; the tag's value with EXIF_BOGUS */
};

/*
 * The orientation tag (0x0112) of IFD0 of the TIFF structure t[0..n) (an
 * EXIF payload after "Exif\0\0", or a PNG eXIf chunk).  Every offset is
 * checked against n.
 */
static struct exif exif_parse(const unsigned char *t, size_t n)
{
	struct exif ex = {EXIF_TRUNCATED, 0};
	bool le;
	if (n < 8)
		return ex;
	if (t[0] == 'I' && t[1] == 'I')
		le = true;
	else if (t[0] == 'M' && t[1] == 'M')
		le = false;
	else
		return ex;
#define RD16(q) (le ? (unsigned)((q)[0] | (q)[1] << 8) : be16(q))
#define RD32(q)                                                                                    \
	(le ? ((uint32_t)(q)[0] | (uint32_t)(q)[1] << 8 | (uint32_t)(q)[2] << 16 |                 \
	       (uint32_t)(q)[3] << 24)                                                             \
	    : be32(q))
	if (RD16(t + 2) != 42)
		return ex;
	uint32_t ifd = RD32(t + 4);
	if (ifd < 8 || ifd > n || n - ifd < 2)
		return ex;
	unsigned count = RD16(t + ifd);
	for (unsigned i = 0; i < count; i++) {
		size_t e = ifd + 2 + (size_t)i * 12;
		if (e + 12 > n)
			return ex;
		if (RD16(t + e) != 0x0112)
			continue;
		unsigned type = RD16(t + e + 2);
		uint32_t v = type == 3 ? RD16(t + e + 8) : type == 4 ? RD32(t + e + 8) : 0;
		ex.orientation = (unsigned)(v > 65535 ? 65535 : v);
		ex.state = (type == 3 || type == 4) && v >= 1 && v <= 8 ? EXIF_OK : EXIF_BOGUS;
		return ex;
	}
	ex.state = EXIF_NONE;
	return ex;
#undef RD16
#undef RD32
}

/* The orientation to apply from what ex says: 1 unless EXIF_OK. */
static unsigned exif_orientation(struct exif ex)
{
	return ex.state == EXIF_OK ? ex.orientation : 1;
}

/*
 * A warning at pos when the EXIF data is there but cannot be used (the
 * photo is then shown as stored).  Called once the photo has decoded.
 */
static void exif_warn(const char *path, const struct cv_pos *pos, struct exif ex)
{
	if (ex.state == EXIF_BOGUS)
		cv_msg(CV_WARN, pos, "image-exif",
		       "photo \"%s\" has an EXIF orientation of %u, not one of 1 to 8; it is "
		       "shown as stored",
		       path, ex.orientation);
	else if (ex.state == EXIF_TRUNCATED)
		cv_msg(CV_WARN, pos, "image-exif",
		       "photo \"%s\" has truncated or malformed EXIF data; its orientation is "
		       "ignored and it is shown as stored",
		       path);
}

/* True when orientation o swaps width and height (5-8: a quarter turn). */
static bool turns(unsigned o)
{
	return o >= 5 && o <= 8;
}

/*
 * The w x h picture px (ch channels, as stored) shown the way EXIF
 * orientation o asks (2 mirrored, 3 half turn, 4 flipped, 5 transposed,
 * 6 quarter turn clockwise, 7 transversed, 8 quarter turn anticlockwise).
 * Returns a new buffer; the caller frees it.
 */
static unsigned char *orient(const unsigned char *px, unsigned w, unsigned h, unsigned ch,
                             unsigned o)
{
	unsigned dw = turns(o) ? h : w;
	unsigned char *out = x_malloc((size_t)w * h * ch);
	for (unsigned y = 0; y < h; y++)
		for (unsigned x = 0; x < w; x++) {
			unsigned X, Y;
			switch (o) {
			case 2:
				X = w - 1 - x, Y = y;
				break;
			case 3:
				X = w - 1 - x, Y = h - 1 - y;
				break;
			case 4:
				X = x, Y = h - 1 - y;
				break;
			case 5:
				X = y, Y = x;
				break;
			case 6:
				X = h - 1 - y, Y = x;
				break;
			case 7:
				X = h - 1 - y, Y = w - 1 - x;
				break;
			case 8:
				X = y, Y = w - 1 - x;
				break;
			default:
				X = x, Y = y;
				break;
			}
			memcpy(out + ((size_t)Y * dw + X) * ch, px + ((size_t)y * w + x) * ch, ch);
		}
	return out;
}

/* ---- JPEG -------------------------------------------------------------- */

/* What the markers before the first scan say. */
struct jpeg_info {
	unsigned w, h;    /* [px] as stored */
	unsigned comps;   /* 1, 3 or 4 */
	bool exif_seen;   /* an APP1 segment with EXIF data came */
	struct exif exif; /* what the first one says */
	bool adobe;       /* has an Adobe APP14 segment */
};

/*
 * Check a JPEG's structure up to its first scan: markers, a frame header
 * (SOF) of a kind PDF viewers can show.  Returns NULL if fine, else sets
 * *id and returns the problem.  The data itself is checked by decoding it.
 */
static const char *jpeg_check(const unsigned char *d, size_t len, struct jpeg_info *ji,
                              const char **id)
{
	*id = "image-truncated";
	bool sof = false;
	size_t i = 2;
	for (;;) {
		if (i >= len)
			return "is truncated";
		if (d[i] != 0xFF) {
			*id = "image-corrupt";
			return "is corrupt: bad marker";
		}
		while (i < len && d[i] == 0xFF)
			i++;
		if (i >= len)
			return "is truncated";
		unsigned m = d[i++];
		if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7))
			continue;
		if (m == 0xD9) {
			*id = "image-corrupt";
			return "is corrupt: no image data";
		}
		if (i + 2 > len)
			return "is truncated";
		unsigned seglen = be16(d + i);
		if (seglen < 2) {
			*id = "image-corrupt";
			return "is corrupt: bad segment length";
		}
		if (i + seglen > len)
			return "is truncated";
		const unsigned char *seg = d + i + 2;
		size_t n = seglen - 2;
		/*
		 * Only the first APP1 segment that starts "Exif\0\0" counts.  Other
		 * APP1 segments (XMP, extended XMP) often follow it and say nothing
		 * about it.
		 */
		if (m == 0xE1 && !ji->exif_seen && n >= 6 && memcmp(seg, "Exif\0\0", 6) == 0) {
			ji->exif_seen = true;
			ji->exif = exif_parse(seg + 6, n - 6);
		}
		if (m == 0xEE && n >= 5 && memcmp(seg, "Adobe", 5) == 0)
			ji->adobe = true;
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			if (m > 0xC2) {
				*id = "image-format";
				return "uses a JPEG coding PDF viewers cannot show (lossless, "
				       "hierarchical or arithmetic); save it as a baseline JPEG";
			}
			if (n < 6) {
				*id = "image-corrupt";
				return "is corrupt: short frame header";
			}
			if (seg[0] != 8) {
				*id = "image-format";
				return "has 12-bit samples, which PDF viewers cannot show; save it "
				       "with 8 bits a sample";
			}
			ji->h = be16(seg + 1);
			ji->w = be16(seg + 3);
			ji->comps = seg[5];
			if (ji->w == 0 || ji->h == 0 ||
			    (ji->comps != 1 && ji->comps != 3 && ji->comps != 4)) {
				*id = "image-corrupt";
				return "is corrupt: bad frame header";
			}
			sof = true;
		}
		if (m == 0xDA) {
			if (!sof) {
				*id = "image-corrupt";
				return "is corrupt: no frame header before the image data";
			}
			return NULL;
		}
		i += seglen;
	}
}

/* libjpeg's error manager: every error and every warning ends the decoding. */
struct jpeg_err {
	struct jpeg_error_mgr pub;
	jmp_buf jb;
	int code;                  /* libjpeg's message code */
	char msg[JMSG_LENGTH_MAX]; /* its text */
};

static void jpeg_fail(j_common_ptr ci)
{
	struct jpeg_err *e = (struct jpeg_err *)ci->err;
	e->code = ci->err->msg_code;
	(*ci->err->format_message)(ci, e->msg);
	longjmp(e->jb, 1);
}

static void jpeg_emit(j_common_ptr ci, int level)
{
	/* A newer JFIF revision says nothing about the data. */
	if (level < 0 && ci->err->msg_code != JWRN_JFIF_MAJOR)
		jpeg_fail(ci);
}

struct jpeg_run {
	struct jpeg_decompress_struct ci;
	struct jpeg_err err;
	size_t used; /* [bytes] up to and including EOI */
};

/*
 * Decode the JPEG d[0..len) at 1/denom of its size into colour space cs,
 * every row into sk (NULL: decode only to check the data).  Returns true;
 * else false with libjpeg's code and text in r->err.  sk's buffers are
 * the caller's to free either way.
 */
static bool jpeg_decode(struct jpeg_run *r, const unsigned char *d, size_t len, unsigned denom,
                        J_COLOR_SPACE cs, struct shrink *sk)
{
	struct jpeg_decompress_struct *ci = &r->ci;
	ci->err = jpeg_std_error(&r->err.pub);
	r->err.pub.error_exit = jpeg_fail;
	r->err.pub.emit_message = jpeg_emit;
	if (setjmp(r->err.jb)) {
		jpeg_destroy_decompress(ci);
		return false;
	}
	jpeg_create_decompress(ci);
	ci->mem->max_memory_to_use = IMAGE_DECODE_BUDGET;
	jpeg_mem_src(ci, d, (unsigned long)len);
	jpeg_read_header(ci, TRUE);
	ci->scale_num = 1;
	ci->scale_denom = denom;
	ci->out_color_space = cs;
	ci->dct_method = JDCT_ISLOW;
	jpeg_start_decompress(ci);
	if (sk)
		shrink_start(sk, ci->output_width, ci->output_height,
		             (unsigned)ci->output_components, false);
	JSAMPARRAY row = (*ci->mem->alloc_sarray)((j_common_ptr)ci, JPOOL_IMAGE,
	                                          ci->output_width * ci->output_components, 1);
	while (ci->output_scanline < ci->output_height) {
		jpeg_read_scanlines(ci, row, 1);
		if (sk)
			shrink_row(sk, row[0]);
	}
	jpeg_finish_decompress(ci);
	r->used = (size_t)(ci->src->next_input_byte - d);
	jpeg_destroy_decompress(ci);
	return true;
}

/* A growing memory destination for libjpeg; buf is the caller's to free. */
struct jpeg_sink {
	struct jpeg_destination_mgr pub;
	unsigned char *buf;
	size_t cap;
};

static void sink_init(j_compress_ptr ci)
{
	struct jpeg_sink *s = (struct jpeg_sink *)ci->dest;
	s->cap = 64 * 1024;
	s->buf = x_malloc(s->cap);
	s->pub.next_output_byte = s->buf;
	s->pub.free_in_buffer = s->cap;
}

static boolean sink_grow(j_compress_ptr ci)
{
	struct jpeg_sink *s = (struct jpeg_sink *)ci->dest;
	size_t old = s->cap;
	s->cap *= 2;
	s->buf = x_realloc(s->buf, s->cap);
	s->pub.next_output_byte = s->buf + old;
	s->pub.free_in_buffer = s->cap - old;
	return TRUE;
}

static void sink_term(j_compress_ptr ci)
{
	(void)ci;
}

struct jpeg_enc {
	struct jpeg_compress_struct ci;
	struct jpeg_err err;
	struct jpeg_sink sink;
};

/*
 * Encode im's samples (w x h x comps) as a baseline JPEG at
 * IMAGE_JPEG_QUALITY with optimised Huffman tables, replacing them; CMYK
 * keeps its samples and carries an Adobe segment only when adobe.  False
 * (libjpeg's text in e->err.msg) if libjpeg fails.
 */
static bool jpeg_encode(struct jpeg_enc *e, struct cv_image *im, bool adobe)
{
	struct jpeg_compress_struct *ci = &e->ci;
	ci->err = jpeg_std_error(&e->err.pub);
	e->err.pub.error_exit = jpeg_fail;
	e->err.pub.emit_message = jpeg_emit;
	if (setjmp(e->err.jb)) {
		jpeg_destroy_compress(ci);
		x_free(e->sink.buf);
		e->sink.buf = NULL;
		return false;
	}
	jpeg_create_compress(ci);
	e->sink.pub.init_destination = sink_init;
	e->sink.pub.empty_output_buffer = sink_grow;
	e->sink.pub.term_destination = sink_term;
	ci->dest = &e->sink.pub;
	ci->image_width = im->w;
	ci->image_height = im->h;
	ci->input_components = (int)im->comps;
	ci->in_color_space = im->comps == 1 ? JCS_GRAYSCALE : im->comps == 3 ? JCS_RGB : JCS_CMYK;
	jpeg_set_defaults(ci);
	jpeg_set_quality(ci, IMAGE_JPEG_QUALITY, TRUE);
	ci->optimize_coding = TRUE;
	ci->dct_method = JDCT_ISLOW;
	if (im->comps == 4)
		ci->write_Adobe_marker = adobe;
	jpeg_start_compress(ci, TRUE);
	size_t stride = (size_t)im->w * im->comps;
	while (ci->next_scanline < ci->image_height) {
		JSAMPROW row = im->data + ci->next_scanline * stride;
		jpeg_write_scanlines(ci, &row, 1);
	}
	jpeg_finish_compress(ci);
	jpeg_destroy_compress(ci);
	x_free(im->data);
	im->data = e->sink.buf;
	im->len = e->sink.cap - e->sink.pub.free_in_buffer;
	im->jpeg = true;
	e->sink.buf = NULL;
	return true;
}

/* "Corrupt JPEG data: ..." -> "corrupt JPEG data: ..." */
static const char *lower_first(char *s)
{
	if (s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z'))
		s[0] = (char)(s[0] - 'A' + 'a');
	return s;
}

static void report_jpeg(const char *path, const struct cv_pos *pos, const struct jpeg_info *ji,
                        struct jpeg_err *e)
{
	if (e->code == JERR_NO_BACKING_STORE || e->code == JERR_OUT_OF_MEMORY)
		report_budget(path, pos, "a progressive or multi-scan JPEG", ji->w, ji->h,
		              "save it as a baseline JPEG");
	else if (e->code == JWRN_JPEG_EOF)
		cv_msg(CV_ERROR, pos, "image-truncated", "photo \"%s\" is truncated", path);
	else
		cv_msg(CV_ERROR, pos, "image-damaged", "photo \"%s\" is damaged: %s", path,
		       lower_first(e->msg));
}

static bool read_jpeg(const char *path, const struct cv_pos *pos, const unsigned char *d,
                      size_t len, double bw, double bh, struct cv_image *im)
{
	struct jpeg_info ji = {0};
	const char *id;
	const char *problem = jpeg_check(d, len, &ji, &id);
	if (problem) {
		/* id is one of image-truncated, image-corrupt, image-format */
		if (strcmp(id, "image-truncated") == 0)
			cv_msg(CV_ERROR, pos, "image-truncated", "photo \"%s\" %s", path, problem);
		else if (strcmp(id, "image-format") == 0)
			cv_msg(CV_ERROR, pos, "image-format", "photo \"%s\" %s", path, problem);
		else
			cv_msg(CV_ERROR, pos, "image-corrupt", "photo \"%s\" %s", path, problem);
		return false;
	}
	if (too_large(path, pos, ji.w, ji.h))
		return false;
	unsigned o = exif_orientation(ji.exif);
	unsigned dw = turns(o) ? ji.h : ji.w, dh = turns(o) ? ji.w : ji.h; /* as shown */
	unsigned tw, th;
	J_COLOR_SPACE cs = ji.comps == 1 ? JCS_GRAYSCALE : ji.comps == 3 ? JCS_RGB : JCS_CMYK;
	*im = (struct cv_image){.src_w = ji.w, .src_h = ji.h, .orientation = o, .comps = ji.comps};
	im->inverted =
	    ji.adobe && ji.comps == 4; /* Photoshop's CMYK JPEGs store inverted samples */
	struct jpeg_run *r = x_calloc(1, sizeof *r);
	struct shrink sk = {0};
	bool ok = false;
	fit(dw, dh, bw, bh, false, &tw, &th);
	if (o == 1 && tw == dw && th == dh) {
		/* Kept as it is: decoded only to be sure it decodes cleanly. */
		if (!jpeg_decode(r, d, len, 8, cs, NULL)) {
			report_jpeg(path, pos, &ji, &r->err);
			goto done;
		}
		im->w = ji.w;
		im->h = ji.h;
		im->jpeg = im->passed_through = true;
		im->len = r->used;
		im->data = x_malloc(im->len);
		memcpy(im->data, d, im->len);
		ok = true;
		goto done;
	}
	fit(dw, dh, bw, bh, true, &tw, &th);
	sk.ow = turns(o) ? th : tw; /* as stored */
	sk.oh = turns(o) ? tw : th;
	unsigned denom = 8;
	while (denom > 1 &&
	       ((ji.w + denom - 1) / denom < sk.ow || (ji.h + denom - 1) / denom < sk.oh))
		denom /= 2;
	if (!jpeg_decode(r, d, len, denom, cs, &sk)) {
		report_jpeg(path, pos, &ji, &r->err);
		goto done;
	}
	im->w = tw;
	im->h = th;
	if (o == 1) {
		im->data = sk.out;
		sk.out = NULL;
	} else {
		im->data = orient(sk.out, sk.ow, sk.oh, sk.ch, o);
	}
	im->len = (size_t)tw * th * ji.comps;
	struct jpeg_enc *e = x_calloc(1, sizeof *e);
	ok = jpeg_encode(e, im, ji.adobe);
	if (!ok)
		cv_msg(CV_ERROR, pos, "image-corrupt", "photo \"%s\" could not be re-encoded (%s)",
		       path, lower_first(e->err.msg));
	x_free(e);
done:
	shrink_free(&sk);
	x_free(r);
	if (ok)
		exif_warn(path, pos, ji.exif);
	else
		cv_image_free(im);
	return ok;
}

/* ---- PNG --------------------------------------------------------------- */

/* True if the chunk sequence is complete up to IEND. */
static bool png_complete(const unsigned char *d, size_t len)
{
	size_t i = 8;
	while (i + 12 <= len) {
		uint32_t n = be32(d + i);
		if (n > len - i - 12)
			return false;
		if (memcmp(d + i + 4, "IEND", 4) == 0)
			return true;
		i += 12 + (size_t)n;
	}
	return false;
}

/*
 * What the first eXIf chunk of the complete PNG d[0..len) says (EXIF data
 * without the "Exif\0\0" of a JPEG's APP1); EXIF_NONE when there is none.
 */
static struct exif png_exif(const unsigned char *d, size_t len)
{
	size_t i = 8;
	while (i + 12 <= len) {
		uint32_t n = be32(d + i);
		if (n > len - i - 12 || memcmp(d + i + 4, "IEND", 4) == 0)
			break;
		if (memcmp(d + i + 4, "eXIf", 4) == 0)
			return exif_parse(d + i + 8, n);
		i += 12 + (size_t)n;
	}
	return (struct exif){EXIF_NONE, 0};
}

struct png_run {
	png_structp png;
	png_infop info;
	const unsigned char *d;
	size_t len, at;
	char msg[256];        /* libpng's error */
	bool budget;          /* failed: an interlaced image above IMAGE_DECODE_BUDGET */
	unsigned char *row;   /* one decoded row */
	unsigned char *whole; /* or the whole image (interlaced) */
	png_bytep *rows;
};

static void png_fail(png_structp png, png_const_charp m)
{
	struct png_run *r = png_get_error_ptr(png);
	snprintf(r->msg, sizeof r->msg, "%s", m);
	png_longjmp(png, 1);
}

static void png_quiet(png_structp png, png_const_charp m)
{
	(void)png;
	(void)m;
}

static void png_feed(png_structp png, png_bytep out, size_t n)
{
	struct png_run *r = png_get_io_ptr(png);
	if (n > r->len - r->at)
		png_error(png, "unexpected end of file");
	memcpy(out, r->d + r->at, n);
	r->at += n;
}

/*
 * Decode the PNG in r into sk at the size fit() gives for a box of bw x bh
 * [pt] once turned for EXIF orientation o (sk stays as stored): 8 bits a
 * channel, gray or RGB, plus alpha when the file has transparency (an
 * alpha channel or tRNS).  Gamma is corrected to sRGB
 * when the file says it is something else.  Returns true; else false with
 * libpng's text in r->msg, or r->budget set.  sk's buffers and r's rows
 * are the caller's to free either way.
 */
static bool png_decode(struct png_run *r, double bw, double bh, unsigned o, struct shrink *sk)
{
	if (setjmp(png_jmpbuf(r->png)))
		return false;
	png_set_read_fn(r->png, r, png_feed);
	png_set_user_limits(r->png, IMAGE_MAX_SIDE, IMAGE_MAX_SIDE);
	png_read_info(r->png, r->info);
	png_uint_32 w = png_get_image_width(r->png, r->info);
	png_uint_32 h = png_get_image_height(r->png, r->info);
	int type = png_get_color_type(r->png, r->info);
	int depth = png_get_bit_depth(r->png, r->info);
	if (type == PNG_COLOR_TYPE_PALETTE)
		png_set_palette_to_rgb(r->png);
	if (type == PNG_COLOR_TYPE_GRAY && depth < 8)
		png_set_expand_gray_1_2_4_to_8(r->png);
	if (png_get_valid(r->png, r->info, PNG_INFO_tRNS))
		png_set_tRNS_to_alpha(r->png);
	if (depth == 16)
		png_set_scale_16(r->png);
	png_set_alpha_mode(r->png, PNG_ALPHA_PNG, PNG_DEFAULT_sRGB);
	bool interlaced = png_get_interlace_type(r->png, r->info) != PNG_INTERLACE_NONE;
	if (interlaced)
		png_set_interlace_handling(r->png);
	png_read_update_info(r->png, r->info);
	unsigned ch = png_get_channels(r->png, r->info);
	size_t rowbytes = png_get_rowbytes(r->png, r->info);
	if (rowbytes != (size_t)w * ch) /* not 8-bit samples: cannot happen */
		png_error(r->png, "unexpected sample layout");
	unsigned tw, th; /* as shown */
	fit(turns(o) ? h : w, turns(o) ? w : h, bw, bh, true, &tw, &th);
	sk->ow = turns(o) ? th : tw;
	sk->oh = turns(o) ? tw : th;
	shrink_start(sk, w, h, ch, ch == 2 || ch == 4);
	if (interlaced) {
		/* Adam7 delivers the rows in seven passes: hold the image. */
		if ((uint64_t)rowbytes * h > IMAGE_DECODE_BUDGET) {
			r->budget = true;
			return false;
		}
		r->whole = x_malloc(rowbytes * h);
		r->rows = x_malloc(h * sizeof *r->rows);
		for (png_uint_32 y = 0; y < h; y++)
			r->rows[y] = r->whole + y * rowbytes;
		png_read_image(r->png, r->rows);
		for (png_uint_32 y = 0; y < h; y++)
			shrink_row(sk, r->rows[y]);
	} else {
		r->row = x_malloc(rowbytes);
		for (png_uint_32 y = 0; y < h; y++) {
			png_read_row(r->png, r->row, NULL);
			shrink_row(sk, r->row);
		}
	}
	png_read_end(r->png, NULL);
	return true;
}

/*
 * Give fully transparent pixels the colour of their nearest visible
 * neighbour in the row (or the row above), so that a JPEG's blocks at the
 * edge of the mask do not pull in a colour that was never meant to show.
 */
static void fill_transparent(struct cv_image *im)
{
	size_t cc = im->comps, stride = (size_t)im->w * cc;
	for (unsigned y = 0; y < im->h; y++) {
		unsigned char *row = im->data + y * stride;
		const unsigned char *a = im->alpha + (size_t)y * im->w;
		unsigned first = im->w;
		for (unsigned x = 0; x < im->w; x++) {
			if (a[x])
				first = first < x ? first : x;
			else if (first < x)
				memcpy(row + x * cc, row + (x - 1) * cc, cc);
		}
		if (first == im->w && y > 0)
			memcpy(row, row - stride, stride);
		for (unsigned x = first; x-- > 0 && first < im->w;)
			memcpy(row + x * cc, row + (x + 1) * cc, cc);
	}
}

static bool read_png(const char *path, const struct cv_pos *pos, const unsigned char *d, size_t len,
                     double bw, double bh, struct cv_image *im)
{
	if (len >= 24 && memcmp(d + 12, "IHDR", 4) == 0 &&
	    too_large(path, pos, be32(d + 16), be32(d + 20)))
		return false;
	if (!png_complete(d, len)) {
		cv_msg(CV_ERROR, pos, "image-truncated", "photo \"%s\" is truncated", path);
		return false;
	}
	struct exif ex = png_exif(d, len);
	unsigned o = exif_orientation(ex);
	struct png_run *r = x_calloc(1, sizeof *r);
	struct shrink sk = {0};
	bool ok = false;
	r->d = d;
	r->len = len;
	r->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, r, png_fail, png_quiet);
	r->info = r->png ? png_create_info_struct(r->png) : NULL;
	if (!r->info) {
		cv_msg(CV_ERROR, pos, "image-corrupt", "photo \"%s\" could not be decoded (libpng)",
		       path);
		goto done;
	}
	if (!png_decode(r, bw, bh, o, &sk)) {
		if (r->budget)
			report_budget(path, pos, "an interlaced PNG", (unsigned)be32(d + 16),
			              (unsigned)be32(d + 20), "save it without interlacing");
		else
			cv_msg(CV_ERROR, pos, "image-corrupt", "photo \"%s\" is a corrupt PNG (%s)",
			       path, r->msg);
		goto done;
	}
	bool shrunk = sk.ow != sk.sw || sk.oh != sk.sh;
	if (o != 1) {
		unsigned char *turned = orient(sk.out, sk.ow, sk.oh, sk.ch, o);
		x_free(sk.out);
		sk.out = turned;
	}
	*im = (struct cv_image){.w = turns(o) ? sk.oh : sk.ow,
	                        .h = turns(o) ? sk.ow : sk.oh,
	                        .src_w = sk.sw,
	                        .src_h = sk.sh,
	                        .orientation = o};
	im->comps = sk.alpha ? sk.ch - 1 : sk.ch;
	im->data = sk.out;
	im->len = (size_t)im->w * im->h * im->comps;
	sk.out = NULL;
	if (sk.alpha) {
		/* Split the alpha channel off into its own plane. */
		size_t npix = (size_t)im->w * im->h, cc = im->comps;
		bool opaque = true;
		im->alpha = x_malloc(npix);
		for (size_t i = 0; i < npix; i++) {
			const unsigned char *s = im->data + i * sk.ch;
			memmove(im->data + i * cc, s, cc);
			im->alpha[i] = s[cc];
			opaque = opaque && s[cc] == 255;
		}
		if (opaque) {
			x_free(im->alpha);
			im->alpha = NULL;
		}
	}
	ok = true;
	if (shrunk) {
		struct jpeg_enc *e = x_calloc(1, sizeof *e);
		if (im->alpha)
			fill_transparent(im);
		ok = jpeg_encode(e, im, false);
		if (!ok)
			cv_msg(CV_ERROR, pos, "image-corrupt",
			       "photo \"%s\" could not be re-encoded (%s)", path,
			       lower_first(e->err.msg));
		x_free(e);
	}
done:
	if (r->png)
		png_destroy_read_struct(&r->png, r->info ? &r->info : NULL, NULL);
	x_free(r->row);
	x_free(r->whole);
	x_free(r->rows);
	x_free(r);
	shrink_free(&sk);
	if (ok)
		exif_warn(path, pos, ex);
	else
		cv_image_free(im);
	return ok;
}

/* ---- the module's interface ------------------------------------------- */

bool cv_image_png(const struct cv_image *im, unsigned char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	if (im->jpeg || (im->comps != 1 && im->comps != 3))
		return false;
	png_image pi;
	memset(&pi, 0, sizeof pi);
	pi.version = PNG_IMAGE_VERSION;
	pi.width = im->w;
	pi.height = im->h;
	pi.format =
	    (im->comps == 3 ? PNG_FORMAT_FLAG_COLOR : 0) | (im->alpha ? PNG_FORMAT_FLAG_ALPHA : 0);
	size_t npix = (size_t)im->w * im->h, ch = im->comps + (im->alpha ? 1 : 0);
	const unsigned char *px = im->data;
	unsigned char *joined = NULL;
	if (im->alpha) { /* interleave the soft mask again */
		joined = x_malloc(npix * ch);
		for (size_t i = 0; i < npix; i++) {
			memcpy(joined + i * ch, im->data + i * im->comps, im->comps);
			joined[i * ch + im->comps] = im->alpha[i];
		}
		px = joined;
	}
	png_alloc_size_t n = 0;
	bool ok = png_image_write_to_memory(&pi, NULL, &n, 0, px, 0, NULL) && n > 0;
	if (ok) {
		*out = x_malloc(n);
		ok = png_image_write_to_memory(&pi, *out, &n, 0, px, 0, NULL);
	}
	png_image_free(&pi);
	x_free(joined);
	if (!ok) {
		x_free(*out);
		*out = NULL;
		return false;
	}
	*len = n;
	return true;
}

void cv_image_free(struct cv_image *im)
{
	if (!im)
		return;
	x_free(im->data);
	x_free(im->alpha);
	memset(im, 0, sizeof *im);
}

bool cv_image_read(const char *path, const struct cv_pos *pos, double box_w, double box_h,
                   struct cv_image *im)
{
	memset(im, 0, sizeof *im);
	char *data = NULL;
	size_t len = 0;
	int err = cv_file_read(path, IMAGE_MAX_BYTES, &data, &len);
	if (err == ENOENT || err == ENOTDIR) {
		cv_msg(CV_ERROR, pos, "image-missing", "photo \"%s\" does not exist", path);
		return false;
	}
	if (err == EFBIG) {
		cv_msg(CV_ERROR, pos, "image-too-large", "photo \"%s\" is larger than %u MB", path,
		       IMAGE_MAX_BYTES / (1024 * 1024));
		return false;
	}
	if (err == EISDIR) {
		cv_msg(CV_ERROR, pos, "image-unreadable", "photo \"%s\" is a directory", path);
		return false;
	}
	if (err) {
		cv_msg(CV_ERROR, pos, "image-unreadable", "cannot read photo \"%s\": %s", path,
		       strerror(err));
		return false;
	}
	bool ok = cv_image_decode((const unsigned char *)data, len, path, pos, box_w, box_h, im);
	x_free(data);
	return ok;
}

bool cv_image_decode(const unsigned char *d, size_t len, const char *path, const struct cv_pos *pos,
                     double box_w, double box_h, struct cv_image *im)
{
	memset(im, 0, sizeof *im);
	bool ok = false;
	if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		ok = read_jpeg(path, pos, d, len, box_w, box_h, im);
	else if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		ok = read_png(path, pos, d, len, box_w, box_h, im);
	else if (len == 0)
		cv_msg(CV_ERROR, pos, "image-format", "photo \"%s\" is empty", path);
	else
		cv_msg(CV_ERROR, pos, "image-format",
		       "photo \"%s\" is neither a JPEG nor a PNG file", path);
	return ok;
}

static HPDF_Image raw_image(HPDF_Doc pdf, const unsigned char *buf, unsigned w, unsigned h,
                            bool color)
{
	HPDF_Image img = HPDF_LoadRawImageFromMem(
	    pdf, buf, w, h, color ? HPDF_CS_DEVICE_RGB : HPDF_CS_DEVICE_GRAY, 8);
	if (img) /* always compress pixels, whatever the document's mode */
		img->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	return img;
}

/* Mark an image's CMYK samples as inverted (/Decode [1 0 1 0 1 0 1 0]). */
static HPDF_STATUS add_inverted(HPDF_Image img)
{
	HPDF_Array decode = HPDF_Array_New(img->mmgr);
	HPDF_STATUS st = decode ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM;
	for (int i = 0; i < 8 && st == HPDF_OK; i++)
		st = HPDF_Array_AddNumber(decode, i % 2 ? 0 : 1);
	if (st == HPDF_OK)
		st = HPDF_Dict_Add(img, "Decode", decode);
	return st;
}

void *cv_image_load(void *pdf, const char *path, const struct cv_pos *pos, double box_w,
                    double box_h, unsigned *w, unsigned *h)
{
	struct cv_image im;
	HPDF_Image img = NULL;
	*w = *h = 0;
	if (!cv_image_read(path, pos, box_w, box_h, &im))
		return NULL;
	HPDF_STATUS st = HPDF_OK;
	if (im.jpeg)
		img = HPDF_LoadJpegImageFromMem(pdf, im.data, (HPDF_UINT)im.len);
	else
		img = raw_image(pdf, im.data, im.w, im.h, im.comps == 3);
	if (img && im.inverted)
		st = add_inverted(img);
	if (img && st == HPDF_OK && im.alpha) {
		HPDF_Image sm = raw_image(pdf, im.alpha, im.w, im.h, false);
		st = sm ? HPDF_Image_AddSMask(img, sm) : HPDF_GetError(pdf);
	}
	if (!img || st != HPDF_OK) {
		HPDF_STATUS code = st != HPDF_OK ? st : HPDF_GetError(pdf);
		HPDF_ResetError(pdf);
		cv_msg(CV_ERROR, pos, "image-corrupt",
		       "photo \"%s\" could not be embedded (libharu error 0x%04X)", path,
		       (unsigned)code);
		img = NULL;
		goto done;
	}
	*w = im.w;
	*h = im.h;
done:
	cv_image_free(&im);
	return img;
}
