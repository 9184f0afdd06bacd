/* String helpers: a returned allocation is the caller's to free. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* GOOD: CWE-401 */
char *to_upper_copy(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(n + 1);
    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)toupper((unsigned char)s[i]);
    out[n] = '\0';
    return out;
}

/* BAD: CWE-401 */
size_t upper_length(const char *s)
{
    char *up = to_upper_copy(s);
    if (up == NULL)
        return 0;
    return strlen(up); /* FLAW: CWE-401 */
}

/* GOOD: CWE-401 */
size_t upper_length_fixed(const char *s)
{
    char *up = to_upper_copy(s);
    size_t n;
    if (up == NULL)
        return 0;
    n = strlen(up);
    free(up);
    return n;
}
