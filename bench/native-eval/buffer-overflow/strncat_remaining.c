/* Builds a comma-separated list of enabled features for a status page. */
#include <string.h>

#define LIST_LEN 128

static const char *const feature_names[] = {"ipv6", "tls", "compression", "metrics", "tracing"};

/* BAD: CWE-120 */
void list_features(unsigned mask, char out[LIST_LEN])
{
    out[0] = '\0';
    for (unsigned i = 0; i < sizeof feature_names / sizeof feature_names[0]; i++) {
        if (!(mask & (1u << i)))
            continue;
        if (out[0] != '\0')
            strncat(out, ",", LIST_LEN);
        strncat(out, feature_names[i], LIST_LEN); /* FLAW: CWE-120 */
    }
}

/* GOOD: CWE-120 */
void list_features_bounded(unsigned mask, char out[LIST_LEN])
{
    out[0] = '\0';
    for (unsigned i = 0; i < sizeof feature_names / sizeof feature_names[0]; i++) {
        if (!(mask & (1u << i)))
            continue;
        if (out[0] != '\0')
            strncat(out, ",", LIST_LEN - strlen(out) - 1);
        strncat(out, feature_names[i], LIST_LEN - strlen(out) - 1);
    }
}
