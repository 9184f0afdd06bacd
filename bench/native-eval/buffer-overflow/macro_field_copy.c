/* vCard exporter: copies parsed fields into a fixed record through helper macros. */
#include <stdio.h>
#include <string.h>

#define FIELD_LEN 48
#define COPY_FIELD(dst, src) strcpy((dst), (src))
#define COPY_FIELD_BOUNDED(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

typedef struct {
    char given[FIELD_LEN];
    char family[FIELD_LEN];
    char org[FIELD_LEN];
} vcard_t;

/* BAD: CWE-120 */
void vcard_fill(vcard_t *card, const char *given, const char *family)
{
    COPY_FIELD(card->given, given); /* FLAW: CWE-120 */
    COPY_FIELD(card->family, family); /* FLAW: CWE-120 */
    card->org[0] = '\0';
}

/* GOOD: CWE-120 */
void vcard_fill_bounded(vcard_t *card, const char *given, const char *family)
{
    COPY_FIELD_BOUNDED(card->given, given);
    COPY_FIELD_BOUNDED(card->family, family);
    card->org[0] = '\0';
}
