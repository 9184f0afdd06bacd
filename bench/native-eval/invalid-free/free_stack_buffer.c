/* Formats a version banner; small banners stay on the stack. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void emit(const char *s);

/* BAD: CWE-590 */
void banner_print(const char *product, int major, int minor)
{
    char local[64];
    char *text = local;
    size_t need = strlen(product) + 32;
    if (need > sizeof local) {
        text = malloc(need);
        if (text == NULL)
            return;
    }
    snprintf(text, need, "%s %d.%d", product, major, minor);
    emit(text);
    free(text); /* FLAW: CWE-590 */
}

/* GOOD: CWE-590 */
void banner_print_fixed(const char *product, int major, int minor)
{
    char local[64];
    char *text = local;
    size_t need = strlen(product) + 32;
    if (need > sizeof local) {
        text = malloc(need);
        if (text == NULL)
            return;
    }
    snprintf(text, need, "%s %d.%d", product, major, minor);
    emit(text);
    if (text != local)
        free(text);
}
