/* Counts connected peers of a mesh node. */
#include <stddef.h>
#include <stdint.h>

struct peer {
    uint32_t addr;
    int alive;
};

/* BAD: CWE-190 */
int16_t count_alive(const struct peer *peers, size_t n)
{
    int16_t alive = 0;
    for (size_t i = 0; i < n; i++) {
        if (peers[i].alive)
            alive++; /* FLAW: CWE-190 */
    }
    return alive;
}

/* GOOD: CWE-190 */
size_t count_alive_sized(const struct peer *peers, size_t n)
{
    size_t alive = 0;
    for (size_t i = 0; i < n; i++) {
        if (peers[i].alive)
            alive++;
    }
    return alive;
}
