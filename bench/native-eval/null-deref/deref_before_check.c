/* Request routing of an embedded web UI. */
#include <string.h>
#include <stddef.h>

struct route {
    const char *prefix;
    int (*handler)(const char *path);
};

/* BAD: CWE-476 */
int route_dispatch(const struct route *r, const char *path)
{
    size_t n = strlen(r->prefix); /* FLAW: CWE-476 */
    if (r == NULL || path == NULL)
        return -1;
    if (strncmp(path, r->prefix, n) != 0)
        return 0;
    return r->handler(path + n);
}

/* GOOD: CWE-476 */
int route_dispatch_fixed(const struct route *r, const char *path)
{
    size_t n;
    if (r == NULL || path == NULL)
        return -1;
    n = strlen(r->prefix);
    if (strncmp(path, r->prefix, n) != 0)
        return 0;
    return r->handler(path + n);
}
