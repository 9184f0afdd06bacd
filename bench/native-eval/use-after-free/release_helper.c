/* Buffer pool of a storage engine: releasing a page returns it to the allocator. */
#include <stdlib.h>
#include <string.h>

struct page {
    unsigned id;
    int dirty;
    unsigned char data[4096];
};

void write_back(unsigned id, const unsigned char *data);

static void page_release(struct page *p)
{
    memset(p->data, 0, sizeof p->data);
    free(p);
}

/* BAD: CWE-416 */
void page_evict(struct page *p)
{
    page_release(p);
    if (p->dirty) /* FLAW: CWE-416 */
        write_back(p->id, p->data);
}

/* GOOD: CWE-416 */
void page_evict_fixed(struct page *p)
{
    if (p->dirty)
        write_back(p->id, p->data);
    page_release(p);
}
