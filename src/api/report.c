/* report.c - mujaz build's JSON report (doc/report.schema.json), for pipelines. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/batch_int.h"
#include "util/outfile.h"

/* The length of the UTF-8 sequence at s (at most n bytes), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    size_t k = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (!k || k > n || (k == 2 && s[0] < 0xC2)) return 0;
    for (size_t i = 1; i < k; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    return k;
}

/* A JSON string: quotes, backslashes and control characters escaped; bytes
 * that are not UTF-8 (a path may hold any) as U+FFFD, so the report stays
 * valid JSON. */
static void put_json(mz_buf *b, const char *s, size_t n)
{
    mz_buf_puts(b, "\"");
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t k = utf8_len((const unsigned char *)s + i, n - i);
        if (c == '"' || c == '\\') mz_buf_printf(b, "\\%c", c);
        else if (c < 0x20) mz_buf_printf(b, "\\u%04x", c);
        else if (k) mz_buf_put(b, s + i, k);
        else mz_buf_puts(b, "\xEF\xBF\xBD");
        i += k ? k : 1;
    }
    mz_buf_puts(b, "\"");
}

static void put_str(mz_buf *b, const char *s)
{
    if (s) put_json(b, s, strlen(s));
    else mz_buf_puts(b, "null");
}

/* One warning line "FILE:LINE: text" or "FILE: text" (the batch prefixes
 * the input's name) as {"file", "line", "message"}. */
static void put_warning(mz_buf *b, const char *input, const char *w, size_t n)
{
    size_t il = strlen(input);
    long line = -1;
    const char *msg = w;
    if (n > il && strncmp(w, input, il) == 0 && w[il] == ':') {
        const char *p = w + il + 1, *q = p;
        while (q < w + n && isdigit((unsigned char)*q)) q++;
        if (q > p && q < w + n && *q == ':') {
            line = strtol(p, NULL, 10);
            p = q + 1;
        }
        while (p < w + n && *p == ' ') p++;
        msg = p;
    }
    mz_buf_puts(b, "{\"file\": ");
    put_str(b, input);
    if (line >= 0) mz_buf_printf(b, ", \"line\": %ld", line);
    else mz_buf_puts(b, ", \"line\": null");
    mz_buf_puts(b, ", \"message\": ");
    put_json(b, msg, (size_t)(w + n - msg));
    mz_buf_puts(b, "}");
}

static void put_job(mz_buf *b, const mz_batch_job *j, const mz_jobinfo *ji)
{
    const char *state = j->status ? "failed" : j->up_to_date ? "up-to-date" : "rendered";
    mz_buf_puts(b, "    {\"input\": ");
    put_str(b, j->input);
    mz_buf_puts(b, ", \"output\": ");
    put_str(b, j->output);
    mz_buf_printf(b, ", \"state\": \"%s\", \"status\": \"%s\", \"code\": %d,\n     \"seconds\": %.6f, "
                     "\"pages\": %d, \"bytes\": %lld,\n     \"error\": ",
                  state, mz_status_name(j->status), (int)j->status, j->seconds, j->pages, j->bytes);
    put_str(b, j->status ? (ji->error ? ji->error : mz_status_name(j->status)) : NULL);
    mz_buf_puts(b, ",\n     \"warnings\": [");
    int first = 1;
    const char *w = ji->warns.oom ? NULL : ji->warns.data;
    for (const char *nl; w && (nl = memchr(w, '\n', ji->warns.len - (size_t)(w - ji->warns.data))) != NULL;
         w = nl + 1) {
        mz_buf_puts(b, first ? "" : ", ");
        put_warning(b, j->input, w, (size_t)(nl - w));
        first = 0;
    }
    mz_buf_puts(b, "]}");
}

mz_status mz_batch_report(const mz_batch *b, mz_status st, const char *message, mz_diag *d)
{
    mz_buf r = {0};
    mz_buf_printf(&r, "{\n  \"mujaz\": \"%s\",\n  \"status\": \"%s\",\n  \"code\": %d,\n  \"message\": ",
                  MZ_VERSION, mz_status_name(st), (int)st);
    put_str(&r, st ? message : NULL);
    mz_buf_printf(&r, ",\n  \"seconds\": %.6f,\n  \"documents\": %zu,\n  \"rendered\": %zu,\n"
                      "  \"up_to_date\": %zu,\n  \"failed\": %zu,\n  \"pruned\": %zu,\n  \"jobs\": [\n",
                  b->seconds, b->n, b->sum.rendered, b->sum.up_to_date, b->sum.failed, b->sum.pruned);
    for (size_t i = 0; i < b->n; i++) {
        put_job(&r, &b->jobs[i], &b->info[i]);
        mz_buf_puts(&r, i + 1 < b->n ? ",\n" : "\n");
    }
    mz_buf_puts(&r, "  ]\n}\n");
    mz_status rs = MZ_OK;
    if (r.oom) rs = mz_fail(d, MZ_ERR_NOMEM, "out of memory writing the report");
    else rs = mz_out_file(b->bo->report, r.data, r.len, d); /* "-": standard output */
    mz_buf_free(&r);
    return rs;
}
