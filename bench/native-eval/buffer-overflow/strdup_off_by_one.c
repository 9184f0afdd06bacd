/* Path utilities of a backup tool. */
#include <stdlib.h>
#include <string.h>

/* BAD: CWE-131 */
char *path_join(const char *dir, const char *name)
{
    size_t len = strlen(dir) + strlen(name) + 1;
    char *out = malloc(len); /* FLAW: CWE-131 */
    if (out == NULL)
        return NULL;
    strcpy(out, dir);
    strcat(out, "/");
    strcat(out, name); /* FLAW: CWE-122 */
    return out;
}

/* BAD: CWE-131 */
char *copy_component(const char *name)
{
    char *copy = malloc(strlen(name)); /* FLAW: CWE-131 */
    if (copy == NULL)
        return NULL;
    strcpy(copy, name); /* FLAW: CWE-131 */
    return copy;
}

/* GOOD: CWE-131 */
char *path_join_sized(const char *dir, const char *name)
{
    size_t len = strlen(dir) + 1 + strlen(name) + 1;
    char *out = malloc(len);
    if (out == NULL)
        return NULL;
    strcpy(out, dir);
    strcat(out, "/");
    strcat(out, name);
    return out;
}

/* GOOD: CWE-131 */
char *copy_component_sized(const char *name)
{
    size_t n = strlen(name);
    char *copy = malloc(n + 1);
    if (copy == NULL)
        return NULL;
    memcpy(copy, name, n + 1);
    return copy;
}
