/* Command dispatcher of an admin socket. */
#include <string.h>

int do_reload(void);
int do_stop(void);

/* BAD: CWE-597 */
int dispatch(const char *cmd)
{
    if (cmd == "reload") /* FLAW: CWE-597 */
        return do_reload();
    if (cmd == "stop") /* FLAW: CWE-597 */
        return do_stop();
    return -1;
}

/* GOOD: CWE-597 */
int dispatch_fixed(const char *cmd)
{
    if (strcmp(cmd, "reload") == 0)
        return do_reload();
    if (strcmp(cmd, "stop") == 0)
        return do_stop();
    return -1;
}

/* GOOD: CWE-597 */
int is_same_buffer(const char *a, const char *b)
{
    /* identity on purpose: callers ask whether two views share one buffer */
    return a == b;
}
