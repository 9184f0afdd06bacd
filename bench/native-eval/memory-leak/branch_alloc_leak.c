/* Response compression of a web server: small bodies are sent as they are. */
#include <stdlib.h>
#include <string.h>

size_t deflate_into(const char *in, size_t n, char *out, size_t cap);
int send_body(int fd, const char *body, size_t n);

/* BAD: CWE-401 */
int send_response(int fd, const char *body, size_t n, int gzip_ok)
{
    char *packed = NULL;
    size_t packed_len = 0;
    if (gzip_ok && n > 1024) {
        packed = malloc(n);
        if (packed == NULL)
            return -1;
        packed_len = deflate_into(body, n, packed, n);
    }
    if (packed_len == 0)
        return send_body(fd, body, n); /* FLAW: CWE-401 */
    n = (size_t)send_body(fd, packed, packed_len);
    free(packed);
    return (int)n;
}

/* GOOD: CWE-401 */
int send_response_fixed(int fd, const char *body, size_t n, int gzip_ok)
{
    char *packed = NULL;
    size_t packed_len = 0;
    int rc;
    if (gzip_ok && n > 1024) {
        packed = malloc(n);
        if (packed == NULL)
            return -1;
        packed_len = deflate_into(body, n, packed, n);
    }
    rc = packed_len == 0 ? send_body(fd, body, n) : send_body(fd, packed, packed_len);
    free(packed);
    return rc;
}
