/* Connection table of a proxy: closing a connection frees it. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct conn {
    int fd;
    char peer[64];
    unsigned long bytes;
};

static void conn_free(struct conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    free(c);
}

/* BAD: CWE-416 */
void conn_close(struct conn *c)
{
    free(c);
    fprintf(stderr, "closed %s after %lu bytes\n", c->peer, c->bytes); /* FLAW: CWE-416 */
}

/* GOOD: CWE-416 */
void conn_close_logged(struct conn *c)
{
    fprintf(stderr, "closed %s after %lu bytes\n", c->peer, c->bytes);
    conn_free(c);
}

/* GOOD: CWE-416 */
void conn_close_reset(struct conn **slot)
{
    struct conn *c = *slot;
    unsigned long bytes = c->bytes;
    free(c);
    *slot = NULL;
    fprintf(stderr, "closed after %lu bytes\n", bytes);
}
