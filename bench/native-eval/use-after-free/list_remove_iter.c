/* Timer list of an event loop. */
#include <stdlib.h>

struct timer {
    struct timer *next;
    long deadline;
    void (*fire)(void *);
    void *arg;
};

/* BAD: CWE-416 */
void timers_expire(struct timer **head, long now)
{
    struct timer *t;
    for (t = *head; t != NULL; t = t->next) { /* FLAW: CWE-416 */
        if (t->deadline <= now) {
            t->fire(t->arg);
            *head = t->next;
            free(t);
        }
    }
}

/* GOOD: CWE-416 */
void timers_expire_safe(struct timer **head, long now)
{
    struct timer *t = *head;
    struct timer *next;
    while (t != NULL && t->deadline <= now) {
        next = t->next;
        t->fire(t->arg);
        free(t);
        t = next;
    }
    *head = t;
}
