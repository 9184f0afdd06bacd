/* "--buffer-size N" option of a log shipper. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct shipper {
    char *buffer;
    size_t size;
};

/* BAD: CWE-195 */
int shipper_set_buffer(struct shipper *s, const char *arg)
{
    int n = atoi(arg);
    s->buffer = malloc(n); /* FLAW: CWE-195 */
    if (s->buffer == NULL)
        return -1;
    s->size = (size_t)n;
    return 0;
}

/* GOOD: CWE-195 */
int shipper_set_buffer_checked(struct shipper *s, const char *arg)
{
    char *end = NULL;
    unsigned long n = strtoul(arg, &end, 10);
    if (end == arg || *end != '\0' || n == 0 || n > 64UL * 1024 * 1024)
        return -1;
    s->buffer = malloc(n);
    if (s->buffer == NULL)
        return -1;
    s->size = n;
    return 0;
}
