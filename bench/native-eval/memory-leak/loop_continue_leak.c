/* Imports contacts from a vCard-like list. */
#include <stdlib.h>
#include <string.h>

struct contact {
    char *name;
    char *email;
};

int store_contact(const struct contact *c);

/* BAD: CWE-401 */
int import_contacts(const char **names, const char **emails, int n)
{
    int stored = 0;
    for (int i = 0; i < n; i++) {
        struct contact c;
        c.name = strdup(names[i]);
        if (c.name == NULL)
            continue;
        if (strchr(emails[i], '@') == NULL)
            continue; /* FLAW: CWE-401 */
        c.email = (char *)emails[i];
        if (store_contact(&c) == 0)
            stored++;
        free(c.name);
    }
    return stored;
}

/* GOOD: CWE-401 */
int import_contacts_fixed(const char **names, const char **emails, int n)
{
    int stored = 0;
    for (int i = 0; i < n; i++) {
        struct contact c;
        if (strchr(emails[i], '@') == NULL)
            continue;
        c.name = strdup(names[i]);
        if (c.name == NULL)
            continue;
        c.email = (char *)emails[i];
        if (store_contact(&c) == 0)
            stored++;
        free(c.name);
    }
    return stored;
}
