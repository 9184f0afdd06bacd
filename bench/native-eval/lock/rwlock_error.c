/* Read-mostly DNS cache. */
#include <pthread.h>
#include <string.h>

struct dns_entry {
    char name[64];
    unsigned addr;
};

struct dns_cache {
    pthread_rwlock_t lock;
    struct dns_entry entries[128];
    int count;
};

/* BAD: CWE-667 */
int dns_lookup(struct dns_cache *c, const char *name, unsigned *addr)
{
    pthread_rwlock_rdlock(&c->lock);
    for (int i = 0; i < c->count; i++) {
        if (strcmp(c->entries[i].name, name) == 0) {
            *addr = c->entries[i].addr;
            return 0; /* FLAW: CWE-667 */
        }
    }
    pthread_rwlock_unlock(&c->lock);
    return -1;
}

/* GOOD: CWE-667 */
int dns_lookup_fixed(struct dns_cache *c, const char *name, unsigned *addr)
{
    int rc = -1;
    pthread_rwlock_rdlock(&c->lock);
    for (int i = 0; i < c->count; i++) {
        if (strcmp(c->entries[i].name, name) == 0) {
            *addr = c->entries[i].addr;
            rc = 0;
            break;
        }
    }
    pthread_rwlock_unlock(&c->lock);
    return rc;
}
