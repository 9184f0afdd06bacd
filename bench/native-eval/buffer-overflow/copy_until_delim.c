/* Parses "key=value" pairs of a URL query string. */
#include <stddef.h>
#include <string.h>

#define KEY_MAX 32

struct pair {
    char key[KEY_MAX];
    const char *value;
};

/* BAD: CWE-121 */
const char *parse_pair(const char *p, struct pair *out)
{
    size_t i = 0;
    while (*p != '\0' && *p != '=' && *p != '&') {
        out->key[i++] = *p++; /* FLAW: CWE-121 */
    }
    out->key[i] = '\0';
    out->value = (*p == '=') ? p + 1 : NULL;
    return p;
}

/* GOOD: CWE-121 */
const char *parse_pair_bounded(const char *p, struct pair *out)
{
    size_t i = 0;
    while (*p != '\0' && *p != '=' && *p != '&') {
        if (i + 1 >= sizeof out->key)
            return NULL;
        out->key[i++] = *p++;
    }
    out->key[i] = '\0';
    out->value = (*p == '=') ? p + 1 : NULL;
    return p;
}
