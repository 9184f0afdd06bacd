/* Header handling of an HTTP proxy. */
#include <string.h>
#include <strings.h>

struct header {
    const char *name;
    const char *value;
};

static const char CONNECTION[] = "Connection";

/* BAD: CWE-597 */
int is_hop_by_hop(const struct header *h)
{
    return h->name == CONNECTION || h->name == "Keep-Alive"; /* FLAW: CWE-597 */
}

/* GOOD: CWE-597 */
int is_hop_by_hop_fixed(const struct header *h)
{
    return strcasecmp(h->name, CONNECTION) == 0 || strcasecmp(h->name, "Keep-Alive") == 0;
}
