/* Packet statistics updated from several receive threads. */
#include <pthread.h>
#include <stdint.h>

struct stats {
    pthread_spinlock_t lock;
    uint64_t packets, bytes, errors;
};

/* BAD: CWE-764 */
int stats_add(struct stats *s, int len)
{
    pthread_spin_lock(&s->lock);
    if (len < 0) {
        s->errors++;
        return -1; /* FLAW: CWE-764 */
    }
    s->packets++;
    s->bytes += (uint64_t)len;
    pthread_spin_unlock(&s->lock);
    return 0;
}

/* GOOD: CWE-764 */
int stats_add_fixed(struct stats *s, int len)
{
    pthread_spin_lock(&s->lock);
    if (len < 0) {
        s->errors++;
        pthread_spin_unlock(&s->lock);
        return -1;
    }
    s->packets++;
    s->bytes += (uint64_t)len;
    pthread_spin_unlock(&s->lock);
    return 0;
}
