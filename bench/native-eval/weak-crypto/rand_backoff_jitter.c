/* Reconnect logic of a message queue client. */
#include <stdlib.h>
#include <unistd.h>

/* GOOD: CWE-338 */
unsigned backoff_delay_ms(unsigned attempt)
{
    /* jitter only spreads reconnects over time; it protects nothing */
    unsigned base = 100u << (attempt > 6 ? 6 : attempt);
    return base + (unsigned)(rand() % 100);
}

/* BAD: CWE-338 */
unsigned make_reset_code(void)
{
    return 100000u + (unsigned)(rand() % 900000); /* FLAW: CWE-338 */
}

/* GOOD: CWE-338 */
int make_reset_code_secure(unsigned *code)
{
    unsigned v;
    arc4random_buf(&v, sizeof v);
    *code = 100000u + v % 900000u;
    return 0;
}
