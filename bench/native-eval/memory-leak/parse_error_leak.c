/* INI-style configuration reader. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct setting {
    char *key;
    char *value;
};

/* BAD: CWE-401 */
int parse_setting(const char *line, struct setting *out)
{
    char *copy = strdup(line);
    char *eq;
    if (copy == NULL)
        return -1;
    eq = strchr(copy, '=');
    if (eq == NULL)
        return -1; /* FLAW: CWE-401 */
    *eq = '\0';
    out->key = copy;
    out->value = eq + 1;
    return 0;
}

/* GOOD: CWE-401 */
int parse_setting_fixed(const char *line, struct setting *out)
{
    char *copy = strdup(line);
    char *eq;
    if (copy == NULL)
        return -1;
    eq = strchr(copy, '=');
    if (eq == NULL) {
        free(copy);
        return -1;
    }
    *eq = '\0';
    out->key = copy;
    out->value = eq + 1;
    return 0;
}
