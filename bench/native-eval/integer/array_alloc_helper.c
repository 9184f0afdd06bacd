/* Generic array allocation helpers of a container library. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* BAD: CWE-680 */
void *array_new(size_t count, size_t elem)
{
    void *p = malloc(count * elem); /* FLAW: CWE-680 */
    if (p != NULL)
        memset(p, 0, count * elem);
    return p;
}

/* GOOD: CWE-680 */
void *array_new_checked(size_t count, size_t elem)
{
    size_t bytes;
    void *p;
    if (__builtin_mul_overflow(count, elem, &bytes))
        return NULL;
    p = malloc(bytes);
    if (p != NULL)
        memset(p, 0, bytes);
    return p;
}

/* GOOD: CWE-680 */
void *array_new_zeroed(size_t count, size_t elem)
{
    return calloc(count, elem);
}
