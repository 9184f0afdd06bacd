/* Tag parser of a music library scanner. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* BAD: CWE-690 */
char *tag_normalize(const char *tag)
{
    char *out = strdup(tag);
    for (char *p = out; *p != '\0'; p++) /* FLAW: CWE-690 */
        *p = (char)tolower((unsigned char)*p);
    return out;
}

/* GOOD: CWE-690 */
char *tag_normalize_checked(const char *tag)
{
    char *out = strdup(tag);
    if (out == NULL)
        return NULL;
    for (char *p = out; *p != '\0'; p++)
        *p = (char)tolower((unsigned char)*p);
    return out;
}
