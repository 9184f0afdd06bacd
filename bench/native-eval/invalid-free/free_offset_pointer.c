/* Trims whitespace from configuration values. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* BAD: CWE-761 */
void value_trim_and_drop(char *value)
{
    while (isspace((unsigned char)*value))
        value++;
    free(value); /* FLAW: CWE-761 */
}

/* GOOD: CWE-761 */
void value_drop(char *value)
{
    char *start = value;
    while (isspace((unsigned char)*value))
        value++;
    free(start);
}
