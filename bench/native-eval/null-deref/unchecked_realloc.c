/* Event buffer of a tracing library. */
#include <stdint.h>
#include <stdlib.h>

struct event {
    unsigned long ts;
    int id;
};

struct event_buf {
    struct event *ev;
    size_t n, cap;
};

/* BAD: CWE-690 */
void event_push(struct event_buf *b, unsigned long ts, int id)
{
    if (b->n == b->cap) {
        struct event *grown;
        if (b->cap > SIZE_MAX / 2 / sizeof *grown)
            return;
        b->cap = b->cap ? b->cap * 2 : 16;
        grown = realloc(b->ev, b->cap * sizeof *grown);
        b->ev = grown;
    }
    b->ev[b->n].ts = ts; /* FLAW: CWE-690 */
    b->ev[b->n].id = id;
    b->n++;
}

/* GOOD: CWE-690 */
int event_push_checked(struct event_buf *b, unsigned long ts, int id)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        struct event *grown;
        if (cap > SIZE_MAX / sizeof *grown)
            return -1;
        grown = realloc(b->ev, cap * sizeof *grown);
        if (grown == NULL)
            return -1;
        b->ev = grown;
        b->cap = cap;
    }
    b->ev[b->n].ts = ts;
    b->ev[b->n].id = id;
    b->n++;
    return 0;
}
