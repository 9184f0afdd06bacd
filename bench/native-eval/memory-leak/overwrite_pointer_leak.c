/* HTTP client: follows one redirect. */
#include <stdlib.h>
#include <string.h>

char *fetch_location(const char *url); /* returns a malloc()ed URL or NULL */

/* BAD: CWE-401 */
char *resolve_redirect(const char *url)
{
    char *target = fetch_location(url);
    if (target == NULL)
        return NULL;
    target = fetch_location(target); /* FLAW: CWE-401 */
    return target;
}

/* GOOD: CWE-401 */
char *resolve_redirect_fixed(const char *url)
{
    char *first = fetch_location(url);
    char *second;
    if (first == NULL)
        return NULL;
    second = fetch_location(first);
    free(first);
    return second;
}
