/* Builds the response header block of a tiny embedded HTTP server. */
#include <stdio.h>
#include <string.h>

#define HDR_BUF 256

typedef struct {
    const char *content_type;
    const char *server_name;
    long content_length;
} response_meta;

/* BAD: CWE-121 */
int build_headers_unsafe(const response_meta *meta, const char *extra, char *out, size_t outlen)
{
    char hdr[HDR_BUF];
    hdr[0] = '\0';
    strcat(hdr, "HTTP/1.0 200 OK\r\nContent-Type: ");
    strcat(hdr, meta->content_type); /* FLAW: CWE-121 */
    strcat(hdr, "\r\nX-Extra: ");
    strcat(hdr, extra); /* FLAW: CWE-121 */
    strcat(hdr, "\r\n\r\n");
    if (strlen(hdr) + 1 > outlen)
        return -1;
    memcpy(out, hdr, strlen(hdr) + 1);
    return 0;
}

/* GOOD: CWE-121 */
int build_headers(const response_meta *meta, const char *extra, char *out, size_t outlen)
{
    char hdr[HDR_BUF];
    int n = snprintf(hdr, sizeof hdr,
                     "HTTP/1.0 200 OK\r\nContent-Type: %s\r\nX-Extra: %s\r\n\r\n",
                     meta->content_type, extra);
    if (n < 0 || (size_t)n >= sizeof hdr)
        return -1;
    if ((size_t)n + 1 > outlen)
        return -1;
    memcpy(out, hdr, (size_t)n + 1);
    return 0;
}

/* GOOD: CWE-121 */
int build_status_line(char *out, size_t outlen)
{
    char line[64];
    strcpy(line, "HTTP/1.0 204 No Content");
    strcat(line, "\r\n");
    if (strlen(line) >= outlen)
        return -1;
    strncpy(out, line, outlen - 1);
    out[outlen - 1] = '\0';
    return 0;
}
