/* Worker pool: takes jobs from a shared queue. */
#include <pthread.h>
#include <stddef.h>

struct job {
    struct job *next;
    int kind;
};

struct pool {
    pthread_mutex_t mu;
    struct job *head;
    int stopping;
};

/* BAD: CWE-764 */
struct job *pool_take(struct pool *p)
{
    struct job *j;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        if (p->stopping)
            return NULL; /* FLAW: CWE-764 */
        j = p->head;
        if (j != NULL) {
            p->head = j->next;
            pthread_mutex_unlock(&p->mu);
            return j;
        }
        pthread_mutex_unlock(&p->mu);
    }
}

/* GOOD: CWE-764 */
struct job *pool_take_fixed(struct pool *p)
{
    struct job *j = NULL;
    pthread_mutex_lock(&p->mu);
    if (!p->stopping && p->head != NULL) {
        j = p->head;
        p->head = j->next;
    }
    pthread_mutex_unlock(&p->mu);
    return j;
}
