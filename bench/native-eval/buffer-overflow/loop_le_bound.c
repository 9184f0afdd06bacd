/* Histogram of response codes for a monitoring agent. */
#include <stdio.h>

#define BUCKETS 10

struct histogram {
    unsigned counts[BUCKETS];
    unsigned total;
};

/* BAD: CWE-193 */
void histogram_reset(struct histogram *h)
{
    int i;
    for (i = 0; i <= BUCKETS; i++)
        h->counts[i] = 0; /* FLAW: CWE-193 */
    h->total = 0;
}

/* GOOD: CWE-193 */
void histogram_clear(struct histogram *h)
{
    for (int i = 0; i < BUCKETS; i++)
        h->counts[i] = 0;
    h->total = 0;
}

/* GOOD: CWE-193 */
void histogram_print(const struct histogram *h)
{
    for (int i = 0; i <= BUCKETS - 1; i++)
        printf("%d: %u\n", i, h->counts[i]);
}

/* BAD: CWE-193 */
void fill_ramp(int *samples, int n)
{
    int ramp[16];
    for (int i = 0; i <= 16; i++)
        ramp[i] = i * 4; /* FLAW: CWE-193 */
    for (int i = 0; i < n && i < 16; i++)
        samples[i] = ramp[i];
}
