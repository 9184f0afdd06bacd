/* Allocation wrappers of a compiler front end: xmalloc aborts instead of returning NULL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (p == NULL) {
        fputs("out of memory\n", stderr);
        abort();
    }
    return p;
}

#define CHECK_ALLOC(p)                                                                             \
    do {                                                                                           \
        if ((p) == NULL)                                                                           \
            return NULL;                                                                           \
    } while (0)

struct symbol {
    char name[32];
    int kind;
};

/* GOOD: CWE-690 */
struct symbol *symbol_new(const char *name, int kind)
{
    struct symbol *s = xmalloc(sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    s->kind = kind;
    return s;
}

/* GOOD: CWE-690 */
struct symbol *symbol_new_macro(const char *name, int kind)
{
    struct symbol *s = malloc(sizeof *s);
    CHECK_ALLOC(s);
    snprintf(s->name, sizeof s->name, "%s", name);
    s->kind = kind;
    return s;
}

/* BAD: CWE-690 */
struct symbol *symbol_new_raw(const char *name, int kind)
{
    struct symbol *s = malloc(sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name); /* FLAW: CWE-690 */
    s->kind = kind;
    return s;
}
