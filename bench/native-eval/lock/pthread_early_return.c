/* Thread-safe counter table of a rate limiter. */
#include <pthread.h>
#include <string.h>

#define BUCKETS 64

struct limiter {
    pthread_mutex_t lock;
    unsigned hits[BUCKETS];
    unsigned limit;
};

/* BAD: CWE-764 */
int limiter_hit(struct limiter *l, unsigned key)
{
    pthread_mutex_lock(&l->lock);
    if (l->hits[key % BUCKETS] >= l->limit)
        return -1; /* FLAW: CWE-764 */
    l->hits[key % BUCKETS]++;
    pthread_mutex_unlock(&l->lock);
    return 0;
}

/* GOOD: CWE-764 */
int limiter_hit_fixed(struct limiter *l, unsigned key)
{
    int rc = 0;
    pthread_mutex_lock(&l->lock);
    if (l->hits[key % BUCKETS] >= l->limit)
        rc = -1;
    else
        l->hits[key % BUCKETS]++;
    pthread_mutex_unlock(&l->lock);
    return rc;
}

/* GOOD: CWE-764 */
void limiter_reset(struct limiter *l)
{
    pthread_mutex_lock(&l->lock);
    memset(l->hits, 0, sizeof l->hits);
    pthread_mutex_unlock(&l->lock);
}
