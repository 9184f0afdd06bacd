/* Token list of a shell-like command parser. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct tokens {
    char **items;
    size_t count;
    size_t cap;
};

/* BAD: CWE-416 */
int tokens_push_first_alias(struct tokens *t, char *tok)
{
    char **first = t->items;
    char **grown;
    if (t->cap > SIZE_MAX / 2 / sizeof *grown)
        return -1;
    grown = realloc(t->items, (t->cap * 2) * sizeof *grown);
    if (grown == NULL)
        return -1;
    t->items = grown;
    t->cap *= 2;
    t->items[t->count++] = tok;
    return first[0] != NULL && strcmp(first[0], tok) == 0; /* FLAW: CWE-416 */
}

/* GOOD: CWE-416 */
int tokens_push(struct tokens *t, char *tok)
{
    char **grown;
    if (t->cap > SIZE_MAX / 2 / sizeof *grown)
        return -1;
    grown = realloc(t->items, (t->cap * 2) * sizeof *grown);
    if (grown == NULL)
        return -1;
    t->items = grown;
    t->cap *= 2;
    t->items[t->count++] = tok;
    return t->items[0] != NULL && strcmp(t->items[0], tok) == 0;
}
