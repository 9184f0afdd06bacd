/* Text adventure: reads the player's command words. */
#include <stdio.h>
#include <string.h>

struct command {
    char verb[16];
    char noun[16];
};

/* BAD: CWE-120 */
int read_command(struct command *c)
{
    if (scanf("%s %s", c->verb, c->noun) != 2) /* FLAW: CWE-120 */
        return -1;
    return 0;
}

/* GOOD: CWE-120 */
int read_command_bounded(struct command *c)
{
    if (scanf("%15s %15s", c->verb, c->noun) != 2)
        return -1;
    return 0;
}
