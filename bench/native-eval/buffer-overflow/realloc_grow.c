/* Growable byte buffer used by a JSON writer. */
#include <stdlib.h>
#include <string.h>

struct bytebuf {
    char *data;
    size_t len;
    size_t cap;
};

static int bytebuf_reserve(struct bytebuf *b, size_t need)
{
    char *p;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) {
        if (cap > ((size_t)-1) / 2)
            return -1;
        cap *= 2;
    }
    if (cap == b->cap)
        return 0;
    p = realloc(b->data, cap);
    if (p == NULL)
        return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

/* BAD: CWE-122 */
int bytebuf_append_unchecked(struct bytebuf *b, const char *s, size_t n)
{
    if (b->len == b->cap && bytebuf_reserve(b, b->cap + 1) != 0)
        return -1;
    memcpy(b->data + b->len, s, n); /* FLAW: CWE-122 */
    b->len += n;
    return 0;
}

/* GOOD: CWE-122 */
int bytebuf_append(struct bytebuf *b, const char *s, size_t n)
{
    if (n > ((size_t)-1) - b->len)
        return -1;
    if (bytebuf_reserve(b, b->len + n) != 0)
        return -1;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    return 0;
}
