/* Packet pool of a network stack. */
#include <stdlib.h>

struct pkt {
    unsigned len;
    unsigned char data[1500];
};

struct pool {
    struct pkt slots[8];
    unsigned used;
};

/* BAD: CWE-590 */
void pool_release(struct pool *p, unsigned i)
{
    free(&p->slots[i]); /* FLAW: CWE-590 */
    p->used &= ~(1u << i);
}

/* GOOD: CWE-590 */
void pool_release_fixed(struct pool *p, unsigned i)
{
    p->slots[i].len = 0;
    p->used &= ~(1u << i);
}

/* BAD: CWE-590 */
void counter_reset(void)
{
    static int counter;
    counter = 0;
    free(&counter); /* FLAW: CWE-590 */
}

/* GOOD: CWE-590 */
void pkt_free(struct pkt *heap_pkt)
{
    free(heap_pkt);
}
