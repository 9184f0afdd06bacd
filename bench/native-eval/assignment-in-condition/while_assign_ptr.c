/* Walks the attribute list of an XML element. */
#include <string.h>

struct attr {
    struct attr *next;
    const char *name;
    const char *value;
};

/* GOOD: CWE-481 */
const char *attr_find(const struct attr *a, const char *name)
{
    const struct attr *cur = a;
    while (cur) {
        if (strcmp(cur->name, name) == 0)
            return cur->value;
        cur = cur->next;
    }
    return NULL;
}

/* BAD: CWE-481 */
int attr_is_empty(const struct attr *a)
{
    int len;
    if (len = (int)strlen(a->value) == 0) /* FLAW: CWE-481 */
        return 1;
    return len;
}
