/* User profile cache of a chat server. */
#include <stdlib.h>
#include <string.h>

struct profile {
    char *nick;
    char *status;
};

static void profile_clear(struct profile *p)
{
    free(p->nick);
    free(p->status);
}

/* BAD: CWE-415 */
void profile_destroy(struct profile *p)
{
    profile_clear(p);
    free(p->nick); /* FLAW: CWE-415 */
    free(p);
}

/* GOOD: CWE-415 */
void profile_destroy_fixed(struct profile *p)
{
    profile_clear(p);
    p->nick = NULL;
    p->status = NULL;
    free(p);
}

/* BAD: CWE-415 */
int profile_set_nick(struct profile *p, const char *nick)
{
    char *copy = strdup(nick);
    if (copy == NULL)
        return -1;
    free(p->nick);
    if (strlen(copy) > 32) {
        free(copy);
        free(p->nick); /* FLAW: CWE-415 */
        p->nick = NULL;
        return -1;
    }
    p->nick = copy;
    return 0;
}

/* GOOD: CWE-415 */
int profile_set_nick_fixed(struct profile *p, const char *nick)
{
    char *copy;
    if (strlen(nick) > 32)
        return -1;
    copy = strdup(nick);
    if (copy == NULL)
        return -1;
    free(p->nick);
    p->nick = copy;
    return 0;
}
