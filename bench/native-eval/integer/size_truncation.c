/* Archive extractor: copies member data into a buffer sized by a short. */
#include <stdlib.h>
#include <string.h>
#include <stddef.h>

struct member {
    const unsigned char *data;
    size_t size;
};

/* BAD: CWE-197 */
unsigned char *member_copy(const struct member *m)
{
    unsigned short n = m->size; /* FLAW: CWE-197 */
    unsigned char *out = malloc(n);
    if (out == NULL)
        return NULL;
    memcpy(out, m->data, m->size);
    return out;
}

/* BAD: CWE-197 */
int member_length(const struct member *m)
{
    int len = (int)m->size; /* FLAW: CWE-197 */
    return len;
}

/* GOOD: CWE-197 */
unsigned char *member_copy_sized(const struct member *m)
{
    size_t n = m->size;
    unsigned char *out = malloc(n ? n : 1);
    if (out == NULL)
        return NULL;
    memcpy(out, m->data, n);
    return out;
}

/* GOOD: CWE-197 */
int member_length_checked(const struct member *m, int *len)
{
    if (m->size > 0x7fffffff)
        return -1;
    *len = (int)m->size;
    return 0;
}
